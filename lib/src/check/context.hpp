// What the rules of fp-check share: the loaded definition, and what is
// computed from it (coverage, where members lie, each overlay) on first use,
// so that a rule asks for what it needs and nothing is computed twice.
#pragma once

#include "footprint/check/check.hpp"
#include "footprint/overlay/coverage.hpp"

#include <array>
#include <memory>
#include <re2/re2.h>

namespace fp {

// Every rule, in the order they run and are reported. An id is an
// enumerator, so that a misspelt rule fails to compile.
enum class RuleId : std::size_t {
    codes_pattern,
    codes_duplicate,
    names_duplicate,
    coverage_overlap,
    coverage_gap,
    coverage_reference,
    membership_split,
    membership_unassigned,
    membership_unknown_member,
    membership_unknown_footprint,
    membership_empty_footprint,
    membership_geometry,
    coterm_union,
    size_population,
    size_area,
    contiguity_parts,
    allowances_unused,
};
inline constexpr std::size_t rule_count = static_cast<std::size_t>(RuleId::allowances_unused) + 1;

std::string percent(double share);
std::string km2(double m2);
std::string at(double x, double y); // "around X Y"
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");
std::string first_of(const std::vector<std::string>& items); // the first few, and how many more
std::string plural_of(std::size_t n, const std::string& word);
std::string labelled(const std::string& code, const std::string& name); // "CODE (Name)" when named

// A violation, built up from what every one has (codes and message).
class ViolationBuilder {
  public:
    ViolationBuilder(std::vector<std::string> codes, std::string message);
    ViolationBuilder& measured(double value, double threshold, std::string unit);
    ViolationBuilder& hint(std::string text);
    Violation&& take() { return std::move(v_); }

  private:
    Violation v_;
};

// One rule's result while the checks run, with the allowances it applied.
struct RuleRun {
    RuleResult result;
    std::set<std::string> allowances_used;
    // Allowed splits the rule could not see (inside a member drawn whole).
    std::set<std::string> allowances_unjudged;
};

// Where a rule reports what it finds.
class Sink {
  public:
    // Violations naming a code in `approximate` are dropped (nullptr: none are).
    Sink(RuleRun& run, const std::set<std::string>* approximate) : run_(run), approximate_(approximate) {}
    void add(ViolationBuilder found);
    void used(const std::string& allowance) { run_.allowances_used.insert(allowance); }
    void unjudged(const std::string& allowance) { run_.allowances_unjudged.insert(allowance); }

  private:
    RuleRun& run_;
    const std::set<std::string>* approximate_;
};

// A layer compared with the footprints.
struct Comparison {
    PolygonLayer layer;
    Overlay overlay;
};

// The members' own layer: polygons or points.
struct MemberLayer {
    std::optional<PolygonLayer> polygons;
    std::optional<PointLayer> points;
    std::map<std::string, std::string> names; // code -> name
};

// Material footprints of each member by geometry, largest share first.
using Placement = std::map<std::string, std::vector<std::pair<std::string, double>>>;

class CheckContext {
  public:
    // Validates the request and loads its layers and table.
    CheckContext(GeosContext& geos, const CheckRequest& request);

    GeosContext& geos;
    const CheckRequest& request;

    void stage(const std::string& what) const;
    // An option as the caller names it, e.g. a tool's flag.
    std::string option(CheckOption option) const;
    std::string option(CheckOption first, CheckOption second) const; // "A or B"

    std::unique_ptr<RE2> pattern; // matched against whole codes (FullMatch)
    std::optional<PolygonLayer> footprints;
    std::optional<Membership> table;
    // member -> its footprints (group codes, table order) with shares
    std::map<std::string, std::vector<std::pair<std::string, double>>> of_member;
    std::map<std::string, std::string> table_footprint_names; // group -> name
    std::optional<MemberLayer> members;
    std::optional<PointLayer> weights;
    std::vector<std::string> footprint_codes; // sorted
    std::map<std::string, std::string> footprint_names;
    std::string no_geometry; // why there are no footprint polygons
    std::string dissolved_from;
    std::vector<std::string> notes;
    // Footprints drawn only approximately (from whole members they share):
    // what the geometry rules find about them is not reported.
    std::set<std::string> approximate;
    std::vector<GeomPtr> shared_area; // members drawn whole in one of their footprints

    std::string footprint(const std::string& code) const; // labelled with its name
    std::string member(const std::string& code) const;    // labelled with its name
    // Whether a material part of `unit` lies in shared_area.
    bool in_shared_area(const Unit& unit) const;

    // Computed on first use.
    const CoverageReport& coverage();
    const Placement& placement();
    const Comparison& reference();
    const Comparison& coterm(std::size_t layer);

    // The results of the rules run so far, by id.
    std::array<RuleRun, rule_count> runs;
    const RuleRun& run(RuleId id) const { return runs[static_cast<std::size_t>(id)]; }

  private:
    void validate();
    void load();
    void dissolve_table();
    Comparison compare(const LayerSpec& spec, const PointLayer* weighed, const OverlayOptions& options);

    std::optional<CoverageReport> coverage_;
    std::optional<Placement> placement_;
    std::optional<Comparison> reference_;
    std::vector<std::optional<Comparison>> coterm_;
};

// A rule cannot run for want of `missing` (options not given: skipped) or
// because its input is missing (`cannot`: a warning); both empty: it runs.
struct Needs {
    std::string missing;
    std::string cannot;
};

struct Rule {
    RuleId id;
    const char* name;
    Severity severity;
    const char* summary;
    bool judges_geometry; // says nothing about approximate footprints
    Needs (*needs)(const CheckContext& ctx);
    void (*run)(CheckContext& ctx, Sink& sink);
};

} // namespace fp
