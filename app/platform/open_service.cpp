#include "platform/requests.hpp"

#include "ui/file_menu.hpp"

namespace losslab::platform {

// Dropped files and File > Open share one path (ui::open_session_file): a session JSON or a
// LossLab PNG replaces the state; anything else leaves it untouched and says why.
void service_open_files(model::AppState& state, ui::UiContext& ui) {
    for (const auto& path : ui.requests.open_files) ui::open_session_file(state, ui, path);
}

} // namespace losslab::platform
