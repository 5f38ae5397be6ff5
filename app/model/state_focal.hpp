#pragma once
// The state of the "Focal loss" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct FocalLabState {
    bool operator==(const FocalLabState&) const = default;
};

} // namespace losslab::model
