#pragma once
// Compact per-class sliders for a registered parameter array (model/params/class_params.hpp): one row
// per class, label and slider on the same line, so 20 classes fit in the controls column.

#include "model/params/param_registry.hpp"

#include <span>

namespace losslab::ui {

// Draws one slider per binding in `elements` (the first K of an array); returns the index of
// the element the user changed this frame (the value is already in `state`), or -1.
int class_sliders(model::AppState& state, std::span<const model::ParamBinding* const> elements);

} // namespace losslab::ui
