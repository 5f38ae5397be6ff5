#pragma once
// The app's use of the plot widget: shows a figure with the UI's fonts, scale and theme, adds
// the current lesson step's notes, and acts on what the widget reports (Export… opens the
// export dialog; the hovered figure becomes Ctrl+E's target).

#include "model/app_state.hpp"
#include "plot/imgui/plot_widget.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// Draws `figure` in a `size` box (a non-positive component fills the available space).
plot::imgui::PlotOutcome plot_figure(const char* str_id, const plot::Figure& figure, ImVec2 size,
                                     UiContext& ui, const plot::imgui::PlotOptions& options = {});

// The plot style for the UI's scale.
plot::PlotStyle plot_style(const UiContext& ui);

// Whether figures of `lab` have series owned by "<lab>.show_<series id>" checkboxes (the loss
// lab's curves): their plots are drawn with PlotOptions::legend_hides off.
bool lab_has_series_toggles(model::LabId lab);

// A legend click reported by `out` on a series owned by a checkbox of `lab` flips that
// checkbox, the one state of the series' visibility; true when it did.
bool toggle_series_from_legend(model::AppState& state, model::LabId lab,
                               const plot::imgui::PlotOutcome& out);

// The keys of the series the user hid in the plot showing figure `name` (empty when none).
std::set<std::string> hidden_series(const UiContext& ui, const std::string& name);

} // namespace losslab::ui
