#include "footprint/flows/count.hpp"

#include "footprint/core/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace fp {

std::optional<std::string> count_problem(std::string_view raw, double& value) {
    const std::string_view text = trim(raw);
    value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (!text.empty() && *first == '+') ++first;
    const auto [end, error] = std::from_chars(first, last, value);
    if (text.empty() || (error != std::errc() && error != std::errc::result_out_of_range) || end != last)
        return quote_value(text) + " is not a count (a number >= 0)";
    // Out of range either way: 1e400 overflows, 1e-400 underflows.
    if (error == std::errc::result_out_of_range && std::fabs(std::strtod(std::string(text).c_str(), nullptr)) < 1)
        return quote_value(text) + " is too small to be a count";
    if (error == std::errc::result_out_of_range || !std::isfinite(value))
        return quote_value(text) + " is not a finite count";
    if (value < 0) return "negative count " + quote_value(text);
    if (value >= largest_count) return "count " + quote_value(text) + " is too large to add up exactly (2^53 or more)";
    return std::nullopt;
}

} // namespace fp
