#include "context.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/format.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/dataset.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/overlay/plausible.hpp"

#include <algorithm>
#include <cmath>

namespace fp {

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

std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += (i ? separator : "") + items[i];
    return text;
}

std::string first_of(const std::vector<std::string>& items) {
    constexpr std::size_t shown = 5;
    if (items.size() <= shown) return join(items);
    return join(std::vector<std::string>(items.begin(), items.begin() + shown)) + " and " +
           std::to_string(items.size() - shown) + " more";
}

std::string plural_of(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string labelled(const std::string& code, const std::string& name) {
    return name.empty() || name == code ? code : code + " (" + name + ")";
}

ViolationBuilder::ViolationBuilder(std::vector<std::string> codes, std::string message) {
    v_.codes = std::move(codes);
    v_.message = std::move(message);
}

ViolationBuilder& ViolationBuilder::measured(double value, double threshold, std::string unit) {
    v_.measured = value;
    v_.threshold = threshold;
    v_.unit = std::move(unit);
    return *this;
}

ViolationBuilder& ViolationBuilder::hint(std::string text) {
    v_.hint = std::move(text);
    return *this;
}

void Sink::add(ViolationBuilder found) {
    Violation v = found.take();
    if (approximate_)
        for (const auto& code : v.codes)
            if (approximate_->count(code)) return; // said once, in a note
    run_.result.violations.push_back(std::move(v));
}

namespace {

MemberLayer load_members(GeosContext& ctx, const LayerSpec& spec, const LoadOptions& options) {
    OGRwkbGeometryType type;
    {
        GDALDatasetUniquePtr dataset = open_vector(spec.source);
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

} // namespace

CheckContext::CheckContext(GeosContext& geos_context, const CheckRequest& check_request)
    : geos(geos_context), request(check_request), coterm_(check_request.coterm_layers.size()) {
    validate();
    load();
}

void CheckContext::stage(const std::string& what) const {
    if (request.stage) request.stage(what);
}

std::string CheckContext::option(CheckOption which) const {
    return request.option_name ? request.option_name(which) : to_string(which);
}

std::string CheckContext::option(CheckOption first, CheckOption second) const {
    return option(first) + " or " + option(second);
}

void CheckContext::validate() {
    if (!request.footprints && !request.membership)
        throw UsageError("nothing to check: give a footprint layer, a membership table, or both");
    if (!request.code_pattern.empty()) {
        // RE2 runs in time linear in the code's length and without
        // recursion, so neither a long code nor a pattern such as
        // (a+)+ can exhaust the stack or the CPU; the price is no
        // backreferences and no lookaround, which RE2 refuses here.
        RE2::Options options;
        options.set_log_errors(false);
        pattern = std::make_unique<RE2>(request.code_pattern, options);
        if (!pattern->ok())
            throw UsageError("code pattern " + quote_value(request.code_pattern) +
                             " is not a valid RE2 regular expression: " + pattern->error());
    }
    const auto bounds = [](double low, double high, const std::string& what) {
        if (!std::isnan(low) && !std::isnan(high) && low > high)
            throw UsageError("the minimum " + what + " is above the maximum");
    };
    bounds(request.min_population, request.max_population, "population");
    bounds(request.min_area_km2, request.max_area_km2, "area");
    if (!(request.coverage_width_m >= 0)) throw UsageError("the coverage width must be 0 or more");
    if (!(request.min_part_km2 >= 0)) throw UsageError("the minimum part area must be 0 or more");
    if (request.members && !request.membership)
        throw UsageError("a member layer is compared with a membership table; give the table too");
}

void CheckContext::load() {
    if (request.footprints) {
        stage("reading " + request.footprints->display());
        footprints = load_polygon_layer(geos, *request.footprints, request.load);
        for (const auto& u : footprints->units) {
            footprint_codes.push_back(u.code);
            footprint_names[u.code] = u.name;
        }
    }
    if (request.membership) {
        stage("reading " + request.membership->display());
        table = read_membership(*request.membership, request.load.warn, request.load.note);
        for (const auto& row : table->rows) {
            of_member[row.member].push_back({row.group, row.share});
            table_footprint_names.emplace(row.group, row.group_name);
        }
        for (const auto& [code, name] : table_footprint_names) {
            if (!footprints) footprint_codes.push_back(code);
            if (footprint_names[code].empty()) footprint_names[code] = name;
        }
    }
    if (request.members) {
        stage("reading " + request.members->display());
        members = load_members(geos, *request.members, request.load);
    }
    if (request.weights) {
        stage("reading " + request.weights->display());
        weights = load_point_layer(geos, *request.weights, request.load, request.weight_field);
        if (footprints) require_points_meet(*weights, *footprints, "population points");
    }
    if (!footprints && table) dissolve_table();
    if (!footprints && no_geometry.empty()) no_geometry = "there is no footprint layer";
}

std::string CheckContext::footprint(const std::string& code) const {
    const auto found = footprint_names.find(code);
    return labelled(code, found == footprint_names.end() ? "" : found->second);
}

std::string CheckContext::member(const std::string& code) const {
    if (members) {
        const auto found = members->names.find(code);
        if (found != members->names.end()) return labelled(code, found->second);
    }
    return code;
}

bool CheckContext::in_shared_area(const Unit& unit) const {
    for (const auto& shared : shared_area) {
        if (GEOSIntersects_r(geos, unit.geom.get(), shared.get()) != 1) continue;
        GeomPtr common = own(geos, GEOSIntersection_r(geos, unit.geom.get(), shared.get()), "intersection");
        if (area(geos, common.get()) >= request.overlay.share_tolerance * unit.area_m2) return true;
    }
    return false;
}

const CoverageReport& CheckContext::coverage() {
    if (!coverage_) {
        stage("checking coverage");
        coverage_ = check_coverage(geos, footprints->units, SliverTolerance{request.coverage_width_m});
    }
    return *coverage_;
}

const Placement& CheckContext::placement() {
    if (placement_) return *placement_;
    Placement& placed = placement_.emplace();
    if (members->points) {
        stage("locating members");
        const auto& points = members->points->points;
        const PointLocation location = locate_points(geos, footprints->units, points);
        for (std::size_t i = 0; i < points.size(); ++i) {
            auto& list = placed[points[i].code];
            if (location.unit_of_point[i] >= 0)
                list.push_back({footprints->units[static_cast<std::size_t>(location.unit_of_point[i])].code, 1.0});
        }
        return placed;
    }
    stage("comparing with " + request.members->display());
    const Overlay o =
        overlay_layers(geos, *footprints, *members->polygons, weights ? &*weights : nullptr, request.overlay);
    for (std::size_t b = 0; b < o.b.codes.size(); ++b) {
        auto& list = placed[o.b.codes[b]];
        for (std::size_t i : o.units[b].pieces) {
            const Piece& p = o.pieces[i];
            list.push_back({o.a.codes[p.a], o.weighted && o.b.weight[b] > 0 ? p.weight_share_of_b : p.share_of_b});
        }
    }
    return placed;
}

Comparison CheckContext::compare(const LayerSpec& spec, const PointLayer* weighed, const OverlayOptions& options) {
    stage("reading " + spec.display());
    PolygonLayer layer = load_polygon_layer(geos, spec, request.load);
    stage("comparing with " + spec.display());
    Overlay o = overlay_layers(geos, *footprints, layer, weighed, options);
    return Comparison{std::move(layer), std::move(o)};
}

const Comparison& CheckContext::reference() {
    if (!reference_) {
        OverlayOptions options;
        options.keep_pieces = true;
        reference_ = compare(*request.reference, nullptr, options);
    }
    return *reference_;
}

const Comparison& CheckContext::coterm(std::size_t layer) {
    if (!coterm_[layer])
        coterm_[layer] = compare(request.coterm_layers[layer], weights ? &*weights : nullptr, request.overlay);
    return *coterm_[layer];
}

} // namespace fp
