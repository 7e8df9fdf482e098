// fp-info's pipeline on a CSV file with a WKT column (|srs=EPSG:27700):
// fp::describe_layer loads the layer and checks its coverage (overlaps,
// gaps and holes between units, their widths and slivers), then the text
// and JSON reports are written.
#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/report/info.hpp"
#include "fuzz_support.hpp"

#include <cmath>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static fp::GeosContext ctx;
    const fpfuzz::MemFile file("/vsimem/fuzz/info.csv", data, size);
    fpfuzz::expect_typed_errors([&] {
        fp::InfoOptions options;
        options.list_slivers = true;
        std::vector<fp::LayerInfo> layers;
        layers.push_back(fp::describe_layer(ctx, fp::parse_layer_spec(file.path() + "|srs=EPSG:27700"), options));
        if (layers.front().coverage)
            for (const auto& problem : layers.front().coverage->problems)
                if (!(problem.area_m2 >= 0) || problem.codes.empty()) __builtin_trap();
        const std::string text = fp::info_text(layers, options);
        const std::string json = fp::info_json(layers, options);
        if (text.empty() || json.empty() || json.front() != '{') __builtin_trap();
    });
    return 0;
}
