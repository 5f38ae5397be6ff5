#pragma once
// The state of the "Focal loss" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params/params.hpp).

#include "model/params/params.hpp"

#include <array>
#include <string_view>

namespace losslab::model::params {

// The lab's four views, in tab order (value = index).
inline constexpr std::array<std::string_view, 4> kFocalViewNames{"figure-1", "modulating",
                                                                 "imbalance", "pitfalls"};

// Which view the lab shows: its tab bar is this parameter's widget.
inline constexpr ParamSpec kFocalView{
    .key = "view",
    .label = "View",
    .help = "figure-1: the γ family; modulating: (1 − pₜ)ᵞ and FL/CE; imbalance: loss shares; "
            "pitfalls: four classic mistakes",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 3.0,
    .def = 0.0,
    .choices = kFocalViewNames,
};

// The p_t at which the modulating-factor view reads FL/CE out.
inline constexpr ParamSpec kFocalReadoutP{
    .key = "readout_p",
    .label = "pₜ of the readout",
    .help = "Probability of the true class at which the weight of focal loss relative to CE "
            "is read out",
    .min = 0.001,
    .max = 0.999,
    .def = 0.9,
    .format = "%.3f",
};

// Number of easy negatives (background) in the imbalance demo.
inline constexpr ParamSpec kFocalEasyCount{
    .key = "easy_negatives",
    .label = "easy negatives (count)",
    .help = "How many well-classified background examples the batch holds",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 1e6,
    .def = 100000.0,
    .scale = ParamScale::Log,
    .format = "%.0f",
};

// p_t of each easy negative.
inline constexpr ParamSpec kFocalEasyP{
    .key = "easy_p",
    .label = "pₜ of the easy negatives",
    .help = "Probability each easy negative gives to its true class (background)",
    .min = 0.5,
    .max = 0.9999,
    .def = 0.99,
    .format = "%.4f",
};

// α of the imbalance tab's α-balanced CE: its own value, not focal loss's. Lin et al. (2017,
// Table 1a) found α = 0.75 best for α-balanced CE without focusing (positives up-weighted),
// while with γ = 2 the best α is 0.25: focusing already down-weights the easy negatives.
inline constexpr ParamSpec kFocalBalanceAlpha{
    .key = "balance_alpha",
    .label = "α of α-balanced CE",
    .help = "Weight of the positives in the α-balanced CE bars (negatives get 1 − α); 0.75 is "
            "Lin et al.'s best α without focusing, focal loss's own α (0.25) is separate",
    .min = 0.0,
    .max = 1.0,
    .def = 0.75,
    .format = "%.2f",
};

// Number of hard positives (rare objects) in the imbalance demo.
inline constexpr ParamSpec kFocalHardCount{
    .key = "hard_positives",
    .label = "hard positives (count)",
    .help = "How many misclassified foreground examples the batch holds",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 1e6,
    .def = 100.0,
    .scale = ParamScale::Log,
    .format = "%.0f",
};

// p_t of each hard positive.
inline constexpr ParamSpec kFocalHardP{
    .key = "hard_p",
    .label = "pₜ of the hard positives",
    .help = "Probability each hard positive gives to its true class (foreground)",
    .min = 0.001,
    .max = 0.5,
    .def = 0.1,
    .format = "%.3f",
};

// Number of classes K of the softmax pitfalls (softmax twice, softmax on multi-label).
inline constexpr ParamSpec kFocalPitfallClasses{
    .key = "pitfall_classes",
    .label = "K (classes, pitfalls)",
    .help = "Number of classes of the softmax-twice and multi-label pitfalls",
    .kind = ParamKind::Integer,
    .min = 2.0,
    .max = 100.0,
    .def = 10.0,
    .scale = ParamScale::Log,
    .format = "%.0f",
};

// The editable γ family of Figure 1: at most this many curves.
inline constexpr int kFocalMaxGammas = 8;

} // namespace losslab::model::params

namespace losslab::model {

// The γ values of Figure 1's family, each in [kFocalGamma.min, kFocalGamma.max].
struct GammaList {
    // Default: Figure 1 of Lin et al. (2017), γ in {0, 0.5, 1, 2, 5}.
    std::array<double, params::kFocalMaxGammas> values{0.0, 0.5, 1.0, 2.0, 5.0};
    // How many of `values` are used, 1..kFocalMaxGammas. Default 5.
    int count = 5;
    bool operator==(const GammaList&) const = default;
};

struct FocalLabState {
    // The tab shown (index into kFocalViewNames). Default 0: Figure 1.
    int view = static_cast<int>(params::kFocalView.def);
    // Focal γ of the highlighted curve. Default params::kFocalGamma.def (2).
    double gamma = params::kFocalGamma.def;
    // Focal α (positives α, negatives 1 − α; < 0 off). Default params::kFocalAlpha.def (0.25).
    double alpha = params::kFocalAlpha.def;
    // The family of Figure 1. Default {0, 0.5, 1, 2, 5}.
    GammaList gammas;
    // Default 0.9.
    double readout_p = params::kFocalReadoutP.def;
    // Default 100000.
    int easy_negatives = static_cast<int>(params::kFocalEasyCount.def);
    // Default 0.99.
    double easy_p = params::kFocalEasyP.def;
    // Default 100.
    int hard_positives = static_cast<int>(params::kFocalHardCount.def);
    // Default 0.1.
    double hard_p = params::kFocalHardP.def;
    // α of the imbalance tab's α-balanced CE. Default 0.75.
    double balance_alpha = params::kFocalBalanceAlpha.def;
    // Default 10.
    int pitfall_classes = static_cast<int>(params::kFocalPitfallClasses.def);
    bool operator==(const FocalLabState&) const = default;
};

} // namespace losslab::model
