#include "footprint/dataset.hpp"
#include "footprint/flows.hpp"
#include "footprint/points.hpp"

namespace fp {

FlowResult shipped_flows(GeosContext& ctx, const PolygonLayer& footprints, const LoadOptions& load,
                         const FlowOptions& options) {
    FlowMapping mapping;
    add_footprints(mapping, footprints);
    LayerSpec origins = shipped_layer("msoa11_stp16");
    origins.member_field = "msoa11cd", origins.group_field = "stp16cd", origins.share_field = "share";
    map_by_table(mapping, read_membership(origins), true);
    map_by_points(ctx, mapping, footprints, load_point_layer(ctx, shipped_layer("trusts"), load, ""));
    LayerSpec flows = shipped_layer("msoa_trust_flows19");
    flows.origin_field = "msoa11cd", flows.destination_field = "trustcd", flows.count_field = "count";
    return compute_flows(read_flows(flows, {}), mapping, options);
}

} // namespace fp
