#pragma once
// Figures of the "Focal loss" lab.

#include "model/figure.hpp"
#include "model/state_focal.hpp"

namespace losslab::model {} // namespace losslab::model
