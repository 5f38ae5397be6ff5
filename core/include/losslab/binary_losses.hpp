#pragma once
// Binary classification losses for one output: binary cross-entropy from a probability (with
// PyTorch's clamp and exactly), from a logit with weight and pos_weight, the naive float32
// path, alpha-balanced cross-entropy, the Brier score, their closed-form gradients, and the
// batched versions with a PyTorch reduction. y is the target in [0, 1] (soft targets allowed).

#include "losslab/reduction.hpp"

#include <span>

namespace losslab {

// Per-element weights of BCEWithLogits.
struct BceParams {
    // Multiplies the whole loss (PyTorch `weight`). Default 1.
    double weight = 1.0;
    // Multiplies the positive (y) term (PyTorch `pos_weight`). Default 1.
    double pos_weight = 1.0;
};

// -w [y max(log p, -100) + (1-y) max(log(1-p), -100)]: PyTorch's F.binary_cross_entropy with
// its clamp of each log at -100, so the value is at most 100 w. p, y in [0, 1]. log(1-p) is
// taken as log1p(-p) (PyTorch 1.13 rounds 1-p first and returns 0 for p < 1.1e-16, y = 0).
double bce_prob(double p, double y, double weight = 1.0);

// -[y log p + (1-y) log(1-p)] with no clamp: +inf where a term with non-zero coefficient has
// log 0 (p = 0 with y > 0, p = 1 with y < 1); 0 log 0 counts as 0.
double bce_prob_exact(double p, double y);

// w [(1-y) softplus(z) + pw y softplus(-z)], which equals PyTorch's
// (1-y) z + (1 + (pw-1) y) softplus(-z) (F.binary_cross_entropy_with_logits) but adds only
// non-negative terms, so it keeps full relative accuracy at any logit (e.g. z = -700, y = 0
// gives ~e^-700, where PyTorch returns 0). Infinite z gives the limit.
double bce_with_logits(double z, double y, const BceParams& params = {});

// d/dz of bce_with_logits: w [(1-y) sigmoid(z) - pw y sigmoid(-z)] (= sigmoid(z) - y when
// pw = 1), PyTorch's BCEWithLogits backward.
double bce_with_logits_grad(double z, double y, const BceParams& params = {});

// The naive float32 pipeline: p = 1/(1+e^-z) in float, then bce_prob's clamped formula in
// float with log(1-p) as PyTorch computes it. Shows the saturation at 100 once p rounds to
// 0 or 1 (|z| > ~17 for the wrong class) and the loss of digits before that.
float bce_naive_float32(float z, float y);

// alpha_t * bce_with_logits(z, y) with alpha_t = alpha y + (1-alpha)(1-y): the alpha-balanced
// cross-entropy of Lin et al. (2017) eq. 3; focal loss with gamma = 0. alpha in [0, 1].
double balanced_bce_with_logits(double z, double y, double alpha);

// alpha_t * bce_prob_exact(p, y), the alpha-balanced cross-entropy from a probability.
double balanced_bce_prob(double p, double y, double alpha);

// (p - y)^2: the Brier score / MSE of a probability (PyTorch: F.mse_loss(p, y)).
double brier(double p, double y);

// d/dp of brier: 2 (p - y).
double brier_grad(double p, double y);

// (sigmoid(z) - y)^2: the Brier score of a logit, with sigmoid(z) - y formed without
// cancellation for y in {0, 1}.
double brier_logit(double z, double y);

// d/dp of bce_prob as PyTorch computes it: w (p - y) / max(p (1-p), 1e-12f)
// (binary_cross_entropy_backward's float EPSILON).
double bce_prob_grad(double p, double y, double weight = 1.0);

// d/dp of bce_prob_exact: -y/p + (1-y)/(1-p), infinite where the loss is (a term with
// non-zero coefficient at p = 0 or 1).
double bce_prob_grad_exact(double p, double y);

// Batched weights for the span versions: each span is empty (all 1), of size 1 (broadcast)
// or of the batch size.
struct BceBatchWeights {
    // Per-element `weight`; default empty (1).
    std::span<const double> weight = {};
    // Per-element `pos_weight`; default empty (1).
    std::span<const double> pos_weight = {};
};

// bce_prob over a batch (p and y of equal size) reduced as PyTorch's `reduction`.
// weight: empty, size 1 or size n. Mean of an empty batch is NaN.
ReducedLoss bce_prob(std::span<const double> p, std::span<const double> y,
                     Reduction reduction = Reduction::Mean,
                     std::span<const double> weight = {});

// bce_with_logits over a batch, reduced as PyTorch's BCEWithLogitsLoss(reduction=...).
ReducedLoss bce_with_logits(std::span<const double> z, std::span<const double> y,
                            Reduction reduction = Reduction::Mean,
                            const BceBatchWeights& weights = {});

// Per-element d/dz of bce_with_logits for a batch, scaled as the gradient of the reduced loss
// (divided by n for Mean; None and Sum give the per-element gradient). Written into `out`.
void bce_with_logits_grad(std::span<const double> z, std::span<const double> y,
                          std::span<double> out, Reduction reduction = Reduction::Mean,
                          const BceBatchWeights& weights = {});

} // namespace losslab
