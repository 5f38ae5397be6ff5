#include "model/labs/lab_loss.hpp"

#include "losslab/activations.hpp"
#include "losslab/label_smoothing.hpp"
#include "plot/curve_sampling.hpp"
#include "plot/sampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace losslab::model {

namespace {

constexpr int kCurvePoints = 600;
constexpr double kLogitRange = 10.0;

bool logit_axis(const LossLabState& s) { return s.x_axis == 1; }

// A catalogue curve bound to parameters the lab has already validated.
CurveFn bound(std::string_view name, const CurveParams& params) {
    auto fn = make_curve(name, params);
    return fn ? fn.value() : CurveFn([](double) { return CurvePoint{NAN, NAN}; });
}

// `c` with the batched drawing evaluators of catalogue curve `name` against z.
LossCurve with_batched(LossCurve c, std::string_view name, const CurveParams& params) {
    c.z_values = make_curve_batch(name, params, false);
    c.z_gradients = make_curve_batch(name, params, true);
    return c;
}

// L(σ(z)) and dL/dz = dL/dp · σ(z)σ(−z), for curves the catalogue has only in p.
CurveFn through_sigmoid(CurveFn of_p) {
    return [of_p = std::move(of_p)](double z) {
        const auto s = sigmoid_pair(z);
        const CurvePoint at = of_p(s.pos);
        return CurvePoint{at.value, at.derivative * s.pos * s.neg};
    };
}

SmoothingSpec smoothing_spec(const LossLabState& s) {
    SmoothingSpec spec;
    spec.num_classes = std::size_t(s.num_classes);
    spec.eps = s.eps;
    spec.convention = SmoothingConvention::Uniform;
    return spec;
}

// The x range of the curves and the points they must include: on the probability axis
// log-spaced points down to 1e-12 so that curves like -log p reach the top edge.
struct XRange {
    double lo, hi;
    std::vector<double> seeds;
};

XRange x_range(const LossLabState& s) {
    if (logit_axis(s)) return {-kLogitRange, kLogitRange, {}};
    auto grid = plot::probability_grid(kCurvePoints);
    std::erase_if(grid, [](double p) { return p > 0.01; });
    return {grid.front(), 1.0, grid};
}

// The curve sampled adaptively for a plot showing `y_lo`..`y_hi` (only the value or only the
// gradient is used per figure; the catalogue's curve function gives both).
plot::Series series_of(const LossCurve& c, const XRange& xr, bool by_z, bool gradient,
                       double y_lo, double y_hi) {
    plot::Series out;
    out.name = c.name;
    out.id = c.id;
    out.visible = c.shown;
    out.color = c.color;
    out.style = c.style;
    const CurveFn fn = by_z ? c.of_z : c.of_p;
    // dL/dz against p uses dz/dp = 1 / (p (1 − p)); against z it is the derivative itself.
    auto eval = [fn, by_z, gradient](double x) {
        const CurvePoint pt = fn(x);
        if (!gradient) return pt.value;
        if (by_z) return pt.derivative;
        const double g = pt.derivative * x * (1.0 - x);
        if (!std::isnan(g)) return g;
        // At p = 0 or 1 the chain rule meets ∞·0 where dL/dz has a finite limit (p − y for
        // BCE): the neighbouring double gives it to rounding.
        const double inward = std::nextafter(x, 0.5);
        return fn(inward).derivative * inward * (1.0 - inward);
    };
    plot::CurveSampling sampling;
    sampling.y_lo = y_lo;
    sampling.y_hi = y_hi;
    // Against z, curves with batched kernels are drawn from them, whole levels of the
    // sampler at a time, computing only the value or only the gradient; the readout and
    // CSV files use the exact scalar path (Series::y_for_drawing).
    const CurveBatchFn& batch = gradient ? c.z_gradients : c.z_values;
    auto samples = by_z && batch ? plot::adaptive_samples_batched(xr.lo, xr.hi, batch, sampling, xr.seeds)
                                 : plot::adaptive_samples(xr.lo, xr.hi, eval, sampling, xr.seeds);
    out.y_for_drawing = by_z && bool(batch);
    out.x = std::move(samples.x);
    out.y = std::move(samples.y);
    out.exact = eval;
    // The curve is defined where it was sampled: the hover readout stays there.
    out.exact_min = xr.lo;
    out.exact_max = xr.hi;
    return out;
}

plot::Series marker_line(const LossLabState& s) {
    plot::Series m;
    m.kind = plot::SeriesKind::VLine;
    m.x = {loss_marker_x(s)};
    m.color = {120, 120, 120, 200};
    m.width = 1.5f;
    m.style = plot::LineStyle::Dashed;
    return m;
}

plot::Figure base_figure(const LossLabState& s, std::string name, std::string title) {
    plot::Figure fig;
    fig.name = std::move(name);
    fig.title = std::move(title);
    fig.x_axis = logit_axis(s)
                     ? plot::Axis{"z (logit of the true class, pₜ = σ(z))", -kLogitRange, kLogitRange}
                     : plot::Axis{"pₜ (probability given to the true class)", 0.0, 1.0};
    return fig;
}

} // namespace

std::vector<LossCurve> loss_curves(const LossLabState& s, bool include_hidden) {
    std::vector<LossCurve> curves;
    const double alpha = s.alpha;
    curves.push_back(with_batched({"cross-entropy  −log pₜ", "cross-entropy", plot::okabe_ito(0),
                                   plot::LineStyle::Solid, bound("ce", {}),
                                   bound("bce-logits", {{"y", 1.0}}), "ce", s.show_ce},
                                  "bce-logits", {{"y", 1.0}}));
    {
        const CurveParams fp{{"gamma", s.gamma}, {"alpha", alpha}, {"target", 1.0}};
        const std::string weight = alpha < 0 ? "" : fmt::format("α = {:.2f}, ", alpha);
        curves.push_back(with_batched({fmt::format("focal  {}γ = {:.2f}", weight, s.gamma), "focal",
                                       plot::okabe_ito(1), plot::LineStyle::Solid, bound("focal", fp),
                                       bound("focal-logits", fp), "focal", s.show_focal},
                                      "focal-logits", fp));
    }
    {
        // α < 0 switches weighting off for focal loss; the balanced curve then weighs 1.
        const double a = alpha < 0 ? 1.0 : alpha;
        auto of_p = bound("balanced-ce", {{"alpha", a}, {"y", 1.0}});
        curves.push_back({fmt::format("α-balanced CE  α = {:.2f}", a), "α-balanced CE", plot::okabe_ito(2),
                          plot::LineStyle::Dashed, of_p, through_sigmoid(of_p), "balanced", s.show_balanced});
    }
    curves.push_back(with_batched({fmt::format("BCE, soft target y = {:.2f}", s.target_y), "BCE (y)",
                                   plot::okabe_ito(3), plot::LineStyle::Solid,
                                   bound("bce", {{"y", s.target_y}}),
                                   bound("bce-logits", {{"y", s.target_y}}), "bce", s.show_bce},
                                  "bce-logits", {{"y", s.target_y}}));
    {
        auto of_p = bound("brier", {{"y", 1.0}});
        curves.push_back({"MSE / Brier  (1 − pₜ)²", "Brier", plot::okabe_ito(4), plot::LineStyle::Dotted, of_p,
                          through_sigmoid(of_p), "brier", s.show_brier});
    }
    {
        auto of_p = bound("smoothed-ce", {{"K", double(s.num_classes)}, {"eps", s.eps}, {"convention", 0.0}});
        curves.push_back({fmt::format("smoothed CE  K = {}, ε = {:.2f}", s.num_classes, s.eps),
                          "smoothed CE", plot::okabe_ito(5), plot::LineStyle::Solid, of_p, through_sigmoid(of_p),
                          "smoothed", s.show_smoothed});
    }
    if (!include_hidden) std::erase_if(curves, [](const LossCurve& c) { return !c.shown; });
    return curves;
}

double loss_marker_x(const LossLabState& s) { return logit_axis(s) ? logit(s.marker) : s.marker; }

double loss_marker_from_x(const LossLabState& s, double x) {
    const double p = logit_axis(s) ? sigmoid(x) : x;
    return std::clamp(p, params::kLossMarker.min, params::kLossMarker.max);
}

plot::Figure loss_vs_probability_figure(const LossLabState& s, bool include_hidden) {
    plot::Figure fig = base_figure(s, "loss-vs-probability",
                                   logit_axis(s) ? "Loss of one example against the logit of its true class"
                                                 : "Loss of one example against its true-class probability");
    const bool by_z = logit_axis(s);
    fig.y_axis = {"loss", 0.0, by_z ? 10.0 : 5.0};
    const auto xr = x_range(s);
    for (const auto& c : loss_curves(s, include_hidden))
        fig.series.push_back(series_of(c, xr, by_z, false, fig.y_axis.min, fig.y_axis.max));
    fig.series.push_back(marker_line(s));

    if (s.show_smoothed) {
        if (auto min = smoothing_minimum(smoothing_spec(s))) {
            plot::Series m;
            m.kind = plot::SeriesKind::Markers;
            const double x = by_z ? logit(min.value().p_t) : min.value().p_t;
            m.x = {x};
            m.y = {min.value().cross_entropy};
            m.color = plot::okabe_ito(5);
            m.marker_radius = 5.5f;
            fig.series.push_back(m);
            plot::Annotation a;
            a.text = fmt::format("minimum at pₜ = 1 − ε + ε/K = {:.3f}: floor {:.3f} > 0",
                                 min.value().p_t, min.value().cross_entropy);
            a.arrow = true;
            a.arrow_x = x;
            a.arrow_y = min.value().cross_entropy;
            a.x = by_z ? x - 9.0 : std::max(0.3, x - 0.62);
            a.y = min.value().cross_entropy + (by_z ? 3.0 : 1.4);
            a.color = plot::okabe_ito(5);
            fig.annotations.push_back(a);
        }
    }
    return fig;
}

plot::Figure loss_gradient_figure(const LossLabState& s, bool include_hidden) {
    plot::Figure fig = base_figure(s, "loss-gradient", "Gradient with respect to the logit, dL/dz");
    fig.y_axis = {"dL/dz", -1.1, 0.6};
    const auto xr = x_range(s);
    const bool by_z = logit_axis(s);
    for (const auto& c : loss_curves(s, include_hidden))
        fig.series.push_back(series_of(c, xr, by_z, true, fig.y_axis.min, fig.y_axis.max));
    plot::Series zero;
    zero.kind = plot::SeriesKind::HLine;
    zero.y = {0.0};
    zero.color = {120, 120, 120, 160};
    zero.width = 1.0f;
    fig.series.push_back(zero);
    fig.series.push_back(marker_line(s));
    return fig;
}

std::vector<LossReadout> loss_readout(const LossLabState& s) {
    std::vector<LossReadout> rows;
    const double z = logit(s.marker);
    for (const auto& c : loss_curves(s)) {
        const CurvePoint at_z = c.of_z(z);
        rows.push_back({c.short_name, c.color, c.of_p(s.marker).value, at_z.derivative});
    }
    return rows;
}

std::span<const ParamBinding> loss_lab_params() {
    using namespace params;
    static const std::array kParams{
        ParamBinding{LabId::Loss, "loss", &kFocalGamma, [](AppState& s) -> ParamRef { return &s.loss.gamma; }},
        ParamBinding{LabId::Loss, "loss", &kFocalAlpha, [](AppState& s) -> ParamRef { return &s.loss.alpha; }},
        ParamBinding{LabId::Loss, "loss", &kLossSoftTarget, [](AppState& s) -> ParamRef { return &s.loss.target_y; }},
        ParamBinding{LabId::Loss, "loss", &kNumClasses, [](AppState& s) -> ParamRef { return &s.loss.num_classes; }},
        ParamBinding{LabId::Loss, "loss", &kSmoothingEps, [](AppState& s) -> ParamRef { return &s.loss.eps; }},
        ParamBinding{LabId::Loss, "loss", &kLossMarker, [](AppState& s) -> ParamRef { return &s.loss.marker; }},
        ParamBinding{LabId::Loss, "loss", &kLossXAxis, [](AppState& s) -> ParamRef { return &s.loss.x_axis; }},
        ParamBinding{LabId::Loss, "loss", &kShowCe, [](AppState& s) -> ParamRef { return &s.loss.show_ce; }},
        ParamBinding{LabId::Loss, "loss", &kShowFocal, [](AppState& s) -> ParamRef { return &s.loss.show_focal; }},
        ParamBinding{LabId::Loss, "loss", &kShowBalanced, [](AppState& s) -> ParamRef { return &s.loss.show_balanced; }},
        ParamBinding{LabId::Loss, "loss", &kShowBce, [](AppState& s) -> ParamRef { return &s.loss.show_bce; }},
        ParamBinding{LabId::Loss, "loss", &kShowBrier, [](AppState& s) -> ParamRef { return &s.loss.show_brier; }},
        ParamBinding{LabId::Loss, "loss", &kShowSmoothed, [](AppState& s) -> ParamRef { return &s.loss.show_smoothed; }},
    };
    return kParams;
}

std::span<const FigureInfo> loss_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"loss-vs-probability", LabId::Loss,
                   [](const AppState& s) { return loss_vs_probability_figure(s.loss); }},
        FigureInfo{"loss-gradient", LabId::Loss,
                   [](const AppState& s) { return loss_gradient_figure(s.loss); }},
    };
    return kFigures;
}

} // namespace losslab::model
