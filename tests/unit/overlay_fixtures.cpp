#include "overlay_fixtures.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace overlay_fixtures {

namespace {

std::string width_text(double width_m) {
    if (width_m == std::numeric_limits<double>::max()) return "wide";
    return std::to_string(width_m);
}

std::size_t index_of(const fp::Side& side, const std::string& code) {
    for (std::size_t i = 0; i < side.codes.size(); ++i)
        if (side.codes[i] == code) return i;
    FAIL("no code " << code);
    throw std::logic_error("unreachable");
}

const std::string bulging_u1 = "POLYGON ((0 0, 11000 0, 11000 800, 10000 800, 10000 10000, 0 10000, 0 0))";
const std::string notched_u2 = "POLYGON ((11000 0, 20000 0, 20000 10000, 10000 10000, 10000 800, 11000 800, 11000 0))";

} // namespace

fp::Overlay overlay(fp::GeosContext& ctx, const fp::PolygonLayer& a, const fp::PolygonLayer& b,
                    const fp::OverlayOptions& options, const fp::PointLayer* weights) {
    return fp::overlay_layers(ctx, a, b, weights, options);
}

fp::OverlayOptions options_with(double width_m, double share_tolerance) {
    fp::OverlayOptions options;
    options.tolerance.width_m = width_m;
    options.share_tolerance = share_tolerance;
    return options;
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

std::vector<CodePair> pairs(const fp::Overlay& o) {
    std::vector<CodePair> out;
    for (const auto& p : o.pieces)
        out.emplace_back(o.a.codes[p.a], o.b.codes[p.b]);
    return out;
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

std::vector<std::string> split_codes(const fp::Overlay& o, const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t b : footprint(o, code).split_units)
        out.push_back(o.b.codes[b]);
    return out;
}

std::vector<std::string> unit_piece_codes(const fp::Overlay& o, const std::string& code) {
    std::vector<std::string> out;
    for (std::size_t i : unit(o, code).pieces)
        out.push_back(o.a.codes[o.pieces[i].a]);
    return out;
}

bool wide(const fp::Piece& p, double width_m) {
    return !std::isnan(p.width_m) && p.width_m >= width_m;
}

fp::Overlay strip_overlay(fp::GeosContext& ctx, const fp::OverlayOptions& options) {
    const auto a =
        fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 4000, 2000)}, {"F2", box_wkt(4000, 0, 8000, 2000)}});
    const auto b = fpt::make_layer(ctx, "ccg",
                                   {{"U1", box_wkt(0, 0, 3200, 2000)},
                                    {"U2", box_wkt(3200, 0, 4010, 2000)},
                                    {"U3", box_wkt(4010, 0, 8000, 2000)}});
    return overlay(ctx, a, b, options);
}

fp::PolygonLayer big_footprints(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "stp", {{"F1", box_wkt(0, 0, 10000, 10000)}, {"F2", box_wkt(10000, 0, 20000, 10000)}});
}

fp::PolygonLayer bulging_units(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "ccg", {{"U1", bulging_u1}, {"U2", notched_u2}});
}

} // namespace overlay_fixtures
