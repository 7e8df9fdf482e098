// Size and shape: every footprint's population and area within the bounds,
// and every footprint in one part unless its islands are allowed.
#include "footprint/core/format.hpp"
#include "rules.hpp"

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

void bound(CheckContext& ctx, Sink& sink, const std::string& code, double value, double low, double high,
           const std::string& unit, int decimals) {
    const bool under = !std::isnan(low) && value < low;
    if (!under && !(!std::isnan(high) && value > high)) return;
    const double threshold = under ? low : high;
    sink.add(ViolationBuilder({code}, ctx.footprint(code) + ": " + format_fixed(value, decimals) + " " + unit + " is " +
                                          (under ? "below the minimum " : "above the maximum ") +
                                          format_fixed(threshold, decimals))
                 .measured(value, threshold, unit)
                 .hint(under ? "merge it with a neighbour or move members into it"
                             : "split it or move members to its neighbours"));
}

// The footprint sharing the longest border with `part`, or "".
std::string nearest_other_footprint(CheckContext& ctx, const GEOSGeometry* part, const std::string& own_code) {
    GeosContext& geos = ctx.geos;
    GeomPtr boundary = own(geos, GEOSBoundary_r(geos, part), "boundary");
    GeomPtr zone =
        own(geos, GEOSBuffer_r(geos, boundary.get(), std::max(ctx.request.coverage_width_m, 1.0), 4), "buffer");
    std::string best;
    double best_length = 0;
    for (const auto& other : ctx.footprints->units) {
        if (other.code == own_code || is_empty(geos, other.geom.get())) continue;
        if (GEOSIntersects_r(geos, zone.get(), other.geom.get()) != 1) continue;
        GeomPtr shared = own(geos, GEOSIntersection_r(geos, boundary.get(), other.geom.get()), "intersection");
        double length = 0;
        GEOSLength_r(geos, shared.get(), &length);
        if (best.empty() || length > best_length) {
            best = other.code;
            best_length = length;
        }
    }
    return best;
}

} // namespace

Needs needs_population_bounds(const CheckContext& ctx) {
    const bool bounded = !std::isnan(ctx.request.min_population) || !std::isnan(ctx.request.max_population);
    return {bounded ? "" : ctx.option(CheckOption::min_population, CheckOption::max_population),
            !ctx.footprints ? ctx.no_geometry
            : !ctx.weights  ? "there are no population points to count (" + ctx.option(CheckOption::weights) + ")"
                            : ""};
}

void check_population(CheckContext& ctx, Sink& sink) {
    ctx.stage("counting population");
    const auto& units = ctx.footprints->units;
    const auto& points = ctx.weights->points;
    const PointLocation location = locate_points(ctx.geos, units, points);
    std::vector<double> population(units.size(), 0);
    for (std::size_t i = 0; i < points.size(); ++i)
        if (location.unit_of_point[i] >= 0)
            population[static_cast<std::size_t>(location.unit_of_point[i])] += points[i].weight;
    for (std::size_t a = 0; a < population.size(); ++a)
        bound(ctx, sink, units[a].code, population[a], ctx.request.min_population, ctx.request.max_population, "people",
              0);
}

Needs needs_area_bounds(const CheckContext& ctx) {
    const bool bounded = !std::isnan(ctx.request.min_area_km2) || !std::isnan(ctx.request.max_area_km2);
    return {bounded ? "" : ctx.option(CheckOption::min_area, CheckOption::max_area), ctx.no_geometry};
}

void check_area(CheckContext& ctx, Sink& sink) {
    for (const auto& unit : ctx.footprints->units)
        bound(ctx, sink, unit.code, unit.area_m2 / 1e6, ctx.request.min_area_km2, ctx.request.max_area_km2, "km2", 1);
}

void check_parts(CheckContext& ctx, Sink& sink) {
    GeosContext& geos = ctx.geos;
    const double min_m2 = ctx.request.min_part_km2 * 1e6;
    for (const auto& unit : ctx.footprints->units) {
        std::vector<std::pair<double, const GEOSGeometry*>> parts;
        const int n = GEOSGetNumGeometries_r(geos, unit.geom.get());
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(geos, unit.geom.get(), i);
            const double a = area(geos, part);
            if (a >= min_m2 && a > 0) parts.push_back({a, part});
        }
        if (parts.size() < 2) continue;
        if (ctx.request.allowed_islands.count(unit.code)) {
            sink.used(unit.code);
            continue;
        }
        std::stable_sort(parts.begin(), parts.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
        std::vector<std::string> sizes, moves;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            sizes.push_back(km2(parts[i].first));
            if (i == 0) continue;
            const std::string neighbour = nearest_other_footprint(ctx, parts[i].second, unit.code);
            GeomPtr inside = own(geos, GEOSPointOnSurface_r(geos, parts[i].second), "point on surface");
            double x = 0, y = 0;
            GEOSGeomGetX_r(geos, inside.get(), &x);
            GEOSGeomGetY_r(geos, inside.get(), &y);
            moves.push_back(
                "the " + km2(parts[i].first) + " part " + at(x, y) +
                (neighbour.empty() ? " touches no other footprint" : " borders " + ctx.footprint(neighbour)));
        }
        sink.add(ViolationBuilder({unit.code}, ctx.footprint(unit.code) + " is in " + std::to_string(parts.size()) +
                                                   " parts of " + format_fixed(ctx.request.min_part_km2, 3) +
                                                   " km2 or more: " + join(sizes))
                     .measured(static_cast<double>(parts.size()), 1, "parts")
                     .hint(join(moves, "; ") + ". Move a part that belongs elsewhere to the footprint it borders, " +
                           "or allow the islands (" + ctx.option(CheckOption::allow_islands) + " " + unit.code + ")"));
    }
}

} // namespace fp
