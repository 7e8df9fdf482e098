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

// The shipped stp16 against ccg16, lad16, utla16, hwb16 and cauth17,
// weighted by the LSOA population points.
CompareRequest shipped_comparison();

std::vector<Overlay> compare(GeosContext& ctx, const CompareRequest& request);

} // namespace fp
