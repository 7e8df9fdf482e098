// Writing polygon results through GDAL to any writable vector format.
#pragma once

#include "footprint/geos.hpp"

#include <string>
#include <variant>
#include <vector>

namespace fp {

enum class FieldType { string, integer, real };

struct OutputField {
    std::string name;
    FieldType type;
};

using FieldValue = std::variant<std::string, long long, double>;

struct OutputFeature {
    std::vector<FieldValue> values; // one per OutputField, same order
    const GEOSGeometry* geom;       // polygonal; written as MultiPolygon
};

struct VectorOutput {
    std::string path;
    std::string driver; // empty: chosen from the file extension
    std::string layer_name;
    std::string crs; // e.g. "EPSG:27700"
    bool overwrite = false;
};

// The GDAL driver for a path's extension (.gpkg, .shp, .geojson, .fgb, ...),
// or UsageError asking for an explicit driver.
std::string driver_for_path(const std::string& path);

// Writes the features into a temporary directory beside `path` and renames
// the result (with any sidecar files) into place. Refuses to replace an
// existing file without `overwrite`. Throws UsageError (unknown driver) or
// OutputError.
void write_polygons(GeosContext& ctx, const VectorOutput& output,
                    const std::vector<OutputField>& fields,
                    const std::vector<OutputFeature>& features);

} // namespace fp
