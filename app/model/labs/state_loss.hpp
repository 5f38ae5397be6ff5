#pragma once
// The state of the "Loss vs probability" lab: plain data, defaults read from the parameter
// declarations (shared ones in model/params/params.hpp, the lab's own below).

#include "model/params/params.hpp"

#include <array>
#include <string_view>

namespace losslab::model {

namespace params {

inline constexpr std::array<std::string_view, 2> kLossAxisChoices{"probability", "logit"};

// Whether the curves are drawn against p_t or against the logit z = log(p_t / (1 − p_t)).
inline constexpr ParamSpec kLossXAxis{
    .key = "x_axis",
    .label = "x axis",
    .help = "Draw the losses against the probability of the true class pₜ, or against its "
            "logit z (pₜ = σ(z))",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
    .choices = kLossAxisChoices,
};

// Where the readout marker stands, as a probability of the true class.
inline constexpr ParamSpec kLossMarker{
    .key = "marker",
    .label = "marker at pₜ",
    .help = "The probability of the true class at which every curve is read out (click the "
            "plot to move it)",
    .min = 0.001,
    .max = 0.999,
    .def = 0.6,
    .format = "%.3f",
};

// The soft target of the lab's BCE curve: its minimum sits at p = y.
inline constexpr ParamSpec kLossSoftTarget{
    .key = "y",
    .label = "y (soft target of BCE)",
    .help = "Target of the BCE curve: a soft label y puts its minimum at p = y, not at 1",
    .min = 0.0,
    .max = 1.0,
    .def = 0.8,
    .format = "%.2f",
};

// Which curves are shown. One declaration per toggle, keyed show_<curve>.
inline constexpr ParamSpec kShowCe{.key = "show_ce", .label = "cross-entropy",
                                   .help = "Show CE = NLL = −log pₜ", .kind = ParamKind::Toggle,
                                   .def = 1.0};
inline constexpr ParamSpec kShowFocal{.key = "show_focal", .label = "focal loss",
                                      .help = "Show the focal loss −α(1 − pₜ)ᵞ log pₜ",
                                      .kind = ParamKind::Toggle, .def = 1.0};
inline constexpr ParamSpec kShowBalanced{.key = "show_balanced", .label = "α-balanced CE",
                                         .help = "Show −α log pₜ (class weight, no focusing)",
                                         .kind = ParamKind::Toggle, .def = 0.0};
inline constexpr ParamSpec kShowBce{.key = "show_bce", .label = "BCE with soft target y",
                                    .help = "Show −[y log p + (1 − y) log(1 − p)]; its minimum is at p = y",
                                    .kind = ParamKind::Toggle, .def = 1.0};
inline constexpr ParamSpec kShowBrier{.key = "show_brier", .label = "MSE / Brier",
                                      .help = "Show the squared error (1 − pₜ)²",
                                      .kind = ParamKind::Toggle, .def = 0.0};
inline constexpr ParamSpec kShowSmoothed{.key = "show_smoothed", .label = "label-smoothed CE",
                                         .help = "Show CE against the smoothed target for K classes and ε",
                                         .kind = ParamKind::Toggle, .def = 1.0};

} // namespace params

struct LossLabState {
    // Default: probability (index 0 of kLossAxisChoices).
    int x_axis = int(params::kLossXAxis.def);
    // Focal γ. Default 2.
    double gamma = params::kFocalGamma.def;
    // Focal and balanced α (α < 0: no weighting). Default 0.25.
    double alpha = params::kFocalAlpha.def;
    // The soft target of the BCE curve. Default 0.8.
    double target_y = params::kLossSoftTarget.def;
    // Classes and ε of the smoothed CE curve. Defaults 10 and 0.1.
    int num_classes = int(params::kNumClasses.def);
    double eps = params::kSmoothingEps.def;
    // The readout marker's pₜ. Default 0.6.
    double marker = params::kLossMarker.def;
    bool show_ce = params::kShowCe.def != 0.0;
    bool show_focal = params::kShowFocal.def != 0.0;
    bool show_balanced = params::kShowBalanced.def != 0.0;
    bool show_bce = params::kShowBce.def != 0.0;
    bool show_brier = params::kShowBrier.def != 0.0;
    bool show_smoothed = params::kShowSmoothed.def != 0.0;
    bool operator==(const LossLabState&) const = default;
};

} // namespace losslab::model
