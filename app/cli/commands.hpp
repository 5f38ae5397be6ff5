#pragma once
// Subcommands of `losslab` (one file each, app/cli/command_<name>.cpp). Each adds itself to
// the parent CLI::App and returns the function to run when it was chosen.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::cli {

// A registered subcommand: its CLI11 node and what runs it (returns the exit code).
struct Subcommand {
    CLI::App* node = nullptr;
    std::function<int()> run;
};

// Prints "losslab: <message>" on stderr and returns 2 (the exit code of bad input).
int fail_usage(const std::string& message);

// Parses "WIDTHxHEIGHT" (or "WIDTHXHEIGHT") as two whole numbers; false when the text has
// another form or a number does not fit an int (no silent overflow: "4294967616x600" fails).
bool parse_width_height(std::string_view text, int& width, int& height);

// The subcommands, in `losslab --help` order. Add a line here for a new command file.
std::vector<Subcommand> add_subcommands(CLI::App& app);

// `losslab curve NAME [--PARAM VALUE ...] (--points ... | --from/--to/--n)`: command_curve.cpp.
Subcommand add_curve_command(CLI::App& app);

// `losslab open FILE [--print]`: a session or LossLab PNG restored (command_open.cpp).
Subcommand add_open_command(CLI::App& app);

// `losslab figures`: every exportable figure with its lab's parameters (command_figures.cpp).
Subcommand add_figures_command(CLI::App& app);

// `losslab export`: figures to PNG/SVG/CSV from the command line (command_export.cpp).
Subcommand add_export_command(CLI::App& app);

// `losslab norm-stats --method bn|ln|in|gn (--input x.npy | --generate N,C,H,W)`: the
// statistics of a normalization, command_norm_stats.cpp.
Subcommand add_norm_stats_command(CLI::App& app);

// `losslab loss CRITERION --input x.npy --target y.npy [...]`: a PyTorch criterion on .npy
// tensors (command_loss.cpp).
Subcommand add_loss_command(CLI::App& app);
// `losslab calibrate (--logits l.npy --labels y.npy | --npz f.npz | --csv f.csv)`: calibration
// metrics and temperature scaling of a model's outputs (command_calibrate.cpp).
Subcommand add_calibrate_command(CLI::App& app);

} // namespace losslab::cli
