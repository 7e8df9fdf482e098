// Allowances: every allowed split and island is still needed. Judged from
// what the rules that apply allowances recorded in their results.
#include "footprint/core/format.hpp"
#include "rules.hpp"

#include <initializer_list>

namespace fp {

namespace {

// An allowance is judged only when every rule that could use it and was
// asked for ran: a rule turned off or unable to run says nothing about it.
bool judged(const CheckContext& ctx, std::initializer_list<RuleId> ids) {
    bool any = false;
    for (RuleId id : ids) {
        const RuleResult& r = ctx.run(id).result;
        const bool not_asked = !r.ran && !r.not_run && r.severity != Severity::off;
        if (r.ran)
            any = true;
        else if (!not_asked)
            return false;
    }
    return any;
}

bool splits_judged(const CheckContext& ctx) {
    return !ctx.request.allowed_splits.empty() && judged(ctx, {RuleId::membership_split, RuleId::coterm_union});
}

bool islands_judged(const CheckContext& ctx) {
    return !ctx.request.allowed_islands.empty() && judged(ctx, {RuleId::contiguity_parts});
}

} // namespace

Needs needs_allowances(const CheckContext& ctx) {
    if (ctx.request.allowed_splits.empty() && ctx.request.allowed_islands.empty())
        return {ctx.option(CheckOption::allow_split, CheckOption::allow_islands), ""};
    if (!splits_judged(ctx) && !islands_judged(ctx))
        return {"membership.split, coterm.union or contiguity.parts to run", ""};
    return {};
}

void check_allowances(CheckContext& ctx, Sink& sink) {
    if (splits_judged(ctx)) {
        const RuleRun& split = ctx.run(RuleId::membership_split);
        const RuleRun& coterm = ctx.run(RuleId::coterm_union);
        for (const auto& code : ctx.request.allowed_splits) {
            if (split.allowances_used.count(code) || coterm.allowances_used.count(code) ||
                coterm.allowances_unjudged.count(code))
                continue;
            sink.add(ViolationBuilder({code}, code + " is allowed to split but is in one footprint, or in none, in "
                                                     "every table and layer checked")
                         .hint("take it off the allowed splits"));
        }
    }
    if (!islands_judged(ctx)) return;
    const RuleRun& parts = ctx.run(RuleId::contiguity_parts);
    for (const auto& code : ctx.request.allowed_islands) {
        // An approximate footprint's parts say nothing.
        if (parts.allowances_used.count(code) || ctx.approximate.count(code)) continue;
        sink.add(ViolationBuilder({code}, ctx.footprint(code) + " is allowed islands but has no second part of " +
                                              format_fixed(ctx.request.min_part_km2, 3) + " km2 or more")
                     .hint("take it off the allowed islands"));
    }
}

} // namespace fp
