#pragma once
// The state of the "Loss vs probability" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct LossLabState {
    // Focal γ. Default params::kFocalGamma.def (2).
    double gamma = params::kFocalGamma.def;
    bool operator==(const LossLabState&) const = default;
};

} // namespace losslab::model
