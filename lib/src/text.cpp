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

std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned min = 0;
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0)
        length = 2, min = 0x80;
    else if ((lead & 0xF0) == 0xE0)
        length = 3, min = 0x800;
    else if ((lead & 0xF8) == 0xF0)
        length = 4, min = 0x10000;
    else
        return 0;
    if (i + length > text.size()) return 0;
    unsigned code = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        // ASCII runs dominate real data: skip them without decoding.
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = utf8_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

} // namespace

std::string valid_utf8(std::string_view text) {
    if (is_valid_utf8(text)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_length(text, i);
        if (length == 0) {
            out += replacement;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

void Utf8Repair::fix(std::string& value, std::int64_t fid, std::string_view field) {
    if (is_valid_utf8(value)) return;
    if (count_++ == 0) first_fid_ = fid, first_field_ = valid_utf8(field);
    value = valid_utf8(value);
}

std::string Utf8Repair::warning(std::string_view feature) const {
    if (count_ == 0) return {};
    return context_ + " has " + std::to_string(count_) + (count_ == 1 ? " value" : " values") + " that " +
           (count_ == 1 ? "is" : "are") + " not valid UTF-8 (first: " + std::string(feature) + " " +
           std::to_string(first_fid_) + ", field " + first_field_ + "); replaced with U+FFFD";
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_length(text, i);
        if (length == 0) {
            out += replacement;
            ++i;
            continue;
        }
        if (length > 1) {
            // U+FFFE and U+FFFF are valid UTF-8 but not XML characters.
            const bool non_character =
                length == 3 && text.compare(i, 2, "\xEF\xBF") == 0 && (text[i + 2] == '\xBE' || text[i + 2] == '\xBF');
            out.append(non_character ? replacement : text.substr(i, length));
            i += length;
            continue;
        }
        const char c = text[i++];
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
        case '\'':
            out += "&#39;";
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

} // namespace fp
