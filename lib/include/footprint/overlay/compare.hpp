// Loading a footprint layer, comparison layers and weights, and overlaying
// each comparison: what fp-coterm and fp-span share.
#pragma once

#include "footprint/overlay/overlay.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fp {

struct CompareRequest {
    LayerSpec footprints;
    std::vector<LayerSpec> units;
    // Geometry mode: a point layer whose weight field gives population.
    std::optional<LayerSpec> weights;
    std::string weight_field = "population";
    // Membership mode: the layers are membership tables over one set of
    // members; member weights come from a table.
    bool membership = false;
    std::optional<LayerSpec> member_weights;
    LoadOptions load;
    OverlayOptions overlay;
    std::function<void(const std::string&)> stage;
};

// The shipped footprints against every shipped comparison layer, weighted
// by the shipped population points (footprint/io/dataset.hpp).
CompareRequest shipped_comparison();

// What compare() read and found, so that a caller that draws or reports
// the layers does not read them again. The layers are left empty in
// membership mode, which reads tables.
struct Comparison {
    PolygonLayer footprints;
    std::vector<PolygonLayer> units; // one per overlay
    std::optional<PointLayer> weights;
    std::vector<Overlay> overlays; // one per CompareRequest::units
};

Comparison compare(GeosContext& ctx, const CompareRequest& request);

} // namespace fp
