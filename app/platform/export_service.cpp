#include "platform/requests.hpp"

#include <fmt/format.h>

namespace losslab::platform {

void service_exports(model::AppState&, ui::UiContext& ui) {
    for (const auto& r : ui.requests.exports)
        ui.notices.push_back(fmt::format("cannot export '{}': export is not available yet", r.path));
}

} // namespace losslab::platform
