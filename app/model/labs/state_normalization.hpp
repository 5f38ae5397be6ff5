#pragma once
// The state of the "Normalization" lab: plain data, defaults read from the parameter
// declarations (lab-specific declarations live here, shared ones in model/params/params.hpp).
//
// One field is not a parameter: `input_path`, the .npy file whose activations replace the
// generated tensor (strings are not ParamSpecs). It is set only by a successful load in the
// panel (lab_normalization.hpp: NormalizationLab::load), compared by operator== like the
// rest, and empty means "generated".

#include "model/params/params.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace losslab::model::params {

// The lab's tabs, in order (value = index).
inline constexpr std::array<std::string_view, 5> kNormViewNames{
    "figure-2", "histograms", "batch-size", "cousins", "own-vector"};

// Which tab is shown; the tab bar is this parameter's widget.
inline constexpr ParamSpec kNormView{
    .key = "view",
    .label = "View",
    .help =
        "figure-2: which elements share a statistic, and the statistics; histograms: before "
        "and after; batch-size: BatchNorm's noise; cousins: Renorm, Weight/Spectral/Switchable; "
        "own-vector: LayerNorm vs RMSNorm on a vector you type",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 4.0,
    .def = 0.0,
    .choices = kNormViewNames,
};

// The normalizations the method selector offers: the four of Wu & He's Figure 2 and cousins
// that act on activations with the same statistics (value = index; new ones go at the end so
// saved sessions keep their meaning).
inline constexpr std::array<std::string_view, 9> kNormMethodNames{
    "bn", "ln", "in", "gn", "renorm", "switchable", "batch-instance", "scale", "rms"};

// Per-channel shift std of the generator (the first real parameter: --bench-frames sweeps it).
inline constexpr ParamSpec kNormChannelShift{
    .key = "channel_shift",
    .label = "channel shift (std)",
    .help = "Standard deviation of the per-channel offset μ_c of the generated activations",
    .min = 0.0,
    .max = 5.0,
    .def = 1.5,
    .format = "%.2f",
};

// Per-channel log-scale std of the generator.
inline constexpr ParamSpec kNormChannelScale{
    .key = "channel_scale",
    .label = "channel scale (log std)",
    .help = "Standard deviation of log s_c, the per-channel scale of the generated activations",
    .min = 0.0,
    .max = 2.0,
    .def = 0.5,
    .format = "%.2f",
};

// Per-sample shift std of the generator.
inline constexpr ParamSpec kNormSampleShift{
    .key = "sample_shift",
    .label = "sample shift (std)",
    .help = "Standard deviation of the per-sample offset μ_n of the generated activations",
    .min = 0.0,
    .max = 5.0,
    .def = 0.5,
    .format = "%.2f",
};

// Per-sample log-scale std of the generator.
inline constexpr ParamSpec kNormSampleScale{
    .key = "sample_scale",
    .label = "sample scale (log std)",
    .help = "Standard deviation of log s_n, the per-sample scale of the generated activations",
    .min = 0.0,
    .max = 2.0,
    .def = 0.25,
    .format = "%.2f",
};

// eps added to the variance (PyTorch's default 1e-5).
inline constexpr ParamSpec kNormEps{
    .key = "eps",
    .label = "ε (added to var)",
    .help = "y = (x − mean) / √(var + ε): keeps constant channels finite; PyTorch default 1e-5",
    .min = 1e-8,
    .max = 1.0,
    .def = 1e-5,
    .scale = ParamScale::Log,
    .format = "%.1e",
};

// BatchNorm's running-statistics momentum.
inline constexpr ParamSpec kNormMomentum{
    .key = "momentum",
    .label = "momentum (running stats)",
    .help = "running = (1 − m) running + m batch, PyTorch's convention; default 0.1",
    .min = 0.001,
    .max = 1.0,
    .def = 0.1,
    .scale = ParamScale::Log,
    .format = "%.3f",
};

// The method whose statistics are shown.
inline constexpr ParamSpec kNormMethod{
    .key = "method",
    .label = "method",
    .help = "bn, ln, in, gn (Wu & He's Figure 2) or a cousin: Batch Renorm, Switchable Norm, "
            "Batch-Instance Norm, ScaleNorm, RMSNorm (LayerNorm's axes, no mean subtracted)",
    .kind = ParamKind::Choice,
    .min = 0.0,
    .max = 8.0,
    .def = 0.0,
    .choices = kNormMethodNames,
};

// Tensor extents of the generated activations.
inline constexpr ParamSpec kNormN{.key = "n", .label = "N (batch)",
                                  .help = "Samples in the generated batch",
                                  .kind = ParamKind::Integer, .min = 1.0, .max = 32.0,
                                  .def = 8.0, .format = "%.0f"};
inline constexpr ParamSpec kNormC{.key = "c", .label = "C (channels)",
                                  .help = "Channels of the generated tensor",
                                  .kind = ParamKind::Integer, .min = 1.0, .max = 64.0,
                                  .def = 32.0, .format = "%.0f"};
inline constexpr ParamSpec kNormH{.key = "h", .label = "H (height)",
                                  .help = "Height of each feature map",
                                  .kind = ParamKind::Integer, .min = 1.0, .max = 32.0,
                                  .def = 16.0, .format = "%.0f"};
inline constexpr ParamSpec kNormW{.key = "w", .label = "W (width)",
                                  .help = "Width of each feature map",
                                  .kind = ParamKind::Integer, .min = 1.0, .max = 32.0,
                                  .def = 16.0, .format = "%.0f"};

// GroupNorm's number of groups.
inline constexpr ParamSpec kNormGroups{
    .key = "groups",
    .label = "G (groups)",
    .help = "GroupNorm's groups of C/G channels; must divide C (G = 1 is LayerNorm, G = C "
            "InstanceNorm)",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 64.0,
    .def = 8.0,
    .format = "%.0f",
};

// Seed of the generator.
inline constexpr ParamSpec kNormSeed{.key = "seed", .label = "seed",
                                     .help = "Seed of the activation generator",
                                     .kind = ParamKind::Integer, .min = 0.0, .max = 1e6,
                                     .def = 1.0, .format = "%.0f"};

// Batch Renorm: clip of r and d, and the batch size of the step shown.
inline constexpr ParamSpec kNormRMax{.key = "r_max", .label = "r_max (Renorm)",
                                     .help = "r = σ_B/σ is clipped to [1/r_max, r_max]",
                                     .min = 1.0, .max = 5.0, .def = 1.15, .format = "%.2f"};
inline constexpr ParamSpec kNormDMax{.key = "d_max", .label = "d_max (Renorm)",
                                     .help = "d = (μ_B − μ)/σ is clipped to [−d_max, d_max]",
                                     .min = 0.0, .max = 5.0, .def = 0.15, .format = "%.2f"};
inline constexpr ParamSpec kNormBatch{
    .key = "batch",
    .label = "B (mini-batch)",
    .help = "Mini-batch size of the Batch Renorm step and of the running-mean trace",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 32.0,
    .def = 2.0,
    .format = "%.0f"};

// Switchable Norm control logits (the same for means and variances), in (IN, LN, BN) order.
inline constexpr ParamSpec kNormSwIn{.key = "sw_in", .label = "logit IN (Switchable)",
                                     .help = "Switchable Norm's control logit of InstanceNorm",
                                     .min = -5.0, .max = 5.0, .def = 0.0, .format = "%.2f"};
inline constexpr ParamSpec kNormSwLn{.key = "sw_ln", .label = "logit LN (Switchable)",
                                     .help = "Switchable Norm's control logit of LayerNorm",
                                     .min = -5.0, .max = 5.0, .def = 0.0, .format = "%.2f"};
inline constexpr ParamSpec kNormSwBn{.key = "sw_bn", .label = "logit BN (Switchable)",
                                     .help = "Switchable Norm's control logit of BatchNorm",
                                     .min = -5.0, .max = 5.0, .def = 0.0, .format = "%.2f"};

// Batch-Instance Norm's gate rho (1 BatchNorm, 0 InstanceNorm), the same for every channel.
inline constexpr ParamSpec kNormRho{.key = "rho", .label = "ρ (Batch-Instance)",
                                    .help = "ρ BN(x) + (1 − ρ) IN(x): 1 is BatchNorm, 0 "
                                            "InstanceNorm",
                                    .min = 0.0, .max = 1.0, .def = 0.5, .format = "%.2f"};

// Spectral Norm: power iterations shown, Weight Norm: the gain g.
inline constexpr ParamSpec kNormPowerIters{
    .key = "power_iters",
    .label = "power iterations",
    .help = "Power-iteration steps of Spectral Norm shown (PyTorch does 1 per forward pass)",
    .kind = ParamKind::Integer,
    .min = 1.0,
    .max = 50.0,
    .def = 20.0,
    .format = "%.0f"};
inline constexpr ParamSpec kNormWeightG{.key = "weight_g", .label = "g (Weight Norm)",
                                        .help = "Weight Norm's gain: every row of w gets norm |g|",
                                        .min = 0.1, .max = 3.0, .def = 1.0, .format = "%.2f"};

// The vector typed in the "Your vector" tab: its length and up to kNormVecMax components
// (registry parameters, so a session, a lesson or --set can set it: normalization.vec_len=3
// normalization.vec_1=1 ...). Default "1, 2, 3, 10".
inline constexpr std::size_t kNormVecMax = 8;
inline constexpr double kNormVecLimit = 1e6;
inline constexpr ParamSpec kNormVecLen{.key = "vec_len",
                                       .label = "vector length",
                                       .help = "How many of vec_1..vec_8 make the typed vector",
                                       .kind = ParamKind::Integer,
                                       .min = 1.0,
                                       .max = double(kNormVecMax),
                                       .def = 4.0,
                                       .format = "%.0f"};
#define LOSSLAB_NORM_VEC_SPEC(i, d)                                                                \
    ParamSpec {                                                                                    \
        .key = "vec_" #i, .label = "x" #i, .help = "Component " #i " of the typed vector",         \
        .min = -kNormVecLimit, .max = kNormVecLimit, .def = d, .format = "%.4g"                    \
    }
inline constexpr std::array<ParamSpec, kNormVecMax> kNormVec{
    LOSSLAB_NORM_VEC_SPEC(1, 1.0),  LOSSLAB_NORM_VEC_SPEC(2, 2.0), LOSSLAB_NORM_VEC_SPEC(3, 3.0),
    LOSSLAB_NORM_VEC_SPEC(4, 10.0), LOSSLAB_NORM_VEC_SPEC(5, 0.0), LOSSLAB_NORM_VEC_SPEC(6, 0.0),
    LOSSLAB_NORM_VEC_SPEC(7, 0.0),  LOSSLAB_NORM_VEC_SPEC(8, 0.0)};
#undef LOSSLAB_NORM_VEC_SPEC

} // namespace losslab::model::params

namespace losslab::model {

// The lab's methods (index into params::kNormMethodNames).
enum class NormLabMethod {
    Batch,
    Layer,
    Instance,
    Group,
    Renorm,
    Switchable,
    BatchInstance,
    Scale,
    Rms
};

struct NormalizationLabState {
    // Default 0: the Figure 2 tab.
    int view = static_cast<int>(params::kNormView.def);
    // Default 1.5.
    double channel_shift = params::kNormChannelShift.def;
    // Default 0.5.
    double channel_scale = params::kNormChannelScale.def;
    // Default 0.5.
    double sample_shift = params::kNormSampleShift.def;
    // Default 0.25.
    double sample_scale = params::kNormSampleScale.def;
    // Default 1e-5.
    double eps = params::kNormEps.def;
    // Default 0.1.
    double momentum = params::kNormMomentum.def;
    // Default 0: BatchNorm.
    int method = static_cast<int>(params::kNormMethod.def);
    // Default 8 x 32 x 16 x 16.
    int n = static_cast<int>(params::kNormN.def);
    int c = static_cast<int>(params::kNormC.def);
    int h = static_cast<int>(params::kNormH.def);
    int w = static_cast<int>(params::kNormW.def);
    // Default 8.
    int groups = static_cast<int>(params::kNormGroups.def);
    // Default 1.
    int seed = static_cast<int>(params::kNormSeed.def);
    // Default 1.15, 0.15, 2 (small enough that some channels hit the clips).
    double r_max = params::kNormRMax.def;
    double d_max = params::kNormDMax.def;
    int batch = static_cast<int>(params::kNormBatch.def);
    // Default 0 (uniform weights).
    double sw_in = params::kNormSwIn.def;
    double sw_ln = params::kNormSwLn.def;
    double sw_bn = params::kNormSwBn.def;
    // Default 0.5.
    double rho = params::kNormRho.def;
    // Default 20.
    int power_iters = static_cast<int>(params::kNormPowerIters.def);
    // Default 1.
    double weight_g = params::kNormWeightG.def;
    // The typed vector: its first vec_len components. Default 1, 2, 3, 10.
    int vec_len = static_cast<int>(params::kNormVecLen.def);
    std::array<double, params::kNormVecMax> vec{params::kNormVec[0].def, params::kNormVec[1].def,
                                                params::kNormVec[2].def, params::kNormVec[3].def,
                                                params::kNormVec[4].def, params::kNormVec[5].def,
                                                params::kNormVec[6].def, params::kNormVec[7].def};
    // The loaded .npy file (not a ParamSpec: see the header comment). Default empty.
    std::string input_path;
    bool operator==(const NormalizationLabState&) const = default;
};

} // namespace losslab::model
