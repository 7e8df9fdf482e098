#include "footprint/flows.hpp"

#include "footprint/csv_reader.hpp"
#include "footprint/error.hpp"
#include "footprint/fields.hpp"
#include "footprint/gdal_util.hpp"
#include "footprint/overlay.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <set>

namespace fp {

namespace {

std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string listed(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

// Rows of a table with their header, from CSV (streamed by our reader, with
// line numbers) or any other GDAL table source (with row numbers).
class RowSource {
  public:
    explicit RowSource(const LayerSpec& spec) : spec_(spec) {
        const std::string lower = to_lower(spec.source);
        if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0 && spec.layer.empty() &&
            spec.where.empty()) {
            csv_ = std::make_unique<CsvReader>(spec.source);
            if (!csv_->next(header_)) throw InputError("'" + spec.source + "' is empty");
            for (auto& h : header_) h = trimmed(h);
        } else {
            dataset_ = open_vector(spec.source);
            layer_ = &select_layer(*dataset_, spec);
            header_ = field_names(*layer_->GetLayerDefn());
            layer_->ResetReading();
        }
    }

    const std::vector<std::string>& header() const { return header_; }

    bool next(std::vector<std::string>& fields) {
        if (csv_) return csv_->next(fields);
        OGRFeatureUniquePtr feature(layer_->GetNextFeature());
        if (!feature) {
            if (!capture_.last_error().empty())
                throw InputError("reading '" + spec_.display() + "' failed: " + capture_.last_error());
            return false;
        }
        ++row_;
        fields.clear();
        for (int i = 0; i < static_cast<int>(header_.size()); ++i)
            fields.emplace_back(feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "");
        return true;
    }

    // "line 12" in a CSV file, "row 11" elsewhere.
    std::string where() const {
        return "'" + spec_.display() + "' " + (csv_ ? "line " + std::to_string(csv_->line()) : "row " + std::to_string(row_));
    }

  private:
    LayerSpec spec_;
    std::unique_ptr<CsvReader> csv_;
    DatasetPtr dataset_;
    OGRLayer* layer_ = nullptr;
    GdalErrorCapture capture_;
    std::vector<std::string> header_;
    std::size_t row_ = 0;
};

int column_index(const std::vector<std::string>& header, const std::string& wanted, const char* role,
                 const std::string& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (to_lower(header[i]) == to_lower(wanted)) return static_cast<int>(i);
    throw UsageError("'" + source + "': no " + role + " column '" + wanted + "'; columns are: " + listed(header));
}

double parse_count(const std::string& raw, const std::string& where, const std::string& column) {
    const std::string text = trimmed(raw);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    const std::string at = where + ", column " + column + ": ";
    if (text.empty() || end != text.c_str() + text.size())
        throw InputError(at + "'" + text + "' is not a count (a number >= 0)");
    if (errno == ERANGE || !std::isfinite(value))
        throw InputError(at + "'" + text + "' is not a finite count");
    if (value < 0) throw InputError(at + "negative count " + text);
    return value;
}

class Interner {
  public:
    explicit Interner(std::vector<std::string>& codes) : codes_(codes) {}
    std::uint32_t id(const std::string& code) {
        const auto [it, added] = ids_.try_emplace(code, static_cast<std::uint32_t>(codes_.size()));
        if (added) codes_.push_back(code);
        return it->second;
    }

  private:
    std::vector<std::string>& codes_;
    std::unordered_map<std::string, std::uint32_t> ids_;
};

} // namespace

FlowCounts read_flows(const LayerSpec& spec, const FlowTableOptions& options) {
    RowSource rows(spec);
    const auto& header = rows.header();
    FlowCounts counts;
    counts.source = spec.display();
    Interner codes(counts.codes);
    std::vector<std::string> fields;
    const auto add = [&](const std::string& origin, const std::string& destination, double value) {
        const std::uint64_t key = (std::uint64_t{codes.id(origin)} << 32) | codes.id(destination);
        const auto [it, added] = counts.pairs.try_emplace(key, 0.0);
        if (!added) ++counts.duplicate_rows;
        it->second += value;
        counts.total += value;
    };
    const auto check_width = [&] {
        if (fields.size() != header.size())
            throw InputError(rows.where() + ": " + std::to_string(fields.size()) + " fields, but the header has " +
                             std::to_string(header.size()));
    };

    if (options.wide) {
        if (header.size() < 2) throw UsageError("'" + spec.display() + "': a wide matrix needs an origin column and destination columns");
        counts.origin_field = header[0];
        std::vector<std::string> destinations(header.begin() + 1, header.end());
        while (rows.next(fields)) {
            if (fields.size() == 1 && trimmed(fields[0]).empty()) continue; // a blank line
            check_width();
            ++counts.rows;
            const std::string origin = trimmed(fields[0]);
            if (origin.empty()) throw InputError(rows.where() + ", column " + header[0] + ": empty origin code");
            for (std::size_t d = 0; d < destinations.size(); ++d) {
                if (trimmed(fields[d + 1]).empty()) continue;
                const double value = parse_count(fields[d + 1], rows.where(), destinations[d]);
                if (value > 0) add(origin, destinations[d], value);
            }
        }
        return counts;
    }

    // Long form: columns named in the spec, else detected.
    std::vector<std::string> coded;
    for (const auto& h : header) {
        const std::string lower = to_lower(h);
        if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "cd") == 0) coded.push_back(h);
        else if (lower.size() > 5 && lower.compare(lower.size() - 5, 5, "_code") == 0) coded.push_back(h);
    }
    std::string count_name = spec.count_field;
    if (count_name.empty())
        for (const char* candidate : {"count", "counts", "n", "activity", "value", "flow", "spells", "admissions", "attendances"})
            for (const auto& h : header)
                if (count_name.empty() && to_lower(h) == candidate) count_name = h;
    std::string origin_name = spec.origin_field, destination_name = spec.destination_field;
    if (origin_name.empty() || destination_name.empty()) {
        std::vector<std::string> left;
        for (const auto& c : coded)
            if (to_lower(c) != to_lower(origin_name) && to_lower(c) != to_lower(destination_name)) left.push_back(c);
        if (origin_name.empty() && !left.empty()) origin_name = left.front(), left.erase(left.begin());
        if (destination_name.empty() && !left.empty()) destination_name = left.front();
    }
    if (origin_name.empty() || destination_name.empty() || count_name.empty()) {
        if (header.size() == 3 && spec.origin_field.empty() && spec.destination_field.empty() && spec.count_field.empty()) {
            origin_name = header[0], destination_name = header[1], count_name = header[2];
        } else {
            throw UsageError("'" + spec.display() + "': cannot tell the origin, destination and count columns; "
                             "name them with '|origin=COL|destination=COL|count=COL' (columns: " + listed(header) + ")");
        }
    }
    const int origin_at = column_index(header, origin_name, "origin", spec.display());
    const int destination_at = column_index(header, destination_name, "destination", spec.display());
    const int count_at = column_index(header, count_name, "count", spec.display());
    int period_at = -1;
    if (!spec.period_field.empty()) period_at = column_index(header, spec.period_field, "period", spec.display());
    if (!options.period.empty() && period_at < 0)
        for (const char* candidate : {"period", "month", "year", "date"})
            for (std::size_t i = 0; i < header.size(); ++i)
                if (period_at < 0 && to_lower(header[i]) == candidate) period_at = static_cast<int>(i);
    if (!options.period.empty() && period_at < 0)
        throw UsageError("'" + spec.display() + "': --period needs a period column; name it with '|period=COL'");
    counts.origin_field = header[static_cast<std::size_t>(origin_at)];
    counts.destination_field = header[static_cast<std::size_t>(destination_at)];
    counts.count_field = header[static_cast<std::size_t>(count_at)];
    if (period_at >= 0) counts.period_field = header[static_cast<std::size_t>(period_at)];

    while (rows.next(fields)) {
        if (fields.size() == 1 && trimmed(fields[0]).empty()) continue;
        check_width();
        if (period_at >= 0 && !options.period.empty() &&
            trimmed(fields[static_cast<std::size_t>(period_at)]) != options.period) {
            ++counts.skipped_period_rows;
            continue;
        }
        ++counts.rows;
        const std::string origin = trimmed(fields[static_cast<std::size_t>(origin_at)]);
        const std::string destination = trimmed(fields[static_cast<std::size_t>(destination_at)]);
        if (origin.empty()) throw InputError(rows.where() + ", column " + counts.origin_field + ": empty origin code");
        if (destination.empty())
            throw InputError(rows.where() + ", column " + counts.destination_field + ": empty destination code");
        add(origin, destination, parse_count(fields[static_cast<std::size_t>(count_at)], rows.where(), counts.count_field));
    }
    return counts;
}

Successions Successions::read(const LayerSpec& given) {
    LayerSpec spec = given;
    if (spec.member_field.empty()) spec.member_field = "old_code";
    if (spec.group_field.empty()) spec.group_field = "new_code";
    const Membership table = read_membership(spec);
    Successions s;
    std::map<std::string, std::set<std::string>> all;
    for (const auto& row : table.rows)
        if (row.member != row.group) all[row.member].insert(row.group);
    for (const auto& [old_code, successors] : all) {
        if (successors.size() > 1) s.ambiguous.push_back(old_code);
        else s.next_.emplace(old_code, *successors.begin());
    }
    return s;
}

const std::string& Successions::resolve(const std::string& code) const {
    const std::string* current = &code;
    for (int step = 0; step < 64; ++step) { // a cycle stops here
        const auto found = next_.find(*current);
        if (found == next_.end()) break;
        current = &found->second;
    }
    return *current;
}

std::size_t FlowMapping::footprint(const std::string& code, const std::string& name) {
    for (std::size_t i = 0; i < footprint_codes.size(); ++i)
        if (footprint_codes[i] == code) {
            if (footprint_names[i].empty()) footprint_names[i] = name;
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
    auto [it, added] = target.try_emplace(code, shares);
    if (added || it->second == shares) return;
    std::set<std::size_t> footprints;
    for (const auto& [f, share] : it->second) footprints.insert(f);
    for (const auto& [f, share] : shares) footprints.insert(f);
    it->second.clear();
    for (std::size_t f : footprints) it->second.push_back({f, 1.0 / static_cast<double>(footprints.size())});
    conflicts.push_back(code);
}

} // namespace

void map_by_table(FlowMapping& mapping, const Membership& table, bool origins) {
    std::map<std::string, FootprintShares> shares;
    for (const auto& row : table.rows) {
        const std::size_t f = mapping.footprint(row.group, row.group_name);
        shares[mapping.successions.resolve(row.member)].push_back({f, row.share});
    }
    auto& target = origins ? mapping.origin : mapping.destination;
    for (auto& [code, list] : shares) {
        double sum = 0;
        for (const auto& entry : list) sum += entry.second;
        if (sum > 1 + 1e-9)
            throw InputError("'" + table.source + "': the shares of " + code + " add up to " + std::to_string(sum) +
                             ", more than 1: flows would be counted twice");
        merge_into(target, code, std::move(list), mapping.conflicts);
    }
}

void add_footprints(FlowMapping& mapping, const PolygonLayer& footprints) {
    for (const auto& unit : footprints.units) mapping.footprint(unit.code, unit.name);
}

void map_by_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints, const PointLayer& points) {
    add_footprints(mapping, footprints);
    mapping.destinations_by_location = true;
    const PointLocation located = locate_points(ctx, footprints.units, points.points);
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const std::string code = mapping.successions.resolve(points.points[p].code);
        if (!points.points[p].name.empty()) mapping.destination_names.emplace(code, points.points[p].name);
        const long unit = located.unit_of_point[p];
        FootprintShares shares;
        if (unit >= 0) shares.push_back({mapping.footprint(footprints.units[static_cast<std::size_t>(unit)].code, ""), 1.0});
        merge_into(mapping.destination, code, std::move(shares), mapping.conflicts);
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
        for (auto& s : shares[b]) s.second /= sum > 0 ? sum : 1;
        merge_into(mapping.origin, mapping.successions.resolve(o.b.codes[b]), std::move(shares[b]), mapping.conflicts);
    }
}

const char* to_string(UnmappedReason reason) {
    switch (reason) {
    case UnmappedReason::unknown_origin:
        return "unknown origin code";
    case UnmappedReason::unknown_destination:
        return "unknown destination code";
    case UnmappedReason::no_location:
        return "destination with no location";
    case UnmappedReason::outside:
        return "outside every footprint";
    }
    return "?";
}

double FlowResult::unmapped_total() const { return std::accumulate(unmapped.begin(), unmapped.end(), 0.0); }

FlowResult compute_flows(const FlowCounts& counts, const FlowMapping& mapping, const FlowOptions& options) {
    FlowResult r;
    r.options = options;
    r.source = counts.source;
    // Footprints by code, whatever order the mapping met them in.
    std::vector<std::size_t> order(mapping.footprint_codes.size()), rank(order.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return mapping.footprint_codes[x] < mapping.footprint_codes[y]; });
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = i;
        r.footprint_codes.push_back(mapping.footprint_codes[order[i]]);
        r.footprint_names.push_back(mapping.footprint_names[order[i]]);
    }
    r.rows = counts.rows;
    r.duplicate_rows = counts.duplicate_rows;
    r.skipped_period_rows = counts.skipped_period_rows;
    r.conflicts = mapping.conflicts;
    const std::size_t n = r.footprint_codes.size();
    r.matrix.assign(n, std::vector<double>(n, 0.0));
    r.footprints.assign(n, {});

    // Sum in a fixed order: the hash map's order must not reach the output.
    std::vector<std::pair<std::uint64_t, double>> pairs(counts.pairs.begin(), counts.pairs.end());
    const auto code_of = [&](std::uint32_t id) -> const std::string& { return counts.codes[id]; };
    std::sort(pairs.begin(), pairs.end(), [&](const auto& x, const auto& y) {
        return std::tie(code_of(static_cast<std::uint32_t>(x.first >> 32)), code_of(static_cast<std::uint32_t>(x.first))) <
               std::tie(code_of(static_cast<std::uint32_t>(y.first >> 32)), code_of(static_cast<std::uint32_t>(y.first)));
    });

    std::map<std::string, ProviderFlows> providers;
    std::map<std::pair<std::size_t, std::string>, double> outflows; // (origin footprint, provider)
    std::map<std::tuple<int, std::string, std::string>, double> unmapped;
    long double total = 0, mapped = 0;
    std::array<long double, unmapped_reasons> lost{};
    const auto lose = [&](UnmappedReason why, const std::string& o, const std::string& d, double c) {
        if (c <= 0) return;
        lost[static_cast<std::size_t>(why)] += c;
        unmapped[{static_cast<int>(why), o, d}] += c;
    };

    for (const auto& [key, count] : pairs) {
        const std::string& origin = code_of(static_cast<std::uint32_t>(key >> 32));
        const std::string& destination = mapping.successions.resolve(code_of(static_cast<std::uint32_t>(key)));
        total += count;
        ProviderFlows& provider = providers[destination];
        if (provider.code.empty()) {
            provider.code = destination;
            provider.by_origin_footprint.assign(n, 0.0);
            const auto named = mapping.destination_names.find(destination);
            if (named != mapping.destination_names.end()) provider.name = named->second;
        }
        provider.activity += count;

        const auto o = mapping.origin.find(mapping.successions.resolve(origin));
        if (o == mapping.origin.end()) {
            provider.from_unmapped_origins += count;
            lose(UnmappedReason::unknown_origin, origin, destination, count);
            continue;
        }
        double origin_mapped = 0;
        for (const auto& [f, share] : o->second) {
            provider.by_origin_footprint[rank[f]] += count * share;
            origin_mapped += share;
        }
        provider.from_unmapped_origins += count * std::max(0.0, 1 - origin_mapped);

        const auto d = mapping.destination.find(destination);
        if (d == mapping.destination.end()) {
            lose(mapping.destinations_by_location ? UnmappedReason::no_location : UnmappedReason::unknown_destination,
                 origin, destination, count);
            continue;
        }
        double destination_mapped = 0;
        for (const auto& [g, share] : d->second) destination_mapped += share;
        // What part of this flow lies in no footprint at either end.
        lose(UnmappedReason::outside, origin, destination, count * (1 - std::min(1.0, origin_mapped * destination_mapped)));
        for (const auto& [f, fs] : o->second)
            for (const auto& [g, gs] : d->second) {
                const double c = count * fs * gs;
                r.matrix[rank[f]][rank[g]] += c;
                mapped += c;
                if (f != g) outflows[{rank[f], destination}] += c;
            }
        if (d->second.size() == 1) provider.footprint = static_cast<long>(rank[d->second.front().first]);
    }
    r.total = static_cast<double>(total);
    r.mapped = static_cast<double>(mapped);
    for (std::size_t i = 0; i < unmapped_reasons; ++i) r.unmapped[i] = static_cast<double>(lost[i]);
    for (const auto& [key, c] : unmapped)
        r.unmapped_flows.push_back({std::get<1>(key), std::get<2>(key), c, static_cast<UnmappedReason>(std::get<0>(key))});
    std::stable_sort(r.unmapped_flows.begin(), r.unmapped_flows.end(), [](const auto& x, const auto& y) {
        return std::tie(x.reason, y.count) < std::tie(y.reason, x.count);
    });

    for (std::size_t f = 0; f < n; ++f) {
        FootprintFlows& ff = r.footprints[f];
        for (std::size_t g = 0; g < n; ++g) {
            ff.residents += r.matrix[f][g];
            ff.provided += r.matrix[g][f];
        }
        ff.within = r.matrix[f][f];
        ff.demand_containment = ff.residents > 0 ? ff.within / ff.residents : 0;
        ff.supply_containment = ff.provided > 0 ? ff.within / ff.provided : 0;
        ff.passes = ff.demand_containment >= options.demand_threshold && ff.supply_containment >= options.supply_threshold;
    }
    for (const auto& [key, c] : outflows) {
        const auto& d = mapping.destination.at(key.second);
        r.footprints[key.first].top_outflows.push_back({key.second, rank[d.front().first], c});
    }
    for (auto& ff : r.footprints) {
        std::stable_sort(ff.top_outflows.begin(), ff.top_outflows.end(),
                         [](const Outflow& x, const Outflow& y) { return x.count > y.count; });
        if (ff.top_outflows.size() > options.top) ff.top_outflows.resize(options.top);
    }
    for (auto& [code, p] : providers) {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return p.by_origin_footprint[x] > p.by_origin_footprint[y]; });
        for (std::size_t f : order)
            if (p.activity > 0 && p.by_origin_footprint[f] / p.activity >= options.span_threshold) p.spans.push_back(f);
        r.providers.push_back(std::move(p));
    }
    return r;
}

} // namespace fp
