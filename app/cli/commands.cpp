#include "cli/commands.hpp"

#include <charconv>
#include <cstdio>

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

std::vector<Subcommand> add_subcommands(CLI::App& app) {
    std::vector<Subcommand> subs;
    subs.push_back(add_curve_command(app));
    subs.push_back(add_open_command(app));
    subs.push_back(add_figures_command(app));
    subs.push_back(add_export_command(app));
    subs.push_back(add_norm_stats_command(app));
    subs.push_back(add_loss_command(app));
    subs.push_back(add_calibrate_command(app));
    (void)app;
    return subs;
}

} // namespace losslab::cli
