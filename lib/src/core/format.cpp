#include "footprint/core/format.hpp"

#include <charconv>
#include <cmath>
#include <vector>

namespace fp {

std::string format_fixed(double number, int decimals) {
    if (std::isnan(number)) return "nan";
    if (std::isinf(number)) return number < 0 ? "-inf" : "inf";
    // The largest double has 309 integer digits; room for them, a sign, the
    // point and the decimals means to_chars never runs out of space.
    std::vector<char> buffer(static_cast<std::size_t>(320 + std::max(decimals, 0)));
    const auto [end, error] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), number, std::chars_format::fixed, decimals);
    if (error != std::errc()) return {};
    std::string text(buffer.data(), end);
    if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
    return text;
}

} // namespace fp
