// [SECTION] Draws         GeneratorDraws: the generator's normals, the affine rebuild
// [SECTION] Cache         NormalizationLab: tensor, statistics, tab data
#include "model/labs/lab_normalization_cache.hpp"

#include "model/labs/lab_normalization.hpp"
#include "model/io/npy_io.hpp"
#include "plot/plot_layout.hpp" // format_value

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace losslab::model {

// [SECTION] Draws --------------------------------------------------------------------------

namespace {

// Folds the finite values of v[0, n) into [lo, hi].
void fold_finite_range(const float* v, std::size_t n, float& lo, float& hi) {
    std::size_t i = 0;
#if defined(__SSE2__)
    // Four lanes at a time: a lane is finite when x - x == 0 (NaN and +-inf give NaN).
    __m128 vlo = _mm_set1_ps(lo), vhi = _mm_set1_ps(hi);
    for (; i + 4 <= n; i += 4) {
        const __m128 x = _mm_loadu_ps(v + i);
        const __m128 ok = _mm_cmpeq_ps(_mm_sub_ps(x, x), _mm_setzero_ps());
        vlo = _mm_min_ps(vlo, _mm_or_ps(_mm_and_ps(ok, x), _mm_andnot_ps(ok, vlo)));
        vhi = _mm_max_ps(vhi, _mm_or_ps(_mm_and_ps(ok, x), _mm_andnot_ps(ok, vhi)));
    }
    alignas(16) float l[4], h[4];
    _mm_store_ps(l, vlo);
    _mm_store_ps(h, vhi);
    for (int k = 0; k < 4; ++k) {
        lo = std::min(lo, l[k]);
        hi = std::max(hi, h[k]);
    }
#endif
    for (; i < n; ++i) {
        const bool ok = std::isfinite(v[i]);
        lo = std::min(lo, ok ? v[i] : lo);
        hi = std::max(hi, ok ? v[i] : hi);
    }
}

// The bin of one value as histogram_counts defines it (non-finite: `bins`, dropped).
std::int32_t exact_bin(float v, double lo, double width, double last, int bins) {
    if (!std::isfinite(v)) return bins;
    const double d = (double(v) - lo) / width;
    return std::int32_t(std::min(std::max(d, 0.0), last));
}

// Bins of v[0, n) into idx. Four lanes at a time in float (v - lo) * (1 / width): within
// 2e-7 relative of the exact quotient, so its integer part is the exact bin unless the
// quotient is within 1e-4 of an integer; those lanes (a few in 10^4) are redone exactly.
void bin_block(const float* v, std::size_t n, double lo, double width, int bins,
               std::int32_t* idx) {
    const double last = double(bins - 1);
    std::size_t i = 0;
#if defined(__SSE2__)
    const float lo_f = float(lo);
    // The float path needs lo to be a float (finite_range gives one) and the quotient to stay
    // far below 2^23 so its integer part and fraction are exact in float.
    if (double(lo_f) == lo && bins < (1 << 20)) {
        const __m128 vlo = _mm_set1_ps(lo_f), vinv = _mm_set1_ps(float(1.0 / width));
        const __m128 vlast = _mm_set1_ps(float(last)), zero = _mm_setzero_ps();
        const __m128 near_lo = _mm_set1_ps(1e-4f), near_hi = _mm_set1_ps(1.0f - 1e-4f);
        const __m128i vbins = _mm_set1_epi32(bins);
        for (; i + 4 <= n; i += 4) {
            const __m128 x = _mm_loadu_ps(v + i);
            const __m128 ok = _mm_cmpeq_ps(_mm_sub_ps(x, x), zero);
            const __m128 q = _mm_mul_ps(_mm_sub_ps(_mm_and_ps(ok, x), _mm_and_ps(ok, vlo)), vinv);
            const __m128 c = _mm_min_ps(_mm_max_ps(q, zero), vlast);
            const __m128i k = _mm_cvttps_epi32(c);
            const __m128 frac = _mm_sub_ps(q, _mm_cvtepi32_ps(k));
            const int near = _mm_movemask_ps(_mm_and_ps(
                ok, _mm_or_ps(_mm_cmplt_ps(frac, near_lo), _mm_cmpgt_ps(frac, near_hi))));
            const __m128i oki = _mm_castps_si128(ok);
            const __m128i out = _mm_or_si128(_mm_and_si128(oki, k), _mm_andnot_si128(oki, vbins));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(idx + i), out);
            if (near)
                for (int l = 0; l < 4; ++l)
                    if (near & (1 << l)) idx[i + l] = exact_bin(v[i + l], lo, width, last, bins);
        }
    }
#endif
    for (; i < n; ++i) idx[i] = exact_bin(v[i], lo, width, last, bins);
}

} // namespace

std::pair<double, double> finite_range(const std::vector<float>& a, const std::vector<float>& b) {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    fold_finite_range(a.data(), a.size(), lo, hi);
    fold_finite_range(b.data(), b.size(), lo, hi);
    double l = lo, h = hi;
    if (!(l < h)) {
        l = std::isfinite(l) ? l - 1.0 : -1.0;
        h = std::isfinite(h) ? h + 1.0 : 1.0;
    }
    return {l, h};
}

std::vector<double> histogram_counts(const std::vector<float>& data, double lo, double hi,
                                     int bins) {
    bins = std::max(1, bins);
    const double width = (hi - lo) / bins;
    // One extra slot per bin row for the non-finite values, which are dropped.
    const std::size_t stride = std::size_t(bins) + 1;
    constexpr std::size_t kBlock = 1024;
    std::int32_t idx[kBlock];
    std::vector<double> out(std::size_t(bins), 0.0);
    if (bins <= 128) {
        // Up to 128 bins: one count per pair of values, in a (bins + 1)^2 table of pairs (26 kB
        // for 80 bins, in L1), then each bin is its row's plus its column's total. Half the
        // memory increments of counting one value at a time, and equal pairs in a row are rare.
        std::vector<std::uint32_t> pairs(stride * stride, 0);
        std::uint32_t single[129 + 1] = {};
        for (std::size_t at = 0; at < data.size(); at += kBlock) {
            const std::size_t m = std::min(kBlock, data.size() - at);
            bin_block(data.data() + at, m, lo, width, bins, idx);
            std::size_t i = 0;
            for (; i + 2 <= m; i += 2)
                ++pairs[std::size_t(idx[i]) * stride + std::size_t(idx[i + 1])];
            if (i < m) ++single[idx[i]];
        }
        for (std::size_t a = 0; a < stride; ++a)
            for (std::size_t b = 0; b < stride; ++b) {
                const std::uint32_t n = pairs[a * stride + b];
                if (a < std::size_t(bins)) out[a] += n;
                if (b < std::size_t(bins)) out[b] += n;
            }
        for (std::size_t b = 0; b < std::size_t(bins); ++b) out[b] += single[b];
        return out;
    }
    // Four interleaved count arrays (no store-to-load chain on a run of equal bins).
    std::vector<std::uint32_t> counts(4 * stride, 0);
    for (std::size_t at = 0; at < data.size(); at += kBlock) {
        const std::size_t m = std::min(kBlock, data.size() - at);
        bin_block(data.data() + at, m, lo, width, bins, idx);
        for (std::size_t i = 0; i < m; ++i)
            ++counts[(i & 3) * stride + std::size_t(idx[i])];
    }
    for (std::size_t k = 0; k < 4; ++k)
        for (std::size_t b = 0; b < std::size_t(bins); ++b)
            out[b] += counts[k * stride + b];
    return out;
}

namespace {

// The generator's affine map of one plane's normals into floats: compiled for AVX-512, AVX2
// and baseline x86-64 and picked at load time (the app is built without -march flags). ISO
// C++ mode keeps floating-point contraction off, so every clone rounds as the scalar code.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void affine_plane(const double* __restrict z, float* __restrict dst, std::size_t n,
                  double base_mean, double base_std, double scale, double shift) {
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = static_cast<float>((base_mean + base_std * z[i]) * scale + shift);
}

} // namespace

Status GeneratorDraws::draw(const Shape4& shape, std::uint64_t seed) {
    const Key key{shape, seed};
    if (m_key && *m_key == key) return Ok{};
    if (auto st = check_tensor_size(shape); !st) return st.error();
    m_key.reset();
    // The stream of generate_activations: C channel pairs, N sample pairs, then one normal
    // per element in NCHW order.
    Xoshiro256 rng(seed);
    m_channel.resize(2 * shape.c);
    m_sample.resize(2 * shape.n);
    for (double& z : m_channel)
        z = rng.normal();
    for (double& z : m_sample)
        z = rng.normal();
    m_elements.resize(shape.numel());
    for (double& z : m_elements)
        z = rng.normal();
    m_key = key;
    return Ok{};
}

void GeneratorDraws::build(const GeneratorParams& p, Tensor4& out,
                           std::vector<Moments>* planes, bool only_cross) const {
    if (!m_key) return;
    const Shape4 shape = m_key->shape;
    if (!(out.shape == shape) || out.data.size() != shape.numel()) out = Tensor4(shape);
    // The arithmetic of generate_activations, operation for operation, so the floats match.
    std::vector<double> ch_shift(shape.c), ch_scale(shape.c), sm_shift(shape.n), sm_scale(shape.n);
    for (std::size_t c = 0; c < shape.c; ++c) {
        ch_shift[c] = p.channel_shift_std * m_channel[2 * c];
        ch_scale[c] = std::exp(p.channel_log_scale_std * m_channel[2 * c + 1]);
    }
    for (std::size_t n = 0; n < shape.n; ++n) {
        sm_shift[n] = p.sample_shift_std * m_sample[2 * n];
        sm_scale[n] = std::exp(p.sample_log_scale_std * m_sample[2 * n + 1]);
    }
    const std::size_t hw = shape.plane();
    const double base_mean = p.base_mean, base_std = p.base_std;
    if (planes) planes->assign(shape.n * shape.c, Moments{});
    for (std::size_t n = 0; n < shape.n; ++n)
        for (std::size_t c = 0; c < shape.c; ++c) {
            if (only_cross && n != 0 && c != 0) continue;
            const double scale = ch_scale[c] * sm_scale[n];
            const double shift = ch_shift[c] + sm_shift[n];
            const std::size_t at = (n * shape.c + c) * hw;
            const double* z = m_elements.data() + at;
            float* dst = out.data.data() + at;
            affine_plane(z, dst, hw, base_mean, base_std, scale, shift);
            if (planes) (*planes)[n * shape.c + c] = array_moments(dst, hw);
        }
}

// [SECTION] Cache --------------------------------------------------------------------------

namespace {

constexpr std::size_t kRunningSteps = 60;
constexpr std::size_t kMinPopulation = 16;
constexpr std::size_t kGeneratedPopulation = 64;

std::string shape_text(const Shape4& s) {
    return fmt::format("{}×{}×{}×{}", s.n, s.c, s.h, s.w);
}

// The first `b` samples of x.
Tensor4 first_samples(const Tensor4& x, std::size_t b) {
    b = std::clamp<std::size_t>(b, 1, x.shape.n);
    Tensor4 out(Shape4{b, x.shape.c, x.shape.h, x.shape.w});
    std::copy_n(x.data.begin(), out.data.size(), out.data.begin());
    return out;
}

std::string range_text(std::size_t b, std::size_t e, const char* one, const char* many) {
    if (e - b == 1) return fmt::format("{} {}", one, b);
    return fmt::format("{} {}–{}", many, b, e - 1);
}

} // namespace

Result<std::string> NormalizationLab::load(const std::filesystem::path& path) {
    auto read = read_npy(path);
    if (!read) return read.error();
    if (read.value().tensor.shape.numel() == 0)
        return make_error(path.string(), "a tensor with at least one element", read.value().note);
    m_loaded = std::move(read.value().tensor);
    m_loaded_path = path.string();
    m_loaded_note = read.value().note;
    m_path_error.clear();
    m_tensor_key.reset(); // the next update() picks the file up
    return m_loaded_note;
}

void NormalizationLab::update(const NormalizationLabState& s) {
    m_state = s;
    const TensorKey key{normalization_shape(s),
                        {s.channel_shift, s.channel_scale, s.sample_shift, s.sample_scale},
                        s.seed,
                        s.input_path};
    if (m_tensor_key.stale(key)) {
        bool have = false, built = false;
        if (!s.input_path.empty()) {
            if (s.input_path != m_loaded_path) {
                if (auto r = load(s.input_path); !r) m_path_error = r.error().message;
                (void)m_tensor_key.stale(key); // load() forgot it
            }
            if (s.input_path == m_loaded_path) {
                m_x = m_loaded;
                m_source =
                    fmt::format("{}: {}", std::filesystem::path(m_loaded_path).filename().string(),
                                m_loaded_note);
                have = true;
            }
        } else {
            m_path_error.clear();
        }
        if (!have && (s.input_path.empty() || m_x.data.empty())) {
            // Same numbers as generate_activations: the draws are kept, a spread change is
            // one affine pass per plane.
            if (auto ok = m_draws.draw(key.shape, std::uint64_t(s.seed)); ok) {
                m_draws.build(normalization_generator_params(s), m_x, &m_planes);
                m_source = fmt::format("generated {}, seed {}", shape_text(key.shape), s.seed);
                built = true;
            } else {
                m_path_error = ok.error().message;
            }
        }
        ++m_version;
        if (!built) m_planes = plane_moments(m_x);
        for (auto& st : m_stats)
            st.reset();
    }
    const std::size_t c = m_x.shape.c;
    m_groups = normalization_effective_groups(c, std::size_t(std::max(1, s.groups)));
    m_message = m_path_error;
    if (std::size_t(s.groups) != m_groups) {
        if (!m_message.empty()) m_message += "\n";
        m_message += fmt::format("GroupNorm's G = {} does not divide C = {}: showing G = {}",
                                 s.groups, c, m_groups);
    }
    auto& gn = m_stats[std::size_t(NormMethod::Group)];
    if (gn && gn->groups != m_groups) gn.reset();
}

const NormStats& NormalizationLab::stats(NormMethod m) {
    auto& slot = m_stats[std::size_t(m)];
    if (!slot) {
        auto r =
            norm_stats_from_planes(m_planes, m_x.shape, m, m == NormMethod::Group ? m_groups : 1);
        // m_groups always divides C, so the core cannot refuse.
        slot = r ? std::move(r.value()) : NormStats{};
    }
    return *slot;
}

const std::vector<float>& NormalizationLab::plane_mean() {
    const auto& s = m_state;
    if (m_heat_key.stale(
            {m_version, s.method, s.groups, s.sw_in, s.sw_ln, s.sw_bn, s.eps, s.rho})) {
        const Shape4 sh = m_x.shape;
        m_plane_mean.assign(sh.n * sh.c, 0.0f);
        m_plane_var.assign(sh.n * sh.c, 0.0f);
        const NormLabMethod m = normalization_method(m_state);
        const double eps = m_state.eps;
        if (m == NormLabMethod::Switchable) {
            auto out = switchable_norm(m_x, switchable(), {}, eps);
            if (out)
                for (std::size_t i = 0; i < sh.n * sh.c; ++i) {
                    m_plane_mean[i] = float(out.value().mean[i]);
                    m_plane_var[i] = float(out.value().var[i]);
                }
        } else if (m == NormLabMethod::BatchInstance) {
            // rho (x - mu_B) / sigma_B + (1 - rho) (x - mu_I) / sigma_I = (x - m) / s with
            // 1 / s = rho / sigma_B + (1 - rho) / sigma_I and m = s (rho mu_B / sigma_B +
            // (1 - rho) mu_I / sigma_I): shown as m and v = s^2 - eps, so that the plane is
            // normalised by (x - m) / sqrt(v + eps) like the other methods.
            const double rho = std::clamp(m_state.rho, 0.0, 1.0);
            const NormStats& bn = stats(NormMethod::Batch);
            const NormStats& in = stats(NormMethod::Instance);
            for (std::size_t n = 0; n < sh.n; ++n)
                for (std::size_t ch = 0; ch < sh.c; ++ch) {
                    const std::size_t kb = bn.stat_index(n, ch), ki = in.stat_index(n, ch);
                    const double sb = std::sqrt(bn.var[kb] + eps);
                    const double si = std::sqrt(in.var[ki] + eps);
                    const double inv = rho / sb + (1.0 - rho) / si;
                    const double sd = 1.0 / inv;
                    m_plane_mean[n * sh.c + ch] =
                        float(sd * (rho * bn.mean[kb] / sb + (1.0 - rho) * in.mean[ki] / si));
                    m_plane_var[n * sh.c + ch] = float(std::max(0.0, sd * sd - eps));
                }
        } else if (m == NormLabMethod::Scale || m == NormLabMethod::Rms) {
            // One statistic per sample over (C, H, W): mean(x^2); RMSNorm divides by
            // sqrt(mean(x^2) + eps), ScaleNorm by ||x||_2 (times 1/g).
            const RmsStats rs = rms_stats_from_planes(m_planes, sh);
            for (std::size_t n = 0; n < sh.n; ++n) {
                const double ms = rs.mean_square[n];
                const double second = m == NormLabMethod::Rms
                                          ? std::sqrt(ms + eps)
                                          : std::max(std::sqrt(ms * double(rs.count)), eps);
                for (std::size_t ch = 0; ch < sh.c; ++ch) {
                    m_plane_mean[n * sh.c + ch] = float(ms);
                    m_plane_var[n * sh.c + ch] = float(second);
                }
            }
        } else {
            const NormStats& st = stats(normalization_base_methods(m).front());
            for (std::size_t n = 0; n < sh.n; ++n)
                for (std::size_t ch = 0; ch < sh.c; ++ch) {
                    const std::size_t k = st.stat_index(n, ch);
                    m_plane_mean[n * sh.c + ch] = float(st.mean[k]);
                    m_plane_var[n * sh.c + ch] = float(st.var[k]);
                }
        }
    }
    return m_plane_mean;
}

const std::vector<float>& NormalizationLab::plane_var() {
    plane_mean();
    return m_plane_var;
}

std::vector<NormSharingBlock> NormalizationLab::sharing(std::size_t n, std::size_t c) const {
    std::vector<NormSharingBlock> out;
    for (NormMethod m : normalization_base_methods(normalization_method(m_state))) {
        auto b = stats_sharing(m, m_x.shape, n, c, m == NormMethod::Group ? m_groups : 1);
        if (b) out.push_back({m, b.value()});
    }
    return out;
}

StatsSharing NormalizationLab::sharing_of(NormMethod m, std::size_t n, std::size_t c) const {
    auto b = stats_sharing(m, m_x.shape, n, c, m == NormMethod::Group ? m_groups : 1);
    return b ? b.value() : StatsSharing{};
}

std::string NormalizationLab::sharing_text(std::size_t n, std::size_t c) {
    const Shape4 sh = m_x.shape;
    if (n >= sh.n || c >= sh.c) return {};
    const auto blocks = sharing(n, c);
    const NormLabMethod m = normalization_method(m_state);
    const bool no_mean = m == NormLabMethod::Scale || m == NormLabMethod::Rms;
    std::string text = fmt::format("(n, c) = ({}, {})", n, c);
    for (const auto& blk : blocks) {
        const auto& b = blk.block;
        const std::size_t count = (b.n_end - b.n_begin) * (b.c_end - b.c_begin) * sh.plane();
        text += fmt::format("\n{}: {} elements share one {} ({} × {} × all {}×{} positions)",
                            no_mean ? normalization_method_name(m)
                                    : std::string(norm_method_name(blk.method)),
                            count, no_mean ? "mean of x²" : "mean and variance",
                            range_text(b.n_begin, b.n_end, "sample", "samples"),
                            range_text(b.c_begin, b.c_end, "channel", "channels"), sh.h, sh.w);
    }
    const auto& mean = plane_mean();
    const auto& var = plane_var();
    const NormPlaneStatNames names = normalization_plane_stat_names(m);
    text += fmt::format("\n{} {}, {} {}", names.first, plot::format_value(mean[n * sh.c + c], 5),
                        names.second, plot::format_value(var[n * sh.c + c], 5));
    switch (m) {
    case NormLabMethod::BatchInstance:
        text += fmt::format("\nρ BN + (1 − ρ) IN with ρ = {} is (x − m) / √(v + ε) on this plane",
                            plot::format_value(std::clamp(m_state.rho, 0.0, 1.0), 3));
        break;
    case NormLabMethod::Scale:
        text += "\nNo mean is subtracted: y = g x / ‖x‖₂ with g = √(C H W)";
        break;
    case NormLabMethod::Rms:
        text += "\nNo mean is subtracted: y = x / √(mean x² + ε)";
        break;
    default:
        break;
    }
    return text;
}

const Tensor4& NormalizationLab::before() {
    if (normalization_method(m_state) == NormLabMethod::Renorm) return renorm().batch;
    return m_x;
}

const Tensor4& NormalizationLab::output() {
    const auto& s = m_state;
    if (!m_out_key.stale({m_version, s.method, s.groups, s.eps, s.sw_in, s.sw_ln, s.sw_bn, s.rho,
                          s.r_max, s.d_max, s.batch}))
        return m_y;
    const NormLabMethod m = normalization_method(m_state);
    const double eps = m_state.eps;
    switch (m) {
    case NormLabMethod::Batch:
    case NormLabMethod::Layer:
    case NormLabMethod::Instance:
    case NormLabMethod::Group: {
        const NormStats& st = stats(normalization_base_methods(m).front());
        (void)normalize_into(m_x, st, {}, eps, m_y);
        break;
    }
    case NormLabMethod::Renorm:
        m_y = renorm().y;
        break;
    case NormLabMethod::Switchable: {
        auto out = switchable_norm(m_x, switchable(), {}, eps);
        if (out) m_y = std::move(out.value().y);
        break;
    }
    case NormLabMethod::BatchInstance: {
        const std::vector<double> rho(m_x.shape.c, m_state.rho);
        auto out = batch_instance_norm(m_x, rho, {}, eps);
        if (out) m_y = std::move(out.value());
        break;
    }
    case NormLabMethod::Scale:
        // g = sqrt(C H W), ScaleNorm's initial value, puts the output at unit RMS per element.
        m_y = scale_norm(m_x, std::sqrt(double(m_x.shape.sample())), eps);
        break;
    case NormLabMethod::Rms: {
        auto out = rms_normalize(m_x, rms_stats_from_planes(m_planes, m_x.shape), {}, eps);
        if (out) m_y = std::move(out.value());
        break;
    }
    }
    return m_y;
}

const Tensor4& NormalizationLab::population() {
    if (m_pop_key.stale({m_version})) {
        m_population_is_input = true;
        m_population_stats.reset();
        if (m_x.shape.n < kMinPopulation) {
            Shape4 sh = m_x.shape;
            sh.n = kGeneratedPopulation;
            // The draws stay while only the spreads move: one affine pass, no new normals.
            if (m_pop_draws.draw(sh, std::uint64_t(m_state.seed))) {
                m_pop_draws.build(normalization_generator_params(m_state), m_population,
                                  &m_population_planes, /*only_cross=*/true);
                m_population_is_input = false;
            }
        }
    }
    return m_population_is_input ? m_x : m_population;
}

const std::vector<BatchSizeEffectPoint>& NormalizationLab::batch_size_points() {
    const Tensor4& pop = population();
    if (m_bse_key.stale({m_version, m_groups, m_state.seed})) {
        BatchSizeEffectParams p;
        p.groups = m_groups;
        p.seed = std::uint64_t(m_state.seed);
        p.batch_sizes.clear();
        for (std::size_t b = 1; b <= pop.shape.n; b *= 2)
            p.batch_sizes.push_back(b);
        if (p.batch_sizes.back() != pop.shape.n) p.batch_sizes.push_back(pop.shape.n);
        // The input's plane moments are already held: the core need not read the tensor.
        auto r = batch_size_effect(m_population_is_input ? m_planes : m_population_planes,
                                   pop.shape, p);
        m_bse = r ? std::move(r.value()) : std::vector<BatchSizeEffectPoint>{};
    }
    return m_bse;
}

const std::vector<double>& NormalizationLab::running_means() {
    const Tensor4& pop = population();
    if (m_run_key.stale({m_version, m_state.momentum, m_state.batch, m_state.eps})) {
        m_running.clear();
        m_batch_means.clear();
        const Shape4 sh = pop.shape;
        // BatchNorm in training needs more than one value per channel: B = 1 with a 1x1 map
        // would be refused, so the batch has at least 2 samples then.
        std::size_t b = std::clamp<std::size_t>(std::size_t(m_state.batch), 1, sh.n);
        if (b == 1 && sh.plane() == 1) b = std::min<std::size_t>(2, sh.n);
        // Only channel 0 is shown, and BatchNorm's statistics are per channel: the steps run
        // on channel 0's planes alone (the same numbers as on all C channels).
        RunningStats running = running_stats_init(1);
        Tensor4 batch(Shape4{b, 1, sh.h, sh.w});
        const std::size_t sample = sh.sample(), plane = sh.plane();
        for (std::size_t step = 0; step < kRunningSteps; ++step) {
            for (std::size_t i = 0; i < b; ++i) {
                const std::size_t src = (step * b + i) % sh.n;
                std::copy_n(pop.data.begin() + std::ptrdiff_t(src * sample), plane,
                            batch.data.begin() + std::ptrdiff_t(i * plane));
            }
            auto out =
                batch_norm(batch, running, {},
                           {.training = true, .momentum = m_state.momentum, .eps = m_state.eps});
            if (!out) break;
            m_batch_means.push_back(out.value().stats.mean[0]);
            m_running.push_back(running.mean[0]);
        }
    }
    return m_running;
}

const NormStats& NormalizationLab::population_batch_stats() {
    const Tensor4& pop = population();
    if (!m_population_stats) {
        auto r = norm_stats_from_planes(m_population_is_input ? m_planes : m_population_planes,
                                        pop.shape, NormMethod::Batch);
        m_population_stats = r ? std::move(r.value()) : NormStats{};
    }
    return *m_population_stats;
}

const std::vector<double>& NormalizationLab::batch_means() {
    running_means();
    return m_batch_means;
}

const NormRenormStep& NormalizationLab::renorm() {
    if (m_renorm_key.stale({m_version, m_state.r_max, m_state.d_max, m_state.batch, m_state.eps})) {
        const NormStats& whole = stats(NormMethod::Batch);
        RenormRunning running;
        running.mean = whole.mean;
        for (double v : whole.var)
            running.sigma.push_back(std::sqrt(v + m_state.eps));
        m_renorm.batch = first_samples(m_x, std::size_t(std::max(1, m_state.batch)));
        auto out = batch_renorm(m_renorm.batch, running, {},
                                {.r_max = m_state.r_max,
                                 .d_max = m_state.d_max,
                                 .eps = m_state.eps,
                                 .update_running = false});
        if (out) {
            m_renorm.r = out.value().r;
            m_renorm.d = out.value().d;
            m_renorm.r_clipped = out.value().r_clipped;
            m_renorm.d_clipped = out.value().d_clipped;
            m_renorm.y = std::move(out.value().y);
        }
    }
    return m_renorm;
}

SwitchableWeights NormalizationLab::switchable() const {
    const std::array<double, 3> logits{m_state.sw_in, m_state.sw_ln, m_state.sw_bn};
    return switchable_weights(logits, logits);
}

const Matrix& NormalizationLab::weight_v() {
    if (m_wn_key.stale({m_state.c, m_state.seed, m_state.channel_scale, m_state.weight_g})) {
        // A C_out x (2 C) weight whose rows have the generator's per-channel scales, so their
        // norms differ and Weight Norm visibly equalises them.
        const std::size_t rows = std::size_t(std::max(1, m_state.c));
        GeneratorParams g;
        g.channel_log_scale_std = m_state.channel_scale;
        auto gen =
            generate_activations(Shape4{1, rows, 1, 2 * rows}, g, std::uint64_t(m_state.seed) + 7);
        m_v = Matrix{rows, 2 * rows, {}};
        if (gen)
            m_v.data.assign(gen.value().data.begin(), gen.value().data.end());
        else
            m_v.data.assign(rows * 2 * rows, 1.0);
        const std::vector<double> gains(rows, m_state.weight_g);
        auto w = weight_norm(m_v, gains);
        m_w = w ? std::move(w.value()) : m_v;
    }
    return m_v;
}

const Matrix& NormalizationLab::weight_w() {
    weight_v();
    return m_w;
}

const std::vector<double>& NormalizationLab::spectral_sigmas() {
    const Matrix& v = weight_v();
    if (m_spec_key.stale({{m_state.c, m_state.seed, m_state.channel_scale, m_state.weight_g},
                          m_state.power_iters})) {
        m_sigmas.clear();
        std::vector<double> u = random_unit_vector(v.rows, std::uint64_t(m_state.seed) + 11);
        std::vector<double> vv = random_unit_vector(v.cols, std::uint64_t(m_state.seed) + 13);
        // One iteration at a time from the previous vectors: the same sequence as k iterations.
        for (int k = 0; k < std::max(1, m_state.power_iters); ++k) {
            auto est = spectral_norm_power(v, u, vv, 1);
            if (!est) break;
            m_sigmas.push_back(est.value().sigma);
            u = std::move(est.value().u);
            vv = std::move(est.value().v);
        }
        m_sigma_exact = largest_singular_value(v);
    }
    return m_sigmas;
}

double NormalizationLab::spectral_exact() {
    spectral_sigmas();
    return m_sigma_exact;
}

} // namespace losslab::model
