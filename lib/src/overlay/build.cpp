#include "footprint/overlay/build.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/geometry/geos_index.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace fp {

namespace {

struct Plan {
    std::string code;
    std::string name;
    std::vector<std::string> members;
};

// Coverage union is exact and fast when members meet edge to edge without
// overlapping; GEOS does not check that, so the result is verified: a clean
// coverage's union has exactly the summed area of its members.
GeomPtr dissolve(GeosContext& ctx, const std::vector<const Unit*>& units, DissolveMethod& method) {
    std::vector<GEOSGeometry*> parts;
    double summed = 0;
    for (const Unit* unit : units) {
        if (is_empty(ctx, unit->geom.get())) continue;
        parts.push_back(GEOSGeom_clone_r(ctx, unit->geom.get()));
        summed += unit->area_m2;
    }
    if (parts.empty()) {
        method = DissolveMethod::coverage;
        return empty_polygon(ctx);
    }
    GeomPtr collection = own(
        ctx,
        GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())),
        "collect members");
    if (GEOSGeometry* merged = GEOSCoverageUnion_r(ctx, collection.get())) {
        GeomPtr result(merged, GeomDeleter{ctx.handle()});
        const double tolerance = 1e-9 * summed + 1e-6;
        if (GEOSisValid_r(ctx, result.get()) == 1 && std::abs(area(ctx, result.get()) - summed) <= tolerance) {
            method = DissolveMethod::coverage;
            return polygonal_part(ctx, std::move(result));
        }
    }
    ctx.take_error(); // coverage union's complaint is expected here
    method = DissolveMethod::robust;
    return polygonal_part(ctx, own(ctx, GEOSUnaryUnion_r(ctx, collection.get()), "union"));
}

// Does `hole` touch at least two of `units`?
bool between_members(GeosContext& ctx, const std::vector<const Unit*>& units, const GeosIndex& index,
                     const GEOSGeometry* hole) {
    constexpr double touching_m = 0.01;
    GeomPtr grown = own(ctx, GEOSEnvelope_r(ctx, hole), "envelope");
    grown = own(ctx, GEOSBuffer_r(ctx, grown.get(), touching_m, 1), "buffer");
    int touching = 0;
    for (std::size_t i : index.candidates(ctx, grown.get())) {
        double d = 0;
        if (GEOSDistanceIndexed_r(ctx, units[i]->geom.get(), hole, &d) == 1 && d <= touching_m && ++touching == 2)
            return true;
    }
    return false;
}

// Removes sliver holes between members from every polygon of `merged`.
GeomPtr fill_sliver_holes(GeosContext& ctx, GeomPtr merged, const std::vector<const Unit*>& units,
                          const SliverTolerance& tolerance, Footprint& footprint) {
    const GeosIndex index(ctx, geometries_of(units));
    std::vector<GEOSGeometry*> polygons;
    const int parts = GEOSGetNumGeometries_r(ctx, merged.get());
    bool islands_filled = false;
    // The gap a hole leaves: the hole less any other part of the footprint
    // inside it (an island of members within the ring).
    const auto gap_of = [&](const GEOSGeometry* hole, int self) {
        std::vector<GeomPtr> islands;
        PreparedPtr inside = prepare(ctx, hole);
        for (int q = 0; q < parts; ++q) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, merged.get(), q);
            if (q != self && GEOSPreparedContains_r(ctx, inside.get(), part) == 1) islands.push_back(clone(ctx, part));
        }
        if (islands.empty()) return GeomPtr();
        GeomPtr land = union_all(ctx, std::move(islands));
        return polygonal_part(ctx, own(ctx, GEOSDifference_r(ctx, hole, land.get()), "difference"));
    };
    try {
        for (int p = 0; p < parts; ++p) {
            const GEOSGeometry* polygon = GEOSGetGeometryN_r(ctx, merged.get(), p);
            std::vector<GEOSGeometry*> kept;
            const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
            for (int h = 0; h < holes; ++h) {
                const GEOSGeometry* ring = GEOSGetInteriorRingN_r(ctx, polygon, h);
                GeomPtr hole = own(ctx, GEOSGeom_createPolygon_r(ctx, GEOSGeom_clone_r(ctx, ring), nullptr, 0), "hole");
                GeomPtr gap = is_sliver(ctx, hole.get(), tolerance) ? GeomPtr() : gap_of(hole.get(), p);
                const GEOSGeometry* judged = gap ? gap.get() : hole.get();
                if (is_sliver(ctx, judged, tolerance) && between_members(ctx, units, index, judged)) {
                    ++footprint.holes_filled;
                    footprint.filled_m2 += area(ctx, judged);
                    islands_filled = islands_filled || gap != nullptr;
                } else {
                    kept.push_back(GEOSGeom_clone_r(ctx, ring));
                }
            }
            GEOSGeometry* shell = GEOSGeom_clone_r(ctx, GEOSGetExteriorRing_r(ctx, polygon));
            polygons.push_back(GEOSGeom_createPolygon_r(ctx, shell, kept.data(), static_cast<unsigned>(kept.size())));
        }
    } catch (...) {
        for (auto* g : polygons)
            GEOSGeom_destroy_r(ctx, g);
        throw;
    }
    GeomPtr result = own(
        ctx,
        GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size())),
        "collect polygons");
    // A filled ring now covers the islands it held: merge them in.
    if (islands_filled) result = polygonal_part(ctx, own(ctx, GEOSUnaryUnion_r(ctx, result.get()), "union"));
    return result;
}

} // namespace

const char* to_string(DissolveMethod method) {
    return method == DissolveMethod::coverage ? "coverage union" : "robust union";
}

std::size_t BuildResult::count(DissolveMethod method) const {
    return static_cast<std::size_t>(
        std::count_if(footprints.begin(), footprints.end(), [&](const Footprint& f) { return f.method == method; }));
}

std::vector<const Footprint*> BuildResult::empty() const {
    std::vector<const Footprint*> found;
    for (const auto& f : footprints)
        if (f.parts == 0) found.push_back(&f);
    return found;
}

std::vector<const Footprint*> BuildResult::multipart() const {
    std::vector<const Footprint*> found;
    for (const auto& f : footprints)
        if (f.parts > 1) found.push_back(&f);
    return found;
}

bool BuildResult::has_problems() const {
    return !missing_members.empty() || !unassigned_units.empty() || !empty().empty();
}

BuildResult build_footprints(GeosContext& ctx, const PolygonLayer& members, const Membership& table,
                             const BuildOptions& options) {
    BuildResult result;
    std::map<std::string, std::set<std::string>> groups_of_member;
    std::map<std::string, Plan> plans;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& row : table.rows) {
        groups_of_member[row.member].insert(row.group);
        Plan& plan = plans[row.group];
        plan.code = row.group;
        // Of several names, the one that sorts first, whatever the row order.
        if (!row.group_name.empty() && (plan.name.empty() || row.group_name < plan.name)) plan.name = row.group_name;
        if (!seen.insert({row.member, row.group}).second) {
            result.duplicate_rows.push_back(row.member + " -> " + row.group);
            continue;
        }
        plan.members.push_back(row.member);
    }
    // Members by code: the union adds them in one order, whatever the table's.
    for (auto& [code, plan] : plans)
        std::sort(plan.members.begin(), plan.members.end());
    std::sort(result.duplicate_rows.begin(), result.duplicate_rows.end());
    std::map<std::string, double> partial;
    for (const auto& row : table.rows)
        if (row.share < 1) partial[row.member] = row.share;
    std::vector<std::string> splits;
    for (const auto& [member, share] : partial)
        if (groups_of_member[member].size() < 2)
            splits.push_back(member + " with share " + format_fixed(share, 6) + " of " +
                             *groups_of_member[member].begin());
    for (const auto& [member, groups] : groups_of_member) {
        if (groups.size() < 2) continue;
        std::string list;
        for (const auto& g : groups)
            list += (list.empty() ? "" : ", ") + g;
        splits.push_back(member + " in " + list);
    }
    if (!splits.empty())
        throw InputError(std::to_string(splits.size()) + (splits.size() == 1 ? " member" : " members") + " of '" +
                         table.source + "' " + (splits.size() == 1 ? "is" : "are") + " split between footprints (" +
                         first_few(splits) +
                         "); a split member cannot be dissolved whole: build these footprints "
                         "from a finer layer whose units nest in them, such as LSOAs");

    std::unordered_map<std::string, const Unit*> by_code;
    for (const auto& unit : members.units)
        by_code.emplace(unit.code, &unit);
    for (const auto& unit : members.units)
        if (!groups_of_member.count(unit.code)) result.unassigned_units.push_back(unit.code);

    std::vector<Plan*> order;
    for (auto& [code, plan] : plans)
        order.push_back(&plan);
    result.footprints.resize(order.size());
    std::vector<std::vector<const Unit*>> inputs(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        Footprint& f = result.footprints[i];
        f.code = order[i]->code;
        f.name = order[i]->name;
        f.members = order[i]->members.size();
        for (const auto& member : order[i]->members) {
            const auto found = by_code.find(member);
            if (found == by_code.end()) {
                ++f.members_missing;
                result.missing_members.push_back(member + " (for " + f.code + ")");
            } else {
                inputs[i].push_back(found->second);
            }
        }
    }
    std::sort(result.missing_members.begin(), result.missing_members.end());

    const unsigned workers = worker_count();
    std::vector<std::unique_ptr<GeosWorker>> state = make_workers(workers);
    // Largest footprints first, so the two cores finish together.
    std::vector<std::size_t> schedule(order.size());
    for (std::size_t i = 0; i < schedule.size(); ++i)
        schedule[i] = i;
    std::stable_sort(schedule.begin(), schedule.end(),
                     [&](std::size_t a, std::size_t b) { return inputs[a].size() > inputs[b].size(); });
    parallel_for(schedule.size(), workers, 1, [&](unsigned w, std::size_t k) {
        const std::size_t i = schedule[k];
        GeosContext& local = state[w]->ctx;
        Footprint& f = result.footprints[i];
        GeomPtr geom = dissolve(local, inputs[i], f.method);
        if (!options.keep_holes && !is_empty(local, geom.get()))
            geom = fill_sliver_holes(local, std::move(geom), inputs[i], options.tolerance, f);
        f.parts = is_empty(local, geom.get()) ? 0 : GEOSGetNumGeometries_r(local, geom.get());
        f.area_m2 = area(local, geom.get());
        f.geom = hand_over(std::move(geom), ctx);
    });
    return result;
}

} // namespace fp
