// Choosing the code and name fields of a layer from ONS naming conventions:
// a code field ends in "cd" (LAD16CD, ccg15cd, AREACD), its name field has
// the same stem and ends in "nm".
#pragma once

#include <string>
#include <vector>

namespace fp {

struct FieldChoice {
    std::string code;
    std::string name; // empty when the layer has no name field
};

// `fields` are the layer's field names; `layer_name` breaks ties between
// several code fields (layer "lad16" prefers "lad16cd"). Overrides are
// matched case-insensitively. Throws UsageError naming the candidates when
// the choice is ambiguous or an override does not exist; `context` names the
// layer in that message.
FieldChoice choose_fields(const std::vector<std::string>& fields, const std::string& layer_name,
                          const std::string& code_override, const std::string& name_override,
                          const std::string& context);

// The field whose name equals `wanted` ignoring case, or empty.
std::string find_field(const std::vector<std::string>& fields, const std::string& wanted);

std::string to_lower(std::string text);

} // namespace fp
