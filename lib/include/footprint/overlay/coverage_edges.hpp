// The unit edges the coverage check labels faces with: every segment of
// every unit ring, with the unit it belongs to, in a packed R-tree. Faces of
// the noded arrangement ask it which unit borders lie inside them or near
// them, with plain coordinate arithmetic instead of GEOS predicates against
// whole units.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fp {

struct Box {
    double x0, y0, x1, y1;
    bool overlaps(const Box& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
    Box grown(double by) const { return {x0 - by, y0 - by, x1 + by, y1 + by}; }
};

struct UnitSegment {
    double x1, y1, x2, y2;
    std::uint32_t unit;
    // The segment is shared exactly by different units and cancels: the set
    // of units covering a point changes across it although their number
    // does not.
    bool switching;
    Box box() const;
};

// Bulk-loaded once, then read by many threads.
class SegmentTree {
  public:
    explicit SegmentTree(std::vector<UnitSegment> segments);

    // Calls visit(segment) for every segment whose box overlaps `box`.
    template <typename Visit> void query(const Box& box, Visit visit) const {
        if (!levels_.empty()) visit_nodes(levels_.size() - 1, 0, levels_.back().size(), box, visit);
    }

  private:
    static constexpr std::size_t fanout = 16;
    std::vector<UnitSegment> segments_;
    // levels_[0][i] bounds segments [i*fanout, (i+1)*fanout); levels_[k+1][i]
    // bounds nodes [i*fanout, (i+1)*fanout) of levels_[k].
    std::vector<std::vector<Box>> levels_;

    template <typename Visit>
    void visit_nodes(std::size_t level, std::size_t first, std::size_t last, const Box& box, Visit& visit) const {
        for (std::size_t i = first; i < last; ++i) {
            if (!levels_[level][i].overlaps(box)) continue;
            const std::size_t below = level == 0 ? segments_.size() : levels_[level - 1].size();
            const std::size_t begin = i * fanout, end = std::min(begin + fanout, below);
            if (level > 0) {
                visit_nodes(level - 1, begin, end, box, visit);
                continue;
            }
            for (std::size_t s = begin; s < end; ++s)
                if (segments_[s].box().overlaps(box)) visit(segments_[s]);
        }
    }
};

// A face's rings as flat x,y arrays, closed (first point repeated last).
struct FaceRings {
    std::vector<double> shell;
    std::vector<std::vector<double>> holes;

    bool contains(double x, double y) const;
    Box box() const;
};

// True when part of the segment may lie inside the face: conservative, so a
// segment within `tolerance` of the face's boundary counts as inside.
bool may_enter(const FaceRings& face, const UnitSegment& segment, double tolerance);

// True when the segment comes within `distance` of the face's boundary.
bool near_boundary(const FaceRings& face, const UnitSegment& segment, double distance);

} // namespace fp
