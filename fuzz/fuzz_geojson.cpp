// fp::load_polygon_layer on a GeoJSON file: GDAL's parser, polygon checks,
// reprojection from longitude/latitude, validation, repair and merging of
// features sharing a code.
#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"
#include "fuzz_support.hpp"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fp::GeosContext ctx;
    const fpfuzz::MemFile file("/vsimem/fuzz/layer.geojson", data, size);
    fpfuzz::expect_typed_errors([&] {
        const fp::PolygonLayer layer =
            fp::load_polygon_layer(ctx, fp::parse_layer_spec(file.path()), fp::LoadOptions{});
        for (const auto& unit : layer.units)
            if (unit.code.empty() || !unit.geom || !(unit.area_m2 >= 0)) __builtin_trap();
    });
    return 0;
}
