// fp::load_polygon_layer on a CSV file with a WKT geometry column, in the
// working CRS (|srs=EPSG:27700): GDAL's CSV and WKT parsers, polygon
// checks, validation, repair (and refusal with --strict) and merging.
#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fp::GeosContext ctx;
    const fpfuzz::MemFile file("/vsimem/fuzz/layer.csv", data, size);
    for (const bool strict : {false, true}) {
        fpfuzz::expect_typed_errors([&] {
            fp::LoadOptions options;
            options.strict = strict;
            const fp::PolygonLayer layer =
                fp::load_polygon_layer(ctx, fp::parse_layer_spec(file.path() + "|srs=EPSG:27700"), options);
            for (const auto& unit : layer.units)
                if (unit.code.empty() || !unit.geom || !(unit.area_m2 >= 0)) __builtin_trap();
        });
    }
    return 0;
}
