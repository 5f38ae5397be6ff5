#include "cli/commands.hpp"

#include <cstdio>

namespace losslab::cli {

int fail_usage(const std::string& message) {
    std::fprintf(stderr, "losslab: %s\n", message.c_str());
    return 2;
}

std::vector<Subcommand> add_subcommands(CLI::App& app) {
    std::vector<Subcommand> subs;
    subs.push_back(add_curve_command(app));
    subs.push_back(add_open_command(app));
    subs.push_back(add_figures_command(app));
    subs.push_back(add_export_command(app));
    subs.push_back(add_norm_stats_command(app));
    subs.push_back(add_calibrate_command(app));
    (void)app;
    return subs;
}

} // namespace losslab::cli
