#include "fixtures.hpp"
#include "footprint/geometry/overlap_area.hpp"

#include <cmath>
#include <random>
#include <sstream>

namespace {

double fast_area(fp::GeosContext& ctx, const std::string& a, const std::string& b) {
    const fp::GeomPtr ga = fpt::from_wkt(ctx, a), gb = fpt::from_wkt(ctx, b);
    return fp::OverlapArea(fp::oriented_rings(ctx, ga.get())).with(fp::oriented_rings(ctx, gb.get()));
}

double overlay_area(fp::GeosContext& ctx, const std::string& a, const std::string& b) {
    const fp::GeomPtr ga = fpt::from_wkt(ctx, a), gb = fpt::from_wkt(ctx, b);
    const fp::GeomPtr piece = fp::own(ctx, GEOSIntersection_r(ctx, ga.get(), gb.get()), "intersection");
    return fp::area(ctx, piece.get());
}

// A star-shaped polygon: valid however its radii are drawn.
std::string star_wkt(std::mt19937& random, double cx, double cy, double radius, int points) {
    std::uniform_real_distribution<double> r(0.3 * radius, radius);
    std::ostringstream wkt;
    wkt.precision(17);
    wkt << "POLYGON ((";
    double first_x = 0, first_y = 0;
    for (int i = 0; i < points; ++i) {
        const double angle = 2 * 3.14159265358979323846 * i / points;
        const double d = r(random);
        const double x = cx + d * std::cos(angle), y = cy + d * std::sin(angle);
        if (i == 0) first_x = x, first_y = y;
        wkt << x << ' ' << y << ", ";
    }
    wkt << first_x << ' ' << first_y << "))";
    return wkt.str();
}

} // namespace

TEST_SUITE("overlap area") {

    TEST_CASE("overlapping, nested, equal and apart squares") {
        fp::GeosContext ctx;
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(5, 5, 15, 15)) == doctest::Approx(25));
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(2, 3, 4, 7)) == doctest::Approx(8));
        CHECK(fast_area(ctx, fpt::box_wkt(2, 3, 4, 7), fpt::box_wkt(0, 0, 10, 10)) == doctest::Approx(8));
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(0, 0, 10, 10)) == doctest::Approx(100));
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(20, 0, 30, 10)) == 0);
    }

    TEST_CASE("polygons that only touch overlap by nothing") {
        fp::GeosContext ctx;
        // A shared edge, running the opposite way round each square.
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(10, 0, 20, 10)) == 0);
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(0, 10, 10, 20)) == 0);
        // A shared corner; a part of an edge.
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 10, 10), fpt::box_wkt(10, 10, 20, 20)) == 0);
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 1e5, 1e5), fpt::box_wkt(1e5, 3.25, 2e5, 7.5)) == 0);
        // Far from the origin, as British National Grid coordinates are.
        CHECK(fast_area(ctx, fpt::box_wkt(450000, 200000, 451000, 201000),
                        fpt::box_wkt(451000, 200000, 452000, 201000)) == 0);
    }

    TEST_CASE("edges shared in the same direction count once") {
        fp::GeosContext ctx;
        // The unit square's left half and the whole square share three edges.
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 5, 10), fpt::box_wkt(0, 0, 10, 10)) == doctest::Approx(50));
        // A triangle sharing the square's diagonal with a half of it.
        CHECK(fast_area(ctx, "POLYGON ((0 0, 10 0, 10 10, 0 0))", fpt::box_wkt(0, 0, 10, 10)) == doctest::Approx(50));
        CHECK(fast_area(ctx, "POLYGON ((0 0, 10 0, 10 10, 0 0))", "POLYGON ((0 0, 10 10, 0 10, 0 0))") == 0);
    }

    TEST_CASE("holes, multipolygons and clockwise rings") {
        fp::GeosContext ctx;
        const std::string holed = "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 8 2, 8 8, 2 8, 2 2))";
        CHECK(fast_area(ctx, holed, fpt::box_wkt(0, 0, 10, 10)) == doctest::Approx(64));
        CHECK(fast_area(ctx, holed, fpt::box_wkt(3, 3, 7, 7)) == 0);
        CHECK(fast_area(ctx, holed, fpt::box_wkt(1, 1, 3, 3)) == doctest::Approx(3));
        const std::string clockwise = "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))";
        CHECK(fast_area(ctx, clockwise, fpt::box_wkt(5, 5, 15, 15)) == doctest::Approx(25));
        const std::string two = "MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0)), ((6 6, 10 6, 10 10, 6 10, 6 6)))";
        CHECK(fast_area(ctx, two, fpt::box_wkt(2, 2, 8, 8)) == doctest::Approx(8));
        CHECK(fast_area(ctx, fpt::box_wkt(2, 2, 8, 8), two) == doctest::Approx(8));
    }

    TEST_CASE("an empty polygon overlaps nothing") {
        fp::GeosContext ctx;
        CHECK(fast_area(ctx, "POLYGON EMPTY", fpt::box_wkt(0, 0, 1, 1)) == 0);
        CHECK(fast_area(ctx, fpt::box_wkt(0, 0, 1, 1), "POLYGON EMPTY") == 0);
    }

    TEST_CASE("random star polygons agree with GEOS overlay to 1e-9") {
        fp::GeosContext ctx;
        std::mt19937 random(20161);
        std::uniform_real_distribution<double> shift(-800, 800);
        for (int trial = 0; trial < 300; ++trial) {
            const std::string a = star_wkt(random, 530000, 180000, 1000, 40 + trial % 60);
            const std::string b = star_wkt(random, 530000 + shift(random), 180000 + shift(random), 700, 7 + trial % 90);
            const double expected = overlay_area(ctx, a, b);
            CAPTURE(a);
            CAPTURE(b);
            CHECK(fast_area(ctx, a, b) == doctest::Approx(expected).epsilon(1e-9).scale(1e6));
            CHECK(fast_area(ctx, b, a) == doctest::Approx(expected).epsilon(1e-9).scale(1e6));
        }
    }

} // TEST_SUITE
