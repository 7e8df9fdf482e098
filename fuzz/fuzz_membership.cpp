// fp::read_membership on a CSV membership table (member, group, optional
// share and group name): column choice, codes and shares.
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/membership.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fpfuzz::MemFile file("/vsimem/fuzz/membership.csv", data, size);
    fpfuzz::expect_typed_errors([&] {
        const fp::Membership table = fp::read_membership(fp::parse_layer_spec(file.path()));
        for (const auto& row : table.rows)
            if (row.member.empty() || row.group.empty() || !(row.share > 0 && row.share <= 1)) __builtin_trap();
    });
    return 0;
}
