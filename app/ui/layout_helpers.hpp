#pragma once
// The shared frame of every lab panel: a plot area on the left and a controls column on
// the right, so that all labs look alike.

#include "ui/ui_context.hpp"

namespace losslab::ui {

// Width of the controls column in pixels at the UI's scale.
float controls_width(const UiContext& ui);

// Opens the plot area (a child filling the height, leaving room for the controls column).
void begin_plot_area(const UiContext& ui);
void end_plot_area();

// Opens the controls column with a heading.
void begin_controls(const UiContext& ui, const char* heading);
void end_controls();

// A heading inside a panel (the heading font, with space above).
void section_heading(const UiContext& ui, const char* text);

} // namespace losslab::ui
