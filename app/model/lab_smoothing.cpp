#include "model/lab_smoothing.hpp"

#include "model/lab_hooks.hpp"

namespace losslab::model {

std::span<const ParamBinding> smoothing_lab_params() { return {}; }

std::span<const FigureInfo> smoothing_lab_figures() { return {}; }

} // namespace losslab::model
