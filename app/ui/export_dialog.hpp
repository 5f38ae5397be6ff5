#pragma once
// The export dialog: format (PNG, SVG, CSV), size (presets or the on-screen size times 1, 2
// or 4), background (light, dark, transparent) and file name, with a confirmation before an
// existing file is replaced. It queues an ExportRequest; the platform layer writes the file.

#include "ui/ui_context.hpp"

#include <string>

namespace losslab::ui {

// Opens the dialog for the figure named `figure`, shown on screen at `screen_size` pixels.
void open_export_dialog(UiContext& ui, const std::string& figure, ImVec2 screen_size);

// Draws the dialog when open, and opens it on Ctrl+E for the plot last hovered (or the
// lab's first figure, `fallback_figure`). Call once per frame.
void draw_export_dialog(UiContext& ui, const std::string& fallback_figure);

// The figure of the plot the mouse was over most recently ("" before any).
std::string& last_hovered_figure(UiContext& ui);

} // namespace losslab::ui
