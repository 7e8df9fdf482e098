#include "fixtures.hpp"
#include "footprint/geometry/valid_screen.hpp"

#include <cmath>
#include <random>
#include <sstream>

namespace {

bool proved(fp::GeosContext& ctx, const std::string& wkt) {
    const fp::GeomPtr g = fpt::from_wkt(ctx, wkt);
    const bool screen = fp::surely_valid(ctx, g.get());
    // Sound: what the screen proves, GEOS agrees with.
    if (screen) CHECK(GEOSisValid_r(ctx, g.get()) == 1);
    return screen;
}

std::string ring_wkt(const std::vector<std::pair<double, double>>& points) {
    std::ostringstream wkt;
    wkt.precision(17);
    wkt << "POLYGON ((";
    for (const auto& [x, y] : points)
        wkt << x << ' ' << y << ", ";
    wkt << points.front().first << ' ' << points.front().second << "))";
    return wkt.str();
}

} // namespace

TEST_SUITE("validity screen") {

    TEST_CASE("simple rings are proved valid") {
        fp::GeosContext ctx;
        CHECK(proved(ctx, fpt::box_wkt(0, 0, 10, 10)));
        CHECK(proved(ctx, "POLYGON ((0 0, 10 0, 5 8, 0 0))"));
        CHECK(proved(ctx, "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))")); // clockwise
        // Repeated points and straight runs through a vertex are valid.
        CHECK(proved(ctx, "POLYGON ((0 0, 5 0, 5 0, 10 0, 10 10, 0 10, 0 0))"));
        CHECK(proved(ctx, "POLYGON ((450000 200000, 451000 200000, 451000 201000, 450000 201000, 450000 200000))"));
        CHECK(proved(ctx, "MULTIPOLYGON (((0 0, 10 0, 5 8, 0 0)))")); // as GeoPackage layers often hold them
    }

    TEST_CASE("invalid or unusual polygons are left to GEOS") {
        fp::GeosContext ctx;
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"));                       // bow-tie
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 0, 10 10, 5 0, 0 10, 0 0))"));                  // vertex on an edge
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 0, 10 10, 10 20, 10 10, 0 10, 0 0))"));         // spike
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 4 0, 4 4, 2 4, 2 0, 1 0, 1 -3, 0 -3, 0 0))"));     // self-overlap
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 0, 0 0, 0 0))"));                               // collapsed
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 8 2, 8 8, 2 2))")); // a hole
        CHECK_FALSE(proved(ctx, "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))"));
        CHECK_FALSE(proved(ctx, "POLYGON EMPTY"));
    }

    TEST_CASE("a ring that touches itself at a point is left to GEOS") {
        fp::GeosContext ctx;
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 10 0, 10 10, 5 0, 0 10, 0 0))"));
        CHECK_FALSE(proved(ctx, "POLYGON ((0 0, 4 0, 2 2, 4 4, 0 4, 2 2, 0 0))"));
    }

    TEST_CASE("random rings: the screen never proves an invalid one") {
        fp::GeosContext ctx;
        std::mt19937 random(2016);
        std::uniform_real_distribution<double> coordinate(0, 100);
        std::uniform_real_distribution<double> radius(30, 100);
        int proved_stars = 0;
        for (int trial = 0; trial < 400; ++trial) {
            const int n = 3 + trial % 40;
            std::vector<std::pair<double, double>> scattered, star;
            for (int i = 0; i < n; ++i) {
                scattered.push_back({coordinate(random), coordinate(random)});
                const double angle = 2 * 3.14159265358979323846 * i / n;
                const double r = radius(random);
                star.push_back({530000 + r * std::cos(angle), 180000 + r * std::sin(angle)});
            }
            proved(ctx, ring_wkt(scattered)); // mostly self-crossing
            proved_stars += proved(ctx, ring_wkt(star)) ? 1 : 0;
        }
        CHECK(proved_stars == 400); // star-shaped rings are simple
    }

} // TEST_SUITE
