#include "cli/commands.hpp"

#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <iostream>
#include <unistd.h>

namespace losslab::cli {

int fail_usage(const std::string& message) {
    std::fprintf(stderr, "losslab: %s\n", message.c_str());
    return 2;
}

bool parse_width_height(std::string_view text, int& width, int& height) {
    const auto x = text.find_first_of("xX");
    if (x == std::string_view::npos) return false;
    auto whole = [](std::string_view t, int& out) {
        const char* end = t.data() + t.size();
        const auto [ptr, ec] = std::from_chars(t.data(), end, out);
        return !t.empty() && ec == std::errc() && ptr == end;
    };
    int w = 0, h = 0;
    if (!whole(text.substr(0, x), w) || !whole(text.substr(x + 1), h)) return false;
    width = w;
    height = h;
    return true;
}

void write_stdout(std::string_view bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}

int finish_output(int code) {
    std::cout.flush();
    const bool cout_failed = std::cout.fail();
    errno = 0;
    const bool flush_failed = std::fflush(stdout) != 0;
    const int err = errno;
    if (flush_failed || cout_failed || std::ferror(stdout)) {
        std::fprintf(stderr, "losslab: write error on standard output%s%s\n", err ? ": " : "",
                     err ? std::strerror(err) : "");
        return code != 0 ? code : 1;
    }
    return code;
}

bool is_stdout(const std::string& path) {
    return path == "-";
}

std::filesystem::path stdout_temp_path(std::string_view extension) {
    const char* tmp = std::getenv("TMPDIR");
    const std::filesystem::path dir = tmp && *tmp ? tmp : "/tmp";
    return dir / ("losslab-stdout-" + std::to_string(::getpid()) + std::string(extension));
}

bool copy_to_stdout(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "losslab: cannot read '%s': %s\n", path.c_str(), std::strerror(errno));
        return false;
    }
    // Read whole and removed before writing: a reader that stops early (SIGPIPE) cannot leave
    // the temporary file behind.
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    std::error_code ec;
    std::filesystem::remove(path, ec);
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    return true;
}

std::vector<Subcommand> add_subcommands(CLI::App& app) {
    std::vector<Subcommand> subs;
    subs.push_back(add_curve_command(app));
    subs.push_back(add_open_command(app));
    subs.push_back(add_figures_command(app));
    subs.push_back(add_params_command(app));
    subs.push_back(add_export_command(app));
    subs.push_back(add_norm_stats_command(app));
    subs.push_back(add_loss_command(app));
    subs.push_back(add_calibrate_command(app));
    subs.push_back(add_lessons_command(app));
    subs.push_back(add_list_names_command(app));
    return subs;
}

} // namespace losslab::cli
