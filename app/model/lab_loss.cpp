#include "model/lab_loss.hpp"

#include "losslab/focal_loss.hpp"
#include "model/lab_hooks.hpp"
#include "model/sampling.hpp"

#include <array>

#include <fmt/format.h>

namespace losslab::model {

namespace {
constexpr int kCurvePoints = 600;

Series curve(std::string name, Rgba color, const std::vector<double>& xs,
             std::function<double(double)> f) {
    Series s;
    s.name = std::move(name);
    s.color = color;
    s.x = xs;
    s.y.reserve(xs.size());
    for (double x : xs) s.y.push_back(f(x));
    s.exact = std::move(f);
    return s;
}
} // namespace

Figure loss_vs_probability_figure(const LossLabState& state) {
    Figure fig;
    fig.name = "loss-vs-probability";
    fig.title = "Loss against the probability of the true class";
    fig.x_axis = {"pₜ (probability given to the true class)", 0.0, 1.0, AxisScale::Linear};
    fig.y_axis = {"loss", 0.0, 5.0, AxisScale::Linear};
    const auto ps = probability_grid(kCurvePoints);
    fig.series.push_back(curve("cross-entropy  −log pₜ", okabe_ito(0), ps,
                               [](double p) { return cross_entropy_pt(p); }));
    const double gamma = state.gamma;
    fig.series.push_back(curve(fmt::format("focal  −(1 − pₜ)ᵞ log pₜ,  γ = {:.2f}", gamma),
                               okabe_ito(1), ps,
                               [gamma](double p) { return focal_loss_pt(p, gamma); }));
    return fig;
}

std::span<const ParamBinding> loss_lab_params() {
    static const std::array kParams{
        ParamBinding{LabId::Loss, "loss", &params::kFocalGamma,
                     [](AppState& s) -> ParamRef { return &s.loss.gamma; }},
    };
    return kParams;
}

std::span<const FigureInfo> loss_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"loss-vs-probability", LabId::Loss,
                   [](const AppState& s) { return loss_vs_probability_figure(s.loss); }},
    };
    return kFigures;
}

} // namespace losslab::model
