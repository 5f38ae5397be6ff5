#pragma once
// The UI zoom remembered per monitor (Settings::zoom_by_monitor): which monitor the window is
// on, applying the zoom remembered for it, and recording a zoom the user chose.

#include "model/persist/settings.hpp"
#include "ui/ui_context.hpp"

#include <string>

struct GLFWwindow;

namespace losslab::platform {

// The name of the monitor the window is on: its full-screen monitor, else the monitor whose
// area contains the window's centre, else the primary monitor; "" when there is none.
std::string window_monitor_name(GLFWwindow* window);

// Applies the zoom remembered for the window's monitor (re-rasterising the fonts); does
// nothing when none is remembered.
void restore_monitor_zoom(GLFWwindow* window, ui::UiContext& ui, const model::Settings& settings);

// Records ui.ui_zoom for the window's monitor in `settings` (not while presenting: that zoom
// is temporary) and, when `save` is set, writes the settings file; a failure becomes a notice.
void remember_monitor_zoom(GLFWwindow* window, ui::UiContext& ui, model::Settings& settings,
                           bool save);

} // namespace losslab::platform
