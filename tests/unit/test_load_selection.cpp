// Choosing a layer and filtering it, and sources that cannot be opened.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/io/layer.hpp"

#include <filesystem>

namespace {

fp::PolygonLayer load(fp::GeosContext& ctx, const std::string& spec, const fp::LoadOptions& options = {}) {
    return fp::load_polygon_layer(ctx, fp::parse_layer_spec(spec), options);
}

// lad16: three districts; ccg16: two CCGs.
std::string two_layer_gpkg(const fpt::TempDir& dir) {
    const std::string path = dir.file("nhs.gpkg");
    fpt::write_polygons(path, "GPKG", "lad16", "EPSG:27700",
                        {{"E06000001", "Hartlepool", fpt::box_wkt(0, 0, 1000, 1000)},
                         {"E06000002", "Middlesbrough", fpt::box_wkt(1000, 0, 2000, 1000)},
                         {"W06000001", "Isle of Anglesey", fpt::box_wkt(2000, 0, 3000, 1000)}});
    fpt::write_polygons(path, "GPKG", "ccg16", "EPSG:27700",
                        {{"E38000001", "NHS Airedale", fpt::box_wkt(0, 0, 1500, 1000)},
                         {"E38000002", "NHS Ashford", fpt::box_wkt(1500, 0, 3000, 1000)}},
                        {"CCG16CD", "CCG16NM", wkbPolygon});
    return path;
}

} // namespace

TEST_SUITE("load selection") {

    TEST_CASE("a multi-layer GeoPackage needs |layer=") {
        fpt::TempDir dir;
        const std::string path = two_layer_gpkg(dir);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::UsageError, "2 layers", "|layer=", "lad16", "ccg16");

        const fp::PolygonLayer lad = load(ctx, path + "|layer=lad16");
        CHECK(lad.layer_name == "lad16");
        CHECK(lad.units.size() == 3);
        CHECK(lad.fields.code == "LAD16CD");
        const fp::PolygonLayer ccg = load(ctx, path + "|layer=ccg16");
        CHECK(ccg.layer_name == "ccg16");
        CHECK(fpt::codes(ccg) == std::vector<std::string>{"E38000001", "E38000002"});
        CHECK(ccg.units[0].area_m2 == doctest::Approx(1.5e6));
    }

    TEST_CASE("an unknown layer is a usage error listing the layers") {
        fpt::TempDir dir;
        const std::string path = two_layer_gpkg(dir);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|layer=stp17"), fp::UsageError, "no layer 'stp17'", "lad16",
                                    "ccg16");
    }

    TEST_CASE("|where= filters the features") {
        fpt::TempDir dir;
        const std::string path = two_layer_gpkg(dir);
        fp::GeosContext ctx;
        const fp::PolygonLayer english = load(ctx, path + "|layer=lad16|where=LAD16CD LIKE 'E%'");
        CHECK(fpt::codes(english) == std::vector<std::string>{"E06000001", "E06000002"});
        CHECK(english.report.features == 2);
        const fp::PolygonLayer one = load(ctx, path + "|layer=lad16|where=LAD16NM = 'Middlesbrough'");
        CHECK(fpt::codes(one) == std::vector<std::string>{"E06000002"});
        const fp::PolygonLayer none = load(ctx, path + "|layer=lad16|where=LAD16CD = 'nothing'");
        CHECK(none.units.empty());
    }

    TEST_CASE("|where= on a shapefile") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.shp");
        fpt::write_polygons(path, "ESRI Shapefile", "lad", "EPSG:27700",
                            {{"E06000001", "Hartlepool", fpt::box_wkt(0, 0, 1000, 1000)},
                             {"W06000001", "Isle of Anglesey", fpt::box_wkt(2000, 0, 3000, 1000)}});
        fp::GeosContext ctx;
        CHECK(fpt::codes(load(ctx, path + "|where=LAD16CD LIKE 'W%'")) == std::vector<std::string>{"W06000001"});
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|where=NOSUCH = 1"), fp::UsageError, "NOSUCH = 1");
    }

    TEST_CASE("an invalid |where= is a usage error") {
        fpt::TempDir dir;
        const std::string path = two_layer_gpkg(dir);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|layer=lad16|where=LAD16CD =="), fp::UsageError,
                                    "invalid attribute filter", "LAD16CD ==");
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path + "|layer=lad16|where=NOSUCH = 1"), fp::UsageError, "NOSUCH = 1");
    }

    TEST_CASE("a missing file is an input error") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const std::string path = dir.file("absent.gpkg");
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, path, "no such file");
    }

    TEST_CASE("a zero-byte file is an input error") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        const std::string path = dir.file("empty.gpkg");
        fpt::write_bytes(path, "");
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, path, "empty");
    }

    TEST_CASE("a file GDAL cannot read is an input error") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        SUBCASE("text with a GeoPackage extension") {
            const std::string path = dir.file("junk.gpkg");
            fpt::write_bytes(path, "this is not a GeoPackage\n");
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, path);
        }
        SUBCASE("a truncated GeoPackage") {
            const std::string good = dir.file("good.gpkg");
            fpt::write_polygons(good, "GPKG", "lad", "EPSG:27700", {{"E1", "One", fpt::box_wkt(0, 0, 1, 1)}});
            const std::string bytes = fpt::read_bytes(good);
            const std::string path = dir.file("truncated.gpkg");
            fpt::write_bytes(path, bytes.substr(0, 1024));
            CHECK_THROWS_AS(load(ctx, path), fp::InputError);
        }
    }

    TEST_CASE("a directory is an input error") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        SUBCASE("an empty directory") {
            const std::string path = dir.file("folder");
            std::filesystem::create_directory(path);
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, path);
        }
        SUBCASE("a directory of unrelated files") {
            const std::string path = dir.file("docs");
            std::filesystem::create_directory(path);
            fpt::write_bytes(path + "/readme.txt", "hello\n");
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, path);
        }
    }

    TEST_CASE("a directory of one shapefile is read as that layer") {
        fpt::TempDir dir;
        const std::string folder = dir.file("shapes");
        std::filesystem::create_directory(folder);
        fpt::write_polygons(folder + "/lad.shp", "ESRI Shapefile", "lad", "EPSG:27700",
                            {{"E1", "One", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, folder);
        CHECK(layer.layer_name == "lad");
        CHECK(layer.units.size() == 1);
    }

    TEST_CASE("select_layer and field_names") {
        fpt::TempDir dir;
        const std::string path = two_layer_gpkg(dir);
        GDALDatasetUniquePtr ds = fp::open_vector(path);
        REQUIRE(ds);
        OGRLayer& layer = fp::select_layer(*ds, fp::parse_layer_spec(path + "|layer=ccg16"));
        CHECK(std::string(layer.GetName()) == "ccg16");
        CHECK(fp::field_names(*layer.GetLayerDefn()) == std::vector<std::string>{"CCG16CD", "CCG16NM"});
    }

} // TEST_SUITE
