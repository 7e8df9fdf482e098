// fp-info's report: what a layer is and whether it tiles cleanly.
#pragma once

#include "footprint/io/layer.hpp"
#include "footprint/overlay/coverage.hpp"
#include "footprint/report/provenance.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fp {

struct InfoOptions {
    LoadOptions load;
    SliverTolerance tolerance;
    bool coverage = true;
    bool list_slivers = false; // list sliver pieces one by one, not only in total
    // Told what is being done ("reading X", "checking coverage of X").
    std::function<void(const std::string&)> stage;
};

struct LayerInfo {
    std::string spec; // as the user named the layer
    PolygonLayer layer;
    std::optional<CoverageReport> coverage;

    // Overlaps or gaps between units, or no units at all (a filter that
    // matches nothing must not pass a check).
    bool has_problems() const { return layer.units.empty() || (coverage && !coverage->clean()); }
};

LayerInfo describe_layer(GeosContext& ctx, const LayerSpec& spec, const InfoOptions& options);

std::string info_text(const std::vector<LayerInfo>& layers, const InfoOptions& options);

// Schema "footprint-info/1", documented in fp-info(1).
std::string info_json(const std::vector<LayerInfo>& layers, const InfoOptions& options,
                      const Provenance* provenance = nullptr);

} // namespace fp
