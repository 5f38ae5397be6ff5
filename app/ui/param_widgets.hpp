#pragma once
// The widget of a registered parameter: its label, help tooltip, range and format all come
// from the parameter's one declaration; its ImGui ID is the registry key.

#include "model/params/param_registry.hpp"

#include <string_view>

namespace losslab::ui {

// Draws the control of `param` (slider, combo or checkbox) at full width; true when the
// user changed the value this frame (the new value is already in `state`). The label goes
// above the control, or on its left when `label_inline` (presentation mode's slim strip).
bool param_control(model::AppState& state, const model::ParamBinding& param,
                   bool label_inline = false);

// The binding registered under `key` ("focal.gamma"); asserts that it exists (panels name
// their own lab's keys, so a miss is a programming error).
const model::ParamBinding& registered_param(std::string_view key);

// param_control for the parameter registered under `key`.
bool param_control(model::AppState& state, std::string_view key);

// Draws the controls of every parameter of `lab`; true when any changed.
bool lab_param_controls(model::AppState& state, model::LabId lab);

} // namespace losslab::ui
