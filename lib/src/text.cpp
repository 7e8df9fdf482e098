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
    for (std::size_t i = 0; i < names.size(); ++i) {
        text += (i == 0 ? "" : ", ") + (names[i].empty() ? std::string("(no name)") : names[i]);
        if (text.size() > longest) return text.substr(0, longest) + "...";
    }
    return text;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' ? ' ' : c;
        }
    }
    return out;
}

std::string without_password(std::string_view text) {
    constexpr std::string_view key = "password=";
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool at_key = i + key.size() <= text.size();
        for (std::size_t k = 0; at_key && k < key.size(); ++k)
            at_key = (text[i + k] | 0x20) == key[k] || text[i + k] == key[k];
        if (!at_key) {
            out += text[i++];
            continue;
        }
        out += text.substr(i, key.size());
        out += "***";
        i += key.size();
        if (i < text.size() && text[i] == '\'') {
            // A quoted value ends at the next quote that is not escaped.
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\\') ++i;
            ++i;
        } else {
            while (i < text.size() && text[i] != ' ' && text[i] != '|')
                ++i;
        }
    }
    return out;
}

std::string quoted_excerpt(std::string_view text) {
    constexpr std::size_t limit = 60;
    if (text.size() <= limit) return "'" + std::string(text) + "'";
    // Cut on a UTF-8 character boundary: never inside a multi-byte sequence.
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return "'" + std::string(text.substr(0, end)) + "...'";
}

} // namespace fp
