// fp-coterm: how well do footprints line up with another layer's units?
#include "compare_options.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/vector_writer.hpp"
#include "footprint/report/coterm_report.hpp"
#include "footprint/report/vector_layers.hpp"

int main(int argc, char** argv) {
    using namespace fp;
    CLI::App app("Coterminosity: for each footprint and each unit of a comparison layer, how much "
                 "they share by area and population, which units are whole, split or slivers, and "
                 "how coterminous each footprint is.",
                 "fp-coterm");
    cli::describe_tool(app, false);
    cli::CompareOptions compare_options;
    cli::CommonOptions common;
    std::string format = "text", table = "pairs", pieces;
    cli::add_compare_options(app, compare_options);
    app.add_option("-f,--format", format, "Output format")
        ->check(CLI::IsMember({"text", "csv", "json"}))
        ->capture_default_str();
    app.add_option("--table", table, "Table written by --format csv")
        ->check(CLI::IsMember({"pairs", "footprints", "units"}))
        ->capture_default_str();
    cli::writes(
        app.add_option("--pieces", pieces, "Also write every piece with its relation to FILE (any GDAL vector format)")
            ->type_name("FILE"));
    cli::add_load_options(app, common);
    cli::add_output_options(app, common);
    cli::add_verbosity_options(app, common);

    return cli::run(app, argc, argv, [&] {
        const Provenance provenance = cli::provenance(app);
        CompareRequest request = cli::compare_request("fp-coterm", compare_options, common);
        if (!pieces.empty()) {
            if (request.membership) throw UsageError("--pieces needs geometry, not --membership");
            prepare_vector_output({pieces, "", "pieces", request.load.working_crs, common.overwrite});
            request.overlay.keep_pieces = true;
        }
        cli::Progress progress("fp-coterm", common);
        request.stage = [&](const std::string& what) { progress.stage(what); };
        request.load.progress = [&](std::size_t done, std::size_t total) { progress.count(done, total); };
        GeosContext ctx;
        const std::vector<Overlay> overlays = compare(ctx, request).overlays;

        if (!pieces.empty()) {
            progress.stage("writing " + without_password(pieces));
            for (const auto& warning :
                 write_pieces(ctx, {pieces, "", "pieces", request.load.working_crs, common.overwrite}, overlays))
                cli::warn("fp-coterm", common, without_password(pieces) + ": " + warning);
        }
        const CotermTable which = table == "footprints" ? CotermTable::footprints
                                  : table == "units"    ? CotermTable::units
                                                        : CotermTable::pairs;
        cli::emit(common, format == "json"  ? coterm_json(overlays, &provenance)
                          : format == "csv" ? coterm_csv(overlays, which)
                                            : coterm_text(overlays));
        return 0;
    });
}
