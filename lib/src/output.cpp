#include "footprint/output.hpp"

#include "footprint/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <set>
#include <sys/stat.h>
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

std::mutex temporaries_mutex;
std::set<std::string>& temporaries() {
    static std::set<std::string> paths;
    return paths;
}

} // namespace

void remember_temporary(const std::string& path) {
    const std::lock_guard<std::mutex> lock(temporaries_mutex);
    temporaries().insert(path);
}

void forget_temporary(const std::string& path) {
    const std::lock_guard<std::mutex> lock(temporaries_mutex);
    temporaries().erase(path);
}

void remove_temporaries() {
    const std::lock_guard<std::mutex> lock(temporaries_mutex);
    for (const auto& path : temporaries()) {
        // A temporary directory holds only files a writer put there.
        if (DIR* dir = ::opendir(path.c_str())) {
            while (const dirent* entry = ::readdir(dir)) {
                const std::string name = entry->d_name;
                if (name != "." && name != "..") ::unlink((path + "/" + name).c_str());
            }
            ::closedir(dir);
            ::rmdir(path.c_str());
        } else {
            ::unlink(path.c_str());
        }
    }
    temporaries().clear();
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
