#include "footprint/overlay/compare.hpp"

#include "footprint/io/dataset.hpp"
#include "footprint/overlay/plausible.hpp"

namespace fp {

CompareRequest shipped_comparison() {
    CompareRequest request;
    request.footprints = shipped_layer(shipped_footprint_layer);
    for (const char* layer : shipped_comparison_layers)
        request.units.push_back(shipped_layer(layer));
    request.weights = shipped_layer(shipped_population_layer);
    return request;
}

Comparison compare(GeosContext& ctx, const CompareRequest& request) {
    const auto stage = [&](const std::string& what) {
        if (request.stage) request.stage(what);
    };
    Comparison result;
    std::vector<Overlay>& overlays = result.overlays;
    if (request.membership) {
        stage("reading " + request.footprints.display());
        const Membership a = read_membership(request.footprints, request.load.warn, request.load.note);
        std::map<std::string, double> weights;
        if (request.member_weights) weights = read_member_weights(*request.member_weights);
        for (const auto& spec : request.units) {
            stage("comparing with " + spec.display());
            overlays.push_back(overlay_memberships(a, read_membership(spec, request.load.warn, request.load.note),
                                                   request.member_weights ? &weights : nullptr, request.overlay));
        }
        return result;
    }
    stage("reading " + request.footprints.display());
    result.footprints = load_polygon_layer(ctx, request.footprints, request.load);
    const PolygonLayer& a = result.footprints;
    std::optional<PointLayer>& points = result.weights;
    if (request.weights) {
        stage("reading " + request.weights->display());
        points = load_point_layer(ctx, *request.weights, request.load, request.weight_field);
        require_points_meet(*points, a, "population points");
    }
    for (const auto& spec : request.units) {
        stage("reading " + spec.display());
        const PolygonLayer& b = result.units.emplace_back(load_polygon_layer(ctx, spec, request.load));
        stage("comparing with " + spec.display());
        overlays.push_back(overlay_layers(ctx, a, b, points ? &*points : nullptr, request.overlay));
        require_comparison(overlays.back(), a, b, request.load.warn);
        overlays.back().a.source = request.footprints.text();
        overlays.back().b.source = spec.text();
    }
    return result;
}

} // namespace fp
