// What the flow table reader sums rows into: the columns decided from the
// header, and an accumulator of codes and pairs; two of them, each fed half
// a file by its own core, combine into what one would have read.
#pragma once

#include "footprint/core/text.hpp"
#include "footprint/flows/count.hpp"
#include "footprint/flows/pair_counts.hpp"
#include "footprint/flows/table_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fp {

// Which columns hold what, decided once from the header.
struct FlowColumns {
    bool wide = false;
    std::vector<std::string> header;
    std::size_t origin = 0, destination = 0, count = 0;
    long period = -1;
    std::string period_wanted;
    // The other columns of a long table, in which repeats of a pair must
    // agree unless repeats are to be summed.
    std::vector<std::size_t> others;
};

// Throws UsageError when the columns cannot be told, FlowOptionError when
// the period filter cannot apply.
FlowColumns flow_columns(const LayerSpec& spec, const FlowTableOptions& options,
                         const std::vector<std::string>& header);

// One 64-bit signature of a row's other columns, in which each column has
// its own bits: two rows that differ in a column differ in its bits but for
// a hash collision (at least 1 in 2^8 with up to 8 other columns), so the
// columns that differ can be named without keeping their values.
std::uint64_t column_bits(std::size_t k, std::size_t columns);

// Sums the rows it is given into its own codes and pairs.
class FlowAccumulator {
  public:
    explicit FlowAccumulator(const FlowColumns& columns) : columns_(columns), interner_(codes) {}
    // Its interner refers to its own codes: it stays where it was built.
    FlowAccumulator(const FlowAccumulator&) = delete;
    FlowAccumulator& operator=(const FlowAccumulator&) = delete;
    const FlowColumns& columns() const { return columns_; }

    // `where` names the row ("'f.csv' line 12"), called only for a message.
    template <typename Where> void row(const std::vector<std::string_view>& fields, const Where& where) {
        if (fields.size() == 1 && trim(fields[0]).empty()) return; // a blank line
        const auto& header = columns_.header;
        if (fields.size() != header.size())
            throw InputError(where() + ": " + std::to_string(fields.size()) + " fields, but the header has " +
                             std::to_string(header.size()));
        if (columns_.wide) {
            wide_row(fields, where);
            return;
        }
        if (columns_.period >= 0 && !columns_.period_wanted.empty() &&
            trim(fields[static_cast<std::size_t>(columns_.period)]) != columns_.period_wanted) {
            ++skipped_period_rows;
            return;
        }
        ++rows;
        const std::string_view origin = trim(fields[columns_.origin]);
        const std::string_view destination = trim(fields[columns_.destination]);
        if (origin.empty()) throw InputError(where() + ", column " + header[columns_.origin] + ": empty origin code");
        if (destination.empty())
            throw InputError(where() + ", column " + header[columns_.destination] + ": empty destination code");
        const std::uint64_t key =
            add(origin, destination, parse_count(fields[columns_.count], where, header[columns_.count]));
        if (!columns_.others.empty()) check_other_columns(key, fields);
    }

    // Adds what is still buffered; call once the last row is in.
    void flush();
    // Adds another accumulator's sums: its codes are re-interned here, so
    // ids stay in order of first appearance in the file.
    void absorb(FlowAccumulator& other);

    std::vector<std::string> codes;
    PairCounts pairs;
    long double total = 0; // as compute_flows sums: see reconciliation_tolerance
    std::size_t rows = 0, entries = 0, skipped_period_rows = 0;

    // Rows that repeated a pair with other values in other columns: how
    // many, the bits that differed, and the smallest such pair by codes.
    std::size_t differing_rows = 0;
    std::uint64_t differing_bits = 0;
    std::optional<std::pair<std::string, std::string>> differing_example;

  private:
    // One row of a wide matrix: an origin and a count per destination column.
    template <typename Where> void wide_row(const std::vector<std::string_view>& fields, const Where& where) {
        const auto& header = columns_.header;
        ++rows;
        const std::string_view origin = trim(fields[0]);
        if (origin.empty()) throw InputError(where() + ", column " + header[0] + ": empty origin code");
        for (std::size_t d = 1; d < fields.size(); ++d) {
            if (trim(fields[d]).empty()) continue;
            // A count must have a destination, as in a long table.
            if (header[d].empty())
                throw InputError(where() + ", column " + std::to_string(d + 1) +
                                 ": a count under a column with no destination code in the header");
            const double value = parse_count(fields[d], where, header[d]);
            if (value > 0) add(origin, header[d], value);
        }
    }
    std::uint64_t add(std::string_view origin, std::string_view destination, double value);
    void check_other_columns(std::uint64_t key, const std::vector<std::string_view>& fields);
    void differ(std::uint64_t key, std::uint64_t bits);
    void note_example(const std::pair<std::string, std::string>& pair);

    PairSignatures signatures_;
    static constexpr std::size_t batch = 64;
    std::uint64_t keys_[batch];
    double values_[batch];
    std::size_t buffered_ = 0;
    const FlowColumns& columns_;
    Interner interner_;
};

} // namespace fp
