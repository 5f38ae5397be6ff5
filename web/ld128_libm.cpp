// Full-precision binary128 expl, expm1l, logl, log1pl and powl for the web build.
// On wasm32, long double is IEEE binary128 (113-bit significand, in software), but emscripten
// 3.1.6's musl implements these five by calling the double functions ("broken implementation
// to make things compile"), so the core's long double and binary128 paths (wide_math.hpp),
// which exist to keep digits that double loses near a root, would get double precision.
// These definitions take the place of musl's (the linker uses the program's own symbols
// first); they use only binary128 arithmetic, which is exact to the last bit, and ldexpl /
// frexpl, which musl implements exactly. Accuracy: a few units in the 113th bit (exp, log,
// log1p, expm1); pow loses log2|y log x| bits more, at most 10 for results in double's range.
#include <math.h>

namespace {

using ld = long double;

// ln 2 = kLn2Hi + kLn2Lo; kLn2Hi has 97 significant bits, so k * kLn2Hi is exact for
// |k| < 2^16 (every exponent binary128 has).
constexpr ld kLn2Hi = 0x1.62e42fefa39ef35793c76730p-1L;
constexpr ld kLn2Lo = 0x1.f97b57a079a193394c5b16c5068cp-103L;
constexpr ld kSqrtHalf = 0x1.6a09e667f3bcc908b2fb1366ea95p-1L;

bool is_nan(ld x) { return x != x; }

// e^r - 1 for |r| <= 0.35 to full relative precision: r / 256 by Taylor series, then
// e^(2a) - 1 = m (2 + m) eight times (which keeps the small result's digits).
ld expm1_reduced(ld r) {
    const ld a = r * 0x1p-8L;
    ld h = 0.0L;
    for (int n = 16; n >= 1; --n)
        h = a / ld(n) * (1.0L + h);
    for (int i = 0; i < 8; ++i)
        h = h * (2.0L + h);
    return h;
}

// log m for m in [sqrt(1/2), sqrt(2)): 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716.
ld log_reduced(ld m) {
    const ld s = (m - 1.0L) / (m + 1.0L), s2 = s * s;
    ld h = 0.0L;
    for (int n = 47; n >= 3; n -= 2)
        h = s2 * (1.0L / ld(n) + h);
    return 2.0L * (s + s * h);
}

} // namespace

extern "C" {

long double expl(long double x) {
    if (is_nan(x)) return x;
    if (x > 11357.3L) return HUGE_VALL;
    if (x < -11500.0L) return 0.0L;
    const ld k = __builtin_roundl(x / (kLn2Hi + kLn2Lo));
    const ld r = (x - k * kLn2Hi) - k * kLn2Lo;
    return ldexpl(1.0L + expm1_reduced(r), int(k));
}

long double expm1l(long double x) {
    if (is_nan(x)) return x;
    if (__builtin_fabsl(x) <= 0.35L) return expm1_reduced(x);
    if (x < -80.0L) return -1.0L;
    return expl(x) - 1.0L;
}

long double logl(long double x) {
    if (is_nan(x) || x == HUGE_VALL) return x;
    if (x < 0.0L) return __builtin_nanl("");
    if (x == 0.0L) return -HUGE_VALL;
    int e = 0;
    ld m = frexpl(x, &e); // x = m 2^e, m in [1/2, 1)
    if (m < kSqrtHalf) {
        m *= 2.0L;
        --e;
    }
    const ld k = ld(e);
    return k * kLn2Hi + (k * kLn2Lo + log_reduced(m));
}

long double log1pl(long double x) {
    if (is_nan(x) || x == HUGE_VALL) return x;
    if (x < -1.0L) return __builtin_nanl("");
    if (x == -1.0L) return -HUGE_VALL;
    // log(u) (x / (u - 1)) with u = 1 + x rounded: the quotient corrects u's rounding.
    const ld u = 1.0L + x;
    if (u == 1.0L) return x;
    return logl(u) * (x / (u - 1.0L));
}

long double powl(long double x, long double y) {
    if (y == 0.0L || x == 1.0L) return 1.0L;
    if (is_nan(x) || is_nan(y)) return x + y;
    bool negate = false;
    if (x < 0.0L) {
        if (__builtin_truncl(y) != y) return __builtin_nanl("");
        const ld half = y * 0.5L;
        negate = __builtin_truncl(half) != half; // an odd integer power keeps the sign
        x = -x;
    }
    if (x == 0.0L) {
        const ld r = y > 0.0L ? 0.0L : HUGE_VALL;
        return negate ? -r : r;
    }
    const ld r = expl(y * logl(x));
    return negate ? -r : r;
}

} // extern "C"
