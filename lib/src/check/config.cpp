#include "footprint/check/config.hpp"

#include "footprint/core/text.hpp"
#include "footprint/io/text_file.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <toml++/toml.h>

namespace fp {

namespace {

// A configuration is a few dozen lines; a bigger file is a wrong file (or a
// device such as /dev/zero), refused before it fills memory.

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Collects settings, enforcing the schema: known keys only, the right kind
// of value, and a key that is not a list at most once.
class Collector {
  public:
    Collector(std::string path, const ConfigSchema& schema) : schema_(schema) { file_.path = std::move(path); }

    [[noreturn]] void fail(std::size_t line, const std::string& message) const {
        throw ConfigError(file_.path, line, message);
    }

    ConfigKind kind_of(const std::string& key, std::size_t line) const {
        const auto found = schema_.find(key);
        if (found != schema_.end()) return found->second;
        const std::string near = nearest_key(key, schema_);
        fail(line, "unknown key " + quote_value(key) + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    }

    void add(const std::string& key, std::vector<std::string> values, std::size_t line) {
        const ConfigKind kind = kind_of(key, line);
        if (kind != ConfigKind::list) {
            const auto [first, fresh] = first_line_.emplace(key, line);
            if (!fresh)
                fail(line,
                     "'" + key + "' is already set on line " + std::to_string(first->second) + " and takes one value");
            if (values.size() != 1) fail(line, "'" + key + "' takes one value, not a list");
        }
        if (kind == ConfigKind::flag && values[0] != "true" && values[0] != "false")
            fail(line, "'" + key + "' takes true or false, not " + quote_value(values[0]));
        file_.settings.push_back({key, std::move(values), line});
    }

    ConfigFile finish() {
        if (file_.settings.empty()) fail(1, "the file sets nothing: an empty configuration is taken for a mistake");
        return std::move(file_);
    }

  private:
    const ConfigSchema& schema_;
    ConfigFile file_;
    std::map<std::string, std::size_t> first_line_;
};

// ---- INI -------------------------------------------------------------------

// Reads one quoted string starting at text[at] (a ' or "), with no escapes:
// the string ends at the next identical quote. Moves `at` past it.
std::optional<std::string> quoted_at(std::string_view text, std::size_t& at) {
    const char quote = text[at];
    const std::size_t end = text.find(quote, at + 1);
    if (end == std::string_view::npos) return std::nullopt;
    std::string value(text.substr(at + 1, end - at - 1));
    at = end + 1;
    return value;
}

bool is_quote(char c) {
    return c == '"' || c == '\'';
}

// Only a comment (or nothing) may follow a complete value.
bool only_comment_after(std::string_view text, std::size_t at) {
    const std::string_view rest = trim(text.substr(at));
    return rest.empty() || rest.front() == '#';
}

std::vector<std::string> ini_values(std::string_view value, bool list, const Collector& out, std::size_t line) {
    if (value.empty()) out.fail(line, "no value after '='; write \"\" for an empty text");
    if (is_quote(value.front())) {
        std::size_t at = 0;
        auto text = quoted_at(value, at);
        if (!text)
            out.fail(line, std::string("unterminated string: the ") + value.front() + " opened here is never closed");
        if (!only_comment_after(value, at)) out.fail(line, "unexpected text after the closing quote");
        return {std::move(*text)};
    }
    if (value.front() == '[') {
        // An array is on one line: a missing ']' is an error here rather
        // than a reason to read the next lines, whose keys it would swallow.
        std::vector<std::string> items;
        std::size_t at = 1;
        const auto skip_spaces = [&] {
            while (at < value.size() && (value[at] == ' ' || value[at] == '\t'))
                ++at;
        };
        skip_spaces();
        if (at < value.size() && value[at] == ']') {
            ++at;
        } else {
            for (;;) {
                skip_spaces();
                if (at >= value.size()) out.fail(line, "unterminated array: no closing ']' on this line");
                if (is_quote(value[at])) {
                    auto text = quoted_at(value, at);
                    if (!text)
                        out.fail(line,
                                 std::string("unterminated string: the ") + value[at] + " opened here is never closed");
                    items.push_back(std::move(*text));
                } else {
                    const std::size_t end = value.find_first_of(",]", at);
                    if (end == std::string_view::npos)
                        out.fail(line, "unterminated array: no closing ']' on this line");
                    const std::string_view item = trim(value.substr(at, end - at));
                    if (item.empty()) out.fail(line, "empty item in array");
                    items.emplace_back(item);
                    at = end;
                }
                skip_spaces();
                if (at >= value.size()) out.fail(line, "unterminated array: no closing ']' on this line");
                if (value[at] == ']') {
                    ++at;
                    break;
                }
                if (value[at] != ',') out.fail(line, "expected ',' or ']' in array");
                ++at;
            }
        }
        if (!only_comment_after(value, at)) out.fail(line, "unexpected text after the closing ']'");
        return items;
    }
    // A bare value runs to the end of the line or to a comment.
    const std::size_t hash = value.find('#');
    const std::string_view bare = trim(value.substr(0, hash));
    if (bare.empty()) out.fail(line, "no value after '='; write \"\" for an empty text");
    if (list && bare.find(',') != std::string_view::npos)
        out.fail(line, "write several values as [\"a\", \"b\"] or repeat the key, one value a line");
    return {std::string(bare)};
}

ConfigFile read_ini(const std::string& path, const std::string& text, const ConfigSchema& schema) {
    Collector out(path, schema);
    std::size_t line_number = 0, start = 0;
    while (start < text.size()) {
        ++line_number;
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view raw(text.data() + start, end - start);
        start = end + 1;
        if (raw.find('\0') != std::string_view::npos) out.fail(line_number, "NUL byte: not a text file");
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3) out.fail(line_number, "bad section header: expected [default]");
            const std::string name(trim(line.substr(1, line.size() - 2)));
            if (lower(name) != "default")
                out.fail(line_number,
                         "unknown section " + quote_value(name) + ": keys go at the top level or under [default]");
            continue;
        }
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) out.fail(line_number, "expected KEY = VALUE, found " + quote_value(line));
        const std::string key(trim(line.substr(0, eq)));
        if (key.empty()) out.fail(line_number, "no key before '='");
        const bool list = out.kind_of(key, line_number) == ConfigKind::list;
        out.add(key, ini_values(trim(line.substr(eq + 1)), list, out, line_number), line_number);
    }
    return out.finish();
}

// ---- TOML ------------------------------------------------------------------

std::size_t line_of(const toml::source_region& region) {
    return region.begin.line;
}

std::optional<std::string> toml_scalar(const toml::node& node) {
    if (const auto* s = node.as_string()) return s->get();
    if (const auto* i = node.as_integer()) return std::to_string(i->get());
    if (const auto* f = node.as_floating_point()) {
        char buffer[64];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, f->get());
        return std::string(buffer, result.ptr);
    }
    return std::nullopt;
}

std::string toml_type(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a float";
    case toml::node_type::boolean:
        return "a boolean";
    default:
        return "a date or time";
    }
}

struct TomlEntry {
    std::string key;
    std::size_t line;
    const toml::node* node;
};

// The key-value pairs of the top level and of [default], in file order
// (toml++ keeps a table's keys sorted), so that settings and the first
// error come as in the file.
void toml_entries(const toml::table& table, bool top, std::vector<TomlEntry>& entries, const Collector& out) {
    for (const auto& [key_node, node] : table) {
        const std::string key(key_node.str());
        const std::size_t line = line_of(key_node.source());
        if (node.is_table()) {
            if (!top || lower(key) != "default")
                out.fail(line, "unknown section " + quote_value(key) + ": keys go at the top level or under [default]");
            toml_entries(*node.as_table(), false, entries, out);
        } else {
            entries.push_back({key, line, &node});
        }
    }
    if (top)
        std::stable_sort(entries.begin(), entries.end(),
                         [](const TomlEntry& a, const TomlEntry& b) { return a.line < b.line; });
}

void read_toml_entry(const TomlEntry& entry, Collector& out) {
    const std::string& key = entry.key;
    const toml::node& node = *entry.node;
    const ConfigKind kind = out.kind_of(key, entry.line);
    const auto wrong = [&](const toml::node& value, const std::string& wanted) {
        out.fail(line_of(value.source()) ? line_of(value.source()) : entry.line,
                 "'" + key + "' takes " + wanted + ", not " + toml_type(value));
    };
    std::vector<std::string> values;
    if (kind == ConfigKind::flag) {
        const auto* flag = node.as_boolean();
        if (!flag) wrong(node, "true or false");
        values.push_back(flag->get() ? "true" : "false");
    } else if (const auto* array = node.as_array(); array && kind == ConfigKind::list) {
        for (const auto& item : *array) {
            auto value = toml_scalar(item);
            if (!value) wrong(item, "strings or numbers");
            values.push_back(std::move(*value));
        }
    } else {
        auto value = toml_scalar(node);
        if (!value)
            wrong(node, kind == ConfigKind::list ? "a string, a number or an array of them" : "a string or a number");
        values.push_back(std::move(*value));
    }
    out.add(key, std::move(values), entry.line);
}

ConfigFile read_toml(const std::string& path, const std::string& text, const ConfigSchema& schema) {
    Collector out(path, schema);
    try {
        const toml::table table = toml::parse(text, path);
        std::vector<TomlEntry> entries;
        toml_entries(table, true, entries, out);
        for (const auto& entry : entries)
            read_toml_entry(entry, out);
    } catch (const toml::parse_error& e) {
        out.fail(line_of(e.source()), std::string(e.description()));
    }
    return out.finish();
}

} // namespace

ConfigError::ConfigError(std::string file, std::size_t line, const std::string& message)
    : UsageError(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + message), file_(std::move(file)),
      line_(line) {}

std::string nearest_key(const std::string& key, const ConfigSchema& schema) {
    // Underscores for dashes and case are the commonest slips: compare
    // without them, then allow about one edit in three characters.
    std::string wanted = lower(key);
    std::replace(wanted.begin(), wanted.end(), '_', '-');
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, wanted.size() / 3) + 1;
    for (const auto& [candidate, kind] : schema) {
        const std::size_t d = edit_distance(wanted, candidate);
        if (d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

ConfigFile read_config_file(const std::string& path, const ConfigSchema& schema) {
    const std::string text = read_text_file(path, max_config_bytes);
    return ends_with(lower(path), ".toml") ? read_toml(path, text, schema) : read_ini(path, text, schema);
}

} // namespace fp
