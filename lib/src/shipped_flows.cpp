#include "footprint/dataset.hpp"
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

FlowResult shipped_flows(GeosContext& ctx, const PolygonLayer& footprints, const LoadOptions& load,
                         const FlowOptions& options) {
    FlowMapping mapping;
    add_footprints(mapping, footprints);
    map_by_table(mapping, read_membership(shipped_origin_map()), true);
    map_by_points(ctx, mapping, footprints, load_point_layer(ctx, shipped_providers(), load, ""));
    return compute_flows(read_flows(shipped_flow_table(), {}), mapping, options);
}

} // namespace fp
