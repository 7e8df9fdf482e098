// The options of the tools that compare layers: which layers, weights and
// tolerances. fp-coterm and fp-span take them all; fp-map and fp-report
// take the weight and sliver options.
#pragma once

#include "command.hpp"
#include "footprint/overlay/compare.hpp"

#include <optional>

namespace fp::cli {

// --weights, --weight-field, --no-weights
struct WeightOptions {
    std::string points;
    std::string field = "population";
    bool none = false;
};
void add_weight_options(CLI::App& app, WeightOptions& options);

// The population points that weigh pieces: those named; else, for the
// shipped comparison, the shipped lsoa11_pop; else none. A --weight-field
// without --weights on named layers is a usage error.
std::optional<LayerSpec> weight_points(const WeightOptions& options, bool shipped);

// --sliver-width, --share-tolerance
void add_sliver_options(CLI::App& app, OverlayOptions& overlay);

struct CompareOptions {
    std::vector<std::string> layers;
    WeightOptions weights;
    std::string member_weights;
    bool membership = false;
    OverlayOptions overlay;
};

void add_compare_options(CLI::App& app, CompareOptions& options);

// The request the options describe (with no layers, the shipped
// comparison), loading as the run loads and telling its stages.
CompareRequest compare_request(Run& run, const CompareOptions& options);

} // namespace fp::cli
