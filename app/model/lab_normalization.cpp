// [SECTION] Inputs        generator parameters, shape, methods
// [SECTION] Cache         NormalizationLab: tensor, statistics, tab data
// [SECTION] Figures       histograms, batch size, running mean, cousins
// [SECTION] Registries    parameters and figures
#include "model/lab_normalization.hpp"

#include "plot/color.hpp"
#include "model/lab_hooks.hpp"
#include "model/npy_io.hpp"
#include "plot/plot_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace losslab::model {

// [SECTION] Inputs -------------------------------------------------------------------------

GeneratorParams normalization_generator_params(const NormalizationLabState& s) {
    GeneratorParams g;
    g.channel_shift_std = s.channel_shift;
    g.channel_log_scale_std = s.channel_scale;
    g.sample_shift_std = s.sample_shift;
    g.sample_log_scale_std = s.sample_scale;
    return g;
}

Shape4 normalization_shape(const NormalizationLabState& s) {
    return Shape4{std::size_t(std::max(1, s.n)), std::size_t(std::max(1, s.c)),
                  std::size_t(std::max(1, s.h)), std::size_t(std::max(1, s.w))};
}

NormLabMethod normalization_method(const NormalizationLabState& s) {
    return NormLabMethod(std::clamp(s.method, 0, int(params::kNormMethodNames.size()) - 1));
}

std::string normalization_method_name(NormLabMethod m) {
    switch (m) {
    case NormLabMethod::Batch: return "BatchNorm";
    case NormLabMethod::Layer: return "LayerNorm";
    case NormLabMethod::Instance: return "InstanceNorm";
    case NormLabMethod::Group: return "GroupNorm";
    case NormLabMethod::Renorm: return "Batch Renorm";
    case NormLabMethod::Switchable: return "Switchable Norm";
    case NormLabMethod::BatchInstance: return "Batch-Instance Norm";
    case NormLabMethod::Scale: return "ScaleNorm";
    }
    return "BatchNorm";
}

std::vector<NormMethod> normalization_base_methods(NormLabMethod m) {
    switch (m) {
    case NormLabMethod::Batch:
    case NormLabMethod::Renorm: return {NormMethod::Batch};
    case NormLabMethod::Layer:
    case NormLabMethod::Scale: return {NormMethod::Layer};
    case NormLabMethod::Instance: return {NormMethod::Instance};
    case NormLabMethod::Group: return {NormMethod::Group};
    case NormLabMethod::Switchable:
        return {NormMethod::Instance, NormMethod::Layer, NormMethod::Batch};
    case NormLabMethod::BatchInstance: return {NormMethod::Batch, NormMethod::Instance};
    }
    return {NormMethod::Batch};
}

std::size_t normalization_effective_groups(std::size_t c, std::size_t g) {
    g = std::clamp<std::size_t>(g, 1, std::max<std::size_t>(c, 1));
    while (g > 1 && c % g != 0) --g;
    return g;
}

// [SECTION] Cache --------------------------------------------------------------------------

namespace {

constexpr std::size_t kRunningSteps = 60;
constexpr std::size_t kMinPopulation = 16;
constexpr std::size_t kGeneratedPopulation = 64;

bool same_gen(const GeneratorParams& a, const GeneratorParams& b) {
    return a.base_mean == b.base_mean && a.base_std == b.base_std &&
           a.channel_shift_std == b.channel_shift_std &&
           a.channel_log_scale_std == b.channel_log_scale_std &&
           a.sample_shift_std == b.sample_shift_std &&
           a.sample_log_scale_std == b.sample_log_scale_std &&
           a.outlier_fraction == b.outlier_fraction && a.outlier_magnitude == b.outlier_magnitude;
}

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

bool NormalizationLab::TensorKey::operator==(const TensorKey& o) const {
    return shape == o.shape && same_gen(gen, o.gen) && seed == o.seed && path == o.path;
}

bool NormalizationLab::stale(Stamp& stamp, bool (*same)(const NormalizationLabState&,
                                                        const NormalizationLabState&)) {
    if (stamp.valid && stamp.version == m_version && same(stamp.state, m_state)) return false;
    stamp.valid = true;
    stamp.version = m_version;
    stamp.state = m_state;
    return true;
}

Result<std::string> NormalizationLab::load(const std::filesystem::path& path) {
    auto read = read_npy(path);
    if (!read) return read.error();
    if (read.value().tensor.shape.numel() == 0)
        return make_error(path.string(), "a tensor with at least one element",
                          read.value().note);
    m_loaded = std::move(read.value().tensor);
    m_loaded_path = path.string();
    m_loaded_note = read.value().note;
    m_path_error.clear();
    m_tensor_key.reset(); // the next update() picks the file up
    return m_loaded_note;
}

void NormalizationLab::update(const NormalizationLabState& s) {
    m_state = s;
    TensorKey key{normalization_shape(s), normalization_generator_params(s), s.seed,
                  s.input_path};
    if (!m_tensor_key || !(*m_tensor_key == key)) {
        m_tensor_key = key;
        bool have = false;
        if (!s.input_path.empty()) {
            if (s.input_path != m_loaded_path) {
                if (auto r = load(s.input_path); !r) m_path_error = r.error().message;
                m_tensor_key = key;
            }
            if (s.input_path == m_loaded_path) {
                m_x = m_loaded;
                m_source = fmt::format("{}: {}",
                                       std::filesystem::path(m_loaded_path).filename().string(),
                                       m_loaded_note);
                have = true;
            }
        } else {
            m_path_error.clear();
        }
        if (!have && (s.input_path.empty() || m_x.data.empty())) {
            auto gen = generate_activations(key.shape, key.gen, std::uint64_t(s.seed));
            if (gen) {
                m_x = std::move(gen.value());
                m_source = fmt::format("generated {}, seed {}", shape_text(key.shape), s.seed);
            } else {
                m_path_error = gen.error().message;
            }
        }
        ++m_version;
        m_planes = plane_moments(m_x);
        for (auto& st : m_stats) st.reset();
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
        auto r = norm_stats_from_planes(m_planes, m_x.shape, m,
                                        m == NormMethod::Group ? m_groups : 1);
        // m_groups always divides C, so the core cannot refuse.
        slot = r ? std::move(r.value()) : NormStats{};
    }
    return *slot;
}

const std::vector<float>& NormalizationLab::plane_mean() {
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.method == b.method && a.groups == b.groups && a.sw_in == b.sw_in &&
               a.sw_ln == b.sw_ln && a.sw_bn == b.sw_bn && a.eps == b.eps;
    };
    if (stale(m_heat_stamp, same)) {
        const Shape4 sh = m_x.shape;
        m_plane_mean.assign(sh.n * sh.c, 0.0f);
        m_plane_var.assign(sh.n * sh.c, 0.0f);
        const NormLabMethod m = normalization_method(m_state);
        if (m == NormLabMethod::Switchable) {
            auto out = switchable_norm(m_x, switchable(), {}, m_state.eps);
            if (out)
                for (std::size_t i = 0; i < sh.n * sh.c; ++i) {
                    m_plane_mean[i] = float(out.value().mean[i]);
                    m_plane_var[i] = float(out.value().var[i]);
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
    std::string text = fmt::format("(n, c) = ({}, {})", n, c);
    for (const auto& blk : blocks) {
        const auto& b = blk.block;
        const std::size_t count = (b.n_end - b.n_begin) * (b.c_end - b.c_begin) * sh.plane();
        text += fmt::format("\n{}: {} elements share one mean and variance ({} × {} × all "
                            "{}×{} positions)",
                            norm_method_name(blk.method), count,
                            range_text(b.n_begin, b.n_end, "sample", "samples"),
                            range_text(b.c_begin, b.c_end, "channel", "channels"), sh.h, sh.w);
    }
    const auto& mean = plane_mean();
    const auto& var = plane_var();
    text += fmt::format("\n{} mean {}, variance {}",
                        m == NormLabMethod::Switchable ? "mixed" : "its",
                        plot::format_value(mean[n * sh.c + c], 5), plot::format_value(var[n * sh.c + c], 5));
    return text;
}

const Tensor4& NormalizationLab::before() {
    if (normalization_method(m_state) == NormLabMethod::Renorm) return renorm().batch;
    return m_x;
}

const Tensor4& NormalizationLab::output() {
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.method == b.method && a.groups == b.groups && a.eps == b.eps &&
               a.sw_in == b.sw_in && a.sw_ln == b.sw_ln && a.sw_bn == b.sw_bn &&
               a.rho == b.rho && a.r_max == b.r_max && a.d_max == b.d_max &&
               a.batch == b.batch;
    };
    if (!stale(m_out_stamp, same)) return m_y;
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
    case NormLabMethod::Renorm: m_y = renorm().y; break;
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
    }
    return m_y;
}

const Tensor4& NormalizationLab::population() {
    auto same = [](const NormalizationLabState&, const NormalizationLabState&) { return true; };
    if (stale(m_pop_stamp, same)) {
        if (m_x.shape.n >= kMinPopulation) {
            m_population = m_x;
        } else {
            Shape4 sh = m_x.shape;
            sh.n = kGeneratedPopulation;
            auto gen = generate_activations(sh, normalization_generator_params(m_state),
                                            std::uint64_t(m_state.seed));
            m_population = gen ? std::move(gen.value()) : m_x;
        }
    }
    return m_population;
}

const std::vector<BatchSizeEffectPoint>& NormalizationLab::batch_size_points() {
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.groups == b.groups;
    };
    const Tensor4& pop = population();
    if (stale(m_bse_stamp, same)) {
        BatchSizeEffectParams p;
        p.groups = m_groups;
        p.seed = std::uint64_t(m_state.seed);
        p.batch_sizes.clear();
        for (std::size_t b = 1; b <= pop.shape.n; b *= 2) p.batch_sizes.push_back(b);
        if (p.batch_sizes.back() != pop.shape.n) p.batch_sizes.push_back(pop.shape.n);
        auto r = batch_size_effect(pop, p);
        m_bse = r ? std::move(r.value()) : std::vector<BatchSizeEffectPoint>{};
    }
    return m_bse;
}

const std::vector<double>& NormalizationLab::running_means() {
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.momentum == b.momentum && a.batch == b.batch && a.eps == b.eps;
    };
    const Tensor4& pop = population();
    if (stale(m_run_stamp, same)) {
        m_running.clear();
        m_batch_means.clear();
        const Shape4 sh = pop.shape;
        // BatchNorm in training needs more than one value per channel: B = 1 with a 1x1 map
        // would be refused, so the batch has at least 2 samples then.
        std::size_t b = std::clamp<std::size_t>(std::size_t(m_state.batch), 1, sh.n);
        if (b == 1 && sh.plane() == 1) b = std::min<std::size_t>(2, sh.n);
        RunningStats running = running_stats_init(sh.c);
        Tensor4 batch(Shape4{b, sh.c, sh.h, sh.w});
        const std::size_t sample = sh.sample();
        for (std::size_t step = 0; step < kRunningSteps; ++step) {
            for (std::size_t i = 0; i < b; ++i) {
                const std::size_t src = (step * b + i) % sh.n;
                std::copy_n(pop.data.begin() + std::ptrdiff_t(src * sample), sample,
                            batch.data.begin() + std::ptrdiff_t(i * sample));
            }
            auto out = batch_norm(batch, running, {},
                                  {.training = true, .momentum = m_state.momentum,
                                   .eps = m_state.eps});
            if (!out) break;
            m_batch_means.push_back(out.value().stats.mean[0]);
            m_running.push_back(running.mean[0]);
        }
    }
    return m_running;
}

const std::vector<double>& NormalizationLab::batch_means() {
    running_means();
    return m_batch_means;
}

const NormRenormStep& NormalizationLab::renorm() {
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.r_max == b.r_max && a.d_max == b.d_max && a.batch == b.batch && a.eps == b.eps;
    };
    if (stale(m_renorm_stamp, same)) {
        const NormStats& whole = stats(NormMethod::Batch);
        RenormRunning running;
        running.mean = whole.mean;
        for (double v : whole.var) running.sigma.push_back(std::sqrt(v + m_state.eps));
        m_renorm.batch = first_samples(m_x, std::size_t(std::max(1, m_state.batch)));
        auto out = batch_renorm(m_renorm.batch, running, {},
                                {.r_max = m_state.r_max, .d_max = m_state.d_max,
                                 .eps = m_state.eps, .update_running = false});
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
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.c == b.c && a.seed == b.seed && a.channel_scale == b.channel_scale &&
               a.weight_g == b.weight_g;
    };
    if (stale(m_wn_stamp, same)) {
        // A C_out x (2 C) weight whose rows have the generator's per-channel scales, so their
        // norms differ and Weight Norm visibly equalises them.
        const std::size_t rows = std::size_t(std::max(1, m_state.c));
        GeneratorParams g;
        g.channel_log_scale_std = m_state.channel_scale;
        auto gen = generate_activations(Shape4{1, rows, 1, 2 * rows}, g,
                                        std::uint64_t(m_state.seed) + 7);
        m_v = Matrix{rows, 2 * rows, {}};
        if (gen) m_v.data.assign(gen.value().data.begin(), gen.value().data.end());
        else m_v.data.assign(rows * 2 * rows, 1.0);
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
    auto same = [](const NormalizationLabState& a, const NormalizationLabState& b) {
        return a.c == b.c && a.seed == b.seed && a.channel_scale == b.channel_scale &&
               a.power_iters == b.power_iters;
    };
    const Matrix& v = weight_v();
    if (stale(m_spec_stamp, same)) {
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

// [SECTION] Figures ------------------------------------------------------------------------

namespace {

const plot::Rgba kGrey{120, 120, 120, 255};
const plot::Rgba kBlue{0, 114, 178, 255};

// Density histogram of `data` on `bins` equal bins over [lo, hi], as an area at bin centres.
plot::Series density(const std::vector<float>& data, double lo, double hi, int bins, std::string name,
               plot::Rgba color) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Bars;
    s.color = plot::with_alpha(color, 0.55f);
    const double width = (hi - lo) / bins;
    std::vector<double> counts(std::size_t(bins), 0.0);
    for (float v : data) {
        if (!std::isfinite(v)) continue;
        const int b = std::clamp(int((double(v) - lo) / width), 0, bins - 1);
        counts[std::size_t(b)] += 1.0;
    }
    const double scale = data.empty() ? 0.0 : 1.0 / (double(data.size()) * width);
    for (int b = 0; b < bins; ++b) {
        s.x.push_back(lo + (b + 0.5) * width);
        s.y.push_back(counts[std::size_t(b)] * scale);
    }
    s.bar_width = width;
    return s;
}

std::pair<double, double> finite_range(const std::vector<float>& a, const std::vector<float>& b) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto* v : {&a, &b})
        for (float x : *v)
            if (std::isfinite(x)) {
                lo = std::min(lo, double(x));
                hi = std::max(hi, double(x));
            }
    if (!(lo < hi)) {
        lo = std::isfinite(lo) ? lo - 1.0 : -1.0;
        hi = std::isfinite(hi) ? hi + 1.0 : 1.0;
    }
    return {lo, hi};
}

plot::Series rule(plot::SeriesKind kind, double at, plot::Rgba color, std::string name = {}) {
    plot::Series s;
    s.kind = kind;
    (kind == plot::SeriesKind::VLine ? s.x : s.y).push_back(at);
    s.color = color;
    s.width = 1.5f;
    s.style = plot::LineStyle::Dashed;
    s.name = std::move(name);
    return s;
}

} // namespace

plot::Figure normalization_histogram_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const Tensor4& x = lab.before();
    const Tensor4& y = lab.output();
    const auto [lo, hi] = finite_range(x.data, y.data);
    plot::Figure f;
    f.name = "normalization-histograms";
    f.title = "Activations before and after " + normalization_method_name(normalization_method(s));
    f.x_axis = {"activation value", lo, hi};
    f.series.push_back(density(x.data, lo, hi, 80, "x (before)", kGrey));
    f.series.push_back(
        density(y.data, lo, hi, 80,
                "y = " + normalization_method_name(normalization_method(s)) + "(x)", kBlue));
    double top = 0.0;
    for (const auto& ser : f.series)
        for (double v : ser.y) top = std::max(top, v);
    f.y_axis = {"density", 0.0, top > 0.0 ? top * 1.1 : 1.0};
    return f;
}

plot::Figure normalization_batch_size_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& pts = lab.batch_size_points();
    plot::Figure f;
    f.name = "normalization-batch-size";
    f.title = "Sample 0's statistics vs its batch (channel 0)";
    plot::Series bn, theory, gn, ln;
    bn.name = "BatchNorm: std of the batch mean";
    bn.kind = plot::SeriesKind::Markers;
    bn.color = plot::okabe_ito(0);
    bn.marker_radius = 5.0f;
    theory.name = "exact (sampling without replacement)";
    theory.color = plot::okabe_ito(0);
    theory.style = plot::LineStyle::Dashed;
    theory.width = 1.5f;
    gn.name = fmt::format("GroupNorm (G = {})", lab.groups());
    gn.color = plot::okabe_ito(2);
    gn.kind = plot::SeriesKind::Markers;
    ln.name = "LayerNorm";
    ln.color = plot::okabe_ito(1);
    ln.style = plot::LineStyle::Dotted;
    double top = 0.0;
    for (const auto& p : pts) {
        const double b = double(p.batch_size);
        bn.x.push_back(b);
        bn.y.push_back(p.bn_mean_std);
        theory.x.push_back(b);
        theory.y.push_back(p.bn_mean_std_theory);
        gn.x.push_back(b);
        gn.y.push_back(p.gn_mean_std);
        ln.x.push_back(b);
        ln.y.push_back(p.ln_mean_std);
        top = std::max({top, p.bn_mean_std, p.bn_mean_std_theory});
    }
    const double bmax = pts.empty() ? 2.0 : double(pts.back().batch_size);
    f.x_axis = {"batch size B", 1.0, std::max(2.0, bmax), plot::AxisScale::Log10};
    f.y_axis = {"std across random batches", 0.0, top > 0.0 ? top * 1.15 : 1.0};
    f.series = {theory, bn, gn, ln};
    return f;
}

plot::Figure normalization_running_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& run = lab.running_means();
    const auto& batch = lab.batch_means();
    // The population mean of channel 0 is what the running mean should settle at.
    const Tensor4& p = lab.population();
    auto whole = batch_norm_stats(p);
    plot::Figure f;
    f.name = "normalization-running-mean";
    f.title = fmt::format("Running mean, channel 0 (momentum {}, B = {})",
                          plot::format_value(s.momentum, 3), std::max(1, s.batch));
    plot::Series bm, rm;
    bm.name = "batch mean";
    bm.kind = plot::SeriesKind::Markers;
    bm.color = plot::with_alpha(kGrey, 0.8f);
    bm.marker_radius = 3.0f;
    rm.name = "running mean";
    rm.color = kBlue;
    double lo = whole.mean[0], hi = whole.mean[0];
    for (std::size_t i = 0; i < run.size(); ++i) {
        bm.x.push_back(double(i + 1));
        bm.y.push_back(batch[i]);
        rm.x.push_back(double(i + 1));
        rm.y.push_back(run[i]);
        lo = std::min({lo, batch[i], run[i]});
        hi = std::max({hi, batch[i], run[i]});
    }
    lo = std::min(lo, 0.0);
    const double pad = 0.08 * std::max(hi - lo, 1e-6);
    f.x_axis = {"training step", 0.0, double(std::max<std::size_t>(run.size(), 1)) + 1.0};
    f.y_axis = {"mean of channel 0", lo - pad, hi + pad};
    f.series = {bm, rm, rule(plot::SeriesKind::HLine, whole.mean[0], plot::okabe_ito(5), "population mean")};
    return f;
}

plot::Figure normalization_renorm_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& st = lab.renorm();
    plot::Figure f;
    f.name = "normalization-renorm";
    f.title = fmt::format("Batch Renorm: r, d per channel (B = {})", std::max(1, s.batch));
    plot::Series r, d, rc, dc;
    r.name = "r = σ_B / σ";
    r.kind = plot::SeriesKind::Markers;
    r.color = plot::okabe_ito(0);
    d.name = "d = (μ_B − μ) / σ";
    d.kind = plot::SeriesKind::Markers;
    d.color = plot::okabe_ito(1);
    rc = r;
    rc.name = "clipped";
    rc.color = plot::okabe_ito(5);
    rc.marker_radius = 6.0f;
    dc = rc;
    dc.name = "";
    double lo = -s.d_max, hi = s.r_max;
    for (std::size_t c = 0; c < st.r.size(); ++c) {
        (st.r_clipped[c] ? rc : r).x.push_back(double(c));
        (st.r_clipped[c] ? rc : r).y.push_back(st.r[c]);
        (st.d_clipped[c] ? dc : d).x.push_back(double(c));
        (st.d_clipped[c] ? dc : d).y.push_back(st.d[c]);
        lo = std::min({lo, st.d[c], st.r[c]});
        hi = std::max({hi, st.d[c], st.r[c]});
    }
    const double pad = 0.1 * (hi - lo + 1e-9);
    f.x_axis = {"channel", -0.5, double(std::max<std::size_t>(st.r.size(), 1)) - 0.5};
    f.y_axis = {"correction", lo - pad, hi + pad};
    f.series = {rule(plot::SeriesKind::HLine, s.r_max, plot::okabe_ito(0), "r clip [1/r_max, r_max]"),
                rule(plot::SeriesKind::HLine, 1.0 / s.r_max, plot::okabe_ito(0)),
                rule(plot::SeriesKind::HLine, s.d_max, plot::okabe_ito(1), "d clip ±d_max"),
                rule(plot::SeriesKind::HLine, -s.d_max, plot::okabe_ito(1)),
                r,
                d,
                rc,
                dc};
    return f;
}

plot::Figure normalization_spectral_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& sig = lab.spectral_sigmas();
    const double exact = lab.spectral_exact();
    plot::Figure f;
    f.name = "normalization-spectral";
    f.title = "Spectral Norm: power iteration";
    plot::Series est;
    est.name = "σ estimate u·Wv";
    est.color = plot::okabe_ito(0);
    plot::Series dots = est;
    dots.kind = plot::SeriesKind::Markers;
    dots.name = "";
    double lo = exact, hi = exact;
    for (std::size_t k = 0; k < sig.size(); ++k) {
        est.x.push_back(double(k + 1));
        est.y.push_back(sig[k]);
        lo = std::min(lo, sig[k]);
        hi = std::max(hi, sig[k]);
    }
    dots.x = est.x;
    dots.y = est.y;
    const double pad = 0.1 * std::max(hi - lo, 1e-3 * std::max(1.0, hi));
    f.x_axis = {"iteration", 0.5, double(std::max<std::size_t>(sig.size(), 1)) + 0.5};
    f.y_axis = {"σ", lo - pad, hi + pad};
    f.series = {rule(plot::SeriesKind::HLine, exact, plot::okabe_ito(5), "exact σ (SVD)"), est, dots};
    return f;
}

plot::Figure normalization_weight_norm_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const Matrix& v = lab.weight_v();
    const Matrix& w = lab.weight_w();
    auto row_norms = [](const Matrix& m) {
        std::vector<double> out(m.rows, 0.0);
        for (std::size_t r = 0; r < m.rows; ++r) {
            double ss = 0.0;
            for (std::size_t c = 0; c < m.cols; ++c) ss += m(r, c) * m(r, c);
            out[r] = std::sqrt(ss);
        }
        return out;
    };
    const auto nv = row_norms(v), nw = row_norms(w);
    plot::Figure f;
    f.name = "normalization-weight-norm";
    f.title = "Weight Norm: w = g v / ‖v‖";
    plot::Series bv, bw;
    bv.name = "‖v_i‖ (direction's length)";
    bv.kind = plot::SeriesKind::Bars;
    bv.color = plot::with_alpha(kGrey, 0.6f);
    bv.bar_width = 0.8;
    bw = bv;
    bw.name = fmt::format("‖w_i‖ = g = {}", plot::format_value(s.weight_g, 3));
    bw.color = plot::with_alpha(kBlue, 0.85f);
    bw.bar_width = 0.4;
    double top = s.weight_g;
    for (std::size_t r = 0; r < v.rows; ++r) {
        bv.x.push_back(double(r));
        bv.y.push_back(nv[r]);
        bw.x.push_back(double(r));
        bw.y.push_back(nw[r]);
        top = std::max({top, nv[r], nw[r]});
    }
    f.x_axis = {"row i (output channel)", -0.5, double(std::max<std::size_t>(v.rows, 1)) - 0.5};
    f.y_axis = {"row norm", 0.0, top * 1.1};
    f.series = {bv, bw};
    return f;
}

plot::Figure normalization_switchable_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto w = lab.switchable();
    plot::Figure f;
    f.name = "normalization-switchable";
    f.title = "Switchable Norm weights";
    plot::Series bars;
    bars.name = "weight (means and variances)";
    bars.kind = plot::SeriesKind::Bars;
    bars.color = plot::okabe_ito(2);
    const std::array<const char*, 3> names{"IN", "LN", "BN"};
    for (int k = 0; k < 3; ++k) {
        bars.x.push_back(double(k));
        bars.y.push_back(w.mean[std::size_t(k)]);
        bars.point_labels.push_back(fmt::format("{} {}", names[std::size_t(k)],
                                                plot::format_value(w.mean[std::size_t(k)], 3)));
    }
    f.x_axis = {"IN (0), LN (1), BN (2)", -0.6, 2.6};
    f.y_axis = {"weight", 0.0, 1.1};
    f.series = {bars};
    return f;
}

// [SECTION] Registries ---------------------------------------------------------------------

namespace {

template <plot::Figure (*Build)(const NormalizationLabState&, NormalizationLab&)>
plot::Figure build_fresh(const AppState& s) {
    NormalizationLab lab;
    return Build(s.normalization, lab);
}

} // namespace

std::span<const ParamBinding> normalization_lab_params() {
    using namespace params;
    constexpr LabId L = LabId::Normalization;
#define LOSSLAB_NORM_PARAM(spec, field)                                                        \
    ParamBinding {                                                                             \
        L, "normalization", &spec, [](AppState& s) -> ParamRef { return &s.normalization.field; } \
    }
    static const std::array kParams{
        LOSSLAB_NORM_PARAM(kNormChannelShift, channel_shift),
        LOSSLAB_NORM_PARAM(kNormChannelScale, channel_scale),
        LOSSLAB_NORM_PARAM(kNormSampleShift, sample_shift),
        LOSSLAB_NORM_PARAM(kNormSampleScale, sample_scale),
        LOSSLAB_NORM_PARAM(kNormEps, eps),
        LOSSLAB_NORM_PARAM(kNormMomentum, momentum),
        LOSSLAB_NORM_PARAM(kNormMethod, method),
        LOSSLAB_NORM_PARAM(kNormN, n),
        LOSSLAB_NORM_PARAM(kNormC, c),
        LOSSLAB_NORM_PARAM(kNormH, h),
        LOSSLAB_NORM_PARAM(kNormW, w),
        LOSSLAB_NORM_PARAM(kNormGroups, groups),
        LOSSLAB_NORM_PARAM(kNormSeed, seed),
        LOSSLAB_NORM_PARAM(kNormRMax, r_max),
        LOSSLAB_NORM_PARAM(kNormDMax, d_max),
        LOSSLAB_NORM_PARAM(kNormBatch, batch),
        LOSSLAB_NORM_PARAM(kNormSwIn, sw_in),
        LOSSLAB_NORM_PARAM(kNormSwLn, sw_ln),
        LOSSLAB_NORM_PARAM(kNormSwBn, sw_bn),
        LOSSLAB_NORM_PARAM(kNormRho, rho),
        LOSSLAB_NORM_PARAM(kNormPowerIters, power_iters),
        LOSSLAB_NORM_PARAM(kNormWeightG, weight_g),
        LOSSLAB_NORM_PARAM(kNormView, view),
    };
#undef LOSSLAB_NORM_PARAM
    return kParams;
}

std::span<const FigureInfo> normalization_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"normalization-histograms", LabId::Normalization,
                   build_fresh<normalization_histogram_figure>},
        FigureInfo{"normalization-batch-size", LabId::Normalization,
                   build_fresh<normalization_batch_size_figure>},
        FigureInfo{"normalization-running-mean", LabId::Normalization,
                   build_fresh<normalization_running_figure>},
        FigureInfo{"normalization-renorm", LabId::Normalization,
                   build_fresh<normalization_renorm_figure>},
        FigureInfo{"normalization-spectral", LabId::Normalization,
                   build_fresh<normalization_spectral_figure>},
        FigureInfo{"normalization-weight-norm", LabId::Normalization,
                   build_fresh<normalization_weight_norm_figure>},
        FigureInfo{"normalization-switchable", LabId::Normalization,
                   build_fresh<normalization_switchable_figure>},
    };
    return kFigures;
}

} // namespace losslab::model
