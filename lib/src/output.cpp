#include "footprint/output.hpp"

#include "footprint/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace fp {

namespace {

std::string system_error(const std::string& what, const std::string& path) {
    return what + " '" + path + "': " + std::strerror(errno);
}

} // namespace

namespace {

// A terminal, pipe or device such as /dev/null: written to, never replaced.
bool is_stream(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

void write_all(int fd, const std::string& content, bool& ok) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0 && ok) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR) continue;
        ok = written > 0;
        if (ok) data += written, left -= static_cast<std::size_t>(written);
    }
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

// Removes a directory's entries (a writer's files, no subdirectories),
// then the directory, with raw getdents64: opendir may allocate.
void remove_flat_directory(const char* path) {
    const int dir = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    struct Entry {
        std::uint64_t inode;
        std::int64_t next;
        unsigned short length;
        unsigned char type;
        char name[1];
    };
    alignas(8) char buffer[4096];
    // Removing entries while reading them may skip some: read again from
    // the start until the directory can go.
    for (int pass = 0; pass < 4; ++pass) {
        ::lseek(dir, 0, SEEK_SET);
        for (;;) {
            const long got = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer);
            if (got <= 0) break;
            for (long offset = 0; offset < got;) {
                const auto* entry = reinterpret_cast<const Entry*>(buffer + offset);
                const char* name = entry->name;
                if (!(name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))) ::unlinkat(dir, name, 0);
                offset += entry->length;
            }
        }
        if (::rmdir(path) == 0 || errno != ENOTEMPTY) break;
    }
    ::close(dir);
}

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
        if (::unlink(slot.path) != 0 && (errno == EISDIR || errno == EPERM)) remove_flat_directory(slot.path);
        slot.state.store(TemporarySlot::free);
    }
}

void check_writable(const std::string& path, bool overwrite) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        // Found now, not after the work: the directory the file goes in.
        const std::size_t slash = path.find_last_of('/');
        const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
        if (::stat(directory.c_str(), &st) != 0)
            throw OutputError(system_error("cannot write '" + path + "': directory", directory));
        if (!S_ISDIR(st.st_mode))
            throw OutputError("cannot write '" + path + "': '" + directory + "' is not a directory");
        if (::access(directory.c_str(), W_OK | X_OK) != 0)
            throw OutputError(system_error("cannot write '" + path + "': directory", directory));
        return;
    }
    if (is_stream(path)) return;
    if (S_ISDIR(st.st_mode)) throw OutputError("cannot write '" + path + "': it is a directory");
    if (!S_ISREG(st.st_mode)) throw OutputError("cannot write '" + path + "': it is not a regular file");
    if (!overwrite) throw OutputError("'" + path + "' exists; use --overwrite to replace it");
}

void write_file_atomically(const std::string& path, const std::string& content, bool overwrite) {
    check_writable(path, overwrite);
    bool ok = true;
    if (is_stream(path)) {
        const int fd = ::open(path.c_str(), O_WRONLY);
        if (fd < 0) throw OutputError(system_error("cannot write", path));
        write_all(fd, content, ok);
        if (!(::close(fd) == 0 && ok)) throw OutputError(system_error("cannot write", path));
        return;
    }
    std::string temp = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) throw OutputError(system_error("cannot create a temporary file beside", path));
    remember_temporary(temp);
    write_all(fd, content, ok);
    ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
    const int saved = errno;
    ok = (::close(fd) == 0) && ok;
    if (ok && !overwrite && ::access(path.c_str(), F_OK) == 0) {
        ::unlink(temp.c_str());
        forget_temporary(temp);
        throw OutputError("'" + path + "' appeared while writing; use --overwrite to replace it");
    }
    if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
        if (!ok) errno = saved;
        const std::string message = system_error("cannot write", path);
        ::unlink(temp.c_str());
        forget_temporary(temp);
        throw OutputError(message);
    }
    forget_temporary(temp);
}

} // namespace fp
