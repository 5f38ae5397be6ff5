// [SECTION] Inputs        generator parameters, shape, methods
// [SECTION] Figures       histograms, batch size, running mean, cousins
// [SECTION] Your own vector  LayerNorm vs RMSNorm on a typed vector
// [SECTION] Registries    parameters and figures
#include "model/labs/lab_normalization.hpp"
#include "model/labs/lab_normalization_figure2.hpp"

#include "plot/color.hpp"
#include "losslab/number_text.hpp"
#include "model/io/npy_io.hpp"
#include "plot/plot_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
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
    case NormLabMethod::Rms:
        return "RMSNorm";
    }
    return "BatchNorm";
}

std::vector<NormMethod> normalization_base_methods(NormLabMethod m) {
    switch (m) {
    case NormLabMethod::Batch:
    case NormLabMethod::Renorm: return {NormMethod::Batch};
    case NormLabMethod::Layer:
    case NormLabMethod::Scale:
    case NormLabMethod::Rms:
        return {NormMethod::Layer};
    case NormLabMethod::Instance: return {NormMethod::Instance};
    case NormLabMethod::Group: return {NormMethod::Group};
    case NormLabMethod::Switchable:
        return {NormMethod::Instance, NormMethod::Layer, NormMethod::Batch};
    case NormLabMethod::BatchInstance: return {NormMethod::Batch, NormMethod::Instance};
    }
    return {NormMethod::Batch};
}

NormPlaneStatNames normalization_plane_stat_names(NormLabMethod m) {
    switch (m) {
    case NormLabMethod::Switchable:
        return {"mixed mean", "mixed variance"};
    case NormLabMethod::BatchInstance:
        return {"effective mean m", "effective variance v"};
    case NormLabMethod::Scale:
        return {"mean of x²", "‖x‖₂"};
    case NormLabMethod::Rms:
        return {"mean of x²", "√(mean x² + ε)"};
    default:
        return {"mean", "variance"};
    }
}

std::size_t normalization_effective_groups(std::size_t c, std::size_t g) {
    g = std::clamp<std::size_t>(g, 1, std::max<std::size_t>(c, 1));
    while (g > 1 && c % g != 0) --g;
    return g;
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
    const std::vector<double> counts = histogram_counts(data, lo, hi, bins);
    const double scale = data.empty() ? 0.0 : 1.0 / (double(data.size()) * width);
    for (int b = 0; b < bins; ++b) {
        s.x.push_back(lo + (b + 0.5) * width);
        s.y.push_back(counts[std::size_t(b)] * scale);
    }
    s.bar_width = width;
    return s;
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
    f.y_axis = plot::fitted_axis("density");
    return f;
}

plot::Figure normalization_batch_size_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& pts = lab.batch_size_points();
    plot::Figure f;
    f.name = "normalization-batch-size";
    f.title = "Sample 0's mean vs its batch (channel 0)";
    plot::Series bn, theory, gn, ln;
    bn.name = "BatchNorm, measured";
    bn.kind = plot::SeriesKind::Markers;
    bn.color = plot::okabe_ito(0);
    bn.marker_radius = 5.0f;
    theory.name = "BatchNorm, exact";
    theory.color = plot::okabe_ito(0);
    theory.style = plot::LineStyle::Dashed;
    theory.width = 1.5f;
    // GroupNorm's and LayerNorm's spreads are both exactly zero: one legend entry for the two
    // (the LayerNorm line is drawn under the GroupNorm markers; CSV keeps it by its id).
    gn.name = fmt::format("GroupNorm (G = {}), LayerNorm", lab.groups());
    gn.color = plot::okabe_ito(2);
    gn.kind = plot::SeriesKind::Markers;
    ln.id = "LayerNorm";
    ln.color = plot::okabe_ito(1);
    ln.style = plot::LineStyle::Dotted;
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
    }
    const double bmax = pts.empty() ? 2.0 : double(pts.back().batch_size);
    f.x_axis = {"batch size B (log scale)", 1.0, std::max(2.0, bmax), plot::AxisScale::Log10};
    // Every B shown is labelled (1, 2, 4, ..., and the population size when it is not a power
    // of two), not only the powers of ten.
    for (const auto& p : pts)
        f.x_axis.ticks.push_back(double(p.batch_size));
    // Headroom above the largest spread leaves the top right (small spreads at large B)
    // free for the legend.
    double top = 0.0;
    for (const auto& p : pts)
        top = std::max({top, p.bn_mean_std, p.bn_mean_std_theory});
    f.y_axis = {"std of the batch mean", 0.0, std::max(1e-6, 2.4 * top)};
    f.series = {theory, bn, gn, ln};
    const std::size_t population = pts.empty() ? 0 : pts.back().batch_size;
    f.notes.push_back(normalization_batch_size_zero_note(population));
    return f;
}

std::string normalization_batch_size_zero_note(std::size_t population) {
    return fmt::format("Zero at B = 1 (the batch is sample 0 alone) and at B = {} (every batch "
                       "is the whole population): there the batch cannot vary.",
                       population);
}

plot::Figure normalization_running_figure(const NormalizationLabState& s, NormalizationLab& lab) {
    lab.update(s);
    const auto& run = lab.running_means();
    const auto& batch = lab.batch_means();
    // The population mean of channel 0 is what the running mean should settle at.
    const NormStats& whole = lab.population_batch_stats();
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
    f.x_axis = plot::fitted_axis("training step");
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
    for (std::size_t r = 0; r < v.rows; ++r) {
        bv.x.push_back(double(r));
        bv.y.push_back(nv[r]);
        bw.x.push_back(double(r));
        bw.y.push_back(nw[r]);
    }
    f.x_axis = {"row i (output channel)", -0.5, double(std::max<std::size_t>(v.rows, 1)) - 0.5};
    f.y_axis = plot::fitted_axis("row norm");
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
    for (int k = 0; k < 3; ++k) {
        bars.x.push_back(double(k));
        bars.y.push_back(w.mean[std::size_t(k)]);
        bars.point_labels.push_back(plot::format_value(w.mean[std::size_t(k)], 3));
    }
    f.x_axis = plot::fitted_axis("statistic shared by", plot::AxisScale::Linear,
                                 {"IN", "LN", "BN"});
    f.y_axis = {"weight", 0.0, 1.1};
    f.series = {bars};
    return f;
}

// [SECTION] Your own vector -----------------------------------------------------------------

Result<std::vector<double>> parse_norm_vector(std::string_view text) {
    std::vector<double> v;
    std::size_t i = 0, item = 0;
    const auto is_sep = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == ';'; };
    while (i < text.size()) {
        while (i < text.size() && is_sep(text[i]))
            ++i;
        if (i >= text.size()) break;
        std::size_t j = i;
        while (j < text.size() && !is_sep(text[j]))
            ++j;
        const std::string token(text.substr(i, j - i));
        ++item;
        if (item > params::kNormVecMax)
            return make_error("normalization vector",
                              fmt::format("at most {} numbers", params::kNormVecMax),
                              fmt::format("more: \"{}\"", std::string(text)));
        // parse_number_strict, not std::from_chars: the browser build's libc++ has no
        // floating-point from_chars.
        const auto parsed = parse_number_strict(token);
        const double x = parsed.value_or(0.0);
        if (!parsed || !std::isfinite(x))
            return make_error(fmt::format("normalization vector item {}", item), "a number",
                              "\"" + token + "\"");
        if (std::abs(x) > params::kNormVecLimit)
            return make_error(fmt::format("normalization vector item {}", item),
                              "a value with |x| <= 1e6", token);
        v.push_back(x);
        i = j;
    }
    if (v.empty())
        return make_error("normalization vector",
                          "1 to 8 numbers separated by commas, e.g. \"1, 2, 3, 10\"",
                          "\"" + std::string(text) + "\"");
    return v;
}

std::string norm_vector_text(const NormalizationLabState& s) {
    std::string out;
    const int len = std::clamp(s.vec_len, 1, int(params::kNormVecMax));
    for (int i = 0; i < len; ++i)
        out += (i ? ", " : "") + fmt::format("{}", s.vec[std::size_t(i)]);
    return out;
}

void set_norm_vector(NormalizationLabState& s, const std::vector<double>& v) {
    const std::size_t len = std::min(v.size(), params::kNormVecMax);
    s.vec_len = int(std::max<std::size_t>(len, 1));
    for (std::size_t i = 0; i < params::kNormVecMax; ++i)
        s.vec[i] = i < len ? v[i] : 0.0;
}

NormVectorSummary norm_vector_summary(const NormalizationLabState& s) {
    NormVectorSummary r;
    const std::size_t len = std::size_t(std::clamp(s.vec_len, 1, int(params::kNormVecMax)));
    r.x.assign(s.vec.begin(), s.vec.begin() + std::ptrdiff_t(len));
    const double eps = s.eps;
    // LayerNorm over the whole vector: a 1 x len x 1 x 1 tensor, LayerNorm's axes (C, H, W).
    Tensor4d t;
    t.shape = {1, len, 1, 1};
    t.data = r.x;
    const NormStats ln = layer_norm_stats(t);
    r.mean = ln.mean[0];
    r.var = ln.var[0];
    auto y = normalize(t, ln, {}, eps);
    if (y) r.ln = y.value().data;
    auto ms = rms_mean_squares(r.x, len);
    if (ms) r.mean_square = ms.value()[0];
    auto z = rms_norm(r.x, len, {}, eps);
    if (z) r.rms = z.value();
    // The outputs' statistics, through the same core functions.
    if (!r.ln.empty()) {
        Tensor4d u;
        u.shape = t.shape;
        u.data = r.ln;
        const NormStats st = layer_norm_stats(u);
        r.ln_mean = st.mean[0];
        r.ln_var = st.var[0];
    }
    if (!r.rms.empty()) {
        Tensor4d u;
        u.shape = t.shape;
        u.data = r.rms;
        r.rms_mean = layer_norm_stats(u).mean[0];
        auto m2 = rms_mean_squares(r.rms, len);
        if (m2) r.rms_mean_square = m2.value()[0];
    }
    return r;
}

plot::Figure normalization_own_vector_figure(const NormalizationLabState& s) {
    const NormVectorSummary r = norm_vector_summary(s);
    const auto v = [](double x) { return plot::format_value(x, 4); };
    plot::Figure f;
    f.name = "normalization-own-vector";
    f.title = "Your vector: LayerNorm vs RMSNorm";
    std::vector<std::string> cats;
    for (double x : r.x)
        cats.push_back("x = " + v(x));
    f.x_axis = plot::fitted_axis("component of your vector", plot::AxisScale::Linear, cats);
    plot::Series ln, rms;
    ln.name = "LayerNorm(x)";
    ln.id = "layernorm";
    ln.kind = plot::SeriesKind::Bars;
    ln.color = plot::okabe_ito(0);
    ln.bar_width = 0.38;
    rms.name = "RMSNorm(x)";
    rms.id = "rmsnorm";
    rms.kind = plot::SeriesKind::Bars;
    rms.color = plot::okabe_ito(1);
    rms.bar_width = 0.38;
    double lo = 0.0, hi = 0.0;
    for (std::size_t i = 0; i < r.x.size(); ++i) {
        const double a = i < r.ln.size() ? r.ln[i] : 0.0;
        const double b = i < r.rms.size() ? r.rms[i] : 0.0;
        ln.x.push_back(double(i) - 0.2);
        ln.y.push_back(a);
        ln.point_labels.push_back(plot::format_value(a, 3));
        rms.x.push_back(double(i) + 0.2);
        rms.y.push_back(b);
        rms.point_labels.push_back(plot::format_value(b, 3));
        lo = std::min({lo, a, b});
        hi = std::max({hi, a, b});
    }
    // Room above the bars for the legend and the value labels.
    const double range = std::max(hi - lo, 1e-9);
    f.y_axis = {"normalized value", lo - 0.15 * range, hi + 0.9 * range};
    f.series = {ln, rms};
    f.notes.push_back(fmt::format("LayerNorm: mean = {}, variance = {} → output mean {}, "
                                  "variance {}.",
                                  v(r.mean), v(r.var), v(r.ln_mean), v(r.ln_var)));
    f.notes.push_back(fmt::format("RMSNorm: mean of x² = {} → output mean square {}, mean {}.",
                                  v(r.mean_square), v(r.rms_mean_square), v(r.rms_mean)));
    return f;
}

// [SECTION] Registries ---------------------------------------------------------------------

namespace {

// Figure 2 and the heatmaps at the default pick (lab_normalization_figure2.hpp).
plot::Figure figure2_default(const NormalizationLabState& s, NormalizationLab& lab) {
    return normalization_figure2(s, lab);
}
plot::Figure mean_heatmap_default(const NormalizationLabState& s, NormalizationLab& lab) {
    return normalization_mean_heatmap(s, lab);
}
plot::Figure variance_heatmap_default(const NormalizationLabState& s, NormalizationLab& lab) {
    return normalization_variance_heatmap(s, lab);
}

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
        LOSSLAB_NORM_PARAM(kNormVecLen, vec_len),
        LOSSLAB_NORM_PARAM(kNormVec[0], vec[0]),
        LOSSLAB_NORM_PARAM(kNormVec[1], vec[1]),
        LOSSLAB_NORM_PARAM(kNormVec[2], vec[2]),
        LOSSLAB_NORM_PARAM(kNormVec[3], vec[3]),
        LOSSLAB_NORM_PARAM(kNormVec[4], vec[4]),
        LOSSLAB_NORM_PARAM(kNormVec[5], vec[5]),
        LOSSLAB_NORM_PARAM(kNormVec[6], vec[6]),
        LOSSLAB_NORM_PARAM(kNormVec[7], vec[7]),
    };
#undef LOSSLAB_NORM_PARAM
    return kParams;
}

std::span<const FigureInfo> normalization_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"normalization-figure-2", LabId::Normalization, build_fresh<figure2_default>},
        FigureInfo{"normalization-figure-2-mean-heatmap", LabId::Normalization,
                   build_fresh<mean_heatmap_default>},
        FigureInfo{"normalization-figure-2-variance-heatmap", LabId::Normalization,
                   build_fresh<variance_heatmap_default>},
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
        FigureInfo{
            "normalization-own-vector", LabId::Normalization,
            [](const AppState& s) { return normalization_own_vector_figure(s.normalization); }},
    };
    return kFigures;
}

} // namespace losslab::model
