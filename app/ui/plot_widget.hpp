#pragma once
// The plot widget: draws a model::Figure with the shared layout and painter, and handles
// interaction. View state (zoom, pan, hidden series) lives in UiContext keyed by the widget
// ID, so rebuilding the figure every time a slider moves keeps the user's view.
//
// Mouse: wheel zooms about the cursor, left-drag pans, right-drag box-zooms, double-click
// resets the view, a click on a legend entry hides or shows its series. Hovering shows a
// crosshair and the exact value of every visible series at the cursor's x.

#include "model/figure.hpp"
#include "ui/ui_context.hpp"

#include <imgui.h>

namespace losslab::ui {

// How a plot reacts to the mouse.
struct PlotOptions {
    // Wheel zoom, drag pan, box zoom and double-click reset. Turn off for plots whose left
    // drag edits data (dragging bar heights); they report the mouse in PlotOutcome instead.
    // Default true.
    bool pan_zoom = true;
    // Hover crosshair and value tooltip. Default true.
    bool hover_readout = true;
};

// What the widget reports back to its panel.
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
    // The layout used this frame (pixel rectangle, view).
    model::PlotLayout layout;
};

// Draws `figure` in a `size` box (a non-positive component fills the available space).
PlotOutcome plot_figure(const char* str_id, const model::Figure& figure, ImVec2 size,
                        UiContext& ui, const PlotOptions& options = {});

// The plot style for the UI's scale and theme.
model::PlotStyle plot_style(const UiContext& ui);

} // namespace losslab::ui
