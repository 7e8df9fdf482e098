// Footprint definition checks for CI: a table of rules, each with an id, a
// severity and a threshold, run over a footprint layer, a membership table,
// or both. Violations say what is wrong, by how much, and what to change.
#pragma once

#include "footprint/core/provenance.hpp"
#include "footprint/overlay/overlay.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fp {

enum class Severity { off, warning, error };

const char* to_string(Severity severity);
// "error", "warning" or "off"; throws UsageError otherwise.
Severity parse_severity(std::string_view text);

struct RuleInfo {
    const char* id;
    Severity default_severity;
    const char* summary; // what passing means
};

// Every rule, in the order they run and are reported.
const std::vector<RuleInfo>& check_rules();

// The options of a check that its messages point to (a rule that needs
// one, a hint to allow an exception). The library names them with
// CheckRequest::option_name, so that a tool can name its own flags.
enum class CheckOption {
    membership,
    members,
    reference,
    coterm,
    weights,
    code_pattern,
    min_population,
    max_population,
    min_area,
    max_area,
    allow_split,
    allow_islands,
};

// The option's identifier, such as "code_pattern".
const char* to_string(CheckOption option);

inline constexpr double default_min_part_km2 = 1.0;

struct CheckRequest {
    // The definition: a footprint layer, a membership table (member ->
    // footprint), or both. A table alone is dissolved into footprints
    // over its member layer (`members` when polygons, else the shipped
    // layer holding the members' codes), so the geometry rules run.
    std::optional<LayerSpec> footprints;
    std::optional<LayerSpec> membership;
    // The members' own layer: polygons (CCGs) or points (LSOA centroids).
    std::optional<LayerSpec> members;
    // The area the footprints must cover together, as the union of its units.
    std::optional<LayerSpec> reference;
    // Layers whose units every footprint must be an exact union of.
    std::vector<LayerSpec> coterm_layers;
    // Population points for the size rule and for weighing shares.
    std::optional<LayerSpec> weights;
    std::string weight_field = "population";

    std::set<std::string> allowed_splits;  // members or units that may span footprints
    std::set<std::string> allowed_islands; // footprints that may have several parts
    std::string code_pattern;              // ECMAScript; the whole code must match
    double min_population = not_measured, max_population = not_measured;
    double min_area_km2 = not_measured, max_area_km2 = not_measured;
    // Overlaps and gaps in which no disc this wide fits are slivers.
    double coverage_width_m = default_coverage_width_m;
    // Parts smaller than this do not count as separate parts.
    double min_part_km2 = default_min_part_km2;
    OverlayOptions overlay;                     // sliver rules of the coterminosity and membership rules
    std::map<std::string, Severity> severities; // by rule id, overriding the defaults

    LoadOptions load;
    std::function<void(const std::string&)> stage;
    // How messages name an option; to_string(option) when not set.
    std::function<std::string(CheckOption)> option_name;
};

struct Violation {
    std::vector<std::string> codes; // the footprints, members and units involved
    std::string message;
    double measured = not_measured;
    double threshold = not_measured;
    std::string unit; // of measured and threshold: "km2", "m", "%", "people", "parts", ...
    std::string hint; // what to change, where that can be told
};

struct RuleResult {
    std::string id;
    std::string summary;
    Severity severity = Severity::error;
    bool ran = false;
    std::string skipped; // why it did not run
    // The rule was asked for (its options are given) but its input is
    // missing, e.g. no footprint geometry: a warning, not a quiet skip.
    bool not_run = false;
    std::vector<Violation> violations;
};

struct CheckReport {
    std::string footprints; // the definition as named; empty when not given
    std::string membership;
    // The member layer the footprints were dissolved from when the
    // definition is a table only; empty otherwise.
    std::string dissolved_from;
    std::size_t footprint_count = 0;
    std::vector<RuleResult> rules; // in check_rules() order
    // Warnings about the definition as a whole, e.g. footprints that
    // could be drawn only in part.
    std::vector<std::string> notes;
    Provenance provenance; // filled in by the tool

    // Violations of rules of that severity; warnings also count the rules
    // that did not run and the notes.
    std::size_t count(Severity severity) const;
    bool failed(bool warnings_as_errors) const;
};

// Validates the request first (UsageError for a bad pattern, bounds, an
// unknown rule id, nothing to check); then loads and checks. Load failures
// throw as the loaders do.
CheckReport run_checks(GeosContext& ctx, const CheckRequest& request);

// Both say whether the check failed, which depends on `warnings_as_errors`.
std::string check_text(const CheckReport& report, bool warnings_as_errors);
// Schema "footprint-check/1", documented in fp-check(1).
std::string check_json(const CheckReport& report, bool warnings_as_errors);
// JUnit XML: one test case per rule; errors are failures, warnings are
// failures only with `warnings_as_errors`, skipped rules are skipped.
std::string check_junit(const CheckReport& report, bool warnings_as_errors);

} // namespace fp
