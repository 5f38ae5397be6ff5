#pragma once
// The plot widget: draws a plot::Figure with the shared layout and painter, and handles
// interaction. Its per-plot state (zoom, pan, hidden series) lives in a PlotContext keyed by
// the widget ID, so rebuilding the figure every time a slider moves keeps the user's view.
// It calls nothing of the application: it returns what happened (PlotOutcome) and the
// caller acts on it (opens an export dialog, moves a marker, remembers the hovered figure).
//
// Mouse: wheel zooms about the cursor, left-drag pans, right-drag box-zooms, double-click
// resets the view, a click on a legend entry hides or shows its series. Hovering shows a
// crosshair and the exact value of every visible series at the cursor's x. A single click is
// reported (PlotOutcome::single_click) only once the double-click time has passed without a
// second press, so a double-click resets the view and does nothing else.

#include "plot/figure.hpp"
#include "plot/layout_report.hpp"
#include "plot/plot_layout.hpp"
#include "plot/theme.hpp"

#include <imgui.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace losslab::plot::imgui {

// The interactive state of one plot, kept across frames and figure rebuilds.
struct PlotState {
    // The visible range; follows the figure's default until the user zooms or pans.
    ViewRange view;
    bool user_view = false;
    // Keys (series_key) of the series the user hid from the legend.
    std::set<std::string> hidden;
    // Box-zoom drag start, in pixels, while the right button is held.
    std::optional<Vec2> box_start;
    // The data x under the cursor when hovered (for readouts).
    double hover_x = 0.0;
    bool hovered = false;
    // A click in the data area waiting for the double-click time to pass: ImGui's time of its
    // release and the data coordinates under it.
    struct PendingClick {
        double time = 0.0;
        double x = 0.0;
        double y = 0.0;
    };
    std::optional<PendingClick> pending_click;
    // Set by a double-click until its second release, which is not a click of its own.
    bool in_double_click = false;
    // The left button went down in the data area (not on a legend entry or Export…) and is
    // still held.
    bool press_in_data = false;
};

// Everything the widgets share: the faces to draw text with, the scale and theme, and the
// state of every plot by ImGui ID.
struct PlotContext {
    // Baked faces; text picks the one nearest the size it needs. Empty: ImGui's current font.
    std::vector<ImFont*> faces;
    // Multiplies text, strokes and paddings. Default 1.
    float dpi_scale = 1.0f;
    // Default: light.
    Theme theme = Theme::Light;
    std::map<ImGuiID, PlotState> plots;
    // When set, every plot drawn records its rectangle and text items here. Default null.
    LayoutReport* report = nullptr;
};

// How a plot reacts to the mouse.
struct PlotOptions {
    // Wheel zoom, drag pan, box zoom and double-click reset. Turn off for plots whose left
    // drag edits data (dragging bar heights); they report the mouse in PlotOutcome instead.
    // Default true.
    bool pan_zoom = true;
    // Hover crosshair and value tooltip. Default true.
    bool hover_readout = true;
    // A small "Export…" button in the figure's top-right corner (room reserved by the
    // layout). Default true for named figures.
    bool export_button = true;
    // Whether a legend click hides or shows the series in the widget's own hidden set. Off
    // for figures whose series' visibility the caller owns (a lab's "show" checkboxes): the
    // click is only reported (PlotOutcome::legend_toggled) and Series::visible decides.
    // Default true.
    bool legend_hides = true;
};

// A data point of a series: which series (index in figure.series) and which sample.
struct PointRef {
    size_t series = 0;
    size_t index = 0;
    bool operator==(const PointRef&) const = default;
};

// What the widget reports back to its caller.
struct PlotOutcome {
    // Whether the cursor is over the data area, and the data x under it.
    bool hovered = false;
    double hover_x = 0.0;
    // The data coordinates under the cursor (valid when hovered or dragging).
    double mouse_x = 0.0;
    double mouse_y = 0.0;
    // Left button pressed over the data area this frame / held since a press there.
    bool clicked = false;
    bool dragging = false;
    // A click (press and release in the data area without dragging) that was not the first
    // half of a double-click: reported one double-click time after its release, with the
    // data coordinates under the release. Legend and Export… clicks never count.
    bool single_click = false;
    double click_x = 0.0;
    double click_y = 0.0;
    // A click waits to become single_click: the caller must keep drawing frames until then.
    bool click_pending = false;
    // The user pressed the plot's Export… button this frame.
    bool export_requested = false;
    // The data point nearest the cursor (within a few pixels), and the one clicked.
    std::optional<PointRef> hovered_point;
    std::optional<PointRef> clicked_point;
    // The key (series_key) of a series the user showed or hid in the legend this frame.
    std::optional<std::string> legend_toggled;
    // The layout used this frame (pixel rectangle, view, every text box).
    PlotLayout layout;
};

// Draws `figure` in a `size` box (a non-positive component fills the available space).
PlotOutcome plot_figure(PlotContext& ctx, const char* str_id, const Figure& figure, ImVec2 size,
                        const PlotOptions& options = {});

// The plot style for the context's scale.
PlotStyle plot_style(const PlotContext& ctx);

// Marks the series whose key is in `hidden` as not visible (the widget's hidden set applied to
// a figure, e.g. before exporting it).
void apply_hidden(Figure& figure, const std::set<std::string>& hidden);

} // namespace losslab::plot::imgui
