// fp-flows: how self-contained is each footprint in patient flows?
#include "command.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/output.hpp"
#include "footprint/report/flows_report.hpp"

#include <iostream>
#include <optional>

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-flows",
                         "Cross-boundary patient flows: self-containment of each footprint on the demand and supply "
                         "sides, the 75/75 test, top outflows, the footprint x footprint matrix, providers whose "
                         "catchment spans footprints, and a reconciliation in which nothing is lost.");
    CLI::App& app = command.app;
    const cli::CommonOptions& common = command.common;
    std::string flows, weights, weight_field = "population", footprints, format = "text", table = "footprints",
                                matrix_file, unmapped_file;
    cli::FlowSourceOptions flow_options;
    FlowOptions options;
    bool strict = false, no_weights = false;

    app.add_option("FLOWS", flows,
                   "Flow table as SOURCE[|origin=COL][|destination=COL][|count=COL][|period=COL] "
                   "(default: the shipped 2019 MSOA to trust flows)");
    auto* by_layer = cli::add_flow_source_options(app, flow_options);
    auto* weights_option =
        app.add_option("--weights", weights,
                       "Points weighing --origin-layer pieces by population (default: the shipped LSOA "
                       "population points where they cover every origin, else area, with a warning)")
            ->type_name("LAYER")
            ->needs(by_layer);
    app.add_flag("--no-weights", no_weights, "Share --origin-layer pieces by area, without a warning")
        ->needs(by_layer)
        ->excludes(weights_option);
    app.add_option("--weight-field", weight_field, "Numeric field of the --weights points")
        ->capture_default_str()
        ->type_name("FIELD");
    app.add_option("--footprints", footprints,
                   "Footprint polygons that flows are mapped to; every footprint a mapping names must be one "
                   "(default: the shipped stp16)")
        ->type_name("LAYER");
    app.add_option("--demand-threshold", options.demand_threshold, "Demand-side containment needed to pass")
        ->check(cli::range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--supply-threshold", options.supply_threshold, "Supply-side containment needed to pass")
        ->check(cli::range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--span-threshold", options.span_threshold,
                   "A provider spans footprints when a second footprint sends at least this share")
        ->check(cli::range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--top", options.top, "Top outflow destinations listed per footprint")
        ->check(cli::whole_number(0, 1000))
        ->capture_default_str();
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "csv", "json"}))
        ->capture_default_str();
    app.add_option("--table", table, "Table written by --format csv")
        ->check(CLI::IsMember({"footprints", "matrix", "net", "providers", "unmapped"}))
        ->capture_default_str();
    cli::writes(app.add_option("--matrix", matrix_file, "Also write the footprint x footprint matrix to FILE (CSV)")
                    ->type_name("FILE"));
    cli::writes(
        app.add_option("--unmapped", unmapped_file, "Also write the flows that could not be mapped to FILE (CSV)")
            ->type_name("FILE"));
    app.add_flag("--strict", strict, "Exit 3 when any flow is unmapped");
    command.add_load_options(false); // --strict is about unmapped flows here
    command.add_output_options();
    command.add_verbosity_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        FlowSources sources =
            cli::flow_sources(flows, flow_options,
                              weights.empty() ? std::optional<LayerSpec>() : parse_layer_spec(weights), weight_field);
        if (!footprints.empty()) sources.footprints = parse_layer_spec(footprints);
        sources.origin_by_area = no_weights;
        cli::check_flow_sources(sources);

        const FlowResult result =
            cli::map_flows("fp-flows", common, run.ctx, sources, nullptr, run.load, options, run.stages());
        for (const auto& code : result.ambiguous_codes)
            run.warn("code " + quote_value(code) + " has several successors; it is left as it is");

        const std::string matrix_csv = flow_table(result, FlowTable::matrix, false).csv();
        const std::string unmapped_csv = flow_table(result, FlowTable::unmapped, false).csv();
        std::vector<FileContent> side_files;
        if (!matrix_file.empty()) side_files.push_back({matrix_file, matrix_csv});
        if (!unmapped_file.empty()) side_files.push_back({unmapped_file, unmapped_csv});
        const FlowTable which = table == "matrix"      ? FlowTable::matrix
                                : table == "net"       ? FlowTable::net
                                : table == "providers" ? FlowTable::providers
                                : table == "unmapped"  ? FlowTable::unmapped
                                                       : FlowTable::footprints;
        run.emit_all(format == "json"  ? flows_json(result, &run.provenance)
                     : format == "csv" ? flow_table(result, which, false).csv()
                                       : flows_text(result),
                     side_files);
        if (format != "text" && !common.quiet) {
            const std::string reconciliation = reconciliation_text(result);
            std::cerr << "fp-flows: " << reconciliation.substr(0, reconciliation.find('\n')) << "\n";
        }
        return cli::check_status(strict && result.unmapped_total() > 0);
    });
}
