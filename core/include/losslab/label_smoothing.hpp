#pragma once
// Label smoothing: the three conventions found in practice, their smoothed target vectors,
// the loss as a function of p_t (the curve the app plots), its minimum (the entropy floor)
// and the finite logit gap that smoothing implies. Szegedy et al. (2016) sec. 7; Müller et
// al., "When does label smoothing help?" (2019).

#include "losslab/result.hpp"

#include <cstddef>
#include <vector>

namespace losslab {

// Where the smoothing mass eps goes.
enum class SmoothingConvention {
    // (1-eps) onehot + eps/K on every class (PyTorch's CrossEntropyLoss(label_smoothing)).
    Uniform,
    // 1-eps on the true class, eps/(K-1) on each other class.
    Others,
    // The annotated-transformer KL form: 1-eps on the true class, eps/(K-2) on each other
    // class except the padding class, which is held at 0 (K >= 3); its loss is a KL.
    KlPad,
};

// A smoothing configuration.
struct SmoothingSpec {
    // Number of classes K (>= 2; >= 3 for KlPad). Default 10.
    std::size_t num_classes = 10;
    // Smoothing mass eps in [0, 1]. Default 0.1.
    double eps = 0.1;
    // Convention. Default Uniform (PyTorch).
    SmoothingConvention convention = SmoothingConvention::Uniform;
    // The padding class of KlPad (ignored otherwise). Default 0.
    std::size_t padding_class = 0;
};

// The target's levels: mass on the true class, on each other non-padding class, and how many
// such classes there are (K-1, or K-2 for KlPad).
struct SmoothingLevels {
    // Target on the true class; default 1.
    double true_mass = 1.0;
    // Target on each other (non-padding) class; default 0.
    double other_mass = 0.0;
    // Number of other non-padding classes; default 0.
    std::size_t others = 0;
};

// Checks a spec: "`eps` requires 0 <= eps <= 1, got 1.5" and the like.
Status validate(const SmoothingSpec& spec);

// The levels of `spec` (see SmoothingLevels), or the validation error.
Result<SmoothingLevels> smoothing_levels(const SmoothingSpec& spec);

// The smoothed target vector of size K for `true_class` (which must be < K and, for KlPad,
// not the padding class). Sums to 1.
Result<std::vector<double>> smoothed_target(const SmoothingSpec& spec, std::size_t true_class);

// Cross-entropy H(target, q) when q gives p_t to the true class and spreads 1 - p_t evenly
// over the other non-padding classes: -t log p_t - (1-t) log((1-p_t)/M). p_t in [0, 1];
// +inf at p_t = 1 for eps > 0 and at p_t = 0 for t > 0. For Uniform this is PyTorch's loss.
Result<double> smoothed_ce_vs_pt(const SmoothingSpec& spec, double p_t);

// KL(target || q) for the same q: smoothed_ce_vs_pt minus the entropy floor, computed
// directly (0 at the minimum). The loss the KlPad convention reports (F.kl_div, sum).
Result<double> smoothed_kl_vs_pt(const SmoothingSpec& spec, double p_t);

// The minimum of the smoothed loss over p_t.
struct SmoothingMinimum {
    // Where it is: p_t equal to the target's true mass. Default 1.
    double p_t = 1.0;
    // The cross-entropy there: the entropy of the target (the "entropy floor"). Default 0.
    double cross_entropy = 0.0;
    // The KL there: always 0. Default 0.
    double kl = 0.0;
};

// The minimum in closed form: q equals the target, so p_t* = t and CE* = H(target).
Result<SmoothingMinimum> smoothing_minimum(const SmoothingSpec& spec);

// The logit gap z_true - z_other = log(t / o) of the optimal softmax under smoothing: finite
// for 0 < eps < 1 (unsmoothed targets push it to +inf). E.g. Uniform, K = 10, eps = 0.1:
// log(0.91 / 0.01) = 4.51.
Result<double> smoothing_logit_gap(const SmoothingSpec& spec);

} // namespace losslab
