#pragma once
// Subcommands of `losslab` (one file each, app/cli/command_<name>.cpp). Each adds itself to
// the parent CLI::App and returns the function to run when it was chosen.

#include <CLI/CLI.hpp>

#include <filesystem>
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

// Writes `bytes` to standard output; finish_output() reports a failed write at exit.
void write_stdout(std::string_view bytes);

// Flushes standard output and returns `code`, or 1 after printing "losslab: write error ..."
// when anything written to it failed (a full disk, /dev/full, a closed pipe).
int finish_output(int code);

// True when `path` is "-", the name of standard output.
bool is_stdout(const std::string& path);

// A temporary file for output meant for standard output: write it, then copy_to_stdout().
std::filesystem::path stdout_temp_path(std::string_view extension);

// Copies the file at `path` to standard output and removes it; false (with a message) on error.
bool copy_to_stdout(const std::filesystem::path& path);

// The subcommands, in `losslab --help` order. Add a line here for a new command file.
std::vector<Subcommand> add_subcommands(CLI::App& app);

// `losslab curve NAME [--PARAM VALUE ...] (--points ... | --from/--to/--n)`: command_curve.cpp.
Subcommand add_curve_command(CLI::App& app);

// `losslab open FILE [--print]`: a session or LossLab PNG restored (command_open.cpp).
Subcommand add_open_command(CLI::App& app);

// `losslab figures [--params]`: every exportable figure, one line each (command_figures.cpp).
Subcommand add_figures_command(CLI::App& app);

// `losslab params [LAB]`: every parameter key with kind, range, default, help.
Subcommand add_params_command(CLI::App& app);

// `losslab lessons`: the lessons found and the folders searched (command_lessons.cpp).
Subcommand add_lessons_command(CLI::App& app);

// `losslab list-names KIND` (hidden): names for the bash completion (command_list_names.cpp).
Subcommand add_list_names_command(CLI::App& app);

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
