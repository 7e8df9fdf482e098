// The one parser of flow counts, for flow tables and for the footprint x
// footprint matrices fp-flows writes: a number >= 0, finite, below 2^53.
#pragma once

#include "footprint/core/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fp {

// Beyond 2^53 a double cannot hold every whole number, and totals could no
// longer reconcile exactly: no count, and no total, may reach it.
constexpr double largest_count = 9007199254740992.0;

// Reads `raw` (surrounding blanks ignored) into `value`; else says why it is
// not a count ("negative count '-2'", ...), the value quoted.
std::optional<std::string> count_problem(std::string_view raw, double& value);

// The count in `raw`, or InputError "<where()>, column <column>: <why>".
// `where` is called only to build the message, so a row costs nothing more.
template <typename Where> double parse_count(std::string_view raw, const Where& where, const std::string& column) {
    double value = 0;
    if (auto problem = count_problem(raw, value)) throw InputError(where() + ", column " + column + ": " + *problem);
    return value;
}

} // namespace fp
