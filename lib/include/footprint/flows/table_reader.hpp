// Reading a flow table into counts by (origin, destination) pair: long
// tables and wide matrices, CSV through our own reader with line numbers
// (a large file on two cores), other sources through GDAL with row numbers.
#pragma once

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/flows/pair_counts.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace fp {

struct FlowTableOptions {
    bool wide = false;  // one row per origin, one column per destination
    std::string period; // keep only rows of this period (needs a period column)
    // Rows that repeat an origin and destination but differ in another
    // column are parts of one flow to add up (by month, age, sex), not
    // stacked tables: without this they are refused (StackedFlowsError).
    bool sum_repeats = false;
    // Told once when codes that are not valid UTF-8 were replaced (U+FFFD).
    WarningFn warn;
    // Threads a large CSV file may be read by (it is cut in two at most).
    unsigned workers = worker_count();
};

// Flows summed by (origin, destination), read as a stream: memory grows
// with distinct pairs, not rows.
struct FlowCounts {
    std::string source;
    std::string origin_field, destination_field, count_field, period_field;
    std::vector<std::string> codes; // interned origin and destination codes
    PairCounts pairs;               // by pair_key(origin id, destination id)
    double total = 0;
    std::size_t rows = 0;           // rows read (after the period filter)
    std::size_t duplicate_rows = 0; // rows repeating a pair already seen, summed
    std::size_t skipped_period_rows = 0;
    // How many parts of the file were read side by side: 2 when a large CSV
    // file was cut in two, else 1.
    std::size_t parts_read = 1;
};

// A table whose rows repeat origin-destination pairs with different values
// in another column: several tables stacked, summed they count flows twice.
class StackedFlowsError : public InputError {
  public:
    using InputError::InputError;
};

// Throws InputError naming the line (CSV) or row and the column for a count
// that is negative, not a number, NaN or infinite, for a ragged row, or an
// unreadable source; UsageError for missing or ambiguous columns, and
// FlowOptionError for a period filter that cannot apply.
FlowCounts read_flows(const LayerSpec& spec, const FlowTableOptions& options);

} // namespace fp
