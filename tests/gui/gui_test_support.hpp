#pragma once
// Helpers for the window tests: run the real losslab binary (foreground or background) with
// an isolated config folder, drive it with xdotool, and inspect the PNGs it writes.

#include "export/png_io.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace losslab::guitest {

// A fresh temporary folder per test; removed when destroyed.
struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

// Environment changes for a child: values to set, and names to remove (value nullopt).
using EnvChanges = std::map<std::string, std::optional<std::string>>;

// What a finished child did.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// A started child process writing its output to files in `dir`.
struct Child {
    pid_t pid = -1;
    std::filesystem::path out_file;
    std::filesystem::path err_file;
};

// Starts losslab with `args`; XDG_CONFIG_HOME points into `config_home`.
Child start_losslab(const std::vector<std::string>& args, const std::filesystem::path& config_home,
                    const EnvChanges& env = {});

// Waits for `child` (killing it after `timeout_s` seconds) and collects its output.
RunResult wait_child(const Child& child, double timeout_s = 120.0);

// start_losslab then wait_child.
RunResult run_losslab(const std::vector<std::string>& args,
                      const std::filesystem::path& config_home, const EnvChanges& env = {});

// Runs xdotool with `args`; returns its stdout (trimmed). Fails the test on a non-zero exit.
std::string xdotool(const std::vector<std::string>& args);

// Reads a PNG written by the program, failing the test when it cannot.
exporting::Image load_png(const std::filesystem::path& path);

// A pixel rectangle [x0, x1) x [y0, y1).
struct Region {
    int x0, y0, x1, y1;
};

// Pixels in `r` within `tolerance` (per channel) of the colour 0xRRGGBB.
int count_colour(const exporting::Image& img, Region r, std::uint32_t rgb, int tolerance = 24);

// Pixels in `r` that differ between two images of the same size.
int count_different(const exporting::Image& a, const exporting::Image& b, Region r);

// The centroid of the pixels of colour `rgb` in `r` (nullopt when there are none).
std::optional<std::pair<int, int>> centroid_of(const exporting::Image& img, Region r,
                                               std::uint32_t rgb, int tolerance = 24);

} // namespace losslab::guitest
