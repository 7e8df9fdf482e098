#include "footprint/overlay/compare.hpp"

#include "footprint/io/dataset.hpp"
#include "footprint/overlay/plausible.hpp"

namespace fp {

CompareRequest shipped_comparison() {
    CompareRequest request;
    request.footprints = shipped_layer("stp16");
    for (const char* layer : {"ccg16", "lad16", "utla16", "hwb16", "cauth17"})
        request.units.push_back(shipped_layer(layer));
    request.weights = shipped_layer("lsoa11_pop");
    return request;
}

std::vector<Overlay> compare(GeosContext& ctx, const CompareRequest& request) {
    const auto stage = [&](const std::string& what) {
        if (request.stage) request.stage(what);
    };
    std::vector<Overlay> overlays;
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
        return overlays;
    }
    stage("reading " + request.footprints.display());
    const PolygonLayer a = load_polygon_layer(ctx, request.footprints, request.load);
    std::optional<PointLayer> points;
    if (request.weights) {
        stage("reading " + request.weights->display());
        points = load_point_layer(ctx, *request.weights, request.load, request.weight_field);
        require_points_meet(*points, a, "population points");
    }
    for (const auto& spec : request.units) {
        stage("reading " + spec.display());
        const PolygonLayer b = load_polygon_layer(ctx, spec, request.load);
        stage("comparing with " + spec.display());
        overlays.push_back(overlay_layers(ctx, a, b, points ? &*points : nullptr, request.overlay));
        require_comparison(overlays.back(), a, b, request.load.warn);
        overlays.back().a.source = request.footprints.text();
        overlays.back().b.source = spec.text();
    }
    return overlays;
}

} // namespace fp
