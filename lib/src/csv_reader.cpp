#include "footprint/csv_reader.hpp"

#include "footprint/error.hpp"

#include <cerrno>
#include <cstring>

namespace fp {

CsvReader::CsvReader(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
    if (file_ == nullptr)
        throw InputError("cannot open '" + path + "': " + std::strerror(errno));
}

CsvReader::~CsvReader() { std::fclose(file_); }

int CsvReader::refill() {
    if (buffer_.empty()) buffer_.resize(1 << 20);
    end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    pos_ = 0;
    if (end_ == 0) {
        if (std::ferror(file_)) throw InputError("reading '" + path_ + "' failed: " + std::strerror(errno));
        return EOF;
    }
    return static_cast<unsigned char>(buffer_[pos_++]);
}

bool CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    int c = get();
    if (first_) {
        first_ = false;
        if (c == 0xEF) { // UTF-8 byte-order mark
            const int b = get(), d = get();
            if (b != 0xBB || d != 0xBF) throw InputError("'" + path_ + "' line 1: a broken byte-order mark");
            c = get();
        }
    }
    if (c == EOF) return false;
    record_line_ = line_;
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    while (true) {
        if (quoted) {
            if (c == EOF)
                throw InputError("'" + path_ + "' line " + std::to_string(record_line_) +
                                 ": a quote opened here is never closed");
            if (c == '"') {
                const int n = get();
                if (n == '"') {
                    field += '"';
                } else {
                    quoted = false;
                    c = n;
                    continue;
                }
            } else {
                if (c == '\n') ++line_;
                field += static_cast<char>(c);
            }
        } else if (c == '"' && field.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (c == '\r' || c == '\n' || c == EOF) {
            if (c == '\r' && pos_ < end_ && buffer_[pos_] == '\n') ++pos_;
            else if (c == '\r' && pos_ >= end_) {
                const int n = get();
                if (n != '\n' && n != EOF) --pos_; // refill kept it at the buffer's start
            }
            if (c != EOF) ++line_;
            fields.push_back(std::move(field));
            return true;
        } else {
            field += static_cast<char>(c);
        }
        c = get();
    }
}

} // namespace fp
