#pragma once
// The shared frame of every lab panel: a plot area on the left and a controls column on
// the right (below the plots in a phone-sized window), so that all labs look alike.

#include "plot/imgui/plot_widget.hpp"
#include "ui/ui_context.hpp"

#include <vector>

namespace losslab::ui {

// Width of the controls column in pixels at the UI's scale.
float controls_width(const UiContext& ui);

// Whether the lab's region of `width` pixels is too narrow for plots beside the controls column
// (a phone): the controls then go below the plots, full width.
bool stack_controls(const UiContext& ui, float width);

// Opens the plot area: a child filling the height beside the controls column, or, when
// stacked (stack_controls), the full width and the upper part of the height.
void begin_plot_area(const UiContext& ui);
void end_plot_area();

// Opens the controls column with a heading (below the plot area when stacked).
void begin_controls(const UiContext& ui, const char* heading);
void end_controls();

// A heading inside a panel (the heading font, with space above).
void section_heading(const UiContext& ui, const char* text);

// One plot of a tab's grid: its widget id, its figure, its share of the row's width (the
// row's last plot takes what is left) and its widget options.
struct GridCell {
    const char* id;
    const plot::Figure* figure;
    float width_share = 1.0f;
    plot::imgui::PlotOptions options{};
};

// One row of a tab's grid and its share of the height (the last row takes what is left).
struct GridRow {
    std::vector<GridCell> cells;
    float height_share = 1.0f;
};

// Draws a tab's plots as rows in the available region. A row whose plots would be narrower
// than about 22 em is split into one full-width row per plot, at least half the region tall;
// every row is at least about 14 em (and 200 px) tall; when that needs more than the region's
// height, the rows scroll.
// Returns each plot's outcome, in reading order.
std::vector<plot::imgui::PlotOutcome> plot_grid(const std::vector<GridRow>& rows, UiContext& ui);

} // namespace losslab::ui
