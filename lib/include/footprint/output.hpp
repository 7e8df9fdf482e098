// Writing results safely: never over an existing file unless asked, and
// never a half-written file in place of a good one.
#pragma once

#include <string>

namespace fp {

// Refuses (OutputError) when `path` exists and `overwrite` is false. A
// terminal, pipe or device (/dev/null, /dev/stdout) is always writable.
// Also refuses when `path` does not exist and the directory it would go in
// does not exist or cannot be written: found before the work, not after.
void check_writable(const std::string& path, bool overwrite);

// Writes `content` to a temporary file beside `path`, flushes it to disk and
// renames it into place. On any failure the temporary file is removed and
// an existing `path` is left as it was. A terminal, pipe or device is
// written directly: renaming over it would replace the device itself.
void write_file_atomically(const std::string& path, const std::string& content, bool overwrite);

// Temporary files and directories beside outputs that are not yet in place.
// The writers remember each one until it is renamed or removed; a program
// that is interrupted calls remove_temporaries() so that none is left
// behind (the fp-* tools do, on SIGINT, SIGTERM and SIGHUP). Thread-safe,
// and remove_temporaries() is async-signal-safe: it may be called from a
// signal handler.
void remember_temporary(const std::string& path);
void forget_temporary(const std::string& path);
void remove_temporaries();

// Removes a directory holding only files, and the files. Async-signal-safe.
void remove_flat_directory(const char* path);

} // namespace fp
