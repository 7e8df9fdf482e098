// Building footprints by dissolving member units (LSOAs, CCGs, councils)
// according to a membership table.
#pragma once

#include "footprint/geometry/sliver.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/membership.hpp"

#include <string>
#include <vector>

namespace fp {

enum class DissolveMethod {
    coverage, // GEOS coverage union: the members tile cleanly
    robust    // GEOS unary union: members overlap or do not meet edge to edge
};

const char* to_string(DissolveMethod method);

struct Footprint {
    std::string code;
    std::string name;
    GeomPtr geom;                    // empty when no member has geometry
    std::size_t members = 0;         // members named in the table
    std::size_t members_missing = 0; // of those, not found in the layer
    int parts = 0;
    double area_m2 = 0;
    std::size_t holes_filled = 0;
    double filled_m2 = 0;
    DissolveMethod method = DissolveMethod::coverage;
};

struct BuildResult {
    std::vector<Footprint> footprints;         // sorted by code
    std::vector<std::string> missing_members;  // in the table, not the layer
    std::vector<std::string> unassigned_units; // in the layer, not the table
    std::vector<std::string> duplicate_rows;   // member listed twice for one footprint

    std::size_t count(DissolveMethod method) const;
    std::vector<const Footprint*> empty() const;
    std::vector<const Footprint*> multipart() const;
    // Missing or unassigned members, or empty footprints.
    bool has_problems() const;
};

struct BuildOptions {
    // Holes in a dissolved footprint that lie between two or more members
    // and are slivers are gaps left by members drawn at different
    // generalisations: they are filled unless keep_holes.
    SliverTolerance tolerance;
    bool keep_holes = false;
};

// Throws InputError when a member is assigned to more than one footprint:
// its geometry cannot be cut, so the footprints must be built from a finer
// layer whose units nest in each of them.
BuildResult build_footprints(GeosContext& ctx, const PolygonLayer& members, const Membership& table,
                             const BuildOptions& options);

} // namespace fp
