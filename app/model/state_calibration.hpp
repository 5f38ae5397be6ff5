#pragma once
// The state of the "Calibration" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct CalibrationLabState {
    bool operator==(const CalibrationLabState&) const = default;
};

} // namespace losslab::model
