// A streaming RFC 4180 CSV reader for tables too large to hold (10^8 flow
// rows): a UTF-8 byte-order mark, CRLF or LF, quoted fields with commas,
// quotes and newlines. Errors name the line.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace fp {

class CsvReader {
  public:
    // Throws InputError when the file cannot be opened.
    explicit CsvReader(const std::string& path);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next record, or false at the end. Throws InputError for a quote
    // left open at the end of the file, naming the line where it opened.
    bool next(std::vector<std::string>& fields);

    // The line on which the last record returned began (from 1).
    std::size_t line() const { return record_line_; }
    const std::string& path() const { return path_; }

  private:
    int get() { return pos_ < end_ ? static_cast<unsigned char>(buffer_[pos_++]) : refill(); }
    int refill();
    std::string path_;
    std::FILE* file_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
    bool first_ = true;
};

} // namespace fp
