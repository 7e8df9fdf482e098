// Loading a polygon layer into units: one unit per distinct code, geometry
// valid, polygonal and in the working CRS.
#pragma once

#include "footprint/core/error.hpp"
#include "footprint/geometry/geos.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/layer_crs.hpp"
#include "footprint/io/layer_spec.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <ogr_spatialref.h>
#include <string>
#include <vector>

class OGRFeatureDefn;

class OGRLayer;

namespace fp {

inline constexpr const char* default_working_crs = "EPSG:27700";

// Called with (features done, features expected; 0 when unknown).
using ProgressFn = std::function<void(std::size_t, std::size_t)>;
// Called with a warning about the data that does not stop the work, such as
// text that was not valid UTF-8; the tool decides whether to show it.
using WarningFn = std::function<void(const std::string&)>;

struct LoadOptions {
    std::string working_crs = default_working_crs;
    // Apply to every layer; a spec's own |code=, |name=, |srs= win.
    std::string code_field;
    std::string name_field;
    std::string assume_srs;
    bool strict = false; // refuse invalid geometry instead of repairing it
    ProgressFn progress;
    // Unset: warnings go to the layer's LoadReport::warnings instead.
    WarningFn warn;
    // Told what was read when it was not named (a table's columns found by
    // their names); the tool decides whether to show it. Unset: not told.
    WarningFn note;
    // How warnings name the settings (a tool: by its options).
    SettingNames setting_names = setting_words;
};

struct FeatureRef {
    std::int64_t fid;
    std::string code;
};

struct MergedCode {
    std::string code;
    std::vector<std::int64_t> fids;
};

struct LoadReport {
    std::size_t features = 0;
    std::vector<FeatureRef> repaired; // invalid geometry fixed by MakeValid
    std::vector<FeatureRef> empty;    // null or empty geometry
    std::vector<MergedCode> merged;   // codes carried by several features
    std::vector<std::string> warnings;
};

struct Unit {
    std::string code;
    std::string name;
    GeomPtr geom; // valid Polygon or MultiPolygon, possibly empty
    double area_m2 = 0;
};

// The units' geometries, by position: what a GeosIndex indexes.
std::vector<const GEOSGeometry*> geometries_of(const std::vector<Unit>& units);
std::vector<const GEOSGeometry*> geometries_of(const std::vector<const Unit*>& units);

struct PolygonLayer {
    std::string source; // as shown: password hidden (LayerSpec::shown_source)
    std::string layer_name;
    std::string driver;
    std::string source_crs;
    std::string working_crs;
    FieldChoice fields;
    std::vector<Unit> units; // sorted by code
    LoadReport report;
    Extent extent; // of the features, in the working CRS (set_extent for a layer made, not read)

    double total_area_m2() const;
    // The extent of the units' geometries, for a layer drawn in memory (a
    // dissolved table) rather than read from a source.
    void set_extent(GeosContext& ctx);
};

// How a layer is named in messages, on maps and in reports: its layer name,
// else its source.
inline std::string layer_title(const PolygonLayer& layer) {
    return layer.layer_name.empty() ? layer.source : layer.layer_name;
}

// Throws InputError (unreadable source, no CRS, non-polygon geometry, empty
// codes, invalid geometry with strict), UsageError (unknown layer or field,
// ambiguous fields, geographic working CRS) or GeometryError.
PolygonLayer load_polygon_layer(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options);

// The code and name columns of a layer being read: as the spec names them,
// else the options, else as found (choose_fields); with the layer's column
// names and the columns' indices in `defn` (name_index -1: no name column).
// Shared by the polygon and point readers.
struct ReadFields {
    FieldChoice choice;
    std::vector<std::string> names;
    int code_index = -1, name_index = -1;
};
ReadFields read_fields(OGRFeatureDefn& defn, const std::string& layer_name, const LayerSpec& spec,
                       const LoadOptions& options, const std::string& context);

} // namespace fp
