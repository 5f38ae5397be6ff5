#pragma once
// AppState: everything a session holds, as plain data. Owned by main, passed by reference;
// each lab has its own state struct (model/state_<lab>.hpp) whose defaults come from the
// parameter declarations.

#include "model/labs/state_calibration.hpp"
#include "model/labs/state_focal.hpp"
#include "model/labs/state_information.hpp"
#include "model/labs/state_loss.hpp"
#include "model/labs/state_normalization.hpp"
#include "model/labs/state_pytorch.hpp"
#include "model/labs/state_smoothing.hpp"

namespace losslab::model {

// Every lab. The sidebar lists those in lab_catalogue() (labs.cpp), in its order.
enum class LabId { Loss, Focal, Smoothing, Information, Calibration, Normalization, Pytorch };

// The whole session: the selected lab and every lab's parameters.
struct AppState {
    // The lab shown. Default: LabId::Loss.
    LabId lab = LabId::Loss;
    LossLabState loss;
    FocalLabState focal;
    SmoothingLabState smoothing;
    InformationLabState information;
    CalibrationLabState calibration;
    NormalizationLabState normalization;
    PytorchLabState pytorch;
    bool operator==(const AppState&) const = default;
};

} // namespace losslab::model
