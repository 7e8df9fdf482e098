#include "footprint/text.hpp"

namespace fp {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string list_for_message(const std::vector<std::string>& names) {
    constexpr std::size_t longest = 300;
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "" : ", ") + name;
        if (text.size() > longest) return text.substr(0, longest) + "...";
    }
    return text;
}

} // namespace fp
