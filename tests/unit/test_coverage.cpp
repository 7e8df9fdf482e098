// check_coverage on hand-built coverages of 1 km squares in EPSG:27700.
#include "fixtures.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/overlay/coverage.hpp"

#include <algorithm>
#include <cmath>

namespace {

using fpt::box_wkt;
using Codes = std::vector<std::string>;

fp::CoverageReport check(fp::GeosContext& ctx, const std::vector<std::pair<std::string, std::string>>& units,
                         double width_m = 50.0) {
    const std::vector<fp::Unit> built = fpt::make_units(ctx, units);
    return fp::check_coverage(ctx, built, fp::SliverTolerance{width_m});
}

std::string describe(const fp::CoverageReport& report) {
    std::string text;
    for (const auto& p : report.problems) {
        text += std::string(fp::to_string(p.kind)) + " area " + std::to_string(p.area_m2) + " width " +
                std::to_string(p.width_m) + (p.sliver ? " sliver" : "") + " codes";
        for (const auto& c : p.codes)
            text += " " + c;
        text += "\n";
    }
    return text;
}

// A notched square: the unit square [x0,x1]x[y0,y1] without the corner box
// [cx0,cx1]x[cy0,cy1] that it shares with the hole.
std::string without(const std::string& square, const std::string& cut, fp::GeosContext& ctx) {
    fp::GeomPtr a = fpt::from_wkt(ctx, square);
    fp::GeomPtr b = fpt::from_wkt(ctx, cut);
    fp::GeomPtr d(GEOSDifference_r(ctx, a.get(), b.get()), fp::GeomDeleter{ctx.handle()});
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx);
    char* wkt = GEOSWKTWriter_write_r(ctx, writer, d.get());
    std::string text = wkt;
    GEOSFree_r(ctx, wkt);
    GEOSWKTWriter_destroy_r(ctx, writer);
    return text;
}

} // namespace

TEST_SUITE("coverage") {

    TEST_CASE("a clean 2x2 grid has no problems, though all four meet at one point") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(0, 1000, 1000, 2000)},
                                        {"D", box_wkt(1000, 1000, 2000, 2000)}});
        INFO(describe(report));
        CHECK(report.problems.empty());
        CHECK(report.clean());
        CHECK(report.tolerance.width_m == 50.0);
    }

    TEST_CASE("a grid whose rings start at different vertices and run both ways is clean") {
        fp::GeosContext ctx;
        const auto report =
            check(ctx, {{"A", "POLYGON ((1000 1000, 0 1000, 0 0, 1000 0, 1000 1000))"},               // clockwise
                        {"B", "POLYGON ((2000 0, 2000 1000, 1000 1000, 1000 0, 2000 0))"},            // anticlockwise
                        {"C", "POLYGON ((0 2000, 1000 2000, 1000 1000, 0 1000, 0 2000))"},            // clockwise
                        {"D", "POLYGON ((1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"}}); // anticlockwise
        INFO(describe(report));
        CHECK(report.problems.empty());
    }

    TEST_CASE("a single unit and no units are clean") {
        fp::GeosContext ctx;
        CHECK(check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}}).problems.empty());
        const auto none = fp::check_coverage(ctx, {}, fp::SliverTolerance{});
        CHECK(none.problems.empty());
        CHECK(none.clean());
    }

    TEST_CASE("a 200 m overlap is one material overlap") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"B", box_wkt(800, 0, 1800, 1000)}, {"A", box_wkt(0, 0, 1000, 1000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        const fp::CoverageProblem& p = report.problems[0];
        CHECK(p.kind == fp::CoverageKind::overlap);
        CHECK(p.codes == Codes{"A", "B"});
        CHECK(p.area_m2 == doctest::Approx(200.0 * 1000.0));
        CHECK(p.width_m == doctest::Approx(200.0).epsilon(0.05));
        CHECK_FALSE(p.sliver);
        CHECK(p.x > 800);
        CHECK(p.x < 1000);
        CHECK(p.y > 0);
        CHECK(p.y < 1000);
        REQUIRE(p.geom);
        CHECK(fp::area(ctx, p.geom.get()) == doctest::Approx(200000));
        CHECK_FALSE(report.clean());
        CHECK(report.count(fp::CoverageKind::overlap, false) == 1);
        CHECK(report.count(fp::CoverageKind::gap, false) == 0);
        CHECK(report.area_m2(fp::CoverageKind::overlap, false) == doctest::Approx(200000));
    }

    TEST_CASE("a 1 m overlap is a sliver and the coverage is still clean") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", box_wkt(999, 0, 1999, 1000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        const fp::CoverageProblem& p = report.problems[0];
        CHECK(p.kind == fp::CoverageKind::overlap);
        CHECK(p.codes == Codes{"A", "B"});
        CHECK(p.area_m2 == doctest::Approx(1000.0));
        // 1,000 m2 is less than a disc 50 m across: a sliver without measuring.
        CHECK(std::isnan(p.width_m));
        CHECK(p.sliver);
        CHECK(report.clean());
        CHECK(report.count(fp::CoverageKind::overlap, true) == 1);
        CHECK(report.area_m2(fp::CoverageKind::overlap, true) == doctest::Approx(1000.0));
    }

    TEST_CASE("a long 1 m overlap is measured as 1 m wide, a sliver") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 3000)}, {"B", box_wkt(999, 0, 1999, 3000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        const fp::CoverageProblem& p = report.problems[0];
        CHECK(p.area_m2 == doctest::Approx(3000.0));
        CHECK(p.width_m == doctest::Approx(1.0).epsilon(0.1));
        CHECK(p.sliver);
        CHECK(report.clean());
    }

    TEST_CASE("a 1 m gap between neighbours is a sliver gap") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(1001, 0, 2000, 1000)},
                                        {"C", box_wkt(0, 1000, 2000, 2000)},
                                        {"D", box_wkt(0, -1000, 2000, 0)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        const fp::CoverageProblem& p = report.problems[0];
        CHECK(p.kind == fp::CoverageKind::gap);
        CHECK(p.codes == Codes{"A", "B", "C", "D"});
        CHECK(p.area_m2 == doctest::Approx(1000.0));
        CHECK(p.sliver);
        CHECK(report.clean());
    }

    TEST_CASE("a 300 m hole in the middle of a coverage is one material gap") {
        fp::GeosContext ctx;
        const std::string hole = box_wkt(850, 850, 1150, 1150);
        const auto report = check(ctx, {{"A", without(box_wkt(0, 0, 1000, 1000), hole, ctx)},
                                        {"B", without(box_wkt(1000, 0, 2000, 1000), hole, ctx)},
                                        {"C", without(box_wkt(0, 1000, 1000, 2000), hole, ctx)},
                                        {"D", without(box_wkt(1000, 1000, 2000, 2000), hole, ctx)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        const fp::CoverageProblem& p = report.problems[0];
        CHECK(p.kind == fp::CoverageKind::gap);
        CHECK(p.codes == Codes{"A", "B", "C", "D"});
        CHECK(p.area_m2 == doctest::Approx(300.0 * 300.0));
        CHECK(p.width_m == doctest::Approx(300.0).epsilon(0.05));
        CHECK_FALSE(p.sliver);
        CHECK(p.x > 850);
        CHECK(p.x < 1150);
        CHECK_FALSE(report.clean());
        CHECK(report.count(fp::CoverageKind::gap, false) == 1);
    }

    TEST_CASE("a gap between two units only") {
        fp::GeosContext ctx;
        // A and B leave a 100 m x 400 m bay between them, open to nothing: C closes it.
        const auto report =
            check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                        {"B", "POLYGON ((1000 0, 2000 0, 2000 1000, 1100 1000, 1100 600, 1000 600, 1000 0))"},
                        {"C", box_wkt(0, 1000, 2000, 2000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::gap);
        CHECK(report.problems[0].codes == Codes{"A", "B", "C"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(40000));
        CHECK(report.problems[0].width_m == doctest::Approx(100).epsilon(0.05));
    }

    TEST_CASE("a unit touching a gap at one corner only borders it") {
        fp::GeosContext ctx;
        // A leaves a 100 m notch at the point where all four squares meet: D
        // touches the notch at that point only.
        const auto report = check(ctx, {{"A", "POLYGON ((0 0, 1000 0, 1000 900, 900 900, 900 1000, 0 1000, 0 0))"},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(0, 1000, 1000, 2000)},
                                        {"D", box_wkt(1000, 1000, 2000, 2000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::gap);
        CHECK(report.problems[0].codes == Codes{"A", "B", "C", "D"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(10000));
    }

    TEST_CASE("the space outside the coverage is not a gap") {
        fp::GeosContext ctx;
        // An L of three squares: the missing fourth corner is outside, not a gap.
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(0, 1000, 1000, 2000)}});
        INFO(describe(report));
        CHECK(report.problems.empty());
    }

    TEST_CASE("a T-junction coverage is clean") {
        fp::GeosContext ctx;
        // A's right edge is one segment; B and C meet it in two.
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 2000)},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(1000, 1000, 2000, 2000)}});
        INFO(describe(report));
        CHECK(report.problems.empty());
        CHECK(report.clean());
    }

    TEST_CASE("edges split at different vertices are clean") {
        fp::GeosContext ctx;
        // A's right edge has vertices at 300 and 700, B's left edge at 500.
        const auto report = check(ctx, {{"A", "POLYGON ((0 0, 1000 0, 1000 300, 1000 700, 1000 1000, 0 1000, 0 0))"},
                                        {"B", "POLYGON ((1000 0, 2000 0, 2000 1000, 1000 1000, 1000 500, 1000 0))"}});
        INFO(describe(report));
        CHECK(report.problems.empty());
    }

    TEST_CASE("a unit with a hole filled exactly by another unit is clean") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"OUTER", "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                                                  "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"},
                                        {"INNER", box_wkt(1000, 1000, 2000, 2000)}});
        INFO(describe(report));
        CHECK(report.problems.empty());
        CHECK(report.clean());
    }

    TEST_CASE("an unfilled hole inside one unit is a hole, not a gap") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"RIVERSIDE", "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                                                      "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"},
                                        {"NEXT", box_wkt(3000, 0, 4000, 3000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::hole);
        CHECK(report.problems[0].codes == Codes{"RIVERSIDE"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(1e6));
        CHECK(report.clean());
    }

    TEST_CASE("a unit inside another is an overlap of the inner unit's area") {
        fp::GeosContext ctx;
        const auto report =
            check(ctx, {{"BIG", box_wkt(0, 0, 3000, 3000)}, {"SMALL", box_wkt(1000, 1000, 2000, 2000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[0].codes == Codes{"BIG", "SMALL"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("three units covering one piece") {
        fp::GeosContext ctx;
        const auto report = check(
            ctx,
            {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", box_wkt(500, 0, 1500, 1000)}, {"C", box_wkt(800, 0, 1800, 1000)}});
        INFO(describe(report));
        double triple = 0, ab = 0, bc = 0;
        for (const auto& p : report.problems) {
            CHECK(p.kind == fp::CoverageKind::overlap);
            if (p.codes == Codes{"A", "B", "C"}) triple += p.area_m2;
            if (p.codes == Codes{"A", "B"}) ab += p.area_m2;
            if (p.codes == Codes{"B", "C"}) bc += p.area_m2;
        }
        CHECK(triple == doctest::Approx(200000));
        CHECK(ab == doctest::Approx(300000));
        CHECK(bc == doctest::Approx(500000));
        CHECK(report.problems.size() == 3);
    }

    TEST_CASE("problems are sorted: material first, overlaps before gaps, larger first") {
        fp::GeosContext ctx;
        const std::string hole = box_wkt(4300, 300, 4600, 600);
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(900, 0, 1900, 1000)},  // 100 m overlap with A
                                        {"C", box_wkt(1700, 0, 2700, 1000)}, // 200 m overlap with B
                                        {"D", box_wkt(2699, 0, 3700, 1000)}, // 1 m overlap with C
                                        {"E", without(box_wkt(3700, 0, 4600, 1000), hole, ctx)},
                                        {"F", without(box_wkt(4600, 0, 5600, 1000), hole, ctx)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 4);
        CHECK(report.problems[0].codes == Codes{"B", "C"});
        CHECK(report.problems[1].codes == Codes{"A", "B"});
        CHECK(report.problems[2].kind == fp::CoverageKind::gap);
        CHECK(report.problems[2].codes == Codes{"E", "F"});
        CHECK(report.problems[3].sliver);
        CHECK(report.problems[3].codes == Codes{"C", "D"});
        CHECK(report.count(fp::CoverageKind::overlap, false) == 2);
        CHECK(report.area_m2(fp::CoverageKind::overlap, false) == doctest::Approx(300000));
    }

    TEST_CASE("the sliver tolerance decides what is material") {
        fp::GeosContext ctx;
        const std::vector<std::pair<std::string, std::string>> units{{"A", box_wkt(0, 0, 1000, 1000)},
                                                                     {"B", box_wkt(980, 0, 1980, 1000)}};
        CHECK_FALSE(check(ctx, units, 10.0).clean());
        CHECK(check(ctx, units, 50.0).clean());
    }

    TEST_CASE("coverage of a layer loaded from a GeoPackage") {
        fpt::TempDir dir;
        const std::string path = dir.file("grid.gpkg");
        fpt::write_polygons(path, "GPKG", "lad", "EPSG:27700",
                            {{"A", "", box_wkt(0, 0, 1000, 1000)},
                             {"B", "", box_wkt(1000, 0, 2000, 1000)},
                             {"C", "", box_wkt(0, 1000, 1000, 2000)},
                             {"D", "", box_wkt(800, 1000, 2000, 2000)}},
                            {"LAD16CD", "", wkbPolygon});
        fp::GeosContext ctx;
        const fp::PolygonLayer layer = fp::load_polygon_layer(ctx, fp::parse_layer_spec(path), {});
        const auto report = fp::check_coverage(ctx, layer.units, fp::SliverTolerance{});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].codes == Codes{"C", "D"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(200000));
    }

    TEST_CASE("an empty unit does not disturb the check") {
        fp::GeosContext ctx;
        std::vector<fp::Unit> units =
            fpt::make_units(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", box_wkt(1000, 0, 2000, 1000)}});
        fp::Unit empty;
        empty.code = "C";
        empty.geom = fp::empty_polygon(ctx);
        units.push_back(std::move(empty));
        CHECK(fp::check_coverage(ctx, units, fp::SliverTolerance{}).problems.empty());
    }

    TEST_CASE("two identical units overlap entirely") {
        fp::GeosContext ctx;
        const auto report =
            check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", "POLYGON ((0 0, 0 1000, 1000 1000, 1000 0, 0 0))"}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[0].codes == Codes{"A", "B"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(1e6));
    }

    TEST_CASE("a unit inside another sharing three of its edges") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", box_wkt(500, 0, 1000, 1000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[0].codes == Codes{"A", "B"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(500000));
    }

    TEST_CASE("a hole filled by two units is clean") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"OUTER", "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                                                  "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"},
                                        {"LEFT", box_wkt(1000, 1000, 1500, 2000)},
                                        {"RIGHT", box_wkt(1500, 1000, 2000, 2000)}});
        INFO(describe(report));
        CHECK(report.problems.empty());
    }

    TEST_CASE("a hole half filled by another unit leaves a gap between the two") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"OUTER", "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                                                  "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))"},
                                        {"LEFT", box_wkt(1000, 1000, 1500, 2000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::gap);
        CHECK(report.problems[0].codes == Codes{"LEFT", "OUTER"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(500000));
        CHECK_FALSE(report.clean());
    }

    TEST_CASE("a multipolygon unit whose parts overlap two neighbours") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", "MULTIPOLYGON (((0 0, 1000 0, 1000 1000, 0 1000, 0 0)), "
                                              "((3000 0, 4000 0, 4000 1000, 3000 1000, 3000 0)))"},
                                        {"B", box_wkt(900, 0, 3100, 1000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 2);
        for (const auto& p : report.problems) {
            CHECK(p.kind == fp::CoverageKind::overlap);
            CHECK(p.codes == Codes{"A", "B"});
            CHECK(p.area_m2 == doctest::Approx(100000));
        }
    }

    TEST_CASE("a hair-thin overlap is found and is a sliver") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)}, {"B", box_wkt(999.9995, 0, 2000, 1000)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 1);
        CHECK(report.problems[0].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[0].area_m2 == doctest::Approx(0.5).epsilon(0.01));
        CHECK(report.problems[0].sliver);
        CHECK(report.clean());
    }

    TEST_CASE("a larger grid with shared edges in many directions is clean") {
        fp::GeosContext ctx;
        std::vector<std::pair<std::string, std::string>> cells;
        for (int i = 0; i < 12; ++i)
            for (int j = 0; j < 12; ++j) {
                // Alternate the ring direction and the starting vertex.
                const double x = i * 100.0, y = j * 100.0;
                std::string wkt = (i + j) % 2 == 0
                                      ? box_wkt(x, y, x + 100, y + 100)
                                      : "POLYGON ((" + std::to_string(x + 100) + " " + std::to_string(y + 100) + ", " +
                                            std::to_string(x + 100) + " " + std::to_string(y) + ", " +
                                            std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x) +
                                            " " + std::to_string(y + 100) + ", " + std::to_string(x + 100) + " " +
                                            std::to_string(y + 100) + "))";
                cells.emplace_back("C" + std::to_string(100 + i * 12 + j), wkt);
            }
        const auto report = check(ctx, cells);
        INFO(describe(report));
        CHECK(report.problems.empty());
    }

    TEST_CASE("a unit overlapping two neighbours across their shared border: two overlaps") {
        fp::GeosContext ctx;
        // A and B share x = 1000 exactly, so their edges cancel; D straddles it.
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(800, 1000, 1200, 2000)},
                                        {"D", box_wkt(800, 200, 1200, 600)}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 2);
        CHECK(report.problems[0].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[1].kind == fp::CoverageKind::overlap);
        CHECK(report.problems[0].codes == Codes{"A", "D"});
        CHECK(report.problems[1].codes == Codes{"B", "D"});
        CHECK(report.problems[0].area_m2 == doctest::Approx(80000));
        CHECK(report.problems[1].area_m2 == doctest::Approx(80000));
        CHECK(report.problems[0].width_m == doctest::Approx(200).epsilon(0.05));
    }

    TEST_CASE("an overlap spanning a 2x2 grid's corner splits four ways") {
        fp::GeosContext ctx;
        const auto report = check(ctx, {{"A", box_wkt(0, 0, 1000, 1000)},
                                        {"B", box_wkt(1000, 0, 2000, 1000)},
                                        {"C", box_wkt(0, 1000, 1000, 2000)},
                                        {"D", box_wkt(1000, 1000, 2000, 2000)},
                                        {"X", "POLYGON ((700 1000, 1000 700, 1300 1000, 1000 1300, 700 1000))"}});
        INFO(describe(report));
        REQUIRE(report.problems.size() == 4);
        std::vector<Codes> found;
        for (const auto& p : report.problems) {
            CHECK(p.kind == fp::CoverageKind::overlap);
            CHECK(p.area_m2 == doctest::Approx(45000));
            found.push_back(p.codes);
        }
        std::sort(found.begin(), found.end());
        CHECK(found == std::vector<Codes>{{"A", "X"}, {"B", "X"}, {"C", "X"}, {"D", "X"}});
    }

    TEST_CASE("to_string names the kinds") {
        CHECK(std::string(fp::to_string(fp::CoverageKind::overlap)) == "overlap");
        CHECK(std::string(fp::to_string(fp::CoverageKind::gap)) == "gap");
        CHECK(std::string(fp::to_string(fp::CoverageKind::hole)) == "hole");
    }

} // TEST_SUITE
