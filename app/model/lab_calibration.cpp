#include "model/lab_calibration.hpp"

#include "model/lab_hooks.hpp"

namespace losslab::model {

std::span<const ParamBinding> calibration_lab_params() { return {}; }

std::span<const FigureInfo> calibration_lab_figures() { return {}; }

} // namespace losslab::model
