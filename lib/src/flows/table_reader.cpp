#include "footprint/flows/table_reader.hpp"

#include "footprint/core/text.hpp"
#include "footprint/flows/flow_accumulator.hpp"
#include "footprint/io/csv_reader.hpp"
#include "footprint/io/fields.hpp"
#include "footprint/io/gdal_util.hpp"

#include <exception>
#include <memory>
#include <optional>
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
    GDALDatasetUniquePtr dataset_;
    OGRLayer* layer_ = nullptr;
    GdalErrorCapture capture_;
    std::vector<std::string> header_;
    std::vector<std::string> values_;
    std::size_t row_ = 0;
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

// Reads the records of bytes [begin, end) of a CSV file, the first on line
// `line`, into `into`; returns where the reader stopped.
std::uint64_t read_csv_range(const LayerSpec& spec, FlowAccumulator& into, std::uint64_t begin, std::uint64_t end,
                             std::size_t line) {
    CsvReader reader(spec.source, begin, end, line);
    std::vector<std::string_view> record;
    const auto at = [&] { return "'" + spec.display() + "' line " + std::to_string(reader.line()); };
    while (reader.next(record))
        into.row(record, at);
    into.flush();
    return reader.offset();
}

// A large CSV file is read by two cores, each from its own half.
constexpr std::uint64_t worth_splitting = 32u << 20;

// Where a second core may start reading, or 0 to read on one.
std::uint64_t split_point(const LayerSpec& spec, const FlowTableOptions& options, std::uint64_t start,
                          std::size_t& lines_before) {
    VSIStatBufL st{};
    if (start == 0 || options.workers < 2 || VSIStatL(spec.source.c_str(), &st) != 0 ||
        static_cast<std::uint64_t>(st.st_size) < worth_splitting)
        return 0;
    return safe_split(spec.source, start, static_cast<std::uint64_t>(st.st_size), lines_before);
}

// Sums the rows: on two cores when the file is worth cutting and the cut
// proves safe, else on one. Returns what holds the sums, `first` or, when
// the cut proved unsafe, `whole`; `parts` is set to how many parts were read.
FlowAccumulator& sum_rows(const LayerSpec& spec, const FlowTableOptions& options, RowSource& rows,
                          FlowAccumulator& first, std::optional<FlowAccumulator>& whole, std::size_t& parts) {
    parts = 1;
    const std::uint64_t start = rows.csv_offset();
    std::size_t lines_before = 0;
    const std::uint64_t cut = split_point(spec, options, start, lines_before);
    if (cut == 0) {
        std::vector<std::string_view> fields;
        const auto where = [&] { return rows.where(); };
        while (rows.next(fields))
            first.row(fields, where);
        first.flush();
        return first;
    }
    FlowAccumulator second(first.columns());
    std::exception_ptr failures[2];
    std::uint64_t first_end = 0;
    const auto read_range = [&](FlowAccumulator& into, std::uint64_t begin, std::uint64_t end, std::size_t line,
                                std::uint64_t* stopped, std::exception_ptr& failure) {
        try {
            const std::uint64_t at = read_csv_range(spec, into, begin, end, line);
            if (stopped != nullptr) *stopped = at;
        } catch (...) {
            failure = std::current_exception();
        }
    };
    std::thread helper = worker_thread(read_range, std::ref(second), cut, ~std::uint64_t{0}, lines_before + 1, nullptr,
                                       std::ref(failures[1]));
    read_range(first, start, cut, rows.csv_next_line(), &first_end, failures[0]);
    helper.join();
    if (failures[0]) std::rethrow_exception(failures[0]); // the earlier line's error wins
    if (first_end == cut) {
        if (failures[1]) std::rethrow_exception(failures[1]);
        first.absorb(second);
        parts = 2;
        return first;
    }
    // The cut fell inside a record (a stray quote in an unquoted field
    // upset the count): read the whole file on one core.
    whole.emplace(first.columns());
    read_csv_range(spec, *whole, start, ~std::uint64_t{0}, rows.csv_next_line());
    return *whole;
}

// Repeats of a pair that differ in another column: stacked tables, refused.
void refuse_stacked(const LayerSpec& spec, const FlowColumns& columns, const FlowAccumulator& read) {
    if (read.differing_rows == 0) return;
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

// Codes reach every writer: made valid UTF-8 here, once per distinct code,
// as layer and table readers do for theirs.
void repair_codes(const LayerSpec& spec, const FlowTableOptions& options, std::vector<std::string>& codes) {
    std::size_t repaired = 0;
    for (auto& code : codes) {
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
    std::optional<FlowAccumulator> whole;
    FlowAccumulator& read = sum_rows(spec, options, rows, first, whole, counts.parts_read);
    refuse_stacked(spec, columns, read);
    counts.codes = std::move(read.codes);
    repair_codes(spec, options, counts.codes);
    counts.pairs = std::move(read.pairs);
    counts.total = static_cast<double>(read.total);
    if (counts.total >= largest_count)
        throw InputError("'" + spec.display() + "': the counts add up to 2^53 or more, too large to add up exactly");
    counts.rows = read.rows;
    counts.duplicate_rows = read.entries - counts.pairs.size();
    counts.skipped_period_rows = read.skipped_period_rows;
    return counts;
}

} // namespace fp
