#include "footprint/core/text.hpp"

#include <algorithm>

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

std::string first_few(const std::vector<std::string>& items) {
    constexpr std::size_t shown = 10;
    std::string text;
    for (std::size_t i = 0; i < items.size() && i < shown; ++i)
        text += (i ? "; " : "") + items[i];
    if (items.size() > shown) text += "; and " + std::to_string(items.size() - shown) + " more";
    return text;
}

std::string quote_value(std::string_view value) {
    constexpr std::size_t longest = 60;
    std::size_t shown = value.size();
    if (shown > longest) {
        shown = longest;
        // Back to the start of a UTF-8 character: continuation bytes are 10xxxxxx.
        while (shown > 0 && (static_cast<unsigned char>(value[shown]) & 0xC0) == 0x80)
            --shown;
    }
    std::string out = "'";
    for (const char c : value.substr(0, shown)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            static const char hex[] = "0123456789ABCDEF";
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        } else {
            out += c;
        }
    }
    out += "'";
    if (shown < value.size()) {
        out.insert(out.size() - 1, "...");
        out += " (" + std::to_string(value.size()) + " bytes)";
    }
    return out;
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

namespace {

constexpr std::string_view hidden = "***";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view prefix) {
    if (at + prefix.size() > text.size()) return false;
    for (std::size_t k = 0; k < prefix.size(); ++k)
        if (lower(text[at + k]) != prefix[k]) return false;
    return true;
}

// A URI query key with %XX escapes decoded, lower case: libpq decodes them,
// so ?pass%77ord=S names the password too.
std::string decoded_key(std::string_view key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const auto hex = [](char c) {
            c = lower(c);
            return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        };
        if (key[i] == '%' && i + 2 < key.size() && hex(key[i + 1]) >= 0 && hex(key[i + 2]) >= 0) {
            out += lower(static_cast<char>(hex(key[i + 1]) * 16 + hex(key[i + 2])));
            i += 2;
        } else {
            out += lower(key[i]);
        }
    }
    return out;
}

// postgresql://[user[:password]@][host][/dbname][?key=value&...]: the
// password after the user and any password= (or sslpassword=) parameter.
std::string redact_uri(std::string_view uri, std::size_t scheme_end) {
    const std::size_t query = std::min(uri.find('?', scheme_end), uri.size());
    std::string out(uri.substr(0, scheme_end));
    // The last '@' before the query ends the user information: a password
    // holding an unescaped '@' or '/' still ends up hidden.
    const std::string_view authority = uri.substr(scheme_end, query - scheme_end);
    const std::size_t at = authority.rfind('@');
    const std::size_t colon = at == std::string_view::npos ? at : authority.substr(0, at).find(':');
    if (colon != std::string_view::npos)
        out += std::string(authority.substr(0, colon + 1)) + std::string(hidden) + std::string(authority.substr(at));
    else
        out += authority;
    if (query == uri.size()) return out;
    out += '?';
    std::size_t start = query + 1;
    while (true) {
        const std::size_t amp = std::min(uri.find('&', start), uri.size());
        const std::string_view pair = uri.substr(start, amp - start);
        const std::size_t eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        if (eq != std::string_view::npos && decoded_key(key).find("password") != std::string::npos)
            out += std::string(key) + "=" + std::string(hidden);
        else
            out += pair;
        if (amp == uri.size()) break;
        out += '&';
        start = amp + 1;
    }
    return out;
}

} // namespace

std::string without_password(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        // A URI runs to the next space or '|' (which separates the parts of
        // a layer spec; libpq URIs escape both).
        std::size_t scheme_end = 0;
        if (starts_with_nocase(text, i, "postgresql://"))
            scheme_end = 13;
        else if (starts_with_nocase(text, i, "postgres://"))
            scheme_end = 11;
        if (scheme_end > 0) {
            std::size_t end = i;
            while (end < text.size() && !is_space(text[end]) && text[end] != '|')
                ++end;
            out += redact_uri(text.substr(i, end - i), scheme_end);
            i = end;
            continue;
        }
        // key = value, libpq style: any key holding "password" (password,
        // sslpassword), spaces allowed around '=', and a value that is either
        // single-quoted (\' and \\ escaped) or runs to the next space, with
        // backslash escapes. libpq skips spaces after '=', so in
        // "password= host=x" the password is "host=x".
        if (!starts_with_nocase(text, i, "password")) {
            out += text[i++];
            continue;
        }
        std::size_t j = i + 8;
        while (j < text.size() && is_space(text[j]))
            ++j;
        if (j == text.size() || text[j] != '=') {
            out += text.substr(i, j - i);
            i = j;
            continue;
        }
        ++j;
        while (j < text.size() && is_space(text[j]))
            ++j;
        out += text.substr(i, j - i);
        out += hidden;
        if (j < text.size() && text[j] == '\'') {
            for (++j; j < text.size() && text[j] != '\''; ++j)
                if (text[j] == '\\') ++j;
            ++j;
        } else {
            for (; j < text.size() && !is_space(text[j]) && text[j] != '|'; ++j)
                if (text[j] == '\\') ++j;
        }
        i = std::min(j, text.size());
    }
    return out;
}

} // namespace fp
