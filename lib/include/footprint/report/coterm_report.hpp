// Reports of fp-coterm (pairs and per-footprint coterminosity) and fp-span
// (organisations spanning several footprints).
#pragma once

#include "footprint/overlay/overlay.hpp"
#include "footprint/overlay/span.hpp"
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

// The spanning units of one comparison as a table, as span_text shows it.
TextTable span_table(const Overlay& overlay, bool percent);

std::string span_text(const std::vector<Overlay>& overlays);
std::string span_csv(const std::vector<Overlay>& overlays);
// Schema "footprint-span/1", documented in fp-span(1).
std::string span_json(const std::vector<Overlay>& overlays, const Provenance* provenance = nullptr);

} // namespace fp
