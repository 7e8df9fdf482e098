// The overlay engine: how a footprint layer A and a comparison layer B
// intersect, piece by piece, and what each pair of units is to each other.
#pragma once

#include "footprint/core/format.hpp"
#include "footprint/geometry/sliver.hpp"
#include "footprint/io/layer.hpp"
#include "footprint/io/membership.hpp"
#include "footprint/io/points.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace fp {

// What a unit b of B is to a footprint a of A, judged on material pieces.
enum class Relation {
    equal,                 // a and b are the same area
    unit_within_footprint, // b lies in a and in no other footprint
    footprint_within_unit, // a lies in b, and b reaches other footprints
    split,                 // both reach elsewhere
    sliver                 // a ∩ b is only a sliver: ignored when classifying
};

const char* to_string(Relation relation);

struct OverlayOptions {
    SliverTolerance tolerance{default_overlay_width_m};
    // A piece is negligible when it is less than this fraction of both a and
    // b, by area and, when weighted, by population.
    double share_tolerance = default_share_tolerance;
    bool keep_pieces = false; // keep each piece's geometry (for --pieces)
};

struct Piece {
    std::size_t a, b;              // indices into the footprint and unit lists
    double area_m2 = not_measured; // NaN in membership mode
    double share_of_a = 0;         // by area, or by member weight in membership mode
    double share_of_b = 0;
    double weight = not_measured; // population of a ∩ b, when weighted
    double weight_share_of_a = not_measured;
    double weight_share_of_b = not_measured;
    // Diameter of the largest disc inside the piece, measured only when it
    // decides the class: infinite for a whole unit; DBL_MAX when a disc of
    // the sliver width surely fits; NaN when the piece is too small to hold
    // one or negligible anyway.
    double width_m = not_measured;
    bool membership = false; // from membership tables: no geometry
    bool whole_a = false;    // a lies entirely in b
    bool whole_b = false;    // b lies entirely in a
    bool sliver = false;
    Relation relation = Relation::sliver;
    GeomPtr geom; // only with keep_pieces
};

struct Side {
    std::string source; // how the layer was named
    std::vector<std::string> codes;
    std::vector<std::string> names;
    std::vector<double> area_m2; // NaN in membership mode
    std::vector<double> weight;  // NaN when not weighted
};

struct FootprintSummary {
    std::size_t whole_units = 0;          // units wholly inside the footprint (or equal to it)
    std::vector<std::size_t> split_units; // units it shares with other footprints or with no footprint
    double index_area = not_measured;     // share of the footprint's area in whole units
    double index_weight = not_measured;   // the same by population
    double outside_share = 0;             // share of the footprint in no unit of B
    bool coterminous = false;
};

struct UnitSummary {
    std::vector<std::size_t> pieces; // material pieces, largest share of b first
    double outside_share = 0;        // share of b in no footprint
};

struct Overlay {
    Side a, b;
    bool weighted = false;
    bool membership_mode = false;
    OverlayOptions options;
    std::vector<Piece> pieces;                // sorted by a code, then b code
    std::vector<FootprintSummary> footprints; // one per a
    std::vector<UnitSummary> units;           // one per b
    // Weight reconciliation: total = in_pieces + outside_a + outside_b_only.
    double weight_total = 0;
    double weight_outside_a = 0; // points in no footprint
    double weight_outside_b = 0; // points in a footprint but no unit of B
};

// Geometry mode. `weights` may be null.
Overlay overlay_layers(GeosContext& ctx, const PolygonLayer& a, const PolygonLayer& b, const PointLayer* weights,
                       const OverlayOptions& options);

// Membership mode: the same questions for definitions given as tables over
// one set of members (CCG -> footprint against CCG -> LDR, LSOA -> CCG
// against LSOA -> footprint). Shares are by member weight when `weights`
// (member -> weight) is given, otherwise by member count.
Overlay overlay_memberships(const Membership& a, const Membership& b, const std::map<std::string, double>* weights,
                            const OverlayOptions& options);

// Member weights from a table: |member=COLUMN|weight=COLUMN, or ONS-style
// detection of the code column and a numeric column named population.
std::map<std::string, double> read_member_weights(const LayerSpec& spec);

} // namespace fp
