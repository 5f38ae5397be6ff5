#pragma once
// Figures of the "Normalization" lab.

#include "model/figure.hpp"
#include "model/state_normalization.hpp"

namespace losslab::model {} // namespace losslab::model
