#pragma once
// Presentation mode and the toolbar row under the menu. Presentation mode is for a
// projector: full screen, the sidebar and menu bar hidden, the high-contrast Projector theme
// (thicker lines, larger markers: PlotTheme::line_scale) and a larger UI zoom. Leaving it
// restores the theme, zoom and window mode from before.

#include "model/app_state.hpp"
#include "plot/theme.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// The UI zoom factor presentation mode multiplies the user's zoom by: 1.25, which puts tick
// labels at 18.75 px (readable from the back of a room) and leaves plots their height.
inline constexpr float kPresentationZoom = 1.25f;

// What presentation mode restores when it ends (panel_data "presentation").
struct PresentationMemory {
    plot::Theme theme = plot::Theme::Light;
    float zoom = 1.0f;
    bool fullscreen = false;
    bool hide_params = false;
};

// Enters (on) or leaves presentation mode; the full-screen switch and the zoom (which
// re-rasterises the fonts and re-applies the style) are requested from the platform layer.
// Does nothing when already in the requested mode.
void set_presentation(UiContext& ui, bool on);

// Enters presentation mode when off, leaves it when on (F11, the toolbar button).
void toggle_presentation(UiContext& ui);

// The theme to remember between runs: the one from before presentation mode while it is on.
plot::Theme remembered_theme(UiContext& ui);

// The toolbar row: presentation toggle, lesson chooser, "record step", parameters toggle,
// zoom buttons. On a narrow window the labels shorten; no control is dropped.
void draw_toolbar(model::AppState& state, UiContext& ui);

// Shows or hides the parameter column (key P, the toolbar's "Parameters" button).
void toggle_params(UiContext& ui);

// In presentation mode with a lesson open, draws the step's figures (one or two side by side,
// filling the space below a slim strip of the step's own sliders) and returns true; the whole
// lab panel is one click away. Returns false (nothing drawn) otherwise: draw the lab panel.
bool draw_step_figures(model::AppState& state, UiContext& ui);

// The help overlay listing every gesture and shortcut, while ui.show_help (F1, ?; Esc or the
// button closes it).
void draw_help_overlay(UiContext& ui);

// The figures the open lesson's step shows: its named figures, else its first note's figure,
// else the figure of the tab its state shows, else (a lab without tabs) the lab's first
// figure; empty when the tab draws something the catalogue does not hold (the lab panel is
// then drawn as it is).
std::vector<std::string> step_figure_names(UiContext& ui);

} // namespace losslab::ui
