#include "footprint/flows/mapping.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/overlay/overlay.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace fp {

namespace {

// A -> B -> C -> A, each code quoted, at most the first ten.
std::string cycle_for_message(const std::vector<std::string>& cycle) {
    constexpr std::size_t shown = 10;
    std::string text;
    for (std::size_t i = 0; i < cycle.size() && i < shown; ++i)
        text += quote_value(cycle[i]) + " -> ";
    return text + (cycle.size() > shown ? "... -> " : "") + quote_value(cycle.front());
}

} // namespace

Successions Successions::read(const LayerSpec& given) {
    LayerSpec spec = given;
    if (spec.member_field.empty()) spec.member_field = "old_code";
    if (spec.group_field.empty()) spec.group_field = "new_code";
    const Membership table = read_membership(spec);
    Successions s;
    std::map<std::string, std::set<std::string>> all;
    for (const auto& row : table.rows)
        if (row.member != row.group) all[row.member].insert(row.group); // A -> A says nothing
    for (const auto& [old_code, successors] : all) {
        if (successors.size() > 1)
            s.ambiguous.push_back(old_code);
        else
            s.next_.emplace(old_code, *successors.begin());
    }
    s.resolve_chains(table.source);
    return s;
}

void Successions::resolve_chains(const std::string& source) {
    // Each code is walked once: a walk stops at a code already resolved and
    // gives the whole path that code's end. So chains of any length take
    // linear time, and a walk that meets its own path has found a cycle.
    std::unordered_map<std::string, std::string> last;
    last.reserve(next_.size());
    std::vector<const std::string*> path;
    std::unordered_map<std::string, std::size_t> on_path; // code -> index in path
    // In code order, so that of several cycles the same one is named every time.
    std::vector<const std::string*> starts;
    for (const auto& entry : next_)
        starts.push_back(&entry.first);
    std::sort(starts.begin(), starts.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    for (const std::string* start : starts) {
        if (last.count(*start)) continue;
        path.clear();
        on_path.clear();
        const std::string* code = start;
        const std::string* end = nullptr;
        while (true) {
            const auto done = last.find(*code);
            if (done != last.end()) {
                end = &done->second;
                break;
            }
            const auto next = next_.find(*code);
            if (next == next_.end()) {
                end = code;
                break;
            }
            const auto [seen, added] = on_path.emplace(*code, path.size());
            if (!added) {
                std::vector<std::string> cycle;
                for (std::size_t i = seen->second; i < path.size(); ++i)
                    cycle.push_back(*path[i]);
                // From its smallest code, whichever code the walk entered by.
                std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
                throw InputError("'" + source + "': the successions form a cycle of " + std::to_string(cycle.size()) +
                                 " codes, so they have no newest code: " + cycle_for_message(cycle));
            }
            path.push_back(code);
            code = &next->second;
        }
        const std::string resolved = *end;
        for (const std::string* p : path)
            last.emplace(*p, resolved);
    }
    next_ = std::move(last);
}

bool Successions::is_ambiguous(const std::string& code) const {
    return std::binary_search(ambiguous.begin(), ambiguous.end(), code);
}

const std::string& Successions::resolve(const std::string& code) const {
    const auto found = next_.find(code);
    return found == next_.end() ? code : found->second;
}

namespace {

// A code named differently by different rows keeps the name that sorts
// first, whatever the order of the rows.
void keep_name(std::string& kept, const std::string& name) {
    if (!name.empty() && (kept.empty() || name < kept)) kept = name;
}

} // namespace

std::size_t FlowMapping::footprint(const std::string& code, const std::string& name) {
    for (std::size_t i = 0; i < footprint_codes.size(); ++i)
        if (footprint_codes[i] == code) {
            keep_name(footprint_names[i], name);
            return i;
        }
    footprint_codes.push_back(code);
    footprint_names.push_back(name);
    return footprint_codes.size() - 1;
}

namespace {

// Two old codes that a merger joined may have pointed at different
// footprints: the new code is then shared equally and reported.
void merge_into(std::unordered_map<std::string, FootprintShares>& target, const std::string& code,
                FootprintShares shares, std::vector<std::string>& conflicts) {
    // By footprint, so that the same shares listed in another order are the same.
    std::sort(shares.begin(), shares.end());
    auto [it, added] = target.try_emplace(code, shares);
    if (added || it->second == shares) return;
    std::set<std::size_t> footprints;
    for (const auto& [f, share] : it->second)
        footprints.insert(f);
    for (const auto& [f, share] : shares)
        footprints.insert(f);
    it->second.clear();
    for (std::size_t f : footprints)
        it->second.push_back({f, 1.0 / static_cast<double>(footprints.size())});
    if (std::find(conflicts.begin(), conflicts.end(), code) == conflicts.end()) conflicts.push_back(code);
}

} // namespace

void map_by_table(FlowMapping& mapping, const Membership& table, bool origins) {
    check_member_shares(table);
    // By the codes the table uses; successions merge them afterwards.
    std::map<std::string, FootprintShares> shares;
    for (const auto& row : table.rows) {
        const std::size_t f = mapping.footprint(row.group, row.group_name);
        if (mapping.successions.is_ambiguous(row.member)) mapping.ambiguous_codes.push_back(row.member);
        shares[row.member].push_back({f, row.share});
    }
    auto& target = origins ? mapping.origin : mapping.destination;
    for (auto& [code, list] : shares)
        merge_into(target, mapping.successions.resolve(code), std::move(list), mapping.conflicts);
}

void add_footprints(FlowMapping& mapping, const PolygonLayer& footprints) {
    for (const auto& unit : footprints.units)
        mapping.footprint(unit.code, unit.name);
}

void map_by_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints, const PointLayer& points) {
    add_footprints(mapping, footprints);
    mapping.destinations_by_location = true;
    const PointLocation located = locate_points(ctx, footprints.units, points.points);
    const auto shares_of = [&](std::size_t p) {
        FootprintShares shares;
        const long unit = located.unit_of_point[p];
        if (unit >= 0)
            shares.push_back({mapping.footprint(footprints.units[static_cast<std::size_t>(unit)].code, ""), 1.0});
        return shares;
    };
    // A provider's own point places and names it. The points of the codes
    // it succeeded (often closed sites) stand in only when it has none.
    std::set<std::string> own;
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const std::string& code = points.points[p].code;
        if (mapping.successions.is_ambiguous(code)) mapping.ambiguous_codes.push_back(code);
        if (mapping.successions.resolve(code) != code) continue;
        own.insert(code);
        keep_name(mapping.destination_names[code], points.points[p].name);
        merge_into(mapping.destination, code, shares_of(p), mapping.conflicts);
    }
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const std::string& successor = mapping.successions.resolve(points.points[p].code);
        if (successor == points.points[p].code || own.count(successor)) continue;
        keep_name(mapping.destination_names[successor], points.points[p].name);
        merge_into(mapping.destination, successor, shares_of(p), mapping.conflicts);
    }
}

void map_by_polygons(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                     const PolygonLayer& origins, const PointLayer* weights) {
    add_footprints(mapping, footprints);
    const Overlay o = overlay_layers(ctx, footprints, origins, weights, OverlayOptions{});
    std::vector<FootprintShares> shares(o.b.codes.size());
    for (const auto& p : o.pieces) {
        if (p.sliver) continue;
        const double share = o.weighted && o.b.weight[p.b] > 0 ? p.weight_share_of_b : p.share_of_b;
        shares[p.b].push_back({mapping.footprint(o.a.codes[p.a], ""), share});
    }
    for (std::size_t b = 0; b < shares.size(); ++b) {
        // Slivers dropped: what remains of an origin in footprints is all of it.
        const double sum = std::accumulate(shares[b].begin(), shares[b].end(), 0.0,
                                           [](double t, const auto& s) { return t + s.second; });
        for (auto& s : shares[b])
            s.second /= sum > 0 ? sum : 1;
        merge_into(mapping.origin, mapping.successions.resolve(o.b.codes[b]), std::move(shares[b]), mapping.conflicts);
    }
}

GroupedPointsSummary map_by_grouped_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                                           const PointLayer& points, const Membership& groups) {
    add_footprints(mapping, footprints);
    std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> origins_of;
    for (const auto& row : groups.rows)
        origins_of[row.member].emplace_back(row.group, row.share);
    const PointLocation located = locate_points(ctx, footprints.units, points.points);
    // Origin -> footprint (-1: none) -> weight and number of points. By code
    // and by footprint, so that sums do not depend on the order of points.
    struct Weight {
        long double weight = 0;
        double points = 0;
    };
    std::map<std::string, std::map<long, Weight>> by_origin;
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const auto found = origins_of.find(points.points[p].code);
        if (found == origins_of.end()) continue;
        for (const auto& [origin, share] : found->second) {
            Weight& w = by_origin[origin][located.unit_of_point[p]];
            w.weight += points.points[p].weight * share;
            w.points += share;
        }
    }
    GroupedPointsSummary summary;
    for (const auto& [origin, parts] : by_origin) {
        long double weight = 0, count = 0;
        for (const auto& [unit, w] : parts)
            weight += w.weight, count += w.points;
        // An origin whose points all weigh nothing is shared by its points.
        const bool by_weight = weight > 0;
        FootprintShares shares;
        for (const auto& [unit, w] : parts)
            if (unit >= 0)
                shares.push_back({mapping.footprint(footprints.units[static_cast<std::size_t>(unit)].code, ""),
                                  static_cast<double>(by_weight ? w.weight / weight : w.points / count)});
        ++summary.origins;
        if (shares.empty())
            ++summary.outside;
        else if (shares.size() == 1 && parts.size() == 1)
            ++summary.whole;
        else
            ++summary.split;
        merge_into(mapping.origin, mapping.successions.resolve(origin), std::move(shares), mapping.conflicts);
    }
    return summary;
}

} // namespace fp
