#include "footprint/geometry/valid_screen.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace fp {

namespace {

// The sign of the turn a -> b -> c, or 0 when rounding could have decided
// it. The bound is Shewchuk's ccwerrboundA for exactly this evaluation.
int certain_orientation(const Point2& a, const Point2& b, const Point2& c) {
    const double left = (a.x - c.x) * (b.y - c.y);
    const double right = (a.y - c.y) * (b.x - c.x);
    const double det = left - right;
    constexpr double epsilon = 1.1102230246251565e-16; // 2^-53
    const double bound = (3 + 16 * epsilon) * epsilon * (std::abs(left) + std::abs(right));
    if (det > bound) return 1;
    if (det < -bound) return -1;
    return 0;
}

enum class Meeting { apart, meet, unsure };

// Two edges that share no vertex.
Meeting edges_meet(const Point2& p1, const Point2& p2, const Point2& q1, const Point2& q2) {
    const int o1 = certain_orientation(p1, p2, q1), o2 = certain_orientation(p1, p2, q2);
    const int o3 = certain_orientation(q1, q2, p1), o4 = certain_orientation(q1, q2, p2);
    if (o1 == 0 || o2 == 0 || o3 == 0 || o4 == 0) return Meeting::unsure;
    return o1 != o2 && o3 != o4 ? Meeting::meet : Meeting::apart;
}

// Neighbouring edges a -> b -> c meet only at b unless c turns back along
// a -> b: a clear turn, or a clear step forwards, rules that out.
Meeting neighbours_meet(const Point2& a, const Point2& b, const Point2& c) {
    if (certain_orientation(a, b, c) != 0) return Meeting::apart;
    const double ux = a.x - b.x, uy = a.y - b.y, vx = c.x - b.x, vy = c.y - b.y;
    const double dot = ux * vx + uy * vy;
    const double scale = std::abs(ux * vx) + std::abs(uy * vy);
    return dot < -1e-12 * scale ? Meeting::apart : Meeting::unsure;
}

bool ring_surely_simple(std::vector<Point2>& ring) {
    // Repeated points are valid and bound nothing.
    ring.erase(std::unique(ring.begin(), ring.end(),
                           [](const Point2& a, const Point2& b) { return a.x == b.x && a.y == b.y; }),
               ring.end());
    if (ring.size() < 4 || ring.front().x != ring.back().x || ring.front().y != ring.back().y) return false;
    const std::size_t n = ring.size() - 1; // edges; edge i runs ring[i] -> ring[i + 1]
    for (std::size_t i = 0; i < n; ++i)
        if (neighbours_meet(ring[i], ring[i + 1], ring[(i + 2) % n]) != Meeting::apart) return false;
    if (n == 3) return true; // a triangle's edges are all neighbours

    struct Span {
        double x0, x1, y0, y1;
        std::size_t edge;
    };
    std::vector<Span> spans(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Point2 &a = ring[i], &b = ring[i + 1];
        spans[i] = {std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y), i};
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.x0 < b.x0; });
    std::vector<const Span*> open;
    for (const Span& s : spans) {
        std::size_t kept = 0;
        for (const Span* t : open) {
            if (t->x1 < s.x0) continue; // ends before s starts, and before every later edge
            open[kept++] = t;
            if (t->y1 < s.y0 || s.y1 < t->y0) continue;
            const std::size_t i = s.edge, j = t->edge;
            if ((i + 1) % n == j || (j + 1) % n == i) continue; // neighbours: checked above
            if (edges_meet(ring[i], ring[i + 1], ring[j], ring[j + 1]) != Meeting::apart) return false;
        }
        open.resize(kept);
        open.push_back(&s);
    }
    return true;
}

} // namespace

bool surely_valid(GeosContext& ctx, const GEOSGeometry* geom) {
    // Layers often declare MultiPolygon and hold one polygon in each.
    if (GEOSGeomTypeId_r(ctx, geom) == GEOS_MULTIPOLYGON && GEOSGetNumGeometries_r(ctx, geom) == 1)
        geom = GEOSGetGeometryN_r(ctx, geom, 0);
    if (GEOSGeomTypeId_r(ctx, geom) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(ctx, geom) != 0) return false;
    std::vector<Point2> ring = ring_points(ctx, GEOSGetExteriorRing_r(ctx, geom));
    if (ring.size() < 4) return false;
    for (const Point2& p : ring)
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
    return ring_surely_simple(ring);
}

} // namespace fp
