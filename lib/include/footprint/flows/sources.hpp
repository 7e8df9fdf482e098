// Where flows and their mappings come from (the shipped data unless named),
// and map_flows, which reads them and computes the metrics in one call.
#pragma once

#include "footprint/flows/metrics.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"

#include <functional>
#include <optional>
#include <string>

namespace fp {

// The shipped flow data, with their columns named: the 2019 MSOA to trust
// flows (msoa_trust_flows19), the MSOA to STP population shares
// (msoa11_stp16) and the trust sites (trusts).
LayerSpec shipped_flow_table();
LayerSpec shipped_origin_map();
LayerSpec shipped_providers();
// The LSOA population points (lsoa11_pop) and each LSOA's MSOA
// (lsoa11_msoa11): together they map MSOAs to any footprints.
LayerSpec shipped_population();
LayerSpec shipped_lsoa_msoa();
// Whether a footprint spec is the shipped stp16 itself, the footprints the
// shipped origin map (msoa11_stp16) was made for.
bool is_shipped_footprints(const LayerSpec& spec, const LoadOptions& load);

// Where a flow table and the mapping of its origins and destinations to
// footprints come from, as fp-flows and fp-report take them. With no flow
// table, the shipped 2019 flows, and for each side not named otherwise its
// shipped mapping (msoa11_stp16 for origins, the trust sites for
// destinations).
struct FlowSources {
    std::optional<LayerSpec> flows;
    FlowTableOptions table;
    std::optional<LayerSpec> origin_map;     // origin code -> footprint [share]
    std::optional<LayerSpec> origin_layer;   // origin polygons, shared among footprints...
    std::optional<LayerSpec> origin_weights; // ...by the population of these points, else by area
    // Origin polygons shared by area, as chosen: without weights or this,
    // the shipped population points weigh them where they cover them all.
    bool origin_by_area = false;
    std::string origin_weight_field = "population";
    std::optional<LayerSpec> destination_map;    // destination code -> footprint [share]
    std::optional<LayerSpec> destination_points; // provider sites, placed by location
    std::optional<LayerSpec> successions;        // old code -> new code
    // Read only when `footprints` is not given and geometry is needed
    // (origin polygons or provider points); else the shipped stp16.
    std::optional<LayerSpec> footprints;
};

// Throws UsageError when a flow table other than the shipped one has no
// origin or no destination mapping: found before any work.
void check_flow_sources(const FlowSources& sources);

// Reads the flows and maps them to footprints. `footprints` (may be null)
// are the footprint polygons when the caller has them; every footprint in
// them appears in the result, flows or not. `stage` hears each step.
// Checks the sources first (check_flow_sources).
// With footprint polygons, every footprint code a mapping produces must be
// one of them: else UsageError naming some codes and the mapping. The
// shipped origin map is used only with the shipped stp16; for any other
// footprints origins are shared by the shipped population points, and
// FlowResult::notes says so.
FlowResult map_flows(GeosContext& ctx, const FlowSources& sources, const PolygonLayer* footprints,
                     const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage = nullptr);

} // namespace fp
