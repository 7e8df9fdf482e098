#include "footprint/overlay/overlay.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/geometry/geos_index.hpp"
#include "footprint/geometry/overlap_area.hpp"
#include "footprint/geometry/subdivide.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/gdal_util.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <unordered_map>

namespace fp {

namespace {

constexpr double infinite_width = std::numeric_limits<double>::infinity();
// A width known to exceed the tolerance without being measured.
constexpr double wide_enough = std::numeric_limits<double>::max();

Side side_of(const std::string& source, const PolygonLayer& layer) {
    Side side;
    side.source = source;
    for (const auto& unit : layer.units) {
        side.codes.push_back(unit.code);
        side.names.push_back(unit.name);
        side.area_m2.push_back(unit.area_m2);
        side.weight.push_back(not_measured);
    }
    return side;
}

double safe_ratio(double part, double whole) {
    return whole > 0 ? part / whole : 0;
}

bool judge_sliver(const Piece& piece, const OverlayOptions& options) {
    const PieceSize size{
        piece.whole_a || piece.whole_b, !piece.membership,       piece.area_m2, piece.share_of_a, piece.share_of_b,
        piece.weight_share_of_a,        piece.weight_share_of_b, piece.width_m};
    return is_sliver_piece(size, options.tolerance, options.share_tolerance);
}

// Relations, footprint and unit summaries from the pieces. Only material
// pieces decide who lies in whom.
void classify(Overlay& o) {
    // At a tolerance of 0, "nothing outside" must still hold for exact fits.
    const double tol = std::max(o.options.share_tolerance, 1e-9);
    const std::size_t na = o.a.codes.size(), nb = o.b.codes.size();
    std::vector<std::vector<std::size_t>> material_a(na), material_b(nb);
    std::vector<double> covered_a(na, 0), covered_b(nb, 0);
    for (std::size_t i = 0; i < o.pieces.size(); ++i) {
        const Piece& p = o.pieces[i];
        covered_a[p.a] += p.share_of_a;
        covered_b[p.b] += p.share_of_b;
        if (!p.sliver) {
            material_a[p.a].push_back(i);
            material_b[p.b].push_back(i);
        }
    }
    o.footprints.assign(na, {});
    o.units.assign(nb, {});
    for (std::size_t a = 0; a < na; ++a)
        o.footprints[a].outside_share = std::max(0.0, 1 - covered_a[a]);
    for (std::size_t b = 0; b < nb; ++b)
        o.units[b].outside_share = std::max(0.0, 1 - covered_b[b]);

    for (auto& p : o.pieces) {
        if (p.sliver) {
            p.relation = Relation::sliver;
            continue;
        }
        const bool b_in_a = material_b[p.b].size() == 1 && o.units[p.b].outside_share < tol;
        const bool a_in_b = material_a[p.a].size() == 1 && o.footprints[p.a].outside_share < tol;
        p.relation = b_in_a && a_in_b ? Relation::equal
                     : b_in_a         ? Relation::unit_within_footprint
                     : a_in_b         ? Relation::footprint_within_unit
                                      : Relation::split;
    }

    for (std::size_t a = 0; a < na; ++a) {
        FootprintSummary& f = o.footprints[a];
        double whole_area = 0, whole_weight = 0;
        for (std::size_t i : material_a[a]) {
            const Piece& p = o.pieces[i];
            if (p.relation == Relation::equal || p.relation == Relation::unit_within_footprint) {
                ++f.whole_units;
                whole_area += o.membership_mode ? p.share_of_a : p.area_m2;
                whole_weight += p.weight;
            } else {
                f.split_units.push_back(p.b);
            }
        }
        // Units that overlap each other by slivers can add up to a hair over
        // the footprint: an index is a share, so at most 1.
        f.index_area = std::min(1.0, o.membership_mode ? whole_area : safe_ratio(whole_area, o.a.area_m2[a]));
        if (o.weighted) f.index_weight = std::min(1.0, safe_ratio(whole_weight, o.a.weight[a]));
        f.coterminous = !material_a[a].empty() && f.split_units.empty() && f.outside_share < tol;
    }
    for (std::size_t b = 0; b < nb; ++b) {
        auto& list = o.units[b].pieces = material_b[b];
        std::stable_sort(list.begin(), list.end(),
                         [&](std::size_t x, std::size_t y) { return o.pieces[x].share_of_b > o.pieces[y].share_of_b; });
    }
}

// Adds population to pieces: each point is located in A and in B, and its
// weight goes to the piece of the two units that hold it.
void add_weights(GeosContext& ctx, Overlay& o, const PolygonLayer& a, const PolygonLayer& b, const PointLayer& points) {
    o.weighted = true;
    const PointLocation in_a = locate_points(ctx, a.units, points.points);
    const PointLocation in_b = locate_points(ctx, b.units, points.points);
    std::fill(o.a.weight.begin(), o.a.weight.end(), 0.0);
    std::fill(o.b.weight.begin(), o.b.weight.end(), 0.0);
    std::map<std::pair<std::size_t, std::size_t>, double> by_pair;
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const double w = points.points[p].weight;
        o.weight_total += w;
        const long ia = in_a.unit_of_point[p], ib = in_b.unit_of_point[p];
        if (ib >= 0) o.b.weight[static_cast<std::size_t>(ib)] += w;
        if (ia < 0) {
            o.weight_outside_a += w;
            continue;
        }
        o.a.weight[static_cast<std::size_t>(ia)] += w;
        if (ib < 0)
            o.weight_outside_b += w;
        else
            by_pair[{static_cast<std::size_t>(ia), static_cast<std::size_t>(ib)}] += w;
    }
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> index;
    for (std::size_t i = 0; i < o.pieces.size(); ++i)
        index[{o.pieces[i].a, o.pieces[i].b}] = i;
    for (const auto& [key, w] : by_pair) {
        // A point on a shared border can pair units whose intersection has
        // no area; its people still count, on a piece of no area.
        if (!index.count(key)) {
            Piece piece;
            piece.a = key.first;
            piece.b = key.second;
            piece.area_m2 = 0;
            index[key] = o.pieces.size();
            o.pieces.push_back(std::move(piece));
        }
    }
    for (auto& piece : o.pieces) {
        const auto found = by_pair.find({piece.a, piece.b});
        piece.weight = found == by_pair.end() ? 0 : found->second;
        piece.weight_share_of_a = safe_ratio(piece.weight, o.a.weight[piece.a]);
        piece.weight_share_of_b = safe_ratio(piece.weight, o.b.weight[piece.b]);
    }
}

void sort_pieces(Overlay& o) {
    std::sort(o.pieces.begin(), o.pieces.end(),
              [](const Piece& x, const Piece& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
}

struct Tile {
    GeomPtr geom;
    Envelope box;
    Rings rings;
};

} // namespace

const char* to_string(Relation relation) {
    switch (relation) {
    case Relation::equal:
        return "equal";
    case Relation::unit_within_footprint:
        return "unit-within-footprint";
    case Relation::footprint_within_unit:
        return "footprint-within-unit";
    case Relation::split:
        return "split";
    case Relation::sliver:
        return "sliver";
    }
    return "?";
}

Overlay overlay_layers(GeosContext& ctx, const PolygonLayer& a, const PolygonLayer& b, const PointLayer* weights,
                       const OverlayOptions& options) {
    Overlay o;
    o.options = options;
    o.a = side_of(a.source + (a.layer_name.empty() ? "" : "|layer=" + a.layer_name), a);
    o.b = side_of(b.source + (b.layer_name.empty() ? "" : "|layer=" + b.layer_name), b);

    // Walk the layer with more units; index and prepare the one with fewer,
    // whose larger polygons repay preparation and subdivision.
    const bool walk_a = a.units.size() >= b.units.size();
    const std::vector<Unit>& walked = walk_a ? a.units : b.units;
    const std::vector<Unit>& indexed = walk_a ? b.units : a.units;
    const std::vector<const GEOSGeometry*> indexed_geoms = geometries_of(indexed);
    const unsigned workers = worker_count();
    std::vector<std::unique_ptr<GeosWorker>> state = make_workers(workers, indexed_geoms);
    std::vector<std::vector<Piece>> pieces_of_worker(workers);

    std::vector<std::vector<Tile>> tiles(indexed.size());
    parallel_for(indexed.size(), workers, 1, [&](unsigned w, std::size_t j) {
        GeosContext& local = state[w]->ctx;
        for (auto& part : subdivide(local, indexed[j].geom.get())) {
            const Envelope box = envelope_of(local, part.get());
            Rings rings = oriented_rings(local, part.get());
            tiles[j].push_back({hand_over(std::move(part), ctx), box, std::move(rings)});
        }
    });

    const GeosIndex index(ctx, indexed_geoms);
    const double disc_m2 = disc_area_m2(options.tolerance);
    parallel_for(walked.size(), workers, 8, [&](unsigned w, std::size_t i) {
        GeosWorker& worker = *state[w];
        GeosContext& local = worker.ctx;
        const GEOSGeometry* small = walked[i].geom.get();
        if (is_empty(local, small)) return;
        std::optional<OverlapArea> small_edges;
        std::optional<GeomPtr> small_disc;
        for (std::size_t j : index.candidates(local, small)) {
            const GEOSPreparedGeometry* large = worker.prepared(j);
            if (GEOSPreparedIntersects_r(local, large, small) != 1) continue;
            Piece piece;
            piece.a = walk_a ? i : j;
            piece.b = walk_a ? j : i;
            GeomPtr geom;
            const bool whole = GEOSPreparedCovers_r(local, large, small) == 1;
            if (whole) {
                piece.area_m2 = walked[i].area_m2;
                piece.width_m = infinite_width;
                (walk_a ? piece.whole_a : piece.whole_b) = true;
                if (options.keep_pieces) geom = clone(local, small);
            } else {
                // The area comes from the edges alone; the piece itself
                // is built only when its width must be measured or it
                // is kept.
                if (!small_edges) small_edges.emplace(oriented_rings(local, small));
                const Envelope small_box = envelope_of(local, small);
                double total = 0;
                for (const auto& tile : tiles[j])
                    if (tile.box.meets(small_box)) total += small_edges->with(tile.rings);
                if (total <= 0) continue; // the two only touch
                piece.area_m2 = total;
                piece.share_of_a = safe_ratio(total, a.units[piece.a].area_m2);
                piece.share_of_b = safe_ratio(total, b.units[piece.b].area_m2);
                // The indexed unit may lie wholly in the walked one.
                if (std::abs(total - indexed[j].area_m2) <= 1e-9 * indexed[j].area_m2) {
                    (walk_a ? piece.whole_b : piece.whole_a) = true;
                    (walk_a ? piece.share_of_b : piece.share_of_a) = 1;
                    piece.width_m = infinite_width;
                }
                // The width decides only for pieces that could hold the
                // disc and are not negligible anyway; with weights, a
                // piece small by area may still hold many people.
                const bool negligible =
                    weights == nullptr && std::max(piece.share_of_a, piece.share_of_b) < options.share_tolerance;
                const bool width_wanted =
                    total >= disc_m2 && !piece.whole_a && !piece.whole_b && (options.keep_pieces || !negligible);
                // A disc deep inside the walked unit that the indexed one
                // also holds is inside the piece.
                if (width_wanted) {
                    if (!small_disc) small_disc = disc_cover_inside(local, small, options.tolerance.width_m);
                    if (*small_disc && GEOSPreparedContains_r(local, large, small_disc->get()) == 1)
                        piece.width_m = wide_enough;
                }
                const bool measure = width_wanted && std::isnan(piece.width_m);
                if (measure || options.keep_pieces) {
                    std::vector<GeomPtr> parts;
                    for (const auto& tile : tiles[j]) {
                        if (!tile.box.meets(small_box)) continue;
                        GeomPtr part = polygonal_part(
                            local, own(local, GEOSIntersection_r(local, small, tile.geom.get()), "intersection"));
                        if (area(local, part.get()) > 0) parts.push_back(std::move(part));
                    }
                    // A disc inside one tile's part is inside the piece:
                    // that spares the union of the parts.
                    if (measure && std::any_of(parts.begin(), parts.end(), [&](const GeomPtr& part) {
                            return surely_holds_disc(local, part.get(), options.tolerance.width_m);
                        }))
                        piece.width_m = wide_enough;
                    const bool width_unknown = measure && std::isnan(piece.width_m);
                    const bool several_parts = parts.size() > 1;
                    if (options.keep_pieces || width_unknown)
                        geom = parts.empty()   ? empty_polygon(local)
                               : several_parts ? union_all(local, std::move(parts))
                                               : std::move(parts.front());
                    if (width_unknown)
                        piece.width_m = several_parts && surely_holds_disc(local, geom.get(), options.tolerance.width_m)
                                            ? wide_enough
                                            : inscribed_width(local, geom.get(), options.tolerance.width_m);
                }
            }
            if (whole) {
                piece.share_of_a = safe_ratio(piece.area_m2, a.units[piece.a].area_m2);
                piece.share_of_b = safe_ratio(piece.area_m2, b.units[piece.b].area_m2);
                // Covered whole: exactly 1, not 0.99999 from rounding.
                (walk_a ? piece.share_of_a : piece.share_of_b) = 1;
            }
            if (options.keep_pieces) piece.geom = hand_over(std::move(geom), ctx);
            pieces_of_worker[w].push_back(std::move(piece));
        }
    });
    for (auto& pieces : pieces_of_worker)
        for (auto& piece : pieces)
            o.pieces.push_back(std::move(piece));
    if (weights != nullptr) add_weights(ctx, o, a, b, *weights);
    for (auto& piece : o.pieces)
        piece.sliver = judge_sliver(piece, options);
    sort_pieces(o);
    classify(o);
    return o;
}

Overlay overlay_memberships(const Membership& a, const Membership& b, const std::map<std::string, double>* weights,
                            const OverlayOptions& options) {
    check_member_shares(a);
    check_member_shares(b);
    Overlay o;
    o.options = options;
    o.membership_mode = true;
    o.weighted = weights != nullptr;
    o.a.source = a.source;
    o.b.source = b.source;

    std::map<std::string, std::string> names_a, names_b;
    for (const auto& r : a.rows)
        names_a.emplace(r.group, r.group_name);
    for (const auto& r : b.rows)
        names_b.emplace(r.group, r.group_name);
    std::map<std::string, std::size_t> index_a, index_b;
    for (const auto& [code, name] : names_a) {
        index_a[code] = o.a.codes.size();
        o.a.codes.push_back(code);
        o.a.names.push_back(name);
    }
    for (const auto& [code, name] : names_b) {
        index_b[code] = o.b.codes.size();
        o.b.codes.push_back(code);
        o.b.names.push_back(name);
    }
    o.a.area_m2.assign(o.a.codes.size(), not_measured);
    o.b.area_m2.assign(o.b.codes.size(), not_measured);

    const auto weight_of = [&](const std::string& member) {
        if (weights == nullptr) return 1.0;
        const auto found = weights->find(member);
        if (found == weights->end()) throw InputError("member " + member + " has no weight in the weight table");
        return found->second;
    };
    std::map<std::string, std::vector<std::pair<std::size_t, double>>> of_member_a, of_member_b;
    for (const auto& r : a.rows)
        of_member_a[r.member].push_back({index_a[r.group], r.share});
    for (const auto& r : b.rows)
        of_member_b[r.member].push_back({index_b[r.group], r.share});

    std::vector<double> total_a(o.a.codes.size(), 0), total_b(o.b.codes.size(), 0);
    std::map<std::pair<std::size_t, std::size_t>, double> by_pair;
    for (const auto& [member, groups] : of_member_a) {
        const double w = weight_of(member);
        o.weight_total += w;
        for (const auto& [ia, sa] : groups)
            total_a[ia] += w * sa;
        const auto other = of_member_b.find(member);
        if (other == of_member_b.end()) {
            o.weight_outside_b += w;
            continue;
        }
        for (const auto& [ia, sa] : groups)
            for (const auto& [ib, sb] : other->second)
                by_pair[{ia, ib}] += w * sa * sb;
    }
    for (const auto& [member, groups] : of_member_b) {
        const double w = weight_of(member);
        for (const auto& [ib, sb] : groups)
            total_b[ib] += w * sb;
        if (!of_member_a.count(member)) {
            o.weight_total += w; // a member of B only still counts
            o.weight_outside_a += w;
        }
    }
    o.a.weight = o.weighted ? total_a : std::vector<double>(total_a.size(), not_measured);
    o.b.weight = o.weighted ? total_b : std::vector<double>(total_b.size(), not_measured);
    for (const auto& [key, w] : by_pair) {
        Piece piece;
        piece.membership = true;
        piece.a = key.first;
        piece.b = key.second;
        piece.share_of_a = safe_ratio(w, total_a[key.first]);
        piece.share_of_b = safe_ratio(w, total_b[key.second]);
        if (o.weighted) {
            piece.weight = w;
            piece.weight_share_of_a = piece.share_of_a;
            piece.weight_share_of_b = piece.share_of_b;
        }
        piece.sliver = judge_sliver(piece, options);
        o.pieces.push_back(std::move(piece));
    }
    sort_pieces(o);
    classify(o);
    return o;
}

std::map<std::string, double> read_member_weights(const LayerSpec& spec) {
    GDALDatasetUniquePtr dataset = open_vector(spec.source);
    OGRLayer& layer = select_layer(*dataset, spec);
    GdalErrorCapture capture;
    const std::string context = "'" + spec.display() + "'";
    OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const auto fields = field_names(defn);
    std::string member;
    if (!spec.member_field.empty()) {
        member = find_field(fields, spec.member_field);
        if (member.empty())
            throw UsageError(context + ": no member column '" + spec.member_field + "'; name it with '|member=COLUMN'");
    } else {
        try {
            member = choose_fields(fields, layer.GetName(), "", "", context).code;
        } catch (const UsageError&) {
            throw UsageError(context + ": cannot tell the member column; name it with '|member=COLUMN'");
        }
    }
    std::string weight = find_field(fields, spec.weight_field.empty() ? "population" : spec.weight_field);
    if (weight.empty())
        throw UsageError(context + ": no weight column '" +
                         (spec.weight_field.empty() ? "population" : spec.weight_field) +
                         "'; name it with '|weight=COLUMN'");
    const int member_index = defn.GetFieldIndex(member.c_str());
    const int weight_index = defn.GetFieldIndex(weight.c_str());
    std::map<std::string, double> weights;
    std::size_t row = 0;
    for (auto& feature : layer) {
        ++row;
        const std::string code(trim(feature->GetFieldAsString(member_index)));
        const char* text = feature->GetFieldAsString(weight_index);
        char* end = nullptr;
        errno = 0;
        const double value = std::strtod(text, &end);
        if (end == text || *end != '\0' || errno == ERANGE || !std::isfinite(value) || value < 0)
            throw InputError(context + " row " + std::to_string(row) + ", column " + weight + ": weight " +
                             quote_value(text) + " is not a number >= 0");
        weights[code] += value;
    }
    if (!capture.last_error().empty()) throw InputError("reading " + context + " failed: " + capture.last_error());
    return weights;
}

} // namespace fp
