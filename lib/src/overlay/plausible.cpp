#include "footprint/overlay/plausible.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"

#include <cmath>

namespace fp {

namespace {

// "stp16 of 'data/england-2016.gpkg'"
std::string named(const std::string& layer_name, const std::string& source) {
    return (layer_name.empty() ? "" : layer_name + " of ") + "'" + source + "'";
}

std::string named(const PolygonLayer& layer) {
    return named(layer.layer_name, layer.source);
}

std::string percent(double share) {
    return format_fixed(share * 100, 1) + "%";
}

} // namespace

ComparisonFit judge_comparison(const Overlay& overlay, const PolygonLayer& footprints, const PolygonLayer& units) {
    ComparisonFit fit;
    if (overlay.membership_mode) return fit;
    double total = 0, outside = 0;
    for (std::size_t b = 0; b < overlay.units.size(); ++b) {
        const double area = overlay.b.area_m2[b];
        if (!(area > 0)) continue;
        total += area;
        outside += area * overlay.units[b].outside_share;
    }
    std::vector<bool> met(overlay.footprints.size(), false);
    for (const auto& piece : overlay.pieces)
        if (!piece.sliver) met[piece.a] = true;
    for (std::size_t a = 0; a < met.size(); ++a)
        if (!met[a]) fit.footprints_without_units.push_back(a);
    if (total <= 0) return fit; // nothing to judge: no unit has an area
    fit.outside_share = outside / total;
    const std::string crs = footprints.working_crs;
    if (!footprints.extent.meets(units.extent) || fit.outside_share >= 1) {
        fit.refusal = named(units) + " and the footprints " + named(footprints) + " do not overlap: extents " +
                      units.extent.text() + " and " + footprints.extent.text() + " in " + crs +
                      ". One of them is in the wrong place (a wrong CRS declared or stated, coordinates in another "
                      "unit) or the two cover different areas; compare layers of the same area";
    } else if (fit.outside_share > refused_outside_share) {
        fit.refusal = percent(fit.outside_share) + " of the area of " + named(units) +
                      " lies outside every footprint of " + named(footprints) + " (extents " + units.extent.text() +
                      " and " + footprints.extent.text() + " in " + crs +
                      "): the layers cover different areas, and the answers would be about a fraction of the "
                      "layer; restrict it to the footprints' area with |where= (on a code or region field), or "
                      "compare it with footprints that cover it";
    } else if (fit.outside_share >= warned_outside_share) {
        fit.warning = percent(fit.outside_share) + " of the area of " + named(units) +
                      " lies outside every footprint of " + named(footprints) +
                      "; its units there are left out of the answers. If the layer covers more than the footprints, "
                      "restrict it with |where=";
    }
    return fit;
}

ComparisonFit require_comparison(const Overlay& overlay, const PolygonLayer& footprints, const PolygonLayer& units,
                                 const WarningFn& warn) {
    ComparisonFit fit = judge_comparison(overlay, footprints, units);
    if (!fit.refusal.empty()) throw InputError(fit.refusal);
    if (!fit.warning.empty() && warn) warn(fit.warning);
    return fit;
}

void require_points_meet(const PointLayer& points, const PolygonLayer& footprints, const std::string& role) {
    if (points.extent.empty || footprints.extent.empty || points.extent.meets(footprints.extent)) return;
    throw InputError("the " + role + " " + named(points.layer_name, points.source) + " and the footprints " +
                     named(footprints) + " do not overlap: extents " + points.extent.text() + " and " +
                     footprints.extent.text() + " in " + footprints.working_crs +
                     ". One of them is in the wrong place (a wrong CRS declared or stated, coordinates in another "
                     "unit) or the two cover different areas");
}

} // namespace fp
