#include "footprint/io/layer.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/geometry/valid_screen.hpp"
#include "footprint/io/gdal_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <ogr_spatialref.h>
#include <thread>

namespace fp {

namespace {

bool is_polygonal(const OGRGeometry& g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
        return true;
    case wkbGeometryCollection: {
        const auto& collection = *g.toGeometryCollection();
        for (const auto* part : collection)
            if (!is_polygonal(*part)) return false;
        return true;
    }
    default:
        return false;
    }
}

// "Point geometry", or for a collection "a Line String in its Geometry
// Collection": collections of polygons are accepted, so name the part that
// is not one.
std::string non_polygonal_part(const OGRGeometry& g) {
    const std::string type = OGRGeometryTypeToName(g.getGeometryType());
    if (wkbFlatten(g.getGeometryType()) == wkbGeometryCollection)
        for (const auto* part : *g.toGeometryCollection())
            if (!is_polygonal(*part))
                return "a " + std::string(OGRGeometryTypeToName(part->getGeometryType())) + " in its " + type;
    return type + " geometry";
}

std::string fid_list(const std::vector<std::int64_t>& fids) {
    constexpr std::size_t shown = 10;
    std::string text;
    for (std::size_t i = 0; i < fids.size() && i < shown; ++i)
        text += (i ? ", " : "") + std::to_string(fids[i]);
    if (fids.size() > shown) text += " and " + std::to_string(fids.size() - shown) + " more";
    return text;
}

struct RawFeature {
    std::int64_t fid;
    std::string code;
    std::string name;
    std::vector<unsigned char> wkb; // empty: null or empty geometry
};

struct Prepared {
    GeomPtr geom;
    bool repaired = false;
    std::string invalid_reason;
};

// Whether every coordinate of a linear geometry is a finite number; NaN
// slips through comparisons with any bounds, and GEOS "repairs" it away.
bool finite_coordinates(const OGRGeometry& g) {
    if (const auto* curve = dynamic_cast<const OGRSimpleCurve*>(&g)) {
        for (int i = 0; i < curve->getNumPoints(); ++i)
            if (!std::isfinite(curve->getX(i)) || !std::isfinite(curve->getY(i))) return false;
    } else if (const auto* polygon = dynamic_cast<const OGRCurvePolygon*>(&g)) {
        for (const auto* ring : *polygon)
            if (!finite_coordinates(*ring)) return false;
    } else if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* part : *collection)
            if (!finite_coordinates(*part)) return false;
    }
    return true;
}

std::string shortened(std::string text) {
    constexpr std::size_t longest = 60;
    return text.size() > longest ? text.substr(0, longest) + "..." : text;
}

// GDAL's CSV driver turns WKT it cannot parse into no geometry without a
// word, so a typo would make a unit silently empty. For the features of a
// CSV layer that came without geometry, read the geometry column's text
// again; throws InputError for the first that holds something.
void check_csv_wkt(const LayerSpec& spec, const std::string& layer_name, const std::vector<std::int64_t>& fids,
                   const std::string& context) {
    if (fids.empty()) return;
    DatasetPtr dataset = open_csv_keeping_geometry_columns(spec.source);
    OGRLayer* layer = dataset ? dataset->GetLayerByName(layer_name.c_str()) : nullptr;
    if (layer == nullptr) return;
    OGRFeatureDefn& defn = *layer->GetLayerDefn();
    int column = -1;
    for (int i = 0; i < defn.GetFieldCount() && column < 0; ++i)
        for (const char* name : {"wkt", "geometry", "geom", "the_geom"})
            if (EQUAL(defn.GetFieldDefn(i)->GetNameRef(), name)) column = i;
    if (column < 0) return;
    std::size_t next = 0; // fids come in file order
    for (auto& feature : *layer) {
        while (next < fids.size() && fids[next] < feature->GetFID())
            ++next;
        if (next == fids.size()) break;
        if (fids[next] != feature->GetFID()) continue;
        const std::string text(trim(feature->GetFieldAsString(column)));
        if (!text.empty())
            throw InputError(context + ": feature " + std::to_string(fids[next]) +
                             " has geometry that is not valid WKT: '" + shortened(text) + "'");
    }
}

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

void PolygonLayer::set_extent(GeosContext& ctx) {
    extent = Extent();
    for (const auto& unit : units) {
        if (!unit.geom || GEOSisEmpty_r(ctx, unit.geom.get()) != 0) continue;
        OGREnvelope box;
        if (GEOSGeom_getXMin_r(ctx, unit.geom.get(), &box.MinX) == 1 &&
            GEOSGeom_getYMin_r(ctx, unit.geom.get(), &box.MinY) == 1 &&
            GEOSGeom_getXMax_r(ctx, unit.geom.get(), &box.MaxX) == 1 &&
            GEOSGeom_getYMax_r(ctx, unit.geom.get(), &box.MaxY) == 1)
            extent.add(box);
    }
}

double PolygonLayer::total_area_m2() const {
    double total = 0;
    for (const auto& unit : units)
        total += unit.area_m2;
    return total;
}

PolygonLayer load_polygon_layer(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options) {
    DatasetPtr dataset = open_vector(spec.source);
    OGRLayer& layer = select_layer(*dataset, spec);
    GdalErrorCapture capture;
    const std::string context = "'" + spec.display() + "'";

    PolygonLayer result;
    result.source = spec.shown_source();
    result.layer_name = layer.GetName();
    result.driver = dataset->GetDriver() ? dataset->GetDriver()->GetDescription() : "unknown";

    switch (wkbFlatten(layer.GetGeomType())) {
    case wkbNone:
        throw InputError(context + " has no geometry; it is a table, not a polygon layer");
    case wkbUnknown:
    case wkbGeometryCollection:
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
        break; // checked feature by feature
    default:
        throw InputError(context + " is not a polygon layer: its geometry type is " +
                         OGRGeometryTypeToName(layer.GetGeomType()));
    }

    LayerCrs crs = layer_crs(layer, spec, options, context);
    result.source_crs = describe_crs(*crs.source);
    result.working_crs = describe_crs(*crs.working);
    result.report.warnings = crs.warnings;
    const std::unique_ptr<OGRSpatialReference>& source_srs = crs.source;
    const std::unique_ptr<OGRCoordinateTransformation>& transform = crs.transform;

    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const auto names = field_names(defn);
    result.fields =
        choose_fields(names, result.layer_name, !spec.code_field.empty() ? spec.code_field : options.code_field,
                      !spec.name_field.empty() ? spec.name_field : options.name_field, context);
    const int code_index = defn.GetFieldIndex(result.fields.code.c_str());
    const int name_index = result.fields.name.empty() ? -1 : defn.GetFieldIndex(result.fields.name.c_str());

    const std::size_t expected = layer.TestCapability(OLCFastFeatureCount)
                                     ? static_cast<std::size_t>(std::max<GIntBig>(0, layer.GetFeatureCount()))
                                     : 0;
    // Codes and names reach every writer: make them valid UTF-8 here, once
    // (a Latin-1 file would otherwise make the SVG and XML ill-formed).
    Utf8Repair utf8(context);
    std::vector<RawFeature> raw;
    // A file's own feature count (a GeoPackage's gpkg_ogr_contents, a
    // FlatGeobuf header) may be corrupt: trust it for progress, not for
    // memory; the vector grows past this as features are read.
    raw.reserve(std::min<std::size_t>(expected, std::size_t{1} << 16));
    std::vector<std::int64_t> empty_code_fids;
    std::vector<std::int64_t> no_geometry_fids; // of a CSV layer
    const bool csv = result.driver == "CSV";
    Extent source_extent; // in the source CRS
    layer.ResetReading();
    const std::size_t errors_before = capture.error_count();
    for (auto& feature : layer) {
        check_feature_read(capture, errors_before, *feature, code_index, context);
        RawFeature item;
        item.fid = feature->GetFID();
        item.code = feature->IsFieldSetAndNotNull(code_index) ? std::string(trim(feature->GetFieldAsString(code_index)))
                                                              : std::string();
        if (item.code.empty()) empty_code_fids.push_back(item.fid);
        if (name_index >= 0) item.name = std::string(trim(feature->GetFieldAsString(name_index)));
        utf8.fix(item.code, item.fid, result.fields.code);
        utf8.fix(item.name, item.fid, result.fields.name);
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr && csv) no_geometry_fids.push_back(item.fid);
        if (geometry != nullptr && !geometry->IsEmpty()) {
            if (!is_polygonal(*geometry))
                throw InputError(context + " is not a polygon layer: feature " + std::to_string(item.fid) + " has " +
                                 non_polygonal_part(*geometry));
            if (geometry->hasCurveGeometry()) feature->SetGeometryDirectly(geometry->getLinearGeometry());
            geometry = feature->GetGeometryRef();
            geometry->flattenTo2D();
            if (!finite_coordinates(*geometry))
                throw InputError(context + ": feature " + std::to_string(item.fid) +
                                 " has a coordinate that is not a finite number (NaN or infinity)");
            if (source_srs->IsGeographic()) {
                // PROJ wraps longitudes round the world; a longitude of 500
                // is a data error, not a place.
                OGREnvelope box;
                geometry->getEnvelope(&box);
                if (box.MinX < -180 || box.MaxX > 180 || box.MinY < -90 || box.MaxY > 90)
                    throw InputError(context + ": feature " + std::to_string(item.fid) +
                                     " has coordinates outside longitude -180..180, latitude -90..90 of " +
                                     result.source_crs + " and cannot be transformed to " + result.working_crs +
                                     " (swapped axes, or projected coordinates in a geographic CRS?)");
            }
            OGREnvelope declared;
            geometry->getEnvelope(&declared);
            source_extent.add(declared);
            if (transform && geometry->transform(transform.get()) != OGRERR_NONE)
                throw InputError(context + ": feature " + std::to_string(item.fid) + " cannot be transformed from " +
                                 result.source_crs + " to " + result.working_crs + " (coordinates out of range?)");
            OGREnvelope placed;
            geometry->getEnvelope(&placed);
            crs.check_placed(placed, context + ": feature " + std::to_string(item.fid));
            result.extent.add(placed);
            item.wkb.resize(static_cast<std::size_t>(geometry->WkbSize()));
            geometry->exportToWkb(wkbNDR, item.wkb.data(), wkbVariantIso);
        }
        raw.push_back(std::move(item));
        if (options.progress && raw.size() % 1024 == 0) options.progress(raw.size(), expected);
    }
    if (!capture.last_error().empty()) throw InputError("reading " + context + " failed: " + capture.last_error());
    check_csv_wkt(spec, result.layer_name, no_geometry_fids, context);
    if (options.progress) options.progress(raw.size(), raw.size());
    result.report.features = raw.size();
    for (const auto& warning : capture.warnings())
        result.report.warnings.push_back(warning);
    if (const std::string warning = utf8.warning(); !warning.empty()) {
        if (options.warn)
            options.warn(warning);
        else
            result.report.warnings.push_back(warning);
    }
    if (!empty_code_fids.empty())
        throw InputError(context + ": " + std::to_string(empty_code_fids.size()) +
                         " feature(s) have an empty code in field " + result.fields.code + " (fid " +
                         fid_list(empty_code_fids) + ")");
    // After the errors in single features, which say more precisely what is wrong.
    crs.check_extent(source_extent, context);

    // Parsing, validating and repairing dominate the load time: spread them
    // over the cores, one GEOS context per worker.
    std::vector<Prepared> prepared(raw.size());
    const unsigned workers = worker_count();
    std::vector<std::unique_ptr<GeosContext>> contexts;
    for (unsigned w = 0; w < workers; ++w)
        contexts.push_back(std::make_unique<GeosContext>());
    parallel_for(raw.size(), workers, 64, [&](unsigned worker, std::size_t i) {
        GeosContext& local = *contexts[worker];
        Prepared& out = prepared[i];
        // Geometries outlive the worker contexts, so they are owned through
        // the caller's context.
        const GeomDeleter deleter{ctx.handle()};
        if (raw[i].wkb.empty()) {
            out.geom = GeomPtr(GEOSGeom_createEmptyPolygon_r(local), deleter);
            return;
        }
        GEOSGeometry* g = GEOSGeomFromWKB_buf_r(local, raw[i].wkb.data(), raw[i].wkb.size());
        if (g == nullptr)
            throw GeometryError(context + ": feature " + std::to_string(raw[i].fid) +
                                " has unreadable geometry: " + local.take_error());
        GeomPtr geom(g, deleter);
        if (GEOSGeomTypeId_r(local, geom.get()) == GEOS_GEOMETRYCOLLECTION) {
            // Its polygons may overlap, which no validity check flags in a
            // collection: their union is the unit's shape.
            geom = polygonal_part(local, own(local, GEOSUnaryUnion_r(local, geom.get()), "union"));
            geom.get_deleter() = deleter;
        }
        if (!surely_valid(local, geom.get()) && GEOSisValid_r(local, geom.get()) != 1) {
            if (options.strict) {
                char* reason = GEOSisValidReason_r(local, geom.get());
                out.invalid_reason = reason ? reason : "invalid";
                GEOSFree_r(local, reason);
            } else {
                GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(local);
                GEOSMakeValidParams_setMethod_r(local, params, GEOS_MAKE_VALID_STRUCTURE);
                GEOSMakeValidParams_setKeepCollapsed_r(local, params, 0);
                GEOSGeometry* fixed = GEOSMakeValidWithParams_r(local, geom.get(), params);
                GEOSMakeValidParams_destroy_r(local, params);
                if (fixed == nullptr)
                    throw GeometryError(context + ": feature " + std::to_string(raw[i].fid) +
                                        " could not be repaired: " + local.take_error());
                geom = polygonal_part(local, GeomPtr(fixed, deleter));
                geom.get_deleter() = deleter;
                out.repaired = true;
            }
        }
        out.geom = std::move(geom);
    });

    std::vector<std::int64_t> invalid_fids;
    std::string first_reason;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (!prepared[i].invalid_reason.empty()) {
            if (first_reason.empty()) first_reason = prepared[i].invalid_reason;
            invalid_fids.push_back(raw[i].fid);
        }
        if (prepared[i].repaired) result.report.repaired.push_back({raw[i].fid, raw[i].code});
        if (raw[i].wkb.empty()) result.report.empty.push_back({raw[i].fid, raw[i].code});
    }
    if (!invalid_fids.empty())
        throw InputError(context + ": " + std::to_string(invalid_fids.size()) + " invalid geometries and ",
                         Setting::strict,
                         " refuses to repair them (fid " + fid_list(invalid_fids) + "; first: " + first_reason + ")");

    std::map<std::string, std::vector<std::size_t>> by_code;
    for (std::size_t i = 0; i < raw.size(); ++i)
        by_code[raw[i].code].push_back(i);
    result.units.reserve(by_code.size());
    for (auto& [code, indices] : by_code) {
        // Features sharing a code, by content: their name (the first in
        // order) and the union of their parts do not depend on feature order.
        std::stable_sort(indices.begin(), indices.end(), [&](std::size_t x, std::size_t y) {
            return std::tie(raw[x].name, raw[x].wkb) < std::tie(raw[y].name, raw[y].wkb);
        });
        Unit unit;
        unit.code = code;
        unit.name = raw[indices.front()].name;
        if (indices.size() == 1) {
            unit.geom = std::move(prepared[indices.front()].geom);
        } else {
            MergedCode merged{code, {}};
            std::vector<GeomPtr> parts;
            for (std::size_t i : indices) {
                merged.fids.push_back(raw[i].fid);
                if (!is_empty(ctx, prepared[i].geom.get())) parts.push_back(std::move(prepared[i].geom));
            }
            std::sort(merged.fids.begin(), merged.fids.end());
            result.report.merged.push_back(std::move(merged));
            unit.geom = union_all(ctx, std::move(parts));
        }
        unit.area_m2 = area(ctx, unit.geom.get());
        result.units.push_back(std::move(unit));
    }
    return result;
}

} // namespace fp
