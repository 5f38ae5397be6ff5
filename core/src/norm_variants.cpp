// [SECTION] Batch Renormalization
// [SECTION] Weight Norm and Spectral Norm
// [SECTION] ScaleNorm
// [SECTION] Switchable Norm and Batch-Instance Norm
// [SECTION] RMSNorm
// [SECTION] Batch-size effect

#include "losslab/norm_variants.hpp"

#include "losslab/assert.hpp"
#include "norm_detail.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

namespace losslab {

namespace {

Status check_affine(const Affine& a, std::size_t channels) {
    if (!a.gamma.empty() && a.gamma.size() != channels)
        return make_error("gamma", std::to_string(channels) + " values (one per channel) or none",
                          std::to_string(a.gamma.size()));
    if (!a.beta.empty() && a.beta.size() != channels)
        return make_error("beta", std::to_string(channels) + " values (one per channel) or none",
                          std::to_string(a.beta.size()));
    return Ok{};
}

double gamma_of(const Affine& a, std::size_t c) {
    return a.gamma.empty() ? 1.0 : a.gamma[c];
}
double beta_of(const Affine& a, std::size_t c) {
    return a.beta.empty() ? 0.0 : a.beta[c];
}

} // namespace

// [SECTION] Batch Renormalization

namespace {
template <class T>
Result<BatchRenormOutput<T>> batch_renorm_impl(const BasicTensor4<T>& x, RenormRunning& running,
                                               const Affine& affine, const BatchRenormOptions& o) {
    const std::size_t N = x.shape.n, C = x.shape.c;
    if (running.mean.size() != C || running.sigma.size() != C)
        return make_error("Batch Renorm moving statistics", std::to_string(C) + " means and sigmas",
                          std::to_string(running.mean.size()) + " and " +
                              std::to_string(running.sigma.size()));
    if (!(o.r_max >= 1.0)) return make_error("r_max", "a value >= 1", std::to_string(o.r_max));
    if (!(o.d_max >= 0.0)) return make_error("d_max", "a value >= 0", std::to_string(o.d_max));
    for (double s : running.sigma)
        if (!(s > 0.0)) return make_error("moving sigma", "values > 0", std::to_string(s));
    if (auto st = check_affine(affine, C); !st) return st.error();

    BatchRenormOutput<T> out;
    out.batch = std::move(norm_stats(x, {NormMethod::Batch}).value());
    out.r.resize(C);
    out.d.resize(C);
    out.r_clipped.resize(C);
    out.d_clipped.resize(C);
    std::vector<double> m(N * C), a(N * C), b(N * C);
    for (std::size_t c = 0; c < C; ++c) {
        const double mu_b = out.batch.mean[c];
        const double sigma_b = std::sqrt(out.batch.var[c] + o.eps);
        const double r_raw = sigma_b / running.sigma[c];
        const double d_raw = (mu_b - running.mean[c]) / running.sigma[c];
        const double r = std::clamp(r_raw, 1.0 / o.r_max, o.r_max);
        const double d = std::clamp(d_raw, -o.d_max, o.d_max);
        out.r[c] = r;
        out.d[c] = d;
        out.r_clipped[c] = r != r_raw;
        out.d_clipped[c] = d != d_raw;
        // ((x - mu_B) / sigma_B * r + d) * gamma + beta = (x - mu_B) * (gamma r / sigma_B)
        // + (beta + gamma d); with r = 1, d = 0 the factors equal BatchNorm's bit for bit.
        const double g = gamma_of(affine, c);
        for (std::size_t n = 0; n < N; ++n) {
            m[n * C + c] = mu_b;
            a[n * C + c] = g * r / sigma_b;
            b[n * C + c] = beta_of(affine, c) + g * d;
        }
    }
    detail::apply_plane_affine(x, m, a, b, out.y, 0);
    if (o.update_running)
        for (std::size_t c = 0; c < C; ++c) {
            running.mean[c] += o.momentum * (out.batch.mean[c] - running.mean[c]);
            running.sigma[c] +=
                o.momentum * (std::sqrt(out.batch.var[c] + o.eps) - running.sigma[c]);
        }
    return out;
}
} // namespace

Result<BatchRenormOutput<float>> batch_renorm(const Tensor4& x, RenormRunning& running,
                                              const Affine& affine,
                                              const BatchRenormOptions& options) {
    return batch_renorm_impl(x, running, affine, options);
}
Result<BatchRenormOutput<double>> batch_renorm(const Tensor4d& x, RenormRunning& running,
                                               const Affine& affine,
                                               const BatchRenormOptions& options) {
    return batch_renorm_impl(x, running, affine, options);
}

// [SECTION] Weight Norm and Spectral Norm

Result<Matrix> weight_norm(const Matrix& v, std::span<const double> g) {
    if (v.data.size() != v.rows * v.cols)
        return make_error("weight_norm v", std::to_string(v.rows * v.cols) + " values",
                          std::to_string(v.data.size()));
    if (g.size() != v.rows)
        return make_error("weight_norm g", std::to_string(v.rows) + " values (one per row)",
                          std::to_string(g.size()));
    Matrix w = v;
    for (std::size_t r = 0; r < v.rows; ++r) {
        double ss = 0.0;
        for (std::size_t c = 0; c < v.cols; ++c)
            ss += v(r, c) * v(r, c);
        const double scale = g[r] / std::sqrt(ss);
        for (std::size_t c = 0; c < v.cols; ++c)
            w.data[r * v.cols + c] = v(r, c) * scale;
    }
    return w;
}

namespace {
// F.normalize: z / max(||z||, eps).
void normalize_vec(std::vector<double>& z, double eps) {
    double ss = 0.0;
    for (double e : z)
        ss += e * e;
    const double norm = std::max(std::sqrt(ss), eps);
    for (double& e : z)
        e /= norm;
}
} // namespace

Result<SpectralEstimate> spectral_norm_power(const Matrix& w, std::span<const double> u0,
                                             std::span<const double> v0, int iterations,
                                             double eps) {
    if (w.data.size() != w.rows * w.cols)
        return make_error("spectral_norm weight", std::to_string(w.rows * w.cols) + " values",
                          std::to_string(w.data.size()));
    if (u0.size() != w.rows)
        return make_error("spectral_norm u", std::to_string(w.rows) + " values (rows)",
                          std::to_string(u0.size()));
    if (v0.size() != w.cols)
        return make_error("spectral_norm v", std::to_string(w.cols) + " values (columns)",
                          std::to_string(v0.size()));
    if (iterations < 0)
        return make_error("power iterations", "a count >= 0", std::to_string(iterations));
    SpectralEstimate est;
    est.u.assign(u0.begin(), u0.end());
    est.v.assign(v0.begin(), v0.end());
    std::vector<double> wv(w.rows);
    auto mul_wv = [&] {
        for (std::size_t r = 0; r < w.rows; ++r) {
            double s = 0.0;
            for (std::size_t c = 0; c < w.cols; ++c)
                s += w(r, c) * est.v[c];
            wv[r] = s;
        }
    };
    for (int it = 0; it < iterations; ++it) {
        // torch order: v from the current u, then u from the new v.
        std::fill(est.v.begin(), est.v.end(), 0.0);
        for (std::size_t r = 0; r < w.rows; ++r)
            for (std::size_t c = 0; c < w.cols; ++c)
                est.v[c] += w(r, c) * est.u[r];
        normalize_vec(est.v, eps);
        mul_wv();
        est.u = wv;
        normalize_vec(est.u, eps);
    }
    mul_wv();
    est.sigma = 0.0;
    for (std::size_t r = 0; r < w.rows; ++r)
        est.sigma += est.u[r] * wv[r];
    return est;
}

double largest_singular_value(const Matrix& w) {
    if (w.rows == 0 || w.cols == 0) return 0.0;
    LOSSLAB_ASSERT(w.data.size() == w.rows * w.cols, "matrix data must be rows * cols");
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> m(
        w.data.data(), Eigen::Index(w.rows), Eigen::Index(w.cols));
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(m);
    return svd.singularValues()(0);
}

std::vector<double> random_unit_vector(std::size_t n, std::uint64_t seed) {
    Xoshiro256 rng(seed);
    std::vector<double> z(n);
    for (double& e : z)
        e = rng.normal();
    normalize_vec(z, 1e-12);
    return z;
}

// [SECTION] ScaleNorm

std::vector<double> scale_norm(std::span<const double> x, double g, double eps) {
    double ss = 0.0;
    for (double e : x)
        ss += e * e;
    const double k = g / std::max(std::sqrt(ss), eps);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = x[i] * k;
    return y;
}

namespace {
template <class T> BasicTensor4<T> scale_norm_impl(const BasicTensor4<T>& x, double g, double eps) {
    const std::size_t N = x.shape.n, C = x.shape.c, len = x.shape.sample();
    std::vector<double> m(N * C, 0.0), a(N * C), b(N * C, 0.0);
    for (std::size_t n = 0; n < N; ++n) {
        // ||x||^2 = sum over planes of M2 + count * mean^2: reuses the accurate plane kernel.
        double ss = 0.0;
        for (std::size_t c = 0; c < C; ++c) {
            const Moments mo = array_moments(x.plane(n, c), x.shape.plane());
            if (mo.count > 0) ss += mo.m2 + mo.count * mo.mean * mo.mean;
        }
        (void)len;
        const double k = g / std::max(std::sqrt(ss), eps);
        for (std::size_t c = 0; c < C; ++c)
            a[n * C + c] = k;
    }
    BasicTensor4<T> y;
    detail::apply_plane_affine(x, m, a, b, y, 0);
    return y;
}
} // namespace

Tensor4 scale_norm(const Tensor4& x, double g, double eps) {
    return scale_norm_impl(x, g, eps);
}
Tensor4d scale_norm(const Tensor4d& x, double g, double eps) {
    return scale_norm_impl(x, g, eps);
}

// [SECTION] Switchable Norm and Batch-Instance Norm

SwitchableWeights switchable_weights(const std::array<double, 3>& mean_logits,
                                     const std::array<double, 3>& var_logits) {
    auto softmax = [](const std::array<double, 3>& z) {
        const double mx = std::max({z[0], z[1], z[2]});
        std::array<double, 3> e{};
        for (int k = 0; k < 3; ++k)
            e[k] = std::exp(z[k] - mx);
        const double s = e[0] + e[1] + e[2];
        for (double& v : e)
            v /= s;
        return e;
    };
    return {softmax(mean_logits), softmax(var_logits)};
}

namespace {

Status check_weights(const std::array<double, 3>& w, const char* what) {
    for (double v : w)
        if (!(v >= 0.0)) return make_error(what, "non-negative weights", std::to_string(v));
    const double s = w[0] + w[1] + w[2];
    if (!(std::fabs(s - 1.0) <= 1e-9))
        return make_error(what, "weights summing to 1", "a sum of " + std::to_string(s));
    return Ok{};
}

template <class T>
Result<SwitchableOutput<T>> switchable_impl(const BasicTensor4<T>& x, const SwitchableWeights& w,
                                            const Affine& affine, double eps) {
    if (auto st = check_weights(w.mean, "Switchable Norm mean"); !st) return st.error();
    if (auto st = check_weights(w.var, "Switchable Norm variance"); !st) return st.error();
    if (auto st = check_affine(affine, x.shape.c); !st) return st.error();
    const std::size_t N = x.shape.n, C = x.shape.c;
    const auto planes = plane_moments(x);
    const NormStats in = norm_stats_from_planes(planes, x.shape, NormMethod::Instance).value();
    const NormStats ln = norm_stats_from_planes(planes, x.shape, NormMethod::Layer).value();
    const NormStats bn = norm_stats_from_planes(planes, x.shape, NormMethod::Batch).value();
    SwitchableOutput<T> out;
    out.mean.resize(N * C);
    out.var.resize(N * C);
    std::vector<double> a(N * C), b(N * C);
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t c = 0; c < C; ++c) {
            const std::size_t p = n * C + c;
            // Zero-weight terms are skipped so that one-hot weights reproduce a method exactly
            // (and a NaN statistic of an unused method cannot leak in).
            double mean = 0.0, var = 0.0;
            const double mus[3] = {in.mean[p], ln.mean[n], bn.mean[c]};
            const double vars[3] = {in.var[p], ln.var[n], bn.var[c]};
            for (int k = 0; k < 3; ++k) {
                if (w.mean[k] != 0.0) mean += w.mean[k] * mus[k];
                if (w.var[k] != 0.0) var += w.var[k] * vars[k];
            }
            out.mean[p] = mean;
            out.var[p] = var;
            a[p] = gamma_of(affine, c) / std::sqrt(var + eps);
            b[p] = beta_of(affine, c);
        }
    detail::apply_plane_affine(x, out.mean, a, b, out.y, 0);
    return out;
}

template <class T>
Result<BasicTensor4<T>> batch_instance_impl(const BasicTensor4<T>& x, std::span<const double> rho,
                                            const Affine& affine, double eps) {
    const std::size_t N = x.shape.n, C = x.shape.c;
    if (rho.size() != C)
        return make_error("Batch-Instance Norm rho",
                          std::to_string(C) + " values (one per channel)",
                          std::to_string(rho.size()));
    if (auto st = check_affine(affine, C); !st) return st.error();
    const auto planes = plane_moments(x);
    const NormStats in = norm_stats_from_planes(planes, x.shape, NormMethod::Instance).value();
    const NormStats bn = norm_stats_from_planes(planes, x.shape, NormMethod::Batch).value();
    std::vector<double> m(N * C), a(N * C), b(N * C);
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t c = 0; c < C; ++c) {
            const std::size_t p = n * C + c;
            const double r = std::clamp(rho[c], 0.0, 1.0);
            const double ib = 1.0 / std::sqrt(bn.var[c] + eps);
            const double ii = 1.0 / std::sqrt(in.var[p] + eps);
            // r (x - mb) ib + (1 - r)(x - mi) ii = (x - centre) * k: one affine map per plane.
            // At r = 1 or 0 the other term is dropped, giving BN or IN's centre exactly.
            const double k = (r == 0.0 ? 0.0 : r * ib) + (r == 1.0 ? 0.0 : (1.0 - r) * ii);
            const double centre = r == 1.0 ? bn.mean[c]
                                  : r == 0.0
                                      ? in.mean[p]
                                      : (r * ib * bn.mean[c] + (1.0 - r) * ii * in.mean[p]) / k;
            const double g = gamma_of(affine, c);
            m[p] = centre;
            // Written as (r g) / sigma so that r = 1 or 0 gives normalize()'s factor g / sigma.
            a[p] = (r == 0.0 ? 0.0 : r * g / std::sqrt(bn.var[c] + eps)) +
                   (r == 1.0 ? 0.0 : (1.0 - r) * g / std::sqrt(in.var[p] + eps));
            b[p] = beta_of(affine, c);
        }
    BasicTensor4<T> y;
    detail::apply_plane_affine(x, m, a, b, y, 0);
    return y;
}

} // namespace

Result<SwitchableOutput<float>> switchable_norm(const Tensor4& x, const SwitchableWeights& w,
                                                const Affine& affine, double eps) {
    return switchable_impl(x, w, affine, eps);
}
Result<SwitchableOutput<double>> switchable_norm(const Tensor4d& x, const SwitchableWeights& w,
                                                 const Affine& affine, double eps) {
    return switchable_impl(x, w, affine, eps);
}
Result<BasicTensor4<float>> batch_instance_norm(const Tensor4& x, std::span<const double> rho,
                                                const Affine& affine, double eps) {
    return batch_instance_impl(x, rho, affine, eps);
}
Result<BasicTensor4<double>> batch_instance_norm(const Tensor4d& x, std::span<const double> rho,
                                                 const Affine& affine, double eps) {
    return batch_instance_impl(x, rho, affine, eps);
}

// [SECTION] RMSNorm

namespace {

Status check_rms_rows(std::size_t size, std::size_t normalized_size) {
    if (normalized_size == 0 || size % normalized_size != 0)
        return make_error("RMSNorm normalized size",
                          "a count >= 1 dividing the " + std::to_string(size) + " elements",
                          std::to_string(normalized_size));
    return Ok{};
}

Status check_rms_eps(double eps) {
    if (!(eps >= 0.0) || !std::isfinite(eps))
        return make_error("RMSNorm eps", "a finite value >= 0", std::to_string(eps));
    return Ok{};
}

// Neumaier's compensated sum of x[i]^2 (each square exact to half an ulp).
template <class T> double sum_squares(const T* x, std::size_t len) {
    double sum = 0.0, comp = 0.0;
    for (std::size_t i = 0; i < len; ++i) {
        const double v = double(x[i]) * double(x[i]);
        const double t = sum + v;
        comp += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
    return sum + comp;
}

template <class T>
Result<std::vector<T>> rms_norm_impl(std::span<const T> x, std::size_t normalized_size,
                                     std::span<const double> weight, double eps) {
    if (auto st = check_rms_rows(x.size(), normalized_size); !st) return st.error();
    if (!weight.empty() && weight.size() != normalized_size)
        return make_error("RMSNorm weight",
                          std::to_string(normalized_size) + " values (normalized shape) or none",
                          std::to_string(weight.size()) + " values");
    if (auto st = check_rms_eps(eps); !st) return st.error();
    std::vector<T> y(x.size());
    for (std::size_t r = 0; r < x.size() / normalized_size; ++r) {
        const T* row = x.data() + r * normalized_size;
        const double ms = sum_squares(row, normalized_size) / double(normalized_size);
        const double k = 1.0 / std::sqrt(ms + eps);
        // x * (k w), the order of the tensor form's per-plane multiplier.
        for (std::size_t i = 0; i < normalized_size; ++i)
            y[r * normalized_size + i] =
                T(double(row[i]) * (k * (weight.empty() ? 1.0 : weight[i])));
    }
    return y;
}

template <class T>
Result<BasicTensor4<T>> rms_normalize_impl(const BasicTensor4<T>& x, const RmsStats& stats,
                                           std::span<const double> gamma, double eps) {
    const std::size_t N = x.shape.n, C = x.shape.c;
    if (!(stats.shape == x.shape) || stats.mean_square.size() != N)
        return make_error("RMSNorm statistics", "one mean square per sample of this tensor",
                          std::to_string(stats.mean_square.size()) + " values");
    if (!gamma.empty() && gamma.size() != C)
        return make_error("gamma", std::to_string(C) + " values (one per channel) or none",
                          std::to_string(gamma.size()) + " values");
    if (auto st = check_rms_eps(eps); !st) return st.error();
    std::vector<double> m(N * C, 0.0), a(N * C), b(N * C, 0.0);
    for (std::size_t n = 0; n < N; ++n) {
        const double k = 1.0 / std::sqrt(stats.mean_square[n] + eps);
        for (std::size_t c = 0; c < C; ++c)
            a[n * C + c] = k * (gamma.empty() ? 1.0 : gamma[c]);
    }
    BasicTensor4<T> y;
    detail::apply_plane_affine(x, m, a, b, y, 0);
    return y;
}

} // namespace

Result<std::vector<double>> rms_mean_squares(std::span<const double> x,
                                             std::size_t normalized_size) {
    if (auto st = check_rms_rows(x.size(), normalized_size); !st) return st.error();
    std::vector<double> ms(x.size() / normalized_size);
    for (std::size_t r = 0; r < ms.size(); ++r)
        ms[r] =
            sum_squares(x.data() + r * normalized_size, normalized_size) / double(normalized_size);
    return ms;
}

Result<std::vector<double>> rms_norm(std::span<const double> x, std::size_t normalized_size,
                                     std::span<const double> weight, double eps) {
    return rms_norm_impl(x, normalized_size, weight, eps);
}
Result<std::vector<float>> rms_norm(std::span<const float> x, std::size_t normalized_size,
                                    std::span<const double> weight, double eps) {
    return rms_norm_impl(x, normalized_size, weight, eps);
}

RmsStats rms_stats_from_planes(const std::vector<Moments>& planes, const Shape4& shape) {
    LOSSLAB_ASSERT(planes.size() == shape.n * shape.c, "one Moments per (n, c) plane");
    RmsStats s;
    s.shape = shape;
    s.count = shape.sample();
    s.mean_square.assign(shape.n, 0.0);
    for (std::size_t n = 0; n < shape.n; ++n) {
        double ss = 0.0;
        for (std::size_t c = 0; c < shape.c; ++c) {
            const Moments& mo = planes[n * shape.c + c];
            if (mo.count > 0) ss += mo.m2 + mo.count * mo.mean * mo.mean;
        }
        s.mean_square[n] = s.count > 0 ? ss / double(s.count) : 0.0;
    }
    return s;
}

RmsStats rms_norm_stats(const Tensor4& x) {
    return rms_stats_from_planes(plane_moments(x), x.shape);
}
RmsStats rms_norm_stats(const Tensor4d& x) {
    return rms_stats_from_planes(plane_moments(x), x.shape);
}

Result<Tensor4> rms_normalize(const Tensor4& x, const RmsStats& stats,
                              std::span<const double> gamma, double eps) {
    return rms_normalize_impl(x, stats, gamma, eps);
}
Result<Tensor4d> rms_normalize(const Tensor4d& x, const RmsStats& stats,
                               std::span<const double> gamma, double eps) {
    return rms_normalize_impl(x, stats, gamma, eps);
}

// [SECTION] Batch-size effect

Result<std::vector<BatchSizeEffectPoint>> batch_size_effect(const Tensor4& x,
                                                            const BatchSizeEffectParams& p) {
    return batch_size_effect(plane_moments(x), x.shape, p);
}

Result<std::vector<BatchSizeEffectPoint>> batch_size_effect(const std::vector<Moments>& planes,
                                                            const Shape4& shape,
                                                            const BatchSizeEffectParams& p) {
    const std::size_t N = shape.n, C = shape.c;
    if (planes.size() != N * C)
        return make_error("plane moments", std::to_string(N * C) + " (N x C)",
                          std::to_string(planes.size()));
    if (p.channel >= C)
        return make_error("channel", "a value < " + std::to_string(C), std::to_string(p.channel));
    if (p.target >= N)
        return make_error("target sample", "a value < " + std::to_string(N),
                          std::to_string(p.target));
    if (p.trials < 2) return make_error("trials", "at least 2", std::to_string(p.trials));
    for (std::size_t b : p.batch_sizes)
        if (b == 0 || b > N)
            return make_error("batch size", "a value in [1, " + std::to_string(N) + "]",
                              std::to_string(b));
    auto gn = norm_stats_from_planes(planes, shape, NormMethod::Group, p.groups);
    if (!gn) return gn.error();
    const NormStats ln = norm_stats_from_planes(planes, shape, NormMethod::Layer).value();

    // Population variance of the other samples' channel means, for the exact formula.
    Moments others;
    for (std::size_t n = 0; n < N; ++n)
        if (n != p.target) {
            const Moments& m = planes[n * C + p.channel];
            others = merge_moments(others, Moments{1.0, m.mean, 0.0});
        }
    const double s2 = others.count > 0 ? others.biased_var() : 0.0;
    const double M = double(N - 1);

    // Every plane of the channel holds H W values (a tensor's planes do): then the count
    // ratios of merging the i-th plane into the batch are the same in every trial, and are
    // taken from a table, which keeps the divisions out of the merge chain (the same
    // operations on the same values as merge_moments, so the same numbers).
    const std::size_t max_b =
        p.batch_sizes.empty() ? 1 : *std::max_element(p.batch_sizes.begin(), p.batch_sizes.end());
    const double hw = planes[p.target * C + p.channel].count;
    bool equal_counts = hw > 0;
    for (std::size_t n = 0; n < N && equal_counts; ++n)
        equal_counts = planes[n * C + p.channel].count == hw;
    std::vector<double> ratio_mean, ratio_m2; // for the merge that makes i + 2 planes
    if (equal_counts)
        for (std::size_t i = 0; i + 1 < max_b; ++i) {
            const double a_count = double(i + 1) * hw; // exact: the sum of i + 1 counts hw
            const double n = a_count + hw;
            ratio_mean.push_back(hw / n);
            ratio_m2.push_back(a_count * hw / n);
        }

    Xoshiro256 rng(p.seed);
    std::vector<std::size_t> pool(N - 1);
    std::vector<BatchSizeEffectPoint> out;
    for (std::size_t B : p.batch_sizes) {
        Moments bn_mean, bn_var, gn_mean, ln_mean;
        for (std::size_t t = 0; t < p.trials; ++t) {
            // Partial Fisher-Yates over the candidates: the first B - 1 are the batch.
            std::size_t k = 0;
            for (std::size_t n = 0; n < N; ++n)
                if (n != p.target) pool[k++] = n;
            Moments batch = planes[p.target * C + p.channel];
            for (std::size_t i = 0; i + 1 < B; ++i) {
                const std::size_t j = i + std::size_t(rng.below(pool.size() - i));
                std::swap(pool[i], pool[j]);
                const Moments& b = planes[pool[i] * C + p.channel];
                if (equal_counts) {
                    const double delta = b.mean - batch.mean;
                    batch = {batch.count + hw, batch.mean + delta * ratio_mean[i],
                             batch.m2 + b.m2 + delta * delta * ratio_m2[i]};
                } else {
                    batch = merge_moments(batch, b);
                }
            }
            bn_mean = merge_moments(bn_mean, {1.0, batch.mean, 0.0});
            bn_var = merge_moments(bn_var, {1.0, batch.biased_var(), 0.0});
            // The target's GroupNorm / LayerNorm statistics do not look at the batch at all.
            const NormStats& g = gn.value();
            gn_mean = merge_moments(gn_mean, {1.0, g.mean[g.stat_index(p.target, p.channel)], 0.0});
            ln_mean = merge_moments(ln_mean, {1.0, ln.mean[p.target], 0.0});
        }
        BatchSizeEffectPoint pt;
        pt.batch_size = B;
        pt.bn_mean_std = std::sqrt(bn_mean.unbiased_var());
        pt.bn_var_std = std::sqrt(bn_var.unbiased_var());
        pt.gn_mean_std = std::sqrt(gn_mean.unbiased_var());
        pt.ln_mean_std = std::sqrt(ln_mean.unbiased_var());
        const double m = double(B - 1);
        pt.bn_mean_std_theory = M > 1.0 ? std::sqrt(m * s2 * (M - m) / (M - 1.0)) / double(B) : 0.0;
        out.push_back(pt);
    }
    return out;
}

} // namespace losslab
