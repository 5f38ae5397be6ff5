#pragma once
// Figures of the "Label smoothing" lab.

#include "model/figure.hpp"
#include "model/state_smoothing.hpp"

namespace losslab::model {} // namespace losslab::model
