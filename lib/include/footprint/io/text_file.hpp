// Reading text inputs within bounds. Every table and config file goes
// through these checks, so that a mistaken path (/dev/zero, a symlink to a
// device, a 300 MB single line, a UTF-16 export from a spreadsheet, a
// binary file) ends in a message naming the file and line instead of
// exhausting memory or reading garbage.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fp {

// Configs are a few kilobytes; a megabyte means the wrong file.
constexpr std::size_t max_config_bytes = 1000000;
// No code, name or count is near 4 MiB, and no table record (a wide flow
// matrix of every MSOA is under 100 KB) near 8 MiB. The record bound is
// below GDAL's CSV line limit (10^7 bytes), so the same check answers for
// every CSV file, whichever reader takes it.
constexpr std::size_t max_field_bytes = std::size_t{4} << 20;
constexpr std::size_t max_record_bytes = std::size_t{8} << 20;

// Throws InputError unless `path` is a regular file, after following
// symlinks: a device (/dev/zero), FIFO or socket never ends, or ends when
// read twice. Directories are let through when `directory_ok` (a
// shapefile directory), and are refused otherwise. A path that cannot be
// examined is let through: opening it then says why.
void require_regular_file(const std::string& path, bool directory_ok = false);

// The encoding a UTF-16 or UTF-32 byte-order mark at the start of `start`
// names ("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"), or "" for none.
std::string_view byte_order_mark_encoding(std::string_view start);

// Throws InputError when `start` (the first bytes of `path`) begins with a
// UTF-16 or UTF-32 byte-order mark: only UTF-8 is read.
void check_not_utf16_or_utf32(const std::string& path, std::string_view start);

// What is wrong at `line`, for a message "'PATH' " + this: a NUL byte
// (text files have none, and a code with one would be cut at it in every
// message and output), or a field or record longer than its bound.
std::string nul_byte_at(std::size_t line);
std::string too_long_at(std::size_t line, bool whole_record);

// The whole of a small text file (a config): a regular file of at most
// `max_bytes` bytes, UTF-8 (a UTF-8 byte-order mark is dropped) with no NUL
// byte. Throws InputError naming the file, and the line of a NUL byte.
std::string read_text_file(const std::string& path, std::size_t max_bytes);

} // namespace fp
