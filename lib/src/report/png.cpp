// PNG maps through rsvg-convert (Debian librsvg2-bin): a faithful SVG
// renderer (text, strokes, even-odd fills) is far more than footprint
// should carry. The SVG goes in on a pipe and the PNG comes back on one, so
// no temporary file is named, followed or left behind.
#include "footprint/core/error.hpp"
#include "footprint/report/map.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fp {

namespace {

class Pipe {
  public:
    Pipe() {
        if (::pipe2(fds_, O_CLOEXEC) != 0) throw OutputError("cannot render PNG: cannot create a pipe");
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    void close_read() { close_end(0); }
    void close_write() { close_end(1); }

  private:
    void close_end(int i) {
        if (fds_[i] >= 0) ::close(fds_[i]);
        fds_[i] = -1;
    }
    int fds_[2] = {-1, -1};
};

// Feeds `input` to the child's stdin and collects its stdout, without
// deadlocking when both pipes fill.
std::string exchange(Pipe& to_child, Pipe& from_child, const std::string& input) {
    std::string output;
    std::size_t sent = 0;
    ::fcntl(to_child.write_end(), F_SETFL, O_NONBLOCK);
    if (input.empty()) to_child.close_write();
    char buffer[65536];
    for (;;) {
        pollfd fds[2] = {{from_child.read_end(), POLLIN, 0}, {to_child.write_end(), POLLOUT, 0}};
        const nfds_t count = to_child.write_end() >= 0 ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t n = ::write(to_child.write_end(), input.data() + sent, input.size() - sent);
            if (n > 0) sent += static_cast<std::size_t>(n);
            if ((n < 0 && errno != EAGAIN && errno != EINTR) || sent == input.size()) to_child.close_write();
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::read(from_child.read_end(), buffer, sizeof buffer);
            if (n > 0)
                output.append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                break;
        }
    }
    to_child.close_write();
    return output;
}

} // namespace

std::string render_png(const std::string& svg) {
    Pipe to_child, from_child;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child.read_end(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child.write_end(), STDOUT_FILENO);
    // Its own messages would break the rule that every line on stderr
    // comes from the tool; its exit status says enough.
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string program = "rsvg-convert", format = "--format", png = "png", background = "--background-color",
                white = "white";
    char* const argv[] = {program.data(), format.data(), png.data(), background.data(), white.data(), nullptr};
    pid_t pid = 0;
    // A child that dies early must not kill us with SIGPIPE while we write.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    to_child.close_read();
    from_child.close_write();
    std::string result;
    int status = 0;
    if (spawned == 0) {
        result = exchange(to_child, from_child, svg);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
    if (spawned != 0)
        throw OutputError("writing PNG needs rsvg-convert (Debian package librsvg2-bin), which was not found");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || result.empty())
        throw OutputError("rsvg-convert could not render the map as PNG");
    return result;
}

} // namespace fp
