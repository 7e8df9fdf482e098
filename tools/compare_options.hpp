// The options fp-coterm and fp-span share: which layers, weights and
// tolerances.
#pragma once

#include "cli.hpp"
#include "footprint/compare.hpp"

namespace fp::cli {

struct CompareOptions {
    std::vector<std::string> layers;
    std::string weights;
    bool no_weights = false;
    std::string member_weights;
    bool membership = false;
    OverlayOptions overlay;
    std::string weight_field = "population";
};

void add_compare_options(CLI::App& app, CompareOptions& options);

// The request the options describe: with no layers, the shipped comparison.
CompareRequest compare_request(const CompareOptions& options, const CommonOptions& common);

} // namespace fp::cli
