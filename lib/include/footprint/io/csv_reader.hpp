// A streaming RFC 4180 CSV reader for tables too large to hold (10^8 flow
// rows): a UTF-8 byte-order mark, CRLF or LF, quoted fields with commas,
// quotes and newlines. Errors name the line. Files are read through GDAL's
// virtual file system, so /vsimem/, /vsizip/ and /vsigzip/ paths work too.
#pragma once

#include <cpl_vsi.h>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fp {

class CsvReader {
  public:
    // Throws InputError when the file cannot be opened.
    explicit CsvReader(const std::string& path);
    // Only the records that begin in bytes [begin, end) of the file, the
    // first of them on line `first_line`: for reading one file on several
    // cores, split where no quoted field spans the cut.
    CsvReader(const std::string& path, std::uint64_t begin, std::uint64_t end, std::size_t first_line);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next record, or false at the end. Throws InputError for a quote
    // left open at the end of the file, naming the line where it opened.
    bool next(std::vector<std::string>& fields);
    // The same without copying: views into a buffer reused by the next call.
    bool next(std::vector<std::string_view>& fields);

    // The line on which the last record returned began (from 1).
    std::size_t line() const { return record_line_; }
    // Where the next record begins: its byte offset and line.
    std::uint64_t offset() const { return base_ + pos_; }
    std::size_t next_line() const { return line_; }
    const std::string& path() const { return path_; }

  private:
    int get() { return pos_ < end_ ? static_cast<unsigned char>(buffer_[pos_++]) : refill(); }
    int refill();
    std::string path_;
    VSILFILE* file_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    std::uint64_t base_ = 0; // file offset of buffer_[0]
    std::uint64_t limit_ = ~std::uint64_t{0};
    std::string record_;                                     // unescaped fields, end to end
    std::vector<std::pair<std::size_t, std::size_t>> spans_; // each field's [begin, end) in record_
    std::size_t line_ = 1;
    std::size_t record_line_ = 0;
    bool first_ = true;
};

} // namespace fp
