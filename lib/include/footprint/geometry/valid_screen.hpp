// A fast, sound screen before GEOS's validity check.
//
// Most boundary polygons are one ring without holes, and such a polygon is
// valid exactly when its ring is simple: no two edges meet except
// neighbours at their shared vertex. That is decided here by a sweep over
// the edges with orientation tests whose rounding error is bounded
// (Shewchuk's error bound for the 2D orientation determinant); whenever a
// sign cannot be certified, or the polygon is of another kind, the screen
// says "not proved" and GEOS decides.
#pragma once

#include "footprint/geometry/geos.hpp"

namespace fp {

// True only when `geom` is certainly a valid polygon. False means "not
// proved": GEOSisValid must decide.
bool surely_valid(GeosContext& ctx, const GEOSGeometry* geom);

} // namespace fp
