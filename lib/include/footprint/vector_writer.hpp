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
    // An empty string value is written as NULL.
};

struct VectorOutput {
    std::string path;
    std::string driver; // empty: chosen from the file extension
    std::string layer_name;
    std::string crs; // as the user gave it: "EPSG:27700", a PROJ string or WKT
    bool overwrite = false;
};

// The GDAL driver for an output: `driver` when given, else the one for the
// path's extension (.gpkg, .shp, .geojson, .fgb, ...). Throws UsageError
// when there is none or it cannot create vector files, so tools can check
// before doing any work.
std::string resolve_driver(const std::string& path, const std::string& driver = "");

// Writes the features into a temporary directory beside `path` and renames
// the result (with any sidecar files) into place. Refuses to replace an
// existing file without `overwrite`. Returns GDAL's warnings (such as field
// names a format had to shorten). Throws UsageError (unknown driver, bad
// CRS) or OutputError.
std::vector<std::string> write_polygons(GeosContext& ctx, const VectorOutput& output,
                    const std::vector<OutputField>& fields,
                    const std::vector<OutputFeature>& features);

} // namespace fp
