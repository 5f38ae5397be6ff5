#include "losslab/activations.hpp"

#include "losslab/assert.hpp"

#include <cmath>
#include <limits>

namespace losslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Index of the largest entry, or npos-like size() when some entry is NaN (NaN must win).
size_t argmax_or_nan(std::span<const double> z) {
    size_t best = 0;
    for (size_t i = 0; i < z.size(); ++i) {
        if (std::isnan(z[i])) return z.size();
        if (z[i] > z[best]) best = i;
    }
    return best;
}

// z - m and its exact rounding error (Knuth's TwoSum), so e^{z-m} can be corrected: the
// rounded difference of two logits of size ~100 is off by up to 7e-15 absolute, which would
// be a 30-ulp relative error in e^{z-m} and in a tiny cross-entropy.
struct Diff {
    double hi, lo;
};
inline Diff diff(double z, double m) {
    const double s = z - m;
    if (!std::isfinite(s)) return {s, 0.0};
    const double bb = s - z;
    return {s, (z - (s - bb)) + (-m - bb)};
}

// e^{z - m} with the first-order correction for the rounding of z - m.
inline double exp_shifted(double z, double m) {
    const Diff d = diff(z, m);
    const double e = std::exp(d.hi);
    return e + e * d.lo;
}

// Shared core of the softmax family on already-scaled logits: the maximum m, its index, and
// s = sum over the other entries of e^{z_i - m}. Keeping the max's own term (exactly 1) out of
// s lets callers use log1p(s) and 1/(1+s), which hold their digits when s is tiny.
struct Shifted {
    double m;
    size_t imax;
    double s;
};

Shifted shift(std::span<const double> z) {
    const size_t imax = argmax_or_nan(z);
    if (imax == z.size()) return {kNaN, imax, kNaN};
    const double m = z[imax];
    double s = 0.0;
    if (std::isinf(m)) return {m, imax, m > 0 ? kNaN : 0.0};
    for (size_t i = 0; i < z.size(); ++i)
        if (i != imax) s += exp_shifted(z[i], m);
    return {m, imax, s};
}

} // namespace

double sigmoid(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double sigmoid_complement(double z) { return sigmoid(-z); }

double softplus(double x) {
    // For x > 0 the identity log(1+e^x) = x + log1p(e^-x) keeps the exponent non-positive.
    if (x > 0.0) return x + std::log1p(std::exp(-x));
    return std::log1p(std::exp(x));
}

double log_sigmoid(double z) { return -softplus(-z); }

double logit(double p) {
    if (!(p >= 0.0 && p <= 1.0)) return kNaN;
    // Near 1/2, log(p/(1-p)) would amplify the rounding of the ratio; 2p-1 is exact there.
    if (p >= 0.25 && p <= 0.75) return std::log1p((2.0 * p - 1.0) / (1.0 - p));
    return std::log(p / (1.0 - p));
}

double odds(double p) {
    if (!(p >= 0.0 && p <= 1.0)) return kNaN;
    return p / (1.0 - p);
}

double log_odds(double p) { return logit(p); }

double logsumexp(std::span<const double> x) {
    if (x.empty()) return -kInf;
    const Shifted sh = shift(x);
    if (std::isinf(sh.m)) return sh.m;
    return sh.m + std::log1p(sh.s);
}

void softmax_into(std::span<const double> x, std::span<double> out, double temperature) {
    LOSSLAB_ASSERT(out.size() == x.size(), "softmax_into: out must have the size of x");
    if (x.empty()) return;
    for (size_t i = 0; i < x.size(); ++i) out[i] = x[i] / temperature;
    const Shifted sh = shift(out);
    if (std::isnan(sh.s)) {
        for (double& v : out) v = kNaN;
        return;
    }
    const double denom = 1.0 + sh.s;
    for (size_t i = 0; i < x.size(); ++i)
        out[i] = i == sh.imax ? 1.0 / denom : exp_shifted(out[i], sh.m) / denom;
}

void log_softmax_into(std::span<const double> x, std::span<double> out, double temperature) {
    LOSSLAB_ASSERT(out.size() == x.size(), "log_softmax_into: out must have the size of x");
    if (x.empty()) return;
    for (size_t i = 0; i < x.size(); ++i) out[i] = x[i] / temperature;
    const Shifted sh = shift(out);
    if (std::isnan(sh.s)) {
        for (double& v : out) v = kNaN;
        return;
    }
    const double log_denom = std::log1p(sh.s);
    for (size_t i = 0; i < x.size(); ++i) {
        const Diff d = diff(out[i], sh.m);
        out[i] = (d.hi - log_denom) + d.lo;
    }
}

std::vector<double> softmax(std::span<const double> x, double temperature) {
    std::vector<double> out(x.size());
    softmax_into(x, out, temperature);
    return out;
}

std::vector<double> log_softmax(std::span<const double> x, double temperature) {
    std::vector<double> out(x.size());
    log_softmax_into(x, out, temperature);
    return out;
}

} // namespace losslab
