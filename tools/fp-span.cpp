// fp-span: which organisations span more than one footprint?
#include "compare_options.hpp"
#include "footprint/report/coterm_report.hpp"

int main(int argc, char** argv) {
    using namespace fp;
    CLI::App app("Spanning organisations: the units of each comparison layer (councils, CCGs, "
                 "boards) that lie materially in more than one footprint, with their shares; most "
                 "footprints first, then largest minority share.",
                 "fp-span");
    cli::describe_tool(app, false);
    cli::CompareOptions compare_options;
    cli::CommonOptions common;
    std::string format = "text";
    cli::add_compare_options(app, compare_options);
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "csv", "json"}))
        ->capture_default_str();
    cli::add_load_options(app, common);
    cli::add_output_options(app, common);
    cli::add_verbosity_options(app, common);

    return cli::run(app, argc, argv, [&] {
        const Provenance provenance = cli::provenance(app);
        CompareRequest request = cli::compare_request("fp-span", compare_options, common);
        cli::Progress progress("fp-span", common);
        request.stage = [&](const std::string& what) { progress.stage(what); };
        request.load.progress = [&](std::size_t done, std::size_t total) { progress.count(done, total); };
        GeosContext ctx;
        const std::vector<Overlay> overlays = compare(ctx, request).overlays;
        cli::emit(common, format == "json"  ? span_json(overlays, &provenance)
                          : format == "csv" ? span_csv(overlays)
                                            : span_text(overlays));
        return 0;
    });
}
