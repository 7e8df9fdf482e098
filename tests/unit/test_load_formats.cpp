// load_polygon_layer for each format the issue names, on fixtures written
// at test time: two or three 1 km squares in EPSG:27700, so areas are exact.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/layer.hpp"

#include <geos_c.h>

namespace {

const std::vector<fpt::Feature> squares{
    // Written out of order: units come back sorted by code.
    {"E07000002", "Beta", fpt::box_wkt(1000, 0, 2000, 1000)},
    {"E07000001", "Alpha", fpt::box_wkt(0, 0, 1000, 1000)},
    {"E07000003", "Gamma", fpt::box_wkt(0, 1000, 2000, 1500)},
};

// The squares as read back through DRIVER, stated in EPSG:27700.
void check_squares(const fp::PolygonLayer& layer, fp::GeosContext& ctx, const std::string& driver) {
    CHECK(layer.driver == driver);
    CHECK(layer.source_crs == "EPSG:27700");
    REQUIRE(layer.units.size() == 3);
    CHECK(fpt::codes(layer) == std::vector<std::string>{"E07000001", "E07000002", "E07000003"});
    CHECK(layer.units[0].name == "Alpha");
    CHECK(layer.units[1].name == "Beta");
    CHECK(layer.units[2].name == "Gamma");
    CHECK(layer.units[0].area_m2 == doctest::Approx(1e6));
    CHECK(layer.units[1].area_m2 == doctest::Approx(1e6));
    CHECK(layer.units[2].area_m2 == doctest::Approx(1e6));
    CHECK(layer.total_area_m2() == doctest::Approx(3e6));
    for (const auto& unit : layer.units) {
        CHECK(GEOSisValid_r(ctx, unit.geom.get()) == 1);
        const int type = GEOSGeomTypeId_r(ctx, unit.geom.get());
        CHECK((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON));
    }
    CHECK(layer.fields.code == "LAD16CD");
    CHECK(layer.fields.name == "LAD16NM");
    CHECK(layer.working_crs == "EPSG:27700");
    CHECK(layer.report.features == 3);
    CHECK(layer.report.repaired.empty());
    CHECK(layer.report.empty.empty());
    CHECK(layer.report.merged.empty());
}

fp::PolygonLayer load(fp::GeosContext& ctx, const std::string& spec, const fp::LoadOptions& options = {}) {
    return fp::load_polygon_layer(ctx, fp::parse_layer_spec(spec), options);
}

// Writes the squares to PATH with GDAL's DRIVER, loads them and checks them.
fp::PolygonLayer written_by_gdal(fp::GeosContext& ctx, const std::string& path, const std::string& driver,
                                 const std::string& layer_name) {
    fpt::write_polygons(path, driver, layer_name, "EPSG:27700", squares);
    fp::PolygonLayer layer = load(ctx, path);
    check_squares(layer, ctx, driver);
    return layer;
}

} // namespace

TEST_SUITE("load formats") {

    TEST_CASE("GeoPackage") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.gpkg");
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = written_by_gdal(ctx, path, "GPKG", "lad16");
        CHECK(layer.layer_name == "lad16");
        CHECK(layer.source == path);
    }

    TEST_CASE("ESRI Shapefile") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.shp");
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = written_by_gdal(ctx, path, "ESRI Shapefile", "lad");
        CHECK(layer.layer_name == "lad");
    }

    TEST_CASE("GeoJSON written by GDAL") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        written_by_gdal(ctx, dir.file("lad.geojson"), "GeoJSON", "lad");
    }

    TEST_CASE("GeoJSON written by hand with a crs member") {
        fpt::TempDir dir;
        const std::string path = dir.file("hand.geojson");
        fpt::write_bytes(path, R"({"type": "FeatureCollection", "name": "hand",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
 "features": [
  {"type": "Feature", "properties": {"ccg16cd": "E38000002", "ccg16nm": "Two"},
   "geometry": {"type": "Polygon", "coordinates": [[[1000, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 0]]]}},
  {"type": "Feature", "properties": {"ccg16cd": "E38000001", "ccg16nm": "One"},
   "geometry": {"type": "MultiPolygon", "coordinates": [[[[0, 0], [1000, 0], [1000, 1000], [0, 1000], [0, 0]]],
                                                        [[[0, 2000], [500, 2000], [500, 2500], [0, 2500], [0, 2000]]]]}}
 ]})");
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 2);
        CHECK(fpt::codes(layer) == std::vector<std::string>{"E38000001", "E38000002"});
        CHECK(layer.units[0].name == "One");
        CHECK(layer.units[0].area_m2 == doctest::Approx(1.25e6));
        CHECK(GEOSGetNumGeometries_r(ctx, layer.units[0].geom.get()) == 2);
        CHECK(layer.units[1].area_m2 == doctest::Approx(1e6));
        CHECK(layer.fields.code == "ccg16cd");
        CHECK(layer.fields.name == "ccg16nm");
        CHECK(layer.driver == "GeoJSON");
        CHECK(layer.source_crs == "EPSG:27700");
    }

    TEST_CASE("TopoJSON with shared arcs") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.topojson");
        // Two squares sharing the arc x = 1000; the second ring uses it reversed (~0 = -1).
        fpt::write_bytes(path, R"({"type": "Topology",
 "objects": {"lad16": {"type": "GeometryCollection", "geometries": [
   {"type": "Polygon", "arcs": [[0, 1]], "properties": {"LAD16CD": "E07000001", "LAD16NM": "Alpha"}},
   {"type": "Polygon", "arcs": [[-1, 2]], "properties": {"LAD16CD": "E07000002", "LAD16NM": "Beta"}}]}},
 "arcs": [
   [[1000, 0], [1000, 1000]],
   [[1000, 1000], [0, 1000], [0, 0], [1000, 0]],
   [[1000, 0], [2000, 0], [2000, 1000], [1000, 1000]]]})");
        fp::GeosContext ctx;
        SUBCASE("TopoJSON declares no CRS") {
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "no CRS", "|srs=EPSG:NNNN");
        }
        SUBCASE("with |srs=") {
            const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:27700");
            REQUIRE(layer.units.size() == 2);
            CHECK(fpt::codes(layer) == std::vector<std::string>{"E07000001", "E07000002"});
            CHECK(layer.units[0].name == "Alpha");
            CHECK(layer.units[1].name == "Beta");
            CHECK(layer.units[0].area_m2 == doctest::Approx(1e6));
            CHECK(layer.units[1].area_m2 == doctest::Approx(1e6));
            CHECK(layer.driver == "TopoJSON");
            CHECK(layer.layer_name == "lad16");
            CHECK(layer.source_crs == "EPSG:27700");
            for (const auto& unit : layer.units)
                CHECK(GEOSisValid_r(ctx, unit.geom.get()) == 1);
        }
    }

    TEST_CASE("FlatGeobuf") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        written_by_gdal(ctx, dir.file("lad.fgb"), "FlatGeobuf", "lad");
    }

    TEST_CASE("CSV with a WKT column") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.csv");
        std::string csv = "WKT,LAD16CD,LAD16NM\n";
        for (const auto& f : squares)
            csv += "\"" + f.wkt + "\"," + f.code + "," + f.name + "\n";
        fpt::write_bytes(path, csv);
        fp::GeosContext ctx;
        SUBCASE("CSV has no CRS") {
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "no CRS", "|srs=EPSG:NNNN");
        }
        SUBCASE("|srs= states it") {
            const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:27700");
            check_squares(layer, ctx, "CSV");
        }
        SUBCASE("LoadOptions.assume_srs states it") {
            fp::LoadOptions options;
            options.assume_srs = "EPSG:27700";
            const fp::PolygonLayer layer = load(ctx, path, options);
            check_squares(layer, ctx, "CSV");
        }
        SUBCASE("the spec's |srs= wins over assume_srs") {
            fp::LoadOptions options;
            options.assume_srs = "EPSG:4326";
            const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:27700", options);
            check_squares(layer, ctx, "CSV");
        }
    }

    TEST_CASE("CSV with a lower-case geometry column and a leading-zero code") {
        fpt::TempDir dir;
        const std::string path = dir.file("units.csv");
        fpt::write_bytes(path, "code_cd,geometry\r\n01234,\"" + fpt::box_wkt(0, 0, 100, 100) + "\"\r\n");
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path + "|srs=EPSG:27700");
        REQUIRE(layer.units.size() == 1);
        CHECK(layer.units[0].code == "01234");
        CHECK(layer.units[0].area_m2 == doctest::Approx(1e4));
        CHECK(layer.fields.code == "code_cd");
        CHECK(layer.fields.name.empty());
    }

    TEST_CASE("code and name overrides from the spec and from LoadOptions") {
        fpt::TempDir dir;
        const std::string path = dir.file("odd.gpkg");
        fpt::LayerOptions fields;
        fields.code_field = "ident";
        fields.name_field = "label";
        fpt::write_polygons(path, "GPKG", "odd", "EPSG:27700", squares, fields);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::UsageError, "no code field", "ident", "label");
        const fp::PolygonLayer by_spec = load(ctx, path + "|code=IDENT|name=Label");
        CHECK(by_spec.fields.code == "ident");
        CHECK(by_spec.fields.name == "label");
        CHECK(fpt::codes(by_spec) == std::vector<std::string>{"E07000001", "E07000002", "E07000003"});
        CHECK(by_spec.units[0].name == "Alpha");

        fp::LoadOptions options;
        options.code_field = "ident";
        const fp::PolygonLayer by_option = load(ctx, path, options);
        CHECK(by_option.fields.code == "ident");
        CHECK(by_option.fields.name.empty());
        CHECK(by_option.units[0].name.empty());

        options.code_field = "nosuch";
        const fp::PolygonLayer spec_wins = load(ctx, path + "|code=ident", options);
        CHECK(spec_wins.fields.code == "ident");
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path, options), fp::UsageError, "nosuch");
    }

    TEST_CASE("progress is reported") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", squares);
        fp::GeosContext ctx;
        fp::LoadOptions options;
        std::size_t last_done = 0, last_total = 0, calls = 0;
        options.progress = [&](std::size_t done, std::size_t total) {
            ++calls;
            last_done = done;
            last_total = total;
        };
        load(ctx, path, options);
        CHECK(calls >= 1);
        CHECK(last_done == 3);
        CHECK(last_total == 3);
    }

} // TEST_SUITE
