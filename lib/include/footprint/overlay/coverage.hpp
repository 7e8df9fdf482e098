// Does a layer tile its area cleanly? Finds overlaps between its units and
// gaps inside its outer boundary, and tells slivers from material problems.
#pragma once

#include "footprint/geometry/sliver.hpp"
#include "footprint/io/layer.hpp"

#include <string>
#include <vector>

namespace fp {

// overlap: covered by two or more units. gap: covered by none, bordered by
// two or more. hole: covered by none and enclosed by a single unit, so part
// of that unit's own shape (generalised clipped boundaries leave tidal
// rivers as holes) rather than a disagreement between units.
enum class CoverageKind { overlap, gap, hole };

struct CoverageProblem {
    CoverageKind kind;
    // Overlap: the units that all cover the piece. Gap and hole: the units
    // that border it. Sorted.
    std::vector<std::string> codes;
    double area_m2 = 0;
    // Diameter of the largest disc inside the piece; NaN (not measured) when
    // the piece is too small to hold a disc of the sliver width.
    double width_m = 0;
    bool sliver = false;
    double x = 0, y = 0; // a point inside the piece, in the working CRS
    GeomPtr geom;
};

struct CoverageReport {
    SliverTolerance tolerance;
    // Material problems first, then by kind (overlaps first), largest area
    // first, then by codes: deterministic.
    std::vector<CoverageProblem> problems;

    std::size_t count(CoverageKind kind, bool sliver) const;
    double area_m2(CoverageKind kind, bool sliver) const;
    // No overlap and no gap between units at least the sliver width wide.
    bool clean() const { return count(CoverageKind::overlap, false) + count(CoverageKind::gap, false) == 0; }
};

// The units must be valid polygonal geometry in a projected CRS, as
// load_polygon_layer returns them.
CoverageReport check_coverage(GeosContext& ctx, const std::vector<Unit>& units, const SliverTolerance& tolerance);

const char* to_string(CoverageKind kind);

} // namespace fp
