#pragma once
// Focal loss and cross-entropy as functions of p_t, the probability the model gives to the
// true class. Source: Lin et al., "Focal Loss for Dense Object Detection" (2017), eq. 4-5.

namespace losslab {

// -log(p_t): cross-entropy (= NLL) of the true class. Domain p_t in [0, 1]; +inf at p_t = 0
// (the mathematical limit, no clamp). PyTorch: F.nll_loss(log(p), y) for one example.
double cross_entropy_pt(double p_t);

// -alpha_t (1 - p_t)^gamma log(p_t): focal loss. gamma >= 0; alpha_t < 0 means "no alpha
// weighting" (factor 1), as in torchvision.ops.sigmoid_focal_loss. +inf at p_t = 0 for
// alpha_t != 0. gamma = 0 and alpha_t < 0 give cross_entropy_pt exactly.
double focal_loss_pt(double p_t, double gamma, double alpha_t = -1.0);

} // namespace losslab
