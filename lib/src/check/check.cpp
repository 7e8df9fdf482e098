#include "footprint/check/check.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/overlay/build.hpp"
#include "footprint/overlay/coverage.hpp"
#include "footprint/overlay/plausible.hpp"
#include "footprint/overlay/span.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <re2/re2.h>

namespace fp {

namespace {

const std::vector<RuleInfo> rules = {
    {"codes.pattern", Severity::error, "every footprint code matches the code pattern"},
    {"codes.duplicate", Severity::error, "no footprint code is on two features and no table row is repeated"},
    {"names.duplicate", Severity::error, "no two footprints share a name"},
    {"coverage.overlap", Severity::error, "footprints do not overlap"},
    {"coverage.gap", Severity::error, "footprints leave no gap between them"},
    {"coverage.reference", Severity::error, "footprints together cover the reference area"},
    {"membership.split", Severity::error, "every member is in exactly one footprint, unless allowed to split"},
    {"membership.unassigned", Severity::error, "every unit of the member layer is in the table"},
    {"membership.unknown-member", Severity::error, "every member in the table is in the member layer"},
    {"membership.unknown-footprint", Severity::error, "every footprint in the table is in the footprint layer"},
    {"membership.empty-footprint", Severity::error, "every footprint of the footprint layer has members"},
    {"membership.geometry", Severity::error, "the table puts each member where the geometry has it"},
    {"coterm.union", Severity::error,
     "every footprint is a union of whole units of each coterminosity layer, except allowed "
     "splits"},
    {"size.population", Severity::error, "every footprint's population is within the bounds"},
    {"size.area", Severity::error, "every footprint's area is within the bounds"},
    {"contiguity.parts", Severity::error, "every footprint is one part, unless its islands are allowed"},
    {"allowances.unused", Severity::warning, "every allowed split and island is still needed"},
};

// The rules that judge footprint geometry: what they find about a footprint
// drawn only approximately (from whole members it shares) is not reported.
const std::set<std::string> geometry_rules = {"coverage.overlap", "coverage.gap", "coverage.reference", "coterm.union",
                                              "size.population",  "size.area",    "contiguity.parts"};

std::string percent(double share) {
    return format_fixed(share * 100, 1) + "%";
}

std::string km2(double m2) {
    const double value = m2 / 1e6;
    return format_fixed(value, value < 10 ? 3 : 1) + " km2";
}

std::string at(double x, double y) {
    return "around " + format_fixed(x, 0) + " " + format_fixed(y, 0);
}

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? separator : "") + items[i];
    return text;
}

// The first few items, and how many more.
std::string first_of(const std::vector<std::string>& items) {
    constexpr std::size_t shown = 5;
    if (items.size() <= shown) return join(items);
    return join(std::vector<std::string>(items.begin(), items.begin() + shown)) + " and " +
           std::to_string(items.size() - shown) + " more";
}

std::string plural_of(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// "CODE (Name)" when the name is known.
std::string labelled(const std::string& code, const std::string& name) {
    return name.empty() || name == code ? code : code + " (" + name + ")";
}

// The rule results, addressed by id while the checks run.
class Results {
  public:
    explicit Results(const CheckRequest& request) {
        for (const auto& setting : request.severities) {
            const std::string& id = setting.first;
            if (std::none_of(rules.begin(), rules.end(), [&](const RuleInfo& r) { return id == r.id; }))
                throw UsageError("unknown rule '" + id + "' (rules: " + rule_list() + ")");
        }
        for (const auto& info : rules) {
            RuleResult r;
            r.id = info.id;
            r.summary = info.summary;
            const auto set = request.severities.find(info.id);
            r.severity = set == request.severities.end() ? info.default_severity : set->second;
            if (r.severity == Severity::off) r.skipped = "turned off";
            results_.push_back(std::move(r));
        }
    }

    static std::string rule_list() {
        std::vector<std::string> ids;
        for (const auto& r : rules)
            ids.push_back(r.id);
        return join(ids);
    }

    bool ran(const std::string& id) { return get(id).ran; }

    // Skipped only because the options it needs were not given: neither
    // turned off nor prevented from running.
    bool not_asked(const std::string& id) {
        const RuleResult& r = get(id);
        return !r.ran && !r.not_run && r.severity != Severity::off;
    }

    // Marks a rule as run; as skipped for `missing` (options it needs) when
    // that is not empty; else as not run, a warning, for `cannot` (why its
    // input is missing) when that is not empty.
    bool start(const std::string& id, const std::string& missing = "", const std::string& cannot = "") {
        RuleResult& r = get(id);
        if (r.severity == Severity::off) return false;
        if (!missing.empty()) {
            r.skipped = "needs " + missing;
            return false;
        }
        if (!cannot.empty()) {
            r.skipped = cannot;
            r.not_run = true;
            return false;
        }
        r.ran = true;
        return true;
    }

    void add(const std::string& id, Violation v) {
        if (geometry_rules.count(id))
            for (const auto& code : v.codes)
                if (approximate.count(code)) return; // said once, in a note
        get(id).violations.push_back(std::move(v));
    }

    // Footprints drawn only approximately; see geometry_rules.
    std::set<std::string> approximate;

    std::vector<RuleResult> take() {
        for (auto& r : results_)
            std::stable_sort(r.violations.begin(), r.violations.end(),
                             [](const Violation& x, const Violation& y) { return x.codes < y.codes; });
        return std::move(results_);
    }

  private:
    RuleResult& get(const std::string& id) {
        for (auto& r : results_)
            if (r.id == id) return r;
        throw std::logic_error("no rule " + id);
    }
    std::vector<RuleResult> results_;
};

// The members' own layer: polygons or points.
struct MemberLayer {
    std::optional<PolygonLayer> polygons;
    std::optional<PointLayer> points;
    std::map<std::string, std::string> names; // code -> name
};

MemberLayer load_members(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options) {
    OGRwkbGeometryType type;
    {
        DatasetPtr dataset = open_vector(spec.source);
        type = wkbFlatten(select_layer(*dataset, spec).GetGeomType());
    }
    MemberLayer members;
    if (type == wkbPoint || type == wkbMultiPoint) {
        members.points = load_point_layer(ctx, spec, options, "");
        for (const auto& p : members.points->points)
            members.names.emplace(p.code, p.name);
    } else {
        members.polygons = load_polygon_layer(ctx, spec, options);
        for (const auto& u : members.polygons->units)
            members.names.emplace(u.code, u.name);
    }
    return members;
}

struct TableView {
    // member -> its footprints (group codes, table order) with shares
    std::map<std::string, std::vector<std::pair<std::string, double>>> of_member;
    std::map<std::string, std::string> footprint_names; // group -> name
};

TableView view_of(const Membership& table) {
    TableView view;
    for (const auto& row : table.rows) {
        view.of_member[row.member].push_back({row.group, row.share});
        view.footprint_names.emplace(row.group, row.group_name);
    }
    return view;
}

class Checker {
  public:
    Checker(GeosContext& ctx, const CheckRequest& request) : ctx_(ctx), request_(request), results_(request) {}

    CheckReport run() {
        validate();
        load();
        check_codes();
        check_coverage_rules();
        check_membership();
        check_coterm();
        check_size();
        check_contiguity();
        check_allowances();
        CheckReport report;
        if (request_.footprints) report.footprints = request_.footprints->text();
        if (request_.membership) report.membership = request_.membership->text();
        report.dissolved_from = dissolved_from_;
        report.footprint_count = footprint_codes_.size();
        report.rules = results_.take();
        report.notes = notes_;
        return report;
    }

  private:
    void stage(const std::string& what) {
        if (request_.stage) request_.stage(what);
    }

    void validate() {
        if (!request_.footprints && !request_.membership)
            throw UsageError("nothing to check: give a footprint layer, a membership table, or both");
        if (!request_.code_pattern.empty()) {
            // RE2 runs in time linear in the code's length and without
            // recursion, so neither a long code nor a pattern such as
            // (a+)+ can exhaust the stack or the CPU; the price is no
            // backreferences and no lookaround, which RE2 refuses here.
            RE2::Options options;
            options.set_log_errors(false);
            pattern_ = std::make_unique<RE2>(request_.code_pattern, options);
            if (!pattern_->ok())
                throw UsageError("code pattern " + quote_value(request_.code_pattern) +
                                 " is not a valid RE2 regular expression: " + pattern_->error());
        }
        const auto bounds = [](double low, double high, const std::string& what) {
            if (!std::isnan(low) && !std::isnan(high) && low > high)
                throw UsageError("the minimum " + what + " is above the maximum");
        };
        bounds(request_.min_population, request_.max_population, "population");
        bounds(request_.min_area_km2, request_.max_area_km2, "area");
        if (!(request_.coverage_width_m >= 0)) throw UsageError("the coverage width must be 0 or more");
        if (!(request_.min_part_km2 >= 0)) throw UsageError("the minimum part area must be 0 or more");
        if (request_.members && !request_.membership)
            throw UsageError("a member layer is compared with a membership table; give the table too");
    }

    void load() {
        if (request_.footprints) {
            stage("reading " + request_.footprints->display());
            footprints_ = load_polygon_layer(ctx_, *request_.footprints, request_.load);
            for (const auto& u : footprints_->units) {
                footprint_codes_.push_back(u.code);
                footprint_names_[u.code] = u.name;
            }
        }
        if (request_.membership) {
            stage("reading " + request_.membership->display());
            table_ = read_membership(*request_.membership, request_.load.warn, request_.load.note);
            view_ = view_of(*table_);
            if (!footprints_) {
                for (const auto& [code, name] : view_.footprint_names) {
                    footprint_codes_.push_back(code);
                    footprint_names_[code] = name;
                }
            } else {
                for (const auto& [code, name] : view_.footprint_names)
                    if (footprint_names_[code].empty()) footprint_names_[code] = name;
            }
        }
        if (request_.members) {
            stage("reading " + request_.members->display());
            members_ = load_members(ctx_, *request_.members, request_.load);
        }
        if (request_.weights) {
            stage("reading " + request_.weights->display());
            weights_ = load_point_layer(ctx_, *request_.weights, request_.load, request_.weight_field);
            if (footprints_) require_points_meet(*weights_, *footprints_, "population points");
        }
        if (!footprints_ && table_) dissolve_table();
        if (!footprints_ && no_geometry_.empty()) no_geometry_ = "there is no footprint layer";
    }

    // A table alone defines footprints too: draw them by dissolving its
    // members, as fp-build does, so that every geometry rule runs.
    void dissolve_table() {
        std::optional<LayerSpec> spec;
        const PolygonLayer* layer = nullptr;
        std::optional<PolygonLayer> found;
        if (request_.members) {
            if (!members_->polygons) {
                no_geometry_ = "there is no footprint layer, and the member layer " + request_.members->display() +
                               " holds points, which cannot be dissolved into footprints; give the footprint "
                               "layer or the members' polygons";
                return;
            }
            spec = request_.members;
            layer = &*members_->polygons;
        } else {
            std::set<std::string> codes;
            for (const auto& entry : view_.of_member)
                codes.insert(entry.first);
            stage("looking for the members' layer");
            spec = shipped_layer_holding(codes);
            if (!spec) {
                no_geometry_ = "there is no footprint layer, and no member layer to dissolve the table's members "
                               "into footprints: no layer of the shipped dataset holds most of its members; give "
                               "the footprint layer or the members' polygons";
                return;
            }
            stage("reading " + spec->display());
            found = load_polygon_layer(ctx_, *spec, request_.load);
            layer = &*found;
        }
        dissolved_from_ = spec->display();

        // A member in several footprints, or only partly in one, cannot be
        // cut: it goes whole to its largest share (overlapping footprints
        // would confuse every rule), and all its footprints are drawn only
        // approximately.
        std::map<std::string, std::vector<std::string>> partial; // member -> its footprints
        for (const auto& [code, groups] : view_.of_member) {
            std::set<std::string> distinct;
            bool part = false;
            for (const auto& [group, share] : groups) {
                distinct.insert(group);
                part = part || share < 1;
            }
            if (distinct.size() > 1 || part) partial[code].assign(distinct.begin(), distinct.end());
        }
        Membership whole = *table_;
        whole.rows.clear();
        for (const auto& row : table_->rows)
            if (!partial.count(row.member)) whole.rows.push_back(row);
        stage("dissolving the members of " + request_.membership->display());
        BuildOptions options;
        options.tolerance = request_.overlay.tolerance;
        BuildResult built = build_footprints(ctx_, *layer, whole, options);

        std::map<std::string, const Unit*> member_units;
        for (const auto& unit : layer->units)
            member_units.emplace(unit.code, &unit);
        std::map<std::string, std::vector<GeomPtr>> parts; // footprint -> geometries
        for (auto& f : built.footprints)
            if (f.geom && !is_empty(ctx_, f.geom.get())) parts[f.code].push_back(std::move(f.geom));
        std::vector<std::string> shared;
        for (const auto& [code, groups] : partial) {
            for (const auto& group : groups)
                results_.approximate.insert(group);
            shared.push_back(member(code, *layer) + " in " + join(groups));
            const auto unit = member_units.find(code);
            if (unit == member_units.end()) continue;
            std::pair<std::string, double> largest{"", -1};
            for (const auto& entry : view_.of_member[code])
                if (entry.second > largest.second) largest = entry;
            parts[largest.first].push_back(clone(ctx_, unit->second->geom.get()));
            shared_area_.push_back(clone(ctx_, unit->second->geom.get()));
        }
        // Members the layer lacks leave holes in their footprints.
        std::vector<std::string> missing;
        for (const auto& entry : built.missing_members)
            missing.push_back(entry);
        for (const auto& [code, groups] : partial)
            if (!member_units.count(code)) missing.push_back(code + " (for " + join(groups) + ")");
        if (!request_.members)
            for (const auto& [code, groups] : view_.of_member)
                if (!member_units.count(code))
                    for (const auto& g : groups)
                        results_.approximate.insert(g.first);

        PolygonLayer drawn;
        drawn.source = layer->source;
        drawn.layer_name = layer->layer_name;
        drawn.driver = layer->driver;
        drawn.source_crs = layer->source_crs;
        drawn.working_crs = layer->working_crs;
        for (const auto& [code, name] : view_.footprint_names) {
            Unit unit;
            unit.code = code;
            unit.name = name;
            auto geoms = parts.find(code);
            unit.geom = geoms == parts.end() ? empty_polygon(ctx_) : valid(union_all(ctx_, std::move(geoms->second)));
            unit.area_m2 = area(ctx_, unit.geom.get());
            drawn.units.push_back(std::move(unit));
        }
        drawn.set_extent(ctx_);
        footprints_ = std::move(drawn);

        if (!shared.empty()) {
            std::vector<std::string> codes(results_.approximate.begin(), results_.approximate.end());
            notes_.push_back(plural_of(shared.size(), "member") + " of the table " +
                             (shared.size() == 1 ? "is" : "are") + " in several footprints or only partly in one (" +
                             first_of(shared) +
                             "), and a member's polygon cannot be cut: it was drawn whole in the footprint "
                             "holding its largest share, so the geometry rules report nothing about " +
                             first_of(codes) +
                             "; give the footprint layer, or a member layer whose units nest in "
                             "every footprint, such as LSOAs");
        }
        if (!missing.empty() && !request_.members)
            notes_.push_back(plural_of(missing.size(), "member") + " of the table " +
                             (missing.size() == 1 ? "is" : "are") + " not in " + dissolved_from_ + " (" +
                             first_of(missing) +
                             "): their footprints were drawn without them, so the geometry "
                             "rules report nothing about them; correct the codes, or give the members' polygons");
    }

    std::string footprint(const std::string& code) {
        const auto found = footprint_names_.find(code);
        return labelled(code, found == footprint_names_.end() ? "" : found->second);
    }

    // A dissolved footprint as a loaded layer's would be: valid, as the
    // rules assume (filling sliver holes can leave rings touching).
    GeomPtr valid(GeomPtr g) {
        // Rebuilt from its WKB, as a layer read from a file is: what GEOS
        // derived and kept about the geometry while it was dissolved (such
        // as its envelope) must not outlive the changes made to it.
        GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx_);
        std::size_t size = 0;
        unsigned char* wkb = GEOSWKBWriter_write_r(ctx_, writer, g.get(), &size);
        GEOSWKBWriter_destroy_r(ctx_, writer);
        if (wkb == nullptr) throw GeometryError("GEOS could not write a dissolved footprint");
        GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx_);
        g = own(ctx_, GEOSWKBReader_read_r(ctx_, reader, wkb, size), "read a dissolved footprint");
        GEOSWKBReader_destroy_r(ctx_, reader);
        GEOSFree_r(ctx_, wkb);
        if (GEOSisValid_r(ctx_, g.get()) == 1) return g;
        return make_valid(ctx_, g.get(), "GEOS make valid failed");
    }

    static std::string member(const std::string& code, const PolygonLayer& layer) {
        const auto found = std::lower_bound(layer.units.begin(), layer.units.end(), code,
                                            [](const Unit& u, const std::string& c) { return u.code < c; });
        return found != layer.units.end() && found->code == code ? labelled(code, found->name) : code;
    }

    std::string member(const std::string& code) {
        if (members_) {
            const auto found = members_->names.find(code);
            if (found != members_->names.end()) return labelled(code, found->second);
        }
        return code;
    }

    void check_codes() {
        if (results_.start("codes.pattern", request_.code_pattern.empty() ? "--code-pattern" : "")) {
            for (const auto& code : footprint_codes_)
                if (!RE2::FullMatch(code, *pattern_)) {
                    Violation v;
                    v.codes = {code};
                    v.message = "footprint " + footprint(code) + ": code does not match " + request_.code_pattern;
                    v.hint = "correct the code";
                    results_.add("codes.pattern", std::move(v));
                }
        }
        if (results_.start("codes.duplicate")) {
            if (footprints_)
                for (const auto& merged : footprints_->report.merged) {
                    std::vector<std::string> fids;
                    for (auto fid : merged.fids)
                        fids.push_back(std::to_string(fid));
                    Violation v;
                    v.codes = {merged.code};
                    v.message = "code " + merged.code + " is on " + std::to_string(merged.fids.size()) +
                                " features of the footprint layer (fid " + join(fids) + ")";
                    v.measured = static_cast<double>(merged.fids.size());
                    v.threshold = 1;
                    v.unit = "features";
                    v.hint = "give each feature its own code, or merge them into one feature";
                    results_.add("codes.duplicate", std::move(v));
                }
            if (table_) {
                std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> rows;
                for (const auto& row : table_->rows)
                    rows[{row.member, row.group}].push_back(row.row);
                for (const auto& [key, where] : rows) {
                    if (where.size() < 2) continue;
                    std::vector<std::string> numbers;
                    for (auto n : where)
                        numbers.push_back(std::to_string(n));
                    Violation v;
                    v.codes = {key.first, key.second};
                    v.message = "member " + key.first + " is listed " + std::to_string(where.size()) +
                                " times for footprint " + key.second + " (rows " + join(numbers) + ")";
                    v.measured = static_cast<double>(where.size());
                    v.threshold = 1;
                    v.unit = "rows";
                    v.hint = "delete the repeated rows";
                    results_.add("codes.duplicate", std::move(v));
                }
            }
        }
        if (results_.start("names.duplicate")) {
            std::map<std::string, std::vector<std::string>> codes_of_name;
            for (const auto& code : footprint_codes_) {
                const std::string& name = footprint_names_[code];
                if (!name.empty()) codes_of_name[name].push_back(code);
            }
            for (const auto& [name, codes] : codes_of_name) {
                if (codes.size() < 2) continue;
                Violation v;
                v.codes = codes;
                v.message = "footprints " + join(codes) + " share the name '" + name + "'";
                v.measured = static_cast<double>(codes.size());
                v.threshold = 1;
                v.unit = "footprints";
                v.hint = "give each footprint its own name";
                results_.add("names.duplicate", std::move(v));
            }
        }
    }

    void check_coverage_rules() {
        const bool overlaps = results_.start("coverage.overlap", "", no_geometry_);
        const bool gaps = results_.start("coverage.gap", "", no_geometry_);
        if (overlaps || gaps) {
            stage("checking coverage");
            const CoverageReport coverage =
                check_coverage(ctx_, footprints_->units, SliverTolerance{request_.coverage_width_m});
            for (const auto& p : coverage.problems) {
                if (p.sliver || p.kind == CoverageKind::hole) continue;
                const bool overlap = p.kind == CoverageKind::overlap;
                if (overlap ? !overlaps : !gaps) continue;
                Violation v;
                v.codes = p.codes;
                v.measured = p.width_m;
                v.threshold = request_.coverage_width_m;
                v.unit = "m";
                if (overlap) {
                    v.message = join(p.codes, " and ") + " overlap: " + km2(p.area_m2) + ", " +
                                format_fixed(p.width_m, 0) + " m wide, " + at(p.x, p.y);
                    v.hint = "cut the overlap out of all but one of " + join(p.codes);
                } else {
                    v.message = "gap between " + join(p.codes, " and ") + ": " + km2(p.area_m2) + ", " +
                                format_fixed(p.width_m, 0) + " m wide, " + at(p.x, p.y);
                    v.hint = "add the gap to one of " + join(p.codes);
                }
                results_.add(overlap ? "coverage.overlap" : "coverage.gap", std::move(v));
            }
        }
        if (!results_.start("coverage.reference", request_.reference ? "" : "--reference", no_geometry_)) return;
        stage("reading " + request_.reference->display());
        const PolygonLayer reference = load_polygon_layer(ctx_, *request_.reference, request_.load);
        stage("comparing with " + request_.reference->display());
        OverlayOptions options;
        options.keep_pieces = true;
        const Overlay o = overlay_layers(ctx_, *footprints_, reference, nullptr, options);
        const double pi = 3.14159265358979323846;
        const double disc_m2 = pi * request_.coverage_width_m * request_.coverage_width_m / 4;
        std::vector<std::vector<const Piece*>> pieces_of(reference.units.size());
        for (const auto& p : o.pieces)
            pieces_of[p.b].push_back(&p);
        for (std::size_t b = 0; b < reference.units.size(); ++b) {
            const Unit& unit = reference.units[b];
            // Too little left over to hold a disc of the width: only slivers.
            const double outside_m2 = o.units[b].outside_share * unit.area_m2;
            if (outside_m2 <= 0 || outside_m2 < disc_m2) continue;
            std::vector<GeomPtr> covered;
            std::string main_footprint;
            double main_share = 0;
            for (const Piece* p : pieces_of[b]) {
                if (p->geom) covered.push_back(clone(ctx_, p->geom.get()));
                if (p->share_of_b > main_share) {
                    main_share = p->share_of_b;
                    main_footprint = o.a.codes[p->a];
                }
            }
            GeomPtr left = covered.empty()
                               ? clone(ctx_, unit.geom.get())
                               : polygonal_part(ctx_, own(ctx_,
                                                          GEOSDifference_r(ctx_, unit.geom.get(),
                                                                           union_all(ctx_, std::move(covered)).get()),
                                                          "difference"));
            // One violation per unit: its material uncovered parts together,
            // located at the widest.
            double left_m2 = 0, widest = 0, x = 0, y = 0;
            std::size_t material = 0;
            const int parts = GEOSGetNumGeometries_r(ctx_, left.get());
            for (int i = 0; i < parts; ++i) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(ctx_, left.get(), i);
                const double part_m2 = area(ctx_, part);
                if (part_m2 <= 0 || is_sliver(ctx_, part, SliverTolerance{request_.coverage_width_m})) continue;
                ++material;
                left_m2 += part_m2;
                const double width = inscribed_width(ctx_, part, request_.coverage_width_m);
                if (material == 1 || width > widest) {
                    widest = width;
                    GeomPtr inside = own(ctx_, GEOSPointOnSurface_r(ctx_, part), "point on surface");
                    GEOSGeomGetX_r(ctx_, inside.get(), &x);
                    GEOSGeomGetY_r(ctx_, inside.get(), &y);
                }
            }
            if (material == 0) continue;
            Violation v;
            v.codes = {unit.code};
            v.message = km2(left_m2) + " of " + labelled(unit.code, unit.name) + " in " +
                        request_.reference->display() + " is in no footprint (" + std::to_string(material) +
                        (material == 1 ? " part" : " parts") + ", the widest " + format_fixed(widest, 0) + " m wide, " +
                        at(x, y) + ")";
            v.measured = widest;
            v.threshold = request_.coverage_width_m;
            v.unit = "m";
            v.hint = main_share >= request_.overlay.share_tolerance
                         ? "add it to " + footprint(main_footprint) + ", which holds " + percent(main_share) + " of " +
                               unit.code
                         : "add it to a footprint: none holds more than a sliver of " + unit.code;
            results_.add("coverage.reference", std::move(v));
        }
    }

    void check_membership() {
        const std::string no_table = table_ ? "" : "--membership";
        const std::string no_members = !no_table.empty() ? no_table : members_ ? "" : "--members";
        // A footprint layer to compare the table with: footprints dissolved
        // from the table agree with it by construction.
        const std::string no_geometry = !no_table.empty() ? no_table : request_.footprints ? "" : "a footprint layer";

        if (results_.start("membership.split", no_table)) {
            for (const auto& [code, groups] : view_.of_member) {
                std::set<std::string> distinct;
                for (const auto& g : groups)
                    distinct.insert(g.first);
                if (distinct.size() < 2) continue;
                if (request_.allowed_splits.count(code)) {
                    used_splits_.insert(code);
                    continue;
                }
                auto sorted = groups;
                // Largest share first; equal shares by footprint code.
                std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
                    return std::tie(y.second, x.first) < std::tie(x.second, y.first);
                });
                std::vector<std::string> parts, others;
                for (const auto& [group, share] : sorted) {
                    parts.push_back(group + (table_->share_field.empty() ? "" : " " + percent(share)));
                    if (group != sorted.front().first) others.push_back(group);
                }
                Violation v;
                v.codes = {code};
                v.codes.insert(v.codes.end(), distinct.begin(), distinct.end());
                v.message = member(code) + " is in " + std::to_string(distinct.size()) + " footprints: " + join(parts);
                v.measured = static_cast<double>(distinct.size());
                v.threshold = 1;
                v.unit = "footprints";
                v.hint = "keep it in " + sorted.front().first + " only and take it out of " + join(others) +
                         ", or allow the split (--allow-split " + code + ")";
                results_.add("membership.split", std::move(v));
            }
        }

        if (results_.start("membership.unknown-member", no_members)) {
            for (const auto& [code, groups] : view_.of_member) {
                if (members_->names.count(code)) continue;
                Violation v;
                v.codes = {code};
                v.message =
                    "member " + code + " (in " + groups.front().first + ") is not in " + request_.members->display();
                v.hint = "correct the code, or delete the row";
                results_.add("membership.unknown-member", std::move(v));
            }
        }

        // Where the geometry puts each member: footprint code -> share.
        std::map<std::string, std::vector<std::pair<std::string, double>>> placed;
        const bool geometry_rule =
            results_.start("membership.geometry", !no_members.empty() ? no_members : no_geometry);
        const bool unassigned_rule = results_.start("membership.unassigned", no_members);
        if ((geometry_rule || unassigned_rule) && footprints_ && members_) placed = place_members();

        if (unassigned_rule) {
            for (const auto& [code, name] : members_->names) {
                if (view_.of_member.count(code)) continue;
                Violation v;
                v.codes = {code};
                v.message = labelled(code, name) + " is in no footprint of the table";
                const auto where = placed.find(code);
                if (where != placed.end() && !where->second.empty())
                    v.hint = "add it to " + footprint(where->second.front().first) + ", which holds " +
                             percent(where->second.front().second) + " of it";
                else
                    v.hint = "add it to the footprint it belongs to";
                results_.add("membership.unassigned", std::move(v));
            }
        }

        if (geometry_rule) {
            for (const auto& [code, groups] : view_.of_member) {
                if (!members_->names.count(code)) continue; // unknown: reported above
                std::set<std::string> in_table;
                for (const auto& g : groups)
                    in_table.insert(g.first);
                const auto where = placed.find(code);
                std::set<std::string> in_geometry;
                double misplaced = 0;
                std::vector<std::string> shares;
                if (where != placed.end())
                    for (const auto& [group, share] : where->second) {
                        in_geometry.insert(group);
                        shares.push_back(members_->points ? group : group + " " + percent(share));
                        if (!in_table.count(group)) misplaced += share;
                    }
                // A point lies in one footprint: a member the table shares
                // between footprints agrees when its point is in one of them.
                const bool agrees = members_->points
                                        ? !in_geometry.empty() && std::includes(in_table.begin(), in_table.end(),
                                                                                in_geometry.begin(), in_geometry.end())
                                        : in_geometry == in_table;
                if (agrees) continue;
                std::vector<std::string> table_list(in_table.begin(), in_table.end());
                Violation v;
                v.codes = {code};
                v.codes.insert(v.codes.end(), in_table.begin(), in_table.end());
                for (const auto& g : in_geometry)
                    if (!in_table.count(g)) v.codes.push_back(g);
                const std::string what = members_->points ? "its point lies in " : "its area lies in ";
                v.message = member(code) + ": the table puts it in " + join(table_list) + "; " +
                            (in_geometry.empty() ? what + "no footprint" : what + join(shares));
                std::vector<std::string> missing, extra;
                for (const auto& g : in_geometry)
                    if (!in_table.count(g)) missing.push_back(g);
                for (const auto& t : in_table)
                    if (!in_geometry.count(t)) extra.push_back(t);
                // Only a member partly elsewhere has a share to measure; one
                // listed in a footprint where it has no material area has not.
                if (!missing.empty()) {
                    v.measured = misplaced * 100;
                    v.threshold = members_->points ? 0 : request_.overlay.share_tolerance * 100;
                    v.unit = "%";
                }
                if (in_geometry.empty()) {
                    v.hint = "check its geometry: it lies outside every footprint";
                } else if (in_geometry.size() == 1 && extra.size() == in_table.size()) {
                    v.hint = "move it to " + footprint(missing.front()) + " in the table, or redraw " +
                             join(table_list) + " to take it in";
                } else {
                    std::vector<std::string> changes;
                    if (!missing.empty()) changes.push_back("add it to " + join(missing));
                    if (!extra.empty()) changes.push_back("take it out of " + join(extra));
                    v.hint = join(changes, " and ") + " in the table, or redraw the footprints to match the table";
                }
                results_.add("membership.geometry", std::move(v));
            }
        }

        if (results_.start("membership.unknown-footprint", !no_table.empty() ? no_table : no_geometry)) {
            std::set<std::string> known(footprint_codes_.begin(), footprint_codes_.end());
            std::map<std::string, std::size_t> members_of;
            for (const auto& row : table_->rows)
                ++members_of[row.group];
            for (const auto& [group, count] : members_of) {
                if (known.count(group)) continue;
                Violation v;
                v.codes = {group};
                v.message = "footprint " + group + " has " + std::to_string(count) +
                            " member(s) in the table but is not in " + request_.footprints->display();
                v.hint = "correct the footprint code in the table, or add the footprint to the layer";
                results_.add("membership.unknown-footprint", std::move(v));
            }
        }
        if (results_.start("membership.empty-footprint", !no_table.empty() ? no_table : no_geometry)) {
            std::set<std::string> used;
            for (const auto& row : table_->rows)
                used.insert(row.group);
            for (const auto& code : footprint_codes_) {
                if (used.count(code)) continue;
                Violation v;
                v.codes = {code};
                v.message = "footprint " + footprint(code) + " has no members in the table";
                v.hint = "add its members to the table, or delete the footprint";
                results_.add("membership.empty-footprint", std::move(v));
            }
        }
    }

    // Material footprints of each member by geometry, largest share first.
    std::map<std::string, std::vector<std::pair<std::string, double>>> place_members() {
        std::map<std::string, std::vector<std::pair<std::string, double>>> placed;
        if (members_->points) {
            stage("locating members");
            const auto& points = members_->points->points;
            const PointLocation location = locate_points(ctx_, footprints_->units, points);
            for (std::size_t i = 0; i < points.size(); ++i) {
                auto& list = placed[points[i].code];
                if (location.unit_of_point[i] >= 0)
                    list.push_back({footprints_->units[static_cast<std::size_t>(location.unit_of_point[i])].code, 1.0});
            }
            return placed;
        }
        stage("comparing with " + request_.members->display());
        const Overlay o =
            overlay_layers(ctx_, *footprints_, *members_->polygons, weights_ ? &*weights_ : nullptr, request_.overlay);
        for (std::size_t b = 0; b < o.b.codes.size(); ++b) {
            auto& list = placed[o.b.codes[b]];
            for (std::size_t i : o.units[b].pieces) {
                const Piece& p = o.pieces[i];
                list.push_back({o.a.codes[p.a], o.weighted && o.b.weight[b] > 0 ? p.weight_share_of_b : p.share_of_b});
            }
        }
        return placed;
    }

    void check_coterm() {
        if (!results_.start("coterm.union", request_.coterm_layers.empty() ? "--coterm" : "", no_geometry_)) return;
        for (const auto& spec : request_.coterm_layers) {
            stage("reading " + spec.display());
            const PolygonLayer layer = load_polygon_layer(ctx_, spec, request_.load);
            stage("comparing with " + spec.display());
            const Overlay o =
                overlay_layers(ctx_, *footprints_, layer, weights_ ? &*weights_ : nullptr, request_.overlay);
            // A layer that cannot be compared is one finding, not a split or
            // an overhang for every unit and footprint.
            const ComparisonFit fit = judge_comparison(o, *footprints_, layer);
            if (!fit.refusal.empty()) {
                Violation v;
                v.message = fit.refusal;
                v.measured = fit.outside_share * 100;
                v.threshold = refused_outside_share * 100;
                v.unit = "%";
                v.hint = "compare with a layer of the footprints' area";
                results_.add("coterm.union", std::move(v));
                continue;
            }
            if (!fit.warning.empty() && request_.load.warn) request_.load.warn(fit.warning);
            const std::string by = o.weighted ? " of its people" : " of its area";
            for (const SpanRow& row : spanning_units(o)) {
                const std::string& code = o.b.codes[row.unit];
                if (request_.allowed_splits.count(code)) {
                    used_splits_.insert(code);
                    continue;
                }
                std::vector<std::string> parts, area_parts, others;
                Violation v;
                v.codes = {code};
                for (const auto& s : row.shares) {
                    parts.push_back(o.a.codes[s.footprint] + " " + percent(s.share));
                    area_parts.push_back(o.a.codes[s.footprint] + " " + percent(s.area_share));
                    v.codes.push_back(o.a.codes[s.footprint]);
                    if (&s != &row.shares.front()) others.push_back(o.a.codes[s.footprint]);
                }
                const std::string main = o.a.codes[row.shares.front().footprint];
                v.message = labelled(code, o.b.names[row.unit]) + " of " + spec.display() + " is split between " +
                            std::to_string(row.shares.size()) + " footprints: " + join(parts) + by +
                            (o.weighted ? " (" + join(area_parts) + " of its area)" : "");
                // The larger of the area and population shares is what makes
                // a part material, so that is the share measured.
                double minority = 0;
                for (std::size_t i = 1; i < row.shares.size(); ++i)
                    for (double share : {row.shares[i].area_share, row.shares[i].population_share})
                        if (!std::isnan(share)) minority = std::max(minority, share);
                v.measured = minority * 100;
                v.threshold = request_.overlay.share_tolerance * 100;
                v.unit = "%";
                v.hint = "move the part" + std::string(others.size() > 1 ? "s" : "") + " in " + join(others) + " to " +
                         footprint(main) + ", or allow the split (--allow-split " + code + ")";
                results_.add("coterm.union", std::move(v));
            }
            // An allowed split inside a member drawn whole in one footprint
            // cannot be seen: it is not judged.
            for (const auto& unit : layer.units)
                if (request_.allowed_splits.count(unit.code) && in_shared_area(unit))
                    unjudged_splits_.insert(unit.code);
            // A footprint reaching beyond every unit of the layer is no union of them.
            for (std::size_t a = 0; a < o.a.codes.size(); ++a) {
                const double outside = o.footprints[a].outside_share;
                if (outside < request_.overlay.share_tolerance) continue;
                Violation v;
                v.codes = {o.a.codes[a]};
                v.message = footprint(o.a.codes[a]) + ": " + percent(outside) + " of its area lies in no unit of " +
                            spec.display();
                v.measured = outside * 100;
                v.threshold = request_.overlay.share_tolerance * 100;
                v.unit = "%";
                v.hint = "trim it to the units of " + spec.display();
                results_.add("coterm.union", std::move(v));
            }
        }
    }

    // Whether a material part of `unit` lies in a member that was drawn
    // whole in one of the footprints it is shared by.
    bool in_shared_area(const Unit& unit) {
        for (const auto& shared : shared_area_) {
            if (GEOSIntersects_r(ctx_, unit.geom.get(), shared.get()) != 1) continue;
            GeomPtr common = own(ctx_, GEOSIntersection_r(ctx_, unit.geom.get(), shared.get()), "intersection");
            if (area(ctx_, common.get()) >= request_.overlay.share_tolerance * unit.area_m2) return true;
        }
        return false;
    }

    void check_size() {
        const bool bounded = !std::isnan(request_.min_population) || !std::isnan(request_.max_population);
        if (results_.start("size.population", bounded ? "" : "--min-population or --max-population",
                           !footprints_ ? no_geometry_
                           : !weights_  ? "there are no population points to count (--weights)"
                                        : "")) {
            stage("counting population");
            const PointLocation location = locate_points(ctx_, footprints_->units, weights_->points);
            std::vector<double> population(footprints_->units.size(), 0);
            for (std::size_t i = 0; i < weights_->points.size(); ++i)
                if (location.unit_of_point[i] >= 0)
                    population[static_cast<std::size_t>(location.unit_of_point[i])] += weights_->points[i].weight;
            for (std::size_t a = 0; a < population.size(); ++a)
                bound("size.population", footprints_->units[a].code, population[a], request_.min_population,
                      request_.max_population, "people", 0);
        }
        const bool area_bounded = !std::isnan(request_.min_area_km2) || !std::isnan(request_.max_area_km2);
        if (results_.start("size.area", area_bounded ? "" : "--min-area or --max-area", no_geometry_))
            for (const auto& unit : footprints_->units)
                bound("size.area", unit.code, unit.area_m2 / 1e6, request_.min_area_km2, request_.max_area_km2, "km2",
                      1);
    }

    void bound(const std::string& rule, const std::string& code, double value, double low, double high,
               const std::string& unit, int decimals) {
        const bool under = !std::isnan(low) && value < low;
        if (!under && !(!std::isnan(high) && value > high)) return;
        Violation v;
        v.codes = {code};
        v.measured = value;
        v.threshold = under ? low : high;
        v.unit = unit;
        v.message = footprint(code) + ": " + format_fixed(value, decimals) + " " + unit + " is " +
                    (under ? "below the minimum " : "above the maximum ") + format_fixed(v.threshold, decimals);
        v.hint =
            under ? "merge it with a neighbour or move members into it" : "split it or move members to its neighbours";
        results_.add(rule, std::move(v));
    }

    void check_contiguity() {
        if (!results_.start("contiguity.parts", "", no_geometry_)) return;
        const double min_m2 = request_.min_part_km2 * 1e6;
        for (const auto& unit : footprints_->units) {
            std::vector<std::pair<double, const GEOSGeometry*>> parts;
            const int n = GEOSGetNumGeometries_r(ctx_, unit.geom.get());
            for (int i = 0; i < n; ++i) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(ctx_, unit.geom.get(), i);
                const double a = area(ctx_, part);
                if (a >= min_m2 && a > 0) parts.push_back({a, part});
            }
            if (parts.size() < 2) continue;
            if (request_.allowed_islands.count(unit.code)) {
                used_islands_.insert(unit.code);
                continue;
            }
            std::stable_sort(parts.begin(), parts.end(),
                             [](const auto& x, const auto& y) { return x.first > y.first; });
            std::vector<std::string> sizes, moves;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                sizes.push_back(km2(parts[i].first));
                if (i == 0) continue;
                const std::string neighbour = nearest_other_footprint(parts[i].second, unit.code);
                GeomPtr inside = own(ctx_, GEOSPointOnSurface_r(ctx_, parts[i].second), "point on surface");
                double x = 0, y = 0;
                GEOSGeomGetX_r(ctx_, inside.get(), &x);
                GEOSGeomGetY_r(ctx_, inside.get(), &y);
                moves.push_back(
                    "the " + km2(parts[i].first) + " part " + at(x, y) +
                    (neighbour.empty() ? " touches no other footprint" : " borders " + footprint(neighbour)));
            }
            Violation v;
            v.codes = {unit.code};
            v.message = footprint(unit.code) + " is in " + std::to_string(parts.size()) + " parts of " +
                        format_fixed(request_.min_part_km2, 3) + " km2 or more: " + join(sizes);
            v.measured = static_cast<double>(parts.size());
            v.threshold = 1;
            v.unit = "parts";
            v.hint = join(moves, "; ") + ". Move a part that belongs elsewhere to the footprint it borders, " +
                     "or allow the islands (--allow-islands " + unit.code + ")";
            results_.add("contiguity.parts", std::move(v));
        }
    }

    // The footprint sharing the longest border with `part`, or "".
    std::string nearest_other_footprint(const GEOSGeometry* part, const std::string& own_code) {
        GeomPtr boundary = own(ctx_, GEOSBoundary_r(ctx_, part), "boundary");
        GeomPtr zone =
            own(ctx_, GEOSBuffer_r(ctx_, boundary.get(), std::max(request_.coverage_width_m, 1.0), 4), "buffer");
        std::string best;
        double best_length = 0;
        for (const auto& other : footprints_->units) {
            if (other.code == own_code || is_empty(ctx_, other.geom.get())) continue;
            if (GEOSIntersects_r(ctx_, zone.get(), other.geom.get()) != 1) continue;
            GeomPtr shared = own(ctx_, GEOSIntersection_r(ctx_, boundary.get(), other.geom.get()), "intersection");
            double length = 0;
            GEOSLength_r(ctx_, shared.get(), &length);
            if (best.empty() || length > best_length) {
                best = other.code;
                best_length = length;
            }
        }
        return best;
    }

    void check_allowances() {
        // An allowance is unused only when every rule that could use it
        // and was asked for ran: a rule turned off or unable to run says
        // nothing about it.
        const auto judged = [&](const std::vector<std::string>& ids) {
            bool any = false;
            for (const auto& id : ids) {
                if (results_.ran(id))
                    any = true;
                else if (!results_.not_asked(id))
                    return false;
            }
            return any;
        };
        const bool splits_judged = !request_.allowed_splits.empty() && judged({"membership.split", "coterm.union"});
        const bool islands_judged = !request_.allowed_islands.empty() && judged({"contiguity.parts"});
        std::string missing;
        if (request_.allowed_splits.empty() && request_.allowed_islands.empty())
            missing = "--allow-split or --allow-islands";
        else if (!splits_judged && !islands_judged)
            missing = "membership.split, coterm.union or contiguity.parts to run";
        if (!results_.start("allowances.unused", missing)) return;
        for (const auto& code : request_.allowed_splits) {
            if (!splits_judged) break;
            if (used_splits_.count(code) || unjudged_splits_.count(code)) continue;
            Violation v;
            v.codes = {code};
            v.message = code + " is allowed to split but is in one footprint, or in none, in every "
                               "table and layer checked";
            v.hint = "take it off the allowed splits";
            results_.add("allowances.unused", std::move(v));
        }
        for (const auto& code : request_.allowed_islands) {
            if (!islands_judged) break;
            // An approximate footprint's parts say nothing.
            if (used_islands_.count(code) || results_.approximate.count(code)) continue;
            Violation v;
            v.codes = {code};
            v.message = footprint(code) + " is allowed islands but has no second part of " +
                        format_fixed(request_.min_part_km2, 3) + " km2 or more";
            v.hint = "take it off the allowed islands";
            results_.add("allowances.unused", std::move(v));
        }
    }

    GeosContext& ctx_;
    const CheckRequest& request_;
    Results results_;
    std::unique_ptr<RE2> pattern_; // matched against whole codes (FullMatch)
    std::optional<PolygonLayer> footprints_;
    std::optional<Membership> table_;
    TableView view_;
    std::optional<MemberLayer> members_;
    std::optional<PointLayer> weights_;
    std::vector<std::string> footprint_codes_; // sorted
    std::string no_geometry_;                  // why there are no footprint polygons
    std::string dissolved_from_;
    std::vector<std::string> notes_;
    std::map<std::string, std::string> footprint_names_;
    std::set<std::string> used_splits_, used_islands_;
    std::vector<GeomPtr> shared_area_;      // members drawn whole in one of their footprints
    std::set<std::string> unjudged_splits_; // allowed splits inside them
};

} // namespace

const char* to_string(Severity severity) {
    switch (severity) {
    case Severity::off:
        return "off";
    case Severity::warning:
        return "warning";
    case Severity::error:
        return "error";
    }
    return "?";
}

Severity parse_severity(std::string_view text) {
    if (text == "error") return Severity::error;
    if (text == "warning") return Severity::warning;
    if (text == "off") return Severity::off;
    throw UsageError("severity '" + std::string(text) + "' is not error, warning or off");
}

const std::vector<RuleInfo>& check_rules() {
    return rules;
}

std::size_t CheckReport::count(Severity severity) const {
    std::size_t n = 0;
    for (const auto& r : rules) {
        if (r.severity == severity) n += r.violations.size();
        if (severity == Severity::warning && r.not_run) ++n;
    }
    if (severity == Severity::warning) n += notes.size();
    return n;
}

bool CheckReport::failed(bool warnings_as_errors) const {
    return count(Severity::error) > 0 || (warnings_as_errors && count(Severity::warning) > 0);
}

CheckReport run_checks(GeosContext& ctx, const CheckRequest& request) {
    return Checker(ctx, request).run();
}

} // namespace fp
