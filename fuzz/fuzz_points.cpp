// fp::load_point_layer on a CSV file of points, by longitude and latitude
// columns or WKT (|srs=EPSG:4326, so reprojected), with a weight field
// when the header has a "population" column.
#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/points.hpp"
#include "fuzz_support.hpp"

#include <cmath>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fp::GeosContext ctx;
    const fpfuzz::MemFile file("/vsimem/fuzz/points.csv", data, size);
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string weight = bytes.find("population") != std::string_view::npos ? "population" : "";
    fpfuzz::expect_typed_errors([&] {
        const fp::PointLayer layer =
            fp::load_point_layer(ctx, fp::parse_layer_spec(file.path() + "|srs=EPSG:4326"), fp::LoadOptions{}, weight);
        for (const auto& point : layer.points)
            if (!std::isfinite(point.x) || !std::isfinite(point.y) || !(point.weight >= 0)) __builtin_trap();
    });
    return 0;
}
