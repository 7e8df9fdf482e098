#include "footprint/report/coterm_report.hpp"

#include "footprint/report/json.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fp {

namespace {

std::string share_text(double share, bool percent) {
    if (std::isnan(share)) return "";
    return percent ? format_fixed(100 * share, 1) : format_fixed(share, 6);
}

std::string number(double value, int decimals) {
    return std::isnan(value) ? "" : format_fixed(value, decimals);
}

std::string width_text(double width) {
    if (std::isnan(width)) return "";
    if (std::isinf(width)) return "whole";
    if (width == std::numeric_limits<double>::max()) return "wide";
    return format_fixed(width, 0);
}

std::string codes_of(const Side& side, const std::vector<std::size_t>& ids) {
    std::vector<std::string> codes;
    for (std::size_t i : ids)
        codes.push_back(side.codes[i]);
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::string text;
    for (const auto& c : codes)
        text += (text.empty() ? "" : " ") + c;
    return text;
}

std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string title(const Overlay& o) {
    std::size_t slivers = 0;
    for (const auto& p : o.pieces)
        slivers += p.sliver ? 1 : 0;
    std::string text =
        o.a.source + "  x  " + o.b.source + "\n  " + counted(o.a.codes.size(), "footprint", "footprints") + ", " +
        counted(o.b.codes.size(), "unit", "units") + ", " + counted(o.pieces.size(), "piece", "pieces") + " (" +
        counted(slivers, "sliver", "slivers") + ": " +
        (o.membership_mode ? "" : "narrower than " + format_fixed(o.options.tolerance.width_m, 0) + " m or ") +
        "under " + format_fixed(100 * o.options.share_tolerance, 1) + "% of both sides)\n";
    if (o.weighted)
        text += "  population " + format_fixed(o.weight_total, 0) + ": " +
                format_fixed(o.weight_total - o.weight_outside_a - o.weight_outside_b, 0) + " in pieces, " +
                format_fixed(o.weight_outside_a, 0) + " in no footprint, " + format_fixed(o.weight_outside_b, 0) +
                " in a footprint but no unit\n";
    return text;
}

void reconciliation_json(JsonWriter& json, const Overlay& o) {
    json.key("population");
    if (!o.weighted) {
        json.null();
        return;
    }
    json.begin_object();
    json.key("total").value(o.weight_total, 2);
    json.key("in_pieces").value(o.weight_total - o.weight_outside_a - o.weight_outside_b, 2);
    json.key("outside_footprints").value(o.weight_outside_a, 2);
    json.key("outside_units").value(o.weight_outside_b, 2);
    json.end_object();
}

} // namespace

TextTable coterm_table(const Overlay& o, CotermTable which, bool percent) {
    TextTable t;
    const std::string pct = percent ? " %" : "";
    if (which == CotermTable::footprints) {
        t.header = {"footprint",
                    "name",
                    "whole units",
                    "split units",
                    "coterminosity area" + pct,
                    "coterminosity population" + pct,
                    "outside" + pct,
                    "coterminous",
                    "split"};
        t.numeric = {false, false, true, true, true, true, true, false, false};
        for (std::size_t a = 0; a < o.a.codes.size(); ++a) {
            const auto& f = o.footprints[a];
            t.rows.push_back({o.a.codes[a], o.a.names[a], std::to_string(f.whole_units),
                              std::to_string(f.split_units.size()), share_text(f.index_area, percent),
                              share_text(f.index_weight, percent), share_text(f.outside_share, percent),
                              f.coterminous ? "yes" : "no", codes_of(o.b, f.split_units)});
        }
    } else if (which == CotermTable::pairs) {
        t.header = {"footprint",         "unit",       "unit name",
                    "relation",          "area km2",   "of footprint" + pct,
                    "of unit" + pct,     "population", "pop of footprint" + pct,
                    "pop of unit" + pct, "width m"};
        t.numeric = {false, false, false, false, true, true, true, true, true, true, true};
        for (const auto& p : o.pieces)
            t.rows.push_back({o.a.codes[p.a], o.b.codes[p.b], o.b.names[p.b], to_string(p.relation),
                              number(p.area_m2 / 1e6, percent ? 3 : 6), share_text(p.share_of_a, percent),
                              share_text(p.share_of_b, percent), number(p.weight, 0),
                              share_text(p.weight_share_of_a, percent), share_text(p.weight_share_of_b, percent),
                              width_text(p.width_m)});
    } else {
        t.header = {"unit", "name", "footprints", "outside" + pct, "shares" + pct};
        t.numeric = {false, false, true, true, false};
        for (std::size_t b = 0; b < o.b.codes.size(); ++b) {
            const auto& u = o.units[b];
            std::string shares;
            std::vector<std::size_t> listed = u.pieces; // by the share shown
            if (o.weighted)
                std::stable_sort(listed.begin(), listed.end(), [&](std::size_t x, std::size_t y) {
                    return o.pieces[x].weight_share_of_b > o.pieces[y].weight_share_of_b;
                });
            for (std::size_t i : listed) {
                const Piece& p = o.pieces[i];
                shares += (shares.empty() ? "" : " ") + o.a.codes[p.a] + ":" +
                          share_text(o.weighted ? p.weight_share_of_b : p.share_of_b, percent);
            }
            t.rows.push_back({o.b.codes[b], o.b.names[b], std::to_string(u.pieces.size()),
                              share_text(u.outside_share, percent), shares});
        }
    }
    return t;
}

std::string coterm_text(const std::vector<Overlay>& overlays) {
    std::string out;
    for (const auto& o : overlays) {
        if (!out.empty()) out += "\n";
        out += title(o) + "\n";
        out += coterm_table(o, CotermTable::footprints, true).aligned("  ") + "\n";
        out += coterm_table(o, CotermTable::pairs, true).aligned("  ");
    }
    return out;
}

std::string coterm_csv(const std::vector<Overlay>& overlays, CotermTable which) {
    TextTable all;
    for (const auto& o : overlays) {
        TextTable t = coterm_table(o, which, false);
        if (all.header.empty()) {
            all.header = t.header;
            all.header.insert(all.header.begin(), "layer");
        }
        for (auto& row : t.rows) {
            row.insert(row.begin(), o.b.source);
            all.rows.push_back(std::move(row));
        }
    }
    if (all.header.empty()) {
        all.header = coterm_table(Overlay{}, which, false).header;
        all.header.insert(all.header.begin(), "layer");
    }
    return all.csv();
}

std::string coterm_json(const std::vector<Overlay>& overlays, const Provenance* provenance) {
    JsonWriter json = begin_json_report("footprint-coterm/1", provenance);
    json.key("comparisons").begin_array();
    for (const auto& o : overlays) {
        json.begin_object();
        json.key("footprints_layer").value(o.a.source);
        json.key("units_layer").value(o.b.source);
        json.key("mode").value(o.membership_mode ? "membership" : "geometry");
        json.key("sliver_width_m");
        if (o.membership_mode)
            json.null();
        else
            json.value(o.options.tolerance.width_m, 1);
        json.key("share_tolerance").value(o.options.share_tolerance, 6);
        reconciliation_json(json, o);
        json.key("footprints").begin_array();
        for (std::size_t a = 0; a < o.a.codes.size(); ++a) {
            const auto& f = o.footprints[a];
            json.begin_object();
            json.key("code").value(o.a.codes[a]);
            json.key("name").value(o.a.names[a]);
            json.key("area_km2").value(o.a.area_m2[a] / 1e6, 6);
            json.key("population").value(o.a.weight[a], 2);
            json.key("whole_units").value(f.whole_units);
            std::vector<std::string> split;
            for (std::size_t b : f.split_units)
                split.push_back(o.b.codes[b]);
            json.key("split_units").strings(split);
            json.key("coterminosity_area").value(f.index_area, 6);
            json.key("coterminosity_population").value(f.index_weight, 6);
            json.key("outside_share").value(f.outside_share, 6);
            json.key("coterminous").value(f.coterminous);
            json.end_object();
        }
        json.end_array();
        json.key("pieces").begin_array();
        for (const auto& p : o.pieces) {
            json.begin_object();
            json.key("footprint").value(o.a.codes[p.a]);
            json.key("unit").value(o.b.codes[p.b]);
            json.key("relation").value(to_string(p.relation));
            json.key("sliver").value(p.sliver);
            json.key("area_km2").value(p.area_m2 / 1e6, 6);
            json.key("share_of_footprint").value(p.share_of_a, 6);
            json.key("share_of_unit").value(p.share_of_b, 6);
            json.key("population").value(p.weight, 2);
            json.key("population_share_of_footprint").value(p.weight_share_of_a, 6);
            json.key("population_share_of_unit").value(p.weight_share_of_b, 6);
            json.key("width_m");
            if (std::isinf(p.width_m))
                json.value("whole");
            else if (p.width_m == std::numeric_limits<double>::max())
                json.value("wide");
            else
                json.value(p.width_m, 1);
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str();
}

TextTable span_table(const Overlay& o, bool percent) {
    TextTable t;
    const std::string pct = percent ? " %" : "";
    const std::string basis = o.weighted ? "population" : (o.membership_mode ? "members" : "area");
    t.header = {"unit", "name", "footprints", "minority share" + pct, "shares by " + basis + pct};
    t.numeric = {false, false, true, true, false};
    for (const auto& row : spanning_units(o)) {
        std::string shares;
        for (const auto& s : row.shares)
            shares += (shares.empty() ? "" : " ") + o.a.codes[s.footprint] + ":" + share_text(s.share, percent);
        t.rows.push_back({o.b.codes[row.unit], o.b.names[row.unit], std::to_string(row.shares.size()),
                          share_text(row.minority_share, percent), shares});
    }
    return t;
}

std::string span_text(const std::vector<Overlay>& overlays) {
    std::string out;
    for (const auto& o : overlays) {
        const auto rows = spanning_units(o);
        if (!out.empty()) out += "\n";
        out += o.b.source + ": " + std::to_string(rows.size()) + " of " + counted(o.b.codes.size(), "unit", "units") +
               (rows.size() == 1 ? " spans" : " span") + " more than one footprint of " + o.a.source + "\n";
        if (!rows.empty()) out += "\n" + span_table(o, true).aligned("  ");
    }
    return out;
}

std::string span_csv(const std::vector<Overlay>& overlays) {
    TextTable all;
    all.header = {"layer",     "unit",           "name",  "footprints", "rank",
                  "footprint", "footprint name", "share", "area share", "population share"};
    for (const auto& o : overlays)
        for (const auto& row : spanning_units(o))
            for (std::size_t k = 0; k < row.shares.size(); ++k) {
                const auto& s = row.shares[k];
                all.rows.push_back({o.b.source, o.b.codes[row.unit], o.b.names[row.unit],
                                    std::to_string(row.shares.size()), std::to_string(k + 1), o.a.codes[s.footprint],
                                    o.a.names[s.footprint], share_text(s.share, false), share_text(s.area_share, false),
                                    share_text(s.population_share, false)});
            }
    return all.csv();
}

std::string span_json(const std::vector<Overlay>& overlays, const Provenance* provenance) {
    JsonWriter json = begin_json_report("footprint-span/1", provenance);
    json.key("comparisons").begin_array();
    for (const auto& o : overlays) {
        json.begin_object();
        json.key("footprints_layer").value(o.a.source);
        json.key("units_layer").value(o.b.source);
        json.key("units").value(o.b.codes.size());
        json.key("share_basis").value(o.weighted ? "population" : (o.membership_mode ? "members" : "area"));
        json.key("spanning").begin_array();
        for (const auto& row : spanning_units(o)) {
            json.begin_object();
            json.key("code").value(o.b.codes[row.unit]);
            json.key("name").value(o.b.names[row.unit]);
            json.key("footprints").value(row.shares.size());
            json.key("minority_share").value(row.minority_share, 6);
            json.key("shares").begin_array();
            for (const auto& s : row.shares) {
                json.begin_object();
                json.key("footprint").value(o.a.codes[s.footprint]);
                json.key("name").value(o.a.names[s.footprint]);
                json.key("share").value(s.share, 6);
                json.key("area_share").value(s.area_share, 6);
                json.key("population_share").value(s.population_share, 6);
                json.end_object();
            }
            json.end_array();
            json.end_object();
        }
        json.end_array();
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str();
}

} // namespace fp
