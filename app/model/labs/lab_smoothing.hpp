#pragma once
// Figures of the "Label smoothing" lab: the smoothed targets of the three conventions, the loss
// against p_t with its entropy floor, the finite optimal logit gap, a logits editor comparing
// the prediction q with the target p (H(p) + KL(p‖q) = H(p, q)), and distillation with
// temperature. The true class is class 1; the KL form's padding class is class 0 (as the shared
// convention parameter says).

#include "model/params/param_registry.hpp"
#include "model/labs/figure_catalogue.hpp"
#include "losslab/label_smoothing.hpp"
#include "losslab/smoothing_calibration.hpp"
#include "plot/figure.hpp"
#include "model/labs/state_smoothing.hpp"

#include <array>
#include <string>
#include <vector>

namespace losslab::model {

// The three conventions in display order (uniform, others, kl-pad).
inline constexpr std::array<SmoothingConvention, 3> kSmoothingConventions{
    SmoothingConvention::Uniform, SmoothingConvention::Others, SmoothingConvention::KlPad};

// The true class of every smoothing figure.
inline constexpr std::size_t kSmoothingTrueClass = 1;

// The padding class of the KL form.
inline constexpr std::size_t kSmoothingPaddingClass = 0;

// The core's SmoothingSpec for the lab's ε and K under `convention` (padding class 0).
SmoothingSpec smoothing_spec(const SmoothingLabState& state, SmoothingConvention convention);

// "uniform  (1−ε)·onehot + ε/K": the convention's name and target rule, for legends.
std::string convention_title(SmoothingConvention convention);

// The closed-form numbers of one convention at the lab's ε and K.
struct ConventionSummary {
    SmoothingConvention convention = SmoothingConvention::Uniform;
    // False when the spec is invalid (the KL form with K < 3); `error` says why.
    bool valid = true;
    std::string error;
    // Target on the true class and on each other (non-padding) class.
    double true_mass = 1.0;
    double other_mass = 0.0;
    // The loss minimum: at p_t* (= true_mass), CE* = H(target) (the entropy floor).
    double p_star = 1.0;
    double floor = 0.0;
    // The optimal logit gap log(t / o); +∞ without smoothing.
    double gap = 0.0;
};

// Everything the controls column prints: each convention's closed forms, and the logits
// editor's and distillation's scalar results.
struct SmoothingSummary {
    std::array<ConventionSummary, 3> conventions;
    // Logits editor: H(p), H(p, q), KL(p‖q) with p the chosen convention's target.
    double entropy = 0.0;
    double cross_entropy = 0.0;
    double kl = 0.0;
    // Distillation at the current T: T² KL and T² CE (PyTorch's two forms).
    double distill_kl = 0.0;
    double distill_ce = 0.0;
};

// The summary of `state` (all values from the core).
SmoothingSummary smoothing_summary(const SmoothingLabState& state);

// Bars of the smoothed target of `convention` for K classes, each bar labelled with its value
// (every bar for K ≤ 10; the true, first other and padding bars beyond). Series 0 is the bars.
plot::Figure smoothing_targets_figure(const SmoothingLabState& state, SmoothingConvention convention);

// The smoothed cross-entropy of each convention against p_t (q spreads 1 − p_t evenly), plain
// CE for reference, the KL form's reported loss (floor subtracted), and each minimum marked.
plot::Figure smoothing_loss_figure(const SmoothingLabState& state);

// The optimal logit gap log(t / o) against ε for each convention at the lab's K, with the
// current ε marked and labelled.
plot::Figure smoothing_gap_figure(const SmoothingLabState& state);

// Logits editor: predicted q = softmax(z / T) beside the target p (chosen convention).
plot::Figure smoothing_editor_figure(const SmoothingLabState& state);

// H(p) and KL(p‖q) stacked beside H(p, q): the stack's height equals the single bar's.
plot::Figure smoothing_decomposition_figure(const SmoothingLabState& state);

// Distillation: the teacher's softmax at T = 1, its soft targets at T, the student's softmax
// at T, grouped per class.
plot::Figure distillation_targets_figure(const SmoothingLabState& state);

// Each class's soft-target probability softmax(t / T) against T (log axis): flattening.
plot::Figure distillation_flattening_figure(const SmoothingLabState& state);

// The student's loss against T: T² KL (Hinton) and the unscaled KL (T² CE = T² KL plus
// T² H(soft targets), which grows like T² log K, is printed by the panel instead).
plot::Figure distillation_loss_figure(const SmoothingLabState& state);

// The lab's parameters, in panel order (its row of the lab table, model/labs/labs.cpp).
std::span<const ParamBinding> smoothing_lab_params();

// The lab's exportable figures, in panel order.
std::span<const FigureInfo> smoothing_lab_figures();
// ---------------------------------------------------------------- Smoothing and calibration
// Müller et al. (2019) on the calibration lab's default synthetic classifier (2000 examples,
// 10 classes, separation 2, seed 1, labels drawn from the true probabilities): a model that
// fits every training example (free logits per example, from the calibrated log p_true, 100
// gradient steps of rate 1) trained towards targets smoothed with eps
// (losslab/smoothing_calibration.hpp), scored against fresh labels.

// The SmoothedFitResult for `eps` (clamped to [0, 0.99]) on that data; the grid of
// smoothing_eps_grid() is computed once and kept.
SmoothedFitResult smoothing_calibration_fit(double eps);

// 0, 0.05, ..., 0.9: the eps of the curves against eps.
std::vector<double> smoothing_eps_grid();

// "smoothing-calibration-reliability": the reliability diagram after training towards the
// lab's eps, with the ECE of one-hot training for comparison in a note.
plot::Figure smoothing_calibration_reliability_figure(const SmoothingLabState& state);

// "smoothing-calibration-vs-eps": ECE, mean confidence and accuracy against eps, the lab's eps
// marked.
plot::Figure smoothing_calibration_vs_eps_figure(const SmoothingLabState& state);

// "smoothing-calibration-teacher": what the trained model would teach a student about the
// wrong classes, the mean KL from the true to its wrong-class distribution, against eps.
plot::Figure smoothing_teacher_information_figure(const SmoothingLabState& state);

} // namespace losslab::model
