#include "compare_options.hpp"

#include "footprint/core/error.hpp"
#include "footprint/io/dataset.hpp"

namespace fp::cli {

void add_weight_options(CLI::App& app, WeightOptions& options) {
    auto* points = app.add_option("--weights", options.points,
                                  "Point layer whose --weight-field weighs pieces by population "
                                  "(default with no LAYER: the shipped lsoa11_pop)")
                       ->type_name("LAYER");
    app.add_option("--weight-field", options.field, "Numeric field of the --weights points")
        ->capture_default_str()
        ->type_name("FIELD");
    app.add_flag("--no-weights", options.none, "Do not weigh by population: shares by area only")->excludes(points);
}

std::optional<LayerSpec> weight_points(const WeightOptions& options, bool shipped) {
    if (!options.points.empty()) return parse_layer_spec(options.points);
    if (!shipped && options.field != "population")
        throw UsageError("--weight-field names a field of the --weights points; give --weights too");
    if (shipped && !options.none) return shipped_layer(shipped_population_layer);
    return std::nullopt;
}

void add_sliver_options(CLI::App& app, OverlayOptions& overlay) {
    app.add_option("--sliver-width", overlay.tolerance.width_m,
                   "Pieces in which no disc this many metres across fits are slivers")
        ->check(cli::range(0.0, 100000.0))
        ->capture_default_str();
    app.add_option("--share-tolerance", overlay.share_tolerance,
                   "Pieces under this fraction of both footprint and unit are slivers")
        ->check(cli::range(0.0, 1.0))
        ->capture_default_str();
}

void add_compare_options(CLI::App& app, CompareOptions& options) {
    app.add_option("LAYER", options.layers,
                   "Footprint layer, then comparison layers (default: the shipped stp16 against "
                   "ccg16 lad16 utla16 hwb16 cauth17); with --membership, tables");
    add_weight_options(app, options.weights);
    auto* membership = app.add_flag("--membership", options.membership,
                                    "Compare membership tables (member -> footprint, member -> unit) "
                                    "instead of geometry");
    app.add_option("--member-weights", options.member_weights,
                   "With --membership: table of member weights as SOURCE[|member=COL][|weight=COL]")
        ->needs(membership)
        ->type_name("TABLE");
    add_sliver_options(app, options.overlay);
}

CompareRequest compare_request(Run& run, const CompareOptions& options) {
    CompareRequest request;
    if (options.layers.empty()) {
        if (options.membership) throw UsageError("--membership needs a footprint table and a unit table");
        request = shipped_comparison();
    } else {
        if (options.layers.size() < 2)
            throw UsageError("name a footprint layer and at least one layer to compare it with");
        request.footprints = parse_layer_spec(options.layers.front());
        for (std::size_t i = 1; i < options.layers.size(); ++i)
            request.units.push_back(parse_layer_spec(options.layers[i]));
    }
    request.weights = weight_points(options.weights, options.layers.empty());
    if (options.membership) request.weights.reset();
    if (!options.member_weights.empty()) request.member_weights = parse_layer_spec(options.member_weights);
    request.membership = options.membership;
    request.weight_field = options.weights.field;
    request.overlay = options.overlay;
    request.load = run.load;
    request.stage = run.stages();
    return request;
}

} // namespace fp::cli
