#pragma once
// The Figure 2 view of the Normalization lab: Wu & He's (2018) Figure 2 drawn live (one
// isometric N x C x (H, W) box per method with the elements that share the statistics of the
// picked (n, c) filled), and heatmaps of the selected method's per-(n, c) mean and variance
// (a GLSL viridis shader through PlatformServices; ImDrawList rectangles without GL).

#include "model/lab_normalization.hpp"
#include "ui/ui_context.hpp"

#include <cstddef>

namespace losslab::ui {

// What the view keeps between frames: the picked plane (n, c), set by hovering a cube's
// top face or a heatmap cell. Default (2, 5): inside the default tensor, away from the box's
// edges so every method's block is visible (clamped to smaller tensors).
struct Figure2State {
    std::size_t n = 2;
    std::size_t c = 5;
};

// Draws the view in the available region. `lab` must be updated for `s`.
void draw_figure2(Figure2State& pick, model::NormalizationLab& lab,
                  const model::NormalizationLabState& s, UiContext& ui);

} // namespace losslab::ui
