#include "footprint/report/build_report.hpp"

#include "footprint/report/json.hpp"

#include <cstdio>

namespace fp {

namespace {

std::string listed(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items)
        text += "\n    " + item;
    return text;
}

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void line(std::string& out, const char* label, const std::string& value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "  %-13s", label);
    out += buf + value + "\n";
}

} // namespace

std::string build_text(const BuildSummary& s) {
    const BuildResult& r = *s.result;
    std::string out = "built " + count(r.footprints.size(), "footprint", "footprints") + " from '" + s.members_spec +
                      "' by '" + s.table_spec + "'\n";
    line(out, "output", s.output + " (layer " + s.layer_name + ")");
    line(out, "member units",
         std::to_string(s.members->units.size()) + " (" +
             count(s.members->report.repaired.size(), "geometry", "geometries") + " repaired, " +
             count(s.members->report.merged.size(), "code", "codes") + " merged from several features)");
    line(out, "table rows",
         std::to_string(s.table->rows.size()) + " (member " + s.table->member_field + ", group " +
             s.table->group_field + (s.table->group_name_field.empty() ? "" : ", name " + s.table->group_name_field) +
             (s.table->share_field.empty() ? "" : ", share " + s.table->share_field) + ")");
    line(out, "method",
         std::to_string(r.count(DissolveMethod::coverage)) + " by coverage union, " +
             std::to_string(r.count(DissolveMethod::robust)) +
             " by robust union (members overlap or do not meet edge to edge)");
    line(out, "missing",
         count(r.missing_members.size(), "member", "members") + " in the table but not the layer" +
             listed(r.missing_members));
    line(out, "unassigned",
         count(r.unassigned_units.size(), "unit", "units") + " in the layer but not the table" +
             listed(r.unassigned_units));
    line(out, "duplicates", count(r.duplicate_rows.size(), "repeated row", "repeated rows") + listed(r.duplicate_rows));
    std::vector<std::string> empty, multipart;
    for (const auto* f : r.empty())
        empty.push_back(f->code);
    for (const auto* f : r.multipart())
        multipart.push_back(f->code + " (" + std::to_string(f->parts) + " parts)");
    std::size_t filled = 0;
    double filled_m2 = 0;
    for (const auto& f : r.footprints)
        filled += f.holes_filled, filled_m2 += f.filled_m2;
    line(out, "holes filled",
         count(filled, "sliver hole", "sliver holes") + " between members (" + format_fixed(filled_m2 / 1e6, 3) +
             " km2)");
    line(out, "empty", count(empty.size(), "footprint", "footprints") + " with no member geometry" + listed(empty));
    line(out, "multipart",
         count(multipart.size(), "footprint", "footprints") + " in several parts" + listed(multipart));
    out += "\n  code        members  parts      area km2  method          name\n";
    for (const auto& f : r.footprints) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "  %-10s %8zu %6d %13s  %-14s  ", f.code.c_str(), f.members, f.parts,
                      format_fixed(f.area_m2 / 1e6, 3).c_str(), to_string(f.method));
        std::string row = buf + f.name;
        row.erase(row.find_last_not_of(' ') + 1);
        out += row + "\n";
    }
    return out;
}

std::string build_json(const BuildSummary& s, const Provenance* provenance) {
    const BuildResult& r = *s.result;
    JsonWriter json = begin_json_report("footprint-build/1", provenance);
    json.key("members").value(s.members_spec);
    json.key("table").value(s.table_spec);
    json.key("output").value(s.output);
    json.key("layer").value(s.layer_name);
    json.key("member_units").value(s.members->units.size());
    json.key("table_rows").value(s.table->rows.size());
    json.key("member_field").value(s.table->member_field);
    json.key("group_field").value(s.table->group_field);
    json.key("group_name_field").value(s.table->group_name_field);
    json.key("share_field").value(s.table->share_field);
    json.key("repaired_members").value(s.members->report.repaired.size());
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
