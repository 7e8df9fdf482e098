#include "footprint/flows/flows.hpp"

#include "footprint/core/error.hpp"
#include "footprint/core/parallel.hpp"
#include "footprint/core/text.hpp"
#include "footprint/io/csv_reader.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/gdal_util.hpp"
#include "footprint/overlay/overlay.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string_view>
#include <thread>

namespace fp {

namespace {

// Rows of a table with their header, from CSV (streamed by our reader, with
// line numbers) or any other GDAL table source (with row numbers).
class RowSource {
  public:
    explicit RowSource(const LayerSpec& spec) : spec_(spec) {
        const std::string lower = to_lower(spec.source);
        if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0 && spec.layer.empty() &&
            spec.where.empty()) {
            csv_ = std::make_unique<CsvReader>(spec.source);
            if (!csv_->next(header_)) throw InputError("'" + spec.shown_source() + "' is empty");
            for (auto& h : header_)
                h = std::string(trim(h));
        } else {
            const SpreadsheetHeaders headers;
            dataset_ = open_vector(spec.source);
            layer_ = &select_layer(*dataset_, spec);
            header_ = field_names(*layer_->GetLayerDefn());
            layer_->ResetReading();
        }
    }

    const std::vector<std::string>& header() const { return header_; }

    // Views valid until the next call.
    bool next(std::vector<std::string_view>& fields) {
        if (csv_) return csv_->next(fields);
        OGRFeatureUniquePtr feature(layer_->GetNextFeature());
        if (!feature) {
            if (!capture_.last_error().empty())
                throw InputError("reading '" + spec_.display() + "' failed: " + capture_.last_error());
            return false;
        }
        ++row_;
        values_.resize(header_.size());
        fields.clear();
        for (int i = 0; i < static_cast<int>(header_.size()); ++i) {
            values_[static_cast<std::size_t>(i)] = feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "";
            fields.emplace_back(values_[static_cast<std::size_t>(i)]);
        }
        return true;
    }

    // For a CSV file: where the first data record begins; 0 otherwise.
    std::uint64_t csv_offset() const { return csv_ ? csv_->offset() : 0; }
    std::size_t csv_next_line() const { return csv_ ? csv_->next_line() : 0; }

    // "line 12" in a CSV file, "row 11" elsewhere.
    std::string where() const {
        return "'" + spec_.display() + "' " +
               (csv_ ? "line " + std::to_string(csv_->line()) : "row " + std::to_string(row_));
    }

  private:
    LayerSpec spec_;
    std::unique_ptr<CsvReader> csv_;
    DatasetPtr dataset_;
    OGRLayer* layer_ = nullptr;
    GdalErrorCapture capture_;
    std::vector<std::string> header_;
    std::vector<std::string> values_;
    std::size_t row_ = 0;
};

// A -> B -> C -> A, each code quoted, at most the first ten.
std::string cycle_for_message(const std::vector<std::string>& cycle) {
    constexpr std::size_t shown = 10;
    std::string text;
    for (std::size_t i = 0; i < cycle.size() && i < shown; ++i)
        text += quote_value(cycle[i]) + " -> ";
    return text + (cycle.size() > shown ? "... -> " : "") + quote_value(cycle.front());
}

int column_index(const std::vector<std::string>& header, const std::string& wanted, const char* role,
                 const std::string& source) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (to_lower(header[i]) == to_lower(wanted)) return static_cast<int>(i);
    throw UsageError("'" + source + "': no " + role + " column '" + wanted +
                     "'; columns are: " + list_for_message(header));
}

// Beyond 2^53 a double cannot hold every whole number, and totals could no
// longer reconcile exactly: no count, and no total, may reach it.
constexpr double largest_count = 9007199254740992.0;

// `where` is called only to build an error message.
template <typename Where> double parse_count(std::string_view raw, const Where& where, const std::string& column) {
    const std::string_view text = trim(raw);
    double value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (!text.empty() && *first == '+') ++first;
    const auto [end, error] = std::from_chars(first, last, value);
    const auto at = [&] { return where() + ", column " + column + ": "; };
    if (text.empty() || (error != std::errc() && error != std::errc::result_out_of_range) || end != last)
        throw InputError(at() + quote_value(text) + " is not a count (a number >= 0)");
    // Out of range either way: 1e400 overflows, 1e-400 underflows.
    if (error == std::errc::result_out_of_range && std::fabs(std::strtod(std::string(text).c_str(), nullptr)) < 1)
        throw InputError(at() + quote_value(text) + " is too small to be a count");
    if (error == std::errc::result_out_of_range || !std::isfinite(value))
        throw InputError(at() + quote_value(text) + " is not a finite count");
    if (value < 0) throw InputError(at() + "negative count " + quote_value(text));
    if (value >= largest_count)
        throw InputError(at() + "count " + quote_value(text) + " is too large to add up exactly (2^53 or more)");
    return value;
}

// Codes to small ids, looked up by view so that a row costs no allocation.
class Interner {
  public:
    explicit Interner(std::vector<std::string>& codes) : codes_(codes) {}
    std::uint32_t id(std::string_view code) {
        const auto found = ids_.find(code);
        if (found != ids_.end()) return found->second;
        const auto id = static_cast<std::uint32_t>(codes_.size());
        store_.emplace_back(code);
        codes_.emplace_back(code);
        ids_.emplace(store_.back(), id);
        return id;
    }

  private:
    std::vector<std::string>& codes_;
    std::deque<std::string> store_; // stable storage behind the views
    std::unordered_map<std::string_view, std::uint32_t> ids_;
};

std::size_t slot_of(std::uint64_t key, std::size_t mask) {
    key ^= key >> 33; // mix: ids are small and dense
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & mask;
}

} // namespace

bool PairCounts::add(std::uint64_t key, double value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
        Slot& slot = slots_[i];
        if (slot.key == key) {
            slot.value += value;
            return false;
        }
        if (slot.key == empty_key) {
            slot.key = key;
            slot.value = value;
            ++size_;
            return true;
        }
    }
}

std::size_t PairCounts::add_many(const std::uint64_t* keys, const double* values, std::size_t count) {
    while (2 * (size_ + count) > slots_.size())
        grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = 0; k < count; ++k)
        __builtin_prefetch(&slots_[slot_of(keys[k], mask)], 1);
    std::size_t added = 0;
    for (std::size_t k = 0; k < count; ++k)
        added += add(keys[k], values[k]) ? 1 : 0;
    return added;
}

void PairCounts::grow() {
    std::vector<Slot> old(std::max<std::size_t>(1024, 2 * slots_.size()));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.key == empty_key) continue;
        std::size_t i = slot_of(slot.key, mask);
        while (slots_[i].key != empty_key)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

namespace {

// Which columns hold what, decided once from the header.
struct FlowColumns {
    bool wide = false;
    std::vector<std::string> header;
    std::size_t origin = 0, destination = 0, count = 0;
    long period = -1;
    std::string period_wanted;
    // The other columns of a long table, in which repeats of a pair must
    // agree unless repeats are to be summed.
    std::vector<std::size_t> others;
};

// One 64-bit signature of a row's other columns, in which each column has
// its own bits: two rows that differ in a column differ in its bits but for
// a hash collision (at least 1 in 2^8 with up to 8 other columns), so the
// columns that differ can be named without keeping their values.
std::uint64_t column_bits(std::size_t k, std::size_t columns) {
    const std::size_t slots = std::min<std::size_t>(columns, 64);
    const std::size_t width = 64 / slots;
    const std::uint64_t ones = width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
    return ones << ((k % slots) * width);
}

// Signature of each pair's first row, by pair key.
class PairSignatures {
  public:
    // The bits that differ from the pair's first signature (0 for a new pair).
    std::uint64_t check(std::uint64_t key, std::uint64_t signature) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = slot_of(key, mask);; i = (i + 1) & mask) {
            auto& slot = slots_[i];
            if (slot.first == key) return slot.second ^ signature;
            if (slot.first == empty_key) {
                slot = {key, signature};
                ++size_;
                return 0;
            }
        }
    }
    template <typename Visit> void for_each(Visit visit) const {
        for (const auto& slot : slots_)
            if (slot.first != empty_key) visit(slot.first, slot.second);
    }

  private:
    void grow() {
        std::vector<std::pair<std::uint64_t, std::uint64_t>> old(std::max<std::size_t>(1024, 2 * slots_.size()),
                                                                 {empty_key, 0});
        old.swap(slots_);
        size_ = 0;
        for (const auto& slot : old)
            if (slot.first != empty_key) check(slot.first, slot.second);
    }
    static constexpr std::uint64_t empty_key = ~std::uint64_t{0};
    std::vector<std::pair<std::uint64_t, std::uint64_t>> slots_;
    std::size_t size_ = 0;
};

FlowColumns flow_columns(const LayerSpec& spec, const FlowTableOptions& options,
                         const std::vector<std::string>& header) {
    FlowColumns c;
    c.wide = options.wide;
    c.header = header;
    c.period_wanted = options.period;
    if (options.wide) {
        if (header.size() < 2)
            throw UsageError("'" + spec.display() + "': a wide matrix needs an origin column and destination columns");
        if (!options.period.empty()) throw UsageError("--period applies to long tables, not --wide ones");
        for (std::size_t d = 1; d < header.size(); ++d)
            if (trim(header[d]).empty())
                throw InputError("'" + spec.display() + "': column " + std::to_string(d + 1) +
                                 " of the header is empty, but in a wide matrix it names a destination");
        return c;
    }
    std::vector<std::string> coded;
    for (const auto& h : header)
        if (is_code_column(h)) coded.push_back(h);
    std::string count_name = spec.count_field;
    if (count_name.empty())
        for (const char* candidate :
             {"count", "counts", "n", "activity", "value", "flow", "spells", "admissions", "attendances"})
            for (const auto& h : header)
                if (count_name.empty() && to_lower(h) == candidate) count_name = h;
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
    if (!spec.period_field.empty()) c.period = column_index(header, spec.period_field, "period", spec.display());
    if (!options.period.empty() && c.period < 0)
        for (const char* candidate : {"period", "month", "year", "date"})
            for (std::size_t i = 0; i < header.size(); ++i)
                if (c.period < 0 && to_lower(header[i]) == candidate) c.period = static_cast<long>(i);
    if (!options.period.empty() && c.period < 0)
        throw UsageError("'" + spec.display() + "': --period needs a period column; name it with '|period=COL'");
    if (!options.sum_repeats)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (i != c.origin && i != c.destination && i != c.count) c.others.push_back(i);
    return c;
}

// Sums the rows it is given into its own codes and pairs.
class FlowAccumulator {
  public:
    explicit FlowAccumulator(const FlowColumns& columns) : columns_(columns), interner_(codes) {}

    template <typename Where> void row(const std::vector<std::string_view>& fields, const Where& where) {
        if (fields.size() == 1 && trim(fields[0]).empty()) return; // a blank line
        const auto& header = columns_.header;
        if (fields.size() != header.size())
            throw InputError(where() + ": " + std::to_string(fields.size()) + " fields, but the header has " +
                             std::to_string(header.size()));
        if (columns_.wide) {
            ++rows;
            const std::string_view origin = trim(fields[0]);
            if (origin.empty()) throw InputError(where() + ", column " + header[0] + ": empty origin code");
            for (std::size_t d = 1; d < fields.size(); ++d) {
                if (trim(fields[d]).empty()) continue;
                // A count must have a destination, as in a long table.
                if (header[d].empty())
                    throw InputError(where() + ", column " + std::to_string(d + 1) +
                                     ": a count under a column with no destination code in the header");
                const double value = parse_count(fields[d], where, header[d]);
                if (value > 0) add(origin, header[d], value);
            }
            return;
        }
        if (columns_.period >= 0 && !columns_.period_wanted.empty() &&
            trim(fields[static_cast<std::size_t>(columns_.period)]) != columns_.period_wanted) {
            ++skipped_period_rows;
            return;
        }
        ++rows;
        const std::string_view origin = trim(fields[columns_.origin]);
        const std::string_view destination = trim(fields[columns_.destination]);
        if (origin.empty()) throw InputError(where() + ", column " + header[columns_.origin] + ": empty origin code");
        if (destination.empty())
            throw InputError(where() + ", column " + header[columns_.destination] + ": empty destination code");
        const std::uint64_t key =
            add(origin, destination, parse_count(fields[columns_.count], where, header[columns_.count]));
        if (!columns_.others.empty()) {
            std::uint64_t signature = 0;
            for (std::size_t k = 0; k < columns_.others.size(); ++k)
                signature ^= std::hash<std::string_view>{}(trim(fields[columns_.others[k]])) &
                             column_bits(k, columns_.others.size());
            differ(key, signatures_.check(key, signature));
        }
    }

    // Rows that repeated a pair with other values in other columns: how
    // many, the bits that differed, and the smallest such pair by codes.
    std::size_t differing_rows = 0;
    std::uint64_t differing_bits = 0;
    std::optional<std::pair<std::string, std::string>> differing_example;

    // Adds another accumulator's sums: its codes are re-interned here, so
    // ids stay in order of first appearance in the file.
    void absorb(FlowAccumulator& other) {
        flush();
        other.flush();
        std::vector<std::uint32_t> remap(other.codes.size());
        for (std::size_t i = 0; i < other.codes.size(); ++i)
            remap[i] = interner_.id(other.codes[i]);
        // Each key is added once, so the order of this loop changes no sum.
        const auto moved = [&](std::uint64_t key) {
            return (std::uint64_t{remap[key >> 32]} << 32) | remap[static_cast<std::uint32_t>(key)];
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

    std::vector<std::string> codes;
    PairCounts pairs;
    long double total = 0; // as compute_flows sums: see reconciliation_tolerance
    std::size_t rows = 0, entries = 0, skipped_period_rows = 0;

    // Adds what is still buffered; call once the last row is in.
    void flush() {
        pairs.add_many(keys_, values_, buffered_);
        buffered_ = 0;
    }

  private:
    std::uint64_t add(std::string_view origin, std::string_view destination, double value) {
        const std::uint64_t key = (std::uint64_t{interner_.id(origin)} << 32) | interner_.id(destination);
        keys_[buffered_] = key;
        values_[buffered_++] = value;
        if (buffered_ == batch) flush();
        total += value;
        ++entries;
        return key;
    }
    void differ(std::uint64_t key, std::uint64_t bits) {
        if (bits == 0) return;
        ++differing_rows;
        differing_bits |= bits;
        note_example({codes[key >> 32], codes[static_cast<std::uint32_t>(key)]});
    }
    void note_example(const std::pair<std::string, std::string>& pair) {
        if (!differing_example || pair < *differing_example) differing_example = pair;
    }
    PairSignatures signatures_;
    static constexpr std::size_t batch = 64;
    std::uint64_t keys_[batch];
    double values_[batch];
    std::size_t buffered_ = 0;
    const FlowColumns& columns_;
    Interner interner_;
};

// Where to cut a CSV file for a second reader: at a line start past the
// middle with an even number of quotes before it (RFC 4180 quotes come in
// pairs, so no quoted field spans the cut), or 0 when there is none.
std::uint64_t safe_split(const std::string& path, std::uint64_t from, std::uint64_t size, std::size_t& lines_before) {
    VSILFILE* file = VSIFOpenL(path.c_str(), "rb");
    if (file == nullptr) return 0;
    std::vector<char> buffer(1 << 20);
    std::uint64_t offset = 0, quotes = 0;
    lines_before = 0;
    const std::uint64_t middle = from + (size - from) / 2;
    std::uint64_t found = 0;
    while (found == 0) {
        const std::size_t got = VSIFReadL(buffer.data(), 1, buffer.size(), file);
        if (got == 0) break;
        for (std::size_t i = 0; i < got; ++i) {
            const char c = buffer[i];
            if (c == '"')
                ++quotes;
            else if (c == '\n') {
                ++lines_before;
                if (offset + i + 1 >= middle && quotes % 2 == 0) {
                    found = offset + i + 1;
                    break;
                }
            }
        }
        offset += got;
    }
    (void)VSIFCloseL(file);
    return found < size ? found : 0;
}

} // namespace

FlowCounts read_flows(const LayerSpec& spec, const FlowTableOptions& options) {
    FlowCounts counts;
    counts.source = spec.text();
    RowSource rows(spec);
    const FlowColumns columns = flow_columns(spec, options, rows.header());
    if (!columns.wide) {
        counts.origin_field = columns.header[columns.origin];
        counts.destination_field = columns.header[columns.destination];
        counts.count_field = columns.header[columns.count];
        if (columns.period >= 0) counts.period_field = columns.header[static_cast<std::size_t>(columns.period)];
    } else {
        counts.origin_field = columns.header[0];
    }

    FlowAccumulator first(columns);
    std::optional<FlowAccumulator> whole; // when a split turns out unsafe
    std::vector<std::string_view> fields;
    const auto where = [&] { return rows.where(); };
    // A large CSV file is read by two cores, each from its own half.
    constexpr std::uint64_t worth_splitting = 32u << 20;
    const std::uint64_t start = rows.csv_offset();
    VSIStatBufL st{};
    std::size_t lines_before = 0;
    std::uint64_t cut = 0;
    if (start > 0 && worker_count() > 1 && VSIStatL(spec.source.c_str(), &st) == 0 &&
        static_cast<std::uint64_t>(st.st_size) >= worth_splitting)
        cut = safe_split(spec.source, start, static_cast<std::uint64_t>(st.st_size), lines_before);
    if (cut == 0) {
        while (rows.next(fields))
            first.row(fields, where);
        first.flush();
    } else {
        FlowAccumulator second(columns);
        std::exception_ptr failures[2];
        std::uint64_t first_end = 0, unused = 0;
        const auto read_range = [&](FlowAccumulator& into, std::uint64_t begin, std::uint64_t end, std::size_t line,
                                    std::uint64_t& stopped, std::exception_ptr& failure) {
            try {
                CsvReader reader(spec.source, begin, end, line);
                std::vector<std::string_view> record;
                const auto at = [&] { return "'" + spec.display() + "' line " + std::to_string(reader.line()); };
                while (reader.next(record))
                    into.row(record, at);
                into.flush();
                stopped = reader.offset();
            } catch (...) {
                failure = std::current_exception();
            }
        };
        std::thread helper = worker_thread(read_range, std::ref(second), cut, ~std::uint64_t{0}, lines_before + 1,
                                           std::ref(unused), std::ref(failures[1]));
        read_range(first, start, cut, rows.csv_next_line(), first_end, failures[0]);
        helper.join();
        if (failures[0]) std::rethrow_exception(failures[0]); // the earlier line's error wins
        if (first_end == cut) {
            if (failures[1]) std::rethrow_exception(failures[1]);
            first.absorb(second);
        } else {
            // The cut fell inside a record (a stray quote in an unquoted
            // field upset the count): read the whole file on one core.
            whole.emplace(columns);
            CsvReader reader(spec.source, start, ~std::uint64_t{0}, rows.csv_next_line());
            const auto at = [&] { return "'" + spec.display() + "' line " + std::to_string(reader.line()); };
            while (reader.next(fields))
                whole->row(fields, at);
            whole->flush();
        }
    }
    FlowAccumulator& read = whole ? *whole : first;
    if (read.differing_rows > 0) {
        std::vector<std::string> differing;
        for (std::size_t k = 0; k < columns.others.size(); ++k)
            if (read.differing_bits & column_bits(k, columns.others.size()))
                differing.push_back(columns.header[columns.others[k]]);
        const std::string& column = differing.front();
        throw StackedFlowsError(
            "'" + spec.display() + "': " + std::to_string(read.differing_rows) +
            (read.differing_rows == 1 ? " row repeats" : " rows repeat") +
            " an origin and destination of an earlier row with another value in " + list_for_message(differing) +
            " (for example " + quote_value(valid_utf8(read.differing_example->first)) + " to " +
            quote_value(valid_utf8(read.differing_example->second)) +
            "): it looks like several tables stacked, and summing them would count the same flows more than "
            "once; keep one with '|where=" +
            column + " = ...'");
    }
    counts.codes = std::move(read.codes);
    // Codes reach every writer: made valid UTF-8 here, once per distinct
    // code, as layer and table readers do for theirs.
    std::size_t repaired = 0;
    for (auto& code : counts.codes) {
        std::string valid = valid_utf8(code);
        if (valid != code) {
            code = std::move(valid);
            ++repaired;
        }
    }
    if (repaired > 0 && options.warn)
        options.warn("'" + spec.display() + "' has " + std::to_string(repaired) +
                     (repaired == 1 ? " origin or destination code that is" : " origin or destination codes that are") +
                     " not valid UTF-8; replaced with U+FFFD");
    counts.pairs = std::move(read.pairs);
    counts.total = static_cast<double>(read.total);
    if (counts.total >= largest_count)
        throw InputError("'" + spec.display() + "': the counts add up to 2^53 or more, too large to add up exactly");
    counts.rows = read.rows;
    counts.duplicate_rows = read.entries - counts.pairs.size();
    counts.skipped_period_rows = read.skipped_period_rows;
    return counts;
}

Successions Successions::read(const LayerSpec& given) {
    LayerSpec spec = given;
    if (spec.member_field.empty()) spec.member_field = "old_code";
    if (spec.group_field.empty()) spec.group_field = "new_code";
    const Membership table = read_membership(spec);
    Successions s;
    std::map<std::string, std::set<std::string>> all;
    for (const auto& row : table.rows)
        if (row.member != row.group) all[row.member].insert(row.group); // A -> A says nothing
    for (const auto& [old_code, successors] : all) {
        if (successors.size() > 1)
            s.ambiguous.push_back(old_code);
        else
            s.next_.emplace(old_code, *successors.begin());
    }
    s.resolve_chains(table.source);
    return s;
}

void Successions::resolve_chains(const std::string& source) {
    // Each code is walked once: a walk stops at a code already resolved and
    // gives the whole path that code's end. So chains of any length take
    // linear time, and a walk that meets its own path has found a cycle.
    std::unordered_map<std::string, std::string> last;
    last.reserve(next_.size());
    std::vector<const std::string*> path;
    std::unordered_map<std::string, std::size_t> on_path; // code -> index in path
    // In code order, so that of several cycles the same one is named every time.
    std::vector<const std::string*> starts;
    for (const auto& entry : next_)
        starts.push_back(&entry.first);
    std::sort(starts.begin(), starts.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    for (const std::string* start : starts) {
        if (last.count(*start)) continue;
        path.clear();
        on_path.clear();
        const std::string* code = start;
        const std::string* end = nullptr;
        while (true) {
            const auto done = last.find(*code);
            if (done != last.end()) {
                end = &done->second;
                break;
            }
            const auto next = next_.find(*code);
            if (next == next_.end()) {
                end = code;
                break;
            }
            const auto [seen, added] = on_path.emplace(*code, path.size());
            if (!added) {
                std::vector<std::string> cycle;
                for (std::size_t i = seen->second; i < path.size(); ++i)
                    cycle.push_back(*path[i]);
                // From its smallest code, whichever code the walk entered by.
                std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
                throw InputError("'" + source + "': the successions form a cycle of " + std::to_string(cycle.size()) +
                                 " codes, so they have no newest code: " + cycle_for_message(cycle));
            }
            path.push_back(code);
            code = &next->second;
        }
        const std::string resolved = *end;
        for (const std::string* p : path)
            last.emplace(*p, resolved);
    }
    next_ = std::move(last);
}

bool Successions::is_ambiguous(const std::string& code) const {
    return std::binary_search(ambiguous.begin(), ambiguous.end(), code);
}

const std::string& Successions::resolve(const std::string& code) const {
    const auto found = next_.find(code);
    return found == next_.end() ? code : found->second;
}

namespace {

// A code named differently by different rows keeps the name that sorts
// first, whatever the order of the rows.
void keep_name(std::string& kept, const std::string& name) {
    if (!name.empty() && (kept.empty() || name < kept)) kept = name;
}

} // namespace

std::size_t FlowMapping::footprint(const std::string& code, const std::string& name) {
    for (std::size_t i = 0; i < footprint_codes.size(); ++i)
        if (footprint_codes[i] == code) {
            keep_name(footprint_names[i], name);
            return i;
        }
    footprint_codes.push_back(code);
    footprint_names.push_back(name);
    return footprint_codes.size() - 1;
}

namespace {

// Two old codes that a merger joined may have pointed at different
// footprints: the new code is then shared equally and reported.
void merge_into(std::unordered_map<std::string, FootprintShares>& target, const std::string& code,
                FootprintShares shares, std::vector<std::string>& conflicts) {
    // By footprint, so that the same shares listed in another order are the same.
    std::sort(shares.begin(), shares.end());
    auto [it, added] = target.try_emplace(code, shares);
    if (added || it->second == shares) return;
    std::set<std::size_t> footprints;
    for (const auto& [f, share] : it->second)
        footprints.insert(f);
    for (const auto& [f, share] : shares)
        footprints.insert(f);
    it->second.clear();
    for (std::size_t f : footprints)
        it->second.push_back({f, 1.0 / static_cast<double>(footprints.size())});
    if (std::find(conflicts.begin(), conflicts.end(), code) == conflicts.end()) conflicts.push_back(code);
}

} // namespace

void map_by_table(FlowMapping& mapping, const Membership& table, bool origins) {
    check_member_shares(table);
    // By the codes the table uses; successions merge them afterwards.
    std::map<std::string, FootprintShares> shares;
    for (const auto& row : table.rows) {
        const std::size_t f = mapping.footprint(row.group, row.group_name);
        if (mapping.successions.is_ambiguous(row.member)) mapping.ambiguous_codes.push_back(row.member);
        shares[row.member].push_back({f, row.share});
    }
    auto& target = origins ? mapping.origin : mapping.destination;
    for (auto& [code, list] : shares)
        merge_into(target, mapping.successions.resolve(code), std::move(list), mapping.conflicts);
}

void add_footprints(FlowMapping& mapping, const PolygonLayer& footprints) {
    for (const auto& unit : footprints.units)
        mapping.footprint(unit.code, unit.name);
}

void map_by_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints, const PointLayer& points) {
    add_footprints(mapping, footprints);
    mapping.destinations_by_location = true;
    const PointLocation located = locate_points(ctx, footprints.units, points.points);
    const auto shares_of = [&](std::size_t p) {
        FootprintShares shares;
        const long unit = located.unit_of_point[p];
        if (unit >= 0)
            shares.push_back({mapping.footprint(footprints.units[static_cast<std::size_t>(unit)].code, ""), 1.0});
        return shares;
    };
    // A provider's own point places and names it. The points of the codes
    // it succeeded (often closed sites) stand in only when it has none.
    std::set<std::string> own;
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const std::string& code = points.points[p].code;
        if (mapping.successions.is_ambiguous(code)) mapping.ambiguous_codes.push_back(code);
        if (mapping.successions.resolve(code) != code) continue;
        own.insert(code);
        keep_name(mapping.destination_names[code], points.points[p].name);
        merge_into(mapping.destination, code, shares_of(p), mapping.conflicts);
    }
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const std::string& successor = mapping.successions.resolve(points.points[p].code);
        if (successor == points.points[p].code || own.count(successor)) continue;
        keep_name(mapping.destination_names[successor], points.points[p].name);
        merge_into(mapping.destination, successor, shares_of(p), mapping.conflicts);
    }
}

void map_by_polygons(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                     const PolygonLayer& origins, const PointLayer* weights) {
    add_footprints(mapping, footprints);
    const Overlay o = overlay_layers(ctx, footprints, origins, weights, OverlayOptions{});
    std::vector<FootprintShares> shares(o.b.codes.size());
    for (const auto& p : o.pieces) {
        if (p.sliver) continue;
        const double share = o.weighted && o.b.weight[p.b] > 0 ? p.weight_share_of_b : p.share_of_b;
        shares[p.b].push_back({mapping.footprint(o.a.codes[p.a], ""), share});
    }
    for (std::size_t b = 0; b < shares.size(); ++b) {
        // Slivers dropped: what remains of an origin in footprints is all of it.
        const double sum = std::accumulate(shares[b].begin(), shares[b].end(), 0.0,
                                           [](double t, const auto& s) { return t + s.second; });
        for (auto& s : shares[b])
            s.second /= sum > 0 ? sum : 1;
        merge_into(mapping.origin, mapping.successions.resolve(o.b.codes[b]), std::move(shares[b]), mapping.conflicts);
    }
}

GroupedPointsSummary map_by_grouped_points(GeosContext& ctx, FlowMapping& mapping, const PolygonLayer& footprints,
                                           const PointLayer& points, const Membership& groups) {
    add_footprints(mapping, footprints);
    std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> origins_of;
    for (const auto& row : groups.rows)
        origins_of[row.member].emplace_back(row.group, row.share);
    const PointLocation located = locate_points(ctx, footprints.units, points.points);
    // Origin -> footprint (-1: none) -> weight and number of points. By code
    // and by footprint, so that sums do not depend on the order of points.
    struct Weight {
        long double weight = 0;
        double points = 0;
    };
    std::map<std::string, std::map<long, Weight>> by_origin;
    for (std::size_t p = 0; p < points.points.size(); ++p) {
        const auto found = origins_of.find(points.points[p].code);
        if (found == origins_of.end()) continue;
        for (const auto& [origin, share] : found->second) {
            Weight& w = by_origin[origin][located.unit_of_point[p]];
            w.weight += points.points[p].weight * share;
            w.points += share;
        }
    }
    GroupedPointsSummary summary;
    for (const auto& [origin, parts] : by_origin) {
        long double weight = 0, count = 0;
        for (const auto& [unit, w] : parts)
            weight += w.weight, count += w.points;
        // An origin whose points all weigh nothing is shared by its points.
        const bool by_weight = weight > 0;
        FootprintShares shares;
        for (const auto& [unit, w] : parts)
            if (unit >= 0)
                shares.push_back({mapping.footprint(footprints.units[static_cast<std::size_t>(unit)].code, ""),
                                  static_cast<double>(by_weight ? w.weight / weight : w.points / count)});
        ++summary.origins;
        if (shares.empty())
            ++summary.outside;
        else if (shares.size() == 1 && parts.size() == 1)
            ++summary.whole;
        else
            ++summary.split;
        merge_into(mapping.origin, mapping.successions.resolve(origin), std::move(shares), mapping.conflicts);
    }
    return summary;
}

const char* to_string(UnmappedReason reason) {
    switch (reason) {
    case UnmappedReason::unknown_origin:
        return "unknown origin code";
    case UnmappedReason::unknown_destination:
        return "unknown destination code";
    case UnmappedReason::no_location:
        return "destination with no location";
    case UnmappedReason::outside:
        return "outside every footprint";
    }
    return "?";
}

double FlowResult::unmapped_total() const {
    return std::accumulate(unmapped.begin(), unmapped.end(), 0.0);
}

double FlowResult::difference() const {
    return total - mapped - unmapped_total();
}

bool FlowResult::reconciles() const {
    return same_total(total, mapped + unmapped_total());
}

bool same_total(double a, double b) {
    return std::fabs(a - b) <= reconciliation_tolerance * std::max({std::fabs(a), std::fabs(b), 1.0});
}

FlowResult compute_flows(const FlowCounts& counts, const FlowMapping& mapping, const FlowOptions& options) {
    FlowResult r;
    r.options = options;
    r.source = counts.source;
    // Footprints by code, whatever order the mapping met them in.
    std::vector<std::size_t> order(mapping.footprint_codes.size()), rank(order.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return mapping.footprint_codes[x] < mapping.footprint_codes[y]; });
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = i;
        r.footprint_codes.push_back(mapping.footprint_codes[order[i]]);
        r.footprint_names.push_back(mapping.footprint_names[order[i]]);
    }
    r.rows = counts.rows;
    r.duplicate_rows = counts.duplicate_rows;
    r.skipped_period_rows = counts.skipped_period_rows;
    r.conflicts = mapping.conflicts;
    std::sort(r.conflicts.begin(), r.conflicts.end());
    std::set<std::string> ambiguous(mapping.ambiguous_codes.begin(), mapping.ambiguous_codes.end());
    for (const auto& code : counts.codes)
        if (mapping.successions.is_ambiguous(code)) ambiguous.insert(code);
    r.ambiguous_codes.assign(ambiguous.begin(), ambiguous.end());
    const std::size_t n = r.footprint_codes.size();
    r.matrix.assign(n, std::vector<double>(n, 0.0));
    r.footprints.assign(n, {});

    // Resolve each distinct code once; the loop over pairs then only indexes.
    const std::size_t code_count = counts.codes.size();
    // Shares by footprint code, in code order: sums then add them in one order.
    std::vector<FootprintShares> origin_shares(code_count), destination_shares(code_count);
    std::vector<const FootprintShares*> origin_of(code_count, nullptr), destination_of(code_count, nullptr);
    const auto ranked = [&](const FootprintShares& shares) {
        FootprintShares out;
        for (const auto& [f, share] : shares)
            out.push_back({rank[f], share});
        std::sort(out.begin(), out.end());
        return out;
    };
    std::vector<std::uint32_t> provider_of(code_count, 0);
    std::vector<const std::string*> resolved(code_count);
    std::map<std::string, std::uint32_t> provider_ids; // by code: providers come out sorted
    for (std::size_t id = 0; id < code_count; ++id) {
        resolved[id] = &mapping.successions.resolve(counts.codes[id]);
        const auto o = mapping.origin.find(*resolved[id]);
        if (o != mapping.origin.end()) origin_of[id] = &(origin_shares[id] = ranked(o->second));
        const auto d = mapping.destination.find(*resolved[id]);
        if (d != mapping.destination.end()) destination_of[id] = &(destination_shares[id] = ranked(d->second));
    }
    // Pairs in the order of their codes, not of the rows that first named
    // them, so that every sum adds the same terms in the same order.
    std::vector<std::uint32_t> by_code(code_count), code_rank(code_count);
    std::iota(by_code.begin(), by_code.end(), 0);
    std::sort(by_code.begin(), by_code.end(),
              [&](std::uint32_t x, std::uint32_t y) { return counts.codes[x] < counts.codes[y]; });
    for (std::uint32_t i = 0; i < code_count; ++i)
        code_rank[by_code[i]] = i;
    std::vector<std::pair<std::uint64_t, double>> pairs;
    pairs.reserve(counts.pairs.size());
    counts.pairs.for_each([&](std::uint64_t key, double count) {
        pairs.push_back(
            {std::uint64_t{code_rank[key >> 32]} << 32 | code_rank[static_cast<std::uint32_t>(key)], count});
    });
    std::sort(pairs.begin(), pairs.end());
    for (auto& [key, count] : pairs)
        key = std::uint64_t{by_code[key >> 32]} << 32 | by_code[static_cast<std::uint32_t>(key)];
    for (const auto& [key, count] : pairs)
        provider_ids.emplace(*resolved[static_cast<std::uint32_t>(key)], 0);
    std::uint32_t next_provider = 0;
    for (auto& [code, id] : provider_ids)
        id = next_provider++;
    for (std::size_t id = 0; id < code_count; ++id) {
        const auto found = provider_ids.find(*resolved[id]);
        if (found != provider_ids.end()) provider_of[id] = found->second;
    }
    std::vector<ProviderFlows> providers(provider_ids.size());
    for (const auto& [code, id] : provider_ids) {
        ProviderFlows& p = providers[id];
        p.code = code;
        p.by_origin_footprint.assign(n, 0.0);
        const auto named = mapping.destination_names.find(code);
        if (named != mapping.destination_names.end()) p.name = named->second;
        const auto placed = mapping.destination.find(code);
        if (placed != mapping.destination.end() && placed->second.size() == 1)
            p.footprint = static_cast<long>(rank[placed->second.front().first]);
    }
    std::vector<double> outflow(n * providers.size(), 0.0); // [origin footprint][provider]
    std::map<std::tuple<int, std::string, std::string>, double> unmapped;
    long double total = 0, mapped = 0;
    std::array<long double, unmapped_reasons> lost{};
    const auto lose = [&](UnmappedReason why, const std::string& o, const std::string& d, double c) {
        if (c <= 0) return;
        lost[static_cast<std::size_t>(why)] += c;
        unmapped[{static_cast<int>(why), o, d}] += c;
    };

    for (const auto& [key, count] : pairs) {
        const auto origin_id = static_cast<std::uint32_t>(key >> 32);
        const auto destination_id = static_cast<std::uint32_t>(key);
        const std::string& origin = counts.codes[origin_id];
        const std::string& destination = *resolved[destination_id];
        total += count;
        const std::uint32_t provider_index = provider_of[destination_id];
        ProviderFlows& provider = providers[provider_index];
        provider.activity += count;

        const FootprintShares* o = origin_of[origin_id];
        if (o == nullptr) {
            provider.from_unmapped_origins += count;
            lose(UnmappedReason::unknown_origin, origin, destination, count);
            continue;
        }
        double origin_mapped = 0;
        for (const auto& [f, share] : *o) {
            provider.by_origin_footprint[f] += count * share;
            origin_mapped += share;
        }
        provider.from_unmapped_origins += count * std::max(0.0, 1 - origin_mapped);

        const FootprintShares* d = destination_of[destination_id];
        if (d == nullptr) {
            lose(mapping.destinations_by_location ? UnmappedReason::no_location : UnmappedReason::unknown_destination,
                 origin, destination, count);
            continue;
        }
        double destination_mapped = 0;
        for (const auto& [g, share] : *d)
            destination_mapped += share;
        // What part of this flow lies in no footprint at either end.
        lose(UnmappedReason::outside, origin, destination,
             count * (1 - std::min(1.0, origin_mapped * destination_mapped)));
        for (const auto& [f, fs] : *o)
            for (const auto& [g, gs] : *d) {
                const double c = count * fs * gs;
                r.matrix[f][g] += c;
                mapped += c;
                if (f != g) outflow[f * providers.size() + provider_index] += c;
            }
    }
    r.total = static_cast<double>(total);
    r.mapped = static_cast<double>(mapped);
    for (std::size_t i = 0; i < unmapped_reasons; ++i)
        r.unmapped[i] = static_cast<double>(lost[i]);
    for (const auto& [key, c] : unmapped)
        r.unmapped_flows.push_back(
            {std::get<1>(key), std::get<2>(key), c, static_cast<UnmappedReason>(std::get<0>(key))});
    std::stable_sort(r.unmapped_flows.begin(), r.unmapped_flows.end(), [](const auto& x, const auto& y) {
        return std::tie(x.reason, y.count) < std::tie(y.reason, x.count);
    });

    for (std::size_t f = 0; f < n; ++f) {
        FootprintFlows& ff = r.footprints[f];
        for (std::size_t g = 0; g < n; ++g) {
            ff.residents += r.matrix[f][g];
            ff.provided += r.matrix[g][f];
        }
        ff.within = r.matrix[f][f];
        ff.demand_containment = ff.residents > 0 ? ff.within / ff.residents : 0;
        ff.supply_containment = ff.provided > 0 ? ff.within / ff.provided : 0;
        ff.passes =
            ff.demand_containment >= options.demand_threshold && ff.supply_containment >= options.supply_threshold;
    }
    for (std::size_t f = 0; f < n; ++f)
        for (std::size_t p = 0; p < providers.size(); ++p) {
            const double c = outflow[f * providers.size() + p];
            if (c <= 0) continue;
            // A destination shared between footprints: name the largest
            // share that is not the origin's own footprint; of equal
            // shares, the footprint whose code sorts first.
            std::size_t where = n;
            double best = -1;
            for (const auto& [g, share] : ranked(mapping.destination.at(providers[p].code)))
                if (g != f && share > best) best = share, where = g;
            r.footprints[f].top_outflows.push_back({providers[p].code, where, c});
        }
    for (auto& ff : r.footprints) {
        // Equal counts by provider code, then footprint code (rank).
        std::sort(ff.top_outflows.begin(), ff.top_outflows.end(), [](const Outflow& x, const Outflow& y) {
            return std::tie(y.count, x.provider, x.footprint) < std::tie(x.count, y.provider, y.footprint);
        });
        if (ff.top_outflows.size() > options.top) ff.top_outflows.resize(options.top);
    }
    for (auto& p : providers) {
        std::vector<std::size_t> by_share(n);
        std::iota(by_share.begin(), by_share.end(), 0);
        std::stable_sort(by_share.begin(), by_share.end(), [&](std::size_t x, std::size_t y) {
            return p.by_origin_footprint[x] > p.by_origin_footprint[y];
        });
        for (std::size_t f : by_share)
            if (p.activity > 0 && p.by_origin_footprint[f] / p.activity >= options.span_threshold) p.spans.push_back(f);
        r.providers.push_back(std::move(p));
    }
    return r;
}

} // namespace fp
