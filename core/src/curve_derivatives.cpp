#include "losslab/curve_derivatives.hpp"

#include "losslab/binary_losses.hpp"

#include <cmath>
#include <limits>

namespace losslab {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// -a/x + b/(1-x) for non-negative a, b, skipping zero coefficients so that 0/0 at an end of
// [0, 1] does not turn a finite derivative into NaN. Where both terms are singular the
// function is +inf on both sides of the sum's limit; the sign follows the dominant end.
double two_term_grad(double a, double b, double x) {
    double g = 0.0;
    if (a != 0.0) g -= a / x;
    if (b != 0.0) g += b / (1.0 - x);
    if (std::isnan(g)) return x == 0.0 ? -kInf : kInf;
    return g;
}
} // namespace

double cross_entropy_pt_grad(double p_t) {
    return -1.0 / p_t;
}

double focal_loss_prob_grad(double p, double y, const FocalParams& params) {
    if (std::isnan(p) || std::isnan(y)) return kNaN;
    const double alpha = params.alpha, gamma = params.gamma;
    // y = 1: p_t = p and alpha_t = alpha (negative: no weighting), which is focal_loss_pt.
    if (y == 1.0) return focal_loss_pt_grad(p, gamma, alpha);
    if (y == 0.0) {
        // p_t = 1 - p; written in p so that small p keeps its digits:
        // d/dp [p^g (-log1p(-p))] = p^g [g (-log1p(-p))/p + 1/(1-p)], both terms >= 0.
        const double at = alpha < 0.0 ? 1.0 : 1.0 - alpha;
        if (gamma == 0.0) return at / (1.0 - p);
        if (p == 0.0) return gamma == 1.0 ? at : 0.0 * at;
        const double ce = -std::log1p(-p);
        return at * std::pow(p, gamma) * (gamma * ce / p + 1.0 / (1.0 - p));
    }
    // Soft target: m = 1 - p_t >= min(y, 1-y) > 0, so m^(gamma-1) is finite.
    const double at = alpha < 0.0 ? 1.0 : alpha * y + (1.0 - alpha) * (1.0 - y);
    const double m = (1.0 - y) * p + y * (1.0 - p);
    const double ce = bce_prob_exact(p, y);
    const double dce = bce_prob_grad_exact(p, y);
    if (std::isinf(ce)) return at * dce;
    if (gamma == 0.0) return at * dce;
    return at *
           (gamma * std::pow(m, gamma - 1.0) * (1.0 - 2.0 * y) * ce + std::pow(m, gamma) * dce);
}

double balanced_bce_prob_grad(double p, double y, double alpha) {
    const double alpha_t = alpha * y + (1.0 - alpha) * (1.0 - y);
    return alpha_t * bce_prob_grad_exact(p, y);
}

Result<double> smoothed_loss_vs_pt_grad(const SmoothingSpec& spec, double p_t) {
    auto lv = smoothing_levels(spec);
    if (!lv) return lv.error();
    // The same domain check as the loss itself, so value and derivative refuse alike.
    if (auto v = smoothed_ce_vs_pt(spec, p_t); !v) return v.error();
    const SmoothingLevels l = lv.value();
    const double rest = double(l.others) * l.other_mass;
    return two_term_grad(l.true_mass, rest, p_t);
}

double binary_kl_grad(double p, double q) {
    if (std::isnan(p) || std::isnan(q)) return kNaN;
    return two_term_grad(p, 1.0 - p, q);
}

} // namespace losslab
