// fp-coterm: how well do footprints line up with another layer's units?
#include "compare_options.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/vector_writer.hpp"
#include "footprint/report/coterm_report.hpp"
#include "footprint/report/vector_layers.hpp"

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-coterm",
                         "Coterminosity: for each footprint and each unit of a comparison layer, how much "
                         "they share by area and population, which units are whole, split or slivers, and "
                         "how coterminous each footprint is.",
                         false);
    CLI::App& app = command.app;
    const cli::CommonOptions& common = command.common;
    cli::CompareOptions compare_options;
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
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        CompareRequest request = cli::compare_request(run, compare_options);
        if (!pieces.empty()) {
            if (request.membership) throw UsageError("--pieces needs geometry, not --membership");
            prepare_vector_output({pieces, "", "pieces", request.load.working_crs, common.overwrite});
            request.overlay.keep_pieces = true;
        }
        const std::vector<Overlay> overlays = compare(run.ctx, request).overlays;

        if (!pieces.empty()) {
            run.stage("writing " + without_password(pieces));
            for (const auto& warning :
                 write_pieces(run.ctx, {pieces, "", "pieces", request.load.working_crs, common.overwrite}, overlays))
                run.warn(without_password(pieces) + ": " + warning);
        }
        const CotermTable which = table == "footprints" ? CotermTable::footprints
                                  : table == "units"    ? CotermTable::units
                                                        : CotermTable::pairs;
        run.emit(format == "json"  ? coterm_json(overlays, &run.provenance)
                 : format == "csv" ? coterm_csv(overlays, which)
                                   : coterm_text(overlays));
        return 0;
    });
}
