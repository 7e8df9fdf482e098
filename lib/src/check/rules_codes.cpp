// Codes and names: the pattern codes follow, and no code, table row or
// name said twice.
#include "rules.hpp"

namespace fp {

Needs needs_code_pattern(const CheckContext& ctx) {
    return {ctx.request.code_pattern.empty() ? ctx.option(CheckOption::code_pattern) : "", ""};
}

void check_code_pattern(CheckContext& ctx, Sink& sink) {
    for (const auto& code : ctx.footprint_codes)
        if (!RE2::FullMatch(code, *ctx.pattern))
            sink.add(ViolationBuilder({code}, "footprint " + ctx.footprint(code) + ": code does not match " +
                                                  ctx.request.code_pattern)
                         .hint("correct the code"));
}

void check_duplicate_codes(CheckContext& ctx, Sink& sink) {
    if (ctx.footprints)
        for (const auto& merged : ctx.footprints->report.merged) {
            std::vector<std::string> fids;
            for (auto fid : merged.fids)
                fids.push_back(std::to_string(fid));
            sink.add(ViolationBuilder({merged.code}, "code " + merged.code + " is on " +
                                                         std::to_string(merged.fids.size()) +
                                                         " features of the footprint layer (fid " + join(fids) + ")")
                         .measured(static_cast<double>(merged.fids.size()), 1, "features")
                         .hint("give each feature its own code, or merge them into one feature"));
        }
    if (!ctx.table) return;
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> rows;
    for (const auto& row : ctx.table->rows)
        rows[{row.member, row.group}].push_back(row.row);
    for (const auto& [key, where] : rows) {
        if (where.size() < 2) continue;
        std::vector<std::string> numbers;
        for (auto n : where)
            numbers.push_back(std::to_string(n));
        sink.add(ViolationBuilder({key.first, key.second}, "member " + key.first + " is listed " +
                                                               std::to_string(where.size()) + " times for footprint " +
                                                               key.second + " (rows " + join(numbers) + ")")
                     .measured(static_cast<double>(where.size()), 1, "rows")
                     .hint("delete the repeated rows"));
    }
}

void check_duplicate_names(CheckContext& ctx, Sink& sink) {
    std::map<std::string, std::vector<std::string>> codes_of_name;
    for (const auto& code : ctx.footprint_codes) {
        const std::string& name = ctx.footprint_names[code];
        if (!name.empty()) codes_of_name[name].push_back(code);
    }
    for (const auto& [name, codes] : codes_of_name) {
        if (codes.size() < 2) continue;
        sink.add(ViolationBuilder(codes, "footprints " + join(codes) + " share the name '" + name + "'")
                     .measured(static_cast<double>(codes.size()), 1, "footprints")
                     .hint("give each footprint its own name"));
    }
}

} // namespace fp
