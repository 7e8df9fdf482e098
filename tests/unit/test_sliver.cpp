#include "fixtures.hpp"
#include "footprint/geometry/sliver.hpp"

TEST_SUITE("sliver") {

    TEST_CASE("a 10 m x 1000 m rectangle is 10 m wide") {
        fp::GeosContext ctx;
        const fp::GeomPtr strip = fpt::from_wkt(ctx, fpt::box_wkt(0, 0, 10, 1000));
        CHECK(fp::inscribed_width(ctx, strip.get(), 1.0) == doctest::Approx(10.0).epsilon(0.01));
        CHECK(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{50.0}));
        CHECK(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{10.5}));
        CHECK_FALSE(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{5.0}));
        CHECK_FALSE(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{9.5}));
    }

    TEST_CASE("a thin but long diagonal strip is still a sliver") {
        fp::GeosContext ctx;
        // 10 m wide, about 1400 m long, at 45 degrees: a big bounding box.
        const fp::GeomPtr strip = fpt::from_wkt(ctx, "POLYGON ((0 0, 1000 1000, 1000 1014.142, 0 14.142, 0 0))");
        CHECK(fp::inscribed_width(ctx, strip.get(), 1.0) == doctest::Approx(10.0).epsilon(0.02));
        CHECK(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{50.0}));
    }

    TEST_CASE("the widest part of a multipolygon decides") {
        fp::GeosContext ctx;
        const fp::GeomPtr pieces = fpt::from_wkt(
            ctx, "MULTIPOLYGON (((0 0, 10 0, 10 1000, 0 1000, 0 0)), ((100 0, 300 0, 300 200, 100 200, 100 0)))");
        CHECK(fp::inscribed_width(ctx, pieces.get(), 1.0) == doctest::Approx(200.0).epsilon(0.01));
        CHECK_FALSE(fp::is_sliver(ctx, pieces.get(), fp::SliverTolerance{50.0}));
    }

    TEST_CASE("a small square is a sliver by area alone") {
        fp::GeosContext ctx;
        const fp::GeomPtr square = fpt::from_wkt(ctx, fpt::box_wkt(0, 0, 30, 30));
        CHECK(fp::is_sliver(ctx, square.get(), fp::SliverTolerance{50.0}));
        CHECK_FALSE(fp::is_sliver(ctx, square.get(), fp::SliverTolerance{20.0}));
    }

    TEST_CASE("widths near the tolerance are measured to a tenth of the resolution") {
        fp::GeosContext ctx;
        for (const double w : {45.0, 49.0, 51.0, 55.0}) {
            CAPTURE(w);
            const fp::GeomPtr strip = fpt::from_wkt(ctx, fpt::box_wkt(0, 0, w, 800));
            CHECK(fp::inscribed_width(ctx, strip.get(), 50.0) == doctest::Approx(w).epsilon(5.0 / w));
            CHECK(fp::is_sliver(ctx, strip.get(), fp::SliverTolerance{50.0}) == (w < 50.0));
        }
        // A long thin triangle: the largest disc (46.85 m) touches all three sides.
        const fp::GeomPtr triangle = fpt::from_wkt(ctx, "POLYGON ((0 0, 1000 0, 0 48, 0 0))");
        CHECK(fp::inscribed_width(ctx, triangle.get(), 50.0) == doctest::Approx(46.85).epsilon(5.0 / 46.85));
        CHECK(fp::inscribed_width(ctx, triangle.get(), 1.0) == doctest::Approx(46.85).epsilon(0.1 / 46.85));
    }

    TEST_CASE("empty geometry is a sliver of width 0") {
        fp::GeosContext ctx;
        const fp::GeomPtr empty = fp::empty_polygon(ctx);
        CHECK(fp::inscribed_width(ctx, empty.get(), 1.0) == 0.0);
        CHECK(fp::is_sliver(ctx, empty.get(), fp::SliverTolerance{50.0}));
    }

    TEST_CASE("a disc cover is found deep inside a wide polygon, never in a thin one") {
        fp::GeosContext ctx;
        const fp::GeomPtr square = fpt::from_wkt(ctx, fpt::box_wkt(0, 0, 2000, 2000));
        const fp::GeomPtr cover = fp::disc_cover_inside(ctx, square.get(), 750);
        REQUIRE(cover);
        CHECK(GEOSContains_r(ctx, square.get(), cover.get()) == 1);
        // The octagon holds the disc: it is no smaller than the disc's area.
        CHECK(fp::area(ctx, cover.get()) >= 3.14159 * 375 * 375);
        CHECK(fp::inscribed_width(ctx, cover.get(), 1.0) >= 749);
        const fp::GeomPtr strip = fpt::from_wkt(ctx, fpt::box_wkt(0, 0, 700, 5000));
        CHECK_FALSE(fp::disc_cover_inside(ctx, strip.get(), 750));
        const fp::GeomPtr empty = fpt::from_wkt(ctx, "POLYGON EMPTY");
        CHECK_FALSE(fp::disc_cover_inside(ctx, empty.get(), 750));
    }

} // TEST_SUITE
