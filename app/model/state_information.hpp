#pragma once
// The state of the "Information" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params.hpp).

#include "model/params.hpp"

namespace losslab::model {

struct InformationLabState {
    bool operator==(const InformationLabState&) const = default;
};

} // namespace losslab::model
