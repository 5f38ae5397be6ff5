#include "ui/lab_panels.hpp"

namespace losslab::ui {

// The UI's row of the lab table (model/labs/labs.cpp holds the model's): a switch, so a lab
// without a panel is a compiler warning.
void draw_lab(model::AppState& state, UiContext& ui) {
    switch (state.lab) {
    case model::LabId::Loss: draw_loss_lab(state, ui); break;
    case model::LabId::Focal: draw_focal_lab(state, ui); break;
    case model::LabId::Smoothing: draw_smoothing_lab(state, ui); break;
    case model::LabId::Information: draw_information_lab(state, ui); break;
    case model::LabId::Calibration: draw_calibration_lab(state, ui); break;
    case model::LabId::Normalization: draw_normalization_lab(state, ui); break;
    case model::LabId::Pytorch: draw_pytorch_lab(state, ui); break;
    }
}

} // namespace losslab::ui
