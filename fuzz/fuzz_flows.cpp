// fp::read_flows on a flow table, as a long table and as a wide matrix,
// through our streaming CSV reader and through GDAL's CSV driver, then the
// flow metrics over what was read.
#include "footprint/flows/flows.hpp"
#include "footprint/io/layer_spec.hpp"
#include "fuzz_support.hpp"

#include <cmath>

namespace {

void read_and_compute(const std::string& spec, const fp::FlowTableOptions& options) {
    fpfuzz::expect_typed_errors([&] {
        const fp::FlowCounts counts = fp::read_flows(fp::parse_layer_spec(spec), options);
        if (!(counts.total >= 0) || !std::isfinite(counts.total)) __builtin_trap();
        const fp::FlowResult result = fp::compute_flows(counts, fp::FlowMapping{}, fp::FlowOptions{});
        // Nothing is mapped, so everything is unmapped, and nothing is lost,
        // as the one reconciliation check (fp::same_total) tells: the total
        // read row by row and the total mapped pair by pair may differ in
        // their last bits when counts are fractional.
        if (!fp::same_total(result.total, counts.total) || result.mapped != 0 || !result.reconciles()) __builtin_trap();
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fpfuzz::MemFile file("/vsimem/fuzz/flows.csv", data, size);
    fp::FlowTableOptions long_table, wide, period;
    wide.wide = true;
    period.period = "2019";
    read_and_compute(file.path(), long_table); // our CSV reader, line numbers
    read_and_compute(file.path(), wide);
    read_and_compute(file.path(), period);
    read_and_compute(file.path() + "|layer=flows", long_table); // GDAL's CSV driver, row numbers
    return 0;
}
