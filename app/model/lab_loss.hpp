#pragma once
// Figures of the "Loss vs probability" lab.

#include "model/state_loss.hpp"
#include "model/figure.hpp"

namespace losslab::model {

// CE = -log p_t and focal loss -(1 - p_t)^γ log p_t against p_t in (0, 1], y in [0, 5].
Figure loss_vs_probability_figure(const LossLabState& state);

} // namespace losslab::model
