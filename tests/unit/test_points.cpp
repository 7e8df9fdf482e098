// Point layers with weights (load_point_layer) and locating points in units
// (locate_points), on fixtures written with GDAL in EPSG:27700.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/points.hpp"

namespace {

using fpt::box_wkt;

fp::PointLayer load_points(fp::GeosContext& ctx, const std::string& spec, const std::string& weight_field) {
    return fp::load_point_layer(ctx, fp::parse_layer_spec(spec), fp::LoadOptions{}, weight_field);
}

// Two 1 km squares side by side, codes chosen so that the lower code is on
// the right: a border point must go to "A-EAST", index 0.
std::vector<fp::Unit> two_squares(fp::GeosContext& ctx) {
    return fpt::make_units(ctx, {{"B-WEST", box_wkt(0, 0, 1000, 1000)}, {"A-EAST", box_wkt(1000, 0, 2000, 1000)}});
}

} // namespace

TEST_SUITE("points") {

    TEST_CASE("load_point_layer reads codes, coordinates and weights from a GeoPackage") {
        fpt::TempDir dir;
        const std::string path = dir.file("pop.gpkg");
        const auto fids = fpt::write_points(
            path, "GPKG", "lsoa_pwc", "EPSG:27700",
            {{"E01000001", 500, 600, "1500"}, {"E01000002", 1500.5, 250.25, "2.5"}, {"E01000003", -10, 99999, "0"}});
        fp::GeosContext ctx;
        const fp::PointLayer layer = load_points(ctx, path, "POPULATION"); // matched ignoring case
        CHECK(layer.source == path);
        CHECK(layer.layer_name == "lsoa_pwc");
        CHECK(layer.weight_field == "population");
        CHECK(layer.fields.code == "LSOA11CD");
        REQUIRE(layer.points.size() == 3);
        CHECK(layer.points[0].fid == fids[0]);
        CHECK(layer.points[0].code == "E01000001");
        CHECK(layer.points[0].x == 500);
        CHECK(layer.points[0].y == 600);
        CHECK(layer.points[0].weight == 1500);
        CHECK(layer.points[1].x == 1500.5);
        CHECK(layer.points[1].y == 250.25);
        CHECK(layer.points[1].weight == 2.5);
        CHECK(layer.points[2].fid == fids[2]);
        CHECK(layer.points[2].weight == 0); // zero is a weight
    }

    TEST_CASE("without a weight field every point weighs 1") {
        fpt::TempDir dir;
        const std::string path = dir.file("sites.gpkg");
        fpt::write_points(path, "GPKG", "sites", "EPSG:27700",
                          {{"S1", 400001, 300002, "40"}, {"S2", 400003, 300004, "7"}});
        fp::GeosContext ctx;
        const fp::PointLayer layer = load_points(ctx, path, "");
        CHECK(layer.weight_field.empty());
        REQUIRE(layer.points.size() == 2);
        CHECK(layer.points[0].weight == 1);
        CHECK(layer.points[1].weight == 1);
    }

    TEST_CASE("load_point_layer refuses a polygon layer") {
        fpt::TempDir dir;
        const std::string path = dir.file("lad.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700", {{"E1", "One", box_wkt(0, 0, 10, 10)}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, ""), fp::InputError, "not a point layer", "Polygon");
    }

    TEST_CASE("load_point_layer refuses a polygon feature in a layer of any geometry type, naming it") {
        fpt::TempDir dir;
        const std::string path = dir.file("mixed.gpkg");
        fpt::LayerOptions options;
        options.geom_type = wkbUnknown;
        const auto fids =
            fpt::write_polygons(path, "GPKG", "mixed", "EPSG:27700",
                                {{"E1", "Point", "POINT (5 5)"}, {"E2", "Square", box_wkt(0, 0, 10, 10)}}, options);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, ""), fp::InputError, "feature " + std::to_string(fids[1]),
                                    "Polygon", "not a point");
    }

    TEST_CASE("a negative weight is refused, naming the feature") {
        fpt::TempDir dir;
        const std::string path = dir.file("neg.gpkg");
        const auto fids = fpt::write_points(path, "GPKG", "pop", "EPSG:27700",
                                            {{"E01000001", 1, 1, "10"}, {"E01000002", 2, 2, "-5"}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, "population"), fp::InputError,
                                    "feature " + std::to_string(fids[1]), "-5", "population");
    }

    TEST_CASE("a weight that is not a number is refused, naming the feature") {
        fpt::TempDir dir;
        const std::string path = dir.file("text.gpkg");
        fpt::PointOptions options;
        options.weight_type = OFTString;
        const auto fids = fpt::write_points(path, "GPKG", "pop", "EPSG:27700",
                                            {{"E01000001", 1, 1, "12"}, {"E01000002", 2, 2, "lots"}}, options);
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, "population"), fp::InputError,
                                    "feature " + std::to_string(fids[1]), "lots");
        // The text weights that are numbers are read.
        const std::string good = dir.file("good.gpkg");
        fpt::write_points(good, "GPKG", "pop", "EPSG:27700", {{"E01000001", 400001, 300001, "12.5"}}, options);
        CHECK(load_points(ctx, good, "population").points.at(0).weight == 12.5);
    }

    TEST_CASE("a point without a weight is refused, naming the feature") {
        fpt::TempDir dir;
        const std::string path = dir.file("null.gpkg");
        const auto fids =
            fpt::write_points(path, "GPKG", "pop", "EPSG:27700", {{"E01000001", 1, 1, "3"}, {"E01000002", 2, 2, ""}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, "population"), fp::InputError,
                                    "feature " + std::to_string(fids[1]));
    }

    TEST_CASE("an unknown weight field is a usage error") {
        fpt::TempDir dir;
        const std::string path = dir.file("pop.gpkg");
        fpt::write_points(path, "GPKG", "pop", "EPSG:27700", {{"E01000001", 1, 1, "3"}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, "residents"), fp::UsageError, "residents");
    }

    TEST_CASE("load_point_layer transforms points to the working CRS") {
        fpt::TempDir dir;
        const std::string path = dir.file("wgs84.gpkg");
        // The origin of the British National Grid: 49N 2W, at 400 000 E,
        // -100 000 N (give or take the datum shift from WGS 84).
        fpt::write_points(path, "GPKG", "sites", "EPSG:4326", {{"S1", -2, 49, "1"}});
        fp::GeosContext ctx;
        const fp::PointLayer layer = load_points(ctx, path, "population");
        REQUIRE(layer.points.size() == 1);
        CHECK(layer.points[0].x == doctest::Approx(400000).epsilon(200.0 / 400000));
        CHECK(layer.points[0].y == doctest::Approx(-100000).epsilon(200.0 / 100000));
    }

    TEST_CASE("load_point_layer needs a CRS, stated or declared") {
        fpt::TempDir dir;
        const std::string path = dir.file("nocrs.gpkg");
        fpt::write_points(path, "GPKG", "sites", "", {{"S1", 450000, 200000, "1"}});
        fp::GeosContext ctx;
        FPT_CHECK_THROWS_CONTAINING(load_points(ctx, path, ""), fp::InputError, "no CRS", "|srs=");
        const fp::PointLayer layer = load_points(ctx, path + "|srs=EPSG:27700", "");
        REQUIRE(layer.points.size() == 1);
        CHECK(layer.points[0].x == 450000);
        CHECK(layer.points[0].y == 200000);
    }

    TEST_CASE("locate_points: inside a unit, outside every unit, and on a shared border") {
        fp::GeosContext ctx;
        const auto units = two_squares(ctx);
        REQUIRE(units[0].code == "A-EAST");
        REQUIRE(units[1].code == "B-WEST");
        const fp::PointLayer points = fpt::make_points({{500, 500, 1},     // west
                                                        {1500, 500, 1},    // east
                                                        {5000, 5000, 1},   // outside
                                                        {1000, 500, 1},    // on the shared border
                                                        {0, 500, 1},       // on the west unit's outer edge
                                                        {1000, 1000, 1}}); // the shared corner
        const fp::PointLocation where = fp::locate_points(ctx, units, points.points);
        REQUIRE(where.unit_of_point.size() == 6);
        CHECK(where.unit_of_point[0] == 1);
        CHECK(where.unit_of_point[1] == 0);
        CHECK(where.unit_of_point[2] == -1);
        CHECK(where.unit_of_point[3] == 0); // the lowest code, not the first drawn
        CHECK(where.unit_of_point[4] == 1); // a unit's own boundary belongs to it
        CHECK(where.unit_of_point[5] == 0);
        CHECK(where.outside == std::vector<std::size_t>{2});
        CHECK(where.ambiguous == std::vector<std::size_t>{3, 5});
    }

    TEST_CASE("locate_points: a point in the hole of a unit is in the unit filling the hole") {
        fp::GeosContext ctx;
        const auto units = fpt::make_units(ctx, {{"A-RING", "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), (1000 "
                                                            "1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"},
                                                 {"B-ISLAND", box_wkt(1000, 1000, 2000, 2000)}});
        const fp::PointLayer points = fpt::make_points({{1500, 1500, 1}, {500, 500, 1}});
        const fp::PointLocation where = fp::locate_points(ctx, units, points.points);
        CHECK(where.unit_of_point == std::vector<long>{1, 0});
        CHECK(where.outside.empty());
        CHECK(where.ambiguous.empty());
    }

    TEST_CASE("locate_points with no units or no points") {
        fp::GeosContext ctx;
        const fp::PointLayer points = fpt::make_points({{1, 1, 1}, {2, 2, 1}});
        const fp::PointLocation nowhere = fp::locate_points(ctx, {}, points.points);
        CHECK(nowhere.unit_of_point == std::vector<long>{-1, -1});
        CHECK(nowhere.outside == std::vector<std::size_t>{0, 1});
        const auto units = two_squares(ctx);
        const fp::PointLocation none = fp::locate_points(ctx, units, {});
        CHECK(none.unit_of_point.empty());
        CHECK(none.outside.empty());
        CHECK(none.ambiguous.empty());
    }

} // TEST_SUITE
