// Coterminosity: every footprint is a union of whole units of each
// coterminosity layer, except the units allowed to split.
#include "footprint/overlay/plausible.hpp"
#include "footprint/overlay/span.hpp"
#include "rules.hpp"

#include <cmath>

namespace fp {

namespace {

void report_split_units(CheckContext& ctx, Sink& sink, const Overlay& o, const std::string& layer) {
    const std::string by = o.weighted ? " of its people" : " of its area";
    for (const SpanRow& row : spanning_units(o)) {
        const std::string& code = o.b.codes[row.unit];
        if (ctx.request.allowed_splits.count(code)) {
            sink.used(code);
            continue;
        }
        std::vector<std::string> codes = {code}, parts, area_parts, others;
        for (const auto& s : row.shares) {
            parts.push_back(o.a.codes[s.footprint] + " " + percent(s.share));
            area_parts.push_back(o.a.codes[s.footprint] + " " + percent(s.area_share));
            codes.push_back(o.a.codes[s.footprint]);
            if (&s != &row.shares.front()) others.push_back(o.a.codes[s.footprint]);
        }
        const std::string main = o.a.codes[row.shares.front().footprint];
        // The larger of the area and population shares is what makes a part
        // material, so that is the share measured.
        double minority = 0;
        for (std::size_t i = 1; i < row.shares.size(); ++i)
            for (double share : {row.shares[i].area_share, row.shares[i].population_share})
                if (!std::isnan(share)) minority = std::max(minority, share);
        sink.add(ViolationBuilder(codes, labelled(code, o.b.names[row.unit]) + " of " + layer + " is split between " +
                                             std::to_string(row.shares.size()) + " footprints: " + join(parts) + by +
                                             (o.weighted ? " (" + join(area_parts) + " of its area)" : ""))
                     .measured(minority * 100, ctx.request.overlay.share_tolerance * 100, "%")
                     .hint("move the part" + std::string(others.size() > 1 ? "s" : "") + " in " + join(others) +
                           " to " + ctx.footprint(main) + ", or allow the split (" +
                           ctx.option(CheckOption::allow_split) + " " + code + ")"));
    }
}

} // namespace

Needs needs_coterm(const CheckContext& ctx) {
    return {ctx.request.coterm_layers.empty() ? ctx.option(CheckOption::coterm) : "", ctx.no_geometry};
}

void check_coterminosity(CheckContext& ctx, Sink& sink) {
    const double tolerance = ctx.request.overlay.share_tolerance;
    for (std::size_t i = 0; i < ctx.request.coterm_layers.size(); ++i) {
        const std::string layer_name = ctx.request.coterm_layers[i].display();
        const Comparison& compared = ctx.coterm(i);
        const Overlay& o = compared.overlay;
        // A layer that cannot be compared is one finding, not a split or an
        // overhang for every unit and footprint.
        const ComparisonFit fit = judge_comparison(o, *ctx.footprints, compared.layer);
        if (!fit.refusal.empty()) {
            sink.add(ViolationBuilder({}, fit.refusal)
                         .measured(fit.outside_share * 100, refused_outside_share * 100, "%")
                         .hint("compare with a layer of the footprints' area"));
            continue;
        }
        if (!fit.warning.empty() && ctx.request.load.warn) ctx.request.load.warn(fit.warning);
        report_split_units(ctx, sink, o, layer_name);
        // An allowed split inside a member drawn whole in one footprint
        // cannot be seen: it is not judged.
        for (const auto& unit : compared.layer.units)
            if (ctx.request.allowed_splits.count(unit.code) && ctx.in_shared_area(unit)) sink.unjudged(unit.code);
        // A footprint reaching beyond every unit of the layer is no union of them.
        for (std::size_t a = 0; a < o.a.codes.size(); ++a) {
            const double outside = o.footprints[a].outside_share;
            if (outside < tolerance) continue;
            sink.add(ViolationBuilder({o.a.codes[a]}, ctx.footprint(o.a.codes[a]) + ": " + percent(outside) +
                                                          " of its area lies in no unit of " + layer_name)
                         .measured(outside * 100, tolerance * 100, "%")
                         .hint("trim it to the units of " + layer_name));
        }
    }
}

} // namespace fp
