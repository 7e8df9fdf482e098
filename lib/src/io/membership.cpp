#include "footprint/io/membership.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/gdal_util.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cpl_conv.h>
#include <cstdlib>
#include <map>

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
    if (!spec.group_name_field.empty())
        table.group_name_field = column(fields, spec.group_name_field, "group name", context);
    else
        table.group_name_field = name_column_for(fields, table.group_field);
}

// Named columns are taken first and leave the candidates, so naming one
// column never makes finding the others worse: the rest are found as they
// would be without naming, among the columns left. A share column is found
// by its name, member and group by the code-column rule (fields.hpp), else
// the columns left are read in order as member, group[, share].
void choose_columns(Membership& table, const std::vector<std::string>& fields, const LayerSpec& spec,
                    const std::string& context) {
    if (!spec.member_field.empty()) table.member_field = column(fields, spec.member_field, "member", context);
    if (!spec.group_field.empty()) table.group_field = column(fields, spec.group_field, "group", context);
    if (!spec.share_field.empty()) table.share_field = column(fields, spec.share_field, "share", context);
    const std::string group_name = spec.group_name_field.empty() ? "" : find_field(fields, spec.group_name_field);
    std::vector<std::string> left;
    for (const auto& f : fields)
        if (f != table.member_field && f != table.group_field && f != table.share_field && f != group_name)
            left.push_back(f);
    const auto take = [&](std::string& role, const std::string& field) {
        role = field;
        table.found_by_rule = true;
        left.erase(std::find(left.begin(), left.end(), field));
    };

    if (table.share_field.empty()) {
        std::vector<std::string> shares;
        for (const auto& f : left)
            if (is_share_like_column(f) && !is_code_column(f)) shares.push_back(f);
        if (shares.size() == 1) take(table.share_field, shares.front());
    }
    if (!table.member_field.empty() && !table.group_field.empty()) return;

    std::vector<std::string> codes;
    for (const auto& f : left)
        if (is_code_column(f)) codes.push_back(f);
    const std::size_t missing = (table.member_field.empty() ? 1 : 0) + (table.group_field.empty() ? 1 : 0);
    if (codes.size() == missing) {
        if (table.member_field.empty()) take(table.member_field, codes.front());
        if (table.group_field.empty()) take(table.group_field, codes.back());
        return;
    }
    const bool share_free = table.share_field.empty();
    if (codes.empty() && (left.size() == missing || (share_free && left.size() == missing + 1))) {
        const std::vector<std::string> in_order = left;
        auto next = in_order.begin();
        if (table.member_field.empty()) take(table.member_field, *next++);
        if (table.group_field.empty()) take(table.group_field, *next++);
        if (next != in_order.end()) take(table.share_field, *next);
        return;
    }
    throw UsageError(context + ": cannot tell the member and group columns apart" +
                     (codes.empty() ? std::string() : " among " + list_for_message(codes)) +
                     "; name them with '|member=COLUMN|group=COLUMN' (columns: " + list_for_message(fields) + ")");
}

// Columns whose names say they hold shares but that play no part: the
// shares they hold would otherwise be ignored without a word.
std::vector<std::string> unused_share_columns(const Membership& table, const std::vector<std::string>& fields) {
    std::vector<std::string> unused;
    for (const auto& f : fields)
        if (is_share_like_column(f) && f != table.member_field && f != table.group_field && f != table.share_field &&
            f != table.group_name_field)
            unused.push_back(f);
    return unused;
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

std::string columns_read(const Membership& table) {
    return "member " + table.member_field + ", group " + table.group_field +
           (table.share_field.empty() ? ", no share column" : ", share " + table.share_field);
}

void check_member_shares(const Membership& table) {
    const std::string source = "'" + table.source + "'";
    if (table.share_field.empty()) {
        // Each row counts in full, so a member listed twice counts twice.
        std::map<std::string, std::vector<std::string>> groups;
        for (const auto& row : table.rows)
            groups[row.member].push_back(row.group);
        std::vector<std::string> listed;
        for (const auto& [member, of] : groups) {
            if (of.size() < 2) continue;
            std::string entry = member + " in ";
            for (std::size_t i = 0; i < of.size(); ++i)
                entry += (i ? ", " : "") + of[i];
            listed.push_back(entry);
        }
        if (listed.empty()) return;
        const bool one = listed.size() == 1;
        throw InputError(source + ": " + std::to_string(listed.size()) + (one ? " member is" : " members are") +
                         " listed more than once (" + first_few(listed) +
                         "), but the table has no share column (read as " + columns_read(table) +
                         "), so each of its rows would count in full, adding up to more "
                         "than 1; list each member once, or add a column with each member's share of each group "
                         "and name it with '|share=COLUMN'");
    }
    std::map<std::string, double> sums;
    for (const auto& row : table.rows)
        sums[row.member] += row.share;
    for (const auto& [member, sum] : sums)
        if (sum > 1 + 1e-9)
            throw InputError(source + ": the shares of " + quote_value(member) + " add up to " + format_fixed(sum, 6) +
                             ", more than 1, so it would be counted twice (read as " + columns_read(table) +
                             "); each member's shares must add up to 1 at most");
}

Membership read_membership(const LayerSpec& spec, const std::function<void(const std::string&)>& warn,
                           const std::function<void(const std::string&)>& note) {
    const SpreadsheetHeaders headers;
    GDALDatasetUniquePtr dataset = open_vector(spec.source);
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
    if (table.found_by_rule && note) note(context + ": read as " + columns_read(table));
    std::vector<std::string> ignored;
    for (const auto& f : unused_share_columns(table, fields)) {
        const std::string warning = context + ": column " + quote_value(f) +
                                    " is not used, but its name says it may hold shares (read as " +
                                    columns_read(table) +
                                    "); if it holds each member's share of its group, name it "
                                    "with '|share=" +
                                    f + "'";
        if (warn)
            warn(warning);
        else
            ignored.push_back(warning);
    }
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
    table.warnings.insert(table.warnings.begin(), ignored.begin(), ignored.end());
    if (const std::string warning = utf8.warning("row"); !warning.empty()) {
        if (warn)
            warn(warning);
        else
            table.warnings.push_back(warning);
    }
    return table;
}

} // namespace fp
