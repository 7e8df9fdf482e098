#include "footprint/io/layer.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/geometry/geos_index.hpp"
#include "footprint/geometry/valid_screen.hpp"
#include "footprint/io/gdal_util.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
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
    GDALDatasetUniquePtr dataset = open_csv_keeping_geometry_columns(spec.source);
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

} // namespace

std::vector<const GEOSGeometry*> geometries_of(const std::vector<Unit>& units) {
    std::vector<const GEOSGeometry*> geoms;
    for (const auto& unit : units)
        geoms.push_back(unit.geom.get());
    return geoms;
}

std::vector<const GEOSGeometry*> geometries_of(const std::vector<const Unit*>& units) {
    std::vector<const GEOSGeometry*> geoms;
    for (const Unit* unit : units)
        geoms.push_back(unit->geom.get());
    return geoms;
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

ReadFields read_fields(OGRFeatureDefn& defn, const std::string& layer_name, const LayerSpec& spec,
                       const LoadOptions& options, const std::string& context) {
    ReadFields read;
    read.names = field_names(defn);
    read.choice = choose_fields(read.names, layer_name, !spec.code_field.empty() ? spec.code_field : options.code_field,
                                !spec.name_field.empty() ? spec.name_field : options.name_field, context);
    read.code_index = defn.GetFieldIndex(read.choice.code.c_str());
    read.name_index = read.choice.name.empty() ? -1 : defn.GetFieldIndex(read.choice.name.c_str());
    return read;
}

PolygonLayer load_polygon_layer(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options) {
    GDALDatasetUniquePtr dataset = open_vector(spec.source);
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
    const ReadFields read = read_fields(defn, result.layer_name, spec, options, context);
    result.fields = read.choice;
    const int code_index = read.code_index, name_index = read.name_index;

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
    std::vector<std::unique_ptr<GeosWorker>> state = make_workers(workers);
    parallel_for(raw.size(), workers, 64, [&](unsigned worker, std::size_t i) {
        GeosContext& local = state[worker]->ctx;
        Prepared& out = prepared[i];
        // Geometries outlive the worker contexts, so they are handed over to
        // the caller's context.
        if (raw[i].wkb.empty()) {
            out.geom = hand_over(empty_polygon(local), ctx);
            return;
        }
        GEOSGeometry* g = GEOSGeomFromWKB_buf_r(local, raw[i].wkb.data(), raw[i].wkb.size());
        if (g == nullptr)
            throw GeometryError(context + ": feature " + std::to_string(raw[i].fid) +
                                " has unreadable geometry: " + local.take_error());
        GeomPtr geom(g, GeomDeleter{local.handle()});
        if (GEOSGeomTypeId_r(local, geom.get()) == GEOS_GEOMETRYCOLLECTION) {
            // Its polygons may overlap, which no validity check flags in a
            // collection: their union is the unit's shape.
            geom = polygonal_part(local, own(local, GEOSUnaryUnion_r(local, geom.get()), "union"));
        }
        if (!surely_valid(local, geom.get()) && GEOSisValid_r(local, geom.get()) != 1) {
            if (options.strict) {
                char* reason = GEOSisValidReason_r(local, geom.get());
                out.invalid_reason = reason ? reason : "invalid";
                GEOSFree_r(local, reason);
            } else {
                geom = make_valid(local, geom.get(),
                                  context + ": feature " + std::to_string(raw[i].fid) + " could not be repaired");
                out.repaired = true;
            }
        }
        out.geom = hand_over(std::move(geom), ctx);
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
