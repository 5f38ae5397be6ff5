#pragma once
// Figures and texts of the "Focal loss" lab: Figure 1 of Lin et al. (2017), the modulating
// factor, the imbalance demo and the pitfalls. Every number comes from the core.

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "losslab/result.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_focal.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace losslab::model {

// The lab's views (tabs), in kFocalViewNames order.
enum class FocalView { Figure1 = 0, Modulating = 1, Imbalance = 2, Pitfalls = 3 };

// Figure 1 of the paper: focal loss −(1 − pₜ)ᵞ log pₜ against pₜ for each γ of the family
// (viridis, γ = 0 is CE), y in [0, 5], pₜ > 0.5 shaded "well-classified examples", plus the
// α-weighted loss at the state's (α, γ) for a positive example.
plot::Figure focal_figure1(const FocalLabState& state);

// (1 − pₜ)ᵞ for the family on a log axis, the state's FL/CE = α_t (1 − pₜ)ᵞ, and a marker at
// the readout pₜ.
plot::Figure focal_modulating_figure(const FocalLabState& state);

// Share of the total loss carried by the easy negatives and the hard positives under CE,
// α-balanced CE and focal loss (α, γ): grouped bars labelled with their percentages.
plot::Figure focal_imbalance_figure(const FocalLabState& state);

// Pitfall 1: BCE of a negative example against its logit, float32 sigmoid + BCE (clamped at
// 100) against stable BCEWithLogits, on a log axis.
plot::Figure focal_pitfall_float32_figure(const FocalLabState& state);

// Pitfall 2: BCEWithLogits fed sigmoid(z) instead of z (loss and |slope|) against the
// correct loss, for a positive example.
plot::Figure focal_pitfall_probabilities_figure(const FocalLabState& state);

// Pitfall 3: cross-entropy against the margin of the true class, once and with softmax
// applied twice (the floor log(e + K − 1) − 1).
plot::Figure focal_pitfall_softmax_twice_figure(const FocalLabState& state);

// Pitfall 4: probability of each of 2 true labels under one sigmoid per class and under a
// softmax over K classes (capped at 1/2).
plot::Figure focal_pitfall_multilabel_figure(const FocalLabState& state);

// The readout sentence of the modulating view, e.g. "at pₜ = 0.900, γ = 2.00 weighs this
// example 100× less than CE (400× less with α = 0.25)".
std::string focal_readout(const FocalLabState& state);

// One line per loss of the imbalance demo with each group's summed loss, e.g.
// "CE: easy negatives 1005, hard positives 230.3".
std::vector<std::string> focal_imbalance_lines(const FocalLabState& state);

// Parses a comma-separated γ list ("0, 0.5, 1, 2, 5"): 1..kFocalMaxGammas numbers, each in
// [kFocalGamma.min, kFocalGamma.max]; the error names the bad entry and the allowed range.
Result<GammaList> parse_gamma_list(std::string_view text);

// The text form of a γ list: "0, 0.5, 1, 2, 5" (shortest round-trip numbers).
std::string format_gamma_list(const GammaList& gammas);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> focal_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> focal_lab_figures();

} // namespace losslab::model
