// The flow metrics: flows summed into a footprint x footprint matrix, each
// footprint's demand and supply containment and the 75/75 test, providers'
// catchments, and a reconciliation in which nothing is lost.
#pragma once

#include "footprint/flows/mapping.hpp"
#include "footprint/flows/table_reader.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace fp {

enum class UnmappedReason { unknown_origin, unknown_destination, no_location, outside };
inline constexpr std::size_t unmapped_reasons = 4;
const char* to_string(UnmappedReason reason);

struct UnmappedFlow {
    std::string origin, destination;
    double count;
    UnmappedReason reason;
};

struct FlowOptions {
    double demand_threshold = 0.75; // the 75/75 test
    double supply_threshold = 0.75;
    double span_threshold = 0.10; // a provider spans when a second footprint sends this share
    std::size_t top = 5;          // top outflow destinations per footprint
};

struct ProviderFlows {
    std::string code, name;
    long footprint = -1; // where the provider is, -1 when not mapped
    double activity = 0;
    std::vector<double> by_origin_footprint;
    double from_unmapped_origins = 0;
    std::vector<std::size_t> spans; // origin footprints at or above the span threshold, largest first
};

struct Outflow {
    std::string provider;
    std::size_t footprint;
    double count;
};

struct FootprintFlows {
    double residents = 0; // activity of the footprint's residents at mapped providers
    double provided = 0;  // activity of the footprint's providers from mapped residents
    double within = 0;
    double demand_containment = 0; // within / residents
    double supply_containment = 0; // within / provided
    bool passes = false;           // both at or above the thresholds
    std::vector<Outflow> top_outflows;
};

// How origins were mapped when the user did not say: told on stderr, with
// the options that choose otherwise.
enum class FlowNoteKind {
    derived_origins,    // the shipped origin map does not fit the footprints: derived from population points
    population_weights, // origin polygons shared by the shipped population points
    area_shares,        // origin polygons shared by area: the population points do not cover them
    no_population       // no population point lies in any footprint: every flow is outside
};
struct FlowNote {
    FlowNoteKind kind;
    std::string text;
};

struct FlowResult {
    FlowOptions options;
    std::vector<FlowNote> notes;
    std::string source;
    std::vector<std::string> footprint_codes, footprint_names;
    std::vector<std::vector<double>> matrix; // [origin footprint][destination footprint]
    std::vector<FootprintFlows> footprints;
    std::vector<ProviderFlows> providers; // sorted by code
    double total = 0, mapped = 0;
    std::array<double, unmapped_reasons> unmapped{};
    std::vector<UnmappedFlow> unmapped_flows; // by reason, then count descending, then codes
    std::size_t rows = 0, duplicate_rows = 0, skipped_period_rows = 0;
    std::vector<std::string> conflicts;
    // Codes in the flows or maps with several successors, left as they are.
    std::vector<std::string> ambiguous_codes;

    double unmapped_total() const;
    // total - mapped - unmapped_total(): zero but for rounding.
    double difference() const;
    // The reconciliation: same_total(total, mapped + unmapped_total()).
    bool reconciles() const;
};

// Counts may be fractional (2E-05), and shares split them further, so
// totals summed in different orders (by row while reading, by origin and
// destination and by share while mapping) can differ in their last bits.
// Every total is summed in long double (a 64-bit significand): n additions
// err by at most n x 2^-64 of the total, 5.4e-12 for 10^8 rows. A relative
// tolerance of 1e-9 leaves a wide margin over that, yet a lost count of 1
// in a total under 10^9 is still seen. fp-flows(1) states it.
constexpr double reconciliation_tolerance = 1e-9;

// Whether two totals of the same counts agree: |a - b| at most
// reconciliation_tolerance x max(|a|, |b|, 1).
bool same_total(double a, double b);

// The 75/75 test: at least demand_threshold of the footprint's residents'
// activity stays within it, and at least supply_threshold of its
// providers' activity comes from its residents.
bool passes_75_75(const FootprintFlows& footprint, const FlowOptions& options);

// Flows summed into the footprint x footprint matrix through the mapping,
// with the metrics of each footprint and provider; whatever the mapping
// cannot place is counted in `unmapped`, by reason, so that totals reconcile.
FlowResult compute_flows(const FlowCounts& counts, const FlowMapping& mapping, const FlowOptions& options);

} // namespace fp
