#include "footprint/flows/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace fp {

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

double FlowResult::unmapped_total() const {
    return std::accumulate(unmapped.begin(), unmapped.end(), 0.0);
}

double FlowResult::difference() const {
    return total - mapped - unmapped_total();
}

bool FlowResult::reconciles() const {
    return same_total(total, mapped + unmapped_total());
}

bool same_total(double a, double b) {
    return std::fabs(a - b) <= reconciliation_tolerance * std::max({std::fabs(a), std::fabs(b), 1.0});
}

namespace {

// Footprints by code, whatever order the mapping met them in: fills the
// result's codes and names, and returns each mapping footprint's place.
std::vector<std::size_t> order_footprints(const FlowMapping& mapping, FlowResult& r) {
    std::vector<std::size_t> order(mapping.footprint_codes.size()), rank(order.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return mapping.footprint_codes[x] < mapping.footprint_codes[y]; });
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = i;
        r.footprint_codes.push_back(mapping.footprint_codes[order[i]]);
        r.footprint_names.push_back(mapping.footprint_names[order[i]]);
    }
    return rank;
}

// What the result reports of the reading and the mapping as they were.
void copy_provenance(const FlowCounts& counts, const FlowMapping& mapping, FlowResult& r) {
    r.source = counts.source;
    r.rows = counts.rows;
    r.duplicate_rows = counts.duplicate_rows;
    r.skipped_period_rows = counts.skipped_period_rows;
    r.conflicts = mapping.conflicts;
    std::sort(r.conflicts.begin(), r.conflicts.end());
    std::set<std::string> ambiguous(mapping.ambiguous_codes.begin(), mapping.ambiguous_codes.end());
    for (const auto& code : counts.codes)
        if (mapping.successions.is_ambiguous(code)) ambiguous.insert(code);
    r.ambiguous_codes.assign(ambiguous.begin(), ambiguous.end());
}

// Shares by footprint place, in that order: sums then add them in one order.
FootprintShares ranked(const FootprintShares& shares, const std::vector<std::size_t>& rank) {
    FootprintShares out;
    for (const auto& [f, share] : shares)
        out.push_back({rank[f], share});
    std::sort(out.begin(), out.end());
    return out;
}

// Each distinct code of the flows resolved once, so that the loop over
// pairs only indexes: its successor and its shares at either end.
struct ResolvedCodes {
    std::vector<const std::string*> resolved;
    std::vector<FootprintShares> origin_shares, destination_shares;
    std::vector<const FootprintShares*> origin_of, destination_of; // null: not mapped
    std::vector<std::uint32_t> provider_of;                        // index into the providers
};

ResolvedCodes resolve_codes(const FlowCounts& counts, const FlowMapping& mapping,
                            const std::vector<std::size_t>& rank) {
    const std::size_t code_count = counts.codes.size();
    ResolvedCodes c;
    c.resolved.resize(code_count);
    c.origin_shares.resize(code_count);
    c.destination_shares.resize(code_count);
    c.origin_of.assign(code_count, nullptr);
    c.destination_of.assign(code_count, nullptr);
    c.provider_of.assign(code_count, 0);
    for (std::size_t id = 0; id < code_count; ++id) {
        c.resolved[id] = &mapping.successions.resolve(counts.codes[id]);
        const auto o = mapping.origin.find(*c.resolved[id]);
        if (o != mapping.origin.end()) c.origin_of[id] = &(c.origin_shares[id] = ranked(o->second, rank));
        const auto d = mapping.destination.find(*c.resolved[id]);
        if (d != mapping.destination.end())
            c.destination_of[id] = &(c.destination_shares[id] = ranked(d->second, rank));
    }
    return c;
}

using CountedPairs = std::vector<std::pair<std::uint64_t, double>>;

// Pairs in the order of their codes, not of the rows that first named
// them, so that every sum adds the same terms in the same order.
CountedPairs pairs_in_code_order(const FlowCounts& counts) {
    const std::size_t code_count = counts.codes.size();
    std::vector<std::uint32_t> by_code(code_count), code_rank(code_count);
    std::iota(by_code.begin(), by_code.end(), 0);
    std::sort(by_code.begin(), by_code.end(),
              [&](std::uint32_t x, std::uint32_t y) { return counts.codes[x] < counts.codes[y]; });
    for (std::uint32_t i = 0; i < code_count; ++i)
        code_rank[by_code[i]] = i;
    CountedPairs pairs;
    pairs.reserve(counts.pairs.size());
    counts.pairs.for_each([&](std::uint64_t key, double count) {
        pairs.push_back({pair_key(code_rank[origin_of_key(key)], code_rank[destination_of_key(key)]), count});
    });
    std::sort(pairs.begin(), pairs.end());
    for (auto& [key, count] : pairs)
        key = pair_key(by_code[origin_of_key(key)], by_code[destination_of_key(key)]);
    return pairs;
}

// One provider per resolved destination code of the pairs, sorted by code,
// placed and named by the mapping; sets each code's provider.
std::vector<ProviderFlows> find_providers(const CountedPairs& pairs, const FlowMapping& mapping,
                                          const std::vector<std::size_t>& rank, ResolvedCodes& codes) {
    std::map<std::string, std::uint32_t> provider_ids; // by code: providers come out sorted
    for (const auto& [key, count] : pairs)
        provider_ids.emplace(*codes.resolved[destination_of_key(key)], 0);
    std::uint32_t next_provider = 0;
    for (auto& [code, id] : provider_ids)
        id = next_provider++;
    for (std::size_t id = 0; id < codes.resolved.size(); ++id) {
        const auto found = provider_ids.find(*codes.resolved[id]);
        if (found != provider_ids.end()) codes.provider_of[id] = found->second;
    }
    std::vector<ProviderFlows> providers(provider_ids.size());
    for (const auto& [code, id] : provider_ids) {
        ProviderFlows& p = providers[id];
        p.code = code;
        p.by_origin_footprint.assign(rank.size(), 0.0);
        const auto named = mapping.destination_names.find(code);
        if (named != mapping.destination_names.end()) p.name = named->second;
        const auto placed = mapping.destination.find(code);
        if (placed != mapping.destination.end() && placed->second.size() == 1)
            p.footprint = static_cast<long>(rank[placed->second.front().first]);
    }
    return providers;
}

// Every pair's count added to the matrix, its provider and the outflows,
// or to what is lost and why: the totals in long double (see
// reconciliation_tolerance). Returns outflow[origin footprint][provider].
std::vector<double> sum_pairs(const CountedPairs& pairs, const FlowCounts& counts, const FlowMapping& mapping,
                              const ResolvedCodes& codes, std::vector<ProviderFlows>& providers, FlowResult& r) {
    const std::size_t n = r.footprint_codes.size();
    std::vector<double> outflow(n * providers.size(), 0.0);
    std::map<std::tuple<int, std::string, std::string>, double> unmapped;
    long double total = 0, mapped = 0;
    std::array<long double, unmapped_reasons> lost{};
    const auto lose = [&](UnmappedReason why, const std::string& o, const std::string& d, double c) {
        if (c <= 0) return;
        lost[static_cast<std::size_t>(why)] += c;
        unmapped[{static_cast<int>(why), o, d}] += c;
    };

    for (const auto& [key, count] : pairs) {
        const std::uint32_t origin_id = origin_of_key(key);
        const std::uint32_t destination_id = destination_of_key(key);
        const std::string& origin = counts.codes[origin_id];
        const std::string& destination = *codes.resolved[destination_id];
        total += count;
        const std::uint32_t provider_index = codes.provider_of[destination_id];
        ProviderFlows& provider = providers[provider_index];
        provider.activity += count;

        const FootprintShares* o = codes.origin_of[origin_id];
        if (o == nullptr) {
            provider.from_unmapped_origins += count;
            lose(UnmappedReason::unknown_origin, origin, destination, count);
            continue;
        }
        double origin_mapped = 0;
        for (const auto& [f, share] : *o) {
            provider.by_origin_footprint[f] += count * share;
            origin_mapped += share;
        }
        provider.from_unmapped_origins += count * std::max(0.0, 1 - origin_mapped);

        const FootprintShares* d = codes.destination_of[destination_id];
        if (d == nullptr) {
            lose(mapping.destinations_by_location ? UnmappedReason::no_location : UnmappedReason::unknown_destination,
                 origin, destination, count);
            continue;
        }
        double destination_mapped = 0;
        for (const auto& [g, share] : *d)
            destination_mapped += share;
        // What part of this flow lies in no footprint at either end.
        lose(UnmappedReason::outside, origin, destination,
             count * (1 - std::min(1.0, origin_mapped * destination_mapped)));
        for (const auto& [f, fs] : *o)
            for (const auto& [g, gs] : *d) {
                const double c = count * fs * gs;
                r.matrix[f][g] += c;
                mapped += c;
                if (f != g) outflow[f * providers.size() + provider_index] += c;
            }
    }
    r.total = static_cast<double>(total);
    r.mapped = static_cast<double>(mapped);
    for (std::size_t i = 0; i < unmapped_reasons; ++i)
        r.unmapped[i] = static_cast<double>(lost[i]);
    for (const auto& [key, c] : unmapped)
        r.unmapped_flows.push_back(
            {std::get<1>(key), std::get<2>(key), c, static_cast<UnmappedReason>(std::get<0>(key))});
    std::stable_sort(r.unmapped_flows.begin(), r.unmapped_flows.end(), [](const auto& x, const auto& y) {
        return std::tie(x.reason, y.count) < std::tie(y.reason, x.count);
    });
    return outflow;
}

// Each footprint's residents, provision, containment and the 75/75 test.
void measure_containment(const FlowOptions& options, FlowResult& r) {
    const std::size_t n = r.footprint_codes.size();
    for (std::size_t f = 0; f < n; ++f) {
        FootprintFlows& ff = r.footprints[f];
        for (std::size_t g = 0; g < n; ++g) {
            ff.residents += r.matrix[f][g];
            ff.provided += r.matrix[g][f];
        }
        ff.within = r.matrix[f][f];
        ff.demand_containment = ff.residents > 0 ? ff.within / ff.residents : 0;
        ff.supply_containment = ff.provided > 0 ? ff.within / ff.provided : 0;
        ff.passes = passes_75_75(ff, options);
    }
}

// Each footprint's largest outflows to providers outside it.
void rank_outflows(const std::vector<double>& outflow, const std::vector<ProviderFlows>& providers,
                   const FlowMapping& mapping, const std::vector<std::size_t>& rank, const FlowOptions& options,
                   FlowResult& r) {
    const std::size_t n = r.footprint_codes.size();
    for (std::size_t f = 0; f < n; ++f)
        for (std::size_t p = 0; p < providers.size(); ++p) {
            const double c = outflow[f * providers.size() + p];
            if (c <= 0) continue;
            // A destination shared between footprints: name the largest
            // share that is not the origin's own footprint; of equal
            // shares, the footprint whose code sorts first.
            std::size_t where = n;
            double best = -1;
            for (const auto& [g, share] : ranked(mapping.destination.at(providers[p].code), rank))
                if (g != f && share > best) best = share, where = g;
            r.footprints[f].top_outflows.push_back({providers[p].code, where, c});
        }
    for (auto& ff : r.footprints) {
        // Equal counts by provider code, then footprint code (rank).
        std::sort(ff.top_outflows.begin(), ff.top_outflows.end(), [](const Outflow& x, const Outflow& y) {
            return std::tie(y.count, x.provider, x.footprint) < std::tie(x.count, y.provider, y.footprint);
        });
        if (ff.top_outflows.size() > options.top) ff.top_outflows.resize(options.top);
    }
}

// The origin footprints each provider's catchment spans, largest first;
// the providers then move into the result.
void add_providers(std::vector<ProviderFlows>& providers, const FlowOptions& options, FlowResult& r) {
    const std::size_t n = r.footprint_codes.size();
    for (auto& p : providers) {
        std::vector<std::size_t> by_share(n);
        std::iota(by_share.begin(), by_share.end(), 0);
        std::stable_sort(by_share.begin(), by_share.end(), [&](std::size_t x, std::size_t y) {
            return p.by_origin_footprint[x] > p.by_origin_footprint[y];
        });
        for (std::size_t f : by_share)
            if (p.activity > 0 && p.by_origin_footprint[f] / p.activity >= options.span_threshold) p.spans.push_back(f);
        r.providers.push_back(std::move(p));
    }
}

} // namespace

bool passes_75_75(const FootprintFlows& footprint, const FlowOptions& options) {
    return footprint.demand_containment >= options.demand_threshold &&
           footprint.supply_containment >= options.supply_threshold;
}

FlowResult compute_flows(const FlowCounts& counts, const FlowMapping& mapping, const FlowOptions& options) {
    FlowResult r;
    r.options = options;
    const std::vector<std::size_t> rank = order_footprints(mapping, r);
    copy_provenance(counts, mapping, r);
    const std::size_t n = r.footprint_codes.size();
    r.matrix.assign(n, std::vector<double>(n, 0.0));
    r.footprints.assign(n, {});
    ResolvedCodes codes = resolve_codes(counts, mapping, rank);
    const CountedPairs pairs = pairs_in_code_order(counts);
    std::vector<ProviderFlows> providers = find_providers(pairs, mapping, rank, codes);
    const std::vector<double> outflow = sum_pairs(pairs, counts, mapping, codes, providers, r);
    measure_containment(options, r);
    rank_outflows(outflow, providers, mapping, rank, options, r);
    add_providers(providers, options, r);
    return r;
}

} // namespace fp
