#pragma once
// Figures of the "Information" lab.

#include "model/figure.hpp"
#include "model/state_information.hpp"

namespace losslab::model {} // namespace losslab::model
