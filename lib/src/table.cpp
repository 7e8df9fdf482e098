#include "footprint/table.hpp"

#include "footprint/error.hpp"
#include "footprint/fields.hpp"
#include "footprint/gdal_util.hpp"
#include "footprint/text.hpp"

#include <cerrno>
#include <cmath>
#include <cpl_conv.h>
#include <cstdlib>

namespace fp {

namespace {

std::string column(const std::vector<std::string>& fields, const std::string& wanted, const char* role,
                   const std::string& context) {
    std::string found = find_field(fields, wanted);
    if (found.empty())
        throw UsageError(context + ": no " + role + " column '" + wanted +
                         "'; columns are: " + list_for_message(fields));
    return found;
}

void choose_group_name(Membership& table, const std::vector<std::string>& fields, const LayerSpec& spec,
                       const std::string& context) {
    if (!spec.group_name_field.empty()) {
        table.group_name_field = column(fields, spec.group_name_field, "group name", context);
        return;
    }
    const std::string group = to_lower(table.group_field);
    if (group.size() > 2 && group.compare(group.size() - 2, 2, "cd") == 0)
        table.group_name_field = find_field(fields, group.substr(0, group.size() - 2) + "nm");
}

void choose_columns(Membership& table, const std::vector<std::string>& fields, const LayerSpec& spec,
                    const std::string& context) {
    if (!spec.member_field.empty()) table.member_field = column(fields, spec.member_field, "member", context);
    if (!spec.group_field.empty()) table.group_field = column(fields, spec.group_field, "group", context);
    if (!spec.share_field.empty()) table.share_field = column(fields, spec.share_field, "share", context);
    if (!table.member_field.empty() && !table.group_field.empty()) return;

    std::vector<std::string> codes;
    for (const auto& f : fields) {
        const std::string lower = to_lower(f);
        if (lower.size() > 2 && lower.compare(lower.size() - 2, 2, "cd") == 0 && f != table.member_field &&
            f != table.group_field)
            codes.push_back(f);
    }
    const std::size_t missing = (table.member_field.empty() ? 1 : 0) + (table.group_field.empty() ? 1 : 0);
    if (codes.size() == missing) {
        auto next = codes.begin();
        if (table.member_field.empty()) table.member_field = *next++;
        if (table.group_field.empty()) table.group_field = *next;
        return;
    }
    if (codes.empty() && (fields.size() == 2 || fields.size() == 3) && missing == 2 && spec.share_field.empty()) {
        table.member_field = fields[0];
        table.group_field = fields[1];
        if (fields.size() == 3) table.share_field = fields[2];
        return;
    }
    throw UsageError(context + ": cannot tell the member and group columns apart" +
                     (codes.empty() ? std::string() : " among " + list_for_message(codes)) +
                     "; name them with '|member=COLUMN|group=COLUMN' (columns: " + list_for_message(fields) + ")");
}

// A sheet's first row holds the column names, and GDAL names a column
// whose first cell is empty FieldN. A column found by the rules (not named
// by the user) with such a name means a title above the header, which
// would otherwise be read as a member of a group.
void check_header_row(GDALDataset& dataset, OGRFeatureDefn& defn, const Membership& table, const LayerSpec& spec,
                      const std::string& context) {
    const std::string driver = dataset.GetDriver() ? dataset.GetDriver()->GetDescription() : "";
    if (driver != "XLSX" && driver != "ODS" && driver != "XLS") return;
    const std::pair<const std::string*, const std::string*> chosen[] = {
        {&table.member_field, &spec.member_field},
        {&table.group_field, &spec.group_field},
        {&table.share_field, &spec.share_field},
        {&table.group_name_field, &spec.group_name_field}};
    for (const auto& [field, named] : chosen) {
        const int index = field->empty() || !named->empty() ? -1 : defn.GetFieldIndex(field->c_str());
        if (index >= 0 && *field == "Field" + std::to_string(index + 1))
            throw InputError(context + ": the first row must hold the column names, but column " +
                             std::to_string(index + 1) + " has none there; delete any title rows above the header");
    }
}

} // namespace

Membership read_membership(const LayerSpec& spec, const std::function<void(const std::string&)>& warn) {
    const SpreadsheetHeaders headers;
    DatasetPtr dataset = open_vector(spec.source);
    OGRLayer& layer = select_layer(*dataset, spec);
    GdalErrorCapture capture;
    const std::string context = "'" + spec.display() + "'";

    Membership table;
    table.source = spec.text();
    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const auto fields = field_names(defn);
    choose_columns(table, fields, spec, context);
    choose_group_name(table, fields, spec, context);
    check_header_row(*dataset, defn, table, spec, context);
    const int member_index = defn.GetFieldIndex(table.member_field.c_str());
    const int group_index = defn.GetFieldIndex(table.group_field.c_str());
    const int share_index = table.share_field.empty() ? -1 : defn.GetFieldIndex(table.share_field.c_str());
    const int group_name_index =
        table.group_name_field.empty() ? -1 : defn.GetFieldIndex(table.group_name_field.c_str());

    Utf8Repair utf8(context); // codes and names reach every writer, as for layers
    std::size_t row = 0;
    layer.ResetReading();
    for (auto& feature : layer) {
        ++row;
        MembershipRow entry;
        entry.row = row;
        entry.member = std::string(trim(feature->GetFieldAsString(member_index)));
        entry.group = std::string(trim(feature->GetFieldAsString(group_index)));
        if (group_name_index >= 0) entry.group_name = std::string(trim(feature->GetFieldAsString(group_name_index)));
        utf8.fix(entry.member, static_cast<std::int64_t>(row), table.member_field);
        utf8.fix(entry.group, static_cast<std::int64_t>(row), table.group_field);
        utf8.fix(entry.group_name, static_cast<std::int64_t>(row), table.group_name_field);
        const auto where = [&](const std::string& col) {
            return context + " row " + std::to_string(row) + ", column " + col;
        };
        if (entry.member.empty() && entry.group.empty() &&
            (share_index < 0 || trim(feature->GetFieldAsString(share_index)).empty()))
            continue; // spreadsheets end with blank rows
        if (entry.member.empty()) throw InputError(where(table.member_field) + ": empty member code");
        if (entry.group.empty()) throw InputError(where(table.group_field) + ": empty group code");
        if (share_index >= 0) {
            const std::string text = std::string(trim(feature->GetFieldAsString(share_index)));
            char* end = nullptr;
            errno = 0;
            const double share = std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(share))
                throw InputError(where(table.share_field) + ": share " + quote_value(text) + " is not a number");
            if (share <= 0 || share > 1)
                throw InputError(where(table.share_field) + ": share " + quote_value(text) + " is outside (0, 1]");
            entry.share = share;
        }
        table.rows.push_back(std::move(entry));
    }
    if (!capture.last_error().empty()) throw InputError("reading " + context + " failed: " + capture.last_error());
    table.warnings = capture.warnings();
    if (const std::string warning = utf8.warning("row"); !warning.empty()) {
        if (warn)
            warn(warning);
        else
            table.warnings.push_back(warning);
    }
    return table;
}

} // namespace fp
