#pragma once
// Figures of the "Calibration" lab.

#include "model/figure.hpp"
#include "model/state_calibration.hpp"

namespace losslab::model {} // namespace losslab::model
