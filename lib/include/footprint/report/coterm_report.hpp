// Reports of fp-coterm (pairs and per-footprint coterminosity) and fp-span
// (organisations spanning several footprints).
#pragma once

#include "footprint/overlay/overlay.hpp"
#include "footprint/report/provenance.hpp"
#include "footprint/report/table_text.hpp"

#include <string>
#include <vector>

namespace fp {

enum class CotermTable { footprints, pairs, units };

// A table for one comparison. `percent` renders shares as percentages for
// people; otherwise as fractions for machines.
TextTable coterm_table(const Overlay& overlay, CotermTable which, bool percent);

// Text: per comparison, the per-footprint summary then the pairs.
std::string coterm_text(const std::vector<Overlay>& overlays);
// CSV of one table; a first column names the comparison layer.
std::string coterm_csv(const std::vector<Overlay>& overlays, CotermTable which);
// Schema "footprint-coterm/1", documented in fp-coterm(1).
std::string coterm_json(const std::vector<Overlay>& overlays, const Provenance* provenance = nullptr);

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

// The spanning units of one comparison as a table, as span_text shows it.
TextTable span_table(const Overlay& overlay, bool percent);

std::string span_text(const std::vector<Overlay>& overlays);
std::string span_csv(const std::vector<Overlay>& overlays);
// Schema "footprint-span/1", documented in fp-span(1).
std::string span_json(const std::vector<Overlay>& overlays, const Provenance* provenance = nullptr);

} // namespace fp
