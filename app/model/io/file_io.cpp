#include "model/io/file_io.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <sstream>
#include <unistd.h>

namespace losslab::model {

namespace fs = std::filesystem;

namespace {
Error io_error(const std::string& action, const fs::path& path, int err) {
    return Error{"cannot " + action + " '" + path.string() + "': " + std::strerror(err)};
}

fs::path xdg_dir(const char* variable, const char* fallback) {
    const char* v = std::getenv(variable);
    if (v && *v && fs::path(v).is_absolute()) return fs::path(v) / "losslab";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / fallback / "losslab";
}
// Temporaries being written, so that SIGINT/SIGTERM can remove them: fixed slots (no
// allocation in the handler), each a NUL-terminated path; `used` marks a slot taken.
constexpr int kTempSlots = 32;
constexpr size_t kTempPathMax = 4096;
struct TempSlot {
    std::atomic<bool> used{false};
    std::atomic<bool> ready{false};
    char path[kTempPathMax];
};
TempSlot g_temps[kTempSlots];

// The slot now holding `path`, or -1 when all are taken (the file is then not protected).
int register_temp(const std::string& path) {
    if (path.size() >= kTempPathMax) return -1;
    for (int i = 0; i < kTempSlots; ++i) {
        bool expected = false;
        if (g_temps[i].used.compare_exchange_strong(expected, true)) {
            std::memcpy(g_temps[i].path, path.c_str(), path.size() + 1);
            g_temps[i].ready.store(true);
            return i;
        }
    }
    return -1;
}

void unregister_temp(int slot) {
    if (slot < 0) return;
    g_temps[slot].ready.store(false);
    g_temps[slot].used.store(false);
}

// Async-signal-safe: unlink the registered temporaries, then die of the signal as before.
extern "C" void remove_temps_and_reraise(int sig) {
    for (auto& t : g_temps)
        if (t.ready.load()) ::unlink(t.path);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

// Installs the handler for SIGINT, SIGTERM and SIGHUP once, only where the program left the
// default action (a handler someone else installed is kept).
void install_temp_cleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
            struct sigaction sa {};
            sa.sa_handler = remove_temps_and_reraise;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, nullptr);
        }
    });
}

// True for names write_file_atomic gives its temporaries: ".<name>.tmp-XXXXXX".
bool is_our_temp_name(std::string_view name) {
    const auto tmp = name.rfind(".tmp-");
    return name.size() > 1 && name[0] == '.' && tmp != std::string_view::npos && tmp > 1 &&
           name.size() == tmp + 5 + 6;
}

} // namespace

size_t remove_stale_temps(const fs::path& dir, std::chrono::seconds older_than) {
    DIR* d = ::opendir(dir.c_str());
    if (!d) return 0;
    const auto now = std::chrono::system_clock::now();
    size_t removed = 0;
    while (const dirent* e = ::readdir(d)) {
        if (!is_our_temp_name(e->d_name)) continue;
        const fs::path p = dir / e->d_name;
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::getuid())
            continue;
        const auto mtime = std::chrono::system_clock::from_time_t(st.st_mtime);
        if (now - mtime >= older_than && ::unlink(p.c_str()) == 0) ++removed;
    }
    ::closedir(d);
    return removed;
}

Result<std::string> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return io_error("read", path, errno);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return io_error("read", path, errno);
    return ss.str();
}

Status write_file_atomic(const fs::path& path, std::string_view bytes) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    // Temporaries left by a killed earlier run (SIGKILL, power loss) go on the next write here.
    remove_stale_temps(dir, kStaleTempAge);
    install_temp_cleanup();
    std::string tmpl = (dir / fmt::format(".{}.tmp-XXXXXX", path.filename().string())).string();
    // The signals that remove temporaries wait until this one is registered.
    sigset_t block, previous;
    sigemptyset(&block);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&block, sig);
    ::pthread_sigmask(SIG_BLOCK, &block, &previous);
    const int fd = ::mkstemp(tmpl.data());
    const int open_errno = errno;
    const int slot = fd >= 0 ? register_temp(tmpl) : -1;
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (fd < 0) return io_error("write", path, open_errno);
    struct Unregister {
        int slot;
        ~Unregister() { unregister_temp(slot); }
    } unregister{slot};
    auto fail = [&](int err) {
        ::close(fd);
        ::unlink(tmpl.c_str());
        return Status(io_error("write", path, err));
    };
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno);
        }
        done += size_t(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) return fail(errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return io_error("write", path, err);
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return io_error("write", path, err);
    }
    return Ok{};
}

bool outside_any_home(const fs::path& path) {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    if ((xdg && *xdg && fs::path(xdg).is_absolute()) || (home && *home)) return false;
    return path.parent_path() == config_dir();
}

fs::path config_dir() { return xdg_dir("XDG_CONFIG_HOME", ".config"); }

fs::path data_dir() { return xdg_dir("XDG_DATA_HOME", ".local/share"); }

fs::path state_dir() { return xdg_dir("XDG_STATE_HOME", ".local/state"); }

fs::path state_file(const std::string& name) {
    const fs::path now = state_dir() / name;
    const fs::path old = config_dir() / name;
    std::error_code ec;
    if (fs::exists(now, ec) || !fs::exists(old, ec)) return now;
    // Moved once from the folder older versions used; on failure the old file is still read.
    fs::create_directories(now.parent_path(), ec);
    if (!ec) fs::rename(old, now, ec);
    if (ec) {
        ec.clear();
        fs::copy_file(old, now, ec);
        if (!ec) fs::remove(old, ec);
        else return old;
    }
    return now;
}

} // namespace losslab::model
