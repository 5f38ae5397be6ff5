#include "model/lab_normalization.hpp"

#include "model/lab_hooks.hpp"

namespace losslab::model {

std::span<const ParamBinding> normalization_lab_params() { return {}; }

std::span<const FigureInfo> normalization_lab_figures() { return {}; }

} // namespace losslab::model
