#pragma once
// Presentation mode and the toolbar row under the menu. Presentation mode is for a
// projector: full screen, the sidebar and menu bar hidden, the high-contrast Projector theme
// (thicker lines, larger markers: PlotTheme::line_scale) and a larger UI zoom. Leaving it
// restores the theme, zoom and window mode from before.

#include "model/app_state.hpp"
#include "plot/theme.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// The UI zoom factor presentation mode multiplies the user's zoom by. 1.5.
inline constexpr float kPresentationZoom = 1.5f;

// What presentation mode restores when it ends (panel_data "presentation").
struct PresentationMemory {
    plot::Theme theme = plot::Theme::Light;
    float zoom = 1.0f;
    bool fullscreen = false;
};

// Enters (on) or leaves presentation mode; the full-screen switch and the zoom (which
// re-rasterises the fonts and re-applies the style) are requested from the platform layer.
// Does nothing when already in the requested mode.
void set_presentation(UiContext& ui, bool on);

// Enters presentation mode when off, leaves it when on (F11, the toolbar button).
void toggle_presentation(UiContext& ui);

// The theme to remember between runs: the one from before presentation mode while it is on.
plot::Theme remembered_theme(UiContext& ui);

// The toolbar row: presentation toggle, lesson chooser, "record step", zoom buttons.
void draw_toolbar(model::AppState& state, UiContext& ui);

} // namespace losslab::ui
