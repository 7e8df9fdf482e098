#include "footprint/io/text_file.hpp"

#include "footprint/core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cpl_vsi.h>
#include <cstring>
#include <vector>

namespace fp {

void require_regular_file(const std::string& path, bool directory_ok) {
    VSIStatBufL stat;
    if (VSIStatL(path.c_str(), &stat) != 0) return; // opening it says why
    if (VSI_ISREG(stat.st_mode)) return;
    if (VSI_ISDIR(stat.st_mode)) {
        if (directory_ok) return;
        throw InputError("cannot open '" + path + "': it is a directory");
    }
    throw InputError("cannot open '" + path + "': not a regular file (a device, FIFO or socket)");
}

std::string_view byte_order_mark_encoding(std::string_view start) {
    const auto begins = [&](std::string_view mark) { return start.substr(0, mark.size()) == mark; };
    // UTF-32LE's mark begins with UTF-16LE's, so it is tried first.
    if (begins(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32LE";
    if (begins(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32BE";
    if (begins("\xFF\xFE")) return "UTF-16LE";
    if (begins("\xFE\xFF")) return "UTF-16BE";
    return {};
}

void check_not_utf16_or_utf32(const std::string& path, std::string_view start) {
    const std::string encoding(byte_order_mark_encoding(start));
    if (encoding.empty()) return;
    throw InputError("'" + path + "' is " + encoding + " (it begins with a " + encoding +
                     " byte-order mark), which is not supported: save it as UTF-8, or convert it, e.g. with "
                     "'iconv -f " +
                     encoding + " -t UTF-8'");
}

std::string nul_byte_at(std::size_t line) {
    return "line " + std::to_string(line) + ": a NUL byte, which no text file holds; is it a binary file?";
}

std::string too_long_at(std::size_t line, bool whole_record) {
    return "line " + std::to_string(line) + (whole_record ? ": a record longer than " : ": a field longer than ") +
           std::to_string(whole_record ? max_record_bytes : max_field_bytes) + " bytes; is it the right file?";
}

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
    require_regular_file(path);
    errno = 0;
    VSILFILE* file = VSIFOpenL(path.c_str(), "rb");
    if (file == nullptr)
        throw InputError("cannot open '" + path + "': " + (errno != 0 ? std::strerror(errno) : "cannot be read"));
    // One byte more than allowed tells a file at the limit from a longer one,
    // even if it grew after the check above.
    std::string text(max_bytes + 1, '\0');
    const std::size_t got = VSIFReadL(text.data(), 1, text.size(), file);
    const bool failed = got < text.size() && !VSIFEofL(file);
    (void)VSIFCloseL(file);
    if (failed) throw InputError("reading '" + path + "' failed");
    if (got > max_bytes)
        throw InputError("'" + path + "' is larger than " + std::to_string(max_bytes) +
                         " bytes, too large for this kind of file; is it the right file?");
    text.resize(got);
    check_not_utf16_or_utf32(path, text);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    const std::size_t nul = text.find('\0');
    if (nul != std::string::npos)
        throw InputError("'" + path + "' " +
                         nul_byte_at(1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + nul, '\n'))));
    return text;
}

} // namespace fp
