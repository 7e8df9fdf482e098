// fp-report: one self-contained HTML report on a footprint layer.
#include "compare_options.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/overlay/compare.hpp"
#include "footprint/report/report.hpp"

#include <optional>

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-report",
                         "Reports: one self-contained HTML file for a footprint layer with maps, the coterminosity "
                         "and spanning tables of each comparison layer, patient flow metrics and their "
                         "reconciliation. Tables sort and download as CSV; everything prints cleanly.",
                         false);
    CLI::App& app = command.app;
    const cli::CommonOptions& common = command.common;
    std::vector<std::string> layers;
    std::string title;
    bool no_flows = false;
    OverlayOptions overlay_options;
    ReportRequest report;

    app.add_option("LAYER", layers,
                   "Footprint layer, then comparison layers (default: the shipped stp16 against ccg16 lad16 "
                   "utla16 hwb16 cauth17, with the shipped 2019 flows)");
    cli::WeightOptions weights;
    cli::add_weight_options(app, weights);
    cli::add_sliver_options(app, overlay_options);
    auto* no_flows_option = app.add_flag("--no-flows", no_flows,
                                         "Leave out the shipped patient flows, which are otherwise mapped to any "
                                         "footprints as fp-flows maps them");
    std::string flows;
    cli::FlowSourceOptions flow_options;
    app.add_option("--flows", flows,
                   "Flow table as SOURCE[|origin=COL][|destination=COL][|count=COL][|period=COL], "
                   "mapped with --origin-map or --origin-layer and --destination-map or --destination-points")
        ->type_name("FLOWS")
        ->excludes(no_flows_option);
    cli::add_flow_source_options(app, flow_options);
    app.add_option("--top-flows", report.top_flows, "Flows drawn on the flow map (0: all)")
        ->check(cli::whole_number(0, 10000))
        ->capture_default_str();
    app.add_option("--width", report.map_width_px, "Width of the maps in pixels")
        ->check(cli::range(100.0, 10000.0))
        ->capture_default_str();
    app.add_option("--title", title, "Title of the report");
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        const bool shipped = layers.empty();
        if (layers.size() == 1) throw UsageError("name a footprint layer and at least one layer to compare it with");
        std::vector<LayerSpec> specs;
        if (shipped) {
            specs = shipped_boundary_layers();
        } else {
            for (const auto& layer : layers)
                specs.push_back(parse_layer_spec(layer));
        }
        const std::optional<LayerSpec> weight_spec = cli::weight_points(weights, shipped);
        FlowSources flow_sources = cli::flow_sources(flows, flow_options, weight_spec, weights.field);
        if (!shipped) flow_sources.footprints = specs.front();
        flow_sources.origin_by_area = weights.none;
        // The shipped flows are mapped to any footprints, unless left out.
        const bool with_flows = flow_sources.flows || !no_flows;
        const bool flow_options_given = flow_options.table.wide || !flow_options.table.period.empty() ||
                                        flow_sources.origin_map || flow_sources.origin_layer ||
                                        flow_sources.destination_map || flow_sources.destination_points ||
                                        flow_sources.successions;
        if (flow_options_given && !flow_sources.flows && (no_flows || !shipped))
            throw UsageError(shipped ? "--no-flows leaves out the flows that the flow options describe"
                                     : "the flow options describe flows: name the flow table with --flows");
        if (with_flows) cli::check_flow_sources(flow_sources);

        CompareRequest request;
        request.footprints = specs.front();
        request.units.assign(specs.begin() + 1, specs.end());
        request.weights = weight_spec;
        request.weight_field = weights.field;
        request.overlay = overlay_options;
        request.load = run.load;
        request.stage = run.stages();
        const Comparison comparison = compare(run.ctx, request);
        const PolygonLayer& footprints = comparison.footprints;
        std::optional<FlowResult> flow_result;
        if (with_flows) {
            flow_result =
                cli::map_flows("fp-report", common, run.ctx, flow_sources, &footprints, run.load, {}, run.stages());
            // Shipped flows of which nothing lies in the footprints say
            // nothing about them: left out, as the note above said why.
            if (!flow_sources.flows && flow_result->mapped == 0) {
                run.warn("the shipped patient flows are left out: none of them lie in these footprints; "
                         "--no-flows leaves them out without this warning");
                flow_result.reset();
            }
        }
        report.footprints = &footprints;
        for (std::size_t i = 0; i < comparison.units.size(); ++i)
            report.comparisons.push_back({&comparison.units[i], &comparison.overlays[i]});
        report.flows = flow_result ? &*flow_result : nullptr;
        report.title = !title.empty() ? title
                       : shipped      ? "England 2016: Sustainability and Transformation Plan footprints"
                                      : "";
        run.stage("writing the report");
        report.provenance = run.provenance;
        run.emit(render_report_html(run.ctx, report));
        return 0;
    });
}
