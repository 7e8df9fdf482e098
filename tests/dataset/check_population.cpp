// The population of each shipped footprint, counted from the lsoa11_pop
// points that fall inside it, must equal the sum over its LSOAs in the ONS
// lookup: every LSOA point lands in the footprint its LSOA belongs to.
//
//   check_population DATASET SHARED_DATA_DIR
//
// Exits 77 (skipped) when the shared data is absent.
#include "footprint/io/gdal_util.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/membership.hpp"
#include "footprint/io/points.hpp"

#include <cstdio>
#include <map>
#include <sys/stat.h>

int main(int argc, char** argv) {
    using namespace fp;
    if (argc != 3) {
        std::fprintf(stderr, "usage: check_population DATASET SHARED_DATA_DIR\n");
        return 2;
    }
    const std::string dataset = argv[1], shared = argv[2];
    struct stat st {};
    if (::stat(shared.c_str(), &st) != 0) {
        std::printf("SKIPPED: real data not found at %s (CI always has it)\n", shared.c_str());
        return 77;
    }
    try {
        GeosContext ctx;
        const PolygonLayer footprints = load_polygon_layer(ctx, parse_layer_spec(dataset + "|layer=stp16"), {});
        const PointLayer lsoas =
            load_point_layer(ctx, parse_layer_spec(dataset + "|layer=lsoa11_pop"), {}, "population");
        const PointLocation location = locate_points(ctx, footprints.units, lsoas.points);

        const Membership lookup = read_membership(
            parse_layer_spec(shared + "/lookups/lsoa11_ccg17_stp17_lad17.csv|member=LSOA11CD|group=STP17CD"));
        std::map<std::string, std::string> footprint_of;
        for (const auto& row : lookup.rows)
            footprint_of[row.member] = row.group;
        std::map<std::string, long long> population_of;
        {
            GDALDatasetUniquePtr table = open_vector(shared + "/flows/lsoa11_population_2017.csv");
            for (auto& f : *table->GetLayer(0))
                population_of[f->GetFieldAsString("lsoa11_code")] = f->GetFieldAsInteger64("total_population");
        }

        std::map<std::string, long long> by_points, by_lookup;
        int misplaced = 0;
        for (std::size_t p = 0; p < lsoas.points.size(); ++p) {
            const auto& point = lsoas.points[p];
            const long unit = location.unit_of_point[p];
            const std::string found = unit < 0 ? "(none)" : footprints.units[static_cast<std::size_t>(unit)].code;
            by_points[found] += static_cast<long long>(point.weight);
            if (found != footprint_of[point.code] && misplaced++ < 10)
                std::printf("LSOA %s: point in %s, lookup says %s\n", point.code.c_str(), found.c_str(),
                            footprint_of[point.code].c_str());
        }
        for (const auto& [lsoa, footprint] : footprint_of)
            by_lookup[footprint] += population_of.at(lsoa);

        int failures = misplaced > 0 ? 1 : 0;
        long long total = 0;
        for (const auto& [code, population] : by_lookup) {
            total += population;
            if (by_points[code] != population) {
                std::printf("FAIL %s: %lld by points, %lld by lookup\n", code.c_str(), by_points[code], population);
                ++failures;
            }
        }
        if (by_points.count("(none)")) {
            std::printf("FAIL %lld people in points outside every footprint\n", by_points["(none)"]);
            ++failures;
        }
        if (failures) return 1;
        std::printf("ok: %zu footprints, %zu LSOA points, population %lld: points equal the lookup\n", by_lookup.size(),
                    lsoas.points.size(), total);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "check_population: %s\n", e.what());
        return 1;
    }
}
