#include "model/labs/lab_information.hpp"

#include "losslab/information.hpp"
#include "losslab/regression_losses.hpp"
#include "model/params/class_param_bindings.hpp"
#include "plot/plot_layout.hpp"
#include "plot/sampling.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace losslab::model {

namespace {
constexpr int kCurvePoints = 500;

int classes(const InformationLabState& s) { return std::clamp(s.num_classes, 2, int(kMaxClasses)); }

std::string value_label(double v) {
    if (!std::isfinite(v)) return plot::format_value(v);
    return fmt::format("{:.3f}", v);
}

plot::Series bars(std::string name, plot::Rgba color, const std::vector<double>& values, double offset,
            double width, bool labels) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Bars;
    s.color = color;
    s.bar_width = width;
    for (std::size_t i = 0; i < values.size(); ++i) {
        s.x.push_back(double(i) + offset);
        s.y.push_back(values[i]);
        s.point_labels.push_back(labels ? value_label(values[i]) : "");
    }
    return s;
}

// One bar (or a stacked segment from `base`) at x; an infinite height is drawn to `cap` and
// labelled ∞ so the plot stays readable.
plot::Series single_bar(std::string name, plot::Rgba color, double x, double base, double height,
                  double cap, std::string label) {
    plot::Series s;
    s.name = std::move(name);
    s.kind = plot::SeriesKind::Bars;
    s.color = color;
    s.x = {x};
    s.y = {std::isfinite(height) ? base + height : cap};
    if (base != 0.0) s.y_base = {base};
    s.point_labels = {std::move(label)};
    return s;
}
} // namespace

std::vector<double> normalized_distribution(const ClassValues& values, int k) {
    k = std::clamp(k, 1, int(kMaxClasses));
    double sum = 0.0;
    for (int i = 0; i < k; ++i) sum += std::max(0.0, values[std::size_t(i)]);
    std::vector<double> out(std::size_t(k), 1.0 / k);
    if (sum > 0.0)
        for (int i = 0; i < k; ++i) out[std::size_t(i)] = std::max(0.0, values[std::size_t(i)]) / sum;
    return out;
}

bool normalize_distribution(ClassValues& values, int k) {
    const auto p = normalized_distribution(values, k);
    bool changed = false;
    for (std::size_t i = 0; i < p.size(); ++i) {
        changed |= std::fabs(values[i] - p[i]) > 1e-12;
        values[i] = p[i];
    }
    return changed;
}

void rebalance_distribution(ClassValues& values, int k, int edited) {
    k = std::clamp(k, 1, int(kMaxClasses));
    if (edited < 0 || edited >= k) return;
    const double v = std::clamp(values[std::size_t(edited)], 0.0, 1.0);
    values[std::size_t(edited)] = v;
    double rest = 0.0;
    for (int i = 0; i < k; ++i)
        if (i != edited) rest += std::max(0.0, values[std::size_t(i)]);
    for (int i = 0; i < k; ++i) {
        if (i == edited) continue;
        auto& x = values[std::size_t(i)];
        // Proportional rescaling keeps the others' ratios; with nothing to scale, share evenly.
        x = rest > 0.0 ? std::max(0.0, x) * (1.0 - v) / rest : (1.0 - v) / (k - 1);
    }
}

InformationSummary information_summary(const InformationLabState& state) {
    const auto p = normalized_distribution(state.p, classes(state));
    const auto q = normalized_distribution(state.q, classes(state));
    return {entropy(p), entropy(q), cross_entropy(p, q), cross_entropy(q, p),
            kl_divergence(p, q), kl_divergence(q, p)};
}

plot::Figure information_distributions_figure(const InformationLabState& state) {
    const int k = classes(state);
    plot::Figure fig;
    fig.name = "information-distributions";
    fig.title = "Two distributions over K outcomes (drag a bar's top to edit it)";
    std::vector<std::string> outcomes;
    for (int i = 0; i < k; ++i) outcomes.push_back(fmt::format("outcome {}", i));
    fig.x_axis = plot::fitted_axis("outcome", plot::AxisScale::Linear, std::move(outcomes));
    fig.y_axis = {"probability", 0.0, 1.1, plot::AxisScale::Linear};
    const bool labels = k <= 12;
    fig.series.push_back(bars("p", plot::okabe_ito(0), normalized_distribution(state.p, k), -0.2, 0.38,
                              labels));
    fig.series.push_back(bars("q", plot::okabe_ito(1), normalized_distribution(state.q, k), 0.2, 0.38,
                              labels));
    return fig;
}

plot::Figure information_quantities_figure(const InformationLabState& state) {
    const auto s = information_summary(state);
    plot::Figure fig;
    fig.name = "information-quantities";
    fig.title = "Cross-entropy = entropy + KL, in both directions";
    fig.x_axis = plot::fitted_axis("p against q (left pair), q against p (right pair)",
                                   plot::AxisScale::Linear,
                                   {"H(p)+KL", "H(p,q)", "H(q)+KL", "H(q,p)"});
    double top = std::max(s.entropy_p, s.entropy_q);
    for (double v : {s.cross_pq, s.cross_qp})
        if (std::isfinite(v)) top = std::max(top, v);
    top = std::max(0.5, 1.25 * top);
    fig.y_axis = {"nats", 0.0, top, plot::AxisScale::Linear};
    const double cap = 0.97 * top;
    const plot::Rgba kl_color = plot::okabe_ito(4);
    // Stack segments first, then the entropies, so the entropy label sits on its own segment.
    fig.series.push_back(single_bar("KL (stacked on the entropy)", kl_color, 0.0, s.entropy_p,
                                    s.kl_pq, cap, "KL " + value_label(s.kl_pq)));
    fig.series.push_back(single_bar("", kl_color, 2.0, s.entropy_q, s.kl_qp, cap,
                                    "KL " + value_label(s.kl_qp)));
    fig.series.push_back(single_bar("H(p)", plot::okabe_ito(0), 0.0, 0.0, s.entropy_p, cap, ""));
    fig.series.push_back(single_bar("H(q)", plot::okabe_ito(1), 2.0, 0.0, s.entropy_q, cap, ""));
    fig.series.push_back(single_bar("cross-entropy", plot::okabe_ito(2), 1.0, 0.0, s.cross_pq, cap,
                                    "H(p,q) " + value_label(s.cross_pq)));
    fig.series.push_back(single_bar("", plot::okabe_ito(2), 3.0, 0.0, s.cross_qp, cap,
                                    "H(q,p) " + value_label(s.cross_qp)));
    fig.annotations.push_back({"H(p) " + value_label(s.entropy_p), -0.36, 0.5 * s.entropy_p});
    fig.annotations.push_back({"H(q) " + value_label(s.entropy_q), 1.64, 0.5 * s.entropy_q});
    return fig;
}

plot::Figure information_binary_figure(const InformationLabState& state) {
    const double p = state.binary_p;
    plot::Figure fig;
    fig.name = "information-binary";
    fig.title = fmt::format("Binary case: p = {:.3f} fixed, q varies", p);
    fig.x_axis = {"q (probability of outcome 1 under the model)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"nats", 0.0, 3.0, plot::AxisScale::Linear};
    const auto qs = plot::linear_grid(0.0, 1.0, kCurvePoints);
    fig.series.push_back(plot::sampled_curve("H(p, q)  cross-entropy (BCE)", plot::okabe_ito(0), qs,
                               [p](double q) { return binary_cross_entropy(p, q); }));
    fig.series.push_back(plot::sampled_curve("KL(p ‖ q)", plot::okabe_ito(4), qs,
                               [p](double q) { return binary_kl(p, q); }));
    fig.series.push_back(plot::sampled_curve("KL(q ‖ p)", plot::okabe_ito(3), qs,
                               [p](double q) { return binary_kl(q, p); }));
    fig.series.back().style = plot::LineStyle::Dashed;
    plot::Series floor;
    floor.name = fmt::format("H(p) = {:.3f}  (the floor of H(p, q))", binary_entropy(p));
    floor.kind = plot::SeriesKind::HLine;
    floor.color = {128, 128, 128, 255};
    floor.width = 1.5f;
    floor.style = plot::LineStyle::Dashed;
    floor.x = {0.0};
    floor.y = {binary_entropy(p)};
    fig.series.push_back(floor);
    plot::Series minimum;
    minimum.kind = plot::SeriesKind::Markers;
    minimum.color = plot::okabe_ito(0);
    minimum.marker_radius = 5.0f;
    minimum.x = {p};
    minimum.y = {binary_cross_entropy(p, p)};
    minimum.point_labels = {fmt::format("minimum at q = p: {:.3f}", binary_cross_entropy(p, p))};
    fig.series.push_back(minimum);
    return fig;
}

plot::Figure information_gaussian_figure(const InformationLabState& state) {
    const double var = state.sigma * state.sigma;
    const GaussianNllParams full{.full = true};
    const double constant = gaussian_nll_loss(0.0, 0.0, var, full);
    plot::Figure fig;
    fig.name = "information-gaussian-mse";
    fig.title = fmt::format("MSE is the cross-entropy with a Gaussian (σ = {:.2f})", state.sigma);
    fig.x_axis = {"residual r = prediction − target", -4.0, 4.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss (nats)", std::min(-0.5, constant - 0.5), 8.0, plot::AxisScale::Linear};
    const auto rs = plot::linear_grid(-4.0, 4.0, kCurvePoints);
    fig.series.push_back(plot::sampled_curve("Gaussian NLL  −log N(r; 0, σ²)  (gaussian_nll_loss, full)",
                               plot::with_alpha(plot::okabe_ito(0), 0.55f), rs,
                               [var, full](double r) { return gaussian_nll_loss(r, 0.0, var, full); }));
    fig.series.back().width = 7.0f;
    fig.series.push_back(plot::sampled_curve(fmt::format("0.5·r²/σ² + {:.3f}  (MSE, scaled and shifted)", constant),
                               plot::okabe_ito(1), rs, [var, constant](double r) {
                                   return 0.5 * mse_loss(r, 0.0) / var + constant;
                               }));
    fig.series.back().style = plot::LineStyle::Dashed;
    fig.series.push_back(plot::sampled_curve("MSE  r²", {128, 128, 128, 255}, rs,
                               [](double r) { return mse_loss(r, 0.0); }));
    fig.series.back().width = 1.5f;
    fig.series.back().style = plot::LineStyle::Dotted;
    fig.annotations.push_back({fmt::format("const = log σ + ½·log 2π = {:.3f}", constant), -3.9,
                               0.6});
    return fig;
}

std::span<const ParamBinding> information_lab_params() {
    static const std::vector<ParamBinding> kParams = [] {
        constexpr auto lab = LabId::Information;
        std::vector<ParamBinding> v{
            ParamBinding{lab, "information", &params::kInformationView,
                         [](AppState& s) -> ParamRef { return &s.information.view; }},
            ParamBinding{lab, "information", &params::kInformationClasses,
                         [](AppState& s) -> ParamRef { return &s.information.num_classes; }},
        };
        // p_0 comes first among the real parameters: --bench-frames sweeps it, which moves
        // every bar, every quantity and the rescaling of the others.
        const auto p = class_param_bindings<&AppState::information, &InformationLabState::p,
                                            params::kInformationP>(lab, "information");
        v.insert(v.end(), p.begin(), p.end());
        const auto q = class_param_bindings<&AppState::information, &InformationLabState::q,
                                            params::kInformationQ>(lab, "information");
        v.insert(v.end(), q.begin(), q.end());
        v.push_back(ParamBinding{lab, "information", &params::kBinaryP,
                                 [](AppState& s) -> ParamRef { return &s.information.binary_p; }});
        v.push_back(ParamBinding{lab, "information", &params::kGaussianSigma,
                                 [](AppState& s) -> ParamRef { return &s.information.sigma; }});
        return v;
    }();
    return kParams;
}

std::span<const FigureInfo> information_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"information-distributions", LabId::Information,
                   [](const AppState& s) { return information_distributions_figure(s.information); }},
        FigureInfo{"information-quantities", LabId::Information,
                   [](const AppState& s) { return information_quantities_figure(s.information); }},
        FigureInfo{"information-binary", LabId::Information,
                   [](const AppState& s) { return information_binary_figure(s.information); }},
        FigureInfo{"information-gaussian-mse", LabId::Information,
                   [](const AppState& s) { return information_gaussian_figure(s.information); }},
    };
    return kFigures;
}

} // namespace losslab::model
