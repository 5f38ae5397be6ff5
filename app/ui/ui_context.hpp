#pragma once
// UiContext: the UI's own state beside AppState: fonts, per-plot view state (zoom, hidden
// series), per-lab figure caches, and messages for the user. Owned by main; no globals.

#include "model/app_state.hpp"
#include "model/figure.hpp"
#include "model/plot_layout.hpp"
#include "model/theme.hpp"

#include <imgui.h>

#include <any>
#include <map>
#include <optional>
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

// The interactive state of one plot, kept across frames and figure rebuilds.
struct PlotView {
    // The visible range; follows the figure's default until the user zooms or pans.
    model::ViewRange view;
    bool user_view = false;
    // Names of series hidden from the legend.
    std::set<std::string> hidden;
    // Box-zoom drag start, in pixels, while the right button is held.
    std::optional<model::Vec2> box_start;
    // The x under the cursor when hovered (for readouts), else NaN.
    double hover_x = 0.0;
    bool hovered = false;
};

// A cached figure and the lab state it was built from: rebuilt only when the state changes.
template <class State> struct FigureCache {
    std::optional<State> built_for;
    std::vector<model::Figure> figures;
    // True when `state` differs from what the cache was built for (and records it).
    bool stale(const State& state) {
        if (built_for && *built_for == state) return false;
        built_for = state;
        return true;
    }
};

// Everything the UI keeps between frames.
struct UiContext {
    Fonts fonts;
    model::Theme theme = model::Theme::Light;
    // Content scale of the monitor (1 on a plain X display). Default 1.
    float dpi_scale = 1.0f;
    std::map<ImGuiID, PlotView> plots;
    // Each panel's own between-frame data (figure caches, selections), by panel name.
    std::map<std::string, std::any> panels;
    // Messages for the user (corrupt settings, failed export); shown until dismissed.
    std::vector<std::string> notices;
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
