#include "context.hpp"
#include "footprint/core/error.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/overlay/build.hpp"

#include <algorithm>

namespace fp {

namespace {

// A dissolved footprint as a loaded layer's would be: valid, as the
// rules assume (filling sliver holes can leave rings touching).
GeomPtr valid(GeosContext& geos, GeomPtr g) {
    // Rebuilt from its WKB, as a layer read from a file is: what GEOS
    // derived and kept about the geometry while it was dissolved (such
    // as its envelope) must not outlive the changes made to it.
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(geos);
    std::size_t size = 0;
    unsigned char* wkb = GEOSWKBWriter_write_r(geos, writer, g.get(), &size);
    GEOSWKBWriter_destroy_r(geos, writer);
    if (wkb == nullptr) throw GeometryError("GEOS could not write a dissolved footprint");
    GEOSWKBReader* reader = GEOSWKBReader_create_r(geos);
    g = own(geos, GEOSWKBReader_read_r(geos, reader, wkb, size), "read a dissolved footprint");
    GEOSWKBReader_destroy_r(geos, reader);
    GEOSFree_r(geos, wkb);
    if (GEOSisValid_r(geos, g.get()) == 1) return g;
    return make_valid(geos, g.get(), "GEOS make valid failed");
}

// The member labelled with its name in `layer`, whose units are sorted by code.
std::string member_of(const std::string& code, const PolygonLayer& layer) {
    const auto found = std::lower_bound(layer.units.begin(), layer.units.end(), code,
                                        [](const Unit& u, const std::string& c) { return u.code < c; });
    return found != layer.units.end() && found->code == code ? labelled(code, found->name) : code;
}

// The polygons of the table's members: the member layer's, or else those of
// the shipped layer holding most of them (loaded into `found`). nullptr when
// there are none, with the reason in ctx.no_geometry.
const PolygonLayer* member_polygons(CheckContext& ctx, std::optional<PolygonLayer>& found) {
    const CheckRequest& request = ctx.request;
    if (request.members) {
        if (!ctx.members->polygons) {
            ctx.no_geometry = "there is no footprint layer, and the member layer " + request.members->display() +
                              " holds points, which cannot be dissolved into footprints; give the footprint "
                              "layer or the members' polygons";
            return nullptr;
        }
        ctx.dissolved_from = request.members->display();
        return &*ctx.members->polygons;
    }
    std::set<std::string> codes;
    for (const auto& entry : ctx.of_member)
        codes.insert(entry.first);
    ctx.stage("looking for the members' layer");
    const std::optional<LayerSpec> spec = shipped_layer_holding(codes);
    if (!spec) {
        ctx.no_geometry = "there is no footprint layer, and no member layer to dissolve the table's members "
                          "into footprints: no layer of the shipped dataset holds most of its members; give "
                          "the footprint layer or the members' polygons";
        return nullptr;
    }
    ctx.stage("reading " + spec->display());
    found = load_polygon_layer(ctx.geos, *spec, request.load);
    ctx.dissolved_from = spec->display();
    return &*found;
}

// Members in several footprints or only partly in one: member -> its footprints.
std::map<std::string, std::vector<std::string>>
partial_members(const std::map<std::string, std::vector<std::pair<std::string, double>>>& of_member) {
    std::map<std::string, std::vector<std::string>> partial;
    for (const auto& [code, groups] : of_member) {
        std::set<std::string> distinct;
        bool part = false;
        for (const auto& [group, share] : groups) {
            distinct.insert(group);
            part = part || share < 1;
        }
        if (distinct.size() > 1 || part) partial[code].assign(distinct.begin(), distinct.end());
    }
    return partial;
}

// Says which footprints were drawn only approximately, and why.
void note_approximate(CheckContext& ctx, const std::vector<std::string>& shared,
                      const std::vector<std::string>& missing) {
    if (!shared.empty()) {
        std::vector<std::string> codes(ctx.approximate.begin(), ctx.approximate.end());
        ctx.notes.push_back(plural_of(shared.size(), "member") + " of the table " +
                            (shared.size() == 1 ? "is" : "are") + " in several footprints or only partly in one (" +
                            first_of(shared) +
                            "), and a member's polygon cannot be cut: it was drawn whole in the footprint "
                            "holding its largest share, so the geometry rules report nothing about " +
                            first_of(codes) +
                            "; give the footprint layer, or a member layer whose units nest in "
                            "every footprint, such as LSOAs");
    }
    if (!missing.empty() && !ctx.request.members)
        ctx.notes.push_back(plural_of(missing.size(), "member") + " of the table " +
                            (missing.size() == 1 ? "is" : "are") + " not in " + ctx.dissolved_from + " (" +
                            first_of(missing) +
                            "): their footprints were drawn without them, so the geometry "
                            "rules report nothing about them; correct the codes, or give the members' polygons");
}

} // namespace

// A table alone defines footprints too: draw them by dissolving its
// members, as fp-build does, so that every geometry rule runs.
void CheckContext::dissolve_table() {
    std::optional<PolygonLayer> found;
    const PolygonLayer* layer = member_polygons(*this, found);
    if (!layer) return;

    // A member in several footprints, or only partly in one, cannot be
    // cut: it goes whole to its largest share (overlapping footprints
    // would confuse every rule), and all its footprints are drawn only
    // approximately.
    const auto partial = partial_members(of_member);
    Membership whole = *table;
    whole.rows.clear();
    for (const auto& row : table->rows)
        if (!partial.count(row.member)) whole.rows.push_back(row);
    stage("dissolving the members of " + request.membership->display());
    BuildOptions options;
    options.tolerance = request.overlay.tolerance;
    BuildResult built = build_footprints(geos, *layer, whole, options);

    std::map<std::string, const Unit*> member_units;
    for (const auto& unit : layer->units)
        member_units.emplace(unit.code, &unit);
    std::map<std::string, std::vector<GeomPtr>> parts; // footprint -> geometries
    for (auto& f : built.footprints)
        if (f.geom && !is_empty(geos, f.geom.get())) parts[f.code].push_back(std::move(f.geom));
    std::vector<std::string> shared;
    for (const auto& [code, groups] : partial) {
        for (const auto& group : groups)
            approximate.insert(group);
        shared.push_back(member_of(code, *layer) + " in " + join(groups));
        const auto unit = member_units.find(code);
        if (unit == member_units.end()) continue;
        std::pair<std::string, double> largest{"", -1};
        for (const auto& entry : of_member[code])
            if (entry.second > largest.second) largest = entry;
        parts[largest.first].push_back(clone(geos, unit->second->geom.get()));
        shared_area.push_back(clone(geos, unit->second->geom.get()));
    }
    // Members the layer lacks leave holes in their footprints.
    std::vector<std::string> missing;
    for (const auto& entry : built.missing_members)
        missing.push_back(entry);
    for (const auto& [code, groups] : partial)
        if (!member_units.count(code)) missing.push_back(code + " (for " + join(groups) + ")");
    if (!request.members)
        for (const auto& [code, groups] : of_member)
            if (!member_units.count(code))
                for (const auto& g : groups)
                    approximate.insert(g.first);

    PolygonLayer drawn;
    drawn.source = layer->source;
    drawn.layer_name = layer->layer_name;
    drawn.driver = layer->driver;
    drawn.source_crs = layer->source_crs;
    drawn.working_crs = layer->working_crs;
    for (const auto& [code, name] : table_footprint_names) {
        Unit unit;
        unit.code = code;
        unit.name = name;
        auto geoms = parts.find(code);
        unit.geom = geoms == parts.end() ? empty_polygon(geos) : valid(geos, union_all(geos, std::move(geoms->second)));
        unit.area_m2 = area(geos, unit.geom.get());
        drawn.units.push_back(std::move(unit));
    }
    drawn.set_extent(geos);
    footprints = std::move(drawn);

    note_approximate(*this, shared, missing);
}

} // namespace fp
