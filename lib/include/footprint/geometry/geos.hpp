// RAII wrappers for the re-entrant GEOS C API.
#pragma once

#include <geos_c.h>
#include <memory>
#include <string>
#include <vector>

namespace fp {

// One GEOS context per thread. Errors raised by GEOS are stored and turned
// into GeometryError by check().
class GeosContext {
  public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t handle() const { return handle_; }
    operator GEOSContextHandle_t() const { return handle_; }

    // The last error message GEOS reported in this context, then cleared.
    std::string take_error();

  private:
    GEOSContextHandle_t handle_;
    std::string last_error_;
};

struct GeomDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(GEOSGeometry* g) const {
        if (g != nullptr) GEOSGeom_destroy_r(ctx, g);
    }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const {
        if (g != nullptr) GEOSPreparedGeom_destroy_r(ctx, g);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// Geometries made in a worker's context often outlive the worker: hands
// `g` over to `owner`, a context that lives long enough to destroy it.
// (A GEOS geometry is not tied to the context that made it.)
GeomPtr hand_over(GeomPtr g, const GeosContext& owner);

// Takes ownership of a GEOS result; throws GeometryError naming `what` when
// GEOS returned null.
GeomPtr own(GeosContext& ctx, GEOSGeometry* g, const char* what);
PreparedPtr prepare(GeosContext& ctx, const GEOSGeometry* g);
GeomPtr clone(GeosContext& ctx, const GEOSGeometry* g);
GeomPtr empty_polygon(GeosContext& ctx);

double area(GeosContext& ctx, const GEOSGeometry* g);

// A bounding rectangle, as its corners.
struct Envelope {
    double x0, y0, x1, y1;
    bool meets(const Envelope& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
};
Envelope envelope_of(GeosContext& ctx, const GEOSGeometry* g);

struct Point2 {
    double x, y;
};
// The coordinates of a ring (or any simple geometry with a coordinate
// sequence), copied out in one call; empty when it has none.
std::vector<Point2> ring_points(GeosContext& ctx, const GEOSGeometry* ring);
// The same as x0, y0, x1, y1, ...: the layout GEOS copies in and out.
std::vector<double> ring_xy(GeosContext& ctx, const GEOSGeometry* ring);
bool is_empty(GeosContext& ctx, const GEOSGeometry* g);

// Keeps only the polygonal parts of g (MakeValid and overlay can return
// collections with collapsed lines and points) as a MultiPolygon or Polygon.
GeomPtr polygonal_part(GeosContext& ctx, GeomPtr g);

// The valid polygonal shape of g, as GEOS's structure method repairs it;
// parts that collapse to lines or points are dropped. Throws GeometryError
// saying `failure`, and GEOS's reason, when GEOS cannot repair it.
GeomPtr make_valid(GeosContext& ctx, const GEOSGeometry* g, const std::string& failure);

// Robust union of several polygonal geometries; the inputs are consumed.
GeomPtr union_all(GeosContext& ctx, std::vector<GeomPtr> parts);

} // namespace fp
