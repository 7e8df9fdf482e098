// fp-build: dissolve member units into footprints by a membership table.
#include "command.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/vector_writer.hpp"
#include "footprint/report/build_report.hpp"
#include "footprint/report/vector_layers.hpp"

namespace {

// The stem of a group code column: STP17CD or stp17_code gives layer "stp17".
std::string default_layer_name(const std::string& group_field) {
    const std::string stem = fp::column_stem(group_field);
    return fp::is_code_column(group_field) ? stem : "footprints";
}

} // namespace

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-build", "Build footprint geometries by dissolving member units (LSOAs, CCGs, councils) "
                                     "as a membership table assigns them.");
    CLI::App& app = command.app;
    const cli::CommonOptions& common = command.common;
    std::string members_text, table_text, output, driver, layer_name, format = "text";
    bool overwrite = false, check = false;
    BuildOptions build;

    app.add_option("MEMBERS", members_text, "Polygon layer of the member units")->required();
    app.add_option("TABLE", table_text, "Membership table as SOURCE[|member=COL][|group=COL][|group_name=COL]")
        ->required();
    cli::writes(app.add_option("-o,--output", output, "Output file; its extension picks the format")
                    ->required()
                    ->type_name("FILE"));
    app.add_option("--driver", driver, "GDAL vector driver for the output (default: from the extension)")
        ->type_name("NAME");
    app.add_option("-n,--layer-name", layer_name,
                   "Output layer name, also the stem of its code and name fields (default: from "
                   "the group column, e.g. STP17CD gives stp17)")
        ->type_name("NAME");
    app.add_flag("--overwrite", overwrite, "Replace an existing output file");
    app.add_option("-f,--format", format, "Report format on stdout")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    app.add_flag("--check", check, "Exit 3 when members are missing or unassigned, or a footprint is empty");
    app.add_option("--sliver-width", build.tolerance.width_m,
                   "Holes between members narrower than this many metres are filled")
        ->check(cli::range(0.0, 100000.0))
        ->capture_default_str();
    app.add_flag("--keep-holes", build.keep_holes, "Keep sliver holes between members");
    command.add_load_options();
    command.add_verbosity_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        const LayerSpec members_spec = parse_layer_spec(members_text);
        const LayerSpec table_spec = parse_layer_spec(table_text);
        // A PostGIS output names a connection: show it without its password.
        const std::string shown_output = without_password(output);
        driver = resolve_driver(output, driver);

        run.stage("reading " + table_spec.display());
        const Membership table = read_membership(table_spec);
        if (layer_name.empty()) layer_name = default_layer_name(table.group_field);
        // A PostGIS table is named only now; look for it before the work.
        prepare_vector_output({output, driver, layer_name, common.working_crs, overwrite});
        run.stage("reading " + members_spec.display());
        const PolygonLayer members = load_polygon_layer(run.ctx, members_spec, run.load);
        run.stage("dissolving");
        const BuildResult result = build_footprints(run.ctx, members, table, build);

        run.stage("writing " + shown_output);
        const auto written =
            write_footprints(run.ctx, {output, driver, layer_name, common.working_crs, overwrite}, result);
        for (const auto& warning : written)
            run.warn(shown_output + ": " + warning);
        for (const auto& warning : members.report.warnings)
            run.warn(warning);
        for (const auto& warning : table.warnings)
            run.warn(warning);

        const BuildSummary summary{
            members_spec.display(), table_spec.display(), shown_output, layer_name, &members, &table, &result};
        run.emit(format == "json" ? build_json(summary, &run.provenance) : build_text(summary));
        return cli::check_status(check && result.has_problems());
    });
}
