#pragma once
// The declarations of every shared user-facing parameter, each exactly once. Lab states take
// their field defaults from here and the registry (param_registry.hpp) binds them to keys; the
// curve catalogue (curve_catalogue.hpp) lists them as `losslab curve` flags.
//
// Keys are lowercase words joined by '_' ("pos_weight"), except "K", the number of classes,
// kept capital as the literature writes it. The command-line flag of a key is "--" + key with
// '_' turned into '-' ("--pos-weight", "--K"): curve_flag() in curve_catalogue.hpp is the one
// place that spells this rule.

#include "model/params/param_spec.hpp"

#include <array>
#include <string_view>

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

// Focal loss class weight α with torchvision's toggle-free convention: α in [0, 1] weights
// the positive class by α and the negative by 1 − α; any α < 0 (e.g. −1) turns the weighting
// off (factor 1), as torchvision.ops.sigmoid_focal_loss(alpha=-1).
inline constexpr ParamSpec kFocalAlpha{
    .key = "alpha",
    .label = "α (class weight)",
    .help = "Weight of the positive class (negatives get 1 − α); α < 0 means no weighting",
    .min = -1.0,
    .max = 1.0,
    .def = 0.25,
    .format = "%.2f",
};

// α of α-balanced cross-entropy (Lin et al. 2017 eq. 3): α on positives, 1 − α on negatives.
inline constexpr ParamSpec kBalanceAlpha{
    .key = "alpha",
    .label = "α (class weight)",
    .help = "Weight of the positive class in α-balanced CE; negatives get 1 − α",
    .min = 0.0,
    .max = 1.0,
    .def = 0.25,
    .format = "%.2f",
};

// Binary target y in [0, 1] (soft targets allowed) of BCE, Brier and α-balanced CE.
inline constexpr ParamSpec kTargetY{
    .key = "y",
    .label = "y (target)",
    .help = "Target of the positive class: 1 positive, 0 negative, in between a soft label",
    .min = 0.0,
    .max = 1.0,
    .def = 1.0,
    .format = "%.2f",
};

// The same binary target, spelled "target" as torchvision's sigmoid_focal_loss does.
inline constexpr ParamSpec kFocalTarget{
    .key = "target",
    .label = "y (target)",
    .help = "Target of the positive class: 1 positive, 0 negative, in between a soft label",
    .min = 0.0,
    .max = 1.0,
    .def = 1.0,
    .format = "%.2f",
};

// BCEWithLogits pos_weight: multiplies the positive term (PyTorch `pos_weight`).
inline constexpr ParamSpec kPosWeight{
    .key = "pos_weight",
    .label = "pos_weight",
    .help = "Multiplies the positive term of BCEWithLogits (n_neg / n_pos balances classes)",
    .min = 0.0,
    .max = 100.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.3g",
};

// Number of classes K of label smoothing.
inline constexpr ParamSpec kNumClasses{
    .key = "K",
    .label = "K (classes)",
    .help = "Number of classes the smoothing mass is spread over (kl-pad needs K >= 3)",
    .kind = ParamKind::Integer,
    .min = 2.0,
    .max = 1000.0,
    .def = 10.0,
    .scale = ParamScale::Log,
    .format = "%.0f",
    .rule = "at least 3 with convention kl-pad",
};

// Label-smoothing mass ε (Szegedy et al. 2016): 0 is plain cross-entropy.
inline constexpr ParamSpec kSmoothingEps{
    .key = "eps",
    .label = "ε (smoothing)",
    .help = "Probability mass moved from the true class to the others; 0 is plain CE",
    .min = 0.0,
    .max = 1.0,
    .def = 0.1,
    .format = "%.3f",
};

// The names of the label-smoothing conventions, in losslab::SmoothingConvention order.
inline constexpr std::array<std::string_view, 3> kSmoothingConventionNames{"uniform", "others",
                                                                           "kl-pad"};

// Where the smoothing mass goes: uniform (PyTorch: ε/K on every class), others (ε/(K−1) on
// each wrong class), kl-pad (ε/(K−2) on each wrong non-padding class; annotated transformer).
inline constexpr ParamSpec kSmoothingConvention{
    .key = "convention",
    .label = "Convention",
    .help = "uniform: ε/K on all classes (PyTorch); others: ε/(K−1) on wrong classes; "
            "kl-pad: ε/(K−2), padding class 0",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 2.0,
    .def = 0.0,
    .choices = kSmoothingConventionNames,
};

// SmoothL1 β: width of the quadratic zone; 0 is L1.
inline constexpr ParamSpec kSmoothL1Beta{
    .key = "beta",
    .label = "β (quadratic zone)",
    .help = "SmoothL1 is quadratic for |r| < β and linear beyond; β = 0 is L1",
    .min = 0.0,
    .max = 100.0,
    .def = 1.0,
    .format = "%.3g",
};

// Huber δ: where the quadratic turns linear; must be positive.
inline constexpr ParamSpec kHuberDelta{
    .key = "delta",
    .label = "δ (threshold)",
    .help = "Huber is r²/2 for |r| < δ and δ(|r| − δ/2) beyond; δ = β·SmoothL1",
    .min = 1e-6,
    .max = 100.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.3g",
};

// Hinge embedding margin: a dissimilar pair closer than this is penalised.
inline constexpr ParamSpec kHingeMargin{
    .key = "margin",
    .label = "margin",
    .help = "Distance below which a dissimilar pair (label −1) is penalised",
    .min = -10.0,
    .max = 10.0,
    .def = 1.0,
    .format = "%.2f",
};

// ±1 label of soft-margin loss (0 is accepted, as by PyTorch, and gives log 2).
inline constexpr ParamSpec kSoftMarginLabel{
    .key = "label",
    .label = "label (±1)",
    .help = "1 wants a positive input, −1 a negative one",
    .kind = ParamKind::Integer,
    .min = -1.0,
    .max = 1.0,
    .def = 1.0,
    .format = "%.0f",
};

// ±1 label of hinge embedding loss: 1 similar pair, −1 dissimilar pair.
inline constexpr ParamSpec kHingeLabel{
    .key = "label",
    .label = "label (±1)",
    .help = "1: similar pair, loss = distance; −1: dissimilar, loss = max(0, margin − distance)",
    .kind = ParamKind::Integer,
    .min = -1.0,
    .max = 1.0,
    .def = -1.0,
    .format = "%.0f",
};

// Gaussian NLL variance σ².
inline constexpr ParamSpec kGaussianVar{
    .key = "var",
    .label = "σ² (variance)",
    .help = "Predicted variance of the Gaussian; clamped to at least 1e-6 as PyTorch",
    .min = 0.0,
    .max = 100.0,
    .def = 1.0,
    .scale = ParamScale::Log,
    .format = "%.3g",
};

// Poisson NLL observed count (target).
inline constexpr ParamSpec kPoissonCount{
    .key = "target",
    .label = "k (count)",
    .help = "Observed count the Poisson rate is scored against",
    .min = 0.0,
    .max = 1000.0,
    .def = 3.0,
    .format = "%.2f",
};

// Poisson NLL log_input: x is log(rate) (true, PyTorch's default) or the rate itself.
inline constexpr ParamSpec kPoissonLogInput{
    .key = "log_input",
    .label = "log input",
    .help = "On: x is log(rate), loss e^x − k x; off: x is the rate, loss x − k log(x + 1e-8)",
    .kind = ParamKind::Toggle,
    .min = 0.0,
    .max = 1.0,
    .def = 1.0,
};

// `full` of Poisson and Gaussian NLL: add the constant terms (Stirling / ½ log 2π).
inline constexpr ParamSpec kNllFull{
    .key = "full",
    .label = "full",
    .help = "Add the constant terms (Stirling's log k! for Poisson, ½ log 2π for Gaussian)",
    .kind = ParamKind::Toggle,
    .min = 0.0,
    .max = 1.0,
    .def = 0.0,
};

// The reference probability p of the binary KL divergence KL(p ‖ q).
inline constexpr ParamSpec kKlReferenceP{
    .key = "p",
    .label = "p (reference)",
    .help = "Probability of the reference Bernoulli distribution in KL(p ‖ q)",
    .min = 0.0,
    .max = 1.0,
    .def = 0.3,
    .format = "%.3f",
};

} // namespace losslab::model::params
