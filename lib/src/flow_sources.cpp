#include "footprint/dataset.hpp"
#include "footprint/error.hpp"
#include "footprint/flows.hpp"
#include "footprint/points.hpp"

namespace fp {

LayerSpec shipped_flow_table() {
    LayerSpec flows = shipped_layer("msoa_trust_flows19");
    flows.origin_field = "msoa11cd", flows.destination_field = "trustcd", flows.count_field = "count";
    return flows;
}

LayerSpec shipped_origin_map() {
    LayerSpec origins = shipped_layer("msoa11_stp16");
    origins.member_field = "msoa11cd", origins.group_field = "stp16cd", origins.share_field = "share";
    return origins;
}

LayerSpec shipped_providers() {
    return shipped_layer("trusts");
}

void check_flow_sources(const FlowSources& sources) {
    if (!sources.flows) return; // the shipped flows have a shipped mapping for each side
    if (!sources.origin_map && !sources.origin_layer)
        throw UsageError("name how origins map to footprints: --origin-map TABLE or --origin-layer LAYER");
    if (!sources.destination_map && !sources.destination_points)
        throw UsageError(
            "name how destinations map to footprints: --destination-map TABLE or --destination-points LAYER");
}

FlowResult map_flows(GeosContext& ctx, const FlowSources& sources, const PolygonLayer* footprints,
                     const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage) {
    const auto say = [&](const std::string& what) {
        if (stage) stage(what);
    };
    check_flow_sources(sources);
    const bool shipped = !sources.flows;

    FlowMapping mapping;
    if (sources.successions) mapping.successions = Successions::read(*sources.successions);
    // Origin polygons and provider points are placed in footprint polygons;
    // the shipped flows always list every shipped footprint.
    const bool needs_polygons = shipped || sources.origin_layer || sources.destination_points;
    PolygonLayer loaded;
    if (footprints == nullptr && needs_polygons) {
        say("reading footprints");
        loaded = load_polygon_layer(ctx, sources.footprints ? *sources.footprints : shipped_layer("stp16"), load);
        footprints = &loaded;
    }
    if (footprints != nullptr) add_footprints(mapping, *footprints);

    say("mapping origins");
    if (sources.origin_layer) {
        const PolygonLayer origins = load_polygon_layer(ctx, *sources.origin_layer, load);
        std::optional<PointLayer> points;
        if (sources.origin_weights)
            points = load_point_layer(ctx, *sources.origin_weights, load, sources.origin_weight_field);
        map_by_polygons(ctx, mapping, *footprints, origins, points ? &*points : nullptr);
    } else {
        map_by_table(
            mapping,
            read_membership(sources.origin_map ? *sources.origin_map : shipped_origin_map(), load.warn, load.note),
            true);
    }
    say("mapping destinations");
    if (sources.destination_map) {
        map_by_table(mapping, read_membership(*sources.destination_map, load.warn, load.note), false);
    } else {
        const PointLayer points = load_point_layer(
            ctx, sources.destination_points ? *sources.destination_points : shipped_providers(), load, "");
        map_by_points(ctx, mapping, *footprints, points);
    }
    const LayerSpec flow_spec = sources.flows ? *sources.flows : shipped_flow_table();
    say("reading " + flow_spec.display());
    FlowTableOptions table = sources.table;
    if (!table.warn) table.warn = load.warn;
    return compute_flows(read_flows(flow_spec, table), mapping, options);
}

} // namespace fp
