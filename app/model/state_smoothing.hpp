#pragma once
// The state of the "Label smoothing" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct SmoothingLabState {
    bool operator==(const SmoothingLabState&) const = default;
};

} // namespace losslab::model
