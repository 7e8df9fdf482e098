#include "footprint/report/flows_report.hpp"

#include "footprint/report/json.hpp"

#include <algorithm>

namespace fp {

namespace {

std::string share(double value, bool percent) {
    return percent ? format_fixed(100 * value, 1) : format_fixed(value, 6);
}

std::string amount(double value) {
    return format_fixed(value, 2);
}

std::string code_at(const FlowResult& r, long f) {
    return f < 0 ? "" : r.footprint_codes[static_cast<std::size_t>(f)];
}

} // namespace

TextTable flow_table(const FlowResult& r, FlowTable which, bool percent) {
    TextTable t;
    const std::string pct = percent ? " %" : "";
    const std::size_t n = r.footprint_codes.size();
    switch (which) {
    case FlowTable::footprints:
        t.header = {"footprint",
                    "name",
                    "residents",
                    "within",
                    "demand containment" + pct,
                    "provided",
                    "supply containment" + pct,
                    "passes " + format_fixed(100 * r.options.demand_threshold, 0) + "/" +
                        format_fixed(100 * r.options.supply_threshold, 0)};
        t.numeric = {false, false, true, true, true, true, true, false};
        for (std::size_t f = 0; f < n; ++f) {
            const auto& ff = r.footprints[f];
            t.rows.push_back({r.footprint_codes[f], r.footprint_names[f], amount(ff.residents), amount(ff.within),
                              share(ff.demand_containment, percent), amount(ff.provided),
                              share(ff.supply_containment, percent), ff.passes ? "yes" : "no"});
        }
        break;
    case FlowTable::matrix:
        t.header = {"origin \\ destination"};
        t.numeric = {false};
        for (std::size_t g = 0; g < n; ++g)
            t.header.push_back(r.footprint_codes[g]), t.numeric.push_back(true);
        for (std::size_t f = 0; f < n; ++f) {
            std::vector<std::string> row = {r.footprint_codes[f]};
            for (std::size_t g = 0; g < n; ++g)
                row.push_back(amount(r.matrix[f][g]));
            t.rows.push_back(std::move(row));
        }
        break;
    case FlowTable::net:
        t.header = {"footprint", "other", "outflow", "inflow", "net outflow"};
        t.numeric = {false, false, true, true, true};
        for (std::size_t f = 0; f < n; ++f)
            for (std::size_t g = f + 1; g < n; ++g) {
                if (r.matrix[f][g] == 0 && r.matrix[g][f] == 0) continue;
                t.rows.push_back({r.footprint_codes[f], r.footprint_codes[g], amount(r.matrix[f][g]),
                                  amount(r.matrix[g][f]), amount(r.matrix[f][g] - r.matrix[g][f])});
            }
        break;
    case FlowTable::providers:
        t.header = {"provider", "name", "footprint", "activity", "spans", "catchment" + pct};
        t.numeric = {false, false, false, true, false, false};
        for (const auto& p : r.providers) {
            std::vector<std::size_t> order(n);
            for (std::size_t f = 0; f < n; ++f)
                order[f] = f;
            std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
                return p.by_origin_footprint[x] > p.by_origin_footprint[y];
            });
            std::string catchment;
            for (std::size_t f : order) {
                if (p.by_origin_footprint[f] <= 0 || catchment.size() > 200) break;
                catchment += (catchment.empty() ? "" : " ") + r.footprint_codes[f] + ":" +
                             share(p.by_origin_footprint[f] / p.activity, percent);
            }
            t.rows.push_back({p.code, p.name, code_at(r, p.footprint), amount(p.activity),
                              p.spans.size() > 1 ? "yes" : "no", catchment});
        }
        break;
    case FlowTable::unmapped:
        t.header = {"origin", "destination", "count", "reason"};
        t.numeric = {false, false, true, false};
        for (const auto& u : r.unmapped_flows)
            t.rows.push_back({u.origin, u.destination, amount(u.count), to_string(u.reason)});
        break;
    }
    return t;
}

std::string reconciliation_text(const FlowResult& r) {
    std::string out = "reconciliation: total in " + amount(r.total) + " = mapped " + amount(r.mapped) + " + unmapped " +
                      amount(r.unmapped_total()) + " (difference " + amount(r.difference()) + ")\n";
    TextTable t;
    t.header = {"unmapped", "count"};
    t.numeric = {false, true};
    for (std::size_t i = 0; i < unmapped_reasons; ++i)
        t.rows.push_back({to_string(static_cast<UnmappedReason>(i)), amount(r.unmapped[i])});
    out += t.aligned("  ");
    out += "  rows read " + std::to_string(r.rows) + "; " + std::to_string(r.duplicate_rows) +
           " repeated an origin and destination and were summed";
    if (r.skipped_period_rows) out += "; " + std::to_string(r.skipped_period_rows) + " of other periods skipped";
    out += "\n";
    if (!r.conflicts.empty()) {
        out += "  shared equally between footprints after code successions:";
        for (const auto& c : r.conflicts)
            out += " " + c;
        out += "\n";
    }
    return out;
}

std::string flows_text(const FlowResult& r) {
    std::string out = r.source + "\n" + reconciliation_text(r) + "\n";
    out += flow_table(r, FlowTable::footprints, true).aligned("  ") + "\n";
    out += "top outflows (residents treated by providers in other footprints)\n";
    TextTable top;
    top.header = {"footprint", "provider", "name", "in", "count", "of residents %"};
    top.numeric = {false, false, false, false, true, true};
    for (std::size_t f = 0; f < r.footprint_codes.size(); ++f)
        for (const auto& o : r.footprints[f].top_outflows) {
            std::string name;
            for (const auto& p : r.providers)
                if (p.code == o.provider) name = p.name;
            top.rows.push_back({r.footprint_codes[f], o.provider, name, r.footprint_codes[o.footprint], amount(o.count),
                                share(r.footprints[f].residents > 0 ? o.count / r.footprints[f].residents : 0, true)});
        }
    out += top.aligned("  ") + "\n";
    std::size_t spanning = 0;
    TextTable spans;
    spans.header = {"provider", "name", "in", "catchment by footprint %"};
    spans.numeric = {false, false, false, false};
    for (const auto& p : r.providers) {
        if (p.spans.size() < 2) continue;
        ++spanning;
        std::string catchment;
        for (std::size_t f : p.spans)
            catchment += (catchment.empty() ? "" : " ") + r.footprint_codes[f] + ":" +
                         share(p.by_origin_footprint[f] / p.activity, true);
        spans.rows.push_back({p.code, p.name, code_at(r, p.footprint), catchment});
    }
    out += "providers spanning footprints (a second footprint sends at least " +
           format_fixed(100 * r.options.span_threshold, 0) + "%): " + std::to_string(spanning) + " of " +
           std::to_string(r.providers.size()) + "\n";
    if (spanning) out += spans.aligned("  ");
    return out;
}

std::string flows_json(const FlowResult& r, const Provenance* provenance) {
    JsonWriter json = begin_json_report("footprint-flows/1", provenance);
    json.key("source").value(r.source);
    json.key("reconciliation").begin_object();
    json.key("total").value(r.total, 2);
    json.key("mapped").value(r.mapped, 2);
    json.key("unmapped").value(r.unmapped_total(), 2);
    json.key("difference").value(r.difference(), 2);
    json.key("unmapped_by_reason").begin_object();
    for (std::size_t i = 0; i < unmapped_reasons; ++i)
        json.key(to_string(static_cast<UnmappedReason>(i))).value(r.unmapped[i], 2);
    json.end_object();
    json.key("rows").value(r.rows);
    json.key("duplicate_rows").value(r.duplicate_rows);
    json.key("skipped_period_rows").value(r.skipped_period_rows);
    json.key("succession_conflicts").strings(r.conflicts);
    json.end_object();
    json.key("thresholds").begin_object();
    json.key("demand").value(r.options.demand_threshold, 4);
    json.key("supply").value(r.options.supply_threshold, 4);
    json.key("span").value(r.options.span_threshold, 4);
    json.end_object();
    json.key("footprints").begin_array();
    for (std::size_t f = 0; f < r.footprint_codes.size(); ++f) {
        const auto& ff = r.footprints[f];
        json.begin_object();
        json.key("code").value(r.footprint_codes[f]);
        json.key("name").value(r.footprint_names[f]);
        json.key("residents").value(ff.residents, 2);
        json.key("within").value(ff.within, 2);
        json.key("provided").value(ff.provided, 2);
        json.key("demand_containment").value(ff.demand_containment, 6);
        json.key("supply_containment").value(ff.supply_containment, 6);
        json.key("passes").value(ff.passes);
        json.key("top_outflows").begin_array();
        for (const auto& o : ff.top_outflows) {
            json.begin_object();
            json.key("provider").value(o.provider);
            json.key("footprint").value(r.footprint_codes[o.footprint]);
            json.key("count").value(o.count, 2);
            json.end_object();
        }
        json.end_array();
        json.key("outflows").begin_object();
        for (std::size_t g = 0; g < r.footprint_codes.size(); ++g)
            if (r.matrix[f][g] > 0) json.key(r.footprint_codes[g]).value(r.matrix[f][g], 2);
        json.end_object();
        json.end_object();
    }
    json.end_array();
    json.key("providers").begin_array();
    for (const auto& p : r.providers) {
        json.begin_object();
        json.key("code").value(p.code);
        json.key("name").value(p.name);
        json.key("footprint");
        if (p.footprint < 0)
            json.null();
        else
            json.value(r.footprint_codes[static_cast<std::size_t>(p.footprint)]);
        json.key("activity").value(p.activity, 2);
        json.key("from_unmapped_origins").value(p.from_unmapped_origins, 2);
        json.key("spans").value(p.spans.size() > 1);
        json.key("catchment").begin_object();
        for (std::size_t f = 0; f < r.footprint_codes.size(); ++f)
            if (p.by_origin_footprint[f] > 0) json.key(r.footprint_codes[f]).value(p.by_origin_footprint[f], 2);
        json.end_object();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str();
}

} // namespace fp
