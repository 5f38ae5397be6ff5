#pragma once
// The widget of a registered parameter: its label, help tooltip, range and format all come
// from the parameter's one declaration; its ImGui ID is the registry key.

#include "model/param_registry.hpp"

namespace losslab::ui {

// Draws the control of `param` (slider, combo or checkbox) at full width; true when the
// user changed the value this frame (the new value is already in `state`).
bool param_control(model::AppState& state, const model::ParamBinding& param);

// Draws the controls of every parameter of `lab`; true when any changed.
bool lab_param_controls(model::AppState& state, model::LabId lab);

} // namespace losslab::ui
