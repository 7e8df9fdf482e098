// fp-info: what is in a boundary layer, and does it tile its area cleanly?
#include "command.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/report/info.hpp"

#include <iostream>

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-info", "Describe boundary layers: source, CRS, units, area, geometry repairs, "
                                    "duplicate codes and coverage (overlaps and gaps).");
    CLI::App& app = command.app;
    std::vector<std::string> layers;
    std::string format = "text";
    bool check = false;
    bool no_coverage = false;
    InfoOptions info;

    app.add_option("LAYER", layers,
                   "Layer as SOURCE[|layer=NAME][|where=FILTER][|code=FIELD][|name=FIELD][|srs=CRS]; "
                   "default: every layer of the shipped dataset");
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    auto* check_flag = app.add_flag(
        "--check", check,
        "Exit 3 when a layer has no units, or overlaps or gaps between units at least the sliver width wide");
    app.add_flag("--no-coverage", no_coverage, "Skip the overlap and gap check")->excludes(check_flag);
    app.add_option("--sliver-width", info.tolerance.width_m,
                   "Overlaps and gaps narrower than this many metres are slivers")
        ->check(cli::range(0.0, 100000.0))
        ->capture_default_str();
    app.add_flag("--slivers", info.list_slivers, "List every sliver, not only their totals");
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        std::vector<LayerSpec> specs;
        for (const auto& text : layers)
            specs.push_back(parse_layer_spec(text));
        if (specs.empty()) specs = shipped_boundary_layers();

        info.coverage = !no_coverage;
        info.load = run.load;
        info.stage = run.stages();

        std::vector<LayerInfo> described;
        bool problems = false;
        for (const auto& spec : specs) {
            described.push_back(describe_layer(run.ctx, spec, info));
            problems = problems || described.back().has_problems();
            for (const auto& warning : described.back().layer.report.warnings)
                run.warn(spec.display() + ": " + warning);
        }
        run.emit(format == "json" ? info_json(described, info, &run.provenance) : info_text(described, info));
        return cli::check_status(check && problems);
    });
}
