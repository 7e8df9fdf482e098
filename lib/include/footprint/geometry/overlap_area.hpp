// The area of the intersection of two polygons, without building it.
//
// A ring oriented counter-clockwise (holes clockwise) is a signed sum of
// trapezoids: each edge, with the strip between it and a baseline below,
// counts +1 where it runs right to left and -1 where it runs left to right.
// Summing those signs over a point gives its winding number, which is the
// polygon's indicator for a valid polygon. The area of A ∩ B is the
// integral of the product of the two indicators, so it is the sum, over
// every pair of edges (one from A, one from B) whose x ranges overlap, of
// the signed area under the lower of the two edges. Every term is a
// continuous function of the coordinates: shared edges, touching vertices
// and collinear overlaps need no special case, and nothing is noded.
//
// GEOS overlay builds the intersection, which the overlay needs only where
// the width of a piece must be measured or the piece is kept; everywhere
// else this is several times faster and agrees with it to about 1e-9 of
// the area.
#pragma once

#include "footprint/geometry/geos.hpp"

#include <vector>

namespace fp {

// The rings of a polygonal geometry (Polygon or MultiPolygon), each closed
// and oriented so that the polygon lies on its left: exteriors
// counter-clockwise, holes clockwise.
using Rings = std::vector<std::vector<Point2>>;
Rings oriented_rings(GeosContext& ctx, const GEOSGeometry* polygonal);

// One polygon's edges, measured from the corner of its bounding box, ready
// to be paired with other polygons' edges.
class OverlapArea {
  public:
    explicit OverlapArea(const Rings& rings);

    // The area of this polygon's intersection with `other`, which must be
    // valid; 0 when they only touch.
    double with(const Rings& other) const;

  private:
    struct Edge {
        double x0, x1; // x0 < x1
        double y0, y1; // y at x0 and at x1
        double sign;   // +1 running right to left, -1 left to right
    };
    static void add_ring_edges(const std::vector<Point2>& ring, std::vector<Edge>& edges);

    double x0_ = 0, y0_ = 0, x1_ = 0, y1_ = 0; // bounding box
    std::vector<Edge> edges_;                  // relative to (x0_, y0_), by x0
};

} // namespace fp
