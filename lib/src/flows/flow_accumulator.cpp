#include "footprint/flows/flow_accumulator.hpp"

#include "footprint/flows/option_error.hpp"
#include "footprint/io/fields.hpp"

#include <algorithm>
#include <functional>

namespace fp {

namespace {

int column_index(const std::vector<std::string>& header, const std::string& wanted, const char* role,
                 const std::string& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (to_lower(header[i]) == to_lower(wanted)) return static_cast<int>(i);
    throw UsageError("'" + source + "': no " + role + " column '" + wanted +
                     "'; columns are: " + list_for_message(header));
}

FlowColumns wide_columns(const LayerSpec& spec, const FlowTableOptions& options,
                         const std::vector<std::string>& header) {
    FlowColumns c;
    c.wide = true;
    c.header = header;
    c.period_wanted = options.period;
    if (header.size() < 2)
        throw UsageError("'" + spec.display() + "': a wide matrix needs an origin column and destination columns");
    if (!options.period.empty())
        throw FlowOptionError(FlowOptionProblem::period_in_wide_table, spec.display(),
                              "a period filter applies to long tables, not to wide matrices");
    for (std::size_t d = 1; d < header.size(); ++d)
        if (trim(header[d]).empty())
            throw InputError("'" + spec.display() + "': column " + std::to_string(d + 1) +
                             " of the header is empty, but in a wide matrix it names a destination");
    return c;
}

// The count column the spec names, else the first with a usual name for counts.
std::string count_column(const LayerSpec& spec, const std::vector<std::string>& header) {
    std::string count_name = spec.count_field;
    if (count_name.empty())
        for (const char* candidate :
             {"count", "counts", "n", "activity", "value", "flow", "spells", "admissions", "attendances"})
            for (const auto& h : header)
                if (count_name.empty() && to_lower(h) == candidate) count_name = h;
    return count_name;
}

long period_column(const LayerSpec& spec, const FlowTableOptions& options, const std::vector<std::string>& header) {
    long period = -1;
    if (!spec.period_field.empty()) period = column_index(header, spec.period_field, "period", spec.display());
    if (!options.period.empty() && period < 0)
        for (const char* candidate : {"period", "month", "year", "date"})
            for (std::size_t i = 0; i < header.size(); ++i)
                if (period < 0 && to_lower(header[i]) == candidate) period = static_cast<long>(i);
    if (!options.period.empty() && period < 0)
        throw FlowOptionError(FlowOptionProblem::no_period_column, spec.display(),
                              "'" + spec.display() +
                                  "': keeping one period needs a period column; name it with '|period=COL'");
    return period;
}

} // namespace

FlowColumns flow_columns(const LayerSpec& spec, const FlowTableOptions& options,
                         const std::vector<std::string>& header) {
    if (options.wide) return wide_columns(spec, options, header);
    FlowColumns c;
    c.header = header;
    c.period_wanted = options.period;
    std::vector<std::string> coded;
    for (const auto& h : header)
        if (is_code_column(h)) coded.push_back(h);
    std::string count_name = count_column(spec, header);
    std::string origin_name = spec.origin_field, destination_name = spec.destination_field;
    if (origin_name.empty() || destination_name.empty()) {
        std::vector<std::string> left;
        for (const auto& x : coded)
            if (to_lower(x) != to_lower(origin_name) && to_lower(x) != to_lower(destination_name)) left.push_back(x);
        const std::size_t wanted = (origin_name.empty() ? 1u : 0u) + (destination_name.empty() ? 1u : 0u);
        if (left.size() > wanted)
            throw UsageError("'" + spec.display() + "': several possible code columns (" + list_for_message(left) +
                             "); name them with '|origin=COL|destination=COL'");
        if (origin_name.empty() && !left.empty()) origin_name = left.front(), left.erase(left.begin());
        if (destination_name.empty() && !left.empty()) destination_name = left.front();
    }
    if (origin_name.empty() || destination_name.empty() || count_name.empty()) {
        if (header.size() == 3 && spec.origin_field.empty() && spec.destination_field.empty() &&
            spec.count_field.empty()) {
            origin_name = header[0], destination_name = header[1], count_name = header[2];
        } else {
            throw UsageError("'" + spec.display() +
                             "': cannot tell the origin, destination and count columns; "
                             "name them with '|origin=COL|destination=COL|count=COL' (columns: " +
                             list_for_message(header) + ")");
        }
    }
    c.origin = static_cast<std::size_t>(column_index(header, origin_name, "origin", spec.display()));
    c.destination = static_cast<std::size_t>(column_index(header, destination_name, "destination", spec.display()));
    c.count = static_cast<std::size_t>(column_index(header, count_name, "count", spec.display()));
    c.period = period_column(spec, options, header);
    if (!options.sum_repeats)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (i != c.origin && i != c.destination && i != c.count) c.others.push_back(i);
    return c;
}

std::uint64_t column_bits(std::size_t k, std::size_t columns) {
    const std::size_t slots = std::min<std::size_t>(columns, 64);
    const std::size_t width = 64 / slots;
    const std::uint64_t ones = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
    return ones << ((k % slots) * width);
}

void FlowAccumulator::flush() {
    pairs.add_many(keys_, values_, buffered_);
    buffered_ = 0;
}

void FlowAccumulator::absorb(FlowAccumulator& other) {
    flush();
    other.flush();
    std::vector<std::uint32_t> remap(other.codes.size());
    for (std::size_t i = 0; i < other.codes.size(); ++i)
        remap[i] = interner_.id(other.codes[i]);
    // Each key is added once, so the order of this loop changes no sum.
    const auto moved = [&](std::uint64_t key) {
        return pair_key(remap[origin_of_key(key)], remap[destination_of_key(key)]);
    };
    other.pairs.for_each([&](std::uint64_t key, double value) { pairs.add(moved(key), value); });
    // Differences the other half found, then the pairs both halves hold.
    differing_rows += other.differing_rows;
    differing_bits |= other.differing_bits;
    if (other.differing_example) note_example(*other.differing_example);
    other.signatures_.for_each([&](std::uint64_t key, std::uint64_t signature) {
        differ(moved(key), signatures_.check(moved(key), signature));
    });
    total += other.total;
    rows += other.rows;
    entries += other.entries;
    skipped_period_rows += other.skipped_period_rows;
}

std::uint64_t FlowAccumulator::add(std::string_view origin, std::string_view destination, double value) {
    // Origin first: ids follow the order codes appear in, in the row too.
    const std::uint32_t origin_id = interner_.id(origin);
    const std::uint64_t key = pair_key(origin_id, interner_.id(destination));
    keys_[buffered_] = key;
    values_[buffered_++] = value;
    if (buffered_ == batch) flush();
    total += value;
    ++entries;
    return key;
}

void FlowAccumulator::check_other_columns(std::uint64_t key, const std::vector<std::string_view>& fields) {
    std::uint64_t signature = 0;
    for (std::size_t k = 0; k < columns_.others.size(); ++k)
        signature ^=
            std::hash<std::string_view>{}(trim(fields[columns_.others[k]])) & column_bits(k, columns_.others.size());
    differ(key, signatures_.check(key, signature));
}

void FlowAccumulator::differ(std::uint64_t key, std::uint64_t bits) {
    if (bits == 0) return;
    ++differing_rows;
    differing_bits |= bits;
    note_example({codes[origin_of_key(key)], codes[destination_of_key(key)]});
}

void FlowAccumulator::note_example(const std::pair<std::string, std::string>& pair) {
    if (!differing_example || pair < *differing_example) differing_example = pair;
}

} // namespace fp
