// [SECTION] Moments kernels
// [SECTION] NormStats
// [SECTION] Output
// [SECTION] BatchNorm with running statistics
// [SECTION] Sharing

#include "losslab/norm_stats.hpp"

#include "losslab/assert.hpp"
#include "norm_detail.hpp"

#include <algorithm>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace losslab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string shape_text(const Shape4& s) {
    return std::to_string(s.n) + "x" + std::to_string(s.c) + "x" + std::to_string(s.h) + "x" +
           std::to_string(s.w);
}
} // namespace

// [SECTION] Moments kernels

double Moments::biased_var() const {
    return count > 0 ? m2 / count : kNaN;
}

double Moments::unbiased_var() const {
    return count > 1 ? m2 / (count - 1.0) : kNaN;
}

namespace {

// Eight independent double accumulators: the compiler keeps them in vector registers (no
// reassociation of one sum is needed, so no -ffast-math), and float -> double is exact.
constexpr std::size_t kLanes = 8;

template <class T> Moments moments_kernel(const T* __restrict x, std::size_t len) {
    if (len == 0) return {0.0, kNaN, 0.0};
    double s[kLanes] = {};
    std::size_t i = 0;
    for (; i + kLanes <= len; i += kLanes)
        for (std::size_t k = 0; k < kLanes; ++k)
            s[k] += double(x[i + k]);
    double tail = 0.0;
    for (; i < len; ++i)
        tail += double(x[i]);
    const double sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])) + tail;
    const double n = double(len);
    const double mean0 = sum / n;

    // Second pass over the (L1-resident) plane: corrected two-pass algorithm (Chan, Golub &
    // LeVeque 1983, eq. 1.7): M2 = sum d^2 - (sum d)^2 / n with d = x - mean0, which also
    // removes the rounding error of mean0 from the mean.
    double d1[kLanes] = {}, d2[kLanes] = {};
    i = 0;
    for (; i + kLanes <= len; i += kLanes)
        for (std::size_t k = 0; k < kLanes; ++k) {
            const double d = double(x[i + k]) - mean0;
            d1[k] += d;
            d2[k] += d * d;
        }
    double t1 = 0.0, t2 = 0.0;
    for (; i < len; ++i) {
        const double d = double(x[i]) - mean0;
        t1 += d;
        t2 += d * d;
    }
    const double s1 =
        ((d1[0] + d1[1]) + (d1[2] + d1[3])) + ((d1[4] + d1[5]) + (d1[6] + d1[7])) + t1;
    const double s2 =
        ((d2[0] + d2[1]) + (d2[2] + d2[3])) + ((d2[4] + d2[5]) + (d2[6] + d2[7])) + t2;
    const double m2 = std::max(0.0, s2 - s1 * s1 / n);
    return {n, mean0 + s1 / n, m2};
}

// The float kernels are the hot loops: compile them for AVX-512, AVX2+FMA and baseline
// x86-64, picked at load time (GCC/Clang function multiversioning), since the core is built
// without -march flags. Squares of the shifted float values are exact in double, so FMA
// contraction cannot change the sums.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) &&                            \
    !defined(LOSSLAB_NO_MULTIVERSION)
#define LOSSLAB_MULTIVERSION                                                                       \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LOSSLAB_MULTIVERSION
#endif

#if defined(__GNUC__) || defined(__clang__)
// GCC/Clang vector extensions: eight lanes, lowered to whatever the clone's ISA has (one
// AVX-512 register, two AVX2 registers, four SSE2 registers). Plain loops over arrays of
// accumulators are not vectorised well by GCC 12 here (it pairs the two sums per element).
typedef float LosslabV8f __attribute__((vector_size(32)));
typedef double LosslabV8d __attribute__((vector_size(64)));

// Helpers take pointers, not vectors: passing 64-byte vectors by value would depend on the
// clone's ABI.
inline void load8(const float* p, LosslabV8d* out) {
    LosslabV8f v;
    std::memcpy(&v, p, sizeof v);
    *out = __builtin_convertvector(v, LosslabV8d);
}
inline double hsum(const LosslabV8d* v) {
    const LosslabV8d& w = *v;
    return ((w[0] + w[1]) + (w[2] + w[3])) + ((w[4] + w[5]) + (w[6] + w[7]));
}

LOSSLAB_MULTIVERSION
void shifted_sums_f32(const float* __restrict x, std::size_t len, double shift, double* out) {
    LosslabV8d a0 = {}, a1 = {}, b0 = {}, b1 = {};
    std::size_t i = 0;
    for (; i + 16 <= len; i += 16) {
        LosslabV8d d0, d1;
        load8(x + i, &d0);
        load8(x + i + 8, &d1);
        d0 -= shift;
        d1 -= shift;
        a0 += d0;
        a1 += d1;
        b0 += d0 * d0;
        b1 += d1 * d1;
    }
    double ta = 0.0, tb = 0.0;
    for (; i < len; ++i) {
        const double d = double(x[i]) - shift;
        ta += d;
        tb += d * d;
    }
    a0 += a1;
    b0 += b1;
    out[0] = hsum(&a0) + ta;
    out[1] = hsum(&b0) + tb;
}
#else
void shifted_sums_f32(const float* __restrict x, std::size_t len, double shift, double* out) {
    double a[kLanes] = {}, b[kLanes] = {};
    std::size_t i = 0;
    for (; i + kLanes <= len; i += kLanes)
        for (std::size_t k = 0; k < kLanes; ++k) {
            const double d = double(x[i + k]) - shift;
            a[k] += d;
            b[k] += d * d;
        }
    double ta = 0.0, tb = 0.0;
    for (; i < len; ++i) {
        const double d = double(x[i]) - shift;
        ta += d;
        tb += d * d;
    }
    out[0] = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])) + ta;
    out[1] = ((b[0] + b[1]) + (b[2] + b[3])) + ((b[4] + b[5]) + (b[6] + b[7])) + tb;
}
#endif

// One pass of shifted sums S1 = sum (x - K), S2 = sum (x - K)^2 with K the median of three
// spread-out elements (robust to an outlier). M2 = S2 - S1^2 / n loses about log10(S2 / M2)
// digits; when that exceeds 64 (K far from the mean, e.g. two outliers picked) the plane is
// redone with the two-pass kernel, so the error stays near n_lane * 2^-53 * 64 in every case.
Moments moments_f32(const float* x, std::size_t len) {
    if (len < 3 * kLanes) return moments_kernel(x, len);
    const float p = x[0], q = x[len / 2], r = x[len - 1];
    const float shift = std::max(std::min(p, q), std::min(std::max(p, q), r));
    double s[2];
    shifted_sums_f32(x, len, double(shift), s);
    const double n = double(len);
    const double m2 = s[1] - s[0] * s[0] / n;
    if (!(s[1] <= 64.0 * m2) && s[1] != 0.0) return moments_kernel(x, len);
    return {n, double(shift) + s[0] / n, std::max(0.0, m2)};
}

inline Moments plane_kernel(const float* x, std::size_t len) {
    return moments_f32(x, len);
}
inline Moments plane_kernel(const double* x, std::size_t len) {
    return moments_kernel(x, len);
}

template <class T>
std::vector<Moments> plane_moments_impl(const BasicTensor4<T>& x, unsigned threads) {
    LOSSLAB_ASSERT(x.consistent(), "tensor data size must equal its shape's element count");
    const std::size_t planes = x.shape.n * x.shape.c;
    const std::size_t hw = x.shape.plane();
    std::vector<Moments> out(planes);
    detail::parallel_for(planes, detail::pick_threads(x.shape.numel(), threads),
                         [&](std::size_t b, std::size_t e) {
                             for (std::size_t p = b; p < e; ++p)
                                 out[p] = plane_kernel(x.data.data() + p * hw, hw);
                         });
    return out;
}

} // namespace

Moments array_moments(const float* x, std::size_t len) {
    return moments_f32(x, len);
}
Moments array_moments(const double* x, std::size_t len) {
    return moments_kernel(x, len);
}

std::vector<Moments> plane_moments(const Tensor4& x, unsigned threads) {
    return plane_moments_impl(x, threads);
}
std::vector<Moments> plane_moments(const Tensor4d& x, unsigned threads) {
    return plane_moments_impl(x, threads);
}

// [SECTION] NormStats

std::size_t NormStats::stat_index(std::size_t n, std::size_t c) const {
    switch (method) {
    case NormMethod::Batch:
        return c;
    case NormMethod::Layer:
        return n;
    case NormMethod::Instance:
        return n * shape.c + c;
    case NormMethod::Group:
        return n * groups + c / (shape.c / groups);
    }
    return 0;
}

namespace {
Status check_groups(const Shape4& shape, std::size_t groups) {
    if (groups == 0 || shape.c % groups != 0)
        return make_error("GroupNorm with " + std::to_string(shape.c) + " channels",
                          "a number of groups that divides the channel count",
                          std::to_string(groups) + " groups");
    return Ok{};
}
} // namespace

Result<NormStats> norm_stats_from_planes(const std::vector<Moments>& planes, const Shape4& shape,
                                         NormMethod method, std::size_t groups) {
    LOSSLAB_ASSERT(planes.size() == shape.n * shape.c, "one Moments per (n, c) plane");
    NormStats s;
    s.method = method;
    s.shape = shape;
    s.groups = 1;
    if (method == NormMethod::Group) {
        if (auto st = check_groups(shape, groups); !st) return st.error();
        s.groups = groups;
    }
    const std::size_t N = shape.n, C = shape.c;
    std::vector<Moments> acc;
    switch (method) {
    case NormMethod::Batch:
        acc.assign(C, Moments{});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t c = 0; c < C; ++c)
                acc[c] = merge_moments(acc[c], planes[n * C + c]);
        break;
    case NormMethod::Layer:
        acc.assign(N, Moments{});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t c = 0; c < C; ++c)
                acc[n] = merge_moments(acc[n], planes[n * C + c]);
        break;
    case NormMethod::Instance:
        acc = planes;
        break;
    case NormMethod::Group: {
        const std::size_t G = groups, per = C / G;
        acc.assign(N * G, Moments{});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t c = 0; c < C; ++c)
                acc[n * G + c / per] = merge_moments(acc[n * G + c / per], planes[n * C + c]);
        break;
    }
    }
    s.count = 0;
    switch (method) {
    case NormMethod::Batch:
        s.count = N * shape.plane();
        break;
    case NormMethod::Layer:
        s.count = shape.sample();
        break;
    case NormMethod::Instance:
        s.count = shape.plane();
        break;
    case NormMethod::Group:
        s.count = (C / s.groups) * shape.plane();
        break;
    }
    s.mean.resize(acc.size());
    s.var.resize(acc.size());
    for (std::size_t i = 0; i < acc.size(); ++i) {
        s.mean[i] = acc[i].count > 0 ? acc[i].mean : kNaN;
        s.var[i] = acc[i].biased_var();
    }
    return s;
}

namespace {
template <class T>
Result<NormStats> norm_stats_impl(const BasicTensor4<T>& x, const NormConfig& cfg) {
    if (cfg.method == NormMethod::Group)
        if (auto st = check_groups(x.shape, cfg.groups); !st) return st.error();
    return norm_stats_from_planes(plane_moments(x, cfg.threads), x.shape, cfg.method, cfg.groups);
}
} // namespace

Result<NormStats> norm_stats(const Tensor4& x, const NormConfig& c) {
    return norm_stats_impl(x, c);
}
Result<NormStats> norm_stats(const Tensor4d& x, const NormConfig& c) {
    return norm_stats_impl(x, c);
}

NormStats batch_norm_stats(const Tensor4d& x) {
    return std::move(norm_stats(x, {NormMethod::Batch}).value());
}
NormStats layer_norm_stats(const Tensor4d& x) {
    return std::move(norm_stats(x, {NormMethod::Layer}).value());
}
NormStats instance_norm_stats(const Tensor4d& x) {
    return std::move(norm_stats(x, {NormMethod::Instance}).value());
}
Result<NormStats> group_norm_stats(const Tensor4d& x, std::size_t groups) {
    return norm_stats(x, {NormMethod::Group, groups});
}
NormStats batch_norm_stats(const Tensor4& x) {
    return std::move(norm_stats(x, {NormMethod::Batch}).value());
}
NormStats layer_norm_stats(const Tensor4& x) {
    return std::move(norm_stats(x, {NormMethod::Layer}).value());
}
NormStats instance_norm_stats(const Tensor4& x) {
    return std::move(norm_stats(x, {NormMethod::Instance}).value());
}
Result<NormStats> group_norm_stats(const Tensor4& x, std::size_t groups) {
    return norm_stats(x, {NormMethod::Group, groups});
}

// [SECTION] Output

namespace {

Status check_normalize_args(const Shape4& shape, const NormStats& stats, const Affine& affine,
                            double eps) {
    if (!(stats.shape == shape))
        return make_error("normalize", "statistics computed on a " + shape_text(shape) + " tensor",
                          "statistics of a " + shape_text(stats.shape) + " tensor");
    if (!affine.gamma.empty() && affine.gamma.size() != shape.c)
        return make_error("gamma", std::to_string(shape.c) + " values (one per channel) or none",
                          std::to_string(affine.gamma.size()));
    if (!affine.beta.empty() && affine.beta.size() != shape.c)
        return make_error("beta", std::to_string(shape.c) + " values (one per channel) or none",
                          std::to_string(affine.beta.size()));
    if (!(eps >= 0.0)) return make_error("eps", "a value >= 0", std::to_string(eps));
    return Ok{};
}

// y = (x - m) * a + b on one plane, evaluated in double and rounded once to the output type:
// the float output is within about half an ulp of the exact value (PyTorch's float32 kernel
// rounds several times). FMA contraction may differ between the multiversioned clones by at
// most that last rounding.
LOSSLAB_MULTIVERSION
void normalize_plane_f32(const float* __restrict x, float* __restrict y, std::size_t len, double m,
                         double a, double b) {
    std::size_t i = 0;
#if defined(__GNUC__) || defined(__clang__)
    for (; i + 8 <= len; i += 8) {
        LosslabV8d d;
        load8(x + i, &d);
        const LosslabV8f v = __builtin_convertvector((d - m) * a + b, LosslabV8f);
        std::memcpy(y + i, &v, sizeof v);
    }
#endif
    for (; i < len; ++i)
        y[i] = float((double(x[i]) - m) * a + b);
}
void normalize_plane(const float* x, float* y, std::size_t len, double m, double a, double b) {
    normalize_plane_f32(x, y, len, m, a, b);
}
void normalize_plane(const double* __restrict x, double* __restrict y, std::size_t len, double m,
                     double a, double b) {
    for (std::size_t i = 0; i < len; ++i)
        y[i] = (x[i] - m) * a + b;
}

template <class T>
void normalize_kernel(const BasicTensor4<T>& x, const NormStats& stats, const Affine& affine,
                      double eps, BasicTensor4<T>& y, unsigned threads) {
    const std::size_t C = x.shape.c, hw = x.shape.plane(), planes = x.shape.n * C;
    detail::parallel_for(planes, detail::pick_threads(x.shape.numel(), threads),
                         [&](std::size_t b, std::size_t e) {
                             for (std::size_t p = b; p < e; ++p) {
                                 const std::size_t n = p / C, c = p % C;
                                 const std::size_t k = stats.stat_index(n, c);
                                 const double g = affine.gamma.empty() ? 1.0 : affine.gamma[c];
                                 const double be = affine.beta.empty() ? 0.0 : affine.beta[c];
                                 const double a = g / std::sqrt(stats.var[k] + eps);
                                 normalize_plane(x.data.data() + p * hw, y.data.data() + p * hw, hw,
                                                 stats.mean[k], a, be);
                             }
                         });
}

template <class T>
Result<BasicTensor4<T>> normalize_impl(const BasicTensor4<T>& x, const NormStats& stats,
                                       const Affine& affine, double eps, unsigned threads) {
    if (auto st = check_normalize_args(x.shape, stats, affine, eps); !st) return st.error();
    BasicTensor4<T> y;
    y.shape = x.shape;
    y.data.resize(x.data.size());
    normalize_kernel(x, stats, affine, eps, y, threads);
    return y;
}

} // namespace

namespace detail {
namespace {
template <class T>
void apply_plane_affine_impl(const BasicTensor4<T>& x, const std::vector<double>& m,
                             const std::vector<double>& a, const std::vector<double>& b,
                             BasicTensor4<T>& y, unsigned threads) {
    const std::size_t planes = x.shape.n * x.shape.c, hw = x.shape.plane();
    LOSSLAB_ASSERT(m.size() == planes && a.size() == planes && b.size() == planes,
                   "one (m, a, b) per plane");
    y.shape = x.shape;
    y.data.resize(x.data.size());
    parallel_for(planes, pick_threads(x.shape.numel(), threads), [&](std::size_t s, std::size_t e) {
        for (std::size_t p = s; p < e; ++p)
            normalize_plane(x.data.data() + p * hw, y.data.data() + p * hw, hw, m[p], a[p], b[p]);
    });
}
} // namespace

void apply_plane_affine(const Tensor4& x, const std::vector<double>& m,
                        const std::vector<double>& a, const std::vector<double>& b, Tensor4& y,
                        unsigned threads) {
    apply_plane_affine_impl(x, m, a, b, y, threads);
}
void apply_plane_affine(const Tensor4d& x, const std::vector<double>& m,
                        const std::vector<double>& a, const std::vector<double>& b, Tensor4d& y,
                        unsigned threads) {
    apply_plane_affine_impl(x, m, a, b, y, threads);
}
} // namespace detail

Result<Tensor4> normalize(const Tensor4& x, const NormStats& stats, const Affine& affine,
                          double eps, unsigned threads) {
    return normalize_impl(x, stats, affine, eps, threads);
}
Result<Tensor4d> normalize(const Tensor4d& x, const NormStats& stats, const Affine& affine,
                           double eps, unsigned threads) {
    return normalize_impl(x, stats, affine, eps, threads);
}

Status normalize_into(const Tensor4& x, const NormStats& stats, const Affine& affine, double eps,
                      Tensor4& y, unsigned threads) {
    if (auto st = check_normalize_args(x.shape, stats, affine, eps); !st) return st;
    y.shape = x.shape;
    y.data.resize(x.data.size());
    normalize_kernel(x, stats, affine, eps, y, threads);
    return Ok{};
}

namespace {

// Statistics and output fused per statistic: the planes that share one mean and variance (a
// channel across the batch for BatchNorm, C / G planes for GroupNorm, ...) are reduced and then
// normalised at once, while they are still in L1/L2, so the tensor is read from memory once.
// The merge order equals norm_stats_from_planes', so the results are bit-identical to
// norm_stats followed by normalize.
template <class T>
Status fused_forward(const BasicTensor4<T>& x, const NormConfig& cfg, const Affine& affine,
                     BasicTensor4<T>& y, NormStats& out) {
    LOSSLAB_ASSERT(x.consistent(), "tensor data size must equal its shape's element count");
    if (cfg.method == NormMethod::Group)
        if (auto st = check_groups(x.shape, cfg.groups); !st) return st;
    NormStats s;
    s.method = cfg.method;
    s.shape = x.shape;
    s.groups = cfg.method == NormMethod::Group ? cfg.groups : 1;
    if (auto st = check_normalize_args(x.shape, s, affine, cfg.eps); !st) return st;
    const std::size_t N = x.shape.n, C = x.shape.c, hw = x.shape.plane(), G = s.groups;
    const std::size_t per = C / G;
    std::size_t nstats = 0;
    switch (cfg.method) {
    case NormMethod::Batch:
        nstats = C, s.count = N * hw;
        break;
    case NormMethod::Layer:
        nstats = N, s.count = C * hw;
        break;
    case NormMethod::Instance:
        nstats = N * C, s.count = hw;
        break;
    case NormMethod::Group:
        nstats = N * G, s.count = per * hw;
        break;
    }
    s.mean.resize(nstats);
    s.var.resize(nstats);
    y.shape = x.shape;
    y.data.resize(x.data.size());

    auto for_planes = [&](std::size_t k, const auto& f) {
        switch (cfg.method) {
        case NormMethod::Batch:
            for (std::size_t n = 0; n < N; ++n)
                f(n, k);
            break;
        case NormMethod::Layer:
            for (std::size_t c = 0; c < C; ++c)
                f(k, c);
            break;
        case NormMethod::Instance:
            f(k / C, k % C);
            break;
        case NormMethod::Group:
            for (std::size_t c = (k % G) * per; c < (k % G + 1) * per; ++c)
                f(k / G, c);
            break;
        }
    };
    detail::parallel_for(nstats, detail::pick_threads(x.shape.numel(), cfg.threads),
                         [&](std::size_t b, std::size_t e) {
                             for (std::size_t k = b; k < e; ++k) {
                                 Moments m;
                                 for_planes(k, [&](std::size_t n, std::size_t c) {
                                     m = merge_moments(m, plane_kernel(x.plane(n, c), hw));
                                 });
                                 const double mean = m.count > 0 ? m.mean : kNaN,
                                              var = m.biased_var();
                                 s.mean[k] = mean;
                                 s.var[k] = var;
                                 for_planes(k, [&](std::size_t n, std::size_t c) {
                                     const double g = affine.gamma.empty() ? 1.0 : affine.gamma[c];
                                     const double be = affine.beta.empty() ? 0.0 : affine.beta[c];
                                     normalize_plane(x.plane(n, c), y.plane(n, c), hw, mean,
                                                     g / std::sqrt(var + cfg.eps), be);
                                 });
                             }
                         });
    out = std::move(s);
    return Ok{};
}

template <class T>
Result<NormOutput<T>> norm_forward_impl(const BasicTensor4<T>& x, const NormConfig& config,
                                        const Affine& affine) {
    NormOutput<T> out;
    if (auto st = fused_forward(x, config, affine, out.y, out.stats); !st) return st.error();
    return out;
}

} // namespace

Status norm_forward_into(const Tensor4& x, const NormConfig& config, const Affine& affine,
                         Tensor4& y, NormStats& stats) {
    return fused_forward(x, config, affine, y, stats);
}

Result<NormOutput<float>> norm_forward(const Tensor4& x, const NormConfig& config,
                                       const Affine& affine) {
    return norm_forward_impl(x, config, affine);
}
Result<NormOutput<double>> norm_forward(const Tensor4d& x, const NormConfig& config,
                                        const Affine& affine) {
    return norm_forward_impl(x, config, affine);
}

// [SECTION] BatchNorm with running statistics

RunningStats running_stats_init(std::size_t channels) {
    return {std::vector<double>(channels, 0.0), std::vector<double>(channels, 1.0)};
}

namespace {
template <class T>
Result<NormOutput<T>> batch_norm_impl(const BasicTensor4<T>& x, RunningStats& running,
                                      const Affine& affine, const BatchNormOptions& o) {
    const std::size_t C = x.shape.c;
    if (running.mean.size() != C || running.var.size() != C)
        return make_error("running statistics", std::to_string(C) + " means and variances",
                          std::to_string(running.mean.size()) + " and " +
                              std::to_string(running.var.size()));
    NormStats used;
    if (o.training) {
        const std::size_t count = x.shape.n * x.shape.plane();
        if (count <= 1)
            return make_error("BatchNorm in training", "more than 1 value per channel",
                              std::to_string(count) + " (input " + shape_text(x.shape) + ")");
        NormOutput<T> out;
        if (auto st = fused_forward(x, {NormMethod::Batch, 1, o.eps, o.threads}, affine, out.y,
                                    out.stats);
            !st)
            return st.error();
        const double unbias = double(count) / double(count - 1);
        for (std::size_t c = 0; c < C; ++c) {
            running.mean[c] = (1.0 - o.momentum) * running.mean[c] + o.momentum * out.stats.mean[c];
            running.var[c] =
                (1.0 - o.momentum) * running.var[c] + o.momentum * out.stats.var[c] * unbias;
        }
        return out;
    } else {
        used.method = NormMethod::Batch;
        used.shape = x.shape;
        used.count = x.shape.n * x.shape.plane();
        used.mean = running.mean;
        used.var = running.var;
    }
    auto y = normalize(x, used, affine, o.eps, o.threads);
    if (!y) return y.error();
    return NormOutput<T>{std::move(y).value(), std::move(used)};
}
} // namespace

Result<NormOutput<float>> batch_norm(const Tensor4& x, RunningStats& running, const Affine& affine,
                                     const BatchNormOptions& options) {
    return batch_norm_impl(x, running, affine, options);
}
Result<NormOutput<double>> batch_norm(const Tensor4d& x, RunningStats& running,
                                      const Affine& affine, const BatchNormOptions& options) {
    return batch_norm_impl(x, running, affine, options);
}

// [SECTION] Sharing

Result<StatsSharing> stats_sharing(NormMethod method, const Shape4& shape, std::size_t n,
                                   std::size_t c, std::size_t groups) {
    if (n >= shape.n || c >= shape.c) {
        std::string allowed = "n < ", got = "(";
        allowed += std::to_string(shape.n) + " and c < " + std::to_string(shape.c);
        got += std::to_string(n) + ", " + std::to_string(c) + ")";
        return make_error("element (n, c)", allowed, got);
    }
    switch (method) {
    case NormMethod::Batch:
        return StatsSharing{0, shape.n, c, c + 1};
    case NormMethod::Layer:
        return StatsSharing{n, n + 1, 0, shape.c};
    case NormMethod::Instance:
        return StatsSharing{n, n + 1, c, c + 1};
    case NormMethod::Group: {
        if (auto st = check_groups(shape, groups); !st) return st.error();
        const std::size_t per = shape.c / groups;
        return StatsSharing{n, n + 1, (c / per) * per, (c / per + 1) * per};
    }
    }
    return StatsSharing{};
}

Result<StatsSharing> stats_sharing(NormMethod method, const Shape4& shape, std::size_t n,
                                   std::size_t c, std::size_t h, std::size_t w,
                                   std::size_t groups) {
    if (h >= shape.h || w >= shape.w) {
        std::string allowed = "h < ", got = "(";
        allowed += std::to_string(shape.h) + " and w < " + std::to_string(shape.w);
        got += std::to_string(h) + ", " + std::to_string(w) + ")";
        return make_error("element (h, w)", allowed, got);
    }
    return stats_sharing(method, shape, n, c, groups);
}

} // namespace losslab
