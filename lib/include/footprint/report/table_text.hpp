// One table model rendered as aligned text for people or as CSV (RFC 4180)
// for spreadsheets, so both always carry the same columns.
#pragma once

#include <string>
#include <vector>

namespace fp {

struct TextTable {
    std::vector<std::string> header;
    std::vector<bool> numeric; // right-aligned in text
    std::vector<std::vector<std::string>> rows;

    std::string aligned(const std::string& indent = "") const;
    std::string csv() const;
};

std::string csv_field(const std::string& text);

} // namespace fp
