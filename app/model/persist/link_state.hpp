#pragma once
// The state in a link (the web build's address fragment): "lab=focal&focal.gamma=3" opens the
// Focal lab with γ = 3. Keys: `lab`, every parameter key of the registry (the --set keys,
// values parsed by the registry itself), `lesson` (a shipped lesson's file name) and `_hide`
// (comma-separated panels to hide: sidebar, params). Values are percent-decoded.

#include "model/app_state.hpp"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// What a link asks for beyond the parameters.
struct LinkRequest {
    // The lesson named by `lesson=` ("" when none), as given.
    std::string lesson;
    // The panels named by `_hide=` (only the known ones: "sidebar", "params").
    std::set<std::string> hidden;
    // One message per key or value that was refused ("what requires allowed, got value");
    // every other entry is still applied.
    std::vector<std::string> errors;
};

// Applies the fragment `text` (with or without its leading '#') to `state`: `lab` first, then
// each parameter in order. A bad entry leaves its parameter untouched and adds an error.
LinkRequest apply_link(AppState& state, std::string_view text);

// The fragment for `state`: "lab=KEY" then every parameter whose value differs from its
// default, in registry order, '&'-separated and percent-encoded where needed; `hidden` and
// `lesson` are appended when given. apply_link of the result on a default state gives `state`
// back (for the registered parameters).
std::string state_link(const AppState& state, const std::set<std::string>& hidden = {},
                       std::string_view lesson = {});

// `text` with %XX escapes decoded ('+' stays '+'); a malformed escape is kept as written.
std::string percent_decode(std::string_view text);

} // namespace losslab::model
