#include "footprint/io/output.hpp"

#include "footprint/core/error.hpp"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace fp {

namespace {

std::string reason() {
    return errno == 0 ? std::string("unknown error") : std::string(std::strerror(errno));
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Writes all of `content`, retrying short writes; false with errno set on
// failure (ENOSPC, EIO, ...).
bool write_all(int fd, std::string_view content) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            if (written == 0) errno = EIO;
            return false;
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    return true;
}

} // namespace

namespace {

// The registry is read by a signal handler, so it is a fixed table of
// slots claimed and released with atomics, and removal uses only
// async-signal-safe calls.
struct TemporarySlot {
    enum State : int { free, claimed, ready };
    std::atomic<int> state{free};
    char path[4096];
};
TemporarySlot temporary_slots[32];

} // namespace

void remember_temporary(const std::string& path) {
    if (path.size() >= sizeof temporary_slots[0].path) return; // not removable on interrupt; still removed on failure
    for (auto& slot : temporary_slots) {
        int expected = TemporarySlot::free;
        if (!slot.state.compare_exchange_strong(expected, TemporarySlot::claimed)) continue;
        std::memcpy(slot.path, path.c_str(), path.size() + 1);
        slot.state.store(TemporarySlot::ready);
        return;
    }
}

void forget_temporary(const std::string& path) {
    for (auto& slot : temporary_slots)
        if (slot.state.load() == TemporarySlot::ready && path == slot.path) {
            slot.state.store(TemporarySlot::free);
            return;
        }
}

void remove_temporaries() {
    for (auto& slot : temporary_slots) {
        int expected = TemporarySlot::ready;
        if (!slot.state.compare_exchange_strong(expected, TemporarySlot::claimed)) continue;
        ::unlink(slot.path);
        slot.state.store(TemporarySlot::free);
    }
}

bool is_stream(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

void check_writable(const std::string& path, bool overwrite) {
    struct stat st {};
    // lstat: a symbolic link is a file in the way, even when it dangles.
    if (::lstat(path.c_str(), &st) != 0) {
        // Found now, not after the work: the directory the file goes in.
        const std::string directory = directory_of(path);
        if (::stat(directory.c_str(), &st) != 0)
            throw OutputError("cannot write '" + path + "': directory '" + directory + "': " + reason());
        if (!S_ISDIR(st.st_mode))
            throw OutputError("cannot write '" + path + "': '" + directory + "' is not a directory");
        if (::access(directory.c_str(), W_OK | X_OK) != 0)
            throw OutputError("cannot write '" + path + "': directory '" + directory + "': " + reason());
        return;
    }
    if (is_stream(path)) return;
    if (S_ISLNK(st.st_mode) && ::stat(path.c_str(), &st) != 0) st.st_mode = S_IFREG; // a dangling link
    if (S_ISDIR(st.st_mode)) throw OutputError("cannot write '" + path + "': it is a directory");
    if (!S_ISREG(st.st_mode)) throw OutputError("cannot write '" + path + "': it is not a regular file");
    if (!overwrite) throw OutputError("'" + path + "' exists; use ", Setting::overwrite, " to replace it");
}

std::string temporary_pattern(const std::string& path) {
    constexpr std::string_view suffix = ".tmp.XXXXXX";
    std::string name = name_of(path);
    if (name.size() + suffix.size() > NAME_MAX) {
        // Keep the end of the name, where its extension is, without
        // starting inside a UTF-8 sequence.
        std::size_t start = name.size() + suffix.size() - NAME_MAX;
        while (start < name.size() && (static_cast<unsigned char>(name[start]) & 0xC0) == 0x80)
            ++start;
        name = name.substr(start);
    }
    const std::size_t slash = path.find_last_of('/');
    return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + name + std::string(suffix);
}

namespace {

void write_stream(const std::string& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw OutputError("cannot write '" + path + "': " + reason());
    const bool written = write_all(fd, content);
    const int saved = errno;
    if (::close(fd) != 0 || !written) {
        if (!written) errno = saved;
        throw OutputError("cannot write '" + path + "': " + reason());
    }
}

// A temporary file beside its target, removed unless published.
class StagedFile {
  public:
    StagedFile(const std::string& target, std::string_view content) : target_(target) {
        temp_ = temporary_pattern(target);
        // mkstemp opens with O_CREAT | O_EXCL: a name that exists, or a
        // symbolic link planted under it, is never opened.
        const int fd = ::mkstemp(temp_.data());
        if (fd < 0) throw OutputError("cannot create a temporary file beside '" + target + "': " + reason());
        remember_temporary(temp_);
        bool ok = write_all(fd, content) && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
        const int saved = errno;
        ok = ::close(fd) == 0 && ok;
        if (!ok) {
            if (saved != 0) errno = saved;
            const std::string message = "cannot write '" + target + "': " + reason();
            discard();
            throw OutputError(message);
        }
    }
    ~StagedFile() { discard(); }
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;

    // Renames the temporary to the target: atomically refusing a file that
    // appeared since check_writable, unless `overwrite`.
    void publish(bool overwrite) {
        errno = 0;
        if (overwrite ? ::rename(temp_.c_str(), target_.c_str()) != 0 : !rename_without_replacing()) {
            if (errno == EEXIST)
                throw OutputError("'" + target_ + "' appeared while writing; use ", Setting::overwrite,
                                  " to replace it");
            throw OutputError("cannot move the result into place at '" + target_ + "': " + reason());
        }
        forget_temporary(temp_);
        temp_.clear();
    }

  private:
    bool rename_without_replacing() {
        if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) == 0) return true;
        if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return false;
        // A file system without RENAME_NOREPLACE: link() refuses an
        // existing name just as atomically.
        if (::link(temp_.c_str(), target_.c_str()) == 0) {
            ::unlink(temp_.c_str());
            return true;
        }
        if (errno != EPERM && errno != ENOTSUP) return false;
        // Nor hard links (FAT): the best left is to look, then rename.
        struct stat st {};
        if (::lstat(target_.c_str(), &st) == 0) {
            errno = EEXIST;
            return false;
        }
        return ::rename(temp_.c_str(), target_.c_str()) == 0;
    }

    void discard() {
        if (temp_.empty()) return;
        ::unlink(temp_.c_str());
        forget_temporary(temp_);
        temp_.clear();
    }

    std::string target_;
    std::string temp_;
};

void sync_directory(const std::string& path) {
    const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

void write_files_atomically(const std::vector<FileContent>& files, bool overwrite) {
    for (const auto& file : files)
        check_writable(file.path, overwrite);
    // Everything is on disk under temporary names before any target is
    // touched, so a full disk or a failed write replaces nothing.
    std::vector<std::unique_ptr<StagedFile>> staged(files.size());
    for (std::size_t i = 0; i < files.size(); ++i)
        if (!is_stream(files[i].path)) staged[i] = std::make_unique<StagedFile>(files[i].path, files[i].content);
    // Devices and pipes next: a failure there still replaces nothing.
    for (std::size_t i = 0; i < files.size(); ++i)
        if (!staged[i]) write_stream(files[i].path, files[i].content);
    // Without --overwrite every file published is new, so one that cannot
    // be published (its name appeared meanwhile) takes back those before
    // it: all or none.
    std::vector<std::string> published;
    try {
        for (std::size_t i = 0; i < files.size(); ++i)
            if (staged[i]) {
                staged[i]->publish(overwrite);
                published.push_back(files[i].path);
            }
    } catch (const OutputError&) {
        if (!overwrite)
            for (const auto& path : published)
                ::unlink(path.c_str());
        throw;
    }
    for (std::size_t i = 0; i < files.size(); ++i)
        if (staged[i]) sync_directory(files[i].path);
}

void write_file_atomically(const std::string& path, std::string_view content, bool overwrite) {
    write_files_atomically({{path, content}}, overwrite);
}

namespace {

// What identifies a file: its device and inode when it exists, else its
// path with the directory resolved (two outputs not yet written).
struct FileIdentity {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    std::string resolved;

    bool operator==(const FileIdentity& other) const {
        if (exists && other.exists) return device == other.device && inode == other.inode;
        return !resolved.empty() && resolved == other.resolved;
    }
};

FileIdentity identify(const std::string& path) {
    FileIdentity id;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        id.exists = true;
        id.device = st.st_dev;
        id.inode = st.st_ino;
    }
    if (char* directory = ::realpath(directory_of(path).c_str(), nullptr)) {
        id.resolved = std::string(directory) + "/" + name_of(path);
        std::free(directory);
    }
    return id;
}

bool never_clashes(const std::string& path) {
    return path.empty() || path == "-" || is_stream(path);
}

} // namespace

void refuse_clashing_files(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
    std::vector<FileIdentity> output_ids;
    for (const auto& output : outputs)
        output_ids.push_back(never_clashes(output.path) ? FileIdentity{} : identify(output.path));
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (never_clashes(outputs[i].path)) continue;
        for (std::size_t j = 0; j < i; ++j)
            if (!never_clashes(outputs[j].path) && output_ids[i] == output_ids[j])
                throw UsageError("'" + outputs[i].path + "' is named for two outputs (" + outputs[j].role + " and " +
                                 outputs[i].role + "); give each its own file");
        if (!output_ids[i].exists) continue;
        for (const auto& input : inputs) {
            if (never_clashes(input.path)) continue;
            const FileIdentity input_id = identify(input.path);
            if (input_id.exists && input_id == output_ids[i])
                throw UsageError("'" + outputs[i].path + "' is both an output (" + outputs[i].role +
                                 ") and an input (" + input.role + "); write the output to another file");
        }
    }
}

} // namespace fp
