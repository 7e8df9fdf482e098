// The overlay engine weighted by population points.
#include "footprint/overlay/span.hpp"
#include "overlay_fixtures.hpp"

using namespace overlay_fixtures;

TEST_SUITE("overlay weights") {

    namespace {

    // F1 | F2 over U1 (reaching into F2) | U2 (half of F2's east) | U3 (east of
    // every footprint). Points carry population, one on the F1/F2 border.
    struct Weighted {
        fp::PolygonLayer a, b;
    };

    Weighted weighted_layers(fp::GeosContext& ctx) {
        return {fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}}),
                fpt::make_layer(ctx, "ccg",
                                {{"U1", box_wkt(0, 0, 3000, 2000)},
                                 {"U2", box_wkt(3000, 0, 4000, 1000)},
                                 {"U3", box_wkt(4000, 0, 5000, 1000)}})};
    }

    } // namespace

    TEST_CASE("weights: points are summed per piece and reconciled") {
        fpt::TempDir dir;
        const std::string path = dir.file("pop.gpkg");
        fpt::write_points(path, "GPKG", "lsoa_pwc", "EPSG:27700",
                          {{"E01000001", 500, 500, "100"},   // F1, U1
                           {"E01000002", 2000, 1500, "10"},  // F1/F2 border, U1: to F1, once
                           {"E01000003", 2500, 500, "30"},   // F2, U1
                           {"E01000004", 3500, 500, "20"},   // F2, U2
                           {"E01000005", 3500, 1500, "7"},   // F2, no unit
                           {"E01000006", 4500, 500, "3"},    // U3, no footprint
                           {"E01000007", 6000, 6000, "1"}}); // nowhere
        fp::GeosContext ctx;
        const fp::PointLayer points = fp::load_point_layer(ctx, fp::parse_layer_spec(path), {}, "population");
        const Weighted layers = weighted_layers(ctx);
        const fp::Overlay o = overlay(ctx, layers.a, layers.b, {}, &points);
        INFO(describe(o));
        CHECK(o.weighted);
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F2", "U1"}, {"F2", "U2"}});
        CHECK(o.weight_total == 171);
        CHECK(o.weight_outside_a == 4);
        CHECK(o.weight_outside_b == 7);
        double in_pieces = 0;
        for (const auto& p : o.pieces)
            in_pieces += p.weight;
        CHECK(in_pieces == 160);
        CHECK(o.weight_total == doctest::Approx(in_pieces + o.weight_outside_a + o.weight_outside_b));
        CHECK(o.a.weight == std::vector<double>{110, 57});
        CHECK(o.b.weight == std::vector<double>{140, 20, 3});

        const fp::Piece& west = piece(o, "F1", "U1");
        CHECK(west.weight == 110);
        CHECK(west.weight_share_of_a == doctest::Approx(1.0));
        CHECK(west.weight_share_of_b == doctest::Approx(110.0 / 140));
        const fp::Piece& middle = piece(o, "F2", "U1");
        CHECK(middle.weight == 30);
        CHECK(middle.weight_share_of_a == doctest::Approx(30.0 / 57));
        CHECK(middle.weight_share_of_b == doctest::Approx(30.0 / 140));
        CHECK(middle.share_of_b == doctest::Approx(1.0 / 3));
        const fp::Piece& east = piece(o, "F2", "U2");
        CHECK(east.weight == 20);
        CHECK(east.weight_share_of_b == doctest::Approx(1.0));

        CHECK(relation(o, "F1", "U1") == "footprint-within-unit");
        CHECK(relation(o, "F2", "U1") == "split");
        CHECK(relation(o, "F2", "U2") == "unit-within-footprint");
        const auto& f2 = footprint(o, "F2");
        CHECK(f2.whole_units == 1);
        CHECK(f2.index_area == doctest::Approx(0.25));
        CHECK(f2.index_weight == doctest::Approx(20.0 / 57));
        CHECK(f2.outside_share == doctest::Approx(0.25));
        CHECK(footprint(o, "F1").index_weight == 0.0);

        // spanning_units shares by population when weighted.
        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(o.b.codes[rows[0].unit] == "U1");
        REQUIRE(rows[0].shares.size() == 2);
        CHECK(o.a.codes[rows[0].shares[0].footprint] == "F1");
        CHECK(rows[0].shares[0].share == doctest::Approx(110.0 / 140));
        CHECK(rows[0].shares[0].area_share == doctest::Approx(2.0 / 3));
        CHECK(rows[0].shares[0].population_share == doctest::Approx(110.0 / 140));
        CHECK(rows[0].minority_share == doctest::Approx(30.0 / 140));
        CHECK(rows[0].shares[1].area_share == doctest::Approx(1.0 / 3));
    }

    TEST_CASE("weights: a border point pairing units that do not overlap makes a piece of no area") {
        fp::GeosContext ctx;
        // The lower unit code is on the right, so the border point at x = 1000
        // goes to F1 (left) in A but to U-A (right) in B.
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 1000, 1000)}, {"F2", box_wkt(1000, 0, 2000, 1000)}});
        const auto b =
            fpt::make_layer(ctx, "ccg", {{"U-B", box_wkt(0, 0, 1000, 1000)}, {"U-A", box_wkt(1000, 0, 2000, 1000)}});
        const fp::PointLayer points = fpt::make_points({{500, 500, 40}, {1000, 500, 6}, {1500, 500, 50}});
        const fp::Overlay o = overlay(ctx, a, b, {}, &points);
        INFO(describe(o));
        const fp::Piece& border = piece(o, "F1", "U-A");
        CHECK(border.area_m2 == 0.0);
        CHECK(border.weight == 6);
        CHECK(border.sliver);
        CHECK(relation(o, "F1", "U-B") == "equal");
        CHECK(relation(o, "F2", "U-A") == "equal");
        CHECK(o.weight_total == 96);
        double in_pieces = 0;
        for (const auto& p : o.pieces)
            in_pieces += p.weight;
        CHECK(in_pieces == 96);
        CHECK(o.weight_outside_a == 0);
        CHECK(o.weight_outside_b == 0);
    }

    TEST_CASE("weights: a wide piece negligible by area and by population stays a sliver") {
        fp::GeosContext ctx;
        const auto a = big_footprints(ctx);
        const auto b = bulging_units(ctx);
        const fp::PointLayer points = fpt::make_points({{5000, 5000, 100}, {15000, 5000, 1000}});
        const fp::Overlay o = overlay(ctx, a, b, {}, &points);
        INFO(describe(o));
        CHECK(piece(o, "F2", "U1").weight == 0);
        CHECK(piece(o, "F2", "U1").sliver);
        CHECK(relation(o, "F1", "U1") == "equal");
    }

    TEST_CASE("weights: with kept pieces, a wide piece holding a third of a unit's people is material") {
        fp::GeosContext ctx;
        const auto a = big_footprints(ctx);
        const auto b = bulging_units(ctx);
        const fp::PointLayer points = fpt::make_points({{5000, 5000, 100}, {10500, 400, 50}, {15000, 5000, 1000}});
        fp::OverlayOptions options;
        options.keep_pieces = true;
        const fp::Overlay o = overlay(ctx, a, b, options, &points);
        INFO(describe(o));
        const fp::Piece& bulge = piece(o, "F2", "U1");
        CHECK(bulge.share_of_a < fp::default_share_tolerance);
        CHECK(bulge.share_of_b < fp::default_share_tolerance);
        CHECK(bulge.weight_share_of_b == doctest::Approx(50.0 / 150));
        CHECK(wide(bulge, 750));
        CHECK_FALSE(bulge.sliver);
        CHECK(relation(o, "F2", "U1") == "split");
    }

    TEST_CASE("weights: a wide piece material by population but negligible by area is not a sliver") {
        fp::GeosContext ctx;
        const auto a = big_footprints(ctx);
        const auto b = bulging_units(ctx);
        const fp::PointLayer points = fpt::make_points({{5000, 5000, 100}, {10500, 400, 50}, {15000, 5000, 1000}});
        const fp::Overlay o = overlay(ctx, a, b, {}, &points);
        INFO(describe(o));
        const fp::Piece& bulge = piece(o, "F2", "U1");
        CHECK(bulge.weight == 50);
        CHECK(bulge.weight_share_of_b == doctest::Approx(50.0 / 150));
        CHECK_FALSE(bulge.sliver);
        CHECK(wide(bulge, 750));
        CHECK(relation(o, "F2", "U1") == "split");
        CHECK(relation(o, "F1", "U1") == "footprint-within-unit");
    }

} // TEST_SUITE
