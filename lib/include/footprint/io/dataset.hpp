// The shipped England 2016 dataset that tools use when given no layers.
#pragma once

#include "footprint/io/layer_spec.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace fp {

inline constexpr const char* shipped_dataset_name = "england-2016.gpkg";

// $FOOTPRINT_DATA when set; else the source tree's data/ if it still exists
// (builds and installs from a checkout use the same file); else the
// configured share/footprint; else share/footprint beside the program's
// bin/ (an install moved to another prefix). Throws InputError naming
// every place looked at when none has the file.
std::string shipped_dataset_path();

// The shipped dataset's footprints (stp16), the organisations they are
// compared with, and the population points that weigh the comparison:
// the one list that tools given no layers use.
inline constexpr const char* shipped_footprint_layer = "stp16";
inline constexpr const char* shipped_comparison_layers[] = {"ccg16", "lad16", "utla16", "hwb16", "cauth17"};
inline constexpr const char* shipped_population_layer = "lsoa11_pop";
// The comparison layer a map of the shipped footprints is drawn against.
inline constexpr const char* shipped_map_unit_layer = "utla16";
// The shipped patient flows (MSOA to trust, 2019), the map of their origins
// to the shipped footprints, the trusts' points, and the LSOA to MSOA
// lookup that places MSOAs in any other footprints.
inline constexpr const char* shipped_flow_layer = "msoa_trust_flows19";
inline constexpr const char* shipped_origin_map_layer = "msoa11_stp16";
inline constexpr const char* shipped_provider_layer = "trusts";
inline constexpr const char* shipped_msoa_lookup_layer = "lsoa11_msoa11";

// A layer of the shipped dataset.
LayerSpec shipped_layer(const std::string& layer);

// The shipped footprints, then every shipped comparison layer.
std::vector<LayerSpec> shipped_boundary_layers();

// The polygon layer of the shipped dataset whose features carry most of
// `codes` (in any text field), when that is more than half of them: the
// layer a membership table's members most likely come from. None when no
// layer does or the shipped dataset is missing.
std::optional<LayerSpec> shipped_layer_holding(const std::set<std::string>& codes);

} // namespace fp
