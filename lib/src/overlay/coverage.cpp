// Coverage check by edge cancellation.
//
// Orient every ring so that its unit's interior lies on the left, and count
// each segment with its direction. Where two neighbours share an edge
// exactly, their segments run in opposite directions and cancel: the number
// of units covering a point does not change across that edge. Only the
// remaining edges (mismatched borders, the outer boundary, overlaps) are
// noded and polygonised; each resulting face is covered by the same set of
// units throughout, so one interior point classifies it. This costs a small
// fraction of a union or of pairwise intersection on real layers, where most
// edges are shared exactly.
//
// Faces are then labelled from the unit edges around them (coverage_edges):
// an overlap face needs the exact test for mixed cover only when a border
// between two units runs inside it, and a gap face's neighbours are the units
// whose segments come near its boundary. No face is tested against whole
// units with GEOS predicates except those few.
#include "footprint/overlay/coverage.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/geometry/geos_index.hpp"
#include "footprint/overlay/coverage_edges.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

namespace fp {

namespace {

struct SegmentKey {
    double x1, y1, x2, y2;
    bool operator==(const SegmentKey& o) const { return x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2; }
    bool operator<(const SegmentKey& o) const { return std::tie(x1, y1, x2, y2) < std::tie(o.x1, o.y1, o.x2, o.y2); }
};

struct SegmentHash {
    std::size_t operator()(const SegmentKey& k) const {
        std::uint64_t h = 1469598103934665603ULL;
        for (double v : {k.x1, k.y1, k.x2, k.y2}) {
            std::uint64_t bits;
            v += 0.0; // -0.0 and 0.0 must hash alike
            std::memcpy(&bits, &v, sizeof bits);
            h = (h ^ bits) * 1099511628211ULL;
            h ^= h >> 29;
        }
        return static_cast<std::size_t>(h);
    }
};

double signed_area(const std::vector<double>& xy) {
    double twice = 0;
    const std::size_t n = xy.size() / 2;
    for (std::size_t i = 0; i + 1 < n; ++i)
        twice += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return twice / 2;
}

struct SegmentCount {
    int net = 0;
    std::uint32_t first_unit = 0;
    bool seen = false;
    bool several_units = false;
    bool emitted = false;
};
using SegmentCounts = std::unordered_map<SegmentKey, SegmentCount, SegmentHash>;

// Visits the segments of a ring with the unit's interior on the left, as
// (canonical key, +1 when the segment runs in canonical direction, else -1).
template <typename Visit> void for_each_segment(const std::vector<double>& xy, bool interior_left, Visit visit) {
    const bool reverse = (signed_area(xy) > 0) != interior_left;
    const std::size_t n = xy.size() / 2;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        if (reverse) std::swap(ax, bx), std::swap(ay, by);
        if (ax == bx && ay == by) continue;
        if (std::tie(ax, ay) < std::tie(bx, by))
            visit(SegmentKey{ax, ay, bx, by}, 1);
        else
            visit(SegmentKey{bx, by, ax, ay}, -1);
    }
}

// Calls visit(ring coordinates, interior on the left, unit index).
template <typename Visit> void for_each_ring(GeosContext& ctx, const std::vector<Unit>& units, Visit visit) {
    for (std::size_t u = 0; u < units.size(); ++u) {
        const GEOSGeometry* geom = units[u].geom.get();
        const auto unit = static_cast<std::uint32_t>(u);
        const int parts = GEOSGetNumGeometries_r(ctx, geom);
        for (int p = 0; p < parts; ++p) {
            const GEOSGeometry* polygon = GEOSGetGeometryN_r(ctx, geom, p);
            if (GEOSGeomTypeId_r(ctx, polygon) != GEOS_POLYGON || is_empty(ctx, polygon)) continue;
            visit(ring_xy(ctx, GEOSGetExteriorRing_r(ctx, polygon)), true, unit);
            const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
            for (int h = 0; h < holes; ++h)
                visit(ring_xy(ctx, GEOSGetInteriorRingN_r(ctx, polygon, h)), false, unit);
        }
    }
}

GEOSGeometry* line_from(GeosContext& ctx, const std::vector<double>& xy) {
    const auto points = static_cast<unsigned>(xy.size() / 2);
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx, xy.data(), points, 0, 0);
    return GEOSGeom_createLineString_r(ctx, seq);
}

struct Arrangement {
    // The noded edges across which the coverage count changes.
    GeomPtr linework;
    // Every segment of every unit ring, once per unit.
    SegmentTree edges;
};

// Uncancelled segments are emitted as runs along their rings, once each:
// long chains node far faster than loose segments.
Arrangement arrange(GeosContext& ctx, const std::vector<Unit>& units) {
    SegmentCounts counts;
    std::size_t coordinates = 0;
    for (const auto& unit : units)
        coordinates += static_cast<std::size_t>(GEOSGetNumCoordinates_r(ctx, unit.geom.get()));
    counts.reserve(coordinates); // shared edges make segments fewer than coordinates
    for_each_ring(ctx, units, [&](const std::vector<double>& xy, bool interior_left, std::uint32_t unit) {
        for_each_segment(xy, interior_left, [&](const SegmentKey& key, int direction) {
            SegmentCount& count = counts[key];
            if (!count.seen) {
                count.first_unit = unit;
                count.seen = true;
            } else if (count.first_unit != unit) {
                count.several_units = true;
            }
            count.net += direction;
        });
    });
    std::vector<UnitSegment> unit_segments;
    unit_segments.reserve(coordinates);
    std::vector<GEOSGeometry*> lines;
    std::vector<double> run;
    auto flush = [&] {
        if (run.size() >= 4) lines.push_back(line_from(ctx, run));
        run.clear();
    };
    for_each_ring(ctx, units, [&](const std::vector<double>& xy, bool, std::uint32_t unit) {
        // Ring order, not interior-left order, keeps consecutive segments joined.
        for (std::size_t i = 0; i + 3 < xy.size(); i += 2) {
            const double ax = xy[i], ay = xy[i + 1], bx = xy[i + 2], by = xy[i + 3];
            if (ax == bx && ay == by) continue;
            const SegmentKey key =
                std::tie(ax, ay) < std::tie(bx, by) ? SegmentKey{ax, ay, bx, by} : SegmentKey{bx, by, ax, ay};
            SegmentCount& count = counts[key];
            unit_segments.push_back({ax, ay, bx, by, unit, count.net == 0 && count.several_units});
            if (count.net == 0 || count.emitted) {
                flush();
                continue;
            }
            count.emitted = true;
            if (run.empty()) run = {ax, ay};
            run.push_back(bx);
            run.push_back(by);
        }
        flush();
    });
    GeomPtr multi = own(
        ctx, GEOSGeom_createCollection_r(ctx, GEOS_MULTILINESTRING, lines.data(), static_cast<unsigned>(lines.size())),
        "collect edges");
    counts = SegmentCounts();
    return {own(ctx, GEOSUnaryUnion_r(ctx, multi.get()), "node edges"), SegmentTree(std::move(unit_segments))};
}

GeomPtr make_point(GeosContext& ctx, double x, double y) {
    return own(ctx, GEOSGeom_createPointFromXY_r(ctx, x, y), "point");
}

// A face of the polygonised linework, with its rings' coordinates for fast
// point-in-polygon tests.
struct Face : FaceRings {
    const GEOSGeometry* geom;
};

Face make_face(GeosContext& ctx, const GEOSGeometry* polygon) {
    Face face;
    face.geom = polygon;
    face.shell = ring_xy(ctx, GEOSGetExteriorRing_r(ctx, polygon));
    const int holes = GEOSGetNumInteriorRings_r(ctx, polygon);
    for (int h = 0; h < holes; ++h)
        face.holes.push_back(ring_xy(ctx, GEOSGetInteriorRingN_r(ctx, polygon, h)));
    return face;
}

struct FaceClass {
    std::vector<std::size_t> covering;
    std::vector<std::size_t> bordering; // gaps only
    // Overlap faces covered by different units in different parts: the
    // parts, each with the units covering it.
    std::vector<std::pair<GeomPtr, std::vector<std::size_t>>> split;
};

// Units whose interior holds (x, y), or false when the point lies on some
// unit's boundary and so cannot classify its face.
bool covering_units(GeosWorker& w, const GeosIndex& index, double x, double y, std::vector<std::size_t>& inside) {
    inside.clear();
    GeomPtr point = make_point(w.ctx, x, y);
    for (std::size_t i : index.candidates(w.ctx, point.get())) {
        const GEOSPreparedGeometry* unit = w.prepared(i);
        if (GEOSPreparedContainsProperly_r(w.ctx, unit, point.get()) == 1)
            inside.push_back(i);
        else if (GEOSPreparedIntersects_r(w.ctx, unit, point.get()) == 1)
            return false;
    }
    return true;
}

// Which units cover `face`? Tries points just inside the face next to its
// edges (a face may contain cancelled edges, and a point on one of them is
// in no unit's interior), then falls back to measuring areas.
std::vector<std::size_t> units_covering_face(GeosWorker& w, const GeosIndex& index, const std::vector<Unit>& units,
                                             const Face& face) {
    const std::vector<double>& xy = face.shell;
    const std::size_t edges = xy.size() / 2 - 1;
    const double left = signed_area(xy) > 0 ? 1.0 : -1.0;
    std::vector<std::size_t> inside;
    constexpr std::size_t attempts = 8;
    for (std::size_t a = 0; a < attempts && a < edges; ++a) {
        const std::size_t i = a * edges / std::min(attempts, edges);
        const double dx = xy[2 * i + 2] - xy[2 * i], dy = xy[2 * i + 3] - xy[2 * i + 1];
        const double length = std::hypot(dx, dy);
        if (length == 0) continue;
        for (double offset : {1e-3, 1e-5}) {
            const double step = std::min(offset, length / 4) * left / length;
            const double x = xy[2 * i] + dx / 2 - dy * step, y = xy[2 * i + 1] + dy / 2 + dx * step;
            if (face.contains(x, y) && covering_units(w, index, x, y, inside)) return inside;
        }
    }
    inside.clear();
    const double face_area = area(w.ctx, face.geom);
    for (std::size_t i : index.candidates(w.ctx, face.geom)) {
        GeomPtr common = own(w.ctx, GEOSIntersection_r(w.ctx, units[i].geom.get(), face.geom), "intersection");
        if (area(w.ctx, common.get()) > face_area / 2) inside.push_back(i);
    }
    return inside;
}

// The units whose edges come within `distance` of an uncovered face. No unit
// overlaps the face, so nearness of boundaries decides.
std::vector<std::size_t> bordering_units(const SegmentTree& edges, const Face& face, double distance) {
    std::vector<std::size_t> near;
    edges.query(face.box().grown(distance), [&](const UnitSegment& segment) {
        if (std::find(near.begin(), near.end(), segment.unit) != near.end()) return;
        if (near_boundary(face, segment, distance)) near.push_back(segment.unit);
    });
    std::sort(near.begin(), near.end());
    return near;
}

// Only a border between different units that runs inside a face can change
// which units cover it. Faces without one (nearly all) skip the exact test.
bool may_be_mixed(const SegmentTree& edges, const Face& face) {
    constexpr double tolerance_m = 1e-6; // far above the rounding of noded vertices
    bool found = false;
    edges.query(face.box(), [&](const UnitSegment& segment) {
        found = found || (segment.switching && may_enter(face, segment, tolerance_m));
    });
    return found;
}

// Cancelled edges can lie inside an overlap face: where one unit overlaps
// two neighbours across the border they share exactly, the face is covered
// by two units throughout, but not by the same two. True when some unit
// found at the face's sample point does not cover all of it. Vertices the
// noding computed may lie a rounding error outside a unit that covers the
// face, so a failed exact test is settled by area.
bool mixed_face(GeosWorker& w, const std::vector<Unit>& units, const Face& face,
                const std::vector<std::size_t>& covering) {
    double face_area = -1;
    for (std::size_t i : covering) {
        if (GEOSPreparedCovers_r(w.ctx, w.prepared(i), face.geom) == 1) continue;
        if (face_area < 0) face_area = area(w.ctx, face.geom);
        GeomPtr outside = own(w.ctx, GEOSDifference_r(w.ctx, face.geom, units[i].geom.get()), "difference");
        if (area(w.ctx, outside.get()) > 1e-9 * face_area) return true;
    }
    return false;
}

// Splits a face along the boundaries of every unit near it (exactly as the
// units draw them, so no sliver faces appear) and classifies each part.
std::vector<std::pair<GeomPtr, std::vector<std::size_t>>> split_face(GeosWorker& w, const GeosIndex& index,
                                                                     const std::vector<Unit>& units, const Face& face) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSGeom_getXMin_r(w.ctx, face.geom, &x0);
    GEOSGeom_getYMin_r(w.ctx, face.geom, &y0);
    GEOSGeom_getXMax_r(w.ctx, face.geom, &x1);
    GEOSGeom_getYMax_r(w.ctx, face.geom, &y1);
    const double margin = 1.0; // every edge inside the face lies inside the box
    x0 -= margin, y0 -= margin, x1 += margin, y1 += margin;
    GeomPtr box = own(w.ctx, GEOSGeom_createRectangle_r(w.ctx, x0, y0, x1, y1), "rectangle");
    std::vector<GEOSGeometry*> lines;
    for (std::size_t i : index.candidates(w.ctx, box.get())) {
        GeomPtr boundary = own(w.ctx, GEOSBoundary_r(w.ctx, units[i].geom.get()), "boundary");
        GEOSGeometry* clipped = GEOSClipByRect_r(w.ctx, boundary.get(), x0, y0, x1, y1);
        if (clipped == nullptr) {
            for (GEOSGeometry* line : lines)
                GEOSGeom_destroy_r(w.ctx, line);
            throw GeometryError("GEOS clip failed: " + w.ctx.take_error());
        }
        lines.push_back(clipped);
    }
    GeomPtr collection = own(
        w.ctx,
        GEOSGeom_createCollection_r(w.ctx, GEOS_GEOMETRYCOLLECTION, lines.data(), static_cast<unsigned>(lines.size())),
        "collect boundaries");
    GeomPtr noded = own(w.ctx, GEOSUnaryUnion_r(w.ctx, collection.get()), "node boundaries");
    const GEOSGeometry* edges[] = {noded.get()};
    GeomPtr polygons = own(w.ctx, GEOSPolygonize_r(w.ctx, edges, 1), "polygonize");
    PreparedPtr within = prepare(w.ctx, face.geom);
    std::vector<std::pair<GeomPtr, std::vector<std::size_t>>> parts;
    const int count = GEOSGetNumGeometries_r(w.ctx, polygons.get());
    for (int p = 0; p < count; ++p) {
        const GEOSGeometry* polygon = GEOSGetGeometryN_r(w.ctx, polygons.get(), p);
        GeomPtr inside = own(w.ctx, GEOSPointOnSurface_r(w.ctx, polygon), "point on surface");
        if (GEOSPreparedContains_r(w.ctx, within.get(), inside.get()) != 1) continue;
        GeomPtr part = clone(w.ctx, polygon);
        std::vector<std::size_t> covering = units_covering_face(w, index, units, make_face(w.ctx, part.get()));
        parts.emplace_back(std::move(part), std::move(covering));
    }
    return parts;
}

std::vector<std::string> codes_of(const std::vector<Unit>& units, const std::vector<std::size_t>& ids) {
    std::vector<std::string> codes;
    for (std::size_t i : ids)
        codes.push_back(units[i].code);
    std::sort(codes.begin(), codes.end());
    return codes;
}

} // namespace

const char* to_string(CoverageKind kind) {
    switch (kind) {
    case CoverageKind::overlap:
        return "overlap";
    case CoverageKind::gap:
        return "gap";
    case CoverageKind::hole:
        return "hole";
    }
    return "?";
}

std::size_t CoverageReport::count(CoverageKind kind, bool sliver) const {
    return static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(),
                                                  [&](const auto& p) { return p.kind == kind && p.sliver == sliver; }));
}

double CoverageReport::area_m2(CoverageKind kind, bool sliver) const {
    double total = 0;
    for (const auto& p : problems)
        if (p.kind == kind && p.sliver == sliver) total += p.area_m2;
    return total;
}

CoverageReport check_coverage(GeosContext& ctx, const std::vector<Unit>& units, const SliverTolerance& tolerance) {
    CoverageReport report;
    report.tolerance = tolerance;
    if (units.empty()) return report;

    const Arrangement arrangement = arrange(ctx, units);
    const GEOSGeometry* edges[] = {arrangement.linework.get()};
    GeomPtr polygonised = own(ctx, GEOSPolygonize_r(ctx, edges, 1), "polygonize");
    std::vector<Face> faces;
    const int face_count = GEOSGetNumGeometries_r(ctx, polygonised.get());
    for (int f = 0; f < face_count; ++f)
        faces.push_back(make_face(ctx, GEOSGetGeometryN_r(ctx, polygonised.get(), f)));

    const std::vector<const GEOSGeometry*> unit_geoms = geometries_of(units);
    const GeosIndex index(ctx, unit_geoms);
    const unsigned workers = worker_count();
    std::vector<std::unique_ptr<GeosWorker>> state = make_workers(workers, unit_geoms);
    constexpr double touching_m = 0.01;
    std::vector<FaceClass> classes(faces.size());
    parallel_for(faces.size(), workers, 16, [&](unsigned w, std::size_t f) {
        classes[f].covering = units_covering_face(*state[w], index, units, faces[f]);
        if (classes[f].covering.size() > 1 && may_be_mixed(arrangement.edges, faces[f]) &&
            mixed_face(*state[w], units, faces[f], classes[f].covering))
            classes[f].split = split_face(*state[w], index, units, faces[f]);
        if (classes[f].covering.empty())
            classes[f].bordering = bordering_units(arrangement.edges, faces[f], touching_m);
    });

    // Faces with the same problem and the same units are one problem; they
    // are split by edges across which nothing changes.
    std::map<std::pair<CoverageKind, std::vector<std::string>>, std::vector<const GEOSGeometry*>> groups;
    for (std::size_t f = 0; f < faces.size(); ++f) {
        const auto& c = classes[f];
        if (!c.split.empty()) {
            for (const auto& [part, covering] : c.split)
                if (covering.size() > 1)
                    groups[{CoverageKind::overlap, codes_of(units, covering)}].push_back(part.get());
            continue;
        }
        if (c.covering.size() == 1) continue;
        const CoverageKind kind = !c.covering.empty()       ? CoverageKind::overlap
                                  : c.bordering.size() == 1 ? CoverageKind::hole
                                                            : CoverageKind::gap;
        groups[{kind, codes_of(units, c.covering.empty() ? c.bordering : c.covering)}].push_back(faces[f].geom);
    }
    std::vector<
        std::pair<const std::pair<CoverageKind, std::vector<std::string>>*, const std::vector<const GEOSGeometry*>*>>
        work;
    for (const auto& [key, members] : groups)
        work.emplace_back(&key, &members);
    std::vector<GeomPtr> merged(work.size());
    parallel_for(work.size(), workers, 64, [&](unsigned w, std::size_t g) {
        GeosContext& local = state[w]->ctx;
        std::vector<GeomPtr> parts;
        for (const GEOSGeometry* member : *work[g].second)
            parts.push_back(clone(local, member));
        merged[g] = hand_over(union_all(local, std::move(parts)), ctx);
    });
    for (std::size_t g = 0; g < work.size(); ++g) {
        const int pieces = GEOSGetNumGeometries_r(ctx, merged[g].get());
        for (int p = 0; p < pieces; ++p) {
            CoverageProblem problem;
            problem.kind = work[g].first->first;
            problem.codes = work[g].first->second;
            problem.geom = clone(ctx, GEOSGetGeometryN_r(ctx, merged[g].get(), p));
            report.problems.push_back(std::move(problem));
        }
    }
    parallel_for(report.problems.size(), workers, 16, [&](unsigned w, std::size_t i) {
        CoverageProblem& problem = report.problems[i];
        GeosContext& local = state[w]->ctx;
        problem.area_m2 = area(local, problem.geom.get());
        // A piece smaller than the disc cannot hold it: a sliver, unmeasured.
        if (problem.area_m2 < disc_area_m2(tolerance)) {
            problem.width_m = std::numeric_limits<double>::quiet_NaN();
            problem.sliver = true;
        } else {
            problem.width_m = inscribed_width(local, problem.geom.get(), tolerance.width_m);
            problem.sliver = problem.width_m < tolerance.width_m;
        }
        GeomPtr inside = own(local, GEOSPointOnSurface_r(local, problem.geom.get()), "point on surface");
        GEOSGeomGetX_r(local, inside.get(), &problem.x);
        GEOSGeomGetY_r(local, inside.get(), &problem.y);
    });
    std::sort(report.problems.begin(), report.problems.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(a.sliver, a.kind, -a.area_m2, std::cref(a.codes)) <
               std::make_tuple(b.sliver, b.kind, -b.area_m2, std::cref(b.codes));
    });
    return report;
}

} // namespace fp
