#pragma once
// The "Normalization" lab: its numbers (all from the core's normalization.hpp) and figures.
//
// The input is a generated activation tensor (generate_activations, seeded) or a real one
// loaded from a NumPy .npy file. NormalizationLab (lab_normalization_cache.hpp) holds it and
// recomputes, lazily and only when their inputs changed, the plane moments, the selected
// method's statistics, its output, and the data of each tab, so sliders that touch one stage
// do not redo the others.
//
// [SECTION] Inputs        shape and generator parameters from the state, method mapping
// [SECTION] Figures       pure builders from the state and a NormalizationLab

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "losslab/normalization.hpp"
#include "model/labs/lab_normalization_cache.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_normalization.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Inputs

// The generator parameters the lab's sliders describe (base N(0, 1); channel and sample shift
// and log-scale stds; no outliers). normalization_generator_params({}) is the lab's default,
// which `losslab norm-stats --generate` uses too.
GeneratorParams normalization_generator_params(const NormalizationLabState& s);

// N x C x H x W of the generated tensor.
Shape4 normalization_shape(const NormalizationLabState& s);

// The lab's method as an enum.
NormLabMethod normalization_method(const NormalizationLabState& s);

// Display name of a lab method: "BatchNorm", ..., "Batch Renorm", "Switchable Norm",
// "Batch-Instance Norm", "ScaleNorm", "RMSNorm".
std::string normalization_method_name(NormLabMethod m);

// The blocks a lab method's Figure 2 fills: BN for Batch Renorm, BN and IN for Batch-Instance
// Norm, LN for ScaleNorm and RMSNorm (same axes, no mean subtracted), and each of IN, LN, BN
// for Switchable Norm.
std::vector<NormMethod> normalization_base_methods(NormLabMethod m);

// What NormalizationLab::plane_mean() and plane_var() hold for a method, in figure words:
// "mean"/"variance"; "mixed mean"/"mixed variance" (Switchable); "effective mean m"/"effective
// variance v" (Batch-Instance); "mean of x²"/"‖x‖₂" (ScaleNorm); "mean of x²"/"√(mean x² + ε)"
// (RMSNorm).
struct NormPlaneStatNames {
    std::string first;  // the plane_mean() statistic
    std::string second; // the plane_var() statistic
};
NormPlaneStatNames normalization_plane_stat_names(NormLabMethod m);

// The largest divisor of c that is <= g (at least 1): the G the lab uses when the slider's G
// does not divide C (the core refuses that; the panel says so).
std::size_t normalization_effective_groups(std::size_t c, std::size_t g);

// ---------------------------------------------------------------- [SECTION] Figures
// Each builder reads the lab's numbers from `lab` (updated for `s` first).

// Histograms (densities) of the activations before and after the selected normalization.
plot::Figure normalization_histogram_figure(const NormalizationLabState& s, NormalizationLab& lab);
// The spread of BatchNorm's batch mean of one sample's channel across random batches against
// the batch size, with the exact formula, beside GroupNorm's and LayerNorm's (zero).
plot::Figure normalization_batch_size_figure(const NormalizationLabState& s, NormalizationLab& lab);
// The batch-size figure's note: why the spread is zero at B = 1 and at B = `population`.
std::string normalization_batch_size_zero_note(std::size_t population);
// BatchNorm's running mean over training steps for the lab's momentum and batch size.
plot::Figure normalization_running_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Batch Renorm's r and d per channel with their clip limits; clipped values marked.
plot::Figure normalization_renorm_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Spectral Norm's power-iteration estimate of sigma against the iteration, and the exact sigma.
plot::Figure normalization_spectral_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Weight Norm: the row norms of v and of w = g v / ||v|| (all |g|).
plot::Figure normalization_weight_norm_figure(const NormalizationLabState& s, NormalizationLab& lab);
// Switchable Norm's importance weights of IN, LN and BN.
plot::Figure normalization_switchable_figure(const NormalizationLabState& s, NormalizationLab& lab);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> normalization_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> normalization_lab_figures();
// ---------------------------------------------------------------- [SECTION] Your own vector

// Parses a typed vector: 1 to 8 numbers separated by commas and/or spaces ("1, 2, 3, 10"),
// each finite with |x| <= 1e6. Errors name the item that is wrong, what is allowed and what
// was typed ("normalization vector item 3 requires a number, got \"abc\"").
Result<std::vector<double>> parse_norm_vector(std::string_view text);

// The vector as text ("1, 2, 3, 10"), shortest round-trip numbers: parse_norm_vector's input.
std::string norm_vector_text(const NormalizationLabState& s);

// Stores `v` (1 to 8 values, already validated) into the state's vec_len and vec_1.. .
void set_norm_vector(NormalizationLabState& s, const std::vector<double>& v);

// LayerNorm and RMSNorm of the state's vector (over all its components, no affine, the lab's
// eps), from the core, with the statistics each computes and the statistics of its output.
struct NormVectorSummary {
    std::vector<double> x;        // the vector (vec_len components)
    double mean = 0.0;            // LayerNorm: mean of x
    double var = 0.0;             // LayerNorm: biased variance of x
    std::vector<double> ln;       // (x - mean) / sqrt(var + eps)
    double ln_mean = 0.0;         // mean of ln (0 up to rounding)
    double ln_var = 0.0;          // biased variance of ln (var / (var + eps))
    double mean_square = 0.0;     // RMSNorm: mean of x^2
    std::vector<double> rms;      // x / sqrt(mean_square + eps)
    double rms_mean = 0.0;        // mean of rms (kept: RMSNorm does not centre)
    double rms_mean_square = 0.0; // mean of rms^2 (mean_square / (mean_square + eps))
};
NormVectorSummary norm_vector_summary(const NormalizationLabState& s);

// "normalization-own-vector": LayerNorm(x) = (x − mean) / √(variance + ε) and RMSNorm(x) =
// x / √(mean x² + ε) of the typed vector as grouped bars (one group per component, labelled
// with its value), each bar labelled with its value; the notes give each method's statistics
// and those of its output.
plot::Figure normalization_own_vector_figure(const NormalizationLabState& s);

} // namespace losslab::model
