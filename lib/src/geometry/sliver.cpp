#include "footprint/geometry/sliver.hpp"

#include "footprint/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace fp {

double inscribed_width(GeosContext& ctx, const GEOSGeometry* piece, double resolution_m) {
    if (is_empty(ctx, piece)) return 0;
    const double tolerance = std::max(resolution_m / 10.0, 1e-3);
    double widest = 0;
    // The largest disc of a multipolygon lies in one of its parts; GEOS
    // wants one polygon at a time for a sharp answer.
    const int parts = GEOSGetNumGeometries_r(ctx, piece);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, piece, i);
        GeomPtr radius_line = own(ctx, GEOSMaximumInscribedCircle_r(ctx, part, tolerance), "inscribed circle");
        double radius = 0;
        if (GEOSLength_r(ctx, radius_line.get(), &radius) == 0)
            throw GeometryError("GEOS length failed: " + ctx.take_error());
        widest = std::max(widest, 2 * radius);
    }
    return widest;
}

bool surely_holds_disc(GeosContext& ctx, const GEOSGeometry* piece, double width_m) {
    if (is_empty(ctx, piece)) return false;
    GeomPtr inside = own(ctx, GEOSPointOnSurface_r(ctx, piece), "point on surface");
    GeomPtr boundary = own(ctx, GEOSBoundary_r(ctx, piece), "boundary");
    double distance = 0;
    if (GEOSDistance_r(ctx, inside.get(), boundary.get(), &distance) == 0)
        throw GeometryError("GEOS distance failed: " + ctx.take_error());
    return 2 * distance >= width_m;
}

GeomPtr disc_cover_inside(GeosContext& ctx, const GEOSGeometry* geom, double width_m) {
    if (is_empty(ctx, geom)) return GeomPtr(nullptr, GeomDeleter{ctx.handle()});
    GeomPtr centre = own(ctx, GEOSPointOnSurface_r(ctx, geom), "point on surface");
    double x = 0, y = 0;
    if (GEOSGeomGetX_r(ctx, centre.get(), &x) == 0 || GEOSGeomGetY_r(ctx, centre.get(), &y) == 0)
        throw GeometryError("GEOS point coordinates failed: " + ctx.take_error());
    constexpr double pi = 3.14159265358979323846;
    // The octagon's edges touch the disc: its corners lie 1/cos(22.5 deg)
    // of the radius out.
    const double corner = width_m / 2 / std::cos(pi / 8);
    // The centre lies inside geom; so does the octagon when no boundary is
    // nearer than its corners.
    GeomPtr boundary = own(ctx, GEOSBoundary_r(ctx, geom), "boundary");
    double distance = 0;
    if (GEOSDistance_r(ctx, centre.get(), boundary.get(), &distance) == 0)
        throw GeometryError("GEOS distance failed: " + ctx.take_error());
    if (distance < corner) return GeomPtr(nullptr, GeomDeleter{ctx.handle()});
    GEOSCoordSequence* ring = GEOSCoordSeq_create_r(ctx, 9, 2);
    if (ring == nullptr) throw GeometryError("GEOS coordinate sequence failed: " + ctx.take_error());
    for (unsigned i = 0; i <= 8; ++i) {
        const double angle = pi / 8 + pi / 4 * (i % 8);
        GEOSCoordSeq_setXY_r(ctx, ring, i, x + corner * std::cos(angle), y + corner * std::sin(angle));
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(ctx, ring);
    if (shell == nullptr) throw GeometryError("GEOS ring failed: " + ctx.take_error());
    return own(ctx, GEOSGeom_createPolygon_r(ctx, shell, nullptr, 0), "polygon");
}

double disc_area_m2(const SliverTolerance& tolerance) {
    constexpr double pi = 3.14159265358979323846;
    return pi * tolerance.width_m * tolerance.width_m / 4;
}

bool is_sliver(GeosContext& ctx, const GEOSGeometry* piece, const SliverTolerance& tolerance) {
    if (area(ctx, piece) < disc_area_m2(tolerance)) return true;
    return inscribed_width(ctx, piece, tolerance.width_m) < tolerance.width_m;
}

bool is_sliver_piece(const PieceSize& piece, const SliverTolerance& tolerance, double share_tolerance) {
    if (piece.whole) return false;
    if (piece.area_m2 == 0) return true; // only a border point's people
    double largest = std::max(piece.share_of_a, piece.share_of_b);
    if (!std::isnan(piece.weight_share_of_a))
        largest = std::max({largest, piece.weight_share_of_a, piece.weight_share_of_b});
    if (largest < share_tolerance) return true;
    if (!piece.has_geometry) return false;
    // No width measured: the piece is smaller than the disc.
    return std::isnan(piece.width_m) || piece.width_m < tolerance.width_m;
}

} // namespace fp
