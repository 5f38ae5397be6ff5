#pragma once
// One panel per lab (ui/lab_<name>_panel.cpp): each reads its lab's state, asks the model for
// figures, and draws them with the plot widget and the parameter controls. Panels never do
// math.

#include "model/app_state.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

void draw_loss_lab(model::AppState& state, UiContext& ui);
void draw_focal_lab(model::AppState& state, UiContext& ui);
void draw_smoothing_lab(model::AppState& state, UiContext& ui);
void draw_information_lab(model::AppState& state, UiContext& ui);
void draw_calibration_lab(model::AppState& state, UiContext& ui);
void draw_normalization_lab(model::AppState& state, UiContext& ui);
void draw_pytorch_lab(model::AppState& state, UiContext& ui);

// Draws the panel of `state.lab`.
void draw_lab(model::AppState& state, UiContext& ui);

} // namespace losslab::ui
