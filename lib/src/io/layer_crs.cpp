#include "footprint/io/layer_crs.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/io/layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>

namespace fp {

namespace {

std::unique_ptr<OGRSpatialReference> srs_from(const std::string& text, const std::string& what) {
    auto srs = std::make_unique<OGRSpatialReference>();
    if (srs->SetFromUserInput(text.c_str()) != OGRERR_NONE) throw UsageError("invalid " + what + " '" + text + "'");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

// Where features may lie in a working CRS (LayerCrs::has_bounds and the
// rest). Finding it means a transformation from longitude and latitude,
// which PROJ builds from its database in tens of milliseconds: once per
// working CRS, not once per layer.
struct WorkingBounds {
    bool has_bounds = false;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    std::string area_of_use;
};

const WorkingBounds& working_bounds(const std::string& name, const OGRSpatialReference& working) {
    static std::mutex mutex;
    static std::map<std::string, WorkingBounds> known; // nodes stay put: references stay valid
    const std::lock_guard<std::mutex> lock(mutex);
    const auto found = known.find(name);
    if (found != known.end()) return found->second;
    WorkingBounds b;
    double west = 0, south = 0, east = 0, north = 0;
    if (working.GetAreaOfUse(&west, &south, &east, &north, nullptr) && west < east && south < north) {
        OGRSpatialReference lonlat;
        lonlat.SetWellKnownGeogCS("WGS84");
        lonlat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        GdalErrorCapture capture;
        const std::unique_ptr<OGRCoordinateTransformation> to_working(
            OGRCreateCoordinateTransformation(&lonlat, &working));
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        if (to_working && to_working->TransformBounds(west, south, east, north, &x0, &y0, &x1, &y1, 21) &&
            std::isfinite(x0) && std::isfinite(y0) && std::isfinite(x1) && std::isfinite(y1)) {
            b.has_bounds = true;
            b.min_x = x0 - (x1 - x0), b.max_x = x1 + (x1 - x0);
            b.min_y = y0 - (y1 - y0), b.max_y = y1 + (y1 - y0);
            char text[128];
            std::snprintf(text, sizeof text, "longitude %.2f..%.2f, latitude %.2f..%.2f", west, east, south, north);
            b.area_of_use = text;
        }
    }
    return known.emplace(name, std::move(b)).first->second;
}

} // namespace

void Extent::add(const OGREnvelope& box) {
    if (!box.IsInit()) return;
    min_x = empty ? box.MinX : std::min(min_x, box.MinX);
    min_y = empty ? box.MinY : std::min(min_y, box.MinY);
    max_x = empty ? box.MaxX : std::max(max_x, box.MaxX);
    max_y = empty ? box.MaxY : std::max(max_y, box.MaxY);
    empty = false;
}

void Extent::add(const Extent& other) {
    if (other.empty) return;
    OGREnvelope box;
    box.MinX = other.min_x, box.MinY = other.min_y, box.MaxX = other.max_x, box.MaxY = other.max_y;
    add(box);
}

bool Extent::meets(const Extent& other) const {
    return !empty && !other.empty && min_x <= other.max_x && other.min_x <= max_x && min_y <= other.max_y &&
           other.min_y <= max_y;
}

std::string Extent::text() const {
    if (empty) return "(empty)";
    // Degrees need a decimal to be told apart; metres do not.
    const bool small = std::max({std::fabs(min_x), std::fabs(min_y), std::fabs(max_x), std::fabs(max_y)}) < 1000;
    const int digits = small ? 1 : 0;
    return "(" + format_fixed(min_x, digits) + ", " + format_fixed(min_y, digits) + ")-(" +
           format_fixed(max_x, digits) + ", " + format_fixed(max_y, digits) + ")";
}

std::string describe_crs(const OGRSpatialReference& srs) {
    const char* authority = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (authority != nullptr && code != nullptr) return std::string(authority) + ":" + code;
    const char* name = srs.GetName();
    return name != nullptr ? name : "unknown";
}

LayerCrs layer_crs(OGRLayer& layer, const LayerSpec& spec, const LoadOptions& options, const std::string& context) {
    LayerCrs crs;
    crs.working = srs_from(options.working_crs, "working CRS");
    if (!crs.working->IsProjected())
        throw UsageError("working CRS " + options.working_crs +
                         " is not projected; areas are never computed in longitude/latitude");
    const std::string stated = !spec.srs.empty() ? spec.srs : options.assume_srs;
    if (const OGRSpatialReference* declared = layer.GetSpatialRef()) {
        crs.source.reset(declared->Clone());
        crs.source->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!stated.empty() && !srs_from(stated, "CRS")->IsSame(crs.source.get()))
            crs.warnings.push_back("the layer declares " + describe_crs(*crs.source) + "; " + stated + " given with " +
                                   options.setting_names(Setting::srs) + " or |srs= is not used");
    } else if (!stated.empty()) {
        crs.source = srs_from(stated, "CRS");
        crs.stated = true;
    } else {
        throw InputError(context + " has no CRS; state it with ", Setting::srs, " EPSG:NNNN or '|srs=EPSG:NNNN'");
    }
    const WorkingBounds& bounds = working_bounds(options.working_crs, *crs.working);
    crs.has_bounds = bounds.has_bounds;
    crs.min_x = bounds.min_x, crs.min_y = bounds.min_y, crs.max_x = bounds.max_x, crs.max_y = bounds.max_y;
    crs.area_of_use = bounds.area_of_use;
    if (!crs.source->IsSame(crs.working.get())) {
        GdalErrorCapture capture;
        crs.transform.reset(OGRCreateCoordinateTransformation(crs.source.get(), crs.working.get()));
        if (!crs.transform)
            throw InputError(context + ": cannot transform from " + describe_crs(*crs.source) + " to " +
                             describe_crs(*crs.working) + ": " + capture.last_error());
    }
    return crs;
}

void LayerCrs::check_placed(const OGREnvelope& box, const std::string& where) const {
    if (!has_bounds) return;
    if (box.MinX >= min_x && box.MaxX <= max_x && box.MinY >= min_y && box.MaxY <= max_y) return;
    throw InputError(where + " lies far outside the area of use of " + describe_crs(*working) + " (" + area_of_use +
                     "): longitude and latitude swapped, coordinates out of range, or the wrong CRS?");
}

void LayerCrs::check_extent(const Extent& source_extent, const std::string& context) const {
    if (source_extent.empty || !source->IsProjected()) return;
    const Extent& e = source_extent;
    if (e.min_x < -180 || e.max_x > 180 || e.min_y < -90 || e.max_y > 90) return;
    const std::string crs = describe_crs(*source);
    const std::string fix = stated ? "state the CRS the coordinates are in instead, |srs=EPSG:4326 for longitude and "
                                     "latitude"
                                   : "if they are longitude and latitude, assign EPSG:4326 to the layer (ogr2ogr "
                                     "-a_srs EPSG:4326) or reproject it to " +
                                         crs + " (ogr2ogr -s_srs EPSG:4326 -t_srs " + crs + ")";
    throw InputError(context + ": extent " + e.text() + " looks like longitude/latitude, but " +
                     (stated ? crs + " was stated for the layer" : "the layer declares " + crs) +
                     ", whose coordinates are metres: read that way the whole layer is a few metres across; " + fix);
}

} // namespace fp
