#pragma once
// The parameter registry: binds each declared ParamSpec to a field of AppState under a full
// key "lab.key". Sliders, --set, sessions and PNG metadata all go through it.

#include "model/app_state.hpp"
#include "model/params/param_spec.hpp"

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace losslab::model {

// A reference to the field a parameter lives in.
using ParamRef = std::variant<double*, int*, bool*>;

// One registered parameter: its lab, its declaration, and where its value lives.
struct ParamBinding {
    LabId lab;
    // The lab's key, the prefix of the full key: "loss".
    std::string_view lab_key;
    const ParamSpec* spec;
    // The field of `state` that holds the value.
    ParamRef (*field)(AppState& state);

    // "loss.gamma".
    std::string key() const;
};

// Every registered parameter, grouped by lab in sidebar order.
std::span<const ParamBinding> param_registry();

// The parameters of one lab, in panel order.
std::vector<const ParamBinding*> lab_params(LabId lab);

// The binding with full key `key` ("loss.gamma"), or nullptr.
const ParamBinding* find_param(std::string_view key);

// The value of a parameter in `state` (integers, choices and toggles as doubles).
double get_param(const AppState& state, const ParamBinding& param);

// Sets a parameter after validating it; `state` is untouched on error.
Status set_param(AppState& state, const ParamBinding& param, double value);

// Applies "key=value" (the --set syntax and a session entry); errors name the key, the value
// and what is allowed, and list the known keys when the key is unknown.
Status apply_assignment(AppState& state, std::string_view assignment);

// The AppState with every parameter at its declared default.
AppState default_app_state();

} // namespace losslab::model
