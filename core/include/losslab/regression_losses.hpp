#pragma once
// Regression losses of PyTorch 1.13 (torch.nn.functional): L1, MSE, SmoothL1, Huber, Poisson
// NLL and Gaussian NLL, in double precision. For each loss there is
//   <name>(input, target, ...)          the per-element loss (never throws, NaN on bad params),
//   <name>_grad(input, target, ...)     its closed-form derivative with respect to `input`,
//   <name>_batch(inputs, targets, ...)  the batched loss with a Reduction, validated.
// The per-element formulas follow PyTorch's CPU kernels term by term, so values agree with
// torch to a few ulp. At a kink the derivative takes the value PyTorch's backward gives.
//
// Batched functions return an Error (never throw) when the spans differ in length, when the
// batch is empty (PyTorch would return NaN for 'mean' and 0 for 'sum'; LossLab refuses) or
// when a parameter is one PyTorch refuses (negative beta, non-positive delta, negative var).

#include "losslab/reduction.hpp"
#include "losslab/result.hpp"

#include <span>

namespace losslab {

// Parameters of smooth_l1_loss (torch.nn.SmoothL1Loss).
struct SmoothL1Params {
    // Width of the quadratic zone; default 1.0. beta = 0 is exactly L1; beta < 0 is refused.
    double beta = 1.0;
};

// Parameters of huber_loss (torch.nn.HuberLoss).
struct HuberParams {
    // Where the quadratic turns linear; default 1.0. Must be > 0 (as PyTorch requires).
    double delta = 1.0;
};

// Parameters of poisson_nll_loss (torch.nn.PoissonNLLLoss).
struct PoissonNllParams {
    // Default true: `input` is log(rate) and the loss is exp(input) - target * input.
    // false: `input` is the rate and the loss is input - target * log(input + eps).
    bool log_input = true;
    // Default false. true adds Stirling's approximation of log(target!),
    // target log(target) - target + 0.5 log(2 pi target), only where target > 1 (as PyTorch).
    bool full = false;
    // Default 1e-8: added to the rate inside the log when log_input is false.
    double eps = 1e-8;
};

// Parameters of gaussian_nll_loss (torch.nn.GaussianNLLLoss).
struct GaussianNllParams {
    // Default false. true adds the constant 0.5 log(2 pi).
    bool full = false;
    // Default 1e-6: the variance is clamped to at least eps (no gradient flows through it).
    double eps = 1e-6;
};

// |input - target|. PyTorch: F.l1_loss(reduction='none').
double l1_loss(double input, double target);
// d/d input of l1_loss: sign(input - target), 0 where they are equal (torch's sgn).
double l1_loss_grad(double input, double target);

// (input - target)^2. PyTorch: F.mse_loss(reduction='none').
double mse_loss(double input, double target);
// d/d input of mse_loss: 2 (input - target).
double mse_loss_grad(double input, double target);

// With z = |input - target|: 0.5 z^2 / beta if z < beta, else z - 0.5 beta; beta = 0 gives z.
// NaN for beta < 0. PyTorch: F.smooth_l1_loss(reduction='none', beta=beta).
double smooth_l1_loss(double input, double target, SmoothL1Params params = {});
// d/d input of smooth_l1_loss: (input - target) / beta inside the quadratic zone, the sign
// outside (+-1 on the boundary). At beta = 0 the sign, except -1 at input == target, which is
// what torch's backward returns there. NaN for beta < 0.
double smooth_l1_loss_grad(double input, double target, SmoothL1Params params = {});

// With z = |input - target|: 0.5 z^2 if z < delta, else delta (z - 0.5 delta). Equals
// delta * smooth_l1_loss(beta = delta). NaN for delta <= 0. PyTorch: F.huber_loss.
double huber_loss(double input, double target, HuberParams params = {});
// d/d input of huber_loss: input - target clipped to [-delta, delta]. NaN for delta <= 0.
double huber_loss_grad(double input, double target, HuberParams params = {});

// Negative log-likelihood of count `target` under Poisson(rate), up to log(target!) unless
// params.full: exp(input) - target input (log_input) or input - target log(input + eps).
// Domain: any input with log_input; input + eps > 0 otherwise (NaN / inf like torch outside).
// PyTorch: F.poisson_nll_loss(reduction='none').
double poisson_nll_loss(double input, double target, PoissonNllParams params = {});
// d/d input of poisson_nll_loss: exp(input) - target, or 1 - target / (input + eps).
double poisson_nll_loss_grad(double input, double target, PoissonNllParams params = {});

// Negative log-likelihood of `target` under Normal(input, var), with var clamped to >= eps:
// 0.5 (log v + (input - target)^2 / v) [+ 0.5 log(2 pi) when full]. NaN for var < 0.
// PyTorch: F.gaussian_nll_loss(reduction='none').
double gaussian_nll_loss(double input, double target, double var, GaussianNllParams params = {});
// d/d input of gaussian_nll_loss: (input - target) / max(var, eps). NaN for var < 0.
double gaussian_nll_loss_grad(double input, double target, double var,
                              GaussianNllParams params = {});

// Batched L1 over equal-length spans, reduced by `reduction`. PyTorch: F.l1_loss.
Result<ReducedLoss> l1_loss_batch(std::span<const double> input, std::span<const double> target,
                                  Reduction reduction = Reduction::Mean);
// Batched MSE. PyTorch: F.mse_loss.
Result<ReducedLoss> mse_loss_batch(std::span<const double> input, std::span<const double> target,
                                   Reduction reduction = Reduction::Mean);
// Batched SmoothL1; refuses beta < 0. PyTorch: F.smooth_l1_loss.
Result<ReducedLoss> smooth_l1_loss_batch(std::span<const double> input,
                                         std::span<const double> target,
                                         SmoothL1Params params = {},
                                         Reduction reduction = Reduction::Mean);
// Batched Huber; refuses delta <= 0. PyTorch: F.huber_loss.
Result<ReducedLoss> huber_loss_batch(std::span<const double> input, std::span<const double> target,
                                     HuberParams params = {},
                                     Reduction reduction = Reduction::Mean);
// Batched Poisson NLL. PyTorch: F.poisson_nll_loss.
Result<ReducedLoss> poisson_nll_loss_batch(std::span<const double> input,
                                           std::span<const double> target,
                                           PoissonNllParams params = {},
                                           Reduction reduction = Reduction::Mean);
// Batched Gaussian NLL with one variance per element (heteroscedastic) or a single variance
// for all (var.size() == 1, homoscedastic); refuses a negative variance and eps < 0.
// PyTorch: F.gaussian_nll_loss.
Result<ReducedLoss> gaussian_nll_loss_batch(std::span<const double> input,
                                            std::span<const double> target,
                                            std::span<const double> var,
                                            GaussianNllParams params = {},
                                            Reduction reduction = Reduction::Mean);

// Checks a parameter struct the way the batched function does (for sliders and the CLI).
Status validate(const SmoothL1Params& params);
Status validate(const HuberParams& params);
Status validate(const GaussianNllParams& params);

} // namespace losslab
