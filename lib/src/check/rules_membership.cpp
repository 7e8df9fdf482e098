// Membership: the table puts every member in one footprint, names only
// members and footprints that exist, and agrees with where the geometry
// puts each member.
#include "rules.hpp"

#include <algorithm>

namespace fp {

Needs needs_table(const CheckContext& ctx) {
    return {ctx.table ? "" : ctx.option(CheckOption::membership), ""};
}

Needs needs_members(const CheckContext& ctx) {
    const Needs table = needs_table(ctx);
    if (!table.missing.empty()) return table;
    return {ctx.members ? "" : ctx.option(CheckOption::members), ""};
}

// A footprint layer to compare the table with: footprints dissolved from
// the table agree with it by construction.
Needs needs_table_and_footprints(const CheckContext& ctx) {
    const Needs table = needs_table(ctx);
    if (!table.missing.empty()) return table;
    return {ctx.request.footprints ? "" : "a footprint layer", ""};
}

Needs needs_members_and_footprints(const CheckContext& ctx) {
    const Needs members = needs_members(ctx);
    return members.missing.empty() ? needs_table_and_footprints(ctx) : members;
}

void check_splits(CheckContext& ctx, Sink& sink) {
    for (const auto& [code, groups] : ctx.of_member) {
        std::set<std::string> distinct;
        for (const auto& g : groups)
            distinct.insert(g.first);
        if (distinct.size() < 2) continue;
        if (ctx.request.allowed_splits.count(code)) {
            sink.used(code);
            continue;
        }
        auto sorted = groups;
        // Largest share first; equal shares by footprint code.
        std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
            return std::tie(y.second, x.first) < std::tie(x.second, y.first);
        });
        std::vector<std::string> parts, others;
        for (const auto& [group, share] : sorted) {
            parts.push_back(group + (ctx.table->share_field.empty() ? "" : " " + percent(share)));
            if (group != sorted.front().first) others.push_back(group);
        }
        std::vector<std::string> codes = {code};
        codes.insert(codes.end(), distinct.begin(), distinct.end());
        sink.add(ViolationBuilder(codes, ctx.member(code) + " is in " + std::to_string(distinct.size()) +
                                             " footprints: " + join(parts))
                     .measured(static_cast<double>(distinct.size()), 1, "footprints")
                     .hint("keep it in " + sorted.front().first + " only and take it out of " + join(others) +
                           ", or allow the split (" + ctx.option(CheckOption::allow_split) + " " + code + ")"));
    }
}

void check_unknown_members(CheckContext& ctx, Sink& sink) {
    for (const auto& [code, groups] : ctx.of_member) {
        if (ctx.members->names.count(code)) continue;
        sink.add(ViolationBuilder({code}, "member " + code + " (in " + groups.front().first + ") is not in " +
                                              ctx.request.members->display())
                     .hint("correct the code, or delete the row"));
    }
}

void check_unassigned(CheckContext& ctx, Sink& sink) {
    const Placement* placed = ctx.footprints ? &ctx.placement() : nullptr;
    for (const auto& [code, name] : ctx.members->names) {
        if (ctx.of_member.count(code)) continue;
        ViolationBuilder found({code}, labelled(code, name) + " is in no footprint of the table");
        const auto where = placed ? placed->find(code) : Placement::const_iterator();
        if (placed && where != placed->end() && !where->second.empty())
            found.hint("add it to " + ctx.footprint(where->second.front().first) + ", which holds " +
                       percent(where->second.front().second) + " of it");
        else
            found.hint("add it to the footprint it belongs to");
        sink.add(std::move(found));
    }
}

void check_member_geometry(CheckContext& ctx, Sink& sink) {
    const Placement& placed = ctx.placement();
    const bool points = ctx.members->points.has_value();
    for (const auto& [code, groups] : ctx.of_member) {
        if (!ctx.members->names.count(code)) continue; // unknown: reported by its own rule
        std::set<std::string> in_table;
        for (const auto& g : groups)
            in_table.insert(g.first);
        const auto where = placed.find(code);
        std::set<std::string> in_geometry;
        double misplaced = 0;
        std::vector<std::string> shares;
        if (where != placed.end())
            for (const auto& [group, share] : where->second) {
                in_geometry.insert(group);
                shares.push_back(points ? group : group + " " + percent(share));
                if (!in_table.count(group)) misplaced += share;
            }
        // A point lies in one footprint: a member the table shares between
        // footprints agrees when its point is in one of them.
        const bool agrees = points ? !in_geometry.empty() && std::includes(in_table.begin(), in_table.end(),
                                                                           in_geometry.begin(), in_geometry.end())
                                   : in_geometry == in_table;
        if (agrees) continue;
        std::vector<std::string> table_list(in_table.begin(), in_table.end());
        std::vector<std::string> codes = {code};
        codes.insert(codes.end(), in_table.begin(), in_table.end());
        for (const auto& g : in_geometry)
            if (!in_table.count(g)) codes.push_back(g);
        const std::string what = points ? "its point lies in " : "its area lies in ";
        ViolationBuilder found(codes, ctx.member(code) + ": the table puts it in " + join(table_list) + "; " +
                                          (in_geometry.empty() ? what + "no footprint" : what + join(shares)));
        std::vector<std::string> missing, extra;
        for (const auto& g : in_geometry)
            if (!in_table.count(g)) missing.push_back(g);
        for (const auto& t : in_table)
            if (!in_geometry.count(t)) extra.push_back(t);
        // Only a member partly elsewhere has a share to measure; one listed
        // in a footprint where it has no material area has not.
        if (!missing.empty())
            found.measured(misplaced * 100, points ? 0 : ctx.request.overlay.share_tolerance * 100, "%");
        if (in_geometry.empty()) {
            found.hint("check its geometry: it lies outside every footprint");
        } else if (in_geometry.size() == 1 && extra.size() == in_table.size()) {
            found.hint("move it to " + ctx.footprint(missing.front()) + " in the table, or redraw " + join(table_list) +
                       " to take it in");
        } else {
            std::vector<std::string> changes;
            if (!missing.empty()) changes.push_back("add it to " + join(missing));
            if (!extra.empty()) changes.push_back("take it out of " + join(extra));
            found.hint(join(changes, " and ") + " in the table, or redraw the footprints to match the table");
        }
        sink.add(std::move(found));
    }
}

void check_unknown_footprints(CheckContext& ctx, Sink& sink) {
    std::set<std::string> known(ctx.footprint_codes.begin(), ctx.footprint_codes.end());
    std::map<std::string, std::size_t> members_of;
    for (const auto& row : ctx.table->rows)
        ++members_of[row.group];
    for (const auto& [group, count] : members_of) {
        if (known.count(group)) continue;
        sink.add(ViolationBuilder({group}, "footprint " + group + " has " + std::to_string(count) +
                                               " member(s) in the table but is not in " +
                                               ctx.request.footprints->display())
                     .hint("correct the footprint code in the table, or add the footprint to the layer"));
    }
}

void check_empty_footprints(CheckContext& ctx, Sink& sink) {
    std::set<std::string> used;
    for (const auto& row : ctx.table->rows)
        used.insert(row.group);
    for (const auto& code : ctx.footprint_codes) {
        if (used.count(code)) continue;
        sink.add(ViolationBuilder({code}, "footprint " + ctx.footprint(code) + " has no members in the table")
                     .hint("add its members to the table, or delete the footprint"));
    }
}

} // namespace fp
