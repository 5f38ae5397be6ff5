// Body of the AVX kernels, included (not compiled alone) by simd_avx2.cpp and simd_avx512.cpp
// inside a `#pragma GCC target` region after they define LOSSLAB_SIMD_W (lanes),
// LOSSLAB_SIMD_NS, LOSSLAB_SIMD_NATIVE (the __m*d type), LOSSLAB_SIMD_FMA and the SLEEF
// functions LOSSLAB_SIMD_EXP / _LOG1P / _POW. It includes no standard header: every function
// defined after the pragma is compiled for that instruction set, and a std template
// instantiated here could be picked by the linker for other translation units.
//
// Accuracy: SLEEF's u10 functions are within 1 ulp. Around them, every rounding that the error
// analysis says matters is recovered exactly with FMA / TwoSum (1 + e, 1/(1+e), gamma |z|,
// |z| + log1p(e), the final products), so a result carries the error of the transcendental
// calls and one final rounding, as the long double scalar path does.

namespace losslab::simd::LOSSLAB_SIMD_NS {
namespace {

constexpr std::size_t W = LOSSLAB_SIMD_W;
typedef double vd __attribute__((vector_size(W * sizeof(double))));
typedef long long vi __attribute__((vector_size(W * sizeof(double))));

#define LOSSLAB_AI inline __attribute__((always_inline))

LOSSLAB_AI vd load(const double* p) {
    vd v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
LOSSLAB_AI void store(double* p, vd v) {
    __builtin_memcpy(p, &v, sizeof v);
}
LOSSLAB_AI vd splat(double x) {
    return vd{} + x;
}
LOSSLAB_AI vd sel(vi m, vd a, vd b) {
    return m ? a : b;
}
LOSSLAB_AI vd vabs(vd x) {
    return sel(x < 0.0, -x, x);
}
LOSSLAB_AI vd vfma(vd a, vd b, vd c) {
    return (vd)LOSSLAB_SIMD_FMA((LOSSLAB_SIMD_NATIVE)a, (LOSSLAB_SIMD_NATIVE)b,
                                (LOSSLAB_SIMD_NATIVE)c);
}
LOSSLAB_AI vd vexp(vd x) {
    return (vd)LOSSLAB_SIMD_EXP((LOSSLAB_SIMD_NATIVE)x);
}
LOSSLAB_AI vd vlog1p(vd x) {
    return (vd)LOSSLAB_SIMD_LOG1P((LOSSLAB_SIMD_NATIVE)x);
}
LOSSLAB_AI vd vpow(vd x, vd y) {
    return (vd)LOSSLAB_SIMD_POW((LOSSLAB_SIMD_NATIVE)x, (LOSSLAB_SIMD_NATIVE)y);
}
// |x| < inf, false for NaN.
LOSSLAB_AI vi finite(vd x) {
    return vabs(x) < __builtin_inf();
}

// Runs `body(vd...)` over full vectors, then once over a padded copy of the tail. `Load`
// gives the vector of an input at element i (or from the padded tail arrays).
template <class Body> LOSSLAB_AI void for_each_vector(std::size_t n, Body&& body) {
    std::size_t i = 0;
    for (; i + W <= n; i += W)
        body(i, W);
    if (i < n) body(i, n - i);
}

// Loads count (<= W) elements at p, padding with `pad`; stride 0 broadcasts p[0].
LOSSLAB_AI vd load_part(const double* p, std::size_t stride, std::size_t i, std::size_t count,
                        double pad) {
    if (stride == 0) return splat(p[0]);
    if (count == W) return load(p + i);
    double buf[W];
    for (std::size_t k = 0; k < W; ++k)
        buf[k] = k < count ? p[i + k] : pad;
    return load(buf);
}
LOSSLAB_AI void store_part(double* p, std::size_t i, std::size_t count, vd v) {
    if (count == W) return store(p + i, v);
    double buf[W];
    store(buf, v);
    for (std::size_t k = 0; k < count; ++k)
        p[i + k] = buf[k];
}

// ---- BCE with logits ----------------------------------------------------------------------

LOSSLAB_AI vd bce_vec(vd z, vd y, vd w, vd pw) {
    const vd a = vabs(z);
    const vd l = vlog1p(vexp(-a));
    const vd big = a + l;
    const vi pos = z >= 0.0;
    const vd sp_pos = sel(pos, big, l), sp_neg = sel(pos, l, big);
    const vd c0 = 1.0 - y, c1 = pw * y;
    // A zero coefficient drops its term, so 0 * inf at an infinite logit is not NaN.
    const vd t0 = sel(c0 == 0.0, splat(0.0), c0 * sp_pos);
    const vd t1 = sel(c1 == 0.0, splat(0.0), c1 * sp_neg);
    return w * (t0 + t1);
}

void bce_logits(const double* z, const double* y, const double* w, std::size_t ws, const double* pw,
                std::size_t pws, double* out, std::size_t n) {
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        const vd r = bce_vec(load_part(z, 1, i, c, 0.0), load_part(y, 1, i, c, 0.0),
                             load_part(w, ws, i, c, 1.0), load_part(pw, pws, i, c, 1.0));
        store_part(out, i, c, r);
    });
}

LOSSLAB_AI vd bce_grad_vec(vd z, vd y, vd w, vd pw) {
    const vd e = vexp(-vabs(z));
    const vd d = 1.0 + e;
    const vd big = 1.0 / d, small = e / d;
    const vi pos = z >= 0.0;
    const vd s_pos = sel(pos, big, small), s_neg = sel(pos, small, big);
    const vd c0 = 1.0 - y, c1 = pw * y;
    const vd t0 = sel(c0 == 0.0, splat(0.0), c0 * s_pos);
    const vd t1 = sel(c1 == 0.0, splat(0.0), c1 * s_neg);
    return w * (t0 - t1);
}

void bce_logits_grad(const double* z, const double* y, const double* w, std::size_t ws,
                     const double* pw, std::size_t pws, double scale, double* out, std::size_t n) {
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        const vd r = bce_grad_vec(load_part(z, 1, i, c, 0.0), load_part(y, 1, i, c, 0.0),
                                  load_part(w, ws, i, c, 1.0), load_part(pw, pws, i, c, 1.0));
        store_part(out, i, c, scale * r);
    });
}

// x / d, or 0 where d is 0 or not finite (a relative correction that does not apply).
LOSSLAB_AI vd rel(vd x, vd d) {
    return sel((d != 0.0) & finite(d), x / d, splat(0.0));
}

// ---- Focal loss from logits, hard targets -------------------------------------------------

// G = 0, 1, 2: (1 - p_t)^G by products; G = -1: any gamma through exp and pow.
template <int G, bool Grad = false>
LOSSLAB_AI vd focal_vec(vd z, vd y, double alpha, double gamma) {
    const vd a = vabs(z);
    const vd e = vexp(-a);
    const vd l = vlog1p(e);
    const vi one = y == 1.0;
    const vd u = sel(one, -z, z); // the logit of the wrong class: 1 - p_t = sigmoid(u)
    const vi correct = u < 0.0;
    // ce = softplus(u): log1p(e) on the correct side, |z| + log1p(e) (TwoSum) on the other.
    const vd s = a + l, bb = s - a;
    const vd s_err = (a - (s - bb)) + (l - bb);
    const vd ce = sel(correct, l, s);
    const vd ce_lo = sel(correct | ~finite(s), splat(0.0), s_err);
    // (1 - p_t)^gamma = D E with D = (1 + e)^-gamma and E = e^gamma on the correct side (1 on
    // the other); M (1 + m_rel) is the value with its first-order correction.
    const vd d = 1.0 + e;
    const vd dl = e - (d - 1.0); // 1 + e = d + dl exactly (Fast2Sum, 1 >= e)
    vd M, m_rel;
    if constexpr (G == 0) {
        M = splat(1.0);
        m_rel = splat(0.0);
    } else {
        const vd q = 1.0 / d;
        const vd eps1 = vfma(-q, d, splat(1.0)) - dl * q; // 1/(1+e) = q (1 + eps1)
        if constexpr (G == 1) {
            M = sel(correct, e * q, q);
            const vd prod_lo = vfma(e, q, -(e * q)) / (e * q);
            m_rel = eps1 + sel(correct & (e * q > 0.0), prod_lo, splat(0.0));
        } else if constexpr (G == 2) {
            const vd q2 = q * q;
            const vd d_rel = vfma(q, q, -q2) / q2 + 2.0 * eps1;
            const vd e2 = vexp(-2.0 * a); // e^2 from one exp: one rounding instead of two
            const vd p = e2 * q2;
            const vd p_rel = sel(p > 0.0, vfma(e2, q2, -p) / p, splat(0.0));
            M = sel(correct, p, q2);
            m_rel = d_rel + sel(correct, p_rel, splat(0.0));
        } else {
            const vd g = splat(gamma);
            const vd dpow = vpow(d, -g);
            const vd ga = g * a, ga_lo = vfma(g, a, -ga); // gamma |z| = ga + ga_lo exactly
            const vd eg = vexp(-ga);
            const vd p = eg * dpow;
            const vd p_rel = sel(p > 0.0, vfma(eg, dpow, -p) / p, splat(0.0)) -
                             sel(finite(ga), ga_lo, splat(0.0));
            M = sel(correct, p, dpow);
            m_rel = -g * (dl / d) + sel(correct, p_rel, splat(0.0));
        }
    }
    // alpha_t = alpha (y = 1), 1 - alpha = ah + al exactly (y = 0), 1 without weighting.
    vd ah, al;
    if (alpha < 0.0) {
        ah = splat(1.0);
        al = splat(0.0);
    } else {
        const double h0 = 1.0 - alpha, l0 = (1.0 - h0) - alpha;
        ah = sel(one, splat(alpha), splat(h0));
        al = sel(one, splat(0.0), splat(l0));
    }
    if constexpr (Grad) {
        // d/dz = -+alpha_t M (gamma sigmoid(-u) ce + sigmoid(u)), minus for y = 1: two
        // non-negative terms, each carried with its first-order relative correction.
        const vd q = 1.0 / d;
        const vd eps1 = vfma(-q, d, splat(1.0)) - dl * q;
        const vd eq = e * q;
        const vd eq_rel = eps1 + rel(vfma(e, q, -eq), eq);
        const vd s_other = sel(correct, q, eq), s_other_rel = sel(correct, eps1, eq_rel);
        const vd m = sel(correct, eq, q), m_rel1 = sel(correct, eq_rel, eps1);
        const vd sc = s_other * ce;
        const vd t = gamma * sc;
        const vd t_rel = rel(vfma(s_other, ce, -sc), sc) + rel(vfma(splat(gamma), sc, -t), t) +
                         s_other_rel + rel(ce_lo, ce);
        const vd B = t + m, b2 = B - t;
        const vd B_corr = ((t - (B - b2)) + (m - b2)) + t * t_rel + m * m_rel1;
        const vd P = M * B;
        const vd P_rel = rel(vfma(M, B, -P), P) + m_rel + rel(B_corr, B);
        const vd R = ah * P;
        const vd small = vfma(ah, P, -R) + R * P_rel + al * P;
        const vd g = R + sel(finite(R) & finite(small), small, splat(0.0));
        return sel(one, -g, g);
    } else {
        const vd P = M * ce;
        // The corrections are dropped where P is infinite or NaN (inf - inf, 0 * inf).
        const vd small = ah * (vfma(M, ce, -P) + P * m_rel + M * ce_lo) + al * P;
        return vfma(ah, P, sel(finite(P) & finite(small), small, splat(0.0)));
    }
}

// Soft targets y in (0, 1), gamma <= 2: 1 - p_t = (1-y) sigmoid(z) + y sigmoid(-z) and ce = (1-y)
// softplus(z) + y softplus(-z) are sums of non-negative terms (no cancellation); 1 - y =
// c0h + c0l and alpha_t are split exactly, and every product and sum carries its rounding
// error as a first-order relative correction, so again only the SLEEF errors remain. For
// gamma > 2 the error of e^-|z| inside the mix is amplified gamma times (up to 6 ulp measured
// at gamma 5), so those lanes are left to the long double scalar path.
template <int G> LOSSLAB_AI vd focal_soft_vec(vd z, vd y, double alpha, double gamma) {
    const vd a = vabs(z);
    const vd e = vexp(-a);
    const vd l = vlog1p(e);
    const vd d = 1.0 + e, dl = e - (d - 1.0);
    const vd q = 1.0 / d;
    const vd eps1 = vfma(-q, d, splat(1.0)) - dl * q;
    const vd eq = e * q;
    const vd eq_rel = eps1 + rel(vfma(e, q, -eq), eq);
    const vi pos = z >= 0.0;
    const vd sz = sel(pos, q, eq), sz_rel = sel(pos, eps1, eq_rel);
    const vd sn = sel(pos, eq, q), sn_rel = sel(pos, eq_rel, eps1);
    const vd big = a + l, bb = big - a;
    const vd big_rel = rel((a - (big - bb)) + (l - bb), big);
    const vd pz = sel(pos, big, l), pz_rel = sel(pos, big_rel, splat(0.0));
    const vd pn = sel(pos, l, big), pn_rel = sel(pos, splat(0.0), big_rel);
    const vd c0h = 1.0 - y, c0l = (1.0 - c0h) - y;
    // c0 x + y w with x, w >= 0 and their relative errors: value and relative correction.
    auto mix = [&](vd x, vd x_rel, vd w, vd w_rel, vd& value, vd& value_rel) {
        const vd t1 = c0h * x, t2 = y * w;
        const vd sum = t1 + t2, b2 = sum - t1;
        const vd err = (t1 - (sum - b2)) + (t2 - b2);
        const vd corr =
            err + vfma(c0h, x, -t1) + c0l * x + t1 * x_rel + vfma(y, w, -t2) + t2 * w_rel;
        value = sum;
        value_rel = rel(corr, sum);
    };
    vd m, m_rel, ce, ce_rel;
    mix(sz, sz_rel, sn, sn_rel, m, m_rel);
    mix(pz, pz_rel, pn, pn_rel, ce, ce_rel);
    vd M, M_rel;
    if constexpr (G == 0) {
        M = splat(1.0);
        M_rel = splat(0.0);
    } else if constexpr (G == 1) {
        M = m;
        M_rel = m_rel;
    } else if constexpr (G == 2) {
        M = m * m;
        M_rel = rel(vfma(m, m, -M), M) + 2.0 * m_rel;
    } else {
        M = vpow(m, splat(gamma));
        M_rel = gamma * m_rel;
    }
    vd at = splat(1.0), at_rel = splat(0.0);
    if (alpha >= 0.0) {
        const double h0 = 1.0 - alpha, l0 = (1.0 - h0) - alpha;
        const vd t1 = alpha * y, t2 = h0 * c0h;
        const vd sum = t1 + t2, b2 = sum - t1;
        const vd err = (t1 - (sum - b2)) + (t2 - b2);
        at = sum;
        at_rel =
            rel(err + vfma(splat(alpha), y, -t1) + vfma(splat(h0), c0h, -t2) + h0 * c0l + l0 * c0h,
                sum);
    }
    const vd P = M * ce;
    const vd P_rel = rel(vfma(M, ce, -P), P) + M_rel + ce_rel + at_rel;
    const vd R = at * P;
    const vd small = vfma(at, P, -R) + R * P_rel;
    return R + sel(finite(R) & finite(small), small, splat(0.0));
}

template <int G>
std::size_t focal_loop(const double* z, const double* y, double alpha, double gamma, double* out,
                       std::size_t n) {
    vi outside = vi{} + 0;
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        const vd yv = load_part(y, 1, i, c, 0.0), zv = load_part(z, 1, i, c, 0.0);
        vd r = focal_vec<G>(zv, yv, alpha, gamma);
        const vi soft = (yv != 0.0) & (yv != 1.0);
        long long any = 0;
        for (std::size_t l = 0; l < W; ++l)
            any |= soft[l];
        if (any && gamma > 2.0) {
            outside -= soft; // true lanes are -1
        } else if (any) {
            r = sel(soft, focal_soft_vec<G>(zv, yv, alpha, gamma), r);
            outside -= ~((yv >= 0.0) & (yv <= 1.0)); // NaN counts too
        }
        store_part(out, i, c, r);
    });
    long long total = 0;
    for (std::size_t l = 0; l < W; ++l)
        total += outside[l];
    return std::size_t(total);
}

template <int G>
std::size_t focal_grad_loop(const double* z, const double* y, double alpha, double gamma,
                            double* out, std::size_t n) {
    vi soft = vi{} + 0;
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        const vd yv = load_part(y, 1, i, c, 0.0);
        soft -= (yv != 0.0) & (yv != 1.0); // true lanes are -1
        store_part(out, i, c, focal_vec<G, true>(load_part(z, 1, i, c, 0.0), yv, alpha, gamma));
    });
    long long total = 0;
    for (std::size_t l = 0; l < W; ++l)
        total += soft[l];
    return std::size_t(total);
}

std::size_t focal_logits_grad(const double* z, const double* y, double alpha, double gamma,
                              double* out, std::size_t n) {
    if (gamma == 0.0) return focal_grad_loop<0>(z, y, alpha, gamma, out, n);
    if (gamma == 1.0) return focal_grad_loop<1>(z, y, alpha, gamma, out, n);
    if (gamma == 2.0) return focal_grad_loop<2>(z, y, alpha, gamma, out, n);
    return focal_grad_loop<-1>(z, y, alpha, gamma, out, n);
}

std::size_t focal_logits(const double* z, const double* y, double alpha, double gamma, double* out,
                         std::size_t n) {
    if (gamma == 0.0) return focal_loop<0>(z, y, alpha, gamma, out, n);
    if (gamma == 1.0) return focal_loop<1>(z, y, alpha, gamma, out, n);
    if (gamma == 2.0) return focal_loop<2>(z, y, alpha, gamma, out, n);
    return focal_loop<-1>(z, y, alpha, gamma, out, n);
}

// ---- Plain elementwise exp / log1p --------------------------------------------------------

void exp_array(const double* x, double* out, std::size_t n) {
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        store_part(out, i, c, vexp(load_part(x, 1, i, c, 0.0)));
    });
}

void log1p_array(const double* x, double* out, std::size_t n) {
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        store_part(out, i, c, vlog1p(load_part(x, 1, i, c, 0.0)));
    });
}

void exp_shifted_array(const double* z, const double* m, double* out, std::size_t n) {
    for_each_vector(n, [&](std::size_t i, std::size_t c) {
        const vd zv = load_part(z, 1, i, c, 0.0), mv = load_part(m, 1, i, c, 0.0);
        const vd hi = zv - mv, bb = hi - zv;
        const vd lo = sel(finite(hi), (zv - (hi - bb)) + (-mv - bb), splat(0.0));
        const vd e = vexp(hi);
        store_part(out, i, c, e + e * lo);
    });
}

// W rows at a time, one lane per row, walking the columns: the row max, its first index and
// the sum of the other corrected exponentials are lane-wise, so no horizontal reduction and no
// serial add chain over a row.
void log_softmax_at(const double* z, std::size_t k, const long long* y, std::size_t rows,
                    double* out, unsigned char* bad) {
    for (std::size_t r0 = 0; r0 < rows; r0 += W) {
        const std::size_t lanes = rows - r0 < W ? rows - r0 : W;
        const double* base[W];
        double zy[W];
        for (std::size_t l = 0; l < W; ++l) {
            base[l] = z + (r0 + (l < lanes ? l : 0)) * k; // padding lanes repeat row r0
            zy[l] = base[l][y[r0 + (l < lanes ? l : 0)]];
        }
        auto column = [&](std::size_t c) {
            double v[W];
            for (std::size_t l = 0; l < W; ++l)
                v[l] = base[l][c];
            return load(v);
        };
        vd m = column(0), arg = splat(0.0);
        vi nan = m != m;
        for (std::size_t c = 1; c < k; ++c) {
            const vd x = column(c);
            nan |= x != x;
            const vi gt = x > m;
            m = sel(gt, x, m);
            arg = sel(gt, splat(double(c)), arg);
        }
        const vi ok = ~nan & finite(m);
        const vd mm = sel(ok, m, splat(0.0));
        vd s = splat(0.0);
        for (std::size_t c = 0; c < k; ++c) {
            const vd x = column(c);
            const vd hi = x - mm, bb = hi - x;
            const vd lo = sel(finite(hi), (x - (hi - bb)) + (-mm - bb), splat(0.0));
            const vd e = vexp(hi);
            s += sel(arg == double(c), splat(0.0), e + e * lo);
        }
        const vd zyv = load(zy);
        const vd hi = zyv - mm, bb = hi - zyv;
        const vd lo = sel(finite(hi), (zyv - (hi - bb)) + (-mm - bb), splat(0.0));
        const vd lp = sel(ok, (hi - vlog1p(s)) + lo, splat(__builtin_nan("")));
        double res[W];
        store(res, lp);
        for (std::size_t l = 0; l < lanes; ++l) {
            out[r0 + l] = res[l];
            bad[r0 + l] = ok[l] ? 0 : 1;
        }
    }
}

#undef LOSSLAB_AI

} // namespace

constexpr Kernels kTable{bce_logits,        bce_logits_grad, focal_logits,
                         focal_logits_grad, exp_array,       log1p_array,
                         exp_shifted_array, log_softmax_at,  LOSSLAB_SIMD_LEVEL};

} // namespace losslab::simd::LOSSLAB_SIMD_NS
