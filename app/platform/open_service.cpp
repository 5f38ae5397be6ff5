#include "platform/requests.hpp"

#include "ui/file_menu.hpp"
#include "ui/lab_calibration_data_panel.hpp"

namespace losslab::platform {

// Dropped files and File > Open share one path (ui::open_session_file): a session JSON or a
// LossLab PNG replaces the state; anything else leaves it untouched and says why.
void service_open_files(model::AppState& state, ui::UiContext& ui) {
    // Model outputs (.npy/.npz/.csv) go to the calibration lab together (logits + labels).
    std::vector<std::string> outputs;
    for (const auto& path : ui.requests.open_files) {
        if (ui::is_model_outputs_file(path)) outputs.push_back(path);
        else ui::open_session_file(state, ui, path);
    }
    if (!outputs.empty()) ui::load_model_output_files(state, ui, outputs);
}

} // namespace losslab::platform
