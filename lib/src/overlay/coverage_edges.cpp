#include "footprint/overlay/coverage_edges.hpp"

#include <cmath>

namespace fp {

namespace {

// Twice the signed area of (a, b, c): positive when c lies left of a->b.
double orientation(double ax, double ay, double bx, double by, double cx, double cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

double point_segment_distance2(double px, double py, double ax, double ay, double bx, double by) {
    const double dx = bx - ax, dy = by - ay;
    const double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
}

bool opposite(double a, double b) {
    return (a > 0 && b < 0) || (a < 0 && b > 0);
}

double segment_distance(const UnitSegment& s, double ax, double ay, double bx, double by) {
    const double d1 = orientation(s.x1, s.y1, s.x2, s.y2, ax, ay);
    const double d2 = orientation(s.x1, s.y1, s.x2, s.y2, bx, by);
    const double d3 = orientation(ax, ay, bx, by, s.x1, s.y1);
    const double d4 = orientation(ax, ay, bx, by, s.x2, s.y2);
    if (opposite(d1, d2) && opposite(d3, d4)) return 0;
    return std::sqrt(std::min({point_segment_distance2(ax, ay, s.x1, s.y1, s.x2, s.y2),
                               point_segment_distance2(bx, by, s.x1, s.y1, s.x2, s.y2),
                               point_segment_distance2(s.x1, s.y1, ax, ay, bx, by),
                               point_segment_distance2(s.x2, s.y2, ax, ay, bx, by)}));
}

bool point_in_ring(const std::vector<double>& xy, double x, double y) {
    bool inside = false;
    const std::size_t n = xy.size() / 2;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
}

// Calls visit(ax, ay, bx, by) for every edge of the face whose box overlaps `box`.
template <typename Visit> void for_each_edge(const FaceRings& face, const Box& box, Visit visit) {
    auto ring_edges = [&](const std::vector<double>& xy) {
        for (std::size_t i = 0; i + 3 < xy.size(); i += 2) {
            const double ax = xy[i], ay = xy[i + 1], bx = xy[i + 2], by = xy[i + 3];
            const Box edge{std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
            if (edge.overlaps(box)) visit(ax, ay, bx, by);
        }
    };
    ring_edges(face.shell);
    for (const auto& hole : face.holes)
        ring_edges(hole);
}

bool point_near_boundary(const FaceRings& face, double x, double y, double tolerance) {
    bool near = false;
    for_each_edge(face, Box{x, y, x, y}.grown(tolerance), [&](double ax, double ay, double bx, double by) {
        near = near || point_segment_distance2(x, y, ax, ay, bx, by) <= tolerance * tolerance;
    });
    return near;
}

} // namespace

Box UnitSegment::box() const {
    return {std::min(x1, x2), std::min(y1, y2), std::max(x1, x2), std::max(y1, y2)};
}

SegmentTree::SegmentTree(std::vector<UnitSegment> segments) : segments_(std::move(segments)) {
    if (segments_.empty()) return;
    // Sort-tile-recursive packing: vertical slices by x, each sorted by y,
    // so that consecutive segments are near each other.
    auto centre_x = [](const UnitSegment& s) { return s.x1 + s.x2; };
    auto centre_y = [](const UnitSegment& s) { return s.y1 + s.y2; };
    std::sort(segments_.begin(), segments_.end(),
              [&](const auto& a, const auto& b) { return centre_x(a) < centre_x(b); });
    const std::size_t leaves = (segments_.size() + fanout - 1) / fanout;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
    const std::size_t per_slice = slices * fanout;
    for (std::size_t first = 0; first < segments_.size(); first += per_slice) {
        const auto last =
            segments_.begin() + static_cast<std::ptrdiff_t>(std::min(first + per_slice, segments_.size()));
        std::sort(segments_.begin() + static_cast<std::ptrdiff_t>(first), last,
                  [&](const auto& a, const auto& b) { return centre_y(a) < centre_y(b); });
    }
    auto merge = [](Box into, const Box& b) {
        return Box{std::min(into.x0, b.x0), std::min(into.y0, b.y0), std::max(into.x1, b.x1), std::max(into.y1, b.y1)};
    };
    std::vector<Box> level;
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        if (i % fanout == 0)
            level.push_back(segments_[i].box());
        else
            level.back() = merge(level.back(), segments_[i].box());
    }
    levels_.push_back(std::move(level));
    while (levels_.back().size() > fanout) {
        std::vector<Box> up;
        const std::vector<Box>& below = levels_.back();
        for (std::size_t i = 0; i < below.size(); ++i) {
            if (i % fanout == 0)
                up.push_back(below[i]);
            else
                up.back() = merge(up.back(), below[i]);
        }
        levels_.push_back(std::move(up));
    }
}

bool FaceRings::contains(double x, double y) const {
    if (!point_in_ring(shell, x, y)) return false;
    for (const auto& hole : holes)
        if (point_in_ring(hole, x, y)) return false;
    return true;
}

Box FaceRings::box() const {
    Box box{shell[0], shell[1], shell[0], shell[1]};
    for (std::size_t i = 0; i + 1 < shell.size(); i += 2)
        box = {std::min(box.x0, shell[i]), std::min(box.y0, shell[i + 1]), std::max(box.x1, shell[i]),
               std::max(box.y1, shell[i + 1])};
    return box;
}

// The segment is cut wherever it meets the face's boundary; between two cuts
// it lies wholly inside or wholly outside, which its middle tells.
bool may_enter(const FaceRings& face, const UnitSegment& s, double tolerance) {
    const double dx = s.x2 - s.x1, dy = s.y2 - s.y1;
    const double length2 = dx * dx + dy * dy;
    std::vector<double> cuts{0.0, 1.0};
    for_each_edge(face, s.box().grown(tolerance), [&](double ax, double ay, double bx, double by) {
        if (point_segment_distance2(ax, ay, s.x1, s.y1, s.x2, s.y2) <= tolerance * tolerance)
            cuts.push_back(std::clamp(((ax - s.x1) * dx + (ay - s.y1) * dy) / length2, 0.0, 1.0));
        const double d1 = orientation(s.x1, s.y1, s.x2, s.y2, ax, ay);
        const double d2 = orientation(s.x1, s.y1, s.x2, s.y2, bx, by);
        const double d3 = orientation(ax, ay, bx, by, s.x1, s.y1);
        const double d4 = orientation(ax, ay, bx, by, s.x2, s.y2);
        if (opposite(d1, d2) && opposite(d3, d4)) cuts.push_back(d3 / (d3 - d4));
    });
    std::sort(cuts.begin(), cuts.end());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        if (cuts[i + 1] <= cuts[i]) continue;
        const double t = (cuts[i] + cuts[i + 1]) / 2;
        const double x = s.x1 + t * dx, y = s.y1 + t * dy;
        if (face.contains(x, y) || point_near_boundary(face, x, y, tolerance)) return true;
    }
    return false;
}

bool near_boundary(const FaceRings& face, const UnitSegment& s, double distance) {
    bool near = false;
    for_each_edge(face, s.box().grown(distance), [&](double ax, double ay, double bx, double by) {
        near = near || segment_distance(s, ax, ay, bx, by) <= distance;
    });
    return near;
}

} // namespace fp
