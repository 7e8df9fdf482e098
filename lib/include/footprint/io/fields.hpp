// Choosing code and name columns by their names, one rule for layers, point
// layers, membership tables and flow tables: a code column's name ends in
// "cd" (ONS style: LAD16CD, ccg15cd, AREACD) or "_code" (msoa11_code,
// nhs_trust22_code); its name column has the same stem and ends in "nm" or
// "_name" (LAD16NM, nhs_trust22_name).
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

// Whether a column's name marks it as holding codes, or names, by the rule above.
bool is_code_column(const std::string& field);
bool is_name_column(const std::string& field);

// The lower-case stem of a code or name column ("lad16" for LAD16CD,
// lad16_code, LAD16NM and lad16_name); empty for any other column.
std::string column_stem(const std::string& field);

// The name column among `fields` that goes with `code` (the same stem),
// or empty.
std::string name_column_for(const std::vector<std::string>& fields, const std::string& code);

// Whether a column's name says it holds shares or weights: one of the words
// of its name (split at anything but letters) is share, proportion,
// fraction or weight, singular or plural (share, pop_share, Proportion,
// weight_2019).
bool is_share_like_column(const std::string& field);

// The field whose name equals `wanted` ignoring case, or empty.
std::string find_field(const std::vector<std::string>& fields, const std::string& wanted);

std::string to_lower(std::string text);

} // namespace fp
