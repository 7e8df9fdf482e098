#include "footprint/geometry/subdivide.hpp"

namespace fp {

namespace {

constexpr int tile_vertices = 512;
constexpr int max_depth = 24;

// `whole` is the polygon being cut and (x0, y0, x1, y1) the rectangle that
// `geom` was cut to. Rectangle clipping is fast but may leave invalid rings
// at a cut: only the final, small tiles are checked, and a bad one is
// replaced by the (always valid) overlay of the polygon with its rectangle.
void cut(GeosContext& ctx, const GEOSGeometry* whole, GeomPtr geom, const Envelope& box, int depth,
         std::vector<GeomPtr>& tiles) {
    if (is_empty(ctx, geom.get())) return;
    if (GEOSGetNumCoordinates_r(ctx, geom.get()) <= tile_vertices || depth == 0) {
        if (GEOSisValid_r(ctx, geom.get()) != 1) {
            GeomPtr rectangle = own(ctx, GEOSGeom_createRectangle_r(ctx, box.x0, box.y0, box.x1, box.y1), "rectangle");
            geom = polygonal_part(ctx, own(ctx, GEOSIntersection_r(ctx, whole, rectangle.get()), "intersection"));
        }
        if (!is_empty(ctx, geom.get())) tiles.push_back(std::move(geom));
        return;
    }
    const bool wide = box.x1 - box.x0 >= box.y1 - box.y0;
    const double mid = wide ? (box.x0 + box.x1) / 2 : (box.y0 + box.y1) / 2;
    const Envelope halves[2] = {{box.x0, box.y0, wide ? mid : box.x1, wide ? box.y1 : mid},
                                {wide ? mid : box.x0, wide ? box.y0 : mid, box.x1, box.y1}};
    for (const Envelope& half : halves)
        cut(ctx, whole,
            polygonal_part(ctx,
                           own(ctx, GEOSClipByRect_r(ctx, geom.get(), half.x0, half.y0, half.x1, half.y1), "clip")),
            half, depth - 1, tiles);
}

} // namespace

std::vector<GeomPtr> subdivide(GeosContext& ctx, const GEOSGeometry* geom) {
    std::vector<GeomPtr> tiles;
    if (!is_empty(ctx, geom)) cut(ctx, geom, clone(ctx, geom), envelope_of(ctx, geom), max_depth, tiles);
    return tiles;
}

} // namespace fp
