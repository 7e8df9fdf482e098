// When is a piece of geometry a sliver? Two boundary products drawn at
// different generalisations disagree along every shared border by thin
// strips; those strips must not count as real gaps, overlaps or splits.
#pragma once

#include "footprint/geometry/geos.hpp"

namespace fp {

struct SliverTolerance {
    // A piece is a sliver when no disc of this diameter (metres) fits inside it.
    double width_m = 50.0;
};

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
