// [SECTION] Helpers        specs, labels, bar series
// [SECTION] Targets        the three conventions' bars, loss against p_t, logit gap
// [SECTION] Logits editor  q beside p, H(p) + KL = H(p, q)
// [SECTION] Distillation   soft targets, flattening with T, loss against T
// [SECTION] Smoothing + calibration  Müller et al.: reliability, ECE and teacher KL vs ε
// [SECTION] Registry       parameters and figures
#include "model/labs/lab_smoothing.hpp"

#include "losslab/activations.hpp"
#include "losslab/distillation.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/information.hpp"
#include "model/params/class_param_bindings.hpp"
#include "model/labs/lab_calibration.hpp"
#include "plot/plot_layout.hpp"
#include "plot/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include <fmt/format.h>

namespace losslab::model {

// ---------------------------------------------------------------- [SECTION] Helpers
namespace {
constexpr int kCurvePoints = 500;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::size_t classes(const SmoothingLabState& s) {
    return std::size_t(std::clamp(s.num_classes, 2, int(kMaxClasses)));
}

SmoothingConvention chosen_convention(const SmoothingLabState& s) {
    return kSmoothingConventions[std::size_t(std::clamp(s.convention, 0, 2))];
}

plot::Rgba convention_color(SmoothingConvention c) {
    switch (c) {
    case SmoothingConvention::Uniform: return plot::okabe_ito(0);
    case SmoothingConvention::Others: return plot::okabe_ito(1);
    case SmoothingConvention::KlPad: return plot::okabe_ito(2);
    }
    return plot::okabe_ito(0);
}

// Short, fixed-width enough to sit above a narrow bar.
std::string bar_value(double v) {
    if (!std::isfinite(v)) return plot::format_value(v);
    if (v != 0.0 && std::fabs(v) < 0.001) return fmt::format("{:.1e}", v);
    return fmt::format("{:.3f}", v);
}

// Every bar labelled while they are wide enough; beyond, the true class, the padding class and
// one other class carry the values (the rest repeat them).
bool labelled(std::size_t i, std::size_t k) {
    return k <= 10 || i == kSmoothingTrueClass || i == kSmoothingPaddingClass || i == 2;
}

plot::Series bars(std::string name, plot::Rgba color, std::span<const double> values, double offset,
            double width) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Bars;
    s.color = color;
    s.bar_width = width;
    for (std::size_t i = 0; i < values.size(); ++i) {
        s.x.push_back(double(i) + offset);
        s.y.push_back(values[i]);
        s.point_labels.push_back(labelled(i, values.size()) ? bar_value(values[i]) : "");
    }
    return s;
}

plot::Series markers(std::string name, plot::Rgba color, std::vector<double> x, std::vector<double> y,
               std::vector<std::string> labels) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Markers;
    s.color = color;
    s.marker_radius = 5.0f;
    s.x = std::move(x);
    s.y = std::move(y);
    s.point_labels = std::move(labels);
    return s;
}

plot::Series rule(plot::SeriesKind kind, plot::Rgba color, std::vector<double> at) {
    plot::Series s;
    s.kind = kind;
    s.color = plot::with_alpha(color, 0.8f);
    s.width = 1.5f;
    s.style = plot::LineStyle::Dashed;
    (kind == plot::SeriesKind::VLine ? s.x : s.y) = std::move(at);
    if (kind == plot::SeriesKind::VLine) s.y.assign(s.x.size(), 0.0);
    else s.x.assign(s.y.size(), 0.0);
    return s;
}

// The class axis: one category per class, the true class named as such.
plot::Axis class_axis(std::size_t k, std::string label = "class") {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < k; ++i)
        names.push_back(i == kSmoothingTrueClass ? fmt::format("{} (true)", i)
                                                 : fmt::format("{}", i));
    return plot::fitted_axis(std::move(label), plot::AxisScale::Linear, std::move(names));
}

std::span<const double> first(const ClassValues& v, std::size_t k) { return {v.data(), k}; }

// The target of the logits editor: the chosen convention, or uniform where it is invalid.
struct EditorTarget {
    SmoothingConvention convention;
    std::vector<double> p;
    bool fell_back = false;
};

EditorTarget editor_target(const SmoothingLabState& s) {
    EditorTarget t{chosen_convention(s), {}, false};
    auto p = smoothed_target(smoothing_spec(s, t.convention), kSmoothingTrueClass);
    if (!p) {
        t.convention = SmoothingConvention::Uniform;
        t.fell_back = true;
        p = smoothed_target(smoothing_spec(s, t.convention), kSmoothingTrueClass);
    }
    t.p = p.value();
    return t;
}

std::vector<double> temperatures() {
    std::vector<double> ts;
    const double lo = std::log(params::kDistillTemperature.min);
    const double hi = std::log(params::kDistillTemperature.max);
    for (int i = 0; i < 240; ++i) ts.push_back(std::exp(lo + (hi - lo) * i / 239.0));
    return ts;
}
} // namespace

SmoothingSpec smoothing_spec(const SmoothingLabState& state, SmoothingConvention convention) {
    return {classes(state), state.eps, convention, kSmoothingPaddingClass};
}

std::string convention_title(SmoothingConvention convention) {
    switch (convention) {
    case SmoothingConvention::Uniform: return "uniform  (1−ε)·onehot + ε/K  (PyTorch)";
    case SmoothingConvention::Others: return "others  1−ε, ε/(K−1) to each other class";
    case SmoothingConvention::KlPad: return "kl-pad  1−ε, ε/(K−2), padding class 0 held at 0";
    }
    return "";
}

SmoothingSummary smoothing_summary(const SmoothingLabState& state) {
    SmoothingSummary out;
    for (std::size_t c = 0; c < 3; ++c) {
        auto& cs = out.conventions[c];
        cs.convention = kSmoothingConventions[c];
        const auto spec = smoothing_spec(state, cs.convention);
        const auto levels = smoothing_levels(spec);
        if (!levels) {
            cs.valid = false;
            cs.error = levels.error().message;
            continue;
        }
        cs.true_mass = levels.value().true_mass;
        cs.other_mass = levels.value().other_mass;
        const auto min = smoothing_minimum(spec);
        cs.p_star = min.value().p_t;
        cs.floor = min.value().cross_entropy;
        cs.gap = smoothing_logit_gap(spec).value();
    }
    const std::size_t k = classes(state);
    const auto target = editor_target(state);
    const auto q = softmax(first(state.logits, k), state.temperature);
    out.entropy = entropy(target.p);
    out.cross_entropy = cross_entropy(target.p, q);
    out.kl = kl_divergence(target.p, q);
    out.distill_kl =
        distillation_kl(first(state.logits, k), first(state.teacher, k), k, state.distill_t)
            .value();
    out.distill_ce =
        distillation_ce(first(state.logits, k), first(state.teacher, k), k, state.distill_t)
            .value();
    return out;
}

// ---------------------------------------------------------------- [SECTION] Targets
plot::Figure smoothing_targets_figure(const SmoothingLabState& state, SmoothingConvention convention) {
    const std::size_t k = classes(state);
    plot::Figure fig;
    const std::string key(params::kSmoothingConventionNames[std::size_t(convention)]);
    fig.name = "smoothing-targets-" + key;
    fig.title = convention_title(convention);
    fig.x_axis = class_axis(k);
    fig.y_axis = {"target probability", 0.0, 1.12, plot::AxisScale::Linear};
    const auto target = smoothed_target(smoothing_spec(state, convention), kSmoothingTrueClass);
    if (!target) {
        fig.annotations.push_back({target.error().message, 0.0, 0.6});
        return fig;
    }
    fig.series.push_back(bars("", convention_color(convention), target.value(), 0.0,
                              k > 10 ? 0.75 : 0.6));
    fig.series.push_back(rule(plot::SeriesKind::HLine, {128, 128, 128, 255}, {1.0 / double(k)}));
    fig.series.back().name = "1/K";
    return fig;
}

plot::Figure smoothing_loss_figure(const SmoothingLabState& state) {
    plot::Figure fig;
    fig.name = "smoothing-loss-vs-pt";
    fig.title = fmt::format("Smoothed cross-entropy against pₜ  (ε = {:.3f}, K = {})", state.eps,
                            classes(state));
    fig.x_axis = {"pₜ (probability the model gives the true class; the rest spread evenly)", 0.0,
                  1.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss (nats)", 0.0, 4.0, plot::AxisScale::Linear};
    // Sampled adaptively for the plot's y range: the smooth curves need far fewer points
    // than an even grid, and none finer than the pixels they cover.
    const double y_lo = fig.y_axis.min, y_hi = fig.y_axis.max;
    fig.series.push_back(plot::adaptive_probability_curve("plain CE  −log pₜ  (ε = 0)",
                                                          {140, 140, 140, 255},
                                                          [](double p) { return cross_entropy_pt(p); },
                                                          y_lo, y_hi));
    fig.series.back().style = plot::LineStyle::Dashed;
    fig.series.back().width = 1.8f;
    std::vector<plot::Series> minima;
    for (auto c : kSmoothingConventions) {
        const auto spec = smoothing_spec(state, c);
        if (!validate(spec)) continue;
        const std::string key(params::kSmoothingConventionNames[std::size_t(c)]);
        fig.series.push_back(plot::adaptive_probability_curve(
            key + "  H(target, q)", convention_color(c),
            [spec](double p) { return smoothed_ce_vs_pt(spec, p).value(); }, y_lo, y_hi));
        if (c == SmoothingConvention::KlPad) {
            fig.series.push_back(plot::adaptive_probability_curve(
                "kl-pad as reported: KL(target ‖ q) = CE − floor", convention_color(c),
                [spec](double p) { return smoothed_kl_vs_pt(spec, p).value(); }, y_lo, y_hi));
            fig.series.back().style = plot::LineStyle::Dotted;
        }
        const auto m = smoothing_minimum(spec).value();
        minima.push_back(markers("", convention_color(c), {m.p_t}, {m.cross_entropy}, {}));
        // The minima crowd together near p_t = 1; their readouts sit in the empty middle of the
        // plot with arrows to the points.
        const double row = double(minima.size() - 1);
        plot::Annotation a{fmt::format("{} minimum: pₜ* = {:.3f}, loss = {:.3f} (entropy floor)", key,
                                 m.p_t, m.cross_entropy),
                     0.3, 2.9 - 0.32 * row};
        a.arrow = true;
        a.arrow_x = m.p_t;
        a.arrow_y = m.cross_entropy;
        a.color = convention_color(c);
        fig.annotations.push_back(std::move(a));
    }
    for (auto& m : minima) fig.series.push_back(std::move(m));
    return fig;
}

plot::Figure smoothing_gap_figure(const SmoothingLabState& state) {
    plot::Figure fig;
    fig.name = "smoothing-logit-gap";
    fig.title = fmt::format("Optimal logit gap z_true − z_other = log(t / o)  (K = {})",
                            classes(state));
    fig.x_axis = {"ε (smoothing mass)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"logit gap (finite for ε > 0)", -2.0, 10.0, plot::AxisScale::Linear};
    const auto eps = plot::linear_grid(0.0, 1.0, kCurvePoints);
    SmoothingLabState probe = state;
    for (auto c : kSmoothingConventions) {
        if (!validate(smoothing_spec(state, c))) continue;
        const std::string key(params::kSmoothingConventionNames[std::size_t(c)]);
        const auto now = smoothing_logit_gap(smoothing_spec(state, c)).value();
        const std::string name = fmt::format("{}  gap {} at ε = {:.3f}", key,
                                             std::isfinite(now) ? fmt::format("{:.3f}", now)
                                                                : plot::format_value(now),
                                             state.eps);
        fig.series.push_back(plot::sampled_curve(name, convention_color(c), eps, [probe, c](double e) mutable {
            probe.eps = e;
            return smoothing_logit_gap(smoothing_spec(probe, c)).value();
        }));
    }
    for (auto c : kSmoothingConventions) {
        const auto gap = smoothing_logit_gap(smoothing_spec(state, c));
        if (!gap) continue;
        fig.series.push_back(markers("", convention_color(c), {state.eps}, {gap.value()}, {}));
    }
    fig.series.push_back(rule(plot::SeriesKind::HLine, {128, 128, 128, 255}, {0.0}));
    fig.series.back().style = plot::LineStyle::Solid;
    fig.series.back().width = 1.0f;
    return fig;
}

// ---------------------------------------------------------------- [SECTION] Logits editor
plot::Figure smoothing_editor_figure(const SmoothingLabState& state) {
    const std::size_t k = classes(state);
    const auto target = editor_target(state);
    const auto q = softmax(first(state.logits, k), state.temperature);
    plot::Figure fig;
    fig.name = "smoothing-logits-editor";
    const std::string key(params::kSmoothingConventionNames[std::size_t(target.convention)]);
    fig.title = fmt::format("q = softmax(z / T) beside the {} target p{}", key,
                            target.fell_back ? "  (kl-pad needs K ≥ 3)" : "");
    fig.x_axis = class_axis(k);
    fig.y_axis = {"probability", 0.0, 1.12, plot::AxisScale::Linear};
    fig.series.push_back(bars(fmt::format("q, T = {:.2f}", state.temperature), plot::okabe_ito(4), q,
                              -0.2, 0.38));
    fig.series.push_back(bars("target p", convention_color(target.convention), target.p, 0.2,
                              0.38));
    // Two labels per class collide beyond ten classes: keep the true class's pair.
    if (k > 10)
        for (auto& s : fig.series)
            for (std::size_t i = 0; i < s.point_labels.size(); ++i)
                if (i != kSmoothingTrueClass) s.point_labels[i].clear();
    return fig;
}

plot::Figure smoothing_decomposition_figure(const SmoothingLabState& state) {
    const auto s = smoothing_summary(state);
    plot::Figure fig;
    fig.name = "smoothing-ce-decomposition";
    fig.title = "H(p, q) = H(p) + KL(p ‖ q)";
    fig.x_axis = plot::fitted_axis("", plot::AxisScale::Linear, {"H(p) + KL(p ‖ q)", "H(p, q)"});
    const double top = std::isfinite(s.cross_entropy) ? s.cross_entropy : s.entropy + 1.0;
    fig.y_axis = {"nats", 0.0, std::max(0.5, 1.3 * top), plot::AxisScale::Linear};
    plot::Series h = bars("H(p): entropy floor", plot::okabe_ito(5), std::vector<double>{s.entropy}, 0.0, 0.8);
    h.point_labels = {""};
    plot::Series kl = bars("KL(p ‖ q)", plot::okabe_ito(1), std::vector<double>{s.entropy + s.kl}, 0.0, 0.8);
    kl.y_base = {s.entropy};
    kl.point_labels = {"sum " + bar_value(s.entropy + s.kl)};
    plot::Series ce = bars("H(p, q)", plot::okabe_ito(0), std::vector<double>{s.cross_entropy}, 1.0, 0.8);
    ce.point_labels = {bar_value(s.cross_entropy)};
    fig.series = {h, kl, ce};
    fig.annotations.push_back({"H(p) = " + bar_value(s.entropy), -0.33, 0.5 * s.entropy});
    fig.annotations.push_back(
        {"KL = " + bar_value(s.kl), -0.33, s.entropy + 0.5 * std::min(s.kl, top)});
    return fig;
}

// ---------------------------------------------------------------- [SECTION] Distillation
plot::Figure distillation_targets_figure(const SmoothingLabState& state) {
    const std::size_t k = classes(state);
    const auto teacher = first(state.teacher, k);
    plot::Figure fig;
    fig.name = "distillation-soft-targets";
    fig.title = fmt::format("Soft targets: teacher softmax(t / T) at T = 1 and T = {:.2f}",
                            state.distill_t);
    fig.x_axis = class_axis(k);
    fig.y_axis = {"probability", 0.0, 1.12, plot::AxisScale::Linear};
    const auto hard = soft_targets(teacher, k, 1.0).value();
    const auto soft = soft_targets(teacher, k, state.distill_t).value();
    const auto student = softmax(first(state.logits, k), state.distill_t);
    fig.series.push_back(bars("teacher, T = 1", plot::with_alpha(plot::okabe_ito(2), 0.55f), hard, -0.27, 0.26));
    fig.series.push_back(bars(fmt::format("teacher, T = {:.2f} (soft targets)", state.distill_t),
                              plot::okabe_ito(2), soft, 0.0, 0.26));
    fig.series.push_back(bars(fmt::format("student z, T = {:.2f}", state.distill_t), plot::okabe_ito(4),
                              student, 0.27, 0.26));
    // Three labels per class crowd the axis; the soft targets carry theirs.
    if (k > 5) {
        fig.series[0].point_labels.clear();
        fig.series[2].point_labels.clear();
    }
    return fig;
}

plot::Figure distillation_flattening_figure(const SmoothingLabState& state) {
    const std::size_t k = classes(state);
    plot::Figure fig;
    fig.name = "distillation-flattening";
    fig.title = "Soft targets flatten as T grows (each line one class)";
    fig.x_axis = {"T (distillation temperature)", params::kDistillTemperature.min,
                  params::kDistillTemperature.max, plot::AxisScale::Log10};
    fig.y_axis = {"softmax(t / T) of the class", 0.0, 1.0, plot::AxisScale::Linear};
    const auto ts = temperatures();
    std::vector<std::vector<double>> per_t;
    per_t.reserve(ts.size());
    for (double t : ts) per_t.push_back(soft_targets(first(state.teacher, k), k, t).value());
    for (std::size_t c = 0; c < k; ++c) {
        plot::Series s;
        s.name = c < 6 ? fmt::format("class {}", c) : "";
        s.color = plot::viridis(k > 1 ? double(c) / double(k - 1) : 0.0);
        s.width = 2.0f;
        s.x = ts;
        for (const auto& p : per_t) s.y.push_back(p[c]);
        fig.series.push_back(std::move(s));
    }
    fig.series.push_back(rule(plot::SeriesKind::HLine, {128, 128, 128, 255}, {1.0 / double(k)}));
    fig.series.back().name = "1/K (T → ∞)";
    fig.series.push_back(rule(plot::SeriesKind::VLine, {60, 60, 60, 255}, {state.distill_t}));
    return fig;
}

plot::Figure distillation_loss_figure(const SmoothingLabState& state) {
    const std::size_t k = classes(state);
    const auto student = first(state.logits, k);
    const auto teacher = first(state.teacher, k);
    plot::Figure fig;
    fig.name = "distillation-loss-vs-t";
    fig.title = "Student loss against T: the T² factor keeps its scale";
    fig.x_axis = {"T (distillation temperature)", params::kDistillTemperature.min,
                  params::kDistillTemperature.max, plot::AxisScale::Log10};
    const auto ts = temperatures();
    auto kl2 = [=](double t) { return distillation_kl(student, teacher, k, t).value(); };
    fig.series.push_back(plot::sampled_curve("T²·KL (Hinton; F.kl_div batchmean · T²)", plot::okabe_ito(0), ts, kl2));
    fig.series.push_back(plot::sampled_curve("KL without T² (fades as T grows)", plot::okabe_ito(0), ts,
                               [=](double t) { return kl2(t) / (t * t); }));
    fig.series.back().style = plot::LineStyle::Dashed;
    fig.y_axis = plot::fitted_axis("loss");
    const double t = state.distill_t;
    fig.series.push_back(rule(plot::SeriesKind::VLine, {60, 60, 60, 255}, {t}));
    fig.series.push_back(markers("", plot::okabe_ito(0), {t}, {kl2(t)}, {bar_value(kl2(t))}));
    return fig;
}

// ---------------------------------------------------------------- [SECTION] Registry
std::span<const ParamBinding> smoothing_lab_params() {
    static const std::vector<ParamBinding> kParams = [] {
        constexpr auto lab = LabId::Smoothing;
        std::vector<ParamBinding> v{
            ParamBinding{lab, "smoothing", &params::kSmoothingEps,
                         [](AppState& s) -> ParamRef { return &s.smoothing.eps; }},
            ParamBinding{lab, "smoothing", &params::kSmoothingClasses,
                         [](AppState& s) -> ParamRef { return &s.smoothing.num_classes; }},
            ParamBinding{lab, "smoothing", &params::kSmoothingConvention,
                         [](AppState& s) -> ParamRef { return &s.smoothing.convention; }},
            ParamBinding{lab, "smoothing", &params::kSmoothingView,
                         [](AppState& s) -> ParamRef { return &s.smoothing.view; }},
            ParamBinding{lab, "smoothing", &params::kSmoothingTemperature,
                         [](AppState& s) -> ParamRef { return &s.smoothing.temperature; }},
        };
        const auto logits =
            class_param_bindings<&AppState::smoothing, &SmoothingLabState::logits,
                                 params::kSmoothingLogits>(lab, "smoothing");
        v.insert(v.end(), logits.begin(), logits.end());
        v.push_back(ParamBinding{lab, "smoothing", &params::kDistillTemperature,
                                 [](AppState& s) -> ParamRef { return &s.smoothing.distill_t; }});
        const auto teacher =
            class_param_bindings<&AppState::smoothing, &SmoothingLabState::teacher,
                                 params::kTeacherLogits>(lab, "smoothing");
        v.insert(v.end(), teacher.begin(), teacher.end());
        return v;
    }();
    return kParams;
}

// ---------------------------------------------------------------- [SECTION] Smoothing +
// calibration

namespace {

// The calibration lab's default synthetic classifier at confidence 1: logits = log p_true.
const SyntheticClassifier& smoothing_calibration_data() {
    static const SyntheticClassifier data = [] {
        SyntheticClassifierParams p;
        p.num_examples = std::size_t(params::kCalibExamples.def);
        p.num_classes = std::size_t(params::kCalibClasses.def);
        p.confidence = 1.0;
        p.seed = std::uint64_t(params::kCalibSeed.def);
        auto r = make_synthetic_classifier(p);
        return r ? std::move(r.value()) : SyntheticClassifier{};
    }();
    return data;
}

SmoothedFitResult fit_at(double eps) {
    const auto& d = smoothing_calibration_data();
    SmoothedFitParams p;
    p.eps = std::clamp(eps, 0.0, 0.99);
    p.num_bins = int(params::kCalibBins.def);
    auto r = fit_towards_smoothed_targets(d.logits, d.num_classes, d.labels, p);
    return r ? std::move(r.value()) : SmoothedFitResult{};
}

// The fits of the grid, computed on first use.
const std::vector<SmoothedFitResult>& grid_fits() {
    static const std::vector<SmoothedFitResult> fits = [] {
        std::vector<SmoothedFitResult> out;
        for (double e : smoothing_eps_grid()) {
            out.push_back(fit_at(e));
            // Only the scalars are drawn against eps: drop the per-example vectors.
            out.back().logits = {};
            out.back().confidence = {};
            out.back().expected_correct = {};
        }
        return out;
    }();
    return fits;
}

plot::Series eps_marker(double eps) {
    plot::Series m;
    m.name = "your ε";
    m.id = "eps";
    m.kind = plot::SeriesKind::VLine;
    m.x = {eps};
    m.color = plot::Rgba{90, 90, 90, 255};
    m.width = 1.5f;
    m.style = plot::LineStyle::Dotted;
    return m;
}

} // namespace

std::vector<double> smoothing_eps_grid() {
    std::vector<double> g;
    for (int i = 0; i <= 18; ++i)
        g.push_back(0.05 * i);
    return g;
}

SmoothedFitResult smoothing_calibration_fit(double eps) {
    return fit_at(eps);
}

plot::Figure smoothing_calibration_reliability_figure(const SmoothingLabState& state) {
    const double eps = std::clamp(state.eps, 0.0, 0.99);
    const SmoothedFitResult r = fit_at(eps);
    CalibrationMetrics m;
    m.ece = r.ece;
    m.accuracy = r.accuracy;
    m.mean_confidence = r.mean_confidence;
    m.examples = r.confidence.size();
    m.bins = r.bins;
    plot::Figure f =
        reliability_figure(m, "smoothing-calibration-reliability",
                           fmt::format("Trained with ε = {}", plot::format_value(eps, 3)));
    f.y_axis.label = "accuracy on fresh labels";
    // A short legend entry (the calibration lab's names the ECE, given in the note here).
    for (auto& series : f.series)
        if (series.id == "gap-over") series.name = "over-confidence gap";
    const double hard_ece = grid_fits().empty() ? 0.0 : grid_fits().front().ece;
    f.notes.push_back(fmt::format("Accuracy {}, confidence {}, ECE {} (one-hot: {}).",
                                  plot::format_value(r.accuracy, 3),
                                  plot::format_value(r.mean_confidence, 3),
                                  plot::format_value(r.ece, 3), plot::format_value(hard_ece, 3)));
    return f;
}

plot::Figure smoothing_calibration_vs_eps_figure(const SmoothingLabState& state) {
    const auto grid = smoothing_eps_grid();
    const auto& fits = grid_fits();
    plot::Figure f;
    f.name = "smoothing-calibration-vs-eps";
    f.title = "Over-confidence against ε";
    f.x_axis = {"ε (label smoothing of the training targets)", 0.0, grid.back()};
    f.y_axis = {"fraction", 0.0, 1.7};
    plot::Series ece, conf, acc;
    ece.name = "ECE";
    ece.color = plot::okabe_ito(1);
    conf.name = "mean confidence";
    conf.color = plot::okabe_ito(0);
    conf.style = plot::LineStyle::Dashed;
    acc.name = "accuracy";
    acc.color = plot::okabe_ito(2);
    acc.style = plot::LineStyle::Dotted;
    for (std::size_t i = 0; i < fits.size(); ++i) {
        ece.x.push_back(grid[i]);
        ece.y.push_back(fits[i].ece);
        conf.x.push_back(grid[i]);
        conf.y.push_back(fits[i].mean_confidence);
        acc.x.push_back(grid[i]);
        acc.y.push_back(fits[i].accuracy);
    }
    f.series = {ece, conf, acc, eps_marker(std::clamp(state.eps, 0.0, 0.99))};
    f.notes.push_back("Confidence falls to 1 − ε + ε/K; accuracy stays.");
    return f;
}

plot::Figure smoothing_teacher_information_figure(const SmoothingLabState& state) {
    const auto grid = smoothing_eps_grid();
    const auto& fits = grid_fits();
    plot::Figure f;
    f.name = "smoothing-calibration-teacher";
    f.title = "A smoothed teacher distils worse";
    f.x_axis = {"ε (label smoothing of the teacher's training targets)", 0.0, grid.back()};
    plot::Series kl;
    kl.name = "KL(true ‖ teacher), wrong classes";
    kl.color = plot::okabe_ito(3);
    double top = 0.0;
    for (std::size_t i = 0; i < fits.size(); ++i) {
        kl.x.push_back(grid[i]);
        kl.y.push_back(fits[i].wrong_class_kl);
        top = std::max(top, fits[i].wrong_class_kl);
    }
    f.y_axis = {"nats", 0.0, std::max(0.1, 2.2 * top)};
    f.series = {kl, eps_marker(std::clamp(state.eps, 0.0, 0.99))};
    f.notes.push_back("Smoothing pulls every wrong class to ε/K: less for a student to learn.");
    return f;
}

std::span<const FigureInfo> smoothing_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"smoothing-targets-uniform", LabId::Smoothing,
                   [](const AppState& s) {
                       return smoothing_targets_figure(s.smoothing, SmoothingConvention::Uniform);
                   }},
        FigureInfo{"smoothing-targets-others", LabId::Smoothing,
                   [](const AppState& s) {
                       return smoothing_targets_figure(s.smoothing, SmoothingConvention::Others);
                   }},
        FigureInfo{"smoothing-targets-kl-pad", LabId::Smoothing,
                   [](const AppState& s) {
                       return smoothing_targets_figure(s.smoothing, SmoothingConvention::KlPad);
                   }},
        FigureInfo{"smoothing-loss-vs-pt", LabId::Smoothing,
                   [](const AppState& s) { return smoothing_loss_figure(s.smoothing); }},
        FigureInfo{"smoothing-logit-gap", LabId::Smoothing,
                   [](const AppState& s) { return smoothing_gap_figure(s.smoothing); }},
        FigureInfo{"smoothing-logits-editor", LabId::Smoothing,
                   [](const AppState& s) { return smoothing_editor_figure(s.smoothing); }},
        FigureInfo{"smoothing-ce-decomposition", LabId::Smoothing,
                   [](const AppState& s) { return smoothing_decomposition_figure(s.smoothing); }},
        FigureInfo{"distillation-soft-targets", LabId::Smoothing,
                   [](const AppState& s) { return distillation_targets_figure(s.smoothing); }},
        FigureInfo{"distillation-flattening", LabId::Smoothing,
                   [](const AppState& s) { return distillation_flattening_figure(s.smoothing); }},
        FigureInfo{"distillation-loss-vs-t", LabId::Smoothing,
                   [](const AppState& s) { return distillation_loss_figure(s.smoothing); }},
        FigureInfo{"smoothing-calibration-reliability", LabId::Smoothing,
                   [](const AppState& s) {
                       return smoothing_calibration_reliability_figure(s.smoothing);
                   }},
        FigureInfo{
            "smoothing-calibration-vs-eps", LabId::Smoothing,
            [](const AppState& s) { return smoothing_calibration_vs_eps_figure(s.smoothing); }},
        FigureInfo{
            "smoothing-calibration-teacher", LabId::Smoothing,
            [](const AppState& s) { return smoothing_teacher_information_figure(s.smoothing); }},
    };
    return kFigures;
}

} // namespace losslab::model
