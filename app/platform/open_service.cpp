#include "platform/requests.hpp"

#include <fmt/format.h>

namespace losslab::platform {

// Opening files is the sessions feature's (model/session.hpp); until a file type is known
// here, the user is told plainly that it was not opened.
void service_open_files(model::AppState&, ui::UiContext& ui) {
    for (const auto& path : ui.requests.open_files)
        ui.notices.push_back(fmt::format("cannot open '{}': opening files is not supported yet", path));
}

} // namespace losslab::platform
