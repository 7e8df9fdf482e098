// Cross-boundary patient flows: how self-contained is each footprint?
#pragma once

#include "footprint/core/error.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/membership.hpp"
#include "footprint/io/points.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace fp {

struct FlowTableOptions {
    bool wide = false;  // one row per origin, one column per destination
    std::string period; // keep only rows of this period (needs a period column)
    // Rows that repeat an origin and destination but differ in another
    // column are parts of one flow to add up (by month, age, sex), not
    // stacked tables: without this they are refused (StackedFlowsError).
    bool sum_repeats = false;
    // Told once when codes that are not valid UTF-8 were replaced (U+FFFD).
    WarningFn warn;
};

// Counts by 64-bit key in one flat open-addressing table: no allocation per
// pair, which dominates a node-based map at millions of pairs.
class PairCounts {
  public:
    // Adds `value` to `key`; true when the key was new.
    bool add(std::uint64_t key, double value);
    // Adds many at once, in order, prefetching their slots first: a table
    // of millions of pairs misses the cache on nearly every add. Returns how
    // many keys were new.
    std::size_t add_many(const std::uint64_t* keys, const double* values, std::size_t count);
    std::size_t size() const { return size_; }
    // The entries in no particular order.
    template <typename Visit> void for_each(Visit visit) const {
        for (const auto& slot : slots_)
            if (slot.key != empty_key) visit(slot.key, slot.value);
    }

  private:
    void grow();
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};
    struct Slot {
        std::uint64_t key = empty_key;
        double value = 0;
    };
    std::vector<Slot> slots_; // key and value side by side: one cache miss per add
    std::size_t size_ = 0;
};

// Flows summed by (origin, destination), read as a stream: memory grows
// with distinct pairs, not rows.
struct FlowCounts {
    std::string source;
    std::string origin_field, destination_field, count_field, period_field;
    std::vector<std::string> codes; // interned origin and destination codes
    PairCounts pairs;               // by origin id << 32 | destination id
    double total = 0;
    std::size_t rows = 0;           // rows read (after the period filter)
    std::size_t duplicate_rows = 0; // rows repeating a pair already seen, summed
    std::size_t skipped_period_rows = 0;
};

// A table whose rows repeat origin-destination pairs with different values
// in another column: several tables stacked, summed they count flows twice.
class StackedFlowsError : public InputError {
  public:
    using InputError::InputError;
};

// Throws InputError naming the line (CSV) or row and the column for a count
// that is negative, not a number, NaN or infinite, for a ragged row, or an
// unreadable source; UsageError for missing or ambiguous columns.
FlowCounts read_flows(const LayerSpec& spec, const FlowTableOptions& options);

// Old code -> new code (trust mergers). Chains are followed to the newest,
// however long; rows A -> A are ignored.
class Successions {
  public:
    Successions() = default;
    // |member=OLD|group=NEW; default columns old_code and new_code. Throws
    // InputError for a cycle (A -> B -> C -> A), naming its codes.
    static Successions read(const LayerSpec& spec);
    const std::string& resolve(const std::string& code) const;
    std::size_t size() const { return next_.size(); }
    bool is_ambiguous(const std::string& code) const;
    std::vector<std::string> ambiguous; // old codes with several different successors, sorted

  private:
    void resolve_chains(const std::string& source);
    std::unordered_map<std::string, std::string> next_; // old code -> its newest successor, once read
};

using FootprintShares = std::vector<std::pair<std::size_t, double>>;

struct FlowMapping {
    std::vector<std::string> footprint_codes, footprint_names;
    std::unordered_map<std::string, FootprintShares> origin;
    std::unordered_map<std::string, FootprintShares> destination;
    std::unordered_map<std::string, std::string> destination_names;
    // Destinations placed by location: a code absent from the points has no
    // location; a point in no footprint is outside every footprint.
    bool destinations_by_location = false;
    std::vector<std::string> conflicts;       // codes that successions mapped to several footprints
    std::vector<std::string> ambiguous_codes; // map codes with several successors
    Successions successions;

    std::size_t footprint(const std::string& code, const std::string& name);
};

// Origin or destination -> footprint from a membership table (shares allowed).
void map_by_table(FlowMapping& mapping, const Membership& table, bool origins);
// Destinations -> the footprint holding their point.
void map_by_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints, const PointLayer& points);
// Origins given as polygons -> footprints, by their material pieces'
// shares (population when weighted, else area), from the overlay engine.
void map_by_polygons(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                     const PolygonLayer& origins, const PointLayer* weights);
// Origins shared among footprints by the weight of their points (LSOA
// population points grouped into MSOAs): `groups` maps each point's code to
// its origin [with a share]. An origin's weight outside every footprint is
// left unmapped (outside); points of no origin are ignored. Returns how many
// origins lie wholly in one footprint, split, and wholly outside.
struct GroupedPointsSummary {
    std::size_t origins = 0, whole = 0, split = 0, outside = 0;
};
GroupedPointsSummary map_by_grouped_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                                           const PointLayer& points, const Membership& groups);
// Registers every footprint of a layer, so footprints without flows show.
void add_footprints(FlowMapping& mapping, const PolygonLayer& footprints);

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

FlowResult compute_flows(const FlowCounts& counts, const FlowMapping& mapping, const FlowOptions& options);

} // namespace fp

namespace fp {

// The shipped flow data, with their columns named: the 2019 MSOA to trust
// flows (msoa_trust_flows19), the MSOA to STP population shares
// (msoa11_stp16) and the trust sites (trusts).
LayerSpec shipped_flow_table();
LayerSpec shipped_origin_map();
LayerSpec shipped_providers();
// The LSOA population points (lsoa11_pop) and each LSOA's MSOA
// (lsoa11_msoa11): together they map MSOAs to any footprints.
LayerSpec shipped_population();
LayerSpec shipped_lsoa_msoa();
// Whether a footprint spec is the shipped stp16 itself, the footprints the
// shipped origin map (msoa11_stp16) was made for.
bool is_shipped_footprints(const LayerSpec& spec, const LoadOptions& load);

// Where a flow table and the mapping of its origins and destinations to
// footprints come from, as fp-flows and fp-report take them. With no flow
// table, the shipped 2019 flows, and for each side not named otherwise its
// shipped mapping (msoa11_stp16 for origins, the trust sites for
// destinations).
struct FlowSources {
    std::optional<LayerSpec> flows;
    FlowTableOptions table;
    std::optional<LayerSpec> origin_map;     // origin code -> footprint [share]
    std::optional<LayerSpec> origin_layer;   // origin polygons, shared among footprints...
    std::optional<LayerSpec> origin_weights; // ...by the population of these points, else by area
    // Origin polygons shared by area, as chosen: without weights or this,
    // the shipped population points weigh them where they cover them all.
    bool origin_by_area = false;
    std::string origin_weight_field = "population";
    std::optional<LayerSpec> destination_map;    // destination code -> footprint [share]
    std::optional<LayerSpec> destination_points; // provider sites, placed by location
    std::optional<LayerSpec> successions;        // old code -> new code
    // Read only when `footprints` is not given and geometry is needed
    // (origin polygons or provider points); else the shipped stp16.
    std::optional<LayerSpec> footprints;
};

// Throws UsageError when a flow table other than the shipped one has no
// origin or no destination mapping: found before any work.
void check_flow_sources(const FlowSources& sources);

// Reads the flows and maps them to footprints. `footprints` (may be null)
// are the footprint polygons when the caller has them; every footprint in
// them appears in the result, flows or not. `stage` hears each step.
// Checks the sources first (check_flow_sources).
// With footprint polygons, every footprint code a mapping produces must be
// one of them: else UsageError naming some codes and the mapping. The
// shipped origin map is used only with the shipped stp16; for any other
// footprints origins are shared by the shipped population points, and
// FlowResult::notes says so.
FlowResult map_flows(GeosContext& ctx, const FlowSources& sources, const PolygonLayer* footprints,
                     const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage = nullptr);

} // namespace fp
