// Writing polygon results through GDAL to any writable vector format.
#pragma once

#include "footprint/geometry/geos.hpp"

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
    // A file, or a PostGIS table as 'PG:CONNECTION[|layer=[SCHEMA.]TABLE]'
    // (the table defaults to layer_name).
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

// Whether `path` names a PostGIS table rather than a file.
bool is_postgis_output(const std::string& path);

// Everything that can be checked before the work that produces the
// features: the driver (as resolve_driver) and, unless `overwrite`, that no
// file or table is in the way; for PostGIS this connects to the database.
// Returns the driver name. Throws UsageError or OutputError.
std::string prepare_vector_output(const VectorOutput& output);

// Writes the features into a temporary directory beside `path` and renames
// the result (with any sidecar files) into place; a PostGIS table is written
// under a temporary name and renamed in the same transaction, so that a
// failure or a dropped connection leaves no table behind. Refuses to
// replace an existing file or table without `overwrite`. Returns GDAL's
// warnings (such as field names a format had to shorten). Throws UsageError
// (unknown driver, bad CRS) or OutputError.
std::vector<std::string> write_polygons(GeosContext& ctx, const VectorOutput& output,
                                        const std::vector<OutputField>& fields,
                                        const std::vector<OutputFeature>& features);

} // namespace fp
