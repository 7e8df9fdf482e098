// One self-contained HTML report for a footprint layer: maps, coterminosity
// and spanning tables per comparison layer, flow metrics and their
// reconciliation. No network access at view time; tables sort and download
// as CSV; maps and tables print cleanly. The same inputs give the same bytes.
#pragma once

#include "footprint/flows/flows.hpp"
#include "footprint/report/map.hpp"
#include "footprint/report/provenance.hpp"

#include <string>
#include <vector>

namespace fp {

struct ReportComparison {
    const PolygonLayer* units;
    const Overlay* overlay; // footprints x units
};

struct ReportRequest {
    std::string title;
    const PolygonLayer* footprints = nullptr;
    std::vector<ReportComparison> comparisons;
    const FlowResult* flows = nullptr; // optional
    std::size_t top_flows = 40;        // flows drawn on the flow map
    double map_width_px = 900;
    Provenance provenance; // shown in the footer when its tool is set
};

// Throws UsageError for a request without footprints.
std::string render_report_html(GeosContext& ctx, const ReportRequest& request);

} // namespace fp
