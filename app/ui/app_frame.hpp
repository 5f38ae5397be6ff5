#pragma once
// One frame of the whole UI: menu bar, notices, the sidebar of labs, the selected lab.

#include "model/app_state.hpp"
#include "ui/ui_context.hpp"

namespace losslab::ui {

// What the frame asks of the platform layer.
struct FrameRequests {
    // The user picked another theme (the platform re-applies styles).
    bool theme_changed = false;
    // The user chose File > Quit.
    bool quit = false;
};

// Draws the UI for `state` filling the main viewport.
FrameRequests draw_app(model::AppState& state, UiContext& ui);

} // namespace losslab::ui
