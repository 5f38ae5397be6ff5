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
// "Batch-Instance Norm", "ScaleNorm".
std::string normalization_method_name(NormLabMethod m);

// The statistics a lab method's picture shows: BN for Batch Renorm and Batch-Instance Norm
// (its BN part), LN for ScaleNorm (same axes, no mean subtracted), and each of IN, LN, BN for
// Switchable Norm (the first is the one its heatmaps replace by the mixed statistics).
std::vector<NormMethod> normalization_base_methods(NormLabMethod m);

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

} // namespace losslab::model
