#include "losslab/regression_losses.hpp"
#include "losslab/number_text.hpp"


#include "wide_math.hpp"

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
    // In long double and rounded once: torch's 0.5 * z * z / beta rounds twice, which in the
    // subnormal range (z = 1e-160, beta = 1e-3) is 11 ulp off.
    using wide::Wide;
    const Wide wz = z, b = p.beta;
    return double(z < p.beta ? wz * wz / (2.0L * b) : wz - 0.5L * b);
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
    using wide::Wide;
    const Wide wz = z, d = p.delta;
    return double(z < p.delta ? 0.5L * wz * wz : d * (wz - 0.5L * d));
}

double huber_loss_grad(double input, double target, HuberParams p) {
    if (!(p.delta > 0.0)) return kNaN;
    const double x = input - target;
    if (x <= -p.delta) return -p.delta;
    if (x >= p.delta) return p.delta;
    return x;
}

double poisson_nll_loss(double input, double target, PoissonNllParams p) {
    using wide::Quad;
    using wide::Wide;
    const Wide k = target;
    // torch masks the Stirling term with target <= 1 (it is poor there and log(0!) = 0).
    const bool stirling = p.full && target > 1.0;
    if (p.log_input) {
        if (!stirling) {
            // e^x - k x: both forms overflow to +inf only when e^x does. For k > e it has two
            // roots, next to which the binary128 evaluation takes over.
            const Wide e = std::exp(Wide(input));
            if (std::isinf(e)) return input > 0.0 ? HUGE_VAL : double(-k * Wide(input));
            const Wide v = e - k * Wide(input);
            if (!wide::near_root(v, e)) return double(v);
            return double(expq(Quad(input)) - Quad(target) * Quad(input));
        }
        // e^x - k x + k log k - k = k (e^u - 1 - u), u = x - log k: non-negative, so adding the
        // positive 1/2 log(2 pi k) cannot cancel.
        const Wide u = wide::x_minus_log(input, target);
        return double(k * wide::expm1mx(u) + 0.5L * std::log(2.0L * std::numbers::pi_v<Wide> * k));
    }
    const Wide xe = Wide(input) + Wide(p.eps);
    if (!stirling) {
        // x - k log(x + eps): a root where x = k log(x + eps) (k > e), handled as above.
        const Wide v = Wide(input) - k * std::log(xe);
        if (!wide::near_root(v, Wide(input))) return double(v);
        return double(Quad(input) - Quad(target) * logq(Quad(input) + Quad(p.eps)));
    }
    // x - k log(x + eps) + k log k - k + 1/2 log(2 pi k)
    //   = k (w - log1p(w)) - eps + 1/2 log(2 pi k), w = (x + eps - k) / k.
    const Wide w = ((Wide(input) - k) + Wide(p.eps)) / k;
    return double(k * wide::u_minus_log1p(w, xe / k) - Wide(p.eps) +
                  0.5L * std::log(2.0L * std::numbers::pi_v<Wide> * k));
}

double poisson_nll_loss_grad(double input, double target, PoissonNllParams p) {
    using wide::Wide;
    const Wide k = target;
    if (p.log_input) {
        // e^x - k = k expm1(x - log k): no cancellation near e^x = k.
        if (target <= 0.0) return double(std::exp(Wide(input)) - k);
        return double(k * std::expm1(wide::x_minus_log(input, target)));
    }
    // 1 - k/(x + eps) = (x + eps - k) / (x + eps).
    const Wide xe = Wide(input) + Wide(p.eps);
    return double(((Wide(input) - k) + Wide(p.eps)) / xe);
}

double gaussian_nll_loss(double input, double target, double var, GaussianNllParams p) {
    if (!(var >= 0.0)) return kNaN;
    using wide::Wide;
    const Wide v = var < p.eps ? p.eps : var;
    const Wide d = Wide(input) - Wide(target);
    // (log v [+ log 2 pi] + r^2 / v) / 2 has a root where r^2 / v = -log v [- log 2 pi]
    // (v < 1); next to it the binary128 evaluation keeps the digits of the difference.
    const Wide c = std::log(v) + (p.full ? std::log(2.0L * std::numbers::pi_v<Wide>) : 0.0L);
    const Wide q = d * d / v;
    const Wide loss = 0.5L * (c + q);
    if (!wide::near_root(loss, c)) return double(loss);
    using wide::Quad;
    const Quad qv = Quad(double(v)), qd = Quad(input) - Quad(target);
    const Quad qc = logq(qv) + (p.full ? logq(2 * acosq(Quad(-1))) : Quad(0));
    return double(Quad(0.5) * (qc + qd * qd / qv));
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
