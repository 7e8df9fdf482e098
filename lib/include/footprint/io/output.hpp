// Writing results safely: never over an existing file unless asked, never
// over an input, and never a half-written file in place of a good one.
//
// Every file a tool writes, main or side output, text or GDAL dataset,
// goes through write_files_atomically: a unique temporary beside the target
// (created with O_EXCL, so never through a planted symlink), checked writes,
// fsync, and a rename that does not replace a file that appeared meanwhile
// unless overwriting was asked for. A terminal, pipe or device is written
// directly: renaming over it would replace the device itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fp {

// Refuses (OutputError) when `path` exists and `overwrite` is false. A
// terminal, pipe or device (/dev/null, /dev/stdout) is always writable.
// Also refuses when `path` does not exist and the directory it would go in
// does not exist or cannot be written: found before the work, not after.
void check_writable(const std::string& path, bool overwrite);

// Whether `path` is a terminal, pipe or device, written to and never replaced.
bool is_stream(const std::string& path);

struct FileContent {
    std::string path;
    std::string_view content;
};

// Writes each file to a temporary beside its path, flushes them to disk,
// then renames them into place in the given order (put the file that
// readers look for last: a Shapefile's .shp after its .dbf and .shx). On
// any failure every temporary is removed, nothing not yet renamed is
// touched, and the error names the file and the system's reason (OutputError).
void write_files_atomically(const std::vector<FileContent>& files, bool overwrite);
void write_file_atomically(const std::string& path, std::string_view content, bool overwrite);

// A file named on the command line, and how the tool names its role
// ("-o", "the flow table"), for messages.
struct NamedFile {
    std::string path;
    std::string role;
};

// Refuses (UsageError), before any work, an output that is the same file
// as an input (same device and inode, after following symlinks) or as
// another output (the same file, or the same path once its directory is
// resolved). Standard output ("-"), terminals, pipes and devices are never
// a clash. Inputs that do not exist are ignored: reading them fails later.
void refuse_clashing_files(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);

// The temporary name beside `path` that write_files_atomically uses, with
// its six random characters left as XXXXXX (for mkstemp): the file name
// followed by ".tmp.XXXXXX", shortened from the front so that it fits in
// a directory entry (NAME_MAX) whatever the length of `path`'s name.
std::string temporary_pattern(const std::string& path);

// Temporary files beside outputs that are not yet in place. The writers
// remember each one until it is renamed or removed; a program that is
// interrupted calls remove_temporaries() so that none is left behind (the
// fp-* tools do, on SIGINT, SIGTERM and SIGHUP). Thread-safe, and
// remove_temporaries() is async-signal-safe: it may be called from a
// signal handler.
void remember_temporary(const std::string& path);
void forget_temporary(const std::string& path);
void remove_temporaries();

} // namespace fp
