#include "footprint/build_report.hpp"

#include "footprint/json.hpp"

#include <cstdio>

namespace fp {

namespace {

std::string listed(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += "\n    " + item;
    return text;
}

void line(std::string& out, const char* label, const std::string& value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "  %-13s", label);
    out += buf + value + "\n";
}

} // namespace

std::string build_text(const BuildSummary& s) {
    const BuildResult& r = *s.result;
    std::string out = "built " + std::to_string(r.footprints.size()) + " footprints from '" +
                      s.members_spec + "' by '" + s.table_spec + "'\n";
    line(out, "output", s.output + " (layer " + s.layer_name + ")");
    line(out, "member units", std::to_string(s.members->units.size()));
    line(out, "table rows", std::to_string(s.table->rows.size()));
    line(out, "method", std::to_string(r.count(DissolveMethod::coverage)) + " by coverage union, " +
                            std::to_string(r.count(DissolveMethod::robust)) +
                            " by robust union (members overlap or do not meet edge to edge)");
    line(out, "missing", std::to_string(r.missing_members.size()) + " members in the table but not the layer" +
                             listed(r.missing_members));
    line(out, "unassigned", std::to_string(r.unassigned_units.size()) +
                                " units in the layer but not the table" + listed(r.unassigned_units));
    line(out, "duplicates", std::to_string(r.duplicate_rows.size()) + " repeated rows" + listed(r.duplicate_rows));
    std::vector<std::string> empty, multipart;
    for (const auto* f : r.empty()) empty.push_back(f->code);
    for (const auto* f : r.multipart()) multipart.push_back(f->code + " (" + std::to_string(f->parts) + " parts)");
    std::size_t filled = 0;
    double filled_m2 = 0;
    for (const auto& f : r.footprints) filled += f.holes_filled, filled_m2 += f.filled_m2;
    line(out, "holes filled", std::to_string(filled) + " sliver holes between members (" +
                                  format_fixed(filled_m2 / 1e6, 3) + " km2)");
    line(out, "empty", std::to_string(empty.size()) + " footprints with no member geometry" + listed(empty));
    line(out, "multipart", std::to_string(multipart.size()) + " footprints in several parts" + listed(multipart));
    out += "\n  code        members  parts      area km2  method          name\n";
    for (const auto& f : r.footprints) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "  %-10s %8zu %6d %13s  %-14s  ", f.code.c_str(), f.members,
                      f.parts, format_fixed(f.area_m2 / 1e6, 3).c_str(), to_string(f.method));
        std::string row = buf + f.name;
        row.erase(row.find_last_not_of(' ') + 1);
        out += row + "\n";
    }
    return out;
}

std::string build_json(const BuildSummary& s) {
    const BuildResult& r = *s.result;
    JsonWriter json;
    json.begin_object();
    json.key("schema").value("footprint-build/1");
    json.key("members").value(s.members_spec);
    json.key("table").value(s.table_spec);
    json.key("output").value(s.output);
    json.key("layer").value(s.layer_name);
    json.key("member_units").value(s.members->units.size());
    json.key("table_rows").value(s.table->rows.size());
    json.key("missing_members").strings(r.missing_members);
    json.key("unassigned_units").strings(r.unassigned_units);
    json.key("duplicate_rows").strings(r.duplicate_rows);
    json.key("footprints").begin_array();
    for (const auto& f : r.footprints) {
        json.begin_object();
        json.key("code").value(f.code);
        json.key("name").value(f.name);
        json.key("members").value(f.members);
        json.key("members_missing").value(f.members_missing);
        json.key("parts").value(f.parts);
        json.key("area_km2").value(f.area_m2 / 1e6, 3);
        json.key("method").value(f.method == DissolveMethod::coverage ? "coverage" : "robust");
        json.key("holes_filled").value(f.holes_filled);
        json.key("filled_m2").value(f.filled_m2, 1);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str();
}

} // namespace fp
