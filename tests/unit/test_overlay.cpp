// The overlay engine (overlay_layers, overlay_memberships) and the reports
// built on it (coterm_table, coterm_csv, spanning_units, span_csv), on
// hand-built coverages in EPSG:27700 whose answers are known.
#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/overlay/overlay.hpp"
#include "footprint/report/coterm_report.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace {

using fpt::box_wkt;
using CodePair = std::pair<std::string, std::string>;

constexpr double inf = std::numeric_limits<double>::infinity();

fp::Overlay overlay(fp::GeosContext& ctx, const fp::PolygonLayer& a, const fp::PolygonLayer& b,
                    const fp::OverlayOptions& options = {}, const fp::PointLayer* weights = nullptr) {
    return fp::overlay_layers(ctx, a, b, weights, options);
}

fp::OverlayOptions options_with(double width_m, double share_tolerance) {
    fp::OverlayOptions options;
    options.tolerance.width_m = width_m;
    options.share_tolerance = share_tolerance;
    return options;
}

std::string width_text(double width_m) {
    if (width_m == std::numeric_limits<double>::max()) return "wide";
    return std::to_string(width_m);
}

std::string describe(const fp::Overlay& o) {
    std::string text;
    for (const auto& p : o.pieces)
        text += o.a.codes[p.a] + " x " + o.b.codes[p.b] + ": " + fp::to_string(p.relation) + " area " +
                std::to_string(p.area_m2) + " of a " + std::to_string(p.share_of_a) + " of b " +
                std::to_string(p.share_of_b) + " weight " + std::to_string(p.weight) + " width " +
                width_text(p.width_m) + (p.sliver ? " sliver" : "") + (p.whole_a ? " whole_a" : "") +
                (p.whole_b ? " whole_b" : "") + "\n";
    return text;
}

// The (footprint, unit) codes of the pieces, in order.
std::vector<CodePair> pairs(const fp::Overlay& o) {
    std::vector<CodePair> out;
    for (const auto& p : o.pieces)
        out.emplace_back(o.a.codes[p.a], o.b.codes[p.b]);
    return out;
}

std::size_t index_of(const fp::Side& side, const std::string& code) {
    for (std::size_t i = 0; i < side.codes.size(); ++i)
        if (side.codes[i] == code) return i;
    FAIL("no code " << code);
    throw std::logic_error("unreachable");
}

const fp::Piece& piece(const fp::Overlay& o, const std::string& a, const std::string& b) {
    for (const auto& p : o.pieces)
        if (o.a.codes[p.a] == a && o.b.codes[p.b] == b) return p;
    FAIL("no piece " << a << " x " << b);
    throw std::logic_error("unreachable");
}

std::string relation(const fp::Overlay& o, const std::string& a, const std::string& b) {
    return fp::to_string(piece(o, a, b).relation);
}

const fp::FootprintSummary& footprint(const fp::Overlay& o, const std::string& code) {
    return o.footprints.at(index_of(o.a, code));
}

const fp::UnitSummary& unit(const fp::Overlay& o, const std::string& code) {
    return o.units.at(index_of(o.b, code));
}

// The unit codes a footprint is split with.
std::vector<std::string> split_codes(const fp::Overlay& o, const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t b : footprint(o, code).split_units)
        out.push_back(o.b.codes[b]);
    return out;
}

// The footprint codes of a unit's material pieces, in the order listed.
std::vector<std::string> unit_piece_codes(const fp::Overlay& o, const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t i : unit(o, code).pieces)
        out.push_back(o.a.codes[o.pieces[i].a]);
    return out;
}

// A piece wide enough for the sliver tolerance: measured, or known wide.
bool wide(const fp::Piece& p, double width_m) {
    return !std::isnan(p.width_m) && p.width_m >= width_m;
}

// Two 4 x 2 km footprints; U2 reaches 10 m from F1 into F2. The strip is
// 1.23% of U2 (over the 1% share tolerance) but only 10 m wide.
fp::Overlay strip_overlay(fp::GeosContext& ctx, const fp::OverlayOptions& options) {
    const auto a =
        fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 4000, 2000)}, {"F2", box_wkt(4000, 0, 8000, 2000)}});
    const auto b = fpt::make_layer(ctx, "ccg",
                                   {{"U1", box_wkt(0, 0, 3200, 2000)},
                                    {"U2", box_wkt(3200, 0, 4010, 2000)},
                                    {"U3", box_wkt(4010, 0, 8000, 2000)}});
    return overlay(ctx, a, b, options);
}

// Two 10 km squares; U1 bulges 1000 x 800 m into F2: a piece 800 m wide but
// under 1% of both F2 and U1.
const std::string bulging_u1 = "POLYGON ((0 0, 11000 0, 11000 800, 10000 800, 10000 10000, 0 10000, 0 0))";
const std::string notched_u2 = "POLYGON ((11000 0, 20000 0, 20000 10000, 10000 10000, 10000 800, 11000 800, 11000 0))";

fp::PolygonLayer big_footprints(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 10000, 10000)}, {"F2", box_wkt(10000, 0, 20000, 10000)}});
}

fp::PolygonLayer bulging_units(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "ccg", {{"U1", bulging_u1}, {"U2", notched_u2}});
}

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

TEST_SUITE("membership overlay") {

    namespace {

    fp::Membership read_table(const fpt::TempDir& dir, const std::string& name, const std::string& csv,
                              const std::string& options = "") {
        const std::string path = dir.file(name);
        fpt::write_bytes(path, csv);
        return fp::read_membership(fp::parse_layer_spec(path + options));
    }

    std::map<std::string, double> read_weights(const fpt::TempDir& dir, const std::string& name, const std::string& csv,
                                               const std::string& options = "") {
        const std::string path = dir.file(name);
        fpt::write_bytes(path, csv);
        return fp::read_member_weights(fp::parse_layer_spec(path + options));
    }

    // CCG -> STP with C3 split 60/40 and C5 in no LDR; CCG -> LDR with C6 in no STP.
    struct Tables {
        fp::Membership a, b;
    };

    Tables split_tables(const fpt::TempDir& dir) {
        return {
            read_table(dir, "stp.csv",
                       "CCG16CD,STP17CD,STP17NM,share\n"
                       "C1,S1,North,1\nC2,S1,North,1\nC3,S1,North,0.6\nC3,S2,South,0.4\nC4,S2,South,1\nC5,S2,South,1\n",
                       "|share=share"),
            read_table(dir, "ldr.csv",
                       "CCG16CD,LDR16CD,LDR16NM\nC1,L1,Lakes\nC2,L1,Lakes\nC3,L2,Dales\nC4,L2,Dales\nC6,L2,Dales\n")};
    }

    const char* const split_weights =
        "CCG16CD,CCG16NM,population\nC1,a,10\nC2,b,20\nC3,c,100\nC4,d,50\nC5,e,5\nC6,f,7\n";

    } // namespace

    TEST_CASE("membership: the relations from a CCG -> STP and a CCG -> LDR table") {
        fpt::TempDir dir;
        const fp::Membership a = read_table(dir, "stp.csv",
                                            "CCG16CD,STP17CD,STP17NM\nC1,S1,One\nC2,S1,One\nC3,S2,Two\nC4,S2,Two\n"
                                            "C5,S3,Three\nC6,S4,Four\n");
        const fp::Membership b =
            read_table(dir, "ldr.csv",
                       "CCG16CD,LDR16CD,LDR16NM\nC1,L1,Lakes\nC2,L1,Lakes\nC3,L2,Dales\nC4,L3,Moors\n"
                       "C5,L4,Fens\nC6,L4,Fens\n");
        const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
        INFO(describe(o));
        CHECK(o.membership_mode);
        CHECK_FALSE(o.weighted);
        CHECK(o.a.codes == std::vector<std::string>{"S1", "S2", "S3", "S4"});
        CHECK(o.a.names == std::vector<std::string>{"One", "Two", "Three", "Four"});
        CHECK(o.b.codes == std::vector<std::string>{"L1", "L2", "L3", "L4"});
        CHECK(o.b.names == std::vector<std::string>{"Lakes", "Dales", "Moors", "Fens"});
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S2", "L2"}, {"S2", "L3"}, {"S3", "L4"}, {"S4", "L4"}});
        for (const auto& p : o.pieces) {
            CHECK(p.membership);
            CHECK(std::isnan(p.area_m2));
            CHECK(std::isnan(p.weight));
            CHECK_FALSE(p.sliver);
        }
        CHECK(relation(o, "S1", "L1") == "equal");
        CHECK(relation(o, "S2", "L2") == "unit-within-footprint");
        CHECK(relation(o, "S2", "L3") == "unit-within-footprint");
        CHECK(relation(o, "S3", "L4") == "footprint-within-unit");
        CHECK(relation(o, "S4", "L4") == "footprint-within-unit");
        CHECK(piece(o, "S2", "L2").share_of_a == doctest::Approx(0.5));
        CHECK(piece(o, "S2", "L2").share_of_b == 1.0);
        CHECK(piece(o, "S3", "L4").share_of_b == doctest::Approx(0.5));
        CHECK(footprint(o, "S1").coterminous);
        CHECK(footprint(o, "S2").coterminous);
        CHECK(footprint(o, "S2").whole_units == 2);
        CHECK(footprint(o, "S2").index_area == doctest::Approx(1.0));
        CHECK_FALSE(footprint(o, "S3").coterminous);
        CHECK(split_codes(o, "S3") == std::vector<std::string>{"L4"});
        CHECK(footprint(o, "S3").index_area == 0.0);
        CHECK(unit_piece_codes(o, "L4") == std::vector<std::string>{"S3", "S4"});
        CHECK(o.weight_outside_a == 0);
        CHECK(o.weight_outside_b == 0);
    }

    TEST_CASE("membership: split members and members on one side only, by member weight") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const auto weights = read_weights(dir, "pop.csv", split_weights);
        CHECK(weights.size() == 6);
        CHECK(weights.at("C3") == 100);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, &weights, {});
        INFO(describe(o));
        CHECK(o.weighted);
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S1", "L2"}, {"S2", "L2"}});
        REQUIRE(o.a.weight.size() == 2);
        CHECK(o.a.weight[0] == doctest::Approx(90));
        CHECK(o.a.weight[1] == doctest::Approx(95));
        REQUIRE(o.b.weight.size() == 2);
        CHECK(o.b.weight[0] == doctest::Approx(30));
        CHECK(o.b.weight[1] == doctest::Approx(157));
        const fp::Piece& lakes = piece(o, "S1", "L1");
        CHECK(lakes.weight == 30);
        CHECK(lakes.share_of_a == doctest::Approx(1.0 / 3));
        CHECK(lakes.share_of_b == doctest::Approx(1.0));
        CHECK(lakes.weight_share_of_a == doctest::Approx(1.0 / 3));
        const fp::Piece& north_dales = piece(o, "S1", "L2");
        CHECK(north_dales.weight == doctest::Approx(60));
        CHECK(north_dales.share_of_a == doctest::Approx(60.0 / 90));
        CHECK(north_dales.share_of_b == doctest::Approx(60.0 / 157));
        const fp::Piece& south_dales = piece(o, "S2", "L2");
        CHECK(south_dales.weight == doctest::Approx(90));
        CHECK(south_dales.share_of_a == doctest::Approx(90.0 / 95));
        CHECK(south_dales.weight_share_of_b == doctest::Approx(90.0 / 157));
        CHECK(relation(o, "S1", "L1") == "unit-within-footprint");
        CHECK(relation(o, "S1", "L2") == "split");
        CHECK(relation(o, "S2", "L2") == "split");
        CHECK(o.weight_outside_a == 7); // C6: in no footprint
        CHECK(o.weight_outside_b == 5); // C5: in a footprint, no unit
        CHECK(footprint(o, "S2").outside_share == doctest::Approx(5.0 / 95));
        CHECK(footprint(o, "S1").index_area == doctest::Approx(1.0 / 3));
        CHECK(footprint(o, "S1").index_weight == doctest::Approx(1.0 / 3));
        CHECK(unit(o, "L2").outside_share == doctest::Approx(7.0 / 157));
        CHECK(unit_piece_codes(o, "L2") == std::vector<std::string>{"S2", "S1"});

        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(o.b.codes[rows[0].unit] == "L2");
        CHECK(rows[0].minority_share == doctest::Approx(60.0 / 157));
        CHECK(std::isnan(rows[0].shares[0].area_share));
        CHECK(rows[0].shares[0].population_share == doctest::Approx(90.0 / 157));
    }

    TEST_CASE("membership: the member weights reconcile") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const auto weights = read_weights(dir, "pop.csv", split_weights);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, &weights, {});
        double in_pieces = 0;
        for (const auto& p : o.pieces)
            in_pieces += p.weight;
        CHECK(in_pieces == doctest::Approx(180));
        CHECK(o.weight_total == doctest::Approx(192));
        CHECK(o.weight_total == doctest::Approx(in_pieces + o.weight_outside_a + o.weight_outside_b));
    }

    TEST_CASE("membership: without weights, shares are by member count") {
        fpt::TempDir dir;
        const Tables t = split_tables(dir);
        const fp::Overlay o = fp::overlay_memberships(t.a, t.b, nullptr, {});
        INFO(describe(o));
        CHECK_FALSE(o.weighted);
        CHECK(std::isnan(o.a.weight.at(0)));
        CHECK(pairs(o) == std::vector<CodePair>{{"S1", "L1"}, {"S1", "L2"}, {"S2", "L2"}});
        CHECK(piece(o, "S1", "L1").share_of_a == doctest::Approx(2 / 2.6));
        CHECK(piece(o, "S1", "L2").share_of_a == doctest::Approx(0.6 / 2.6));
        CHECK(piece(o, "S1", "L2").share_of_b == doctest::Approx(0.6 / 3));
        CHECK(piece(o, "S2", "L2").share_of_a == doctest::Approx(1.4 / 2.4));
        CHECK(piece(o, "S2", "L2").share_of_b == doctest::Approx(1.4 / 3));
        CHECK(std::isnan(piece(o, "S2", "L2").weight));
        CHECK(o.weight_outside_a == 1);
        CHECK(o.weight_outside_b == 1);
        CHECK(footprint(o, "S2").outside_share == doctest::Approx(1 / 2.4));
        const auto rows = fp::spanning_units(o);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].minority_share == doctest::Approx(0.2));
        CHECK(std::isnan(rows[0].shares[0].population_share));
    }

    TEST_CASE("membership: a split member's small share is negligible") {
        const fp::Membership a =
            fpt::make_membership("a", {{"C1", "S1", "0.995"}, {"C1", "S2", "0.005"}, {"C2", "S2"}});
        const fp::Membership b = fpt::make_membership("b", {{"C1", "L1"}, {"C2", "L2"}});
        SUBCASE("under 1% of both sides") {
            // S2 x L1 is 0.005 of L1 but 0.005/1.005 of S2.
            const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
            INFO(describe(o));
            CHECK(piece(o, "S2", "L1").sliver);
            CHECK(relation(o, "S1", "L1") == "equal");
            CHECK(relation(o, "S2", "L2") == "equal");
        }
        SUBCASE("with a smaller share tolerance it counts") {
            const fp::Overlay o =
                fp::overlay_memberships(a, b, nullptr, options_with(fp::default_overlay_width_m, 0.001));
            INFO(describe(o));
            CHECK_FALSE(piece(o, "S2", "L1").sliver);
            CHECK(relation(o, "S2", "L1") == "split");
        }
    }

    TEST_CASE("membership: member weights with named columns, and their errors") {
        fpt::TempDir dir;
        const auto weights =
            read_weights(dir, "w.csv", "code,residents\nC1,12.5\nC2,0\n", "|member=code|weight=residents");
        CHECK(weights == std::map<std::string, double>{{"C1", 12.5}, {"C2", 0}});
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "neg.csv", "CCG16CD,population\nC1,4\nC2,-3\n"), fp::InputError,
                                    "row 2", "population", "-3");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "nan.csv", "CCG16CD,population\nC1,many\n"), fp::InputError,
                                    "row 1", "many");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "nocol.csv", "CCG16CD,people\nC1,4\n"), fp::UsageError,
                                    "population", "|weight=");
        FPT_CHECK_THROWS_CONTAINING(read_weights(dir, "w2.csv", "code,residents\nC1,1\n", "|member=code|weight=people"),
                                    fp::UsageError, "people");
    }

    TEST_CASE("membership: a member without a weight is an input error naming it") {
        const fp::Membership a = fpt::make_membership("a", {{"C1", "S1"}, {"C9", "S1"}});
        const fp::Membership b = fpt::make_membership("b", {{"C1", "L1"}, {"C9", "L1"}});
        const std::map<std::string, double> weights{{"C1", 5}};
        FPT_CHECK_THROWS_CONTAINING(fp::overlay_memberships(a, b, &weights, {}), fp::InputError, "C9");
    }

    TEST_CASE("spanning units: most footprints first, then largest minority share, then code") {
        // Units by member count: L3 spans three footprints (2/1/1), L2 two at
        // 1/1, L1 and L4 two at 3/1 (a tie broken by code), L5 one.
        const fp::Membership a = fpt::make_membership("stp", {{"m1", "S1"},
                                                              {"m2", "S1"},
                                                              {"m3", "S1"},
                                                              {"m4", "S2"}, // L1
                                                              {"m5", "S1"},
                                                              {"m6", "S2"}, // L2
                                                              {"m7", "S1"},
                                                              {"m8", "S1"},
                                                              {"m9", "S2"},
                                                              {"m10", "S3"}, // L3
                                                              {"m11", "S3"},
                                                              {"m12", "S3"},
                                                              {"m13", "S3"},
                                                              {"m14", "S2"},   // L4
                                                              {"m15", "S1"}}); // L5
        const fp::Membership b = fpt::make_membership("ldr", {{"m1", "L1"},
                                                              {"m2", "L1"},
                                                              {"m3", "L1"},
                                                              {"m4", "L1"},
                                                              {"m5", "L2"},
                                                              {"m6", "L2"},
                                                              {"m7", "L3"},
                                                              {"m8", "L3"},
                                                              {"m9", "L3"},
                                                              {"m10", "L3"},
                                                              {"m11", "L4"},
                                                              {"m12", "L4"},
                                                              {"m13", "L4"},
                                                              {"m14", "L4"},
                                                              {"m15", "L5"}});
        const fp::Overlay o = fp::overlay_memberships(a, b, nullptr, {});
        INFO(describe(o));
        const auto rows = fp::spanning_units(o);
        std::vector<std::string> order;
        for (const auto& row : rows)
            order.push_back(o.b.codes[row.unit]);
        CHECK(order == std::vector<std::string>{"L3", "L2", "L1", "L4"});
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].shares.size() == 3);
        CHECK(o.a.codes[rows[0].shares[0].footprint] == "S1");
        CHECK(rows[0].shares[0].share == doctest::Approx(0.5));
        CHECK(rows[0].minority_share == doctest::Approx(0.25));
        CHECK(rows[1].minority_share == doctest::Approx(0.5));
        CHECK(rows[2].minority_share == doctest::Approx(0.25));
        CHECK(o.a.codes[rows[3].shares[0].footprint] == "S3");
        CHECK(o.a.codes[rows[3].shares[1].footprint] == "S2");
    }

} // TEST_SUITE

TEST_SUITE("coterm report") {

    namespace {

    // F1 and F2 with names holding commas and quotes; U2 split half and half.
    fp::Overlay named_split(fp::GeosContext& ctx) {
        auto a = fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 2000, 2000)}, {"F2", box_wkt(2000, 0, 4000, 2000)}});
        auto b = fpt::make_layer(ctx, "ccg",
                                 {{"U1", box_wkt(0, 0, 1000, 2000)},
                                  {"U2", box_wkt(1000, 0, 3000, 2000)},
                                  {"U3", box_wkt(3000, 0, 4000, 2000)}});
        a.units[0].name = "Bath, Swindon and Wiltshire";
        a.units[1].name = "Plain";
        b.units[0].name = "NHS Bath";
        b.units[1].name = "Bath, North East Somerset";
        b.units[2].name = "The \"Best\" CCG";
        return overlay(ctx, a, b);
    }

    // Overlays own geometry and cannot be copied: one comparison, or `n` of the same.
    std::vector<fp::Overlay> comparisons(fp::GeosContext& ctx, std::size_t n = 1) {
        std::vector<fp::Overlay> out;
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(named_split(ctx));
        return out;
    }

    std::vector<std::string> lines(const std::string& csv) {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start < csv.size()) {
            const std::size_t end = csv.find("\r\n", start);
            REQUIRE(end != std::string::npos); // every record ends with CRLF
            out.push_back(csv.substr(start, end - start));
            start = end + 2;
        }
        return out;
    }

    } // namespace

    TEST_CASE("coterm_table: headers for people and for machines") {
        fp::GeosContext ctx;
        const fp::Overlay o = named_split(ctx);
        using H = std::vector<std::string>;
        CHECK(fp::coterm_table(o, fp::CotermTable::footprints, false).header ==
              H{"footprint", "name", "whole units", "split units", "coterminosity area", "coterminosity population",
                "outside", "coterminous", "split"});
        CHECK(fp::coterm_table(o, fp::CotermTable::footprints, true).header ==
              H{"footprint", "name", "whole units", "split units", "coterminosity area %", "coterminosity population %",
                "outside %", "coterminous", "split"});
        CHECK(fp::coterm_table(o, fp::CotermTable::pairs, false).header ==
              H{"footprint", "unit", "unit name", "relation", "area km2", "of footprint", "of unit", "population",
                "pop of footprint", "pop of unit", "width m"});
        CHECK(fp::coterm_table(o, fp::CotermTable::units, true).header ==
              H{"unit", "name", "footprints", "outside %", "shares %"});
        const auto footprints = fp::coterm_table(o, fp::CotermTable::footprints, true);
        REQUIRE(footprints.rows.size() == 2);
        CHECK(footprints.rows[0] == H{"F1", "Bath, Swindon and Wiltshire", "1", "1", "50.0", "", "0.0", "no", "U2"});
        const auto pieces = fp::coterm_table(o, fp::CotermTable::pairs, false);
        REQUIRE(pieces.rows.size() == 4);
        CHECK(pieces.rows[0] == H{"F1", "U1", "NHS Bath", "unit-within-footprint", "2.000000", "0.500000", "1.000000",
                                  "", "", "", "whole"});
        CHECK(pieces.rows[1][3] == "split");
        CHECK(pieces.rows[1][6] == "0.500000");
        const auto units = fp::coterm_table(o, fp::CotermTable::units, false);
        REQUIRE(units.rows.size() == 3);
        CHECK(units.rows[1] == H{"U2", "Bath, North East Somerset", "2", "0.000000", "F1:0.500000 F2:0.500000"});
    }

    TEST_CASE("coterm_csv: a layer column first, and names with commas or quotes quoted (RFC 4180)") {
        fp::GeosContext ctx;
        const auto one = comparisons(ctx);
        const auto footprints = lines(fp::coterm_csv(one, fp::CotermTable::footprints));
        REQUIRE(footprints.size() == 3);
        CHECK(footprints[0] == "layer,footprint,name,whole units,split units,coterminosity area,"
                               "coterminosity population,outside,coterminous,split");
        CHECK(footprints[1] == "ccg,F1,\"Bath, Swindon and Wiltshire\",1,1,0.500000,,0.000000,no,U2");
        const auto pieces = lines(fp::coterm_csv(comparisons(ctx, 2), fp::CotermTable::pairs));
        REQUIRE(pieces.size() == 9); // one header for both comparisons
        CHECK(pieces[0] == "layer,footprint,unit,unit name,relation,area km2,of footprint,of unit,population,"
                           "pop of footprint,pop of unit,width m");
        CHECK(fpt::contains(pieces[2], ",U2,\"Bath, North East Somerset\",split,2.000000,0.500000,0.500000,,,,"));
        CHECK(pieces[4] ==
              "ccg,F2,U3,\"The \"\"Best\"\" CCG\",unit-within-footprint,2.000000,0.500000,1.000000,,,,whole");
        const auto units = lines(fp::coterm_csv(one, fp::CotermTable::units));
        REQUIRE(units.size() == 4);
        CHECK(units[0] == "layer,unit,name,footprints,outside,shares");
        CHECK(units[2] == "ccg,U2,\"Bath, North East Somerset\",2,0.000000,F1:0.500000 F2:0.500000");
    }

    // The CSV's columns must not depend on whether there were any comparisons.
    TEST_CASE("coterm_csv: the header has its layer column even with no comparisons") {
        for (const auto which : {fp::CotermTable::footprints, fp::CotermTable::pairs, fp::CotermTable::units}) {
            const auto header = lines(fp::coterm_csv({}, which));
            REQUIRE(header.size() == 1);
            CHECK(header[0].rfind("layer,", 0) == 0);
        }
    }

    TEST_CASE("span_csv: one row per spanning unit and footprint, names quoted") {
        fp::GeosContext ctx;
        const auto rows = lines(fp::span_csv(comparisons(ctx)));
        REQUIRE(rows.size() == 3);
        CHECK(rows[0] == "layer,unit,name,footprints,rank,footprint,footprint name,share,area share,population share");
        CHECK(rows[1] ==
              "ccg,U2,\"Bath, North East Somerset\",2,1,F1,\"Bath, Swindon and Wiltshire\",0.500000,0.500000,");
        CHECK(rows[2] == "ccg,U2,\"Bath, North East Somerset\",2,2,F2,Plain,0.500000,0.500000,");
        const auto none = lines(fp::span_csv({}));
        CHECK(none ==
              std::vector<std::string>{
                  "layer,unit,name,footprints,rank,footprint,footprint name,share,area share,population share"});
    }

} // TEST_SUITE
