#pragma once
// The declarations of every user-facing parameter, each exactly once. Lab states take their
// field defaults from here and the registry (param_registry.hpp) binds them to keys.

#include "model/param_spec.hpp"

namespace losslab::model::params {

// Focal loss focusing parameter γ (Lin et al. 2017): 0 is cross-entropy.
inline constexpr ParamSpec kFocalGamma{
    .key = "gamma",
    .label = "γ (focusing)",
    .help = "Focal loss focusing parameter: (1 − p_t)^γ down-weights easy examples; 0 is CE",
    .min = 0.0,
    .max = 10.0,
    .def = 2.0,
    .format = "%.2f",
};

} // namespace losslab::model::params
