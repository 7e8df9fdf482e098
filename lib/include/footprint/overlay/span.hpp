// Spanning units: units of a comparison layer that lie in more than one
// footprint, with each footprint's share. fp-span lists them; fp-check's
// rules and the report count them.
#pragma once

#include "footprint/overlay/overlay.hpp"

#include <cstddef>
#include <vector>

namespace fp {

struct SpanShare {
    std::size_t footprint;
    double share;            // of the unit: by population when weighted, else by area
    double area_share;       // NaN in membership mode
    double population_share; // NaN when not weighted
};

struct SpanRow {
    std::size_t unit;
    std::vector<SpanShare> shares; // largest first
    double minority_share = 0;     // the largest share outside the unit's main footprint
};

// Units of B in more than one footprint (material pieces only), most
// footprints first, then largest minority share, then code.
std::vector<SpanRow> spanning_units(const Overlay& overlay);

} // namespace fp
