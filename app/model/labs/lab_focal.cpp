// [SECTION] Curves          the catalogue-backed focal / CE evaluators and series helpers
// [SECTION] Figure 1        the γ family
// [SECTION] Modulating      (1 − pₜ)ᵞ, FL/CE and the readout
// [SECTION] Imbalance       loss shares of easy negatives and hard positives
// [SECTION] Pitfalls        float32 BCE, probabilities as logits, softmax twice, multi-label
// [SECTION] Gamma list      parse and format
// [SECTION] Registries      parameters and figures
#include "model/labs/lab_focal.hpp"
#include "losslab/number_text.hpp"

#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_demo.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/assert.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "plot/plot_layout.hpp"
#include "plot/curve_sampling.hpp"
#include "plot/sampling.hpp"

#include <fmt/format.h>

#include <array>
#include <algorithm>
#include <cmath>

namespace losslab::model {

// [SECTION] Curves ------------------------------------------------------------------------

namespace {

constexpr int kCurvePoints = 600;

using Fn = std::function<double(double)>;

// A catalogue curve with its parameters bound: its values are exactly what
// `losslab curve NAME --points x` prints. The lab's parameters are validated by the same
// specs, so binding cannot fail.
Fn catalogue_curve(std::string_view name, const CurveParams& params) {
    auto fn = make_curve(name, params);
    LOSSLAB_ASSERT(fn.ok(), "focal lab curve parameters are within their specs");
    return [f = std::move(fn).value()](double x) { return f(x).value; };
}

// Focal loss of a positive example against pₜ: `losslab curve focal --gamma g --alpha a
// --target 1` (alpha < 0: unweighted, as the paper's Figure 1), and for γ = 0 without α
// `losslab curve ce`.
Fn focal_curve(double gamma, double alpha) {
    if (gamma == 0.0 && alpha < 0.0) return catalogue_curve("ce", {});
    return catalogue_curve("focal", {{"gamma", gamma}, {"alpha", alpha}, {"target", 1.0}});
}

plot::Series sampled(std::string name, plot::Rgba color, const std::vector<double>& xs, Fn f) {
    return plot::sampled_curve(std::move(name), color, xs, std::move(f));
}

// f sampled adaptively over pₜ in [1e-12, 1] for a linear plot showing `y_lo`..`y_hi`: more
// points where it bends, log-spaced seeds towards 0 so a curve like −log pₜ reaches the top.
plot::Series sampled_pt(std::string name, plot::Rgba color, double y_lo, double y_hi, Fn f) {
    static const std::vector<double> seeds = [] {
        auto grid = plot::probability_grid(kCurvePoints);
        std::erase_if(grid, [](double p) { return p > 0.01; });
        return grid;
    }();
    plot::CurveSampling sampling;
    sampling.y_lo = y_lo;
    sampling.y_hi = y_hi;
    auto samples = plot::adaptive_samples(seeds.front(), 1.0, f, sampling, seeds);
    plot::Series s;
    s.name = std::move(name);
    s.color = color;
    s.x = std::move(samples.x);
    s.y = std::move(samples.y);
    s.exact = std::move(f);
    s.exact_min = seeds.front();
    s.exact_max = 1.0;
    return s;
}

plot::Series rule(plot::SeriesKind kind, double at, plot::Rgba color, plot::LineStyle style = plot::LineStyle::Dashed) {
    plot::Series s;
    s.kind = kind;
    (kind == plot::SeriesKind::VLine ? s.x : s.y).push_back(at);
    s.color = color;
    s.width = 1.5f;
    s.style = style;
    return s;
}

const plot::Rgba kGrey{110, 110, 110, 255};

// Family colour: viridis over the list order (the list is an ordered family), stopping short
// of viridis' pale yellow end, which vanishes on a white background.
plot::Rgba family_color(int i, int n) { return plot::viridis(n <= 1 ? 0.0 : 0.9 * double(i) / (n - 1)); }

std::string gamma_name(double gamma) {
    return gamma == 0.0 ? std::string("γ = 0 (CE)") : fmt::format("γ = {}", gamma);
}

// pₜ from 0 to 1 with log-spaced points towards 1, where (1 − pₜ)ᵞ falls through decades on
// the log axis.
std::vector<double> towards_one_grid() {
    std::vector<double> p = plot::linear_grid(0.0, 0.99, 400);
    for (int i = 1; i <= 200; ++i) p.push_back(1.0 - std::pow(10.0, -2.0 - 6.0 * i / 200.0));
    p.push_back(1.0);
    return p;
}

} // namespace

// [SECTION] Figure 1 ----------------------------------------------------------------------

plot::Figure focal_figure1(const FocalLabState& state) {
    plot::Figure fig;
    fig.name = "focal-figure-1";
    fig.title = "Focal loss −(1 − pₜ)ᵞ log pₜ for a family of γ (Lin et al. 2017, Fig. 1)";
    fig.x_axis = {"pₜ (probability of the true class)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss", 0.0, 5.0, plot::AxisScale::Linear};
    // Labelled by an annotation rather than the band's own label, which sits under the legend.
    fig.bands.push_back({0.5, 1.0, {0, 158, 115, 28}, ""});
    fig.annotations.push_back({"well-classified examples (pₜ > 0.5)", 0.58, 2.1});
    const int n = state.gammas.count;
    const double y_lo = fig.y_axis.min, y_hi = fig.y_axis.max;
    for (int i = 0; i < n; ++i) {
        const double g = state.gammas.values[size_t(i)];
        fig.series.push_back(
            sampled_pt(gamma_name(g), family_color(i, n), y_lo, y_hi, focal_curve(g, -1.0)));
    }
    const std::string weight =
        state.alpha < 0.0 ? std::string("no α") : fmt::format("α = {:.2f}", state.alpha);
    plot::Series mine =
        sampled_pt(fmt::format("yours: {}, γ = {:.2f} (positive)", weight, state.gamma),
                   plot::okabe_ito(1), y_lo, y_hi, focal_curve(state.gamma, state.alpha));
    mine.id = "yours"; // the legend toggle survives α and γ changing the label
    mine.style = plot::LineStyle::Dashed;
    mine.width = 3.0f;
    fig.series.push_back(std::move(mine));
    return fig;
}

// [SECTION] Modulating --------------------------------------------------------------------

plot::Figure focal_modulating_figure(const FocalLabState& state) {
    plot::Figure fig;
    fig.name = "focal-modulating";
    fig.title = "How much less than CE focal loss weighs an example: (1 − pₜ)ᵞ and FL / CE";
    fig.x_axis = {"pₜ (probability of the true class)", 0.0, 1.0, plot::AxisScale::Linear};
    fig.y_axis = {"weight relative to CE (log)", 1e-8, 2.0, plot::AxisScale::Log10};
    fig.bands.push_back({0.5, 1.0, {0, 158, 115, 28}, "well-classified examples"});
    const auto ps = towards_one_grid();
    const int n = state.gammas.count;
    for (int i = 0; i < n; ++i) {
        const double g = state.gammas.values[size_t(i)];
        fig.series.push_back(sampled(fmt::format("(1 − pₜ)^{}", g), family_color(i, n), ps,
                                     [g](double p) { return focal_modulating_factor(p, g); }));
    }
    const double gamma = state.gamma, alpha = state.alpha;
    plot::Series mine = sampled(
        alpha < 0.0 ? fmt::format("FL / CE, γ = {:.2f}", gamma)
                    : fmt::format("FL / CE = α(1 − pₜ)ᵞ, α = {:.2f}, γ = {:.2f}", alpha, gamma),
        plot::okabe_ito(1), ps, [gamma, alpha](double p) { return focal_to_ce_ratio(p, gamma, alpha); });
    mine.style = plot::LineStyle::Dashed;
    mine.width = 3.0f;
    fig.series.push_back(std::move(mine));

    const double p = state.readout_p;
    fig.series.push_back(rule(plot::SeriesKind::VLine, p, kGrey));
    plot::Series dot;
    dot.kind = plot::SeriesKind::Markers;
    dot.color = plot::okabe_ito(1);
    dot.marker_radius = 6.0f;
    dot.x = {p};
    dot.y = {focal_to_ce_ratio(p, gamma, alpha)};
    dot.point_labels = {fmt::format("{:.3g}", dot.y[0])};
    fig.series.push_back(std::move(dot));
    return fig;
}

std::string focal_readout(const FocalLabState& state) {
    const double p = state.readout_p, gamma = state.gamma;
    const double factor = focal_modulating_factor(p, gamma);
    auto less = [](double ratio) {
        if (ratio == 0.0) return std::string("gives it no weight at all");
        if (ratio > 0.9995) return std::string("weighs it like CE");
        return fmt::format("weighs it {:.3g}× less than CE", 1.0 / ratio);
    };
    std::string text = fmt::format("At pₜ = {:.3f}, (1 − pₜ)ᵞ = {:.3g}: γ = {:.2f} {}", p, factor,
                                   gamma, less(factor));
    if (state.alpha >= 0.0)
        text += fmt::format("; with α = {:.2f} (a positive example) focal loss {}", state.alpha,
                            less(focal_to_ce_ratio(p, gamma, state.alpha)));
    return text + ".";
}

// [SECTION] Imbalance ---------------------------------------------------------------------

namespace {

std::array<ExampleGroup, 2> imbalance_groups(const FocalLabState& s) {
    return {ExampleGroup{double(s.easy_negatives), s.easy_p, false},
            ExampleGroup{double(s.hard_positives), s.hard_p, true}};
}

struct ImbalanceLosses {
    GroupShares ce, balanced, focal;
};

ImbalanceLosses imbalance_losses(const FocalLabState& s) {
    const auto groups = imbalance_groups(s);
    return {group_loss_shares(groups, 0.0, -1.0), group_loss_shares(groups, 0.0, s.balance_alpha),
            group_loss_shares(groups, s.gamma, s.alpha)};
}

std::string percent(double share) {
    if (std::isnan(share)) return "undefined";
    const double pct = 100.0 * share;
    // Tiny shares keep two significant digits instead of printing "0.0 %".
    if (pct != 0.0 && pct < 1.0) return fmt::format("{:.2g} %", pct);
    return fmt::format("{:.1f} %", pct);
}

} // namespace

plot::Figure focal_imbalance_figure(const FocalLabState& state) {
    plot::Figure fig;
    fig.name = "focal-imbalance";
    fig.title = fmt::format("Who carries the loss? {} easy vs {} hard examples",
                            state.easy_negatives, state.hard_positives);
    fig.x_axis = plot::fitted_axis(
        "loss function", plot::AxisScale::Linear,
        {"cross-entropy", fmt::format("α-balanced CE (α = {:.2f})", state.balance_alpha),
         "focal loss"});
    // Shares are compared across settings: a fixed 0-100 % scale with room for the labels.
    fig.y_axis = {"share of the total loss (%)", 0.0, 115.0, plot::AxisScale::Linear};
    const auto losses = imbalance_losses(state);
    const std::array<const GroupShares*, 3> per_loss{&losses.ce, &losses.balanced, &losses.focal};
    const std::array<std::string_view, 2> group_names{"easy negatives", "hard positives"};
    const std::array<plot::Rgba, 2> colors{plot::okabe_ito(4), plot::okabe_ito(1)};
    constexpr double kOffset = 0.19, kWidth = 0.34;
    for (size_t g = 0; g < 2; ++g) {
        plot::Series bars;
        bars.name = std::string(group_names[g]);
        bars.kind = plot::SeriesKind::Bars;
        bars.color = colors[g];
        bars.bar_width = kWidth;
        for (size_t k = 0; k < per_loss.size(); ++k) {
            const double share = per_loss[k]->shares[g];
            bars.x.push_back(double(k) + (g == 0 ? -kOffset : kOffset));
            bars.y.push_back(100.0 * share);
            bars.point_labels.push_back(percent(share));
        }
        fig.series.push_back(std::move(bars));
    }
    return fig;
}

std::vector<std::string> focal_imbalance_lines(const FocalLabState& state) {
    const auto losses = imbalance_losses(state);
    auto line = [](std::string_view name, const GroupShares& s) {
        return fmt::format("{}: easy negatives {}, hard positives {}", name,
                           plot::format_value(s.totals[0]), plot::format_value(s.totals[1]));
    };
    return {line("CE", losses.ce), line("α-balanced CE", losses.balanced),
            line("focal loss", losses.focal)};
}

// [SECTION] Pitfalls ----------------------------------------------------------------------

plot::Figure focal_pitfall_float32_figure(const FocalLabState&) {
    plot::Figure fig;
    fig.name = "focal-pitfall-float32";
    fig.title = "float32 sigmoid + BCE vs BCEWithLogits (y = 0)";
    fig.x_axis = {"z (logit)", -5.0, 120.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss (log)", 1e-2, 1e3, plot::AxisScale::Log10};
    const auto zs = plot::linear_grid(-5.0, 120.0, 1500);
    fig.series.push_back(rule(plot::SeriesKind::HLine, 100.0, kGrey, plot::LineStyle::Dotted));
    fig.series.push_back(sampled("BCEWithLogits (stable)", plot::okabe_ito(0), zs,
                                 [](double z) { return bce_with_logits(z, 0.0); }));
    plot::Series naive = sampled("float32 sigmoid, then BCE", plot::okabe_ito(1), zs, [](double z) {
        return double(bce_naive_float32(float(z), 0.0f));
    });
    naive.style = plot::LineStyle::Dashed;
    fig.series.push_back(std::move(naive));
    fig.annotations.push_back({"σ(z) rounds to 1: log 0 is clamped to −100", 22.0, 4.0, true,
                               17.3, 90.0});
    fig.annotations.push_back({"the true loss ≈ z keeps growing", 58.0, 0.3, true, 100.0, 95.0});
    return fig;
}

plot::Figure focal_pitfall_probabilities_figure(const FocalLabState&) {
    plot::Figure fig;
    fig.name = "focal-pitfall-probabilities";
    fig.title = "Probabilities fed to BCEWithLogits (y = 1)";
    fig.x_axis = {"z (logit the model meant)", -8.0, 8.0, plot::AxisScale::Linear};
    fig.y_axis = {"loss and |slope|", 0.0, 2.0, plot::AxisScale::Linear};
    const auto zs = plot::linear_grid(-8.0, 8.0, 600);
    fig.series.push_back(sampled("BCEWithLogits(z)", plot::okabe_ito(0), zs,
                                 [](double z) { return bce_with_logits(z, 1.0); }));
    plot::Series slope = sampled("|d/dz| BCEWithLogits(z)", plot::okabe_ito(0), zs,
                           [](double z) { return std::fabs(bce_with_logits_grad(z, 1.0)); });
    slope.style = plot::LineStyle::Dotted;
    fig.series.push_back(std::move(slope));
    fig.series.push_back(sampled("BCEWithLogits(σ(z))", plot::okabe_ito(1), zs, [](double z) {
        return bce_with_logits_of_probability(z, 1.0).value;
    }));
    plot::Series wrong = sampled("|d/dz| BCEWithLogits(σ(z))", plot::okabe_ito(1), zs, [](double z) {
        return std::fabs(bce_with_logits_of_probability(z, 1.0).slope);
    });
    wrong.style = plot::LineStyle::Dotted;
    fig.series.push_back(std::move(wrong));
    fig.annotations.push_back({"badly wrong, yet the slope is ≈ 0", -7.5, 0.45, true, -5.0,
                               std::fabs(bce_with_logits_of_probability(-5.0, 1.0).slope)});
    return fig;
}

plot::Figure focal_pitfall_softmax_twice_figure(const FocalLabState& state) {
    const int k = state.pitfall_classes;
    plot::Figure fig;
    fig.name = "focal-pitfall-softmax-twice";
    fig.title = fmt::format("Softmax applied twice (K = {})", k);
    fig.x_axis = {"m (logit margin of the true class)", -4.0, 16.0, plot::AxisScale::Linear};
    fig.y_axis = {"cross-entropy", 0.0, 5.0, plot::AxisScale::Linear};
    const auto ms = plot::linear_grid(-4.0, 16.0, 600);
    fig.series.push_back(sampled("cross_entropy(z)", plot::okabe_ito(0), ms,
                                 [k](double m) { return cross_entropy_margin(m, k); }));
    fig.series.push_back(sampled("cross_entropy(softmax(z))", plot::okabe_ito(1), ms, [k](double m) {
        return cross_entropy_softmax_twice_margin(m, k);
    }));
    // The floor is the limit of large margins; 1e3 is far past where it is reached.
    const double floor = cross_entropy_softmax_twice_margin(1e3, k);
    fig.series.push_back(rule(plot::SeriesKind::HLine, floor, kGrey, plot::LineStyle::Dotted));
    fig.annotations.push_back(
        {fmt::format("floor log(e + K − 1) − 1 = {:.3g}: never learns further", floor), 4.0,
         std::min(floor + 0.9, 4.6)});
    return fig;
}

plot::Figure focal_pitfall_multilabel_figure(const FocalLabState& state) {
    const int k = state.pitfall_classes;
    plot::Figure fig;
    fig.name = "focal-pitfall-multilabel";
    fig.title = fmt::format("Softmax on 2 true labels of K = {}", k);
    fig.x_axis = {"m (true labels at +m, the others at −m)", -3.0, 8.0, plot::AxisScale::Linear};
    fig.y_axis = {"probability of each true label", 0.0, 1.1, plot::AxisScale::Linear};
    const auto ms = plot::linear_grid(-3.0, 8.0, 400);
    fig.series.push_back(sampled("sigmoid per class (multi-label)", plot::okabe_ito(0), ms,
                                 [](double m) { return sigmoid(m); }));
    fig.series.push_back(sampled("softmax over K classes", plot::okabe_ito(1), ms, [k](double m) {
        return multilabel_softmax_probability(m, k, 2);
    }));
    fig.series.push_back(rule(plot::SeriesKind::HLine, 0.5, kGrey, plot::LineStyle::Dotted));
    fig.annotations.push_back({"softmax caps each at 1/2: the labels compete", 1.5, 0.42});
    return fig;
}

// [SECTION] Gamma list --------------------------------------------------------------------

Result<GammaList> parse_gamma_list(std::string_view text) {
    using params::kFocalGamma;
    const std::string allowed = fmt::format("{} to {} numbers, each in [{}, {}]", 1,
                                            params::kFocalMaxGammas, kFocalGamma.min,
                                            kFocalGamma.max);
    GammaList out;
    out.count = 0;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        std::string_view entry = text.substr(start, comma - start);
        while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
        while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
        start = comma + 1;
        if (entry.empty() && comma == text.size() && out.count > 0) break; // trailing comma
        const auto parsed = parse_number_strict(entry);
        const double v = parsed.value_or(0.0);
        const std::string range = fmt::format("[{}, {}]", kFocalGamma.min, kFocalGamma.max);
        if (!parsed)
            return make_error("γ list entry", "a number in " + range, quote(entry));
        if (!(v >= kFocalGamma.min && v <= kFocalGamma.max))
            return make_error("γ list entry", "a number in " + range, quote(entry));
        if (out.count == params::kFocalMaxGammas)
            return make_error("γ list", allowed, fmt::format("more than {} entries",
                                                             params::kFocalMaxGammas));
        out.values[size_t(out.count++)] = v;
    }
    if (out.count == 0) return make_error("γ list", allowed, quote(text));
    for (int i = out.count; i < params::kFocalMaxGammas; ++i) out.values[size_t(i)] = 0.0;
    return out;
}

std::string format_gamma_list(const GammaList& gammas) {
    std::string s;
    for (int i = 0; i < gammas.count; ++i)
        s += (i ? ", " : "") + fmt::format("{}", gammas.values[size_t(i)]);
    return s;
}

// [SECTION] Registries --------------------------------------------------------------------

std::span<const ParamBinding> focal_lab_params() {
    using namespace params;
    static const std::array kParams{
        ParamBinding{LabId::Focal, "focal", &kFocalGamma,
                     [](AppState& s) -> ParamRef { return &s.focal.gamma; }},
        ParamBinding{LabId::Focal, "focal", &kFocalAlpha,
                     [](AppState& s) -> ParamRef { return &s.focal.alpha; }},
        ParamBinding{LabId::Focal, "focal", &kFocalReadoutP,
                     [](AppState& s) -> ParamRef { return &s.focal.readout_p; }},
        ParamBinding{LabId::Focal, "focal", &kFocalEasyCount,
                     [](AppState& s) -> ParamRef { return &s.focal.easy_negatives; }},
        ParamBinding{LabId::Focal, "focal", &kFocalEasyP,
                     [](AppState& s) -> ParamRef { return &s.focal.easy_p; }},
        ParamBinding{LabId::Focal, "focal", &kFocalHardCount,
                     [](AppState& s) -> ParamRef { return &s.focal.hard_positives; }},
        ParamBinding{LabId::Focal, "focal", &kFocalBalanceAlpha,
                     [](AppState& s) -> ParamRef { return &s.focal.balance_alpha; }},
        ParamBinding{LabId::Focal, "focal", &kFocalHardP,
                     [](AppState& s) -> ParamRef { return &s.focal.hard_p; }},
        ParamBinding{LabId::Focal, "focal", &kFocalPitfallClasses,
                     [](AppState& s) -> ParamRef { return &s.focal.pitfall_classes; }},
        ParamBinding{LabId::Focal, "focal", &kFocalView,
                     [](AppState& s) -> ParamRef { return &s.focal.view; }},
    };
    return kParams;
}

std::span<const FigureInfo> focal_lab_figures() {
    static const std::array kFigures{
        FigureInfo{"focal-figure-1", LabId::Focal,
                   [](const AppState& s) { return focal_figure1(s.focal); }},
        FigureInfo{"focal-modulating", LabId::Focal,
                   [](const AppState& s) { return focal_modulating_figure(s.focal); }},
        FigureInfo{"focal-imbalance", LabId::Focal,
                   [](const AppState& s) { return focal_imbalance_figure(s.focal); }},
        FigureInfo{"focal-pitfall-float32", LabId::Focal,
                   [](const AppState& s) { return focal_pitfall_float32_figure(s.focal); }},
        FigureInfo{"focal-pitfall-probabilities", LabId::Focal,
                   [](const AppState& s) { return focal_pitfall_probabilities_figure(s.focal); }},
        FigureInfo{"focal-pitfall-softmax-twice", LabId::Focal,
                   [](const AppState& s) { return focal_pitfall_softmax_twice_figure(s.focal); }},
        FigureInfo{"focal-pitfall-multilabel", LabId::Focal,
                   [](const AppState& s) { return focal_pitfall_multilabel_figure(s.focal); }},
    };
    return kFigures;
}

} // namespace losslab::model
