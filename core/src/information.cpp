#include "losslab/information.hpp"

#include "losslab/assert.hpp"
#include "wide_math.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace losslab {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// -x log x with 0 log 0 = 0.
inline double neg_xlogx(double x) { return x == 0.0 ? 0.0 : -x * std::log(x); }

// log(a / b) for a, b > 0 without cancellation near a = b (where a - b is exact by Sterbenz
// and log1p keeps its digits) and without overflow of the ratio.
inline double log_ratio(double a, double b) {
    const double r = a / b;
    if (r > 0.5 && r < 2.0) return std::log1p((a - b) / b);
    if (r == 0.0 || std::isinf(r)) return std::log(a) - std::log(b);
    return std::log(r);
}

// p log(p / q) with 0 log(0/q) = 0, +inf for q = 0 < p; NaN in, NaN out.
inline double kl_term(double p, double q) {
    if (std::isnan(p) || std::isnan(q)) return kNaN;
    if (p == 0.0) return 0.0;
    if (q == 0.0) return kInf;
    return p * log_ratio(p, q);
}

} // namespace

double entropy(std::span<const double> p) {
    double h = 0.0;
    for (double x : p) h += neg_xlogx(x);
    return h;
}

double cross_entropy(std::span<const double> p, std::span<const double> q) {
    LOSSLAB_ASSERT(p.size() == q.size(), "cross_entropy: p and q must have the same size");
    double h = 0.0;
    for (size_t i = 0; i < p.size(); ++i)
        if (p[i] != 0.0 || std::isnan(q[i])) h -= p[i] * std::log(q[i]);
    return h;
}

double kl_divergence(std::span<const double> p, std::span<const double> q) {
    LOSSLAB_ASSERT(p.size() == q.size(), "kl_divergence: p and q must have the same size");
    double d = 0.0;
    for (size_t i = 0; i < p.size(); ++i) d += kl_term(p[i], q[i]);
    return d;
}

double binary_entropy(double p) {
    return neg_xlogx(p) + (p == 1.0 ? 0.0 : -(1.0 - p) * std::log1p(-p));
}

double binary_cross_entropy(double p, double q) {
    if (std::isnan(p) || std::isnan(q)) return kNaN;
    double h = 0.0;
    if (p != 0.0) h -= p * std::log(q);
    if (p != 1.0) h -= (1.0 - p) * std::log1p(-q);
    return h;
}

double binary_kl(double p, double q) {
    if (std::isnan(p) || std::isnan(q)) return kNaN;
    // p phi((q-p)/p) + (1-p) phi((p-q)/(1-p)), phi(u) = u - log1p(u) >= 0: no subtraction of
    // nearly equal logs, so the divergence keeps its digits down to (q-p)^2 / (2 p (1-p)).
    using wide::Wide;
    return double(wide::binary_kl(p, 1.0L - Wide(p), q, Wide(q) - Wide(p)));
}

ReducedLoss kl_div(std::span<const double> input, std::span<const double> target,
                   KlReduction reduction, std::size_t rows, bool log_target) {
    LOSSLAB_ASSERT(input.size() == target.size(), "kl_div: input and target sizes differ");
    LOSSLAB_ASSERT(rows >= 1 && input.size() % rows == 0, "kl_div: rows must divide the size");
    auto f = [&](size_t i) {
        const double t = target[i], x = input[i];
        if (log_target) return std::exp(t) * (t - x);
        if (t == 0.0) return 0.0 - t * x; // xlogy(0, 0) = 0; NaN when x = -inf, as PyTorch
        return t * (std::log(t) - x);
    };
    switch (reduction) {
    case KlReduction::None: return reduce_map(input.size(), Reduction::None, f);
    case KlReduction::Sum: return reduce_map(input.size(), Reduction::Sum, f);
    case KlReduction::Mean: return reduce_map(input.size(), Reduction::Mean, f);
    case KlReduction::BatchMean: {
        ReducedLoss s = reduce_map(input.size(), Reduction::Sum, f);
        s.values[0] /= double(rows);
        return s;
    }
    }
    return {};
}

} // namespace losslab
