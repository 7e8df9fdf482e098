// Whether a comparison can be right before its answers are given: the
// layers of one comparison must overlap, and a comparison layer must lie
// mostly inside the footprints. Every tool that compares layers goes
// through here, so that a wrong layer is refused the same way everywhere.
#pragma once

#include "footprint/overlay/overlay.hpp"

#include <string>
#include <vector>

namespace fp {

// More than this share of a comparison layer's area in no footprint: the
// two layers describe different areas (a national layer against regional
// footprints, the wrong layer, a wrong CRS), and every answer would be about
// a fraction of the layer while looking complete.
inline constexpr double refused_outside_share = 0.5;
// From this share on, a warning: the comparison still means something, but
// the units outside are left out of its answers. Generalised boundaries of
// the same area stay far below it: no ONS 20 m, 200 m or 500 m CCG, council
// or STP layer of 2016 to 2018 reaches it against the shipped footprints.
inline constexpr double warned_outside_share = 0.05;

struct ComparisonFit {
    double outside_share = 0; // of the comparison layer's area, in no footprint
    // Footprints that no unit of the comparison layer meets materially: the
    // comparison says nothing about them.
    std::vector<std::size_t> footprints_without_units;
    std::string refusal; // why the comparison cannot be right; empty when it can
    std::string warning; // a material share outside; empty when none
};

// Geometry mode only; a membership overlay has no areas and passes.
ComparisonFit judge_comparison(const Overlay& overlay, const PolygonLayer& footprints, const PolygonLayer& units);

// The same, throwing InputError with the refusal and passing the warning to
// `warn` when it is set.
ComparisonFit require_comparison(const Overlay& overlay, const PolygonLayer& footprints, const PolygonLayer& units,
                                 const WarningFn& warn);

// Points that weigh or mark the footprints must lie where they are: throws
// InputError when the extents of the points and the footprints do not meet.
// `role` says what the points are for ("population points").
void require_points_meet(const PointLayer& points, const PolygonLayer& footprints, const std::string& role);

} // namespace fp
