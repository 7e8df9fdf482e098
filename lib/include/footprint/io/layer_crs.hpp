// Where a layer's coordinates are: its CRS, how they reach the working CRS,
// and the checks that catch coordinates in the wrong place.
#pragma once

#include "footprint/io/layer_spec.hpp"

#include <memory>
#include <ogr_spatialref.h>
#include <string>
#include <vector>

class OGRLayer;

namespace fp {

struct LoadOptions;

// A bounding box; empty until something is added.
struct Extent {
    bool empty = true;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;

    void add(const OGREnvelope& box);
    void add(const Extent& other);
    bool meets(const Extent& other) const;
    // "(-5.7, 49.9)-(1.8, 55.8)": coordinates rounded to what tells them apart.
    std::string text() const;
};

// Where a layer's coordinates are and how they reach the working CRS.
struct LayerCrs {
    std::unique_ptr<OGRSpatialReference> source;
    std::unique_ptr<OGRSpatialReference> working;
    std::unique_ptr<OGRCoordinateTransformation> transform; // null when the two are the same
    std::vector<std::string> warnings;
    bool stated = false; // the source CRS came from |srs= or --srs, not from the file
    // Where features may lie, in working coordinates: the working CRS's
    // area of use widened by its own size on every side. A feature beyond
    // it is in the wrong place (longitude and latitude swapped, a wrong CRS),
    // not merely distorted. Unset when the CRS states no area of use.
    bool has_bounds = false;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    std::string area_of_use; // "longitude -9.01..2.01, latitude 49.75..61.01"

    // Throws InputError naming `where` when `box` is not finite or not
    // within the bounds above.
    void check_placed(const OGREnvelope& box, const std::string& where) const;

    // The whole layer's extent in the source CRS, checked once all features
    // are read: numbers that fit within longitude -180..180 and latitude
    // -90..90 in a projected CRS are degrees mislabelled, not a layer a few
    // metres across at the CRS's false origin (which the per-feature check
    // above lets through). Throws InputError naming `context`.
    void check_extent(const Extent& source_extent, const std::string& context) const;
};

// The layer's declared CRS, else the one stated with |srs= or --srs; the
// working CRS must be projected. Throws UsageError (bad or geographic
// working CRS, bad stated CRS) or InputError (no CRS, no transformation);
// `context` names the layer in messages.
LayerCrs layer_crs(OGRLayer& layer, const LayerSpec& spec, const LoadOptions& options, const std::string& context);

// A short human name for a CRS: "EPSG:27700" when it has an authority code.
std::string describe_crs(const OGRSpatialReference& srs);

} // namespace fp
