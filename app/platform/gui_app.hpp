#pragma once
// The windowed program: GLFW window with an OpenGL 3.3 core context (glad), ImGui on top,
// the main loop, screenshots and frame-time measurement.

#include "model/app_state.hpp"
#include "model/params/param_registry.hpp"
#include "model/persist/settings.hpp"

#include <optional>
#include <string>
#include <vector>

namespace losslab::platform {

// How the window is run.
struct GuiOptions {
    // Initial window size; default from the settings (1280x800 the first time).
    int width = 1280;
    int height = 800;
    // When set: render `frames` frames, write the window's pixels to this PNG, exit.
    std::optional<std::string> screenshot;
    // With screenshot: also write the layout report of the last frame (every plot rectangle
    // and text item drawn, JSON; plot/layout_report.hpp) to this file.
    std::optional<std::string> layout_report;
    // Frames rendered before the screenshot. Default 3 (fonts and layout settle in 2).
    int frames = 3;
    // When > 0: sweep the lab's main slider over this many frames, print per-frame thread CPU
    // percentiles, vertex counts and GL render time, exit (1 when a frame threw or drew NaN).
    int bench_frames = 0;
    // With bench_frames: the parameter swept instead of the lab's main slider; default none.
    const model::ParamBinding* bench_sweep = nullptr;
    // Print "frames drawn: N" at exit and whenever the process gets SIGUSR1. Default off.
    bool count_frames = false;
    // Whether to save settings (size, theme, lab) on exit. Off for screenshots and benches.
    bool save_settings = true;
    // Messages to show in the window from the start (e.g. a corrupt settings file).
    std::vector<std::string> notices;
    // A lesson file to open, at this step (1-based). Default: none.
    std::string lesson;
    int lesson_step = 1;
    // Start in presentation mode (full screen, projector theme, larger zoom). Default off.
    bool presentation = false;
};

// Runs the window until it is closed (or the screenshot/bench is done). Returns the process
// exit code: 0 on success, 2 when no display or no OpenGL 3.3 is available (with a one-line
// message on stderr saying so and how to proceed), 1 when the screenshot cannot be written.
int run_gui(model::AppState& state, model::Settings& settings, const GuiOptions& options);

// Asks the main loop for a frame from any thread (a background job that finished): the loop
// sleeps in glfwWaitEvents while nothing changes, and this wakes it.
void request_frame();

} // namespace losslab::platform
