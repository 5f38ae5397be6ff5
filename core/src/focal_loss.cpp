#include "losslab/focal_loss.hpp"

#include "losslab/assert.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/curve_derivatives.hpp"
#include "simd_kernels.hpp"
#include "wide_math.hpp"

#include <cmath>

namespace losslab {

namespace {
// -log(p) with full relative accuracy near p = 1, where p - 1 is exact (Sterbenz) and
// log1p keeps the digits that log(p) would cancel.
double neg_log(double p) { return p > 0.5 ? -std::log1p(p - 1.0) : -std::log(p); }

// m^gamma with the common exponents done by multiplication (exact powers, no pow call).
inline double focal_power(double m, double gamma) {
    if (gamma == 2.0) return m * m;
    if (gamma == 1.0) return m;
    if (gamma == 0.0) return 1.0;
    return std::pow(m, gamma);
}

inline double alpha_weight(double alpha, double y) {
    if (alpha < 0.0) return 1.0;
    if (y == 1.0) return alpha;
    if (y == 0.0) return 1.0 - alpha;
    return alpha * y + (1.0 - alpha) * (1.0 - y);
}

// The logit paths run in long double (64-bit significand on x86-64) and round once at the
// end: (1 - p_t)^gamma multiplies the relative error of sigmoid by gamma, 1 - y is inexact for
// soft targets, and the soft-target gradient's two terms can cancel. Eleven extra bits absorb
// all three, which keeps every result within a few ulp of the exact value.
using Wide = long double;
using wide::Quad;

// sigmoid(+-z) and softplus(+-z) from one exp and one log1p of -|z|.
struct LogitParts {
    Wide sig_pos, sig_neg; // sigmoid(z), sigmoid(-z)
    Wide sp_pos, sp_neg;   // softplus(z), softplus(-z)
};

inline LogitParts logit_parts(Wide z) {
    const Wide a = std::fabs(z);
    const Wide e = std::exp(-a);
    const Wide d = 1.0L + e;
    const Wide big = 1.0L / d, small = e / d;
    const Wide l = std::log1p(e);
    if (z >= 0.0L) return {big, small, a + l, l};
    return {small, big, l, a + l};
}

inline Wide wide_power(Wide m, double gamma) {
    if (gamma == 2.0) return m * m;
    if (gamma == 1.0) return m;
    if (gamma == 0.0) return 1.0L;
    return std::pow(m, Wide(gamma));
}

inline Wide wide_alpha(double alpha, Wide y) {
    if (alpha < 0.0) return 1.0L;
    return Wide(alpha) * y + (1.0L - Wide(alpha)) * (1.0L - y);
}

// a x + b y for non-negative coefficients, skipping zero coefficients (so that 0 * inf at
// an infinite logit does not poison the limit).
template <class T> inline T mix(T a, T x, T b, T y) {
    if (a == 0) return b * y;
    if (b == 0) return a * x;
    return a * x + b * y;
}

inline double focal_logit_core(double zd, double yd, double alpha, double gamma) {
    const Wide y = yd;
    const LogitParts t = logit_parts(zd);
    const Wide m = mix(1.0L - y, t.sig_pos, y, t.sig_neg);
    const Wide ce = mix(1.0L - y, t.sp_pos, y, t.sp_neg);
    return double(wide_alpha(alpha, y) * (ce * wide_power(m, gamma)));
}

inline double focal_logit_grad_core(double zd, double yd, double alpha, double gamma) {
    const Wide y = yd, g = gamma;
    const LogitParts t = logit_parts(zd);
    const Wide at = wide_alpha(alpha, y);
    // Hard targets: every factor non-negative, no cancellation at any z.
    if (yd == 1.0)
        return double(-at * wide_power(t.sig_neg, gamma) * (g * t.sig_pos * t.sp_neg + t.sig_neg));
    if (yd == 0.0)
        return double(at * wide_power(t.sig_pos, gamma) * (g * t.sig_neg * t.sp_pos + t.sig_pos));
    const Wide m = mix(1.0L - y, t.sig_pos, y, t.sig_neg);
    const Wide ce = mix(1.0L - y, t.sp_pos, y, t.sp_neg);
    const Wide dce = (1.0L - y) * t.sig_pos - y * t.sig_neg;
    if (m == 0.0L) return double(at * wide_power(m, gamma) * dce);
    const Wide dm = (1.0L - 2.0L * y) * t.sig_pos * t.sig_neg;
    const Wide bracket = gamma == 0.0 ? dce : g * dm * ce / m + dce;
    // The bracket's terms cancel at the loss's minimum; next to it, binary128.
    const Wide scale = gamma == 0.0 ? (1.0L - y) * t.sig_pos : dce;
    if (!wide::near_root(bracket, scale)) return double(at * wide_power(m, gamma) * bracket);
    const Quad qz = zd, qy = yd, qg = gamma;
    const Quad e = expq(-fabsq(qz)), l = log1pq(e);
    const Quad big = 1 / (1 + e), small = e / (1 + e);
    const Quad sp = zd >= 0 ? big : small, sn = zd >= 0 ? small : big;
    const Quad cp = zd >= 0 ? fabsq(qz) + l : l, cn = zd >= 0 ? l : fabsq(qz) + l;
    const Quad qm = (1 - qy) * sp + qy * sn, qce = (1 - qy) * cp + qy * cn;
    const Quad qdce = (1 - qy) * sp - qy * sn, qdm = (1 - 2 * qy) * sp * sn;
    return double(Quad(at) * powq(qm, qg) * (qg * qdm * qce / qm + qdce));
}

// (1 - p)^gamma for p in [0, 1]. For p < 1/2 the difference 1 - p is rounded; its exact
// residual lo = (1 - hi) - p (Fast2Sum) corrects the power to first order: (hi + lo)^gamma =
// hi^gamma (1 + gamma lo / hi).
inline double pow_one_minus(double p, double gamma) {
    const double hi = 1.0 - p;
    const double lo = (1.0 - hi) - p;
    const double base = focal_power(hi, gamma);
    if (lo == 0.0 || hi == 0.0) return base;
    return base + base * (gamma * lo / hi);
}

} // namespace

double cross_entropy_pt(double p_t) { return neg_log(p_t); }

namespace {

// -log(p) in long double, with log1p of the exact p - 1 near p = 1.
inline Wide wide_neg_log(Wide p) { return p > 0.5L ? -std::log1p(p - 1.0L) : -std::log(p); }

// -log(p) / (1 - p), the cross-entropy per unit of m = 1 - p: 1 at p = 1 (its limit), so that
// m^gamma * (this) stands for m^(gamma-1) * (-log p) without 0 * inf at m = 0.
inline Wide neg_log_over_m(Wide p) {
    const Wide m = 1.0L - p;
    return m == 0.0L ? 1.0L : wide_neg_log(p) / m;
}

// -log1p(-p) / p, the y = 0 mirror of neg_log_over_m: 1 at p = 0.
inline Wide neg_log1m_over_p(Wide p) { return p == 0.0L ? 1.0L : -std::log1p(-p) / p; }

} // namespace

double focal_loss_pt(double p_t, double gamma, double alpha_t) {
    const Wide weight = alpha_t < 0.0 ? 1.0L : Wide(alpha_t);
    // A zero weight makes the loss 0 everywhere, also at p_t = 0 where -log p_t is infinite.
    if (weight == 0.0L && !std::isnan(p_t)) return 0.0;
    // pow(0, 0) is 1 by IEEE, which is the gamma = 0 limit we want.
    const Wide p = p_t;
    return double(weight * (wide_power(1.0L - p, gamma) * wide_neg_log(p)));
}

double focal_loss_pt_grad(double p_t, double gamma, double alpha_t) {
    const Wide weight = alpha_t < 0.0 ? 1.0L : Wide(alpha_t);
    if (weight == 0.0L && !std::isnan(p_t)) return 0.0;
    const Wide p = p_t, m = 1.0L - p;
    // d/dp [m^g (-log p)] = -m^g [g (-log p)/m + 1/p]: both bracket terms >= 0.
    if (gamma == 0.0) return double(-weight / p);
    return double(-weight * wide_power(m, gamma) * (Wide(gamma) * neg_log_over_m(p) + 1.0L / p));
}

double focal_loss_logit(double z, double y, const FocalParams& params) {
    return focal_logit_core(z, y, params.alpha, params.gamma);
}

double focal_loss_logit_grad(double z, double y, const FocalParams& params) {
    return focal_logit_grad_core(z, y, params.alpha, params.gamma);
}

double focal_loss_prob(double p, double y, const FocalParams& params) {
    if (y == 1.0) return focal_loss_pt(p, params.gamma, params.alpha);
    if (std::isnan(p) || std::isnan(y)) return p + y;
    const Wide at = wide_alpha(params.alpha, y);
    if (at == 0.0L) return 0.0; // zero weight: the loss is 0 everywhere
    const Wide wp = p, wy = y;
    if (y == 0.0) return double(at * (wide_power(wp, params.gamma) * -std::log1p(-wp)));
    // Soft y: m = 1 - p_t = (1-y) p + y (1-p) >= min(y, 1-y) > 0, a sum of non-negative terms.
    const Wide m = (1.0L - wy) * wp + wy * (1.0L - wp);
    Wide ce = 0.0L;
    if (y != 0.0) ce -= wy * std::log(wp);
    ce -= (1.0L - wy) * std::log1p(-wp);
    return double(at * (ce * wide_power(m, params.gamma)));
}

double focal_loss_prob_grad(double p, double y, const FocalParams& params) {
    const double alpha = params.alpha, gamma = params.gamma;
    if (y == 1.0) return focal_loss_pt_grad(p, gamma, alpha);
    if (std::isnan(p) || std::isnan(y)) return p + y;
    const Wide at = wide_alpha(alpha, y);
    if (at == 0.0L) return 0.0;
    const Wide wp = p, wy = y, g = gamma;
    if (y == 0.0) {
        // d/dp [p^g (-log1p(-p))] = p^g [g (-log1p(-p))/p + 1/(1-p)], both terms >= 0; at p = 0
        // the bracket is g + 1 and p^g is 0 (g > 0) or 1 (g = 0).
        if (gamma == 0.0) return double(at / (1.0L - wp));
        return double(at * wide_power(wp, gamma) * (g * neg_log1m_over_p(wp) + 1.0L / (1.0L - wp)));
    }
    // Soft target: m >= min(y, 1-y) > 0 so m^(g-1) is finite; dce = (p - y) / (p (1 - p)).
    const Wide m = (1.0L - wy) * wp + wy * (1.0L - wp);
    Wide ce = -wy * std::log(wp) - (1.0L - wy) * std::log1p(-wp);
    const Wide dce = (wp - wy) / (wp * (1.0L - wp));
    if (std::isinf(ce) || gamma == 0.0) return double(at * wide_power(m, gamma) * dce);
    const Wide bracket = g * (1.0L - 2.0L * wy) * ce / m + dce;
    // The bracket's two terms cancel at the loss's minimum; next to it, binary128.
    if (!wide::near_root(bracket, dce)) return double(at * wide_power(m, gamma) * bracket);
    const Quad qp = p, qy = y, qg = gamma;
    const Quad qm = (1 - qy) * qp + qy * (1 - qp);
    const Quad qce = -qy * logq(qp) - (1 - qy) * log1pq(-qp);
    const Quad qdce = (qp - qy) / (qp * (1 - qp));
    return double(Quad(at) * powq(qm, qg) * (qg * (1 - 2 * qy) * qce / qm + qdce));
}

ReducedLoss focal_loss_logit(std::span<const double> z, std::span<const double> y,
                             const FocalParams& params, Reduction reduction) {
    LOSSLAB_ASSERT(z.size() == y.size(), "focal_loss_logit: z and y must have the same size");
    const double alpha = params.alpha, gamma = params.gamma;
    const simd::Kernels& k = simd::kernels();
    return simd::reduce_blocks(z.size(), reduction, [&](size_t b, size_t n, double* out) {
        // Targets outside [0, 1] take the scalar path, which defines them, and so do soft
        // targets for gamma > 2, where the kernel's error analysis no longer gives 4 ulp.
        if (k.focal_logits(z.data() + b, y.data() + b, alpha, gamma, out, n) == 0) return;
        for (size_t i = 0; i < n; ++i)
            if (const double t = y[b + i];
                !(t >= 0.0 && t <= 1.0) || (gamma > 2.0 && t != 0.0 && t != 1.0))
                out[i] = focal_logit_core(z[b + i], t, alpha, gamma);
    });
}

void focal_loss_logit_grad(std::span<const double> z, std::span<const double> y,
                           std::span<double> out, const FocalParams& params,
                           Reduction reduction) {
    LOSSLAB_ASSERT(z.size() == y.size() && out.size() == z.size(),
                   "focal_loss_logit_grad: z, y and out must have the same size");
    const double scale = reduction == Reduction::Mean ? 1.0 / double(z.size()) : 1.0;
    const double alpha = params.alpha, gamma = params.gamma;
    const size_t soft =
        simd::kernels().focal_logits_grad(z.data(), y.data(), alpha, gamma, out.data(), z.size());
    if (soft != 0)
        for (size_t i = 0; i < z.size(); ++i)
            if (y[i] != 0.0 && y[i] != 1.0) out[i] = focal_logit_grad_core(z[i], y[i], alpha, gamma);
    for (size_t i = 0; i < z.size(); ++i)
        out[i] *= scale;
}

} // namespace losslab
