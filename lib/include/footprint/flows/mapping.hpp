// Mapping flow codes to footprints: code successions (trust mergers), and
// origins and destinations placed in footprints by a membership table, by
// the location of provider points, by origin polygons overlaid on the
// footprints, or by population points grouped into origins.
#pragma once

#include "footprint/geometry/geos.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/layer_spec.hpp"
#include "footprint/io/membership.hpp"
#include "footprint/io/points.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fp {

// Old code -> new code (trust mergers). Chains are followed to the newest,
// however long; rows A -> A are ignored.
class Successions {
  public:
    Successions() = default;
    // |member=OLD|group=NEW; default columns old_code and new_code. Throws
    // InputError for a cycle (A -> B -> C -> A), naming its codes.
    static Successions read(const LayerSpec& spec);
    const std::string& resolve(const std::string& code) const;
    std::size_t size() const { return next_.size(); }
    bool is_ambiguous(const std::string& code) const;
    std::vector<std::string> ambiguous; // old codes with several different successors, sorted

  private:
    void resolve_chains(const std::string& source);
    std::unordered_map<std::string, std::string> next_; // old code -> its newest successor, once read
};

using FootprintShares = std::vector<std::pair<std::size_t, double>>;

struct FlowMapping {
    std::vector<std::string> footprint_codes, footprint_names;
    std::unordered_map<std::string, FootprintShares> origin;
    std::unordered_map<std::string, FootprintShares> destination;
    std::unordered_map<std::string, std::string> destination_names;
    // Destinations placed by location: a code absent from the points has no
    // location; a point in no footprint is outside every footprint.
    bool destinations_by_location = false;
    std::vector<std::string> conflicts;       // codes that successions mapped to several footprints
    std::vector<std::string> ambiguous_codes; // map codes with several successors
    Successions successions;

    std::size_t footprint(const std::string& code, const std::string& name);
};

// Origin or destination -> footprint from a membership table (shares allowed).
void map_by_table(FlowMapping& mapping, const Membership& table, bool origins);
// Destinations -> the footprint holding their point.
void map_by_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints, const PointLayer& points);
// Origins given as polygons -> footprints, by their material pieces'
// shares (population when weighted, else area), from the overlay engine.
void map_by_polygons(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                     const PolygonLayer& origins, const PointLayer* weights);
// Origins shared among footprints by the weight of their points (LSOA
// population points grouped into MSOAs): `groups` maps each point's code to
// its origin [with a share]. An origin's weight outside every footprint is
// left unmapped (outside); points of no origin are ignored. Returns how many
// origins lie wholly in one footprint, split, and wholly outside.
struct GroupedPointsSummary {
    std::size_t origins = 0, whole = 0, split = 0, outside = 0;
};
GroupedPointsSummary map_by_grouped_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                                           const PointLayer& points, const Membership& groups);
// Registers every footprint of a layer, so footprints without flows show.
void add_footprints(FlowMapping& mapping, const PolygonLayer& footprints);

} // namespace fp
