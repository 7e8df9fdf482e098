#include "footprint/report/table_text.hpp"

#include <algorithm>

namespace fp {

namespace {

// Display width: UTF-8 continuation bytes take no column.
std::size_t columns(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

} // namespace

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string TextTable::aligned(const std::string& indent) const {
    std::vector<std::size_t> width(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c)
        width[c] = columns(header[c]);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], columns(row[c]));
    std::string out;
    const auto emit = [&](const std::vector<std::string>& row) {
        std::string line = indent;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::size_t pad = width[c] - columns(row[c]);
            const bool right = c < numeric.size() && numeric[c];
            if (c > 0) line += "  ";
            if (right) line.append(pad, ' ');
            line += row[c];
            if (!right && c + 1 < row.size()) line.append(pad, ' ');
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    };
    emit(header);
    for (const auto& row : rows)
        emit(row);
    return out;
}

std::string TextTable::csv() const {
    std::string out;
    const auto emit = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size(); ++c)
            out += (c ? "," : "") + csv_field(row[c]);
        out += "\r\n";
    };
    emit(header);
    for (const auto& row : rows)
        emit(row);
    return out;
}

} // namespace fp
