#pragma once
// Closed-form derivatives the other core headers do not provide, for the one-variable loss
// curves that LossLab plots and `losslab curve --grad` prints: cross-entropy of p_t, focal and
// α-balanced cross-entropy of a probability, the label-smoothed loss of p_t and the binary KL
// divergence in its second argument. Each is the derivative of the named core function, with
// the same domain and the same conventions at the ends (infinite where the loss is singular).

#include "losslab/focal_loss.hpp"
#include "losslab/label_smoothing.hpp"
#include "losslab/result.hpp"

namespace losslab {

// d/dp_t of cross_entropy_pt: -1/p_t. p_t in [0, 1]; -inf at p_t = 0, -1 at p_t = 1.
// PyTorch: the gradient of F.nll_loss(log p) with respect to p_t.
double cross_entropy_pt_grad(double p_t);

// d/dp of focal_loss_prob(p, y, params) (p the probability of the positive class, y in
// [0, 1]): alpha_t [gamma m^(gamma-1) (1-2y) ce + m^gamma ce'] with m = 1 - p_t and
// ce = bce_prob_exact(p, y); for y in {0, 1} a sum of same-signed terms (no cancellation).
// Infinite where the loss is (p = 0 with y > 0, p = 1 with y < 1).
double focal_loss_prob_grad(double p, double y, const FocalParams& params = {});

// d/dp of balanced_bce_prob(p, y, alpha): alpha_t bce_prob_grad_exact(p, y) with
// alpha_t = alpha y + (1-alpha)(1-y). alpha in [0, 1].
double balanced_bce_prob_grad(double p, double y, double alpha);

// d/dp_t of smoothed_ce_vs_pt (and of smoothed_kl_vs_pt, which differs by a constant):
// -t/p_t + (1-t)/(1-p_t), t the target's true mass, zero coefficients skipped. It vanishes
// at the minimum p_t = t. Errors as smoothed_ce_vs_pt (bad spec, p_t outside [0, 1]).
Result<double> smoothed_loss_vs_pt_grad(const SmoothingSpec& spec, double p_t);

// d/dq of binary_kl(p, q) (and of binary_cross_entropy(p, q)): -p/q + (1-p)/(1-q), zero
// coefficients skipped; 0 at q = p, infinite at q in {0, 1} when the opposite mass is > 0.
double binary_kl_grad(double p, double q);

} // namespace losslab
