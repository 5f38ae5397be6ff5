#include "losslab/binary_losses.hpp"

#include "losslab/activations.hpp"
#include "losslab/assert.hpp"
#include "simd_kernels.hpp"
#include "wide_math.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace losslab {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Beyond this |logit| e^-|z| is below the smallest normal double (e^-708.4).
constexpr double kSubnormalLogit = 708.0;

// PyTorch's lower bound on each log term of binary_cross_entropy.
constexpr double kLogClamp = -100.0;
// PyTorch's floor on p (1-p) in binary_cross_entropy_backward: the float constant 1e-12f,
// promoted (9.999999960041972e-13).
constexpr double kGradEps = double(1e-12f);

// Element i of a broadcastable span: empty means `fallback`, size 1 broadcasts.
inline double at_or(std::span<const double> s, size_t i, double fallback) {
    if (s.empty()) return fallback;
    return s.size() == 1 ? s[0] : s[i];
}

void check_broadcast(std::span<const double> s, size_t n, const char* what) {
    LOSSLAB_ASSERT(s.empty() || s.size() == 1 || s.size() == n, what);
}

using wide::Wide;

// softplus(+-z) in long double from one exp and one log1p of -|z|: e^-|z| does not underflow
// before |z| ~ 11355, so results in the double subnormal range (softplus(-746) ~ 1e-324) are
// exact until the final rounding.
struct WideLogit {
    Wide sp_pos, sp_neg;
};
inline WideLogit wide_logit(double z) {
    const Wide a = std::fabs(Wide(z));
    const Wide l = std::log1p(std::exp(-a));
    if (z >= 0.0) return {a + l, l};
    return {l, a + l};
}

// (1-y) softplus(z) + pw y softplus(-z), skipping a term whose coefficient is zero so that the
// infinite-logit limits come out right (0 * inf would be NaN). One rounding to double.
inline double bce_logit_core(double z, double y, double pw) {
    const WideLogit t = wide_logit(z);
    const Wide a = 1.0L - Wide(y), b = Wide(pw) * Wide(y);
    if (a == 0.0L) return double(b * t.sp_neg);
    if (b == 0.0L) return double(a * t.sp_pos);
    return double(a * t.sp_pos + b * t.sp_neg);
}

// sigmoid(+-z) alone (the gradient needs no log1p).
struct WideSigmoid {
    Wide sig_pos, sig_neg;
};
inline WideSigmoid wide_sigmoid(double z) {
    const Wide e = std::exp(-std::fabs(Wide(z)));
    const Wide d = 1.0L + e;
    const Wide big = 1.0L / d, small = e / d;
    if (z >= 0.0) return {big, small};
    return {small, big};
}

inline double bce_logit_grad_core(double z, double y, double pw) {
    const WideSigmoid t = wide_sigmoid(z);
    const Wide a = 1.0L - Wide(y), b = Wide(pw) * Wide(y);
    if (a == 0.0L) return double(-b * t.sig_neg);
    if (b == 0.0L) return double(a * t.sig_pos);
    // Soft targets: a root where a sigmoid(z) = b sigmoid(-z), i.e. z = log(b / a); next to
    // it the difference is taken in binary128.
    const Wide g = a * t.sig_pos - b * t.sig_neg;
    if (!wide::near_root(g, a * t.sig_pos)) return double(g);
    using wide::Quad;
    const Quad e = expq(-fabsq(Quad(z)));
    const Quad big = 1 / (1 + e), small = e / (1 + e);
    const Quad qa = 1 - Quad(y), qb = Quad(pw) * Quad(y);
    return z >= 0.0 ? double(qa * big - qb * small) : double(qa * small - qb * big);
}

} // namespace

double bce_prob(double p, double y, double weight) {
    const double log_p = std::max(std::log(p), kLogClamp);
    const double log_q = std::max(std::log1p(-p), kLogClamp);
    // PyTorch's order of terms: (y - 1) log(1-p) - y log(p).
    return weight * ((y - 1.0) * log_q - y * log_p);
}

double bce_prob_exact(double p, double y) {
    if (std::isnan(p) || std::isnan(y)) return p + y;
    // Both terms are >= 0 for y in [0, 1]; long double and one rounding.
    Wide loss = 0.0L;
    if (y != 0.0) loss -= Wide(y) * std::log(Wide(p));
    if (y != 1.0) loss -= (1.0L - Wide(y)) * std::log1p(-Wide(p));
    return double(loss);
}

double bce_with_logits(double z, double y, const BceParams& params) {
    return params.weight * bce_logit_core(z, y, params.pos_weight);
}

double bce_with_logits_grad(double z, double y, const BceParams& params) {
    return params.weight * bce_logit_grad_core(z, y, params.pos_weight);
}

float bce_naive_float32(float z, float y) {
    const float p = 1.0f / (1.0f + std::exp(-z));
    const float log_p = std::max(std::log(p), -100.0f);
    const float log_q = std::max(std::log(1.0f - p), -100.0f);
    return (y - 1.0f) * log_q - y * log_p;
}

double balanced_bce_with_logits(double z, double y, double alpha) {
    const double alpha_t = alpha * y + (1.0 - alpha) * (1.0 - y);
    return alpha_t * bce_logit_core(z, y, 1.0);
}

double balanced_bce_prob(double p, double y, double alpha) {
    const Wide alpha_t = Wide(alpha) * Wide(y) + (1.0L - Wide(alpha)) * (1.0L - Wide(y));
    // A zero weight makes the loss 0 everywhere, also where the cross-entropy is infinite.
    if (alpha_t == 0.0L) return 0.0;
    if (std::isnan(p) || std::isnan(y)) return p + y;
    Wide loss = 0.0L;
    if (y != 0.0) loss -= Wide(y) * std::log(Wide(p));
    if (y != 1.0) loss -= (1.0L - Wide(y)) * std::log1p(-Wide(p));
    return double(alpha_t * loss);
}

double brier(double p, double y) {
    const Wide d = Wide(p) - Wide(y);
    return double(d * d);
}

double brier_grad(double p, double y) { return 2.0 * (p - y); }

double brier_logit(double z, double y) {
    const double d = bce_logit_grad_core(z, y, 1.0);
    return d * d;
}

double bce_prob_grad(double p, double y, double weight) {
    return weight * (p - y) / std::max((1.0 - p) * p, kGradEps);
}

double bce_prob_grad_exact(double p, double y) {
    if (std::isnan(p) || std::isnan(y)) return p + y;
    // -y/p + (1-y)/(1-p) = (p - y) / (p (1 - p)): one quotient, no cancellation near p = y.
    if (y == 1.0) return -1.0 / p;
    if (y == 0.0) return double(1.0L / (1.0L - Wide(p)));
    const Wide d = Wide(p) - Wide(y);
    return double(d / (Wide(p) * (1.0L - Wide(p))));
}

ReducedLoss bce_prob(std::span<const double> p, std::span<const double> y, Reduction reduction,
                     std::span<const double> weight) {
    LOSSLAB_ASSERT(p.size() == y.size(), "bce_prob: p and y must have the same size");
    check_broadcast(weight, p.size(), "bce_prob: weight must be empty, size 1 or size n");
    return reduce_map(p.size(), reduction,
                      [&](size_t i) { return bce_prob(p[i], y[i], at_or(weight, i, 1.0)); });
}

ReducedLoss bce_with_logits(std::span<const double> z, std::span<const double> y,
                            Reduction reduction, const BceBatchWeights& w) {
    LOSSLAB_ASSERT(z.size() == y.size(), "bce_with_logits: z and y must have the same size");
    check_broadcast(w.weight, z.size(), "bce_with_logits: weight must be empty, 1 or n long");
    check_broadcast(w.pos_weight, z.size(), "bce_with_logits: pos_weight must be empty, 1 or n");
    static constexpr double kOne = 1.0;
    // Empty and size-1 spans broadcast with a stride of 0.
    const double* wp = w.weight.empty() ? &kOne : w.weight.data();
    const double* pwp = w.pos_weight.empty() ? &kOne : w.pos_weight.data();
    const size_t ws = w.weight.size() > 1 ? 1 : 0, pws = w.pos_weight.size() > 1 ? 1 : 0;
    const simd::Kernels& k = simd::kernels();
    return simd::reduce_blocks(z.size(), reduction, [&](size_t b, size_t n, double* out) {
        k.bce_logits(z.data() + b, y.data() + b, wp + b * ws, ws, pwp + b * pws, pws, out, n);
        // Past |z| = 708 the kernel's e^-|z| is a double subnormal and has lost digits: those
        // elements take the scalar path (one compare per element otherwise).
        for (size_t i = 0; i < n; ++i)
            if (std::fabs(z[b + i]) > kSubnormalLogit)
                out[i] = wp[(b + i) * ws] *
                         bce_logit_core(z[b + i], y[b + i], pwp[(b + i) * pws]);
    });
}

void bce_with_logits_grad(std::span<const double> z, std::span<const double> y,
                          std::span<double> out, Reduction reduction, const BceBatchWeights& w) {
    LOSSLAB_ASSERT(z.size() == y.size() && out.size() == z.size(),
                   "bce_with_logits_grad: z, y and out must have the same size");
    check_broadcast(w.weight, z.size(), "bce_with_logits_grad: weight must be empty, 1 or n");
    check_broadcast(w.pos_weight, z.size(), "bce_with_logits_grad: pos_weight bad size");
    const double scale = reduction == Reduction::Mean ? 1.0 / double(z.size()) : 1.0;
    static constexpr double kOne = 1.0;
    const double* wp = w.weight.empty() ? &kOne : w.weight.data();
    const double* pwp = w.pos_weight.empty() ? &kOne : w.pos_weight.data();
    const size_t ws = w.weight.size() > 1 ? 1 : 0, pws = w.pos_weight.size() > 1 ? 1 : 0;
    simd::kernels().bce_logits_grad(z.data(), y.data(), wp, ws, pwp, pws, scale, out.data(),
                                    z.size());
    // The scalar path for elements the kernel cannot round within 2 ulp: |z| > 708 (e^-|z|
    // subnormal) and, for soft targets, around the root (1-y) sigmoid(z) = pw y sigmoid(-z),
    // where both terms are c = (1-y) pw y / (1 - y + pw y): a result below c/4 means the
    // difference has cancelled two bits of terms that carry the kernel's rounding.
    for (size_t i = 0; i < z.size(); ++i) {
        const double yi = y[i], pwi = pwp[i * pws], wi = wp[i * ws];
        bool redo = std::fabs(z[i]) > kSubnormalLogit;
        if (!redo && yi != 0.0 && yi != 1.0) {
            const double a = 1.0 - yi, c = pwi * yi;
            redo = std::fabs(out[i]) < 0.25 * std::fabs(scale * wi) * (a * c / (a + c));
        }
        if (redo) out[i] = scale * (wi * bce_logit_grad_core(z[i], yi, pwi));
    }
}

} // namespace losslab
