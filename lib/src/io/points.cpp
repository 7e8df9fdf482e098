#include "footprint/io/points.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/geometry/geos_index.hpp"
#include "footprint/io/gdal_util.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <ogr_spatialref.h>

namespace fp {

PointLayer load_point_layer(GeosContext&, const LayerSpec& spec, const LoadOptions& options,
                            const std::string& weight_field) {
    GDALDatasetUniquePtr dataset = open_vector(spec.source);
    OGRLayer& layer = select_layer(*dataset, spec);
    GdalErrorCapture capture;
    const std::string context = "'" + spec.display() + "'";

    PointLayer result;
    result.source = spec.shown_source();
    result.layer_name = layer.GetName();
    const auto type = wkbFlatten(layer.GetGeomType());
    if (type != wkbPoint && type != wkbUnknown)
        throw InputError(context + " is not a point layer: its geometry type is " +
                         OGRGeometryTypeToName(layer.GetGeomType()));

    const LayerCrs crs = layer_crs(layer, spec, options, context);
    const std::unique_ptr<OGRCoordinateTransformation>& transform = crs.transform;

    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const ReadFields read = read_fields(defn, result.layer_name, spec, options, context);
    result.fields = read.choice;
    const auto& names = read.names;
    const int code_index = read.code_index, name_index = read.name_index;
    int weight_index = -1;
    if (!weight_field.empty()) {
        result.weight_field = find_field(names, weight_field);
        if (result.weight_field.empty()) throw UsageError(context + ": no weight field '" + weight_field + "'");
        weight_index = defn.GetFieldIndex(result.weight_field.c_str());
    }

    const std::size_t errors_before = capture.error_count();
    Extent source_extent;     // in the source CRS
    Utf8Repair utf8(context); // as for polygon layers
    for (auto& feature : layer) {
        check_feature_read(capture, errors_before, *feature, code_index, context);
        WeightedPoint point{feature->GetFID(),
                            std::string(trim(feature->GetFieldAsString(code_index))),
                            name_index >= 0 ? std::string(trim(feature->GetFieldAsString(name_index))) : "",
                            0,
                            0,
                            1.0};
        utf8.fix(point.code, point.fid, result.fields.code);
        utf8.fix(point.name, point.fid, result.fields.name);
        const std::string where = context + " feature " + std::to_string(point.fid);
        OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) throw InputError(where + " has no point");
        if (wkbFlatten(geometry->getGeometryType()) != wkbPoint)
            throw InputError(where + " has " + OGRGeometryTypeToName(geometry->getGeometryType()) +
                             " geometry, not a point");
        OGREnvelope declared;
        geometry->getEnvelope(&declared);
        source_extent.add(declared);
        if (transform && geometry->transform(transform.get()) != OGRERR_NONE)
            throw InputError(where + " cannot be transformed to " + describe_crs(*crs.working));
        point.x = geometry->toPoint()->getX();
        point.y = geometry->toPoint()->getY();
        if (!std::isfinite(point.x) || !std::isfinite(point.y))
            throw InputError(where + " has a coordinate that is not a finite number (NaN or infinity)");
        OGREnvelope placed;
        geometry->getEnvelope(&placed);
        crs.check_placed(placed, where);
        result.extent.add(placed);
        if (weight_index >= 0) {
            const char* text = feature->GetFieldAsString(weight_index);
            char* end = nullptr;
            errno = 0;
            point.weight = std::strtod(text, &end);
            if (!feature->IsFieldSetAndNotNull(weight_index) || end == text || *end != '\0' || errno == ERANGE ||
                !std::isfinite(point.weight) || point.weight < 0)
                throw InputError(where + ": weight " + result.weight_field + " " + quote_value(text) +
                                 " is not a number >= 0");
        }
        result.points.push_back(std::move(point));
    }
    if (!capture.last_error().empty()) throw InputError("reading " + context + " failed: " + capture.last_error());
    crs.check_extent(source_extent, context);
    // By content, not by the order of the features: sums of weights then
    // add the same terms in the same order, and ties break alike.
    std::stable_sort(result.points.begin(), result.points.end(), [](const WeightedPoint& a, const WeightedPoint& b) {
        return std::tie(a.code, a.x, a.y, a.name, a.weight) < std::tie(b.code, b.x, b.y, b.name, b.weight);
    });
    if (const std::string warning = utf8.warning(); !warning.empty()) {
        if (options.warn)
            options.warn(warning);
        else
            result.warnings.push_back(warning);
    }
    return result;
}

PointLocation locate_points(GeosContext& ctx, const std::vector<Unit>& units,
                            const std::vector<WeightedPoint>& points) {
    PointLocation location;
    location.unit_of_point.assign(points.size(), -1);
    const std::vector<const GEOSGeometry*> geoms = geometries_of(units);
    const GeosIndex index(ctx, geoms);
    std::vector<unsigned char> several(points.size(), 0);
    const unsigned workers = worker_count();
    std::vector<std::unique_ptr<GeosWorker>> state = make_workers(workers, geoms);
    parallel_for(points.size(), workers, 256, [&](unsigned w, std::size_t p) {
        GeosWorker& worker = *state[w];
        GeomPtr point = own(worker.ctx, GEOSGeom_createPointFromXY_r(worker.ctx, points[p].x, points[p].y), "point");
        int hits = 0;
        for (std::size_t i : index.candidates(worker.ctx, point.get())) {
            if (GEOSPreparedIntersects_r(worker.ctx, worker.prepared(i), point.get()) != 1) continue;
            if (hits++ == 0) location.unit_of_point[p] = static_cast<long>(i);
        }
        several[p] = hits > 1;
    });
    for (std::size_t p = 0; p < points.size(); ++p) {
        if (location.unit_of_point[p] < 0) location.outside.push_back(p);
        if (several[p]) location.ambiguous.push_back(p);
    }
    return location;
}

} // namespace fp
