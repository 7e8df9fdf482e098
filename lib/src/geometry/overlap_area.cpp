#include "footprint/geometry/overlap_area.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fp {

namespace {

double signed_area(const std::vector<Point2>& ring) {
    double twice = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const Point2& p = ring[i];
        const Point2& q = ring[(i + 1) % n];
        twice += p.x * q.y - q.x * p.y;
    }
    return twice / 2;
}

void add_polygon(GeosContext& ctx, const GEOSGeometry* polygon, Rings& rings) {
    const auto add = [&](const GEOSGeometry* ring, bool exterior) {
        std::vector<Point2> points = ring_points(ctx, ring);
        if (points.size() < 4) return;
        const double area = signed_area(points);
        if (exterior ? area < 0 : area > 0) std::reverse(points.begin(), points.end());
        rings.push_back(std::move(points));
    };
    add(GEOSGetExteriorRing_r(ctx, polygon), true);
    const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
    for (int h = 0; h < holes; ++h)
        add(GEOSGetInteriorRingN_r(ctx, polygon, h), false);
}

// Sutherland-Hodgman clipping of a ring to one side of an axis-parallel
// line. The result may run along the line and back; its winding number, and
// so the area sums here, are still those of the clipped polygon.
template <typename Inside, typename Cross>
void clip_ring(const std::vector<Point2>& in, std::vector<Point2>& out, Inside inside, Cross cross) {
    out.clear();
    if (in.empty()) return;
    Point2 previous = in.back();
    bool previous_in = inside(previous);
    for (const Point2& current : in) {
        const bool current_in = inside(current);
        if (current_in != previous_in) out.push_back(cross(previous, current));
        if (current_in) out.push_back(current);
        previous = current;
        previous_in = current_in;
    }
}

Point2 at_x(const Point2& a, const Point2& b, double x) {
    return {x, a.y + (b.y - a.y) * ((x - a.x) / (b.x - a.x))};
}
Point2 at_y(const Point2& a, const Point2& b, double y) {
    return {a.x + (b.x - a.x) * ((y - a.y) / (b.y - a.y)), y};
}

} // namespace

Rings oriented_rings(GeosContext& ctx, const GEOSGeometry* polygonal) {
    Rings rings;
    if (polygonal == nullptr || is_empty(ctx, polygonal)) return rings;
    if (GEOSGeomTypeId_r(ctx, polygonal) == GEOS_POLYGON) {
        add_polygon(ctx, polygonal, rings);
    } else {
        const int parts = GEOSGetNumGeometries_r(ctx, polygonal);
        for (int i = 0; i < parts; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, polygonal, i);
            if (GEOSGeomTypeId_r(ctx, part) == GEOS_POLYGON && !is_empty(ctx, part)) add_polygon(ctx, part, rings);
        }
    }
    return rings;
}

void OverlapArea::add_ring_edges(const std::vector<Point2>& ring, std::vector<Edge>& edges) {
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const Point2& p = ring[i];
        const Point2& q = ring[(i + 1) % n];
        // A vertical edge bounds no strip.
        if (p.x < q.x)
            edges.push_back({p.x, q.x, p.y, q.y, -1});
        else if (q.x < p.x)
            edges.push_back({q.x, p.x, q.y, p.y, +1});
    }
}

OverlapArea::OverlapArea(const Rings& rings) {
    bool first = true;
    for (const auto& ring : rings)
        for (const Point2& p : ring) {
            if (first) x0_ = x1_ = p.x, y0_ = y1_ = p.y, first = false;
            x0_ = std::min(x0_, p.x), x1_ = std::max(x1_, p.x);
            y0_ = std::min(y0_, p.y), y1_ = std::max(y1_, p.y);
        }
    // Coordinates near the origin keep the products in the sums small, and
    // so their rounding errors.
    std::vector<Point2> local;
    for (const auto& ring : rings) {
        local.clear();
        for (const Point2& p : ring)
            local.push_back({p.x - x0_, p.y - y0_});
        add_ring_edges(local, edges_);
    }
    std::sort(edges_.begin(), edges_.end(), [](const Edge& a, const Edge& b) { return a.x0 < b.x0; });
}

double OverlapArea::with(const Rings& other) const {
    if (edges_.empty()) return 0;
    // Only the part of `other` inside this polygon's bounding box matters.
    const double width = x1_ - x0_, height = y1_ - y0_;
    std::vector<Edge> theirs;
    std::vector<Point2> ring, clipped;
    for (const auto& original : other) {
        double rx0 = std::numeric_limits<double>::infinity(), ry0 = rx0, rx1 = -rx0, ry1 = -rx0;
        ring.clear();
        for (const Point2& p : original) {
            const Point2 q{p.x - x0_, p.y - y0_};
            rx0 = std::min(rx0, q.x), rx1 = std::max(rx1, q.x);
            ry0 = std::min(ry0, q.y), ry1 = std::max(ry1, q.y);
            ring.push_back(q);
        }
        if (rx1 <= 0 || ry1 <= 0 || rx0 >= width || ry0 >= height) continue;
        if (rx0 < 0) {
            clip_ring(
                ring, clipped, [](const Point2& p) { return p.x >= 0; },
                [](const Point2& a, const Point2& b) { return at_x(a, b, 0); });
            ring.swap(clipped);
        }
        if (rx1 > width) {
            clip_ring(
                ring, clipped, [&](const Point2& p) { return p.x <= width; },
                [&](const Point2& a, const Point2& b) { return at_x(a, b, width); });
            ring.swap(clipped);
        }
        if (ry0 < 0) {
            clip_ring(
                ring, clipped, [](const Point2& p) { return p.y >= 0; },
                [](const Point2& a, const Point2& b) { return at_y(a, b, 0); });
            ring.swap(clipped);
        }
        if (ry1 > height) {
            clip_ring(
                ring, clipped, [&](const Point2& p) { return p.y <= height; },
                [&](const Point2& a, const Point2& b) { return at_y(a, b, height); });
            ring.swap(clipped);
        }
        add_ring_edges(ring, theirs);
    }
    if (theirs.empty()) return 0;
    std::sort(theirs.begin(), theirs.end(), [](const Edge& a, const Edge& b) { return a.x0 < b.x0; });

    // The signed area between the baseline y = 0 and the lower of two
    // edges, where both have an x.
    const auto under_lower = [](const Edge& e, const Edge& f) {
        const double l = std::max(e.x0, f.x0), r = std::min(e.x1, f.x1);
        if (!(r > l)) return 0.0;
        const auto y_at = [](const Edge& g, double x) {
            if (x <= g.x0) return g.y0;
            if (x >= g.x1) return g.y1;
            return g.y0 + (g.y1 - g.y0) * ((x - g.x0) / (g.x1 - g.x0));
        };
        const double el = y_at(e, l), er = y_at(e, r), fl = y_at(f, l), fr = y_at(f, r);
        const double dl = el - fl, dr = er - fr;
        if (dl <= 0 && dr <= 0) return (r - l) * (el + er) / 2;
        if (dl >= 0 && dr >= 0) return (r - l) * (fl + fr) / 2;
        const double t = dl / (dl - dr);
        const double xm = l + t * (r - l), ym = el + t * (er - el);
        return (xm - l) * (std::min(el, fl) + ym) / 2 + (r - xm) * (ym + std::min(er, fr)) / 2;
    };

    // Sweep left to right: each edge meets the other polygon's edges whose
    // x ranges are still open when it starts, so every overlapping pair is
    // met once.
    double total = 0, magnitude = 0;
    std::vector<const Edge*> open_mine, open_theirs;
    const auto meet = [&](const Edge& e, std::vector<const Edge*>& open_other) {
        std::size_t kept = 0;
        for (const Edge* f : open_other) {
            if (f->x1 <= e.x0) continue; // closed before e starts
            open_other[kept++] = f;
            const double under = under_lower(e, *f);
            total += e.sign * f->sign * under;
            magnitude += under;
        }
        open_other.resize(kept);
    };
    std::size_t i = 0, j = 0;
    while (i < edges_.size() || j < theirs.size()) {
        if (j == theirs.size() || (i < edges_.size() && edges_[i].x0 <= theirs[j].x0)) {
            meet(edges_[i], open_theirs);
            open_mine.push_back(&edges_[i++]);
        } else {
            meet(theirs[j], open_mine);
            open_theirs.push_back(&theirs[j++]);
        }
    }
    // Terms of opposite sign cancel to the area; what is left within their
    // rounding error is a touch, not an overlap.
    const double noise = 16 * std::numeric_limits<double>::epsilon() * magnitude;
    return total > noise ? total : 0;
}

} // namespace fp
