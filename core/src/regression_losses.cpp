#include "losslab/regression_losses.hpp"
#include "losslab/number_text.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

namespace losslab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Shortest round-trip spelling of a double, for error messages.
constexpr auto num = shortest_number_text; // error-message numbers

// torch's sgn: -1, 0 or +1 (NaN stays NaN).
double sign_of(double d) {
    if (std::isnan(d)) return d;
    return d > 0.0 ? 1.0 : (d < 0.0 ? -1.0 : 0.0);
}

Status check_pair(const char* what, std::span<const double> input,
                  std::span<const double> target) {
    if (input.empty())
        return make_error(std::string(what) + " input", "at least one element", "0 elements");
    if (target.size() != input.size())
        return make_error(std::string(what) + " target",
                          "as many elements as input (" + std::to_string(input.size()) + ")",
                          std::to_string(target.size()));
    return Ok{};
}

template <class F>
Result<ReducedLoss> map_reduce(const char* what, std::span<const double> input,
                               std::span<const double> target, Reduction reduction, F&& f) {
    if (auto s = check_pair(what, input, target); !s) return s.error();
    std::vector<double> per(input.size());
    for (size_t i = 0; i < input.size(); ++i) per[i] = f(input[i], target[i]);
    return reduce(per, reduction);
}

} // namespace

Status validate(const SmoothL1Params& p) {
    if (!(p.beta >= 0.0)) return make_error("smooth_l1_loss beta", ">= 0", num(p.beta));
    return Ok{};
}

Status validate(const HuberParams& p) {
    if (!(p.delta > 0.0)) return make_error("huber_loss delta", "> 0", num(p.delta));
    return Ok{};
}

Status validate(const GaussianNllParams& p) {
    if (!(p.eps >= 0.0)) return make_error("gaussian_nll_loss eps", ">= 0", num(p.eps));
    return Ok{};
}

double l1_loss(double input, double target) { return std::fabs(input - target); }
double l1_loss_grad(double input, double target) { return sign_of(input - target); }

double mse_loss(double input, double target) {
    const double d = input - target;
    return d * d;
}
double mse_loss_grad(double input, double target) { return 2.0 * (input - target); }

double smooth_l1_loss(double input, double target, SmoothL1Params p) {
    if (!(p.beta >= 0.0)) return kNaN;
    const double z = std::fabs(input - target);
    if (p.beta == 0.0) return z;
    // Same operation order as torch's kernel, so results are bit-identical.
    return z < p.beta ? 0.5 * z * z / p.beta : z - 0.5 * p.beta;
}

double smooth_l1_loss_grad(double input, double target, SmoothL1Params p) {
    if (!(p.beta >= 0.0)) return kNaN;
    const double x = input - target;
    // torch's backward has no beta = 0 branch: at input == target it returns -1 (x <= -0).
    if (x <= -p.beta) return -1.0;
    if (x >= p.beta) return 1.0;
    return x / p.beta;
}

double huber_loss(double input, double target, HuberParams p) {
    if (!(p.delta > 0.0)) return kNaN;
    const double z = std::fabs(input - target);
    return z < p.delta ? 0.5 * z * z : p.delta * (z - 0.5 * p.delta);
}

double huber_loss_grad(double input, double target, HuberParams p) {
    if (!(p.delta > 0.0)) return kNaN;
    const double x = input - target;
    if (x <= -p.delta) return -p.delta;
    if (x >= p.delta) return p.delta;
    return x;
}

double poisson_nll_loss(double input, double target, PoissonNllParams p) {
    double loss = p.log_input ? std::exp(input) - target * input
                              : input - target * std::log(input + p.eps);
    // torch masks the Stirling term with target <= 1 (it is poor there and log(0!) = 0).
    if (p.full && target > 1.0)
        loss += target * std::log(target) - target +
                0.5 * std::log(2.0 * std::numbers::pi * target);
    return loss;
}

double poisson_nll_loss_grad(double input, double target, PoissonNllParams p) {
    return p.log_input ? std::exp(input) - target : 1.0 - target / (input + p.eps);
}

double gaussian_nll_loss(double input, double target, double var, GaussianNllParams p) {
    if (!(var >= 0.0)) return kNaN;
    const double v = var < p.eps ? p.eps : var;
    const double d = input - target;
    double loss = 0.5 * (std::log(v) + d * d / v);
    if (p.full) loss += 0.5 * std::log(2.0 * std::numbers::pi);
    return loss;
}

double gaussian_nll_loss_grad(double input, double target, double var, GaussianNllParams p) {
    if (!(var >= 0.0)) return kNaN;
    const double v = var < p.eps ? p.eps : var;
    return (input - target) / v;
}

Result<ReducedLoss> l1_loss_batch(std::span<const double> input, std::span<const double> target,
                                  Reduction reduction) {
    return map_reduce("l1_loss", input, target, reduction,
                      [](double x, double y) { return l1_loss(x, y); });
}

Result<ReducedLoss> mse_loss_batch(std::span<const double> input, std::span<const double> target,
                                   Reduction reduction) {
    return map_reduce("mse_loss", input, target, reduction,
                      [](double x, double y) { return mse_loss(x, y); });
}

Result<ReducedLoss> smooth_l1_loss_batch(std::span<const double> input,
                                         std::span<const double> target, SmoothL1Params params,
                                         Reduction reduction) {
    if (auto s = validate(params); !s) return s.error();
    return map_reduce("smooth_l1_loss", input, target, reduction,
                      [&](double x, double y) { return smooth_l1_loss(x, y, params); });
}

Result<ReducedLoss> huber_loss_batch(std::span<const double> input, std::span<const double> target,
                                     HuberParams params, Reduction reduction) {
    if (auto s = validate(params); !s) return s.error();
    return map_reduce("huber_loss", input, target, reduction,
                      [&](double x, double y) { return huber_loss(x, y, params); });
}

Result<ReducedLoss> poisson_nll_loss_batch(std::span<const double> input,
                                           std::span<const double> target,
                                           PoissonNllParams params, Reduction reduction) {
    return map_reduce("poisson_nll_loss", input, target, reduction,
                      [&](double x, double y) { return poisson_nll_loss(x, y, params); });
}

Result<ReducedLoss> gaussian_nll_loss_batch(std::span<const double> input,
                                            std::span<const double> target,
                                            std::span<const double> var,
                                            GaussianNllParams params, Reduction reduction) {
    if (auto s = validate(params); !s) return s.error();
    if (auto s = check_pair("gaussian_nll_loss", input, target); !s) return s.error();
    if (var.size() != input.size() && var.size() != 1)
        return make_error("gaussian_nll_loss var",
                          "1 or " + std::to_string(input.size()) + " elements",
                          std::to_string(var.size()));
    for (double v : var)
        if (!(v >= 0.0)) return make_error("gaussian_nll_loss var", "entries >= 0", num(v));
    std::vector<double> per(input.size());
    for (size_t i = 0; i < input.size(); ++i)
        per[i] = gaussian_nll_loss(input[i], target[i], var[var.size() == 1 ? 0 : i], params);
    return reduce(per, reduction);
}

} // namespace losslab
