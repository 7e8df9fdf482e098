// fp-map: an SVG (or PNG) map of footprints against a comparison layer.
#include "compare_options.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/output.hpp"
#include "footprint/overlay/compare.hpp"
#include "footprint/overlay/plausible.hpp"
#include "footprint/report/map.hpp"

#include <optional>

int main(int argc, char** argv) {
    using namespace fp;
    cli::Command command("fp-map",
                         "Maps: an SVG map of a footprint layer against a comparison layer, footprints coloured so "
                         "that neighbours differ, units split between footprints outlined and named, slivers hidden "
                         "unless asked for; optionally flows between footprints and provider points.",
                         false);
    CLI::App& app = command.app;
    std::vector<std::string> layers;
    std::string png, flow_matrix, points, title;
    bool show_slivers = false;
    std::size_t top_flows = 40;
    OverlayOptions overlay_options;
    MapRequest map;

    app.add_option("LAYER", layers,
                   "Footprint layer, then the comparison layer (default: the shipped stp16 against utla16)");
    cli::WeightOptions weights;
    cli::add_weight_options(app, weights);
    cli::add_sliver_options(app, overlay_options);
    app.add_flag("--show-slivers", show_slivers, "Draw the slivers too");
    app.add_option("--flow-matrix", flow_matrix, "Draw the flows of a matrix written by fp-flows --matrix")
        ->type_name("FILE");
    app.add_option("--top-flows", top_flows, "Draw only this many of the largest flows (0: all)")
        ->check(cli::whole_number(0, 100000))
        ->capture_default_str();
    app.add_option("--points", points, "Provider points to draw, e.g. '|layer=trusts'")->type_name("LAYER");
    app.add_option("--width", map.width_px, "Width of the map in pixels")
        ->check(cli::range(100.0, 10000.0))
        ->capture_default_str();
    app.add_option("--title", title, "Title (default: the layers' names)");
    cli::writes(
        app.add_option("--png", png, "Also write the map as PNG to FILE (needs rsvg-convert)")->type_name("FILE"));
    command.add_common_options();

    return command.run(argc, argv, [&](cli::Run& run) {
        if (layers.size() > 2) throw UsageError("name a footprint layer and at most one layer to compare it with");
        const bool shipped = layers.empty();
        CompareRequest request;
        request.footprints = shipped ? shipped_layer(shipped_footprint_layer) : parse_layer_spec(layers[0]);
        if (shipped)
            request.units = {shipped_layer(shipped_map_unit_layer)};
        else if (layers.size() > 1)
            request.units = {parse_layer_spec(layers[1])};
        const std::optional<LayerSpec> weight_spec = cli::weight_points(weights, shipped);
        // Population weighs only the comparison's pieces.
        if (!request.units.empty()) request.weights = weight_spec;
        request.weight_field = weights.field;
        overlay_options.keep_pieces = show_slivers;
        request.overlay = overlay_options;

        request.load = run.load;
        request.stage = run.stages();
        const Comparison comparison = compare(run.ctx, request);
        const PolygonLayer& footprints = comparison.footprints;
        const bool compared = !comparison.overlays.empty();
        if (!points.empty()) {
            run.stage("reading " + points);
            const PointLayer providers = load_point_layer(run.ctx, parse_layer_spec(points), run.load, "");
            require_points_meet(providers, footprints, "provider points");
            for (const auto& p : providers.points)
                map.points.push_back({p.code, p.name, p.x, p.y});
        }
        if (!flow_matrix.empty()) map.flows = read_flow_matrix(flow_matrix, footprints, top_flows);
        map.footprints = &footprints;
        map.units = compared ? &comparison.units.front() : nullptr;
        map.overlay = compared ? &comparison.overlays.front() : nullptr;
        map.show_slivers = show_slivers;
        map.title = !title.empty() ? title
                    : compared     ? layer_title(footprints) + " and " + layer_title(comparison.units.front())
                                   : layer_title(footprints);
        run.stage("drawing");
        const std::string svg = render_map_svg(run.ctx, map);
        const std::string png_bytes = png.empty() ? std::string() : render_png(svg);
        std::vector<FileContent> side_files;
        if (!png.empty()) side_files.push_back({png, png_bytes});
        run.emit_all(svg, side_files);
        return 0;
    });
}
