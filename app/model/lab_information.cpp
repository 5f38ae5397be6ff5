#include "model/lab_information.hpp"

#include "model/lab_hooks.hpp"

namespace losslab::model {

std::span<const ParamBinding> information_lab_params() { return {}; }

std::span<const FigureInfo> information_lab_figures() { return {}; }

} // namespace losslab::model
