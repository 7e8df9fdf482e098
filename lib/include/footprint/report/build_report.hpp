// fp-build's report of what was built and what did not fit.
#pragma once

#include "footprint/overlay/build.hpp"
#include "footprint/report/provenance.hpp"

#include <string>

namespace fp {

struct BuildSummary {
    std::string members_spec;
    std::string table_spec;
    std::string output;
    std::string layer_name;
    const PolygonLayer* members;
    const Membership* table;
    const BuildResult* result;
};

std::string build_text(const BuildSummary& summary);
// Schema "footprint-build/1", documented in fp-build(1).
std::string build_json(const BuildSummary& summary, const Provenance* provenance = nullptr);

} // namespace fp
