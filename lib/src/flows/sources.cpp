#include "footprint/flows/sources.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/flows/option_error.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/points.hpp"

#include <algorithm>
#include <filesystem>

namespace fp {

LayerSpec shipped_flow_table() {
    LayerSpec flows = shipped_layer(shipped_flow_layer);
    flows.origin_field = "msoa11cd", flows.destination_field = "trustcd", flows.count_field = "count";
    return flows;
}

LayerSpec shipped_origin_map() {
    LayerSpec origins = shipped_layer(shipped_origin_map_layer);
    origins.member_field = "msoa11cd", origins.group_field = "stp16cd", origins.share_field = "share";
    return origins;
}

LayerSpec shipped_providers() {
    return shipped_layer(shipped_provider_layer);
}

void check_flow_sources(const FlowSources& sources) {
    if (!sources.flows) return; // the shipped flows have a shipped mapping for each side
    if (!sources.origin_map && !sources.origin_layer)
        throw FlowOptionError(FlowOptionProblem::no_origin_mapping, sources.flows->display(),
                              "name how origins map to footprints: by a table of codes or by origin polygons");
    if (!sources.destination_map && !sources.destination_points)
        throw FlowOptionError(FlowOptionProblem::no_destination_mapping, sources.flows->display(),
                              "name how destinations map to footprints: by a table of codes or by provider points");
}

namespace {

// A shipped layer, read whatever the code field, name field or assumed CRS
// options say about the user's layers.
LoadOptions shipped_load(const LoadOptions& load) {
    LoadOptions own = load;
    own.code_field.clear();
    own.name_field.clear();
    own.assume_srs.clear();
    return own;
}

std::string shown(const PolygonLayer& layer) {
    return "'" + layer.source + (layer.layer_name.empty() ? "" : "|layer=" + layer.layer_name) + "'";
}

// Every footprint code registered after the first `known` came from a
// mapping, not from the footprint layer: refused, naming some of them.
void check_footprints_known(const FlowMapping& mapping, std::size_t known, const PolygonLayer& footprints,
                            const std::string& mapping_name) {
    if (mapping.footprint_codes.size() <= known) return;
    constexpr std::size_t shown_codes = 5;
    std::vector<std::string> codes(mapping.footprint_codes.begin() + static_cast<long>(known),
                                   mapping.footprint_codes.end());
    std::sort(codes.begin(), codes.end());
    std::string named;
    for (std::size_t i = 0; i < codes.size() && i < shown_codes; ++i)
        named += (i ? ", " : "") + quote_value(codes[i]);
    if (codes.size() > shown_codes) named += ", ...";
    throw UsageError(mapping_name + " maps to " + std::to_string(codes.size()) +
                     (codes.size() == 1 ? " footprint code that is not a footprint of "
                                        : " footprint codes that are not footprints of ") +
                     shown(footprints) + " (" + named +
                     "): it was made for other footprints; give a mapping made for " +
                     "these footprints, or the footprints it was made for");
}

std::string count_of(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

LayerSpec shipped_population() {
    LayerSpec points = shipped_layer(shipped_population_layer);
    points.code_field = "lsoa11cd";
    return points;
}

LayerSpec shipped_lsoa_msoa() {
    LayerSpec table = shipped_layer(shipped_msoa_lookup_layer);
    table.member_field = "lsoa11cd", table.group_field = "msoa11cd";
    return table;
}

bool is_shipped_footprints(const LayerSpec& spec, const LoadOptions& load) {
    const LayerSpec shipped = shipped_layer(shipped_footprint_layer);
    std::error_code error;
    const std::string code = !spec.code_field.empty() ? spec.code_field : load.code_field;
    return to_lower(spec.layer) == shipped_footprint_layer && spec.where.empty() &&
           (code.empty() || to_lower(code) == "stp16cd") &&
           std::filesystem::equivalent(spec.source, shipped.source, error) && !error;
}

FlowResult map_flows(GeosContext& ctx, const FlowSources& sources, const PolygonLayer* footprints,
                     const LoadOptions& load, const FlowOptions& options,
                     const std::function<void(const std::string&)>& stage) {
    const auto say = [&](const std::string& what) {
        if (stage) stage(what);
    };
    check_flow_sources(sources);
    const bool shipped = !sources.flows;
    const LayerSpec footprint_spec = sources.footprints ? *sources.footprints : shipped_layer(shipped_footprint_layer);
    // The shipped origin map fits the shipped footprints only.
    const bool default_origins = !sources.origin_map && !sources.origin_layer;
    const bool derive_origins = default_origins && !is_shipped_footprints(footprint_spec, load);
    std::vector<FlowNote> notes;

    FlowMapping mapping;
    if (sources.successions) mapping.successions = Successions::read(*sources.successions);
    // Origin polygons and provider points are placed in footprint polygons;
    // the shipped flows always list every shipped footprint; named
    // footprints are read to check the mappings against them.
    const bool needs_polygons =
        shipped || sources.origin_layer || sources.destination_points || sources.footprints || derive_origins;
    PolygonLayer loaded;
    if (footprints == nullptr && needs_polygons) {
        say("reading footprints");
        loaded = load_polygon_layer(ctx, footprint_spec, load);
        footprints = &loaded;
    }
    if (footprints != nullptr) add_footprints(mapping, *footprints);
    const std::size_t known = mapping.footprint_codes.size();
    const auto check_known = [&](const std::string& mapping_name) {
        if (footprints != nullptr) check_footprints_known(mapping, known, *footprints, mapping_name);
    };

    say("mapping origins");
    if (sources.origin_layer) {
        const PolygonLayer origins = load_polygon_layer(ctx, *sources.origin_layer, load);
        const std::string origins_name = "'" + sources.origin_layer->display() + "'";
        std::optional<PointLayer> points;
        if (sources.origin_weights) {
            points = load_point_layer(ctx, *sources.origin_weights, load, sources.origin_weight_field);
        } else if (!sources.origin_by_area) {
            // Area shares put people where there are none (moors, estuaries):
            // the shipped population points weigh the origins they cover.
            std::optional<PointLayer> population;
            std::size_t uncovered = origins.units.size();
            try {
                population = load_point_layer(ctx, shipped_population(), shipped_load(load), "population");
                const PointLocation located = locate_points(ctx, origins.units, population->points);
                std::vector<bool> covered(origins.units.size(), false);
                for (const long unit : located.unit_of_point)
                    if (unit >= 0) covered[static_cast<std::size_t>(unit)] = true;
                uncovered = static_cast<std::size_t>(std::count(covered.begin(), covered.end(), false));
            } catch (const InputError&) {
                population.reset(); // no shipped dataset: nothing covers them
            }
            if (population && uncovered == 0) {
                notes.push_back(
                    {FlowNoteKind::population_weights,
                     "the origins of " + origins_name + " are shared among footprints by the population " +
                         "of the shipped LSOA points (lsoa11_pop), which lie in " +
                         (origins.units.size() == 1 ? std::string("its one origin")
                                                    : "all its " + std::to_string(origins.units.size()) + " origins")});
                points = std::move(population);
            } else {
                notes.push_back(
                    {FlowNoteKind::area_shares,
                     count_of(uncovered, "origin", "origins") + " of " + std::to_string(origins.units.size()) + " in " +
                         origins_name + (uncovered == 1 ? " holds" : " hold") +
                         " none of the shipped population points (lsoa11_pop, England only), so origins are shared "
                         "among footprints by area, which counts people where none live"});
            }
        }
        map_by_polygons(ctx, mapping, *footprints, origins, points ? &*points : nullptr);
        check_known("the origin layer " + origins_name);
    } else if (derive_origins) {
        const LoadOptions own = shipped_load(load);
        const PointLayer population = load_point_layer(ctx, shipped_population(), own, "population");
        const GroupedPointsSummary summary = map_by_grouped_points(ctx, mapping, *footprints, population,
                                                                   read_membership(shipped_lsoa_msoa(), load.warn));
        notes.push_back({FlowNoteKind::derived_origins,
                         "the shipped origin map (msoa11_stp16) fits the shipped footprints (stp16) only, so MSOAs "
                         "are shared among the footprints of " +
                             shown(*footprints) +
                             " by the population of their LSOA points (lsoa11_pop, grouped by lsoa11_msoa11): " +
                             count_of(summary.whole, "MSOA", "MSOAs") + " in one footprint, " +
                             std::to_string(summary.split) + " split, " + std::to_string(summary.outside) +
                             " outside every footprint"});
        if (summary.whole + summary.split == 0)
            notes.push_back({FlowNoteKind::no_population,
                             "no LSOA population point lies in the footprints of " + shown(*footprints) +
                                 ": they are not in England, so every flow is outside them"});
        check_known("the derived origin map");
    } else {
        const LayerSpec spec = sources.origin_map ? *sources.origin_map : shipped_origin_map();
        // The shipped table's columns are known: no note about them.
        map_by_table(mapping, read_membership(spec, load.warn, sources.origin_map ? load.note : WarningFn()), true);
        check_known("the origin map '" + spec.display() + "'");
    }
    say("mapping destinations");
    if (sources.destination_map) {
        map_by_table(mapping, read_membership(*sources.destination_map, load.warn, load.note), false);
        check_known("the destination map '" + sources.destination_map->display() + "'");
    } else {
        const PointLayer points = sources.destination_points
                                      ? load_point_layer(ctx, *sources.destination_points, load, "")
                                      : load_point_layer(ctx, shipped_providers(), shipped_load(load), "");
        map_by_points(ctx, mapping, *footprints, points);
        check_known("the destination points");
    }
    const LayerSpec flow_spec = sources.flows ? *sources.flows : shipped_flow_table();
    say("reading " + flow_spec.display());
    FlowTableOptions table = sources.table;
    if (!table.warn) table.warn = load.warn;
    FlowResult result = compute_flows(read_flows(flow_spec, table), mapping, options);
    result.notes = std::move(notes);
    return result;
}

} // namespace fp
