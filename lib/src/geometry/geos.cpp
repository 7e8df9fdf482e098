#include "footprint/geometry/geos.hpp"

#include "footprint/core/error.hpp"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace fp {

namespace {

void store_message(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message;
}

} // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(handle_, store_message, &last_error_);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(handle_);
}

std::string GeosContext::take_error() {
    std::string message;
    message.swap(last_error_);
    return message;
}

GeomPtr own(GeosContext& ctx, GEOSGeometry* g, const char* what) {
    if (g == nullptr) {
        std::string reason = ctx.take_error();
        throw GeometryError(std::string("GEOS ") + what + " failed" + (reason.empty() ? "" : ": " + reason));
    }
    return GeomPtr(g, GeomDeleter{ctx.handle()});
}

GeomPtr hand_over(GeomPtr g, const GeosContext& owner) {
    g.get_deleter() = GeomDeleter{owner.handle()};
    return g;
}

PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g) {
    const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx, g);
    if (p == nullptr) throw GeometryError("GEOS prepare failed: " + ctx.take_error());
    return PreparedPtr(p, PreparedDeleter{ctx.handle()});
}

GeomPtr clone(GeosContext& ctx, const GEOSGeometry* g) {
    return own(ctx, GEOSGeom_clone_r(ctx, g), "clone");
}

GeomPtr empty_polygon(GeosContext& ctx) {
    return own(ctx, GEOSGeom_createEmptyPolygon_r(ctx), "empty polygon");
}

double area(GeosContext& ctx, const GEOSGeometry* g) {
    double a = 0;
    if (GEOSArea_r(ctx, g, &a) == 0) throw GeometryError("GEOS area failed: " + ctx.take_error());
    return a;
}

Envelope envelope_of(GeosContext& ctx, const GEOSGeometry* g) {
    Envelope b{0, 0, 0, 0};
    GEOSGeom_getXMin_r(ctx, g, &b.x0);
    GEOSGeom_getYMin_r(ctx, g, &b.y0);
    GEOSGeom_getXMax_r(ctx, g, &b.x1);
    GEOSGeom_getYMax_r(ctx, g, &b.y1);
    return b;
}

bool is_empty(GeosContext& ctx, const GEOSGeometry* g) {
    return GEOSisEmpty_r(ctx, g) == 1;
}

GeomPtr polygonal_part(GeosContext& ctx, GeomPtr g) {
    const int type = GEOSGeomTypeId_r(ctx, g.get());
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) return g;
    std::vector<GEOSGeometry*> polygons;
    const int n = GEOSGetNumGeometries_r(ctx, g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, g.get(), i);
        const int part_type = GEOSGeomTypeId_r(ctx, part);
        if (part_type == GEOS_POLYGON) {
            polygons.push_back(GEOSGeom_clone_r(ctx, part));
        } else if (part_type == GEOS_MULTIPOLYGON || part_type == GEOS_GEOMETRYCOLLECTION) {
            GeomPtr nested = polygonal_part(ctx, clone(ctx, part));
            const int m = GEOSGetNumGeometries_r(ctx, nested.get());
            for (int j = 0; j < m; ++j)
                polygons.push_back(GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, nested.get(), j)));
        }
    }
    if (polygons.empty()) return empty_polygon(ctx);
    return own(
        ctx,
        GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size())),
        "collect polygons");
}

GeomPtr make_valid(GeosContext& ctx, const GEOSGeometry* g, const std::string& failure) {
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx);
    GEOSMakeValidParams_setMethod_r(ctx, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(ctx, params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(ctx, g, params);
    GEOSMakeValidParams_destroy_r(ctx, params);
    if (fixed == nullptr) {
        const std::string reason = ctx.take_error();
        throw GeometryError(failure + (reason.empty() ? "" : ": " + reason));
    }
    return polygonal_part(ctx, GeomPtr(fixed, GeomDeleter{ctx.handle()}));
}

GeomPtr union_all(GeosContext& ctx, std::vector<GeomPtr> parts) {
    if (parts.empty()) return empty_polygon(ctx);
    if (parts.size() == 1) return std::move(parts.front());
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts)
        raw.push_back(p.release());
    GeomPtr collection = own(
        ctx, GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
        "collect");
    return polygonal_part(ctx, own(ctx, GEOSUnaryUnion_r(ctx, collection.get()), "union"));
}

std::vector<double> ring_xy(GeosContext& ctx, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = ring != nullptr ? GEOSGeom_getCoordSeq_r(ctx, ring) : nullptr;
    unsigned int size = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx, seq, &size) == 0 || size == 0) return {};
    std::vector<double> xy(2 * static_cast<std::size_t>(size));
    if (GEOSCoordSeq_copyToBuffer_r(ctx, seq, xy.data(), 0, 0) == 0)
        throw GeometryError("GEOS could not read ring coordinates");
    return xy;
}

std::vector<Point2> ring_points(GeosContext& ctx, const GEOSGeometry* ring) {
    const std::vector<double> xy = ring_xy(ctx, ring);
    std::vector<Point2> points(xy.size() / 2);
    for (std::size_t i = 0; i < points.size(); ++i)
        points[i] = {xy[2 * i], xy[2 * i + 1]};
    return points;
}

} // namespace fp
