#include "footprint/geometry/geos_index.hpp"

#include <algorithm>

namespace fp {

namespace {

constexpr int node_capacity = 10;

void collect_position(void* item, void* positions) {
    static_cast<std::vector<std::size_t>*>(positions)->push_back(reinterpret_cast<std::size_t>(item));
}

} // namespace

GeosIndex::GeosIndex(GeosContext& ctx, const std::vector<const GEOSGeometry*>& geoms)
    : ctx_(ctx), tree_(GEOSSTRtree_create_r(ctx, node_capacity)) {
    for (std::size_t i = 0; i < geoms.size(); ++i)
        if (!is_empty(ctx, geoms[i])) GEOSSTRtree_insert_r(ctx, tree_, geoms[i], reinterpret_cast<void*>(i));
    try {
        GeomPtr probe = own(ctx, GEOSGeom_createPointFromXY_r(ctx, 0, 0), "point");
        candidates(ctx, probe.get()); // the first query builds the tree
    } catch (...) {
        GEOSSTRtree_destroy_r(ctx, tree_);
        throw;
    }
}

GeosIndex::~GeosIndex() {
    GEOSSTRtree_destroy_r(ctx_, tree_);
}

std::vector<std::size_t> GeosIndex::candidates(GeosContext& local, const GEOSGeometry* g) const {
    std::vector<std::size_t> found;
    GEOSSTRtree_query_r(local, tree_, g, collect_position, &found);
    std::sort(found.begin(), found.end());
    return found;
}

GeosWorker::GeosWorker(const std::vector<const GEOSGeometry*>& geoms) : geoms_(&geoms), prepared_(geoms.size()) {}

const GEOSPreparedGeometry* GeosWorker::prepared(std::size_t position) {
    if (!prepared_[position]) prepared_[position] = prepare(ctx, (*geoms_)[position]);
    return prepared_[position].get();
}

std::vector<std::unique_ptr<GeosWorker>> make_workers(unsigned count) {
    std::vector<std::unique_ptr<GeosWorker>> workers;
    for (unsigned w = 0; w < count; ++w)
        workers.push_back(std::make_unique<GeosWorker>());
    return workers;
}

std::vector<std::unique_ptr<GeosWorker>> make_workers(unsigned count, const std::vector<const GEOSGeometry*>& geoms) {
    std::vector<std::unique_ptr<GeosWorker>> workers;
    for (unsigned w = 0; w < count; ++w)
        workers.push_back(std::make_unique<GeosWorker>(geoms));
    return workers;
}

} // namespace fp
