#include "footprint/io/fields.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"

#include <algorithm>
#include <cctype>

namespace fp {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The stem before the first of `suffixes` that ends `field`, or empty.
std::string stem_before(const std::string& field, std::initializer_list<const char*> suffixes) {
    const std::string lower = to_lower(field);
    for (const char* suffix : suffixes)
        if (ends_with(lower, suffix)) return lower.substr(0, lower.size() - std::char_traits<char>::length(suffix));
    return {};
}

std::string resolve_override(const std::vector<std::string>& fields, const std::string& wanted, const char* role,
                             const std::string& context) {
    std::string found = find_field(fields, wanted);
    if (found.empty())
        throw UsageError(context + ": no " + role + " field '" + wanted + "'; fields are: " + list_for_message(fields));
    return found;
}

} // namespace

std::string to_lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool is_code_column(const std::string& field) {
    return !stem_before(field, {"_code", "cd"}).empty();
}

bool is_name_column(const std::string& field) {
    return !stem_before(field, {"_name", "nm"}).empty();
}

std::string column_stem(const std::string& field) {
    std::string stem = stem_before(field, {"_code", "cd"});
    return stem.empty() ? stem_before(field, {"_name", "nm"}) : stem;
}

std::string name_column_for(const std::vector<std::string>& fields, const std::string& code) {
    const std::string stem = is_code_column(code) ? column_stem(code) : "";
    if (stem.empty()) return {};
    for (const auto& field : fields)
        if (is_name_column(field) && column_stem(field) == stem) return field;
    return {};
}

bool is_share_like_column(const std::string& field) {
    const std::string lower = to_lower(field);
    std::size_t at = 0;
    while (at < lower.size()) {
        if (!std::isalpha(static_cast<unsigned char>(lower[at]))) {
            ++at;
            continue;
        }
        std::size_t end = at;
        while (end < lower.size() && std::isalpha(static_cast<unsigned char>(lower[end])))
            ++end;
        std::string word = lower.substr(at, end - at);
        if (word.size() > 1 && word.back() == 's') word.pop_back();
        if (word == "share" || word == "proportion" || word == "fraction" || word == "weight") return true;
        at = end;
    }
    return false;
}

std::string find_field(const std::vector<std::string>& fields, const std::string& wanted) {
    const std::string lowered = to_lower(wanted);
    for (const auto& field : fields)
        if (to_lower(field) == lowered) return field;
    return {};
}

FieldChoice choose_fields(const std::vector<std::string>& fields, const std::string& layer_name,
                          const std::string& code_override, const std::string& name_override,
                          const std::string& context) {
    FieldChoice choice;
    if (!code_override.empty()) {
        choice.code = resolve_override(fields, code_override, "code", context);
    } else {
        std::vector<std::string> candidates;
        for (const auto& field : fields)
            if (is_code_column(field)) candidates.push_back(field);
        if (candidates.size() > 1) {
            const std::string wanted = to_lower(layer_name);
            std::vector<std::string> matching;
            for (const auto& field : candidates)
                if (column_stem(field) == wanted) matching.push_back(field);
            if (matching.size() == 1) candidates = matching;
        }
        if (candidates.empty() && fields.empty())
            throw UsageError(context + ": the layer has no fields, so no code field");
        if (candidates.empty())
            throw UsageError(context + ": no code field (a name ending in 'cd' or '_code'); choose one with ",
                             Setting::code_field, " or '|code=FIELD' from: " + list_for_message(fields));
        if (candidates.size() > 1)
            throw UsageError(context + ": several possible code fields (" + list_for_message(candidates) +
                                 "); choose one with ",
                             Setting::code_field, " or '|code=FIELD'");
        choice.code = candidates.front();
    }

    if (!name_override.empty()) {
        choice.name = resolve_override(fields, name_override, "name", context);
        // The spec and --code-field/--name-field together can name one
        // column for both roles; the spec alone is checked when parsed.
        if (choice.name == choice.code)
            throw UsageError(context + ": column '" + choice.code + "' is named both as code and as name");
        return choice;
    }
    choice.name = name_column_for(fields, choice.code);
    if (!choice.name.empty()) return choice;
    std::vector<std::string> names;
    for (const auto& field : fields)
        if (is_name_column(field)) names.push_back(field);
    if (names.size() == 1) choice.name = names.front();
    if (names.size() > 1)
        throw UsageError(context + ": several possible name fields (" + list_for_message(names) + "); choose one with ",
                         Setting::name_field, " or '|name=FIELD'");
    return choice;
}

} // namespace fp
