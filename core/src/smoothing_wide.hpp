#pragma once
// The smoothed target's true-class mass t and the rest r = 1 - t in long double, and p - t
// carried without the rounding of t, for the label-smoothing curves near their minimum p = t.
// Private to the core; callers validate the spec first.

#include "losslab/label_smoothing.hpp"
#include "wide_math.hpp"

#include <cmath>

namespace losslab {

// t and r = 1 - t, each rounded once to long double from the exact values
// (uniform: r = eps (K-1)/K; others and kl-pad: r = eps).
struct WideTarget {
    wide::Wide t, r;
};

inline WideTarget wide_target(const SmoothingSpec& s) {
    using wide::Wide;
    const Wide eps = s.eps, k = Wide(s.num_classes);
    const Wide r = s.convention == SmoothingConvention::Uniform ? eps * (k - 1.0L) / k : eps;
    const Wide t = s.convention == SmoothingConvention::Uniform ? 1.0L - r : 1.0L - eps;
    return {t, r};
}

// p - t with t exact: (p - 1) + r where p - 1 is exact in long double for p >= 2^-11 and r is
// split into a head and its exact division remainder, so the only rounding is relative to the
// (possibly tiny) result. For t >= 1/2 the sum (p - 1) + r cancels exactly (Sterbenz).
inline wide::Wide wide_p_minus_t(const SmoothingSpec& s, double p) {
    using wide::Wide;
    const Wide wp = p;
    if (s.convention != SmoothingConvention::Uniform) {
        // t = 1 - eps is an exact double when eps >= 1/2, the case where p may be tiny.
        if (s.eps >= 0.5) return wp - Wide(1.0 - s.eps);
        return (wp - 1.0L) + Wide(s.eps);
    }
    const Wide k = Wide(s.num_classes);
    const Wide num = Wide(s.eps) * (k - 1.0L); // exact: 53 + 10 bits
    const Wide hi = num / k;
    const Wide lo = std::fma(-hi, k, num) / k; // num - hi k is exact
    return ((wp - 1.0L) + hi) + lo;
}

} // namespace losslab
