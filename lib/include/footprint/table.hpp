// Reading membership tables: member code -> group (footprint) code, with an
// optional share for members split between groups. Any GDAL table source:
// CSV (with or without a byte-order mark, LF or CRLF), XLSX, ODS, PostGIS.
#pragma once

#include "footprint/layer_spec.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fp {

struct MembershipRow {
    std::string member;
    std::string group;
    std::string group_name; // empty when the table has no group name column
    double share = 1.0;
    std::size_t row = 0; // data row, counted from 1 after the header
};

struct Membership {
    std::string source;
    std::string member_field;
    std::string group_field;
    std::string share_field;         // empty when the table has none
    std::string group_name_field;    // the group's name, e.g. STP17NM beside STP17CD
    std::vector<MembershipRow> rows; // in table order
    std::vector<std::string> warnings;
};

// Columns come from the spec (|member=, |group=, |share=); otherwise the
// two columns whose names end in "cd" (ONS style), member first; otherwise
// a table of exactly two or three columns is read as member, group[, share].
// The group name column is |group_name=, else the one named like the group
// column with "nm" for "cd" (STP17CD -> STP17NM), else none.
// Throws UsageError for ambiguous or unknown columns, InputError for empty
// codes and shares that are not numbers in (0, 1], naming the row.
// Warnings about the data (text that is not valid UTF-8) go to `warn` when
// given (LoadOptions::warn), else to Membership::warnings.
Membership read_membership(const LayerSpec& spec, const std::function<void(const std::string&)>& warn = {});

} // namespace fp
