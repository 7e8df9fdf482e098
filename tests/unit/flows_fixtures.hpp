// Helpers shared by the flows unit tests (test_flows_*.cpp): reading flow
// tables from bytes, the hand-made three-footprint example, and lookups in
// mappings and results.
#pragma once

#include "fixtures.hpp"
#include "footprint/core/error.hpp"
#include "footprint/flows/flows.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/report/flows_report.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace flows_test {

inline fp::FlowCounts read(const std::string& spec, const fp::FlowTableOptions& options = {}) {
    return fp::read_flows(fp::parse_layer_spec(spec), options);
}

// Rows that repeat a pair with another note are parts of one flow to add up.
inline fp::FlowTableOptions summing() {
    fp::FlowTableOptions options;
    options.sum_repeats = true;
    return options;
}

inline fp::FlowTableOptions wide() {
    fp::FlowTableOptions options;
    options.wide = true;
    return options;
}

inline fp::FlowTableOptions period(const std::string& value) {
    fp::FlowTableOptions options;
    options.period = value;
    return options;
}

// The same options, for a reader given `workers` threads.
inline fp::FlowTableOptions on_workers(fp::FlowTableOptions options, unsigned workers) {
    options.workers = workers;
    return options;
}

// Which option a FlowOptionError from `body` says is at fault (the tool
// names its flag), or none when it throws no such error.
template <typename Body> std::optional<fp::FlowOptionProblem> option_problem(Body&& body) {
    try {
        body();
    } catch (const fp::FlowOptionError& e) {
        return e.problem;
    }
    return std::nullopt;
}

inline std::string write_csv(const fpt::TempDir& dir, const std::string& bytes, const std::string& name = "flows.csv") {
    const std::string path = dir.file(name);
    fpt::write_bytes(path, bytes);
    return path;
}

using Pairs = std::map<std::pair<std::string, std::string>, double>;

// The summed (origin, destination) counts, whatever FlowCounts keeps them
// in: with an empty mapping every flow of a positive count is unmapped for
// its unknown origin, and listed as it is.
inline Pairs pairs_of(const fp::FlowCounts& counts) {
    const fp::FlowResult r = fp::compute_flows(counts, fp::FlowMapping{}, fp::FlowOptions{});
    Pairs out;
    for (const auto& u : r.unmapped_flows) {
        CHECK(u.reason == fp::UnmappedReason::unknown_origin);
        out[{u.origin, u.destination}] += u.count;
    }
    CHECK(r.total == counts.total);
    return out;
}

// Counts from a long CSV table of {origin, destination, count} rows.
inline fp::FlowCounts counts_of(const fpt::TempDir& dir, const std::vector<std::array<std::string, 3>>& rows) {
    std::string bytes = "origin_code,destination_code,count\n";
    for (const auto& row : rows)
        bytes += row[0] + "," + row[1] + "," + row[2] + "\n";
    return read(write_csv(dir, bytes, "counts.csv"));
}

inline std::string write_table_csv(const fpt::TempDir& dir, const std::string& name, const std::string& bytes) {
    return write_csv(dir, bytes, name);
}

// A footprint's shares, by footprint code, summed.
inline std::map<std::string, double> shares_of(const fp::FlowMapping& mapping, const fp::FootprintShares& shares) {
    std::map<std::string, double> out;
    for (const auto& [f, share] : shares)
        out[mapping.footprint_codes.at(f)] += share;
    return out;
}

inline std::map<std::string, double> origin_shares(const fp::FlowMapping& mapping, const std::string& code) {
    const auto found = mapping.origin.find(code);
    REQUIRE_MESSAGE(found != mapping.origin.end(), "origin " << code << " is not mapped");
    return shares_of(mapping, found->second);
}

inline std::map<std::string, double> destination_shares(const fp::FlowMapping& mapping, const std::string& code) {
    const auto found = mapping.destination.find(code);
    REQUIRE_MESSAGE(found != mapping.destination.end(), "destination " << code << " is not mapped");
    return shares_of(mapping, found->second);
}

inline std::size_t index_of(const fp::FlowResult& r, const std::string& footprint) {
    for (std::size_t i = 0; i < r.footprint_codes.size(); ++i)
        if (r.footprint_codes[i] == footprint) return i;
    FAIL("no footprint " << footprint);
    return 0;
}

inline const fp::ProviderFlows& provider(const fp::FlowResult& r, const std::string& code) {
    for (const auto& p : r.providers)
        if (p.code == code) return p;
    FAIL("no provider " << code);
    return r.providers.front();
}

inline double unmapped(const fp::FlowResult& r, fp::UnmappedReason reason) {
    return r.unmapped[static_cast<std::size_t>(reason)];
}

// The footprint codes a provider spans, largest first.
inline std::vector<std::string> spans(const fp::FlowResult& r, const fp::ProviderFlows& p) {
    std::vector<std::string> out;
    for (std::size_t f : p.spans)
        out.push_back(r.footprint_codes.at(f));
    return out;
}

// ---- the hand-made three-footprint example ----
//
//   origin footprint \ provider in   F1 (P1)  F2 (P2)  F3 (P3)   residents
//   F1 (O1)                              70       25        5         100
//   F2 (O2)                              25       75        0         100
//   F3 (O3)                              10        0       90         100
//   provided                            105      100       95
//
// Demand containment 0.70, 0.75, 0.90; supply 70/105, 0.75, 90/95.
inline const std::vector<std::array<std::string, 3>> example_flows{
    {"O1", "P1", "70"}, {"O1", "P2", "25"}, {"O1", "P3", "5"},  {"O2", "P1", "25"},
    {"O2", "P2", "75"}, {"O3", "P1", "10"}, {"O3", "P3", "90"},
};

// Footprints are met in the order F3, F1, F2: results must still be sorted.
inline fp::FlowMapping example_mapping() {
    fp::FlowMapping mapping;
    fp::map_by_table(
        mapping,
        fpt::make_membership("destinations",
                             {{"P3", "F3", "1", "Gamma"}, {"P1", "F1", "1", "Alpha"}, {"P2", "F2", "1", "Beta"}}),
        false);
    fp::map_by_table(mapping, fpt::make_membership("origins", {{"O1", "F1"}, {"O2", "F2"}, {"O3", "F3"}}), true);
    return mapping;
}

// Two 10 km squares side by side, F1 west of F2, and F3 far away.
inline fp::PolygonLayer two_footprints_and_a_far_one(fp::GeosContext& ctx) {
    return fpt::make_layer(ctx, "footprints",
                           {{"F2", fpt::box_wkt(10000, 0, 20000, 10000)},
                            {"F1", fpt::box_wkt(0, 0, 10000, 10000)},
                            {"F3", fpt::box_wkt(50000, 50000, 60000, 60000)}});
}

inline fp::PointLayer trust_points(const std::vector<std::tuple<std::string, std::string, double, double>>& points) {
    fp::PointLayer layer;
    layer.source = "trusts";
    for (std::size_t i = 0; i < points.size(); ++i) {
        fp::WeightedPoint p{};
        p.fid = static_cast<std::int64_t>(i);
        p.code = std::get<0>(points[i]);
        p.name = std::get<1>(points[i]);
        p.x = std::get<2>(points[i]);
        p.y = std::get<3>(points[i]);
        p.weight = 1;
        layer.points.push_back(p);
    }
    return layer;
}

} // namespace flows_test
