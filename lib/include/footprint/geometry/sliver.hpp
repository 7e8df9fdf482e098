// When is a piece of geometry a sliver? Two boundary products drawn at
// different generalisations disagree along every shared border by thin
// strips; those strips must not count as real gaps, overlaps or splits.
#pragma once

#include "footprint/geometry/geos.hpp"

#include <limits>

namespace fp {

// For slivers within one layer: coverage gaps and overlaps, and holes
// between a footprint's members.
inline constexpr double default_coverage_width_m = 50.0;
// Defaults separate generalisation artefacts from real splits when the
// shipped LSOA-based layers are compared with ONS boundaries generalised at
// 20 m, 200 m and 500 m: artefacts there are at most 493 m wide and 4.0% of
// a unit, real pieces at least 2.1 km wide and 4.8% (tests/cli/cases/coterm-*).
inline constexpr double default_overlay_width_m = 750.0;
inline constexpr double default_share_tolerance = 0.01;

struct SliverTolerance {
    // A piece is a sliver when no disc of this diameter (metres) fits inside it.
    double width_m = default_coverage_width_m;
};

// Area of the disc a piece must hold not to be a sliver: a smaller piece
// is a sliver without measuring its width.
double disc_area_m2(const SliverTolerance& tolerance);

// What the rule needs to know of a piece of an overlay of two layers A and B.
struct PieceSize {
    bool whole = false;       // a whole unit of A or B: never a sliver
    bool has_geometry = true; // false for pieces of membership tables
    double area_m2 = 0;       // 0 for a piece that only a border point gives people
    double share_of_a = 0;    // of its unit of A, by area (or member weight)
    double share_of_b = 0;
    double weight_share_of_a = std::numeric_limits<double>::quiet_NaN(); // by population, when weighted
    double weight_share_of_b = std::numeric_limits<double>::quiet_NaN();
    double width_m = std::numeric_limits<double>::quiet_NaN(); // NaN: too small to hold the disc
};

// Is the piece too thin or too small to count? It is when it is less than
// `share_tolerance` of both its units (by area and by population), or, with
// geometry, too thin to hold the disc.
bool is_sliver_piece(const PieceSize& piece, const SliverTolerance& tolerance, double share_tolerance);

// True when `piece` (polygonal, in a projected CRS) is thinner than the
// tolerance everywhere. Empty geometry is a sliver.
bool is_sliver(GeosContext& ctx, const GEOSGeometry* piece, const SliverTolerance& tolerance);

// Diameter (metres) of the largest disc that fits inside `piece`, to within
// a tenth of `resolution_m`; 0 for empty geometry.
double inscribed_width(GeosContext& ctx, const GEOSGeometry* piece, double resolution_m);

// True when a disc of diameter `width_m` certainly fits inside `piece`:
// some point on its surface lies that far from its boundary. Cheap, and
// decisive for most wide pieces; false means "not shown", not "thin".
bool surely_holds_disc(GeosContext& ctx, const GEOSGeometry* piece, double width_m);

// A regular octagon around a disc of diameter `width_m`, centred on a point
// on the surface of `geom` and lying inside it; null when that point is too
// near the boundary. Any polygon that contains the octagon holds the disc,
// and so does its intersection with `geom`: a test that needs no overlay.
GeomPtr disc_cover_inside(GeosContext& ctx, const GEOSGeometry* geom, double width_m);

} // namespace fp
