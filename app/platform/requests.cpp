#include "platform/requests.hpp"

namespace losslab::platform {

void service_requests(GLFWwindow* window, model::AppState& state, ui::UiContext& ui) {
    if (ui.requests.toggle_fullscreen) toggle_fullscreen(window, ui);
    if (ui.requests.zoom) apply_zoom(ui, *ui.requests.zoom);
    if (!ui.requests.exports.empty()) service_exports(state, ui);
    if (!ui.requests.open_files.empty()) service_open_files(state, ui);
    ui.requests = {};
}

} // namespace losslab::platform
