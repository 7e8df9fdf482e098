#include "footprint/io/csv_reader.hpp"

#include "footprint/core/error.hpp"
#include "footprint/io/text_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fp {

namespace {

std::string reason(int error) {
    return error != 0 ? std::strerror(error) : "cannot be read";
}

// No flow table has anywhere near this many columns.
constexpr std::size_t max_fields = 1000000;

} // namespace

CsvReader::CsvReader(const std::string& path) : path_(path) {
    require_regular_file(path);
    errno = 0;
    file_ = VSIFOpenL(path.c_str(), "rb");
    if (file_ == nullptr) throw InputError("cannot open '" + path + "': " + reason(errno));
}

CsvReader::CsvReader(const std::string& path, std::uint64_t begin, std::uint64_t end, std::size_t first_line)
    : CsvReader(path) {
    if (begin > 0 && VSIFSeekL(file_, begin, SEEK_SET) != 0)
        throw InputError("cannot seek in '" + path + "': " + reason(errno));
    base_ = begin;
    limit_ = end;
    line_ = first_line;
    first_ = begin == 0;
}

CsvReader::~CsvReader() {
    (void)VSIFCloseL(file_);
}

int CsvReader::refill() {
    if (buffer_.empty()) buffer_.resize(1 << 20);
    base_ += end_;
    errno = 0;
    end_ = VSIFReadL(buffer_.data(), 1, buffer_.size(), file_);
    pos_ = 0;
    if (end_ == 0) {
        if (!VSIFEofL(file_)) throw InputError("reading '" + path_ + "' failed: " + reason(errno));
        return EOF;
    }
    return static_cast<unsigned char>(buffer_[pos_++]);
}

bool CsvReader::next(std::vector<std::string>& fields) {
    std::vector<std::string_view> views;
    if (!next(views)) {
        fields.clear();
        return false;
    }
    fields.assign(views.begin(), views.end());
    return true;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
    fields.clear();
    record_.clear();
    spans_.clear();
    if (offset() >= limit_) return false;
    int c = get();
    if (first_) {
        first_ = false;
        check_not_utf16_or_utf32(path_, std::string_view(buffer_.data(), std::min<std::size_t>(end_, 4)));
        if (c == 0xEF) { // UTF-8 byte-order mark
            const int b = get(), d = get();
            if (b != 0xBB || d != 0xBF) throw InputError("'" + path_ + "' line 1: a broken byte-order mark");
            c = get();
        }
    }
    if (c == EOF) return false;
    record_line_ = line_;
    std::size_t start = 0;
    std::size_t quote_line = record_line_;
    bool quoted = false;
    bool was_quoted = false;
    // Bounds on one field and one record, so that a file of one endless
    // line (or a device) cannot take all memory.
    const auto check_length = [&] {
        if (record_.size() - start > max_field_bytes || record_.size() > max_record_bytes)
            throw InputError("'" + path_ + "' " + too_long_at(record_line_, record_.size() - start <= max_field_bytes));
    };
    while (true) {
        if (c == 0) throw InputError("'" + path_ + "' " + nul_byte_at(line_));
        if (quoted) {
            if (c == EOF)
                throw InputError("'" + path_ + "' line " + std::to_string(quote_line) +
                                 ": a quote opened here is never closed");
            if (c == '"') {
                const int n = get();
                if (n == '"') {
                    record_ += '"';
                    check_length();
                } else {
                    quoted = false;
                    c = n;
                    continue;
                }
            } else {
                if (c == '\n') ++line_;
                record_ += static_cast<char>(c);
                check_length();
            }
        } else if (c == '"' && record_.size() == start && !was_quoted) {
            quoted = was_quoted = true;
            quote_line = line_;
        } else if (c == ',') {
            spans_.emplace_back(start, record_.size());
            // A line of a million commas would otherwise take gigabytes.
            if (spans_.size() >= max_fields)
                throw InputError("'" + path_ + "' line " + std::to_string(record_line_) + ": more than " +
                                 std::to_string(max_fields) + " fields");
            start = record_.size();
            was_quoted = false;
        } else if (c == '\r' || c == '\n' || c == EOF) {
            if (c == '\r' && pos_ < end_ && buffer_[pos_] == '\n')
                ++pos_;
            else if (c == '\r' && pos_ >= end_) {
                const int n = get();
                if (n != '\n' && n != EOF) --pos_; // refill kept it at the buffer's start
            }
            if (c != EOF) ++line_;
            spans_.emplace_back(start, record_.size());
            for (const auto& [b, e] : spans_)
                fields.emplace_back(record_.data() + b, e - b);
            return true;
        } else {
            record_ += static_cast<char>(c);
            check_length();
        }
        c = get();
    }
}

} // namespace fp
