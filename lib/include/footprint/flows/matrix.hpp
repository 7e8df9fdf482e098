// Flows between footprints as maps draw them: from a FlowResult, or read
// back from the footprint x footprint matrix fp-flows writes (report's
// flow_table(FlowTable::matrix)), its counts parsed as flow tables' are.
#pragma once

#include "footprint/flows/metrics.hpp"
#include "footprint/io/layer.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace fp {

// A flow between two footprints (indices into the footprint layer's units).
struct FootprintFlow {
    std::size_t from, to;
    double count;
};

// The flows of the result between two different footprints of the layer,
// the `top` largest (0: all), largest first.
std::vector<FootprintFlow> flows_between_footprints(const FlowResult& result, const PolygonLayer& footprints,
                                                    std::size_t top);

// Flows between footprints from a matrix as fp-flows writes it (first
// column the origin footprint, then one column per destination), matched to
// the footprints by code; only flows between two different footprints, the
// `top` largest (0: all), largest first. Throws InputError for a code that
// is not a footprint or a count that is not a count (count.hpp).
std::vector<FootprintFlow> read_flow_matrix(const std::string& path, const PolygonLayer& footprints, std::size_t top);

} // namespace fp
