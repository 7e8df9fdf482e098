// The rules of fp-check, one function each, grouped by file: what each
// needs to run, and the run itself. check.cpp puts them in a table.
#pragma once

#include "context.hpp"

namespace fp {

Needs runs_always(const CheckContext& ctx);
Needs needs_geometry(const CheckContext& ctx);

// rules_codes.cpp
Needs needs_code_pattern(const CheckContext& ctx);
void check_code_pattern(CheckContext& ctx, Sink& sink);
void check_duplicate_codes(CheckContext& ctx, Sink& sink);
void check_duplicate_names(CheckContext& ctx, Sink& sink);

// rules_coverage.cpp
void check_overlaps(CheckContext& ctx, Sink& sink);
void check_gaps(CheckContext& ctx, Sink& sink);
Needs needs_reference(const CheckContext& ctx);
void check_reference(CheckContext& ctx, Sink& sink);

// rules_membership.cpp
Needs needs_table(const CheckContext& ctx);
Needs needs_members(const CheckContext& ctx);
Needs needs_members_and_footprints(const CheckContext& ctx);
Needs needs_table_and_footprints(const CheckContext& ctx);
void check_splits(CheckContext& ctx, Sink& sink);
void check_unassigned(CheckContext& ctx, Sink& sink);
void check_unknown_members(CheckContext& ctx, Sink& sink);
void check_unknown_footprints(CheckContext& ctx, Sink& sink);
void check_empty_footprints(CheckContext& ctx, Sink& sink);
void check_member_geometry(CheckContext& ctx, Sink& sink);

// rules_coterm.cpp
Needs needs_coterm(const CheckContext& ctx);
void check_coterminosity(CheckContext& ctx, Sink& sink);

// rules_size.cpp
Needs needs_population_bounds(const CheckContext& ctx);
void check_population(CheckContext& ctx, Sink& sink);
Needs needs_area_bounds(const CheckContext& ctx);
void check_area(CheckContext& ctx, Sink& sink);
void check_parts(CheckContext& ctx, Sink& sink);

// rules_allowances.cpp
Needs needs_allowances(const CheckContext& ctx);
void check_allowances(CheckContext& ctx, Sink& sink);

} // namespace fp
