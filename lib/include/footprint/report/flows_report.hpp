// fp-flows' reports.
#pragma once

#include "footprint/flows/flows.hpp"
#include "footprint/report/provenance.hpp"
#include "footprint/report/table_text.hpp"

#include <string>

namespace fp {

enum class FlowTable { footprints, matrix, net, providers, unmapped };

// `percent` renders shares as percentages for people, else fractions.
TextTable flow_table(const FlowResult& result, FlowTable which, bool percent);

// The reconciliation: total in = mapped + unmapped, by reason.
std::string reconciliation_text(const FlowResult& result);
std::string flows_text(const FlowResult& result);
// Schema "footprint-flows/1", documented in fp-flows(1).
std::string flows_json(const FlowResult& result, const Provenance* provenance = nullptr);

} // namespace fp
