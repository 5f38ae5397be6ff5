#include "model/file_io.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <fstream>
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
} // namespace

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
    std::string tmpl = (dir / fmt::format(".{}.tmp-XXXXXX", path.filename().string())).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return io_error("write", path, errno);
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
