#include "footprint/flows/matrix.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/flows/count.hpp"
#include "footprint/io/csv_reader.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace fp {

namespace {

std::map<std::string, std::size_t> index_by_code(const PolygonLayer& footprints) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < footprints.units.size(); ++i)
        index[footprints.units[i].code] = i;
    return index;
}

// Largest first, equal counts by footprints; the `top` first (0: all).
void keep_largest(std::vector<FootprintFlow>& flows, std::size_t top) {
    std::stable_sort(flows.begin(), flows.end(), [](const FootprintFlow& x, const FootprintFlow& y) {
        return x.count != y.count ? x.count > y.count : std::tie(x.from, x.to) < std::tie(y.from, y.to);
    });
    if (top > 0 && flows.size() > top) flows.resize(top);
}

} // namespace

std::vector<FootprintFlow> flows_between_footprints(const FlowResult& result, const PolygonLayer& footprints,
                                                    std::size_t top) {
    const auto index = index_by_code(footprints);
    std::vector<FootprintFlow> flows;
    const std::size_t n = result.footprint_codes.size();
    for (std::size_t f = 0; f < n; ++f)
        for (std::size_t g = 0; g < n; ++g) {
            const auto from = index.find(result.footprint_codes[f]), to = index.find(result.footprint_codes[g]);
            if (f != g && result.matrix[f][g] > 0 && from != index.end() && to != index.end())
                flows.push_back({from->second, to->second, result.matrix[f][g]});
        }
    keep_largest(flows, top);
    return flows;
}

std::vector<FootprintFlow> read_flow_matrix(const std::string& path, const PolygonLayer& footprints, std::size_t top) {
    const auto index = index_by_code(footprints);
    const auto footprint = [&](const std::string& code, std::size_t line) {
        const auto found = index.find(code);
        if (found == index.end())
            throw InputError(path + " line " + std::to_string(line) + ": " + quote_value(code) +
                             " is not a footprint of " + layer_title(footprints));
        return found->second;
    };
    CsvReader reader(path);
    std::vector<std::string> fields;
    if (!reader.next(fields) || fields.size() < 2) throw InputError(path + ": not a footprint x footprint matrix");
    std::vector<std::size_t> destinations;
    for (std::size_t c = 1; c < fields.size(); ++c)
        destinations.push_back(footprint(fields[c], 1));
    std::vector<FootprintFlow> flows;
    const auto where = [&] { return path + " line " + std::to_string(reader.line()); };
    while (reader.next(fields)) {
        if (fields.size() != destinations.size() + 1)
            throw InputError(where() + ": " + std::to_string(fields.size()) + " fields, expected " +
                             std::to_string(destinations.size() + 1));
        const std::size_t from = footprint(fields[0], reader.line());
        for (std::size_t c = 1; c < fields.size(); ++c) {
            const double count = parse_count(fields[c], where, std::to_string(c + 1));
            if (count > 0 && from != destinations[c - 1]) flows.push_back({from, destinations[c - 1], count});
        }
    }
    keep_largest(flows, top);
    return flows;
}

} // namespace fp
