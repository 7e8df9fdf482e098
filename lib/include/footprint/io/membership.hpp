// Reading membership tables: member code -> group (footprint) code, with an
// optional share for members split between groups. Any GDAL table source:
// CSV (with or without a byte-order mark, LF or CRLF), XLSX, ODS, PostGIS.
#pragma once

#include "footprint/io/layer_spec.hpp"

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
    bool found_by_rule = false; // some of the columns above were not named in the spec
};

// Columns named in the spec (|member=, |group=, |share=, |group_name=)
// are taken first and leave the candidates; the others are found among the
// columns left, as if none had been named: the share column is the one
// column whose name says it holds shares (is_share_like_column: share,
// proportion, fraction, weight); member and group are the two code columns
// (is_code_column: names ending in "cd" or "_code"), member first;
// otherwise, with no code column left, the columns left are read in order as
// member, group[, share]. The group name column is |group_name=, else the
// one named like the group column (STP17CD -> STP17NM, stp_code ->
// stp_name), else none.
// Throws UsageError for ambiguous or unknown columns, InputError for empty
// codes and shares that are not numbers in (0, 1], naming the row.
// Warnings about the data (text that is not valid UTF-8, a column named like
// shares left unused) go to `warn` when given (LoadOptions::warn), else to
// Membership::warnings. When some columns were found by the rules, `note`
// (when given) is told which were read.
Membership read_membership(const LayerSpec& spec, const std::function<void(const std::string&)>& warn = {},
                           const std::function<void(const std::string&)>& note = {});

// "member LSOA11CD, group STP17CD, share share" (or ", no share column"):
// the columns read, for messages.
std::string columns_read(const Membership& table);

// One rule for every reader that counts members by their shares (overlays
// of tables, flow mappings): a member's shares add up to 1 at most. In a
// table with no share column each row counts in full, so a member listed
// more than once (in two groups, or twice in one) is refused. Throws
// InputError naming the members and the columns read. fp-build refuses every
// split member, and fp-check reports them as its membership.split rule.
void check_member_shares(const Membership& table);

} // namespace fp
