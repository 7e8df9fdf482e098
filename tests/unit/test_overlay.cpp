// The overlay engine (overlay_layers) on hand-built coverages in EPSG:27700
// whose answers are known.
#include "footprint/overlay/span.hpp"
#include "overlay_fixtures.hpp"

#include <cmath>
#include <limits>

using namespace overlay_fixtures;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

} // namespace

TEST_SUITE("overlay") {

    TEST_CASE("overlay: identical squares loaded from GeoPackages are equal") {
        fpt::TempDir dir;
        const std::string stp = dir.file("stp.gpkg"), ccg = dir.file("ccg.gpkg");
        fpt::LayerOptions stp_fields;
        stp_fields.code_field = "STP17CD";
        stp_fields.name_field = "STP17NM";
        fpt::write_polygons(stp, "GPKG", "stp17", "EPSG:27700", {{"E54000001", "Cumbria", box_wkt(0, 0, 1000, 1000)}},
                            stp_fields);
        fpt::LayerOptions ccg_fields;
        ccg_fields.code_field = "CCG16CD";
        ccg_fields.name_field = "CCG16NM";
        fpt::write_polygons(ccg, "GPKG", "ccg16", "EPSG:27700",
                            {{"E38000041", "NHS Cumbria", box_wkt(0, 0, 1000, 1000)}}, ccg_fields);
        fp::GeosContext ctx;
        const auto a = fp::load_polygon_layer(ctx, fp::parse_layer_spec(stp), {});
        const auto b = fp::load_polygon_layer(ctx, fp::parse_layer_spec(ccg), {});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(o.a.source == stp + "|layer=stp17");
        CHECK(o.b.source == ccg + "|layer=ccg16");
        CHECK(o.a.codes == std::vector<std::string>{"E54000001"});
        CHECK(o.a.names == std::vector<std::string>{"Cumbria"});
        CHECK(o.b.names == std::vector<std::string>{"NHS Cumbria"});
        CHECK_FALSE(o.weighted);
        CHECK_FALSE(o.membership_mode);
        REQUIRE(o.pieces.size() == 1);
        const fp::Piece& p = o.pieces[0];
        CHECK(p.area_m2 == doctest::Approx(1e6));
        CHECK(p.share_of_a == 1.0);
        CHECK(p.share_of_b == 1.0);
        CHECK(p.width_m == inf);
        CHECK((p.whole_a || p.whole_b));
        CHECK_FALSE(p.sliver);
        CHECK_FALSE(p.membership);
        CHECK(std::isnan(p.weight));
        CHECK(std::isnan(p.weight_share_of_a));
        CHECK(p.geom == nullptr); // no keep_pieces
        CHECK(std::string(fp::to_string(p.relation)) == "equal");
        const auto& f = o.footprints.at(0);
        CHECK(f.whole_units == 1);
        CHECK(f.split_units.empty());
        CHECK(f.index_area == 1.0);
        CHECK(std::isnan(f.index_weight));
        CHECK(f.outside_share == 0.0);
        CHECK(f.coterminous);
        CHECK(o.units.at(0).pieces == std::vector<std::size_t>{0});
        CHECK(o.units.at(0).outside_share == 0.0);
    }

    TEST_CASE("overlay: four 1 km units in a 2 km footprint are each unit-within-footprint") {
        fp::GeosContext ctx;
        const auto a = fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}});
        const auto b = fpt::make_layer(ctx, "ccg",
                                       {{"U4", box_wkt(1000, 1000, 2000, 2000)},
                                        {"U3", box_wkt(0, 1000, 1000, 2000)},
                                        {"U2", box_wkt(1000, 0, 2000, 1000)},
                                        {"U1", box_wkt(0, 0, 1000, 1000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F1", "U2"}, {"F1", "U3"}, {"F1", "U4"}});
        for (const auto& p : o.pieces) {
            CAPTURE(o.b.codes[p.b]);
            CHECK(p.area_m2 == doctest::Approx(1e6));
            CHECK(p.share_of_a == doctest::Approx(0.25));
            CHECK(p.share_of_b == 1.0); // exactly: a whole unit
            CHECK(p.whole_b);
            CHECK(p.width_m == inf);
            CHECK_FALSE(p.sliver);
            CHECK(std::string(fp::to_string(p.relation)) == "unit-within-footprint");
        }
        const auto& f = footprint(o, "F1");
        CHECK(f.whole_units == 4);
        CHECK(f.split_units.empty());
        CHECK(f.index_area == doctest::Approx(1.0));
        CHECK(f.outside_share == doctest::Approx(0.0));
        CHECK(f.coterminous);
        for (const auto& u : o.units) {
            CHECK(u.pieces.size() == 1);
            CHECK(u.outside_share == 0.0);
        }
    }

    TEST_CASE("overlay: two footprints inside one big unit are footprint-within-unit") {
        fp::GeosContext ctx;
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 1000, 1000)}, {"F2", box_wkt(1000, 0, 2000, 1000)}});
        const auto b = fpt::make_layer(ctx, "region", {{"U1", box_wkt(0, 0, 2000, 1000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F2", "U1"}});
        for (const auto& p : o.pieces) {
            CHECK(p.share_of_a == 1.0);
            CHECK(p.share_of_b == doctest::Approx(0.5));
            CHECK(p.whole_a);
            CHECK(p.width_m == inf);
            CHECK(std::string(fp::to_string(p.relation)) == "footprint-within-unit");
        }
        for (const auto& f : o.footprints) {
            CHECK(f.whole_units == 0);
            CHECK(f.split_units == std::vector<std::size_t>{0});
            CHECK(f.index_area == 0.0);
            CHECK(f.outside_share == 0.0);
            CHECK_FALSE(f.coterminous);
        }
        CHECK(unit_piece_codes(o, "U1") == std::vector<std::string>{"F1", "F2"}); // equal shares: footprint order
        CHECK(unit(o, "U1").outside_share == doctest::Approx(0.0));
    }

    TEST_CASE("overlay: a unit straddling two footprints half and half is split") {
        fp::GeosContext ctx;
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}});
        const auto b = fpt::make_layer(ctx, "ccg",
                                       {{"U1", box_wkt(0, 0, 1000, 2000)},
                                        {"U2", box_wkt(1000, 0, 3000, 2000)},
                                        {"U3", box_wkt(3000, 0, 4000, 2000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F1", "U2"}, {"F2", "U2"}, {"F2", "U3"}});
        for (const std::string f : {"F1", "F2"}) {
            CAPTURE(f);
            const fp::Piece& half = piece(o, f, "U2");
            CHECK(half.area_m2 == doctest::Approx(2e6));
            CHECK(half.share_of_a == doctest::Approx(0.5));
            CHECK(half.share_of_b == doctest::Approx(0.5));
            CHECK_FALSE(half.whole_a);
            CHECK_FALSE(half.whole_b);
            CHECK(wide(half, 750));
            CHECK_FALSE(half.sliver);
            CHECK(relation(o, f, "U2") == "split");
            const auto& s = footprint(o, f);
            CHECK(s.whole_units == 1);
            CHECK(split_codes(o, f) == std::vector<std::string>{"U2"});
            CHECK(s.index_area == doctest::Approx(0.5));
            CHECK(s.outside_share == doctest::Approx(0.0));
            CHECK_FALSE(s.coterminous);
        }
        CHECK(relation(o, "F1", "U1") == "unit-within-footprint");
        CHECK(relation(o, "F2", "U3") == "unit-within-footprint");
        CHECK(unit(o, "U2").pieces.size() == 2);
        CHECK(unit(o, "U2").outside_share == doctest::Approx(0.0).epsilon(1e-12));
    }

    TEST_CASE("overlay: a 10 m strip into the neighbouring footprint is a sliver") {
        fp::GeosContext ctx;
        const fp::Overlay o = strip_overlay(ctx, {});
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F1", "U2"}, {"F2", "U2"}, {"F2", "U3"}});
        const fp::Piece& strip = piece(o, "F2", "U2");
        CHECK(strip.area_m2 == doctest::Approx(2e4));
        CHECK(strip.share_of_a == doctest::Approx(0.0025));
        CHECK(strip.share_of_b == doctest::Approx(2e4 / 1.62e6));
        CHECK(strip.sliver);
        CHECK(relation(o, "F2", "U2") == "sliver");
        // The rest of U2 lies in F1 alone: the strip does not make it split.
        CHECK_FALSE(piece(o, "F1", "U2").sliver);
        CHECK(relation(o, "F1", "U2") == "unit-within-footprint");
        CHECK(relation(o, "F1", "U1") == "unit-within-footprint");
        CHECK(relation(o, "F2", "U3") == "equal");                          // F2 is U3 and a sliver of U2
        CHECK(unit_piece_codes(o, "U2") == std::vector<std::string>{"F1"}); // material pieces only
        CHECK(unit(o, "U2").outside_share == doctest::Approx(0.0).epsilon(1e-12));
        for (const std::string f : {"F1", "F2"}) {
            CAPTURE(f);
            CHECK(footprint(o, f).split_units.empty());
            CHECK(footprint(o, f).coterminous);
            CHECK(footprint(o, f).outside_share == doctest::Approx(0.0).epsilon(1e-12));
        }
        CHECK(footprint(o, "F1").whole_units == 2);
        CHECK(footprint(o, "F1").index_area == doctest::Approx(1.0));
        CHECK(footprint(o, "F2").whole_units == 1);
        CHECK(footprint(o, "F2").index_area == doctest::Approx(3990.0 / 4000.0)); // the strip is not U3's
    }

    TEST_CASE("overlay options: the sliver width and share tolerance decide whether the strip counts") {
        fp::GeosContext ctx;
        SUBCASE("a 5 m sliver width makes the 10 m strip material, and U2 split") {
            const fp::Overlay o = strip_overlay(ctx, options_with(5, fp::default_share_tolerance));
            INFO(describe(o));
            const fp::Piece& strip = piece(o, "F2", "U2");
            CHECK_FALSE(strip.sliver);
            CHECK(wide(strip, 5));
            CHECK(relation(o, "F2", "U2") == "split");
            CHECK(relation(o, "F1", "U2") == "split");
            CHECK(relation(o, "F1", "U1") == "unit-within-footprint");
            CHECK(relation(o, "F2", "U3") == "unit-within-footprint");
            CHECK(split_codes(o, "F1") == std::vector<std::string>{"U2"});
            CHECK(split_codes(o, "F2") == std::vector<std::string>{"U2"});
            CHECK_FALSE(footprint(o, "F1").coterminous);
            CHECK_FALSE(footprint(o, "F2").coterminous);
            CHECK(unit_piece_codes(o, "U2") == std::vector<std::string>{"F1", "F2"}); // largest share first
            CHECK(o.options.tolerance.width_m == 5);
        }
        SUBCASE("with a 5 m width and no share tolerance the strip is material") {
            const fp::Overlay o = strip_overlay(ctx, options_with(5, 0));
            INFO(describe(o));
            CHECK_FALSE(piece(o, "F2", "U2").sliver);
            CHECK(relation(o, "F2", "U2") == "split");
        }
        SUBCASE("with a 5 m width but a 2% share tolerance the strip is negligible") {
            const fp::Overlay o = strip_overlay(ctx, options_with(5, 0.02));
            INFO(describe(o));
            CHECK(piece(o, "F2", "U2").sliver);
            CHECK(relation(o, "F1", "U2") == "unit-within-footprint");
        }
        SUBCASE("with no share tolerance the strip is still thinner than 750 m") {
            const fp::Overlay o = strip_overlay(ctx, options_with(fp::default_overlay_width_m, 0));
            INFO(describe(o));
            CHECK(piece(o, "F2", "U2").sliver);
            CHECK_FALSE(piece(o, "F1", "U2").sliver);
        }
        SUBCASE("a 900 m sliver width makes the 800 m wide rest of U2 a sliver too") {
            const fp::Overlay o = strip_overlay(ctx, options_with(900, fp::default_share_tolerance));
            INFO(describe(o));
            CHECK(piece(o, "F1", "U2").sliver);
            CHECK_FALSE(piece(o, "F1", "U1").sliver); // whole units never are
        }
    }

    TEST_CASE("overlay options: with no share tolerance whole units still lie within their footprint") {
        fp::GeosContext ctx;
        const fp::Overlay o = strip_overlay(ctx, options_with(5, 0));
        INFO(describe(o));
        CHECK(relation(o, "F1", "U1") == "unit-within-footprint");
        CHECK(relation(o, "F2", "U3") == "unit-within-footprint");
        const auto a = fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 1000, 1000)}});
        const auto b = fpt::make_layer(ctx, "ccg", {{"U1", box_wkt(0, 0, 1000, 1000)}});
        const fp::Overlay same = overlay(ctx, a, b, options_with(fp::default_overlay_width_m, 0));
        INFO(describe(same));
        CHECK(relation(same, "F1", "U1") == "equal");
        CHECK(footprint(same, "F1").coterminous);
    }

    TEST_CASE("overlay: a negligible piece is a sliver even when it is wide") {
        fp::GeosContext ctx;
        const auto a = big_footprints(ctx);
        const auto b = bulging_units(ctx);
        SUBCASE("default share tolerance: the 0.8% bulge does not count") {
            const fp::Overlay o = overlay(ctx, a, b);
            INFO(describe(o));
            const fp::Piece& bulge = piece(o, "F2", "U1");
            CHECK(bulge.area_m2 == doctest::Approx(8e5));
            CHECK(bulge.share_of_a == doctest::Approx(0.008));
            CHECK(bulge.share_of_b == doctest::Approx(8e5 / 1.008e8));
            CHECK(bulge.sliver);
            CHECK(relation(o, "F1", "U1") == "equal");
            CHECK(relation(o, "F2", "U2") == "equal");
            CHECK(footprint(o, "F1").coterminous);
            CHECK(footprint(o, "F2").coterminous);
        }
        SUBCASE("a 0.5% share tolerance: the 800 m wide bulge splits U1") {
            const fp::Overlay o = overlay(ctx, a, b, options_with(fp::default_overlay_width_m, 0.005));
            INFO(describe(o));
            const fp::Piece& bulge = piece(o, "F2", "U1");
            CHECK_FALSE(bulge.sliver);
            CHECK(wide(bulge, 750));
            CHECK(relation(o, "F2", "U1") == "split");
            CHECK(relation(o, "F1", "U1") == "footprint-within-unit");
            CHECK(relation(o, "F2", "U2") == "unit-within-footprint");
            CHECK(split_codes(o, "F2") == std::vector<std::string>{"U1"});
        }
    }

    TEST_CASE("overlay: a unit of two squares in two footprints is split") {
        fp::GeosContext ctx;
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}});
        const auto b = fpt::make_layer(ctx, "ccg",
                                       {{"U1", "MULTIPOLYGON (((0 0, 1000 0, 1000 1000, 0 1000, 0 0)), ((3000 0, 4000 "
                                               "0, 4000 1000, 3000 1000, 3000 0)))"}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F2", "U1"}});
        for (const std::string f : {"F1", "F2"}) {
            CAPTURE(f);
            const fp::Piece& part = piece(o, f, "U1");
            CHECK(part.area_m2 == doctest::Approx(1e6));
            CHECK(part.share_of_a == doctest::Approx(0.25));
            CHECK(part.share_of_b == doctest::Approx(0.5));
            CHECK_FALSE(part.sliver);
            CHECK(relation(o, f, "U1") == "split");
            CHECK(footprint(o, f).outside_share == doctest::Approx(0.75));
            CHECK(footprint(o, f).whole_units == 0);
            CHECK_FALSE(footprint(o, f).coterminous);
        }
        CHECK(unit(o, "U1").outside_share == doctest::Approx(0.0));
    }

    TEST_CASE("overlay: a hole in one footprint filled by a unit of another") {
        fpt::TempDir dir;
        const std::string ring = "POLYGON ((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                                 "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000))";
        const std::string path = dir.file("layers.gpkg");
        fpt::LayerOptions multi;
        multi.geom_type = wkbMultiPolygon;
        fpt::write_polygons(path, "GPKG", "stp", "EPSG:27700",
                            {{"F1", "Ring",
                              "MULTIPOLYGON (((0 0, 3000 0, 3000 3000, 0 3000, 0 0), "
                              "(1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000)))"},
                             {"F2", "Island and east",
                              "MULTIPOLYGON (((1000 1000, 2000 1000, 2000 2000, 1000 2000, 1000 1000)), "
                              "((3000 0, 4000 0, 4000 1000, 3000 1000, 3000 0)))"}},
                            multi);
        fpt::write_polygons(path, "GPKG", "ccg", "EPSG:27700",
                            {{"U1", "Ring", ring},
                             {"U2", "Island", box_wkt(1000, 1000, 2000, 2000)},
                             {"U3", "East", box_wkt(3000, 0, 4000, 1000)}});
        fp::GeosContext ctx;
        const auto a = fp::load_polygon_layer(ctx, fp::parse_layer_spec(path + "|layer=stp"), {});
        const auto b = fp::load_polygon_layer(ctx, fp::parse_layer_spec(path + "|layer=ccg"), {});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        // The island only touches the ring along the hole's edge: no piece.
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U1"}, {"F2", "U2"}, {"F2", "U3"}});
        CHECK(relation(o, "F1", "U1") == "equal");
        CHECK(relation(o, "F2", "U2") == "unit-within-footprint");
        CHECK(relation(o, "F2", "U3") == "unit-within-footprint");
        CHECK(piece(o, "F2", "U2").share_of_a == doctest::Approx(0.5));
        CHECK(footprint(o, "F1").coterminous);
        CHECK(footprint(o, "F2").coterminous);
        CHECK(footprint(o, "F2").whole_units == 2);
    }

    TEST_CASE("overlay: a unit half outside every footprint is split even with one footprint") {
        fp::GeosContext ctx;
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F9", box_wkt(9000, 9000, 9500, 9500)}});
        const auto b =
            fpt::make_layer(ctx, "ccg", {{"U0", box_wkt(0, 0, 1000, 2000)}, {"U1", box_wkt(1000, 0, 3000, 2000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U0"}, {"F1", "U1"}});
        const fp::Piece& half = piece(o, "F1", "U1");
        CHECK(half.share_of_a == doctest::Approx(0.5));
        CHECK(half.share_of_b == doctest::Approx(0.5));
        CHECK(relation(o, "F1", "U1") == "split");
        CHECK(relation(o, "F1", "U0") == "unit-within-footprint");
        CHECK(unit(o, "U1").outside_share == doctest::Approx(0.5));
        CHECK(unit_piece_codes(o, "U1") == std::vector<std::string>{"F1"});
        CHECK(unit(o, "U0").outside_share == doctest::Approx(0.0));
        const auto& f = footprint(o, "F1");
        CHECK(f.whole_units == 1);
        CHECK(split_codes(o, "F1") == std::vector<std::string>{"U1"});
        CHECK(f.index_area == doctest::Approx(0.5));
        CHECK(f.outside_share == doctest::Approx(0.0));
        CHECK_FALSE(f.coterminous);
        // A footprint in no unit at all.
        const auto& lost = footprint(o, "F9");
        CHECK(lost.whole_units == 0);
        CHECK(lost.split_units.empty());
        CHECK(lost.outside_share == 1.0);
        CHECK(lost.index_area == 0.0);
        CHECK_FALSE(lost.coterminous);
    }

    TEST_CASE("overlay: a unit's pieces are listed largest share first") {
        fp::GeosContext ctx;
        const auto a = fpt::make_layer(ctx, "stp",
                                       {{"F1", box_wkt(0, 0, 2000, 2000)},
                                        {"F2", box_wkt(2000, 0, 4000, 2000)},
                                        {"F3", box_wkt(4000, 0, 6000, 2000)}});
        const auto b = fpt::make_layer(ctx, "ccg",
                                       {{"U0", box_wkt(0, 0, 1000, 2000)},
                                        {"U1", box_wkt(1000, 0, 5000, 2000)},
                                        {"U2", box_wkt(5000, 0, 6000, 2000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        CHECK(pairs(o) == std::vector<CodePair>{{"F1", "U0"}, {"F1", "U1"}, {"F2", "U1"}, {"F3", "U1"}, {"F3", "U2"}});
        CHECK(unit_piece_codes(o, "U1") == std::vector<std::string>{"F2", "F1", "F3"});
        CHECK(piece(o, "F2", "U1").share_of_a == 1.0); // F2 lies wholly in U1
        CHECK(piece(o, "F2", "U1").width_m == inf);
        CHECK(piece(o, "F2", "U1").share_of_b == doctest::Approx(0.5));
        CHECK(relation(o, "F2", "U1") == "footprint-within-unit");
        CHECK(relation(o, "F1", "U1") == "split");
        CHECK(relation(o, "F3", "U1") == "split");
        CHECK(relation(o, "F1", "U0") == "unit-within-footprint");

        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(o.b.codes[rows[0].unit] == "U1");
        REQUIRE(rows[0].shares.size() == 3);
        CHECK(o.a.codes[rows[0].shares[0].footprint] == "F2");
        CHECK(rows[0].shares[0].share == doctest::Approx(0.5));
        CHECK(rows[0].shares[0].area_share == doctest::Approx(0.5));
        CHECK(std::isnan(rows[0].shares[0].population_share));
        CHECK(rows[0].minority_share == doctest::Approx(0.25));
    }

    TEST_CASE("overlay: a small unit wholly in a footprint is whole when footprints outnumber units") {
        fp::GeosContext ctx;
        const auto a =
            fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}});
        const auto b = fpt::make_layer(ctx, "sites", {{"U1", box_wkt(100, 100, 600, 600)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        REQUIRE(pairs(o) == std::vector<CodePair>{{"F1", "U1"}});
        const fp::Piece& p = o.pieces[0];
        CHECK(p.whole_b);
        CHECK(p.share_of_b == 1.0);
        CHECK(p.width_m == inf);
        CHECK_FALSE(p.sliver);
        CHECK(relation(o, "F1", "U1") == "unit-within-footprint");
        CHECK(footprint(o, "F1").whole_units == 1);
        CHECK(footprint(o, "F1").index_area == doctest::Approx(0.0625));
    }

    TEST_CASE("overlay: a small footprint wholly in a unit is whole when units outnumber footprints") {
        fp::GeosContext ctx;
        const auto a = fpt::make_layer(ctx, "stp", {{"F1", box_wkt(100, 100, 600, 600)}});
        const auto b =
            fpt::make_layer(ctx, "ccg", {{"U1", box_wkt(0, 0, 2000, 2000)}, {"U2", box_wkt(2000, 0, 4000, 2000)}});
        const fp::Overlay o = overlay(ctx, a, b);
        INFO(describe(o));
        REQUIRE(pairs(o) == std::vector<CodePair>{{"F1", "U1"}});
        const fp::Piece& p = o.pieces[0];
        CHECK(p.whole_a);
        CHECK(p.share_of_a == 1.0);
        CHECK(p.width_m == inf);
        CHECK_FALSE(p.sliver);
        CHECK(relation(o, "F1", "U1") == "footprint-within-unit");
        CHECK(split_codes(o, "F1") == std::vector<std::string>{"U1"});
    }

    TEST_CASE("overlay: keep_pieces keeps each piece's geometry") {
        fp::GeosContext ctx;
        fp::OverlayOptions options;
        options.keep_pieces = true;
        const fp::Overlay o = strip_overlay(ctx, options);
        INFO(describe(o));
        REQUIRE(o.pieces.size() == 4);
        for (const auto& p : o.pieces) {
            CAPTURE(o.a.codes[p.a] + " x " + o.b.codes[p.b]);
            REQUIRE(p.geom != nullptr);
            CHECK(fp::area(ctx, p.geom.get()) == doctest::Approx(p.area_m2));
        }
        // Too small to hold a 750 m disc: no width, kept geometry or not.
        CHECK(std::isnan(piece(o, "F2", "U2").width_m));
        CHECK(piece(o, "F2", "U2").sliver);
    }

} // TEST_SUITE
