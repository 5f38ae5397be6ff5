#pragma once
// ImGui styles for the app's themes (light, dark, projector), scaled for the monitor.

#include "plot/theme.hpp"

namespace losslab::ui {

// Sets ImGui's style colours and metrics for `theme` at `scale` (content scale × UI zoom).
void apply_imgui_theme(plot::Theme theme, float scale);

} // namespace losslab::ui
