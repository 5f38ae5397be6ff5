#pragma once
// The state of the "Normalization" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct NormalizationLabState {
    bool operator==(const NormalizationLabState&) const = default;
};

} // namespace losslab::model
