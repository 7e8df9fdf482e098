#include "footprint/io/layer_spec.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/fields.hpp"

#include <iterator>
#include <utility>
#include <vector>

namespace fp {

namespace {

constexpr const char* spec_keys =
    "layer, where, code, name, srs, member, group, share, group_name, weight, origin, destination, count, period";

// Where the source ends. A PostgreSQL connection string may single-quote a
// value (password='a|b', with \\ and \' escapes); a '|' inside the quotes
// belongs to the value, so a password is never split into the spec keys
// (and echoed in their messages).
std::size_t source_end(std::string_view text) {
    const bool postgres = text.size() >= 3 && (text[0] | 0x20) == 'p' && (text[1] | 0x20) == 'g' && text[2] == ':';
    if (!postgres) return text.find('|');
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (quoted && text[i] == '\\')
            ++i;
        else if (text[i] == '\'')
            quoted = !quoted;
        else if (!quoted && text[i] == '|')
            return i;
    }
    return std::string_view::npos;
}

std::vector<std::string_view> split_on_bar(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t bar = source_end(text);
    parts.push_back(text.substr(0, bar));
    while (bar != std::string_view::npos) {
        const std::size_t start = bar + 1;
        bar = text.find('|', start);
        parts.push_back(text.substr(start, bar - start));
    }
    return parts;
}

// SQL dialects read quotes differently: backslash escapes (PostgreSQL with
// standard_conforming_strings off, MySQL), PostgreSQL's $tag$ quoting, and
// SQLite's `name` and [name] identifiers.
// A filter is checked in every reading, so text that one driver reads as
// quoted cannot hide a statement from another.
enum class SqlReading { standard, backslash, dollar, sqlite };

bool is_identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Where a ';', "--" or "/*" outside quoted text begins, or npos.
std::size_t statement_break(std::string_view sql, SqlReading reading) {
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        const bool sqlite_quote = reading == SqlReading::sqlite && (c == '`' || c == '[');
        if (c == '\'' || c == '"' || sqlite_quote) {
            const char close = c == '[' ? ']' : c;
            // A quote doubled inside quoted text is the quote itself.
            for (++i; i < sql.size(); ++i) {
                if (reading == SqlReading::backslash && sql[i] == '\\')
                    ++i;
                else if (sql[i] == close && c != '[' && i + 1 < sql.size() && sql[i + 1] == close)
                    ++i;
                else if (sql[i] == close)
                    break;
            }
            continue;
        }
        if (c == '$' && reading == SqlReading::dollar && (i == 0 || !is_identifier_char(sql[i - 1]))) {
            const std::size_t close = sql.find('$', i + 1);
            if (close == std::string_view::npos) continue;
            const std::string_view tag = sql.substr(i, close - i + 1);
            bool is_tag = tag.size() == 2 || !(tag[1] >= '0' && tag[1] <= '9');
            for (std::size_t k = 1; is_tag && k + 1 < tag.size(); ++k)
                is_tag = is_identifier_char(tag[k]);
            if (!is_tag) continue;
            const std::size_t end = sql.find(tag, close + 1);
            if (end == std::string_view::npos) return std::string_view::npos;
            i = end + tag.size() - 1;
            continue;
        }
        if (c == ';' || sql.substr(i, 2) == "--" || sql.substr(i, 2) == "/*") return i;
    }
    return std::string_view::npos;
}

// A |where= filter is one condition that drivers paste into their own SQL
// (PostgreSQL would run a second statement; SQLite silently drops it), so a
// statement separator or a comment that could hide the rest is refused
// here, before any driver sees it.
void check_where(std::string_view where, const std::string& shown) {
    for (const SqlReading reading :
         {SqlReading::standard, SqlReading::backslash, SqlReading::dollar, SqlReading::sqlite}) {
        const std::size_t at = statement_break(where, reading);
        if (at == std::string_view::npos) continue;
        const bool semicolon = where[at] == ';';
        throw UsageError("layer '" + shown + "': the |where= filter must be one condition; '" +
                         std::string(where.substr(at, semicolon ? 1 : 2)) + "' outside quotes would " +
                         (semicolon ? "start another statement" : "start a comment"));
    }
}

// One column cannot play two roles (member and group, origin and
// destination, ...). Field names are compared as GDAL looks them up,
// ignoring case.
void check_distinct_roles(const LayerSpec& spec, const std::string& shown) {
    const std::pair<const char*, const std::string*> roles[] = {
        {"code", &spec.code_field},     {"name", &spec.name_field},     {"member", &spec.member_field},
        {"group", &spec.group_field},   {"share", &spec.share_field},   {"group_name", &spec.group_name_field},
        {"weight", &spec.weight_field}, {"origin", &spec.origin_field}, {"destination", &spec.destination_field},
        {"count", &spec.count_field},   {"period", &spec.period_field}};
    for (std::size_t i = 0; i < std::size(roles); ++i)
        for (std::size_t j = i + 1; j < std::size(roles); ++j)
            if (!roles[i].second->empty() && to_lower(*roles[i].second) == to_lower(*roles[j].second))
                throw UsageError("layer '" + shown + "': column '" + *roles[j].second + "' is named both as " +
                                 roles[i].first + " and as " + roles[j].first);
}

} // namespace

LayerSpec parse_layer_spec(std::string_view text) {
    // Messages quote the spec with its password hidden.
    const std::string shown = without_password(text);
    const auto parts = split_on_bar(text);
    LayerSpec spec;
    spec.source = std::string(parts.front());
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        const std::size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            throw UsageError("layer '" + shown + "': '" + without_password(part) +
                             "' is not key=value (keys: " + std::string(spec_keys) + ")");
        const std::string_view key = part.substr(0, eq);
        std::string value(part.substr(eq + 1));
        std::string* target = key == "layer"         ? &spec.layer
                              : key == "where"       ? &spec.where
                              : key == "code"        ? &spec.code_field
                              : key == "name"        ? &spec.name_field
                              : key == "srs"         ? &spec.srs
                              : key == "member"      ? &spec.member_field
                              : key == "group"       ? &spec.group_field
                              : key == "share"       ? &spec.share_field
                              : key == "group_name"  ? &spec.group_name_field
                              : key == "weight"      ? &spec.weight_field
                              : key == "origin"      ? &spec.origin_field
                              : key == "destination" ? &spec.destination_field
                              : key == "count"       ? &spec.count_field
                              : key == "period"      ? &spec.period_field
                                                     : nullptr;
        if (target == nullptr)
            throw UsageError("layer '" + shown + "': unknown key '" + std::string(key) +
                             "' (keys: " + std::string(spec_keys) + ")");
        *target = std::move(value);
    }
    check_where(spec.where, shown);
    check_distinct_roles(spec, shown);
    if (spec.source.empty()) {
        if (spec.layer.empty())
            throw UsageError("layer '" + shown +
                             "': with no source before '|', name a layer of the shipped dataset with |layer=");
        spec.source = shipped_dataset_path();
    }
    return spec;
}

std::string LayerSpec::shown_source() const {
    return without_password(source);
}

std::string LayerSpec::display() const {
    std::string text = shown_source();
    if (!layer.empty()) text += "|layer=" + layer;
    if (!where.empty()) text += "|where=" + where;
    return text;
}

std::string LayerSpec::text() const {
    std::string text = shown_source();
    const std::pair<const char*, const std::string*> keys[] = {{"layer", &layer},
                                                               {"where", &where},
                                                               {"code", &code_field},
                                                               {"name", &name_field},
                                                               {"srs", &srs},
                                                               {"member", &member_field},
                                                               {"group", &group_field},
                                                               {"share", &share_field},
                                                               {"group_name", &group_name_field},
                                                               {"weight", &weight_field},
                                                               {"origin", &origin_field},
                                                               {"destination", &destination_field},
                                                               {"count", &count_field},
                                                               {"period", &period_field}};
    for (const auto& [key, value] : keys)
        if (!value->empty()) text += "|" + std::string(key) + "=" + *value;
    return text;
}

} // namespace fp
