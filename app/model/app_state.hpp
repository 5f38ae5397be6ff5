#pragma once
// AppState: everything a session holds, as plain data. Owned by main, passed by reference;
// each lab has its own state struct whose defaults come from the parameter declarations.

#include "model/params.hpp"

namespace losslab::model {

// The labs, in sidebar order.
enum class LabId { Loss };

// "Loss vs probability": CE and focal loss against p_t.
struct LossLabState {
    // Focal γ. Default params::kFocalGamma.def (2).
    double gamma = params::kFocalGamma.def;
    bool operator==(const LossLabState&) const = default;
};

// The whole session: the selected lab and every lab's parameters.
struct AppState {
    // The lab shown. Default: LabId::Loss.
    LabId lab = LabId::Loss;
    // Default: LossLabState{}.
    LossLabState loss;
    bool operator==(const AppState&) const = default;
};

} // namespace losslab::model
