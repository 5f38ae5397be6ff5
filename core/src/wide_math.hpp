#pragma once
// Extended-precision helpers for the scalar curve functions. They run in long double (64-bit
// significand and 15-bit exponent on x86-64) and the callers round once at the end: the 11
// extra bits absorb the few roundings of a formula, and the wider exponent keeps results
// that land in the double subnormal range (e^-745, 1/5e-324) exact until that last rounding.
// Private to the core.

#include <cmath>

#if defined(__EMSCRIPTEN__)
// wasm32 has no __float128 or libquadmath, but its long double is IEEE binary128 (in
// software): Quad is long double there, and the libquadmath names below map to the long double
// functions (web/ld128_libm.cpp gives those their full 113-bit precision).
inline long double expq(long double x) { return std::exp(x); }
inline long double logq(long double x) { return std::log(x); }
inline long double log1pq(long double x) { return std::log1p(x); }
inline long double powq(long double x, long double y) { return std::pow(x, y); }
inline long double fabsq(long double x) { return std::fabs(x); }
inline long double acosq(long double x) { return std::acos(x); }
#else
#include <quadmath.h>
#endif

namespace losslab::wide {

using Wide = long double;

// IEEE binary128 (113-bit significand, GCC's libquadmath), for the few places where 11 guard
// bits are not enough: a function evaluated next to its root, where the result is a tiny
// difference of terms of size ~1. Used only when the long double result shows that
// cancellation (see near_root), so the common path keeps its speed.
#if defined(__EMSCRIPTEN__)
using Quad = long double;
#else
__extension__ typedef __float128 Quad;
#endif

// True when a long double result is so much smaller than the terms it came from that their
// 2^-64 rounding could reach the double's last bit: |result| < 2^-9 * scale.
inline bool near_root(Wide result, Wide scale) {
    return std::fabs(result) < std::fabs(scale) * 0x1p-9L;
}

// x - log(k) for k > 0 as a long double head and tail, log k taken in binary128, so that the
// difference keeps its digits when x is the double next to log k.
inline Wide x_minus_log(double x, double k) {
    const Quad l = logq(Quad(k));
    const Wide hi = Wide(l);
    const Wide lo = Wide(l - Quad(hi));
    return (Wide(x) - hi) - lo;
}

// u - log1p(u) for u >= -1, given also one_plus_u = 1 + u formed without rounding away its
// digits (a ratio q/t): without the cancellation of the difference near u = 0 (where it is
// u^2/2; a Taylor series for |u| < 1/8), and without 1 + u cancelling near u = -1 (where the
// log of the ratio is taken directly). Beyond, the difference loses at most 5 of the 11 guard
// bits. +inf at u = -1 (one_plus_u = 0).
inline Wide u_minus_log1p(Wide u, Wide one_plus_u) {
    if (one_plus_u <= 0.0L) return HUGE_VALL;
    if (std::fabs(u) < 0.125L) {
        // sum_{n>=2} (-1)^n u^n / n = u^2 sum_{k>=0} (-1)^k u^k / (k+2), Horner from the
        // 25th power down; (1/8)^23 < 2^-69 relative.
        Wide h = 0.0L;
        for (int n = 25; n >= 2; --n)
            h = 1.0L / Wide(n) - u * h;
        return u * u * h;
    }
    if (u < -0.5L) return u - std::log(one_plus_u);
    return u - std::log1p(u);
}

// e^u - 1 - u, without the cancellation near u = 0 (where it is u^2/2): Taylor series for
// |u| < 1/2, expm1(u) - u beyond.
inline Wide expm1mx(Wide u) {
    if (std::fabs(u) < 0.5L) {
        // sum_{n>=2} u^n / n!; 22 terms leave (1/2)^21 / 23! far below 2^-64.
        Wide h = 0.0L;
        for (int n = 23; n >= 2; --n)
            h = 1.0L + u * h / Wide(n + 1);
        return u * u * h / 2.0L;
    }
    return std::expm1(u) - u;
}

// The binary KL divergence t log(t/q) + r log(r/(1-q)) with r = 1 - t given separately (so
// that it can be carried exactly) and d = q - t given separately (exact or nearly so when q is
// close to t). Written as t phi(d/t) + r phi(-d/r) with phi(u) = u - log1p(u) >= 0: the linear
// parts of the two logs cancel exactly (t (d/t) + r (-d/r) = 0), so no subtraction is left.
inline Wide binary_kl(Wide t, Wide r, Wide q, Wide d) {
    if (t == 0.0L) return -std::log1p(-q);
    if (r == 0.0L) return -std::log(q);
    return t * u_minus_log1p(d / t, q / t) + r * u_minus_log1p(-d / r, (1.0L - q) / r);
}

} // namespace losslab::wide
