#include "gui_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace losslab::guitest {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "losslab-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

pid_t spawn(const std::vector<std::string>& argv, const EnvChanges& env, const fs::path& out,
            const fs::path& err) {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    for (const auto& [name, value] : env) {
        if (value) ::setenv(name.c_str(), value->c_str(), 1);
        else ::unsetenv(name.c_str());
    }
    if (!::freopen(out.c_str(), "w", stdout) || !::freopen(err.c_str(), "w", stderr)) ::_exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
}
} // namespace

Child start_losslab(const std::vector<std::string>& args, const fs::path& config_home,
                    const EnvChanges& env) {
    static int counter = 0;
    Child c;
    c.out_file = config_home / ("stdout-" + std::to_string(++counter) + ".txt");
    c.err_file = config_home / ("stderr-" + std::to_string(counter) + ".txt");
    EnvChanges all = env;
    if (!all.count("XDG_CONFIG_HOME")) all["XDG_CONFIG_HOME"] = config_home.string();
    // State (last session, recent files) in the same folder, never in the real home.
    if (!all.count("XDG_STATE_HOME")) all["XDG_STATE_HOME"] = config_home.string();
    std::vector<std::string> argv{LOSSLAB_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    c.pid = spawn(argv, all, c.out_file, c.err_file);
    return c;
}

RunResult wait_child(const Child& child, double timeout_s) {
    RunResult r;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    int status = 0;
    while (true) {
        const pid_t done = ::waitpid(child.pid, &status, WNOHANG);
        if (done == child.pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(child.pid, SIGKILL);
            ::waitpid(child.pid, &status, 0);
            ADD_FAILURE() << "losslab did not finish within " << timeout_s << " s";
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(child.out_file);
    r.err = slurp(child.err_file);
    return r;
}

RunResult run_losslab(const std::vector<std::string>& args, const fs::path& config_home,
                      const EnvChanges& env) {
    return wait_child(start_losslab(args, config_home, env));
}

std::string xdotool(const std::vector<std::string>& args) {
    const fs::path out = fs::temp_directory_path() / ("xdotool-" + std::to_string(::getpid()));
    std::vector<std::string> argv{LOSSLAB_XDOTOOL};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(argv, {}, out, "/dev/null");
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string text = slurp(out);
    fs::remove(out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "xdotool " << args.front() << " failed";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    const auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl);
}

exporting::Image load_png(const fs::path& path) {
    auto png = exporting::read_png(path);
    if (!png) {
        ADD_FAILURE() << png.error().message;
        return {};
    }
    return png.value().image;
}

namespace {
bool near(std::uint32_t px, std::uint32_t rgb, int tol) {
    for (int shift : {24, 16, 8}) {
        const int a = int((px >> shift) & 0xff);
        const int b = int((rgb >> (shift - 8)) & 0xff);
        if (std::abs(a - b) > tol) return false;
    }
    return true;
}
} // namespace

int count_colour(const exporting::Image& img, Region r, std::uint32_t rgb, int tolerance) {
    int n = 0;
    for (int y = std::max(0, r.y0); y < std::min(img.height, r.y1); ++y)
        for (int x = std::max(0, r.x0); x < std::min(img.width, r.x1); ++x)
            n += near(img.pixel(x, y), rgb, tolerance);
    return n;
}

int count_different(const exporting::Image& a, const exporting::Image& b, Region r) {
    if (a.width != b.width || a.height != b.height) return -1;
    int n = 0;
    for (int y = std::max(0, r.y0); y < std::min(a.height, r.y1); ++y)
        for (int x = std::max(0, r.x0); x < std::min(a.width, r.x1); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

std::optional<std::pair<int, int>> centroid_of(const exporting::Image& img, Region r,
                                               std::uint32_t rgb, int tolerance) {
    long sx = 0, sy = 0, n = 0;
    for (int y = std::max(0, r.y0); y < std::min(img.height, r.y1); ++y)
        for (int x = std::max(0, r.x0); x < std::min(img.width, r.x1); ++x)
            if (near(img.pixel(x, y), rgb, tolerance)) {
                sx += x;
                sy += y;
                ++n;
            }
    if (n == 0) return std::nullopt;
    return std::make_pair(int(sx / n), int(sy / n));
}

} // namespace losslab::guitest
