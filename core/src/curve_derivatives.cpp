#include "losslab/curve_derivatives.hpp"

#include "losslab/binary_losses.hpp"
#include "smoothing_wide.hpp"

#include <cmath>
#include <limits>

namespace losslab {

namespace {
using wide::Wide;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

double cross_entropy_pt_grad(double p_t) {
    return -1.0 / p_t;
}

// focal_loss_prob_grad lives in focal_loss.cpp next to the value it differentiates.

double balanced_bce_prob_grad(double p, double y, double alpha) {
    const double alpha_t = alpha * y + (1.0 - alpha) * (1.0 - y);
    // A zero weight makes the loss 0 everywhere, so its derivative is 0 (also at p = 0, 1).
    if (alpha_t == 0.0 && !std::isnan(p)) return 0.0;
    if (std::isnan(p) || std::isnan(y)) return p + y;
    // alpha_t and (p - y) / (p (1 - p)) in long double, one rounding.
    const Wide wa = Wide(alpha) * Wide(y) + (1.0L - Wide(alpha)) * (1.0L - Wide(y));
    if (y == 1.0) return double(-wa / Wide(p));
    if (y == 0.0) return double(wa / (1.0L - Wide(p)));
    return double(wa * (Wide(p) - Wide(y)) / (Wide(p) * (1.0L - Wide(p))));
}

Result<double> smoothed_loss_vs_pt_grad(const SmoothingSpec& spec, double p_t) {
    auto lv = smoothing_levels(spec);
    if (!lv) return lv.error();
    // The same domain check as the loss itself, so value and derivative refuse alike.
    if (auto v = smoothed_ce_vs_pt(spec, p_t); !v) return v.error();
    const SmoothingLevels l = lv.value();
    // -t/p + r/(1-p) = (p - t) / (p (1 - p)), with p - t from the exact target (no cancellation
    // at the minimum p = t) and the one-sided forms where t or r = 1 - t is 0.
    const WideTarget w = wide_target(spec);
    const Wide p = p_t;
    if (l.true_mass == 0.0) return double(w.r / (1.0L - p));
    if (l.others == 0 || l.other_mass == 0.0) return double(-w.t / p);
    return double(wide_p_minus_t(spec, p_t) / (p * (1.0L - p)));
}

double binary_kl_grad(double p, double q) {
    if (std::isnan(p) || std::isnan(q)) return kNaN;
    // -p/q + (1-p)/(1-q) = (q - p) / (q (1 - q)).
    if (p == 0.0) return double(1.0L / (1.0L - Wide(q)));
    if (p == 1.0) return -1.0 / q;
    return double((Wide(q) - Wide(p)) / (Wide(q) * (1.0L - Wide(q))));
}

} // namespace losslab
