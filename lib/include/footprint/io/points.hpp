// Point layers with a numeric weight (LSOA population points, provider
// sites), and locating them in polygon units.
#pragma once

#include "footprint/io/layer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace fp {

struct WeightedPoint {
    std::int64_t fid;
    std::string code;
    std::string name;
    double x, y; // working CRS
    double weight;
};

struct PointLayer {
    std::string source; // as shown: password hidden (LayerSpec::shown_source)
    std::string layer_name;
    FieldChoice fields;
    std::string weight_field;          // empty: every point weighs 1
    std::vector<WeightedPoint> points; // in layer order
    Extent extent;                     // of the points, in the working CRS
    std::vector<std::string> warnings; // when LoadOptions::warn is unset
};

// `weight_field` may be empty. Throws InputError for non-point geometry,
// missing geometry, or a weight that is not a finite number >= 0 (naming the
// feature), UsageError for an unknown weight field.
PointLayer load_point_layer(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options,
                            const std::string& weight_field);

struct PointLocation {
    // Index into the units of the unit holding each point, or -1. A point
    // on a shared border or in an overlap goes to the unit with the lowest
    // code, so that every point counts exactly once.
    std::vector<long> unit_of_point;
    std::vector<std::size_t> outside;   // points in no unit
    std::vector<std::size_t> ambiguous; // points in several units
};

PointLocation locate_points(GeosContext& ctx, const std::vector<Unit>& units, const std::vector<WeightedPoint>& points);

} // namespace fp
