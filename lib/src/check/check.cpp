// The table of rules fp-check runs, and the run: each rule in turn over one
// CheckContext, which computes what the rules share once.
#include "footprint/check/check.hpp"

#include "footprint/core/error.hpp"
#include "rules.hpp"

#include <algorithm>
#include <iterator>

namespace fp {

namespace {

constexpr Rule rule_table[] = {
    {RuleId::codes_pattern, "codes.pattern", Severity::error, "every footprint code matches the code pattern", false,
     needs_code_pattern, check_code_pattern},
    {RuleId::codes_duplicate, "codes.duplicate", Severity::error,
     "no footprint code is on two features and no table row is repeated", false, runs_always, check_duplicate_codes},
    {RuleId::names_duplicate, "names.duplicate", Severity::error, "no two footprints share a name", false, runs_always,
     check_duplicate_names},
    {RuleId::coverage_overlap, "coverage.overlap", Severity::error, "footprints do not overlap", true, needs_geometry,
     check_overlaps},
    {RuleId::coverage_gap, "coverage.gap", Severity::error, "footprints leave no gap between them", true,
     needs_geometry, check_gaps},
    {RuleId::coverage_reference, "coverage.reference", Severity::error, "footprints together cover the reference area",
     true, needs_reference, check_reference},
    {RuleId::membership_split, "membership.split", Severity::error,
     "every member is in exactly one footprint, unless allowed to split", false, needs_table, check_splits},
    {RuleId::membership_unassigned, "membership.unassigned", Severity::error,
     "every unit of the member layer is in the table", false, needs_members, check_unassigned},
    {RuleId::membership_unknown_member, "membership.unknown-member", Severity::error,
     "every member in the table is in the member layer", false, needs_members, check_unknown_members},
    {RuleId::membership_unknown_footprint, "membership.unknown-footprint", Severity::error,
     "every footprint in the table is in the footprint layer", false, needs_table_and_footprints,
     check_unknown_footprints},
    {RuleId::membership_empty_footprint, "membership.empty-footprint", Severity::error,
     "every footprint of the footprint layer has members", false, needs_table_and_footprints, check_empty_footprints},
    {RuleId::membership_geometry, "membership.geometry", Severity::error,
     "the table puts each member where the geometry has it", false, needs_members_and_footprints,
     check_member_geometry},
    {RuleId::coterm_union, "coterm.union", Severity::error,
     "every footprint is a union of whole units of each coterminosity layer, except allowed "
     "splits",
     true, needs_coterm, check_coterminosity},
    {RuleId::size_population, "size.population", Severity::error, "every footprint's population is within the bounds",
     true, needs_population_bounds, check_population},
    {RuleId::size_area, "size.area", Severity::error, "every footprint's area is within the bounds", true,
     needs_area_bounds, check_area},
    {RuleId::contiguity_parts, "contiguity.parts", Severity::error,
     "every footprint is one part, unless its islands are allowed", true, needs_geometry, check_parts},
    {RuleId::allowances_unused, "allowances.unused", Severity::warning,
     "every allowed split and island is still needed", false, needs_allowances, check_allowances},
};

constexpr bool in_id_order() {
    std::size_t i = 0;
    for (const Rule& rule : rule_table)
        if (static_cast<std::size_t>(rule.id) != i++) return false;
    return i == rule_count;
}
static_assert(in_id_order(), "rule_table lists every RuleId once, in order");

// Severities set by rule name, as the caller spells them: each must name a rule.
void require_known_rules(const CheckRequest& request) {
    for (const auto& setting : request.severities) {
        const std::string& id = setting.first;
        if (std::none_of(std::begin(rule_table), std::end(rule_table), [&](const Rule& r) { return id == r.name; })) {
            std::vector<std::string> names;
            for (const auto& r : rule_table)
                names.push_back(r.name);
            throw UsageError("unknown rule '" + id + "' (rules: " + join(names) + ")");
        }
    }
}

RuleResult result_of(const Rule& rule, const CheckRequest& request) {
    RuleResult r;
    r.id = rule.name;
    r.summary = rule.summary;
    const auto set = request.severities.find(rule.name);
    r.severity = set == request.severities.end() ? rule.severity : set->second;
    if (r.severity == Severity::off) r.skipped = "turned off";
    return r;
}

void run_rule(const Rule& rule, CheckContext& ctx) {
    RuleResult& r = ctx.runs[static_cast<std::size_t>(rule.id)].result;
    if (r.severity == Severity::off) return;
    const Needs needs = rule.needs(ctx);
    if (!needs.missing.empty()) {
        r.skipped = "needs " + needs.missing;
        return;
    }
    if (!needs.cannot.empty()) {
        r.skipped = needs.cannot;
        r.not_run = true;
        return;
    }
    r.ran = true;
    Sink sink(ctx.runs[static_cast<std::size_t>(rule.id)], rule.judges_geometry ? &ctx.approximate : nullptr);
    rule.run(ctx, sink);
    std::stable_sort(r.violations.begin(), r.violations.end(),
                     [](const Violation& x, const Violation& y) { return x.codes < y.codes; });
}

} // namespace

Needs runs_always(const CheckContext&) {
    return {};
}

Needs needs_geometry(const CheckContext& ctx) {
    return {"", ctx.no_geometry};
}

const char* to_string(Severity severity) {
    switch (severity) {
    case Severity::off:
        return "off";
    case Severity::warning:
        return "warning";
    case Severity::error:
        return "error";
    }
    return "?";
}

Severity parse_severity(std::string_view text) {
    if (text == "error") return Severity::error;
    if (text == "warning") return Severity::warning;
    if (text == "off") return Severity::off;
    throw UsageError("severity '" + std::string(text) + "' is not error, warning or off");
}

const char* to_string(CheckOption option) {
    static constexpr const char* ids[] = {"membership", "members",      "reference",      "coterm",
                                          "weights",    "code_pattern", "min_population", "max_population",
                                          "min_area",   "max_area",     "allow_split",    "allow_islands"};
    static_assert(std::size(ids) == static_cast<std::size_t>(CheckOption::allow_islands) + 1,
                  "an identifier for every CheckOption, in order");
    return ids[static_cast<std::size_t>(option)];
}

const std::vector<RuleInfo>& check_rules() {
    static const std::vector<RuleInfo> rules = [] {
        std::vector<RuleInfo> infos;
        for (const Rule& rule : rule_table)
            infos.push_back({rule.name, rule.severity, rule.summary});
        return infos;
    }();
    return rules;
}

std::size_t CheckReport::count(Severity severity) const {
    std::size_t n = 0;
    for (const auto& r : rules) {
        if (r.severity == severity) n += r.violations.size();
        if (severity == Severity::warning && r.not_run) ++n;
    }
    if (severity == Severity::warning) n += notes.size();
    return n;
}

bool CheckReport::failed(bool warnings_as_errors) const {
    return count(Severity::error) > 0 || (warnings_as_errors && count(Severity::warning) > 0);
}

CheckReport run_checks(GeosContext& geos, const CheckRequest& request) {
    require_known_rules(request);
    CheckContext ctx(geos, request);
    for (const Rule& rule : rule_table)
        ctx.runs[static_cast<std::size_t>(rule.id)].result = result_of(rule, request);
    for (const Rule& rule : rule_table)
        run_rule(rule, ctx);
    CheckReport report;
    if (request.footprints) report.footprints = request.footprints->text();
    if (request.membership) report.membership = request.membership->text();
    report.dissolved_from = ctx.dissolved_from;
    report.footprint_count = ctx.footprint_codes.size();
    for (auto& run : ctx.runs)
        report.rules.push_back(std::move(run.result));
    report.notes = ctx.notes;
    return report;
}

} // namespace fp
