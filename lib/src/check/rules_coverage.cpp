// Coverage: footprints neither overlap nor leave gaps, and together cover
// the reference area; slivers no disc of the coverage width fits in aside.
#include "footprint/core/format.hpp"
#include "rules.hpp"

namespace fp {

namespace {

void report_coverage(CheckContext& ctx, Sink& sink, CoverageKind kind) {
    for (const auto& p : ctx.coverage().problems) {
        if (p.sliver || p.kind != kind) continue;
        const std::string where = km2(p.area_m2) + ", " + format_fixed(p.width_m, 0) + " m wide, " + at(p.x, p.y);
        ViolationBuilder found = kind == CoverageKind::overlap
                                     ? ViolationBuilder(p.codes, join(p.codes, " and ") + " overlap: " + where)
                                           .hint("cut the overlap out of all but one of " + join(p.codes))
                                     : ViolationBuilder(p.codes, "gap between " + join(p.codes, " and ") + ": " + where)
                                           .hint("add the gap to one of " + join(p.codes));
        sink.add(std::move(found.measured(p.width_m, ctx.request.coverage_width_m, "m")));
    }
}

} // namespace

void check_overlaps(CheckContext& ctx, Sink& sink) {
    report_coverage(ctx, sink, CoverageKind::overlap);
}

void check_gaps(CheckContext& ctx, Sink& sink) {
    report_coverage(ctx, sink, CoverageKind::gap);
}

Needs needs_reference(const CheckContext& ctx) {
    return {ctx.request.reference ? "" : ctx.option(CheckOption::reference), ctx.no_geometry};
}

void check_reference(CheckContext& ctx, Sink& sink) {
    GeosContext& geos = ctx.geos;
    const CheckRequest& request = ctx.request;
    const Comparison& compared = ctx.reference();
    const PolygonLayer& reference = compared.layer;
    const Overlay& o = compared.overlay;
    const double pi = 3.14159265358979323846;
    const double disc_m2 = pi * request.coverage_width_m * request.coverage_width_m / 4;
    std::vector<std::vector<const Piece*>> pieces_of(reference.units.size());
    for (const auto& p : o.pieces)
        pieces_of[p.b].push_back(&p);
    for (std::size_t b = 0; b < reference.units.size(); ++b) {
        const Unit& unit = reference.units[b];
        // Too little left over to hold a disc of the width: only slivers.
        const double outside_m2 = o.units[b].outside_share * unit.area_m2;
        if (outside_m2 <= 0 || outside_m2 < disc_m2) continue;
        std::vector<GeomPtr> covered;
        std::string main_footprint;
        double main_share = 0;
        for (const Piece* p : pieces_of[b]) {
            if (p->geom) covered.push_back(clone(geos, p->geom.get()));
            if (p->share_of_b > main_share) {
                main_share = p->share_of_b;
                main_footprint = o.a.codes[p->a];
            }
        }
        GeomPtr left =
            covered.empty()
                ? clone(geos, unit.geom.get())
                : polygonal_part(geos,
                                 own(geos,
                                     GEOSDifference_r(geos, unit.geom.get(), union_all(geos, std::move(covered)).get()),
                                     "difference"));
        // One violation per unit: its material uncovered parts together,
        // located at the widest.
        double left_m2 = 0, widest = 0, x = 0, y = 0;
        std::size_t material = 0;
        const int parts = GEOSGetNumGeometries_r(geos, left.get());
        for (int i = 0; i < parts; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(geos, left.get(), i);
            const double part_m2 = area(geos, part);
            if (part_m2 <= 0 || is_sliver(geos, part, SliverTolerance{request.coverage_width_m})) continue;
            ++material;
            left_m2 += part_m2;
            const double width = inscribed_width(geos, part, request.coverage_width_m);
            if (material == 1 || width > widest) {
                widest = width;
                GeomPtr inside = own(geos, GEOSPointOnSurface_r(geos, part), "point on surface");
                GEOSGeomGetX_r(geos, inside.get(), &x);
                GEOSGeomGetY_r(geos, inside.get(), &y);
            }
        }
        if (material == 0) continue;
        sink.add(ViolationBuilder({unit.code}, km2(left_m2) + " of " + labelled(unit.code, unit.name) + " in " +
                                                   request.reference->display() + " is in no footprint (" +
                                                   std::to_string(material) + (material == 1 ? " part" : " parts") +
                                                   ", the widest " + format_fixed(widest, 0) + " m wide, " + at(x, y) +
                                                   ")")
                     .measured(widest, request.coverage_width_m, "m")
                     .hint(main_share >= request.overlay.share_tolerance
                               ? "add it to " + ctx.footprint(main_footprint) + ", which holds " + percent(main_share) +
                                     " of " + unit.code
                               : "add it to a footprint: none holds more than a sliver of " + unit.code));
    }
}

} // namespace fp
