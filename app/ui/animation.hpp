#pragma once
// Parameter animations: sweeps of one slider between two values (the ▶ button beside a
// slider, or a lesson step's "animate"), and smooth transitions between two whole states
// (lesson navigation). They live in UiContext (panel_data "animations") and are advanced
// once per frame by step_animations; values always go through model::set_param.

#include "model/persist/lesson.hpp"
#include "ui/ui_context.hpp"

#include <map>
#include <optional>
#include <string>

namespace losslab::ui {

// Duration of a lesson step transition in seconds. 0.6 s: long enough to see what moves.
inline constexpr double kTransitionSeconds = 0.6;

// A running sweep: its description and when it started (ImGui time, seconds).
struct RunningSweep {
    model::ParamSweep sweep;
    double started = 0.0;
};

// A transition from one state to another, interpolating every real and integer parameter.
struct StateTransition {
    model::AppState from;
    model::AppState to;
    double started = 0.0;
    // Default kTransitionSeconds.
    double seconds = kTransitionSeconds;
};

// Every animation of the UI.
struct Animations {
    // Running sweeps by full parameter key.
    std::map<std::string, RunningSweep> sweeps;
    std::optional<StateTransition> transition;
    // The last settings chosen in a slider's ▶ popup, by key, so the popup reopens with them.
    std::map<std::string, model::ParamSweep> drafts;
};

// The animations of `ui`, created on first use.
Animations& animations(UiContext& ui);

// Starts (or restarts) a sweep of `sweep.key`; keys of choices, toggles or nothing are ignored.
void start_sweep(UiContext& ui, const model::ParamSweep& sweep);

// Stops the sweep of `key`, leaving the parameter where it is.
void stop_sweep(UiContext& ui, const std::string& key);

// Whether `key` is being swept.
bool sweep_running(UiContext& ui, const std::string& key);

// Moves `state` smoothly to `target` over `seconds` (the lab switches at once). Running
// sweeps stop. With seconds <= 0 the state is set at once.
void start_transition(model::AppState& state, UiContext& ui, const model::AppState& target,
                      double seconds = kTransitionSeconds);

// Stops everything (sweeps and the transition) without touching the state.
void stop_animations(UiContext& ui);

// Advances every animation to time `now` (seconds) and writes the values into `state`;
// sets ui.animating while any runs. A finished transition leaves `state` equal to its target.
void step_animations(model::AppState& state, UiContext& ui, double now);

} // namespace losslab::ui
