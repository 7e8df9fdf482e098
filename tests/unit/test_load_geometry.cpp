// Invalid, empty and non-polygon geometry, and features sharing a code.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/layer.hpp"

#include <cstdio>
#include <gdal_priv.h>
#include <geos_c.h>
#include <ogrsf_frmts.h>

namespace {

fp::PolygonLayer load(fp::GeosContext& ctx, const std::string& spec, const fp::LoadOptions& options = {}) {
    return fp::load_polygon_layer(ctx, fp::parse_layer_spec(spec), options);
}

// Crosses itself at (500, 500): two triangles of 250 000 m2 each.
const std::string bow_tie = "POLYGON ((0 0, 1000 1000, 1000 0, 0 1000, 0 0))";

} // namespace

TEST_SUITE("load geometry") {

    TEST_CASE("an invalid bow-tie polygon is repaired") {
        fpt::TempDir dir;
        const std::string path = dir.file("bowtie.gpkg");
        const auto fids =
            fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                                {{"E1", "Fine", fpt::box_wkt(2000, 0, 3000, 1000)}, {"E2", "Bow tie", bow_tie}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.report.repaired.size() == 1);
        CHECK(layer.report.repaired[0].fid == fids[1]);
        CHECK(layer.report.repaired[0].code == "E2");
        const fp::Unit* unit = fpt::find_unit(layer, "E2");
        REQUIRE(unit != nullptr);
        CHECK(GEOSisValid_r(ctx, unit->geom.get()) == 1);
        const int type = GEOSGeomTypeId_r(ctx, unit->geom.get());
        CHECK((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON));
        CHECK(unit->area_m2 > 0);
        CHECK(unit->area_m2 == doctest::Approx(500000));
        CHECK(fpt::find_unit(layer, "E1")->area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("a self-touching ring and a polygon with a spike are repaired to polygons") {
        fpt::TempDir dir;
        const std::string path = dir.file("odd.gpkg");
        fpt::write_polygons(
            path, "GPKG", "lad", "EPSG:27700",
            {{"E1", "Spike", "POLYGON ((0 0, 1000 0, 1000 1000, 1000 1500, 1000 1000, 0 1000, 0 0))"},
             {"E2", "Hole outside", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (20 20, 30 20, 30 30, 20 30, 20 20))"}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        CHECK(layer.report.repaired.size() == 2);
        for (const auto& unit : layer.units) {
            CHECK(GEOSisValid_r(ctx, unit.geom.get()) == 1);
            const int type = GEOSGeomTypeId_r(ctx, unit.geom.get());
            CHECK((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON));
        }
        CHECK(fpt::find_unit(layer, "E1")->area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("strict refuses invalid geometry, naming the fid") {
        fpt::TempDir dir;
        const std::string path = dir.file("bowtie.gpkg");
        const auto fids =
            fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                                {{"E1", "Fine", fpt::box_wkt(2000, 0, 3000, 1000)}, {"E2", "Bow tie", bow_tie}});
        fp::GeosContext ctx;
        fp::LoadOptions options;
        options.strict = true;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path, options), fp::InputError, "fid " + std::to_string(fids[1]),
                                    "strict", "Self-intersection");
    }

    TEST_CASE("strict accepts valid geometry") {
        fpt::TempDir dir;
        const std::string path = dir.file("fine.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "Fine", fpt::box_wkt(0, 0, 1000, 1000)}});
        fp::GeosContext ctx;
        fp::LoadOptions options;
        options.strict = true;
        CHECK(load(ctx, path, options).units.size() == 1);
    }

    TEST_CASE("null and empty geometry are reported and give units of area 0") {
        fpt::TempDir dir;
        const std::string path = dir.file("empty.gpkg");
        const auto fids = fpt::write_polygons(
            path, "GPKG", "lad", "EPSG:27700",
            {{"E1", "Fine", fpt::box_wkt(0, 0, 1000, 1000)}, {"E2", "Null", ""}, {"E3", "Empty", "POLYGON EMPTY"}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.report.empty.size() == 2);
        CHECK(layer.report.empty[0].fid == fids[1]);
        CHECK(layer.report.empty[0].code == "E2");
        CHECK(layer.report.empty[1].fid == fids[2]);
        CHECK(layer.report.empty[1].code == "E3");
        CHECK(layer.report.repaired.empty());
        REQUIRE(layer.units.size() == 3);
        for (const char* code : {"E2", "E3"}) {
            const fp::Unit* unit = fpt::find_unit(layer, code);
            REQUIRE(unit != nullptr);
            CHECK(unit->area_m2 == 0);
            REQUIRE(unit->geom);
            CHECK(GEOSisEmpty_r(ctx, unit->geom.get()) == 1);
        }
        CHECK(layer.total_area_m2() == doctest::Approx(1e6));
    }

    TEST_CASE("a point or line layer is not a polygon layer") {
        fpt::TempDir dir;
        fp::GeosContext ctx;
        SUBCASE("point layer") {
            const std::string path = dir.file("points.gpkg");
            fpt::write_polygons(path, "GPKG", "sites", "EPSG:27700", {{"E1", "Site", "POINT (1 2)"}},
                                {"LAD16CD", "LAD16NM", wkbPoint});
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "not a polygon layer", "Point");
        }
        SUBCASE("line layer") {
            const std::string path = dir.file("lines.gpkg");
            fpt::write_polygons(path, "GPKG", "roads", "EPSG:27700", {{"E1", "Road", "LINESTRING (0 0, 1 1)"}},
                                {"LAD16CD", "LAD16NM", wkbLineString});
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "not a polygon layer", "Line String");
        }
        SUBCASE("a point in a layer of unknown geometry type") {
            const std::string path = dir.file("mixed.gpkg");
            const auto fids =
                fpt::write_polygons(path, "GPKG", "mixed", "EPSG:27700",
                                    {{"E1", "Area", fpt::box_wkt(0, 0, 1, 1)}, {"E2", "Site", "POINT (1 2)"}},
                                    {"LAD16CD", "LAD16NM", wkbUnknown});
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "not a polygon layer",
                                        "feature " + std::to_string(fids[1]), "Point");
        }
        SUBCASE("a GeometryCollection holding a line") {
            const std::string path = dir.file("mixedgc.gpkg");
            fpt::write_polygons(
                path, "GPKG", "mixed", "EPSG:27700",
                {{"E1", "Area", "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (0 0, 5 5))"}},
                {"LAD16CD", "LAD16NM", wkbGeometryCollection});
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "not a polygon layer");
        }
        SUBCASE("a table without geometry") {
            const std::string path = dir.file("table.gpkg");
            fpt::write_table(path, "GPKG", "lookup", {"LAD16CD", "LAD16NM"}, {{"E1", "One"}});
            FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "no geometry");
        }
    }

    TEST_CASE("a GeometryCollection of polygons is accepted") {
        fpt::TempDir dir;
        const std::string path = dir.file("gc.gpkg");
        fpt::write_polygons(
            path, "GPKG", "lad", "EPSG:27700",
            {{"E1", "Collection",
              "GEOMETRYCOLLECTION (" + fpt::box_wkt(0, 0, 1000, 1000) + ", " + fpt::box_wkt(2000, 0, 3000, 500) + ")"},
             {"E2", "Plain", fpt::box_wkt(0, 2000, 100, 2100)}},
            {"LAD16CD", "LAD16NM", wkbUnknown});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        const fp::Unit* unit = fpt::find_unit(layer, "E1");
        REQUIRE(unit != nullptr);
        CHECK(unit->area_m2 == doctest::Approx(1.5e6));
        CHECK(GEOSisValid_r(ctx, unit->geom.get()) == 1);
        CHECK(fpt::find_unit(layer, "E2")->area_m2 == doctest::Approx(1e4));
    }

    // GEOS calls a GeometryCollection valid when each part is, even when parts
    // overlap: the unit must become their union, counted once.
    TEST_CASE("a GeometryCollection becomes one polygonal unit, overlaps counted once") {
        fpt::TempDir dir;
        const std::string path = dir.file("gc.gpkg");
        fpt::write_polygons(
            path, "GPKG", "lad", "EPSG:27700",
            {{"E1", "Collection",
              "GEOMETRYCOLLECTION (" + fpt::box_wkt(0, 0, 1000, 1000) + ", " + fpt::box_wkt(500, 0, 1500, 1000) + ")"}},
            {"LAD16CD", "LAD16NM", wkbUnknown});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 1);
        const int type = GEOSGeomTypeId_r(ctx, layer.units[0].geom.get());
        CHECK((type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON));
        CHECK(layer.units[0].area_m2 == doctest::Approx(1.5e6));
    }

    TEST_CASE("a curved polygon is linearised") {
        fpt::TempDir dir;
        const std::string path = dir.file("curve.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                            {{"E1", "Disc", "CURVEPOLYGON (CIRCULARSTRING (0 0, 1000 0, 0 0))"}},
                            {"LAD16CD", "LAD16NM", wkbCurvePolygon});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 1);
        const double pi = 3.14159265358979323846;
        CHECK(layer.units[0].area_m2 == doctest::Approx(pi * 500 * 500).epsilon(0.01));
    }

    TEST_CASE("features sharing a code are merged into one unit") {
        fpt::TempDir dir;
        const std::string path = dir.file("dup.gpkg");
        // E2's two features overlap by 500 m x 1000 m; its area is their union.
        const auto fids = fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                                              {{"E2", "Twice", fpt::box_wkt(0, 0, 1000, 1000)},
                                               {"E1", "Once", fpt::box_wkt(0, 5000, 1000, 6000)},
                                               {"E2", "Twice", fpt::box_wkt(500, 0, 1500, 1000)}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        CHECK(layer.report.features == 3);
        REQUIRE(layer.units.size() == 2);
        CHECK(fpt::codes(layer) == std::vector<std::string>{"E1", "E2"});
        REQUIRE(layer.report.merged.size() == 1);
        CHECK(layer.report.merged[0].code == "E2");
        CHECK(layer.report.merged[0].fids == std::vector<std::int64_t>{fids[0], fids[2]});
        const fp::Unit* unit = fpt::find_unit(layer, "E2");
        CHECK(unit->name == "Twice");
        CHECK(unit->area_m2 == doctest::Approx(1.5e6));
        CHECK(GEOSisValid_r(ctx, unit->geom.get()) == 1);
        CHECK(layer.total_area_m2() == doctest::Approx(2.5e6));
    }

    TEST_CASE("disjoint duplicates make a multipolygon, an empty duplicate adds nothing") {
        fpt::TempDir dir;
        const std::string path = dir.file("dup.gpkg");
        const auto fids = fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                                              {{"E1", "Main", fpt::box_wkt(0, 0, 1000, 1000)},
                                               {"E1", "Island", fpt::box_wkt(5000, 0, 5100, 100)},
                                               {"E1", "Nothing", ""}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 1);
        CHECK(layer.units[0].area_m2 == doctest::Approx(1.01e6));
        CHECK(GEOSGetNumGeometries_r(ctx, layer.units[0].geom.get()) == 2);
        REQUIRE(layer.report.merged.size() == 1);
        CHECK(layer.report.merged[0].fids == std::vector<std::int64_t>{fids[0], fids[1], fids[2]});
        CHECK(layer.report.empty.size() == 1);
    }

    TEST_CASE("duplicates that are all empty give one empty unit") {
        fpt::TempDir dir;
        const std::string path = dir.file("dup.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "A", ""}, {"E1", "B", "POLYGON EMPTY"}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 1);
        CHECK(layer.units[0].area_m2 == 0);
        CHECK(layer.report.merged.size() == 1);
    }

    TEST_CASE("an empty code is an input error naming the fids") {
        fpt::TempDir dir;
        const std::string path = dir.file("nocode.gpkg");
        const auto fids = fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                                              {{"E1", "Fine", fpt::box_wkt(0, 0, 1, 1)},
                                               {"", "Blank", fpt::box_wkt(0, 0, 1, 1)},
                                               {"   ", "Spaces", fpt::box_wkt(0, 0, 1, 1)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "empty code", "LAD16CD",
                                    "fid " + std::to_string(fids[1]) + ", " + std::to_string(fids[2]));
    }

    TEST_CASE("a null code is an empty code") {
        fpt::TempDir dir;
        const std::string path = dir.file("nullcode.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "Fine", fpt::box_wkt(0, 0, 1, 1)}});
        {
            GDALAllRegister();
            GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE);
            REQUIRE(ds != nullptr);
            OGRLayer* layer = ds->GetLayer(0);
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetFieldNull(feature.GetFieldIndex("LAD16CD"));
            REQUIRE(layer->CreateFeature(&feature) == OGRERR_NONE);
            GDALClose(ds);
        }
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load(ctx, path), fp::InputError, "empty code", "fid 2");
    }

    TEST_CASE("codes and names are trimmed") {
        fpt::TempDir dir;
        const std::string path = dir.file("spaces.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                            {{"  E1 ", " Padded\t", fpt::box_wkt(0, 0, 1000, 1000)},
                             {"E1", "Plain", fpt::box_wkt(1000, 0, 2000, 1000)},
                             {"\tE2\r\n", "Tabbed", fpt::box_wkt(0, 1000, 1000, 2000)}});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        CHECK(fpt::codes(layer) == std::vector<std::string>{"E1", "E2"});
        CHECK(fpt::find_unit(layer, "E1")->name == "Padded");
        CHECK(fpt::find_unit(layer, "E1")->area_m2 == doctest::Approx(2e6));
        REQUIRE(layer.report.merged.size() == 1);
        CHECK(layer.report.merged[0].code == "E1");
    }

    TEST_CASE("many features load in parallel and stay in order") {
        fpt::TempDir dir;
        const std::string path = dir.file("grid.gpkg");
        std::vector<fpt::Feature> features;
        for (int i = 0; i < 300; ++i) {
            char code[16];
            std::snprintf(code, sizeof code, "E%05d", 299 - i);
            const double x = (i % 20) * 100.0, y = (i / 20) * 100.0;
            features.push_back({code, "",
                                i % 7 == 0 ? "POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " +
                                                 std::to_string(x + 100) + " " + std::to_string(y + 100) + ", " +
                                                 std::to_string(x + 100) + " " + std::to_string(y) + ", " +
                                                 std::to_string(x) + " " + std::to_string(y + 100) + ", " +
                                                 std::to_string(x) + " " + std::to_string(y) + "))"
                                           : fpt::box_wkt(x, y, x + 100, y + 100)});
        }
        fpt::write_polygons(path, "GPKG", "grid", "EPSG:27700", features, {"CELLCD", "", wkbPolygon});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = load(ctx, path);
        REQUIRE(layer.units.size() == 300);
        CHECK(layer.units.front().code == "E00000");
        CHECK(layer.units.back().code == "E00299");
        CHECK(layer.report.repaired.size() == 43); // every seventh is a bow tie
        for (const auto& unit : layer.units)
            CHECK(GEOSisValid_r(ctx, unit.geom.get()) == 1);
        CHECK(layer.total_area_m2() == doctest::Approx(257 * 1e4 + 43 * 0.5e4));
    }

} // TEST_SUITE
