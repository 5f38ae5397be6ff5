#pragma once
// UiContext: the UI's own state beside AppState: fonts, per-plot view state (zoom, hidden
// series), per-lab figure caches, and messages for the user. Owned by main; no globals.

#include "model/app_state.hpp"
#include "plot/figure.hpp"
#include "plot/imgui/plot_widget.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"

#include <imgui.h>

#include <any>
#include <functional>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace losslab::ui {

// The fonts baked into the atlas. Plot text picks the baked size nearest to what it needs,
// so text is drawn close to 1:1 and stays crisp.
struct Fonts {
    // Body text of panels. nullptr until load_fonts.
    ImFont* body = nullptr;
    // Panel headings.
    ImFont* heading = nullptr;
    // Every baked face, for the plot painter's size matching.
    std::vector<ImFont*> all;
    // Whether a TrueType file (DejaVu Sans) was loaded rather than ImGui's fallback font.
    bool truetype = false;
    // The file it came from, for the About box.
    std::string file;
};

// A cached figure and the lab state it was built from: rebuilt only when the state changes.
template <class State> struct FigureCache {
    std::optional<State> built_for;
    std::vector<plot::Figure> figures;
    // True when `state` differs from what the cache was built for (and records it).
    bool stale(const State& state) {
        if (built_for && *built_for == state) return false;
        built_for = state;
        return true;
    }
};

// A figure to export as a file, queued by a panel or menu and carried out by the platform
// layer after the frame (the desktop draws files with cairo, the browser build through WebGL).
// An animated export: one parameter swept over the frames.
struct ExportAnimation {
    // The full parameter key ("focal.gamma"): a real or whole-number parameter.
    std::string key;
    double from = 0.0;
    double to = 1.0;
    // Frames from `from` to `to` (with ping_pong, then back: 2 * frames - 2 in all). Default 60.
    int frames = 60;
    // Default 20.
    double fps = 20.0;
    // There and back again, so the file loops without a jump. Default false.
    bool ping_pong = false;
};

struct ExportRequest {
    // The figure's catalogue name ("loss-vs-probability"), or several joined by commas.
    std::string figure;
    // Target file; its extension (.png, .svg, .csv) picks the format.
    std::string path;
    // Pixel size of the image. Default 1600x1000.
    int width = 1600;
    int height = 1000;
    // Default: light.
    plot::Theme theme = plot::Theme::Light;
    // Size of text and strokes relative to a 1200x750 plot; <= 0 picks it from the size.
    // Default 0.
    float scale = 0.0f;
    // Keys (plot::series_key) of series hidden in the plot's legend: left out of the file too.
    std::set<std::string> hidden;
    // Pixels per inch: the PDF page size and the PNG's pHYs. Default 96.
    double dpi = 96.0;
    // Tick-label text size in pixels (em size); > 0 gives the print style (text, strokes and
    // padding from it); <= 0 uses `scale`. Default 0.
    float font_px = 0.0f;
    // With font_px: line widths and tick lengths in points at `dpi` (a size given in pt, cm
    // or inches) rather than in proportion to the text (a size in pixels). Default false.
    bool strokes_in_points = false;
    // Replacement title and axis labels (unset: the figure's own; an empty title: none).
    std::optional<std::string> title, x_label, y_label;
    // With several figures in `figure` ("a,b"): panels per row. Default 1.
    int grid_columns = 1;
    // Text in light colours for a dark slide (with the transparent theme). Default false.
    bool on_dark = false;
    // Set: an animation (.gif, .webp or .mp4) instead of a still figure.
    std::optional<ExportAnimation> animation;
};

// What the UI asks of the platform layer this frame; cleared once serviced.
struct UiRequests {
    // Switch between windowed and full screen (F11).
    bool toggle_fullscreen = false;
    // A new UI zoom factor (fonts are re-rasterised at the new size).
    std::optional<float> zoom;
    // Figures to export.
    std::vector<ExportRequest> exports;
    // Files to open (sessions or LossLab PNGs), e.g. dropped onto the window.
    std::vector<std::string> open_files;
};

// Everything the UI keeps between frames.
struct UiContext {
    Fonts fonts;
    plot::Theme theme = plot::Theme::Light;
    // Effective scale of everything drawn: the monitor's content scale times ui_zoom.
    // Default 1.
    float dpi_scale = 1.0f;
    // The monitor's content scale (1 on a plain X display). Default 1.
    float content_scale = 1.0f;
    // The user's zoom (Ctrl+= / Ctrl+- / Ctrl+0). Default 1.
    float ui_zoom = 1.0f;
    // Whether the window is full screen, and whether presentation mode is on. Default off.
    bool fullscreen = false;
    bool presentation = false;
    // Panels hidden for a prepared view (the web build's `_hide=sidebar,params` link keys):
    // the lab list, and each lab's parameter column. Default shown.
    bool hide_sidebar = false;
    bool hide_params = false;
    // Presentation mode with a lesson: show the step's figures (true) or the whole lab panel
    // (false, one click away). Reset to true on every step change. Default true.
    bool step_figures_only = true;
    // The help overlay of gestures and shortcuts (F1 or ?). Default hidden.
    bool show_help = false;
    // Whether a parameter animation runs (ui/animation.hpp): the main loop keeps drawing.
    bool animating = false;
    // Requests for the platform layer, serviced after each frame.
    UiRequests requests;
    // The plot widgets' shared context (faces, scale, theme, per-plot view state by ID).
    plot::imgui::PlotContext plot;
    // The ImGui ID of the plot that last showed each named figure (for its hidden series).
    std::map<std::string, ImGuiID> plot_names;
    // Each panel's own between-frame data (figure caches, selections), by panel name.
    std::map<std::string, std::any> panels;
    // Messages for the user (corrupt settings, failed export); shown until dismissed.
    std::vector<std::string> notices;
    // Asks the platform loop for a frame; safe to call from any thread (a worker that finished
    // or moved its progress bar). Set by the platform layer; empty in tests without a window.
    std::function<void()> request_frame;
    // Set during a frame by a panel whose background job runs: a --screenshot waits for it.
    // Reset by the platform loop before each frame. Default false.
    bool background_work = false;
    // Frame counter, for tests and animations.
    long frame = 0;
};

// The between-frame data of panel `name`, created default-constructed on first use.
template <class T> T& panel_data(UiContext& ui, const std::string& name) {
    std::any& slot = ui.panels[name];
    if (!slot.has_value()) slot = T{};
    return std::any_cast<T&>(slot);
}

} // namespace losslab::ui
