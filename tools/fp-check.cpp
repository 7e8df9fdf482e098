// fp-check: validate a footprint definition against a set of rules, for CI.
#include "command.hpp"
#include "footprint/check/check.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/output.hpp"
#include "footprint/report/table_text.hpp"

#include <algorithm>
#include <iostream>

namespace {

fp::TextTable rule_table() {
    fp::TextTable table;
    table.header = {"rule", "default", "passes when"};
    table.numeric = {false, false, false};
    for (const auto& r : fp::check_rules())
        table.rows.push_back({r.id, fp::to_string(r.default_severity), r.summary});
    return table;
}

// The flag that sets a check option: "--" and its identifier, dashed.
std::string flag_of(fp::CheckOption option) {
    std::string flag = std::string("--") + fp::to_string(option);
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

std::optional<fp::LayerSpec> spec_or_none(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return fp::parse_layer_spec(text);
}

} // namespace

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-check",
                         "Footprint definition checks for CI: coverage, membership, coterminosity, size, "
                         "contiguity, codes and names, each rule with an id, a severity and a threshold. Rules "
                         "and their settings can come from a config file (--config) kept beside the definition.");
    CLI::App& app = command.app;
    CheckRequest request;
    std::string footprints, membership, members, reference, weights, format = "text", junit;
    std::vector<std::string> coterm, severities;
    std::vector<std::string> allow_split, allow_islands;
    double min_area = not_measured, max_area = not_measured;
    bool warnings_as_errors = false, list_rules = false;

    cli::add_config_option(app, "Read options from an INI or TOML file (keys are the long option names)");
    app.add_option("FOOTPRINTS,--footprints", footprints, "Footprint layer, e.g. '|layer=stp16' for the shipped one")
        ->type_name("LAYER");
    app.add_option("--membership", membership, "Membership table: member -> footprint [share]")->type_name("TABLE");
    app.add_option("--members", members, "The members' own layer (polygons or points), compared with --membership")
        ->type_name("LAYER");
    app.add_option("--reference", reference, "Layer whose units' union the footprints must cover, e.g. councils")
        ->type_name("LAYER");
    app.add_option("--coterm", coterm, "Layer whose units each footprint must be a union of (repeatable)")
        ->type_name("LAYER");
    app.add_option("--weights", weights,
                   "Population points, for --min-population, --max-population and population shares")
        ->type_name("LAYER");
    app.add_option("--weight-field", request.weight_field, "Numeric field of the --weights points")
        ->capture_default_str()
        ->type_name("FIELD");
    app.add_option("--allow-split", allow_split, "Member or unit code allowed in several footprints (repeatable)")
        ->type_name("CODE");
    app.add_option("--allow-islands", allow_islands, "Footprint code allowed several parts (repeatable)")
        ->type_name("CODE");
    app.add_option("--code-pattern", request.code_pattern, "Regular expression every footprint code must match")
        ->type_name("REGEX");
    app.add_option("--min-population", request.min_population, "Smallest footprint population")
        ->check(cli::range(0.0, 1e10))
        ->type_name("N");
    app.add_option("--max-population", request.max_population, "Largest footprint population")
        ->check(cli::range(0.0, 1e10))
        ->type_name("N");
    app.add_option("--min-area", min_area, "Smallest footprint area in km2")
        ->check(cli::range(0.0, 1e9))
        ->type_name("KM2");
    app.add_option("--max-area", max_area, "Largest footprint area in km2")
        ->check(cli::range(0.0, 1e9))
        ->type_name("KM2");
    app.add_option("--coverage-width", request.coverage_width_m,
                   "Overlaps, gaps and uncovered areas in which no disc this many metres across "
                   "fits are ignored")
        ->check(cli::range(0.0, 100000.0))
        ->capture_default_str();
    app.add_option("--min-part-area", request.min_part_km2, "Parts smaller than this many km2 are not counted as parts")
        ->check(cli::range(0.0, 1000000.0))
        ->capture_default_str();
    app.add_option("--sliver-width", request.overlay.tolerance.width_m,
                   "Coterminosity and membership pieces in which no disc this many metres across "
                   "fits are slivers")
        ->check(cli::range(0.0, 100000.0))
        ->capture_default_str();
    app.add_option("--share-tolerance", request.overlay.share_tolerance,
                   "Pieces under this fraction of both footprint and unit are slivers")
        ->check(cli::range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--severity", severities, "Set a rule's severity: RULE=error|warning|off (repeatable)")
        ->type_name("RULE=LEVEL");
    // One value per occurrence, so that a footprint layer after them is not
    // taken for another value; config files still give lists.
    for (const char* name : {"--coterm", "--allow-split", "--allow-islands", "--severity"})
        app.get_option(name)->allow_extra_args(false);
    app.add_flag("--warnings-as-errors", warnings_as_errors, "Exit 3 on warnings too");
    app.add_flag("--list-rules", list_rules, "List the rules with their default severities and exit");
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    cli::writes(app.add_option("--junit", junit, "Also write a JUnit XML report to FILE")->type_name("FILE"));
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        if (list_rules) {
            run.emit(rule_table().aligned());
            return 0;
        }
        request.footprints = spec_or_none(footprints);
        request.membership = spec_or_none(membership);
        request.members = spec_or_none(members);
        request.reference = spec_or_none(reference);
        request.weights = spec_or_none(weights);
        for (const auto& layer : coterm)
            request.coterm_layers.push_back(parse_layer_spec(layer));
        request.allowed_splits.insert(allow_split.begin(), allow_split.end());
        request.allowed_islands.insert(allow_islands.begin(), allow_islands.end());
        request.min_area_km2 = min_area;
        request.max_area_km2 = max_area;
        for (const auto& setting : severities) {
            const auto eq = setting.find('=');
            if (eq == std::string::npos) throw UsageError("--severity '" + setting + "' is not RULE=error|warning|off");
            request.severities[setting.substr(0, eq)] = parse_severity(setting.substr(eq + 1));
        }
        request.load = run.load;
        request.option_name = flag_of;
        request.stage = run.stages();
        CheckReport report = run_checks(run.ctx, request);
        report.provenance = run.provenance;
        const std::string junit_xml = junit.empty() ? std::string() : check_junit(report, warnings_as_errors);
        std::vector<FileContent> side_files;
        if (!junit.empty()) side_files.push_back({junit, junit_xml});
        run.emit_all(format == "json" ? check_json(report, warnings_as_errors) : check_text(report, warnings_as_errors),
                     side_files);
        return cli::check_status(report.failed(warnings_as_errors));
    });
}
