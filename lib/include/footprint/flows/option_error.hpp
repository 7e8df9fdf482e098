// Refusals of how flows were asked for that a tool settles with one of its
// options: the library says which option is meant, the tool names its flag.
#pragma once

#include "footprint/core/error.hpp"

#include <string>
#include <utility>

namespace fp {

enum class FlowOptionProblem {
    period_in_wide_table,  // a period filter given for a wide matrix
    no_period_column,      // a period filter, but no period column in `source`
    no_origin_mapping,     // a flow table other than the shipped one, origins unmapped
    no_destination_mapping // ... destinations unmapped
};

class FlowOptionError : public UsageError {
  public:
    // `message` says it in words; `source` is the table concerned, if any.
    FlowOptionError(FlowOptionProblem which, std::string table, const std::string& message)
        : UsageError(message), problem(which), source(std::move(table)) {}
    FlowOptionProblem problem;
    std::string source;
};

} // namespace fp
