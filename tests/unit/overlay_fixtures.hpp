// Shared by the overlay tests: running an overlay of hand-built coverages
// in EPSG:27700 and reading its pieces and summaries by code.
#pragma once

#include "fixtures.hpp"
#include "footprint/overlay/overlay.hpp"

#include <string>
#include <utility>
#include <vector>

namespace overlay_fixtures {

using fpt::box_wkt;
using CodePair = std::pair<std::string, std::string>;

fp::Overlay overlay(fp::GeosContext& ctx, const fp::PolygonLayer& a, const fp::PolygonLayer& b,
                    const fp::OverlayOptions& options = {}, const fp::PointLayer* weights = nullptr);
fp::OverlayOptions options_with(double width_m, double share_tolerance);

// One line per piece: its codes, relation, measures and flags.
std::string describe(const fp::Overlay& o);
// The (footprint, unit) codes of the pieces, in order.
std::vector<CodePair> pairs(const fp::Overlay& o);
const fp::Piece& piece(const fp::Overlay& o, const std::string& a, const std::string& b);
std::string relation(const fp::Overlay& o, const std::string& a, const std::string& b);
const fp::FootprintSummary& footprint(const fp::Overlay& o, const std::string& code);
const fp::UnitSummary& unit(const fp::Overlay& o, const std::string& code);
// The unit codes a footprint is split with.
std::vector<std::string> split_codes(const fp::Overlay& o, const std::string& code);
// The footprint codes of a unit's material pieces, in the order listed.
std::vector<std::string> unit_piece_codes(const fp::Overlay& o, const std::string& code);
// A piece wide enough for the sliver tolerance: measured, or known wide.
bool wide(const fp::Piece& p, double width_m);

// Two 4 x 2 km footprints; U2 reaches 10 m from F1 into F2. The strip is
// 1.23% of U2 (over the 1% share tolerance) but only 10 m wide.
fp::Overlay strip_overlay(fp::GeosContext& ctx, const fp::OverlayOptions& options);

// Two 10 km squares; U1 bulges 1000 x 800 m into F2: a piece 800 m wide but
// under 1% of both F2 and U1.
fp::PolygonLayer big_footprints(fp::GeosContext& ctx);
fp::PolygonLayer bulging_units(fp::GeosContext& ctx);

} // namespace overlay_fixtures
