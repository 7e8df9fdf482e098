#include "footprint/report/report.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/overlay/plausible.hpp"
#include "footprint/report/coterm_report.hpp"
#include "footprint/report/flows_report.hpp"
#include "footprint/report/json.hpp"

#include <algorithm>

namespace fp {

namespace {

// A table that sorts when a header is clicked and downloads as CSV under
// `file_name`.
std::string html_table(const TextTable& t, const std::string& id, const std::string& caption,
                       const std::string& file_name) {
    std::string h = "<figure class=\"table\">\n<figcaption>" + xml_escape(caption);
    if (t.rows.empty()) return h + "</figcaption>\n<p class=\"empty\">None.</p>\n</figure>\n";
    h += " <button type=\"button\" class=\"csv\" data-table=\"" + id + "\" data-file=\"" + xml_escape(file_name) +
         "\">Download CSV</button></figcaption>\n";
    h += "<div class=\"scroll\"><table id=\"" + id + "\" class=\"sortable\">\n<thead><tr>";
    for (std::size_t c = 0; c < t.header.size(); ++c)
        h += std::string("<th") + (t.numeric[c] ? " class=\"num\"" : "") + " tabindex=\"0\">" +
             xml_escape(t.header[c]) + "</th>";
    h += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        h += "<tr>";
        for (std::size_t c = 0; c < row.size(); ++c)
            h += std::string("<td") + (t.numeric[c] ? " class=\"num\"" : "") + ">" + xml_escape(row[c]) + "</td>";
        h += "</tr>\n";
    }
    return h + "</tbody>\n</table></div>\n</figure>\n";
}

std::string slug(const std::string& text) {
    std::string out;
    for (const char c : text)
        out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
    return out;
}

const char* style = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;color:#111;margin:0 auto;max-width:1100px;padding:1em 1.5em;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #333;padding-bottom:.2em}
h3{margin-top:1.4em}
.lead{font-size:1.05em;color:#333}
nav ul{columns:2;padding-left:1.2em}
figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.4em}
.map svg{max-width:100%;height:auto;border:1px solid #ccc}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.88em}
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2;cursor:pointer;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
.num{text-align:right;font-variant-numeric:tabular-nums}
button.csv{font-size:.8em;margin-left:.8em}
.summary td,.summary th{font-size:1em}
.note{color:#444;font-size:.92em}
.ok{color:#1a7f37}.bad{color:#b2182b}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 button,nav{display:none}
 section:not(#summary)>h2{break-before:page}
 figure.map{break-inside:avoid}
 .scroll{overflow:visible}
 th{background:none}
}
)";

// Sorting and CSV download, written for this page; nothing is fetched.
const char* script = R"(
(function () {
  function cellValue(row, index, numeric) {
    var text = row.cells[index].textContent.trim();
    if (!numeric) return text;
    var value = parseFloat(text.replace(/,/g, ''));
    return isNaN(value) ? -Infinity : value;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      function sort() {
        var numeric = th.classList.contains('num');
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (event) { if (event.key === 'Enter') sort(); });
    });
  });
  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  document.querySelectorAll('button.csv').forEach(function (button) {
    button.addEventListener('click', function () {
      var table = document.getElementById(button.getAttribute('data-table'));
      if (!table) return;
      var lines = Array.prototype.map.call(table.rows, function (row) {
        return Array.prototype.map.call(row.cells, function (cell) {
          return csvField(cell.textContent.trim());
        }).join(',');
      });
      var blob = new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv'});
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = button.getAttribute('data-file');
      document.body.appendChild(link);
      link.click();
      document.body.removeChild(link);
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    });
  });
})();
)";

std::string percent(double share) {
    return format_fixed(100 * share, 1) + "%";
}

} // namespace

std::string render_report_html(GeosContext& ctx, const ReportRequest& request) {
    if (request.footprints == nullptr) throw UsageError("a report needs a footprint layer");
    const PolygonLayer& footprints = *request.footprints;
    const std::string title = request.title.empty() ? "Footprints: " + layer_title(footprints) : request.title;

    std::string body;
    body += "<header>\n<h1>" + xml_escape(title) + "</h1>\n";
    body += "<p class=\"lead\">" + std::to_string(footprints.units.size()) + " footprints (" +
            xml_escape(layer_title(footprints)) +
            ") compared with the organisations below. A unit is <b>split</b> when it lies "
            "materially in more "
            "than one footprint. Thin strips and tiny pieces where two boundaries were drawn "
            "differently are "
            "<b>slivers</b>: they are ignored, so that only real splits are shown. Shares are by "
            "population "
            "where population points were given, otherwise by area.</p>\n</header>\n";

    // Ids from layer names, made unique: two sources may have layers of one name.
    std::vector<std::string> ids;
    for (const auto& c : request.comparisons) {
        std::string id = slug(layer_title(*c.units));
        const std::string base = id;
        for (int n = 2; std::count(ids.begin(), ids.end(), id) > 0 || id == "summary" || id == "flows"; ++n)
            id = base + "-" + std::to_string(n);
        ids.push_back(id);
    }
    body += "<nav><ul>\n";
    for (std::size_t i = 0; i < request.comparisons.size(); ++i)
        body +=
            "<li><a href=\"#" + ids[i] + "\">" + xml_escape(layer_title(*request.comparisons[i].units)) + "</a></li>\n";
    if (request.flows != nullptr) body += "<li><a href=\"#flows\">Patient flows</a></li>\n";
    body += "</ul></nav>\n";

    // The summary: how each comparison layer lines up.
    TextTable summary;
    summary.header = {"layer", "units", "units split", "footprints coterminous", "split units (most footprints first)"};
    summary.numeric = {false, true, true, true, false};
    for (const auto& c : request.comparisons) {
        const auto spanning = spanning_units(*c.overlay);
        std::size_t coterminous = 0;
        for (const auto& f : c.overlay->footprints)
            coterminous += f.coterminous;
        // Footprints the layer does not reach are not counted against it.
        const std::size_t compared = footprints.units.size() -
                                     judge_comparison(*c.overlay, footprints, *c.units).footprints_without_units.size();
        std::string names;
        for (const auto& row : spanning) {
            const std::string& name = c.overlay->b.names[row.unit];
            names += (names.empty() ? "" : ", ") + (name.empty() ? c.overlay->b.codes[row.unit] : name) + " (" +
                     std::to_string(row.shares.size()) + ")";
        }
        summary.rows.push_back({layer_title(*c.units), std::to_string(c.units->units.size()),
                                std::to_string(spanning.size()),
                                std::to_string(coterminous) + " of " + std::to_string(compared), names});
    }
    body += "<section id=\"summary\">\n<h2>Summary</h2>\n";
    body += html_table(summary, "summary-table", "How each layer lines up with the footprints", "summary.csv");
    body += "</section>\n";

    for (std::size_t i = 0; i < request.comparisons.size(); ++i) {
        const ReportComparison& c = request.comparisons[i];
        const std::string& id = ids[i];
        body += "<section id=\"" + id + "\">\n<h2>" + xml_escape(layer_title(*c.units)) + "</h2>\n";
        MapRequest map;
        map.footprints = &footprints;
        map.units = c.units;
        map.overlay = c.overlay;
        map.width_px = request.map_width_px;
        map.title = layer_title(footprints) + " and " + layer_title(*c.units);
        map.id_prefix = id + "-map-";
        body += "<figure class=\"map\">\n<figcaption>Footprints, numbered as in the key, and the "
                "units of " +
                xml_escape(layer_title(*c.units)) + " split between them (outlined in red)</figcaption>\n" +
                render_map_svg(ctx, map) + "</figure>\n";
        body += html_table(span_table(*c.overlay, true), id + "-split",
                           "Units of " + layer_title(*c.units) + " split between footprints", id + "-split.csv");
        // A layer that covers part of the footprints' area says nothing about
        // the rest: those footprints are named once, not listed as rows that
        // are wholly outside.
        const ComparisonFit fit = judge_comparison(*c.overlay, footprints, *c.units);
        TextTable rows = coterm_table(*c.overlay, CotermTable::footprints, true);
        std::string left_out;
        for (auto a = fit.footprints_without_units.rbegin(); a != fit.footprints_without_units.rend(); ++a) {
            rows.rows.erase(rows.rows.begin() + static_cast<std::ptrdiff_t>(*a));
            const Unit& f = footprints.units[*a];
            left_out =
                (f.name.empty() ? f.code : f.code + " (" + f.name + ")") + (left_out.empty() ? "" : ", " + left_out);
        }
        if (!left_out.empty())
            body += "<p class=\"note\">" + std::to_string(fit.footprints_without_units.size()) +
                    (fit.footprints_without_units.size() == 1 ? " footprint has" : " footprints have") +
                    " no unit of " + xml_escape(layer_title(*c.units)) +
                    ", which covers only part of their area; left out of this section: " + xml_escape(left_out) +
                    ".</p>\n";
        body += html_table(rows, id + "-footprints", "Coterminosity of each footprint with " + layer_title(*c.units),
                           id + "-footprints.csv");
        body += "<p class=\"note\">The coterminosity index is the share of a footprint (by "
                "population, else "
                "area) in units that lie wholly inside it.</p>\n</section>\n";
    }

    if (request.flows != nullptr) {
        const FlowResult& r = *request.flows;
        body += "<section id=\"flows\">\n<h2>Patient flows</h2>\n";
        body += "<p>" + xml_escape(r.source) +
                ": activity from residents' areas to providers, mapped to "
                "footprints. <b>Demand containment</b> is the share of a footprint's residents' "
                "activity "
                "provided inside it; <b>supply containment</b> the share of its providers' "
                "activity for its own "
                "residents.</p>\n";
        MapRequest map;
        map.footprints = &footprints;
        map.width_px = request.map_width_px;
        map.title = "Flows between footprints";
        map.id_prefix = "flows-map-";
        map.flows = flows_between_footprints(r, footprints, request.top_flows);
        body += "<figure class=\"map\">\n<figcaption>The " + std::to_string(map.flows.size()) +
                " largest flows between footprints, width by count, bowed to the right of their "
                "direction</figcaption>\n" +
                render_map_svg(ctx, map) + "</figure>\n";
        body += html_table(flow_table(r, FlowTable::footprints, true), "flows-footprints",
                           "Self-containment of each footprint", "flows-footprints.csv");
        body += html_table(flow_table(r, FlowTable::net, false), "flows-net", "Flows between footprints, each way",
                           "flows-net.csv");

        // Reconciliation: every count is mapped or reported as unmapped.
        const double difference = r.difference();
        TextTable rec;
        rec.header = {"", "count", "share"};
        rec.numeric = {false, true, true};
        const auto row = [&](const std::string& what, double value) {
            rec.rows.push_back({what, format_fixed(value, 2), r.total > 0 ? percent(value / r.total) : ""});
        };
        row("total in", r.total);
        row("mapped to footprints", r.mapped);
        for (std::size_t i = 0; i < unmapped_reasons; ++i)
            row(std::string("unmapped: ") + to_string(static_cast<UnmappedReason>(i)), r.unmapped[i]);
        row("difference", difference);
        body += html_table(rec, "flows-reconciliation", "Reconciliation", "flows-reconciliation.csv");
        body += std::string("<p class=\"") + (r.reconciles() ? "ok" : "bad") +
                "\">Total in = mapped + unmapped, difference " + format_fixed(difference, 2) + ". " +
                std::to_string(r.rows) + " rows read.</p>\n";
        body += html_table(flow_table(r, FlowTable::unmapped, false), "flows-unmapped",
                           "Flows that could not be mapped", "flows-unmapped.csv");
        body += "</section>\n";
    }

    std::vector<std::string> sources = {footprints.source};
    for (const auto& c : request.comparisons)
        if (std::find(sources.begin(), sources.end(), c.units->source) == sources.end())
            sources.push_back(c.units->source);
    body += "<footer class=\"note\"><p>Made by footprint from ";
    for (std::size_t i = 0; i < sources.size(); ++i)
        body += (i ? ", " : "") + xml_escape(sources[i]);
    body += ". Contains public sector information licensed under the Open Government Licence "
            "v3.0.</p>\n";
    if (!request.provenance.tool.empty())
        body += "<details><summary>How this report was made</summary><pre>" +
                xml_escape(provenance_text(request.provenance)) + "</pre></details>\n";
    body += "</footer>\n";

    return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           xml_escape(title) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n" + body + "<script>" +
           script + "</script>\n</body>\n</html>\n";
}

} // namespace fp
