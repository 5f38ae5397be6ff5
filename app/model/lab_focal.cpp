#include "model/lab_focal.hpp"

#include "model/lab_hooks.hpp"

namespace losslab::model {

std::span<const ParamBinding> focal_lab_params() { return {}; }

std::span<const FigureInfo> focal_lab_figures() { return {}; }

} // namespace losslab::model
