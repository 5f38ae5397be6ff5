#pragma once
// One panel per lab: each reads its lab's state, asks the model for figures, and draws them
// with the plot widget and the parameter controls. Panels never do math.

#include "model/app_state.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// "Loss vs probability" (ui/lab_loss_panel.cpp).
void draw_loss_lab(model::AppState& state, UiContext& ui);

// Draws the panel of `state.lab`.
void draw_lab(model::AppState& state, UiContext& ui);

} // namespace losslab::ui
