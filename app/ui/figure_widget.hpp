#pragma once
// The app's use of the plot widget: shows a figure with the UI's fonts, scale and theme, adds
// the current lesson step's notes, and acts on what the widget reports (Export… opens the
// export dialog; the hovered figure becomes Ctrl+E's target).

#include "plot/imgui/plot_widget.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// Draws `figure` in a `size` box (a non-positive component fills the available space).
plot::imgui::PlotOutcome plot_figure(const char* str_id, const plot::Figure& figure, ImVec2 size,
                                     UiContext& ui, const plot::imgui::PlotOptions& options = {});

// The plot style for the UI's scale.
plot::PlotStyle plot_style(const UiContext& ui);

// The keys of the series the user hid in the plot showing figure `name` (empty when none).
std::set<std::string> hidden_series(const UiContext& ui, const std::string& name);

} // namespace losslab::ui
