#pragma once
// Themes: the colours of plots (shared by screen and export) per theme.

#include "plot/color.hpp"

#include <string_view>

namespace losslab::plot {

// The look of the app and of exported figures. Transparent is for export only; Projector is
// the high-contrast light theme of presentation mode.
enum class Theme { Light, Dark, Transparent, Projector };

// "light", "dark", "transparent", "projector".
std::string_view theme_name(Theme theme);

// The theme called `name`, if any.
bool parse_theme(std::string_view name, Theme& out);

// The colours a plot is painted with.
struct PlotTheme {
    // Behind the whole figure (alpha 0 for Transparent).
    Rgba background;
    // Behind the data area.
    Rgba plot_background;
    // The data area's frame and tick marks.
    Rgba frame;
    // Major and minor grid lines.
    Rgba grid;
    Rgba grid_minor;
    // Titles, labels, tick labels, annotations.
    Rgba text;
    // Secondary text (units, band labels).
    Rgba text_muted;
    // Legend box fill and outline.
    Rgba legend_background;
    Rgba legend_border;
    // Multiplies every stroke width and marker size (projector theme: thicker). Default 1.
    float line_scale = 1.0f;
};

// The plot colours of `theme`.
PlotTheme plot_theme(Theme theme);

} // namespace losslab::plot
