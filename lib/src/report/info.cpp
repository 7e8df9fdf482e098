#include "footprint/report/info.hpp"

#include "footprint/report/json.hpp"

#include <cmath>
#include <cstdio>

namespace fp {

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator = " ") {
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : separator) + item;
    return text;
}

std::string fid_sample(const std::vector<FeatureRef>& refs) {
    constexpr std::size_t shown = 10;
    std::string text;
    for (std::size_t i = 0; i < refs.size() && i < shown; ++i)
        text += (i ? ", " : "") + std::to_string(refs[i].fid) + (refs[i].code.empty() ? "" : " " + refs[i].code);
    if (refs.size() > shown) text += ", and " + std::to_string(refs.size() - shown) + " more";
    return text;
}

void line(std::string& out, const char* label, const std::string& value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "  %-14s", label);
    out += buf + value + "\n";
}

std::string km2(double m2) {
    return format_fixed(m2 / 1e6, 3) + " km2";
}

void problem_line(std::string& out, const CoverageProblem& p) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "    %-8s %12s m2  %9s m wide  at %s %s  ", to_string(p.kind),
                  format_fixed(p.area_m2, 1).c_str(), std::isnan(p.width_m) ? "-" : format_fixed(p.width_m, 1).c_str(),
                  format_fixed(p.x, 0).c_str(), format_fixed(p.y, 0).c_str());
    out += buf + joined(p.codes) + "\n";
}

void problem_json(JsonWriter& json, const CoverageProblem& p) {
    json.begin_object();
    json.key("kind").value(to_string(p.kind));
    json.key("codes").strings(p.codes);
    json.key("area_m2").value(p.area_m2, 1);
    json.key("width_m").value(p.width_m, 1);
    json.key("sliver").value(p.sliver);
    json.key("x").value(p.x, 1);
    json.key("y").value(p.y, 1);
    json.end_object();
}

void summary_json(JsonWriter& json, const CoverageReport& c, CoverageKind kind, bool sliver) {
    json.begin_object();
    json.key("count").value(c.count(kind, sliver));
    json.key("area_m2").value(c.area_m2(kind, sliver), 1);
    json.end_object();
}

} // namespace

LayerInfo describe_layer(GeosContext& ctx, const LayerSpec& spec, const InfoOptions& options) {
    LayerInfo info;
    info.spec = spec.display();
    if (options.stage) options.stage("reading " + info.spec);
    info.layer = load_polygon_layer(ctx, spec, options.load);
    if (!options.coverage) return info;
    if (options.stage) options.stage("checking coverage of " + info.spec);
    info.coverage = check_coverage(ctx, info.layer.units, options.tolerance);
    return info;
}

std::string info_text(const std::vector<LayerInfo>& layers, const InfoOptions& options) {
    std::string out;
    for (const auto& info : layers) {
        const PolygonLayer& l = info.layer;
        if (!out.empty()) out += "\n";
        out += info.spec + "\n";
        line(out, "layer", l.layer_name);
        line(out, "driver", l.driver);
        line(out, "crs",
             l.source_crs + (l.source_crs == l.working_crs ? "" : " (reprojected to " + l.working_crs + ")"));
        line(out, "features", std::to_string(l.report.features));
        line(out, "units", std::to_string(l.units.size()));
        line(out, "code field", l.fields.code);
        line(out, "name field", l.fields.name.empty() ? "(none)" : l.fields.name);
        line(out, "area", km2(l.total_area_m2()));
        line(out, "repaired",
             std::to_string(l.report.repaired.size()) +
                 (l.report.repaired.empty() ? "" : " (fid " + fid_sample(l.report.repaired) + ")"));
        line(out, "empty",
             std::to_string(l.report.empty.size()) +
                 (l.report.empty.empty() ? "" : " (fid " + fid_sample(l.report.empty) + ")"));
        std::string merged = std::to_string(l.report.merged.size());
        for (const auto& m : l.report.merged)
            merged += "\n    " + m.code + " from " + std::to_string(m.fids.size()) + " features";
        line(out, "merged codes", merged);
        if (l.units.empty()) line(out, "PROBLEM", "the layer has no units");
        if (!info.coverage) continue;
        const CoverageReport& c = *info.coverage;
        const std::string width = format_fixed(c.tolerance.width_m, 1) + " m";
        line(out, "coverage",
             c.clean() ? "clean: no overlap or gap between units " + width + " wide or wider"
                       : "PROBLEMS: overlaps or gaps between units " + width + " wide or wider");
        line(out, "overlaps",
             std::to_string(c.count(CoverageKind::overlap, false)) + " (" +
                 km2(c.area_m2(CoverageKind::overlap, false)) + ")");
        line(out, "gaps",
             std::to_string(c.count(CoverageKind::gap, false)) + " (" + km2(c.area_m2(CoverageKind::gap, false)) + ")");
        line(out, "holes",
             std::to_string(c.count(CoverageKind::hole, false)) + " (" + km2(c.area_m2(CoverageKind::hole, false)) +
                 ")");
        line(out, "slivers",
             std::to_string(c.count(CoverageKind::overlap, true)) + " overlaps (" +
                 km2(c.area_m2(CoverageKind::overlap, true)) + "), " +
                 std::to_string(c.count(CoverageKind::gap, true)) + " gaps (" +
                 km2(c.area_m2(CoverageKind::gap, true)) + "), " + std::to_string(c.count(CoverageKind::hole, true)) +
                 " holes (" + km2(c.area_m2(CoverageKind::hole, true)) + ")");
        for (const auto& p : c.problems)
            if (!p.sliver || options.list_slivers) problem_line(out, p);
    }
    return out;
}

std::string info_json(const std::vector<LayerInfo>& layers, const InfoOptions& options, const Provenance* provenance) {
    JsonWriter json = begin_json_report("footprint-info/1", provenance);
    json.key("layers").begin_array();
    for (const auto& info : layers) {
        const PolygonLayer& l = info.layer;
        json.begin_object();
        json.key("spec").value(info.spec);
        json.key("source").value(l.source);
        json.key("layer").value(l.layer_name);
        json.key("driver").value(l.driver);
        json.key("source_crs").value(l.source_crs);
        json.key("working_crs").value(l.working_crs);
        json.key("features").value(l.report.features);
        json.key("units").value(l.units.size());
        json.key("code_field").value(l.fields.code);
        json.key("name_field");
        if (l.fields.name.empty())
            json.null();
        else
            json.value(l.fields.name);
        json.key("area_km2").value(l.total_area_m2() / 1e6, 3);
        const auto refs = [&](const char* name, const std::vector<FeatureRef>& list) {
            json.key(name).begin_array();
            for (const auto& r : list) {
                json.begin_object().key("fid").value(static_cast<long long>(r.fid));
                json.key("code").value(r.code).end_object();
            }
            json.end_array();
        };
        refs("repaired", l.report.repaired);
        refs("empty", l.report.empty);
        json.key("merged_codes").begin_array();
        for (const auto& m : l.report.merged) {
            json.begin_object().key("code").value(m.code).key("fids").begin_array();
            for (auto fid : m.fids)
                json.value(static_cast<long long>(fid));
            json.end_array().end_object();
        }
        json.end_array();
        json.key("coverage");
        if (!info.coverage) {
            json.null();
        } else {
            const CoverageReport& c = *info.coverage;
            json.begin_object();
            json.key("sliver_width_m").value(c.tolerance.width_m, 1);
            json.key("clean").value(c.clean());
            json.key("overlaps");
            summary_json(json, c, CoverageKind::overlap, false);
            json.key("gaps");
            summary_json(json, c, CoverageKind::gap, false);
            json.key("holes");
            summary_json(json, c, CoverageKind::hole, false);
            json.key("sliver_overlaps");
            summary_json(json, c, CoverageKind::overlap, true);
            json.key("sliver_gaps");
            summary_json(json, c, CoverageKind::gap, true);
            json.key("sliver_holes");
            summary_json(json, c, CoverageKind::hole, true);
            json.key("problems").begin_array();
            for (const auto& p : c.problems)
                if (!p.sliver || options.list_slivers) problem_json(json, p);
            json.end_array();
            json.end_object();
        }
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str();
}

} // namespace fp
