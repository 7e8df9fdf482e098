// What the parallel loops over geometries share: a spatial index that
// several threads may query at once, and per-worker GEOS state.
#pragma once

#include "footprint/geometry/geos.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace fp {

// STRtree over a list of geometries, answering with their positions in the
// list. GEOS builds a tree on its first query, which is not safe from
// several threads: the constructor builds it, so that workers may share it.
class GeosIndex {
  public:
    // Indexes each non-empty geometry under its position; they must outlive
    // the index.
    GeosIndex(GeosContext& ctx, const std::vector<const GEOSGeometry*>& geoms);
    ~GeosIndex();
    GeosIndex(const GeosIndex&) = delete;
    GeosIndex& operator=(const GeosIndex&) = delete;

    // Positions of the geometries whose envelopes meet g's, ascending, so
    // that callers visit them in one order whatever the tree's.
    std::vector<std::size_t> candidates(GeosContext& local, const GEOSGeometry* g) const;

  private:
    GeosContext& ctx_;
    GEOSSTRtree* tree_;
};

// One worker's GEOS state: its own context (a context serves one thread)
// and the prepared geometries it has needed, since a prepared geometry
// caches indexes that threads must not share.
class GeosWorker {
  public:
    GeosWorker() = default;
    // `geoms` are the geometries it may prepare, by position; they must
    // outlive the worker.
    explicit GeosWorker(const std::vector<const GEOSGeometry*>& geoms);

    GeosContext ctx;
    // The prepared geometry at `position`, prepared on first use.
    const GEOSPreparedGeometry* prepared(std::size_t position);

  private:
    const std::vector<const GEOSGeometry*>* geoms_ = nullptr;
    std::vector<PreparedPtr> prepared_;
};

// One GeosWorker for each of `count` workers, with nothing to prepare.
std::vector<std::unique_ptr<GeosWorker>> make_workers(unsigned count);
// One GeosWorker for each of `count` workers, preparing `geoms`.
std::vector<std::unique_ptr<GeosWorker>> make_workers(unsigned count, const std::vector<const GEOSGeometry*>& geoms);

} // namespace fp
