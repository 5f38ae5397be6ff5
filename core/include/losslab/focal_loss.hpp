#pragma once
// Focal loss (Lin et al., "Focal Loss for Dense Object Detection", 2017, eq. 4-5) and
// cross-entropy as functions of p_t, of a probability, and of a logit, with torchvision's
// sigmoid_focal_loss semantics; closed-form gradients; a batched version with a reduction.
// Accuracy: 1 - p_t is never formed as a subtraction from a rounded p; at large |z| it is
// sigmoid of the signed logit, so tiny losses (z = +40, y = 1) keep all their digits.

#include "losslab/reduction.hpp"

#include <span>

namespace losslab {

// Parameters of the focal loss.
struct FocalParams {
    // Weight of the positive class; alpha_t = alpha y + (1-alpha)(1-y). A negative alpha
    // disables the weighting (factor 1), as torchvision's alpha=-1. Default 0.25.
    double alpha = 0.25;
    // Focusing exponent gamma >= 0 on (1 - p_t); 0 gives alpha-balanced cross-entropy.
    // Default 2.
    double gamma = 2.0;
};

// -log(p_t): cross-entropy (= NLL) of the true class. Domain p_t in [0, 1]; +inf at p_t = 0
// (the mathematical limit, no clamp). PyTorch: F.nll_loss(log(p), y) for one example.
double cross_entropy_pt(double p_t);

// -alpha_t (1 - p_t)^gamma log(p_t): focal loss. gamma >= 0; alpha_t < 0 means "no alpha
// weighting" (factor 1), as in torchvision.ops.sigmoid_focal_loss. +inf at p_t = 0 for
// alpha_t != 0. gamma = 0 and alpha_t < 0 give cross_entropy_pt exactly.
double focal_loss_pt(double p_t, double gamma, double alpha_t = -1.0);

// d/dp_t of focal_loss_pt: alpha_t (1-p_t)^gamma [gamma log(p_t)/(1-p_t) - 1/p_t]
// (<= 0). -inf at p_t = 0; at p_t = 1 it is 0 for gamma > 1, -alpha_t (gamma + 1) for
// gamma = 1 and -alpha_t for gamma = 0.
double focal_loss_pt_grad(double p_t, double gamma, double alpha_t = -1.0);

// Focal loss of a logit z with target y in [0, 1] (soft allowed), exactly
// torchvision.ops.sigmoid_focal_loss: ce = BCEWithLogits(z, y), 1 - p_t = (1-y) sigmoid(z) +
// y sigmoid(-z), loss = alpha_t (1 - p_t)^gamma ce. Accurate at any finite z (z = +40, y = 1
// gives ~alpha e^{-40 (gamma+1)}, where torchvision returns 0).
double focal_loss_logit(double z, double y, const FocalParams& params = {});

// d/dz of focal_loss_logit in closed form (torchvision's autograd gradient):
// alpha_t [gamma (1-p_t)^{gamma-1} (1-2y) sigmoid(z) sigmoid(-z) ce + (1-p_t)^gamma ce'],
// ce' = (1-y) sigmoid(z) - y sigmoid(-z). For y in {0, 1} it is a product of non-negative
// factors, e.g. y = 1: -alpha sigmoid(-z)^gamma [gamma sigmoid(z) ce + sigmoid(-z)].
double focal_loss_logit_grad(double z, double y, const FocalParams& params = {});

// Focal loss of a probability p of the positive class with target y in [0, 1]:
// alpha_t (1-p_t)^gamma bce_prob_exact(p, y), 1 - p_t = p (1-y) + (1-p) y, no clamp
// (+inf at p = 0, y > 0). The probability form of torchvision's loss.
double focal_loss_prob(double p, double y, const FocalParams& params = {});

// focal_loss_logit over a batch (z and y of equal size) reduced as torchvision's
// `reduction` ("none", "sum", "mean"; mean of an empty batch is NaN).
ReducedLoss focal_loss_logit(std::span<const double> z, std::span<const double> y,
                             const FocalParams& params = {},
                             Reduction reduction = Reduction::Mean);

// Per-element d/dz of the reduced batched focal loss (divided by n for Mean) into `out`.
void focal_loss_logit_grad(std::span<const double> z, std::span<const double> y,
                           std::span<double> out, const FocalParams& params = {},
                           Reduction reduction = Reduction::Mean);

} // namespace losslab
