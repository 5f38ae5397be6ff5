#pragma once
// The export dialog: format (PNG, PDF, SVG, CSV; or GIF, WebP, MP4 for an animation), size
// (presets, the on-screen size times 1, 2 or 4, or a custom size in cm at a dpi with a text
// size in pt), background, the figure's title and axis labels, and file name, with a
// confirmation before an existing file is replaced. It queues an ExportRequest; the platform
// layer writes the file (an animation on a thread of its own, its progress shown here).

#include "model/persist/lesson.hpp"
#include "losslab/result.hpp"
#include "ui/ui_context.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace losslab::ui {

// What the dialog's fields hold: everything that decides the request.
struct ExportChoices {
    std::string figure;
    std::string folder;
    // The file name without its extension ("" is refused).
    std::string name;
    // "png", "pdf", "svg", "csv"; for an animation "gif", "webp", "mp4".
    std::string format = "png";
    // An index into export_size_names().
    int size = 0;
    // The plot's size on screen (for the "on-screen size" sizes).
    float screen_width = 800.0f, screen_height = 500.0f;
    // The custom size: centimetres, dots per inch and the text size in points.
    float custom_width_cm = 8.5f, custom_height_cm = 6.5f, custom_dpi = 300.0f, custom_font_pt = 8.0f;
    plot::Theme theme = plot::Theme::Light;
    // Replacement texts; "" keeps the figure's own. no_title leaves the title out.
    std::string title, x_label, y_label;
    bool no_title = false;
    // Set: an animated export of this sweep.
    std::optional<ExportAnimation> animation;
};

// The names of the dialog's sizes, in order (the last is the custom size).
const std::vector<std::string>& export_size_names();

// The file the choices name: folder / name + "." + format.
std::string export_choice_path(const ExportChoices& choices);

// The request the dialog queues for `choices` (hidden: the series hidden in the plot's
// legend), or what is wrong with them (a name with '/', a size out of range, frames or fps
// out of range). Whether the folder exists is not checked here.
Result<ExportRequest> export_request_from_choices(const ExportChoices& choices,
                                                  const std::set<std::string>& hidden = {});

// An export running on a thread of its own (an animation): progress and a way to stop it.
struct BackgroundExport {
    std::string path;
    std::string figure;
    std::atomic<int> done{0};
    std::atomic<int> total{0};
    std::atomic<bool> cancel{false};
    std::atomic<bool> finished{false};
    std::chrono::steady_clock::time_point started;
    // Guards `error`, written by the thread before `finished`.
    std::mutex mutex;
    // Empty: written.
    std::string error;
};

// The background exports of the window (the platform layer adds; the dialog shows and clears).
std::vector<std::shared_ptr<BackgroundExport>>& background_exports(UiContext& ui);

// Opens the dialog for the figure named `figure`, shown on screen at `screen_size` pixels.
void open_export_dialog(UiContext& ui, const std::string& figure, ImVec2 screen_size);

// Opens the dialog for an animation of `sweep` (the ▶ popup's settings) of `figure`.
void open_animation_export_dialog(UiContext& ui, const std::string& figure,
                                  const model::ParamSweep& sweep);

// Draws the dialog when open, and opens it on Ctrl+E for the plot last hovered (or the
// lab's first figure, `fallback_figure`); shows the progress of background exports and turns
// their outcome into a notice. Call once per frame.
void draw_export_dialog(UiContext& ui, const std::string& fallback_figure);

// The figure of the plot the mouse was over most recently ("" before any).
std::string& last_hovered_figure(UiContext& ui);

} // namespace losslab::ui
