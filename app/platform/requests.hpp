#pragma once
// Carrying out what the UI asked for during a frame (UiContext::requests): full screen,
// zoom with re-rasterised fonts, figure exports, opening files. Called by the main loop
// after the frame is rendered, where GL state and the font atlas may change.

#include "model/app_state.hpp"
#include "export/animation_files.hpp"
#include "ui/ui_context.hpp"

#include <string>
#include <vector>

struct GLFWwindow;

namespace losslab::platform {

// What the platform layer keeps per window, reachable from GLFW callbacks through the
// window's user pointer (GLFW callbacks carry no other context). Owned by run_gui.
struct WindowData {
    // The windowed placement to return to when leaving full screen.
    int windowed_x = 100, windowed_y = 100, windowed_width = 1280, windowed_height = 800;
    // Paths dropped onto the window since the last frame.
    std::vector<std::string> dropped_files;
    // Input and window events seen (the main loop draws and settles after each new one).
    long events = 0;
};

// The WindowData attached to `window` by run_gui.
WindowData& window_data(GLFWwindow* window);

// Services and clears every pending request; outcomes the user must see become notices.
void service_requests(GLFWwindow* window, model::AppState& state, ui::UiContext& ui);

// Switches the window between windowed and full screen on its monitor (platform/window_modes.cpp).
void toggle_fullscreen(GLFWwindow* window, ui::UiContext& ui);

// Re-rasterises the fonts and rescales the style for `zoom` (platform/window_modes.cpp).
void apply_zoom(ui::UiContext& ui, float zoom);

// Writes one figure file as requested (format from the extension; PNG needs a current GL
// context): the figure is rebuilt from `state`, a PNG carries the session in its metadata.
// `font_path` is the TrueType file for text (find_font_file once, not per export).
Status export_figure_file(const model::AppState& state, const ui::ExportRequest& request,
                          const std::string& font_path);

// Writes `figure` itself (not one rebuilt from a state) the same way; `session_json` goes into
// a PNG's metadata (empty: none). Used by `losslab calibrate --plot`.
Status export_built_figure(const plot::Figure& figure, const ui::ExportRequest& request,
                           const std::string& font_path, const std::string& session_json);

// Writes the animation `request.animation` asks for (.gif, .webp or .mp4 by the path): the
// requested figure(s) while its parameter sweeps its range; `progress` hears of every frame
// and can cancel. The same function serves `losslab export --animate` and the window.
Status export_animation(const model::AppState& state, const ui::ExportRequest& request,
                        const exporting::AnimationProgress& progress = {});

// Applies what `request` asks of a figure's content: hidden series left out, the replacement
// title and axis labels, and no interface wording (exporting::remove_interface_wording).
void prepare_export_figure(plot::Figure& figure, const ui::ExportRequest& request);

// The style of an export: the print style when a text size was asked for (strokes in points
// with strokes_in_points), else scaled from the pixel size as on screen.
plot::PlotStyle export_request_style(const ui::ExportRequest& request);

// The colours of an export: white behind light figures; --on dark lightens the text.
plot::PlotTheme export_request_theme(const ui::ExportRequest& request);

// Writes the requested figure files; each outcome is a notice (platform/export_service.cpp).
void service_exports(model::AppState& state, ui::UiContext& ui);

// Opens sessions or LossLab PNGs into `state` (platform/open_service.cpp).
void service_open_files(model::AppState& state, ui::UiContext& ui);

} // namespace losslab::platform
