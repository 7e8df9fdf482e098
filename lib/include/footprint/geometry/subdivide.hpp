// Cutting a large polygon into small tiles, like PostGIS ST_Subdivide.
#pragma once

#include "footprint/geometry/geos.hpp"

#include <vector>

namespace fp {

// Small pieces of `geom`, cut along a recursive halving of its envelope,
// whose union is `geom`. A polygon that straddles a big polygon's border is
// then intersected with a few small tiles instead of the whole polygon:
// intersection cost grows with the vertices of both. None for empty geometry.
std::vector<GeomPtr> subdivide(GeosContext& ctx, const GEOSGeometry* geom);

} // namespace fp
