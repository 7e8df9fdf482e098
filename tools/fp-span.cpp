// fp-span: which organisations span more than one footprint?
#include "compare_options.hpp"
#include "footprint/report/coterm_report.hpp"

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-span",
                         "Spanning organisations: the units of each comparison layer (councils, CCGs, "
                         "boards) that lie materially in more than one footprint, with their shares; most "
                         "footprints first, then largest minority share.",
                         false);
    CLI::App& app = command.app;
    cli::CompareOptions compare_options;
    std::string format = "text";
    cli::add_compare_options(app, compare_options);
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "csv", "json"}))
        ->capture_default_str();
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        const std::vector<Overlay> overlays = compare(run.ctx, cli::compare_request(run, compare_options)).overlays;
        run.emit(format == "json"  ? span_json(overlays, &run.provenance)
                 : format == "csv" ? span_csv(overlays)
                                   : span_text(overlays));
        return 0;
    });
}
