// [SECTION] Helpers          tensors, one batched criterion call per curve, axis ranges
// [SECTION] Catalogue        one spec per criterion: natural variable, curves, options
// [SECTION] CTC lattice      tensors, forward variables, best path, figure
// [SECTION] Pipelines        LogSoftmax + NLLLoss and Sigmoid + BCELoss, fused and unfused
#include "model/labs/lab_pytorch_catalogue.hpp"

#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/ctc_loss.hpp"
#include "plot/plot_layout.hpp"
#include "plot/sampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

namespace losslab::model {

namespace {

// [SECTION] Helpers

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr int kGridPoints = 601;

using Shape = std::vector<std::size_t>;

CriterionTensor f64(Shape shape, std::vector<double> values) {
    return {NpyDtype::Float64, std::move(shape), std::move(values)};
}

CriterionTensor i64(Shape shape, std::vector<double> values) {
    return {NpyDtype::Int64, std::move(shape), std::move(values)};
}

// Loss and d loss / d x at each plotted x.
struct CurveValues {
    std::vector<double> value, grad;
};

// Evaluates a curve at a list of x in one criterion call.
using CurveEval = std::function<Result<CurveValues>(const std::vector<double>& xs)>;

struct CatalogueCurve {
    // Legend suffix ("label 1"); empty for a criterion with one curve.
    std::string label;
    CurveEval eval;
};

struct CatalogueSpec {
    std::string title;
    std::string x_label;
    // The variable's symbol in "dℓ/d<var>".
    std::string var;
    double lo = 0.0, hi = 1.0;
    // Points that must be sampled (kinks, thresholds, points near an asymptote).
    std::vector<double> extra_x;
    std::vector<CatalogueCurve> curves;
    // Fixed y range; nullopt: the values' range.
    std::optional<std::pair<double, double>> y_range;
    std::vector<std::string> notes;
};

// The call with reduction 'none', evaluated with its gradient.
Result<CriterionResult> run(CriterionCall call) {
    call.options["reduction"] = "none";
    return evaluate_criterion(call, true);
}

// value[i] and grad[i * stride + offset] of an evaluated call, each grad times `scale`.
Result<CurveValues> picked(const Result<CriterionResult>& r, std::size_t stride, std::size_t offset,
                           double scale = 1.0) {
    if (!r) return r.error();
    CurveValues out;
    out.value = r.value().value;
    const std::size_t n = out.value.size();
    out.grad.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        out.grad[i] = scale * r.value().grad[i * stride + offset];
    return out;
}

// An elementwise criterion with `input` = x and a constant `target` (and extra tensors and
// options): its value and d/d input are the curve.
CurveEval elementwise(std::string criterion, double target,
                      std::map<std::string, std::string> options = {},
                      std::function<void(CriterionCall&, std::size_t n)> extra = {}) {
    return [=](const std::vector<double>& xs) -> Result<CurveValues> {
        const std::size_t n = xs.size();
        CriterionCall call;
        call.criterion = criterion;
        const bool focal = criterion == "sigmoid_focal_loss";
        call.tensors[focal ? "inputs" : "input"] = f64({n}, xs);
        call.tensors[focal ? "targets" : "target"] = f64({n}, std::vector<double>(n, target));
        call.options = options;
        if (extra) extra(call, n);
        return picked(run(call), 1, 0);
    };
}

std::string number(double v) {
    return fmt::format("{:.17g}", v);
}
std::string boolean(bool b) {
    return b ? "true" : "false";
}

// [SECTION] Catalogue

CatalogueSpec cross_entropy_spec(const PytorchLabState& s) {
    const std::size_t k = std::size_t(std::clamp(s.classes, 2, 10));
    CatalogueSpec spec;
    spec.title = fmt::format("cross_entropy, K = {}: loss and gradient", k);
    spec.x_label = "m = z_y − z_other (logit margin of the true class)";
    spec.var = "m";
    spec.lo = -8.0;
    spec.hi = 8.0;
    const double eps = s.label_smoothing;
    spec.curves.push_back({"", [k, eps](const std::vector<double>& xs) -> Result<CurveValues> {
                               const std::size_t n = xs.size();
                               std::vector<double> z(n * k, 0.0);
                               for (std::size_t i = 0; i < n; ++i)
                                   z[i * k] = xs[i];
                               CriterionCall call;
                               call.criterion = "cross_entropy";
                               call.tensors["input"] = f64({n, k}, z);
                               call.tensors["target"] = i64({n}, std::vector<double>(n, 0.0));
                               call.options["label_smoothing"] = number(eps);
                               return picked(run(call), k, 0);
                           }});
    return spec;
}

CatalogueSpec nll_spec(const PytorchLabState&) {
    CatalogueSpec spec;
    spec.title = "nll_loss: −x[y] of a log-probability";
    spec.x_label = "x = log q_y (the input at the target class)";
    spec.var = "x";
    spec.lo = -6.0;
    spec.hi = 0.0;
    spec.curves.push_back({"", [](const std::vector<double>& xs) -> Result<CurveValues> {
                               const std::size_t n = xs.size();
                               CriterionCall call;
                               call.criterion = "nll_loss";
                               call.tensors["input"] = f64({n, 1}, xs);
                               call.tensors["target"] = i64({n}, std::vector<double>(n, 0.0));
                               return picked(run(call), 1, 0);
                           }});
    spec.y_range = std::pair{-1.5, 6.5};
    return spec;
}

// Points towards 0 and 1 (log-spaced), for curves of a probability.
std::vector<double> probability_ends() {
    std::vector<double> out;
    for (double p : plot::probability_grid(200))
        if (p > 0.0 && p < 0.02) {
            out.push_back(p);
            out.push_back(1.0 - p);
        }
    return out;
}

CatalogueSpec bce_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title = fmt::format("binary_cross_entropy, y = {}", plot::format_value(s.y, 3));
    spec.x_label = "p (input probability of the positive class)";
    spec.var = "p";
    spec.lo = 0.0;
    spec.hi = 1.0;
    spec.extra_x = probability_ends();
    spec.curves.push_back({"", elementwise("binary_cross_entropy", s.y)});
    spec.y_range = std::pair{-8.0, 8.0};
    return spec;
}

CatalogueSpec bce_logits_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title =
        fmt::format("binary_cross_entropy_with_logits, y = {}", plot::format_value(s.y, 3));
    spec.x_label = "z (logit of the positive class)";
    spec.var = "z";
    spec.lo = -8.0;
    spec.hi = 8.0;
    const double pw = s.pos_weight;
    spec.curves.push_back({"", elementwise("binary_cross_entropy_with_logits", s.y, {},
                                           [pw](CriterionCall& call, std::size_t) {
                                               if (pw != 1.0)
                                                   call.tensors["pos_weight"] = f64({1}, {pw});
                                           })});
    return spec;
}

CatalogueSpec kl_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title = fmt::format("kl_div: KL((t, 1 − t) ‖ (q, 1 − q)), t = {}",
                             plot::format_value(s.kl_target, 3));
    spec.x_label = "q (model probability; input (log q, log(1 − q)))";
    spec.var = "q";
    spec.lo = 1e-4;
    spec.hi = 1.0 - 1e-4;
    for (double p : probability_ends())
        if (p >= 1e-4 && p <= 1.0 - 1e-4) spec.extra_x.push_back(p);
    spec.extra_x.push_back(s.kl_target);
    const double t = s.kl_target;
    const bool log_target = s.log_target;
    spec.curves.push_back(
        {"", [t, log_target](const std::vector<double>& xs) -> Result<CurveValues> {
             const std::size_t n = xs.size();
             std::vector<double> in(2 * n), tg(2 * n);
             for (std::size_t i = 0; i < n; ++i) {
                 in[2 * i] = std::log(xs[i]);
                 in[2 * i + 1] = std::log1p(-xs[i]);
                 tg[2 * i] = log_target ? std::log(t) : t;
                 tg[2 * i + 1] = log_target ? std::log1p(-t) : 1.0 - t;
             }
             CriterionCall call;
             call.criterion = "kl_div";
             call.tensors["input"] = f64({n, 2}, in);
             call.tensors["target"] = f64({n, 2}, tg);
             call.options["log_target"] = boolean(log_target);
             auto r = run(call);
             if (!r) return r.error();
             CurveValues out;
             for (std::size_t i = 0; i < n; ++i) {
                 out.value.push_back(r.value().value[2 * i] + r.value().value[2 * i + 1]);
                 // d/dq through the input's two entries: d log q / dq = 1/q, d log(1−q)/dq =
                 // −1/(1−q).
                 out.grad.push_back(r.value().grad[2 * i] / xs[i] -
                                    r.value().grad[2 * i + 1] / (1.0 - xs[i]));
             }
             return out;
         }});
    spec.y_range = std::pair{-6.0, 6.0};
    return spec;
}

CatalogueSpec residual_spec(std::string title, std::string criterion,
                            std::map<std::string, std::string> options, std::vector<double> kinks,
                            std::function<void(CriterionCall&, std::size_t)> extra = {}) {
    CatalogueSpec spec;
    spec.title = std::move(title);
    spec.x_label = "r = input − target (residual)";
    spec.var = "r";
    spec.lo = -3.0;
    spec.hi = 3.0;
    spec.extra_x = std::move(kinks);
    spec.curves.push_back(
        {"", elementwise(std::move(criterion), 0.0, std::move(options), std::move(extra))});
    return spec;
}

CatalogueSpec poisson_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title = fmt::format("poisson_nll_loss, k = {}", plot::format_value(s.count, 3));
    spec.var = "x";
    if (s.log_input) {
        spec.x_label = "x = log λ (log_input=True)";
        spec.lo = -3.0;
        spec.hi = 4.0;
        if (s.count > 0.0) spec.extra_x.push_back(std::log(s.count));
    } else {
        spec.x_label = "x = λ, the rate (log_input=False)";
        spec.lo = 0.0;
        spec.hi = std::max(8.0, 2.5 * s.count);
        spec.extra_x = {1e-8, 1e-6, 1e-4, 1e-3, 1e-2, s.count};
        spec.y_range = std::pair{-3.0, std::max(8.0, 2.5 * s.count)};
    }
    spec.curves.push_back(
        {"", elementwise("poisson_nll_loss", s.count,
                         {{"log_input", boolean(s.log_input)}, {"full", boolean(s.full)}})});
    return spec;
}

CatalogueSpec gaussian_spec(const PytorchLabState& s) {
    const double var = s.var;
    return residual_spec(fmt::format("gaussian_nll_loss, var = {}", plot::format_value(var, 3)),
                         "gaussian_nll_loss", {{"full", boolean(s.full)}}, {0.0},
                         [var](CriterionCall& call, std::size_t n) {
                             call.tensors["var"] = f64({n}, std::vector<double>(n, var));
                         });
}

// Two curves, one per ±1 target.
std::vector<CatalogueCurve> both_labels(const std::string& criterion,
                                        std::map<std::string, std::string> options) {
    return {{"label 1", elementwise(criterion, 1.0, options)},
            {"label −1", elementwise(criterion, -1.0, options)}};
}

CatalogueSpec hinge_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title =
        fmt::format("hinge_embedding_loss, margin = {}", plot::format_value(s.hinge_margin, 3));
    spec.x_label = "d (distance between the pair)";
    spec.var = "d";
    spec.lo = 0.0;
    spec.hi = 3.0;
    spec.extra_x = {s.hinge_margin};
    spec.curves = both_labels("hinge_embedding_loss", {{"margin", number(s.hinge_margin)}});
    spec.y_range = std::pair{-1.5, 3.5};
    return spec;
}

CatalogueSpec cosine_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title =
        fmt::format("cosine_embedding_loss, margin = {}", plot::format_value(s.cosine_margin, 3));
    spec.x_label = "cos θ (cosine of the pair)";
    spec.var = "cos";
    spec.lo = -1.0;
    spec.hi = 1.0;
    spec.extra_x = {s.cosine_margin};
    const double margin = s.cosine_margin;
    for (double label : {1.0, -1.0}) {
        spec.curves.push_back(
            {label > 0 ? "label 1" : "label −1",
             [label, margin](const std::vector<double>& xs) -> Result<CurveValues> {
                 // x1 = (1, 0), x2 = (c, √(1 − c²)): their cosine is c.
                 const std::size_t n = xs.size();
                 std::vector<double> x1(2 * n, 0.0), x2(2 * n);
                 for (std::size_t i = 0; i < n; ++i) {
                     x1[2 * i] = 1.0;
                     x2[2 * i] = xs[i];
                     x2[2 * i + 1] = std::sqrt(std::max(0.0, 1.0 - xs[i] * xs[i]));
                 }
                 CriterionCall call;
                 call.criterion = "cosine_embedding_loss";
                 call.tensors["input1"] = f64({n, 2}, x1);
                 call.tensors["input2"] = f64({n, 2}, x2);
                 call.tensors["target"] = f64({n}, std::vector<double>(n, label));
                 call.options["margin"] = number(margin);
                 auto r = run(call);
                 if (!r) return r.error();
                 CurveValues out;
                 out.value = r.value().value;
                 // d loss / d cos: −1 for label 1; 1 where cos ≥ margin for label −1 (torch's
                 // clamp_min passes the gradient at the boundary).
                 for (double c : xs)
                     out.grad.push_back(label > 0 ? -1.0 : (c >= margin ? 1.0 : 0.0));
                 return out;
             }});
    }
    spec.y_range = std::pair{-1.5, 2.5};
    return spec;
}

CatalogueSpec multilabel_spec(const PytorchLabState& s) {
    const std::size_t c = std::size_t(std::clamp(s.classes, 2, 10));
    CatalogueSpec spec;
    spec.title = fmt::format("multilabel_margin_loss, C = {}, one target", c);
    spec.x_label = "m = x_target − x_other (the C − 1 others equal)";
    spec.var = "m";
    spec.lo = -2.0;
    spec.hi = 3.0;
    spec.extra_x = {1.0};
    spec.curves.push_back({"", [c](const std::vector<double>& xs) -> Result<CurveValues> {
                               const std::size_t n = xs.size();
                               std::vector<double> in(n * c, 0.0), tg(n * c, -1.0);
                               for (std::size_t i = 0; i < n; ++i) {
                                   in[i * c] = xs[i];
                                   tg[i * c] = 0.0;
                               }
                               CriterionCall call;
                               call.criterion = "multilabel_margin_loss";
                               call.tensors["input"] = f64({n, c}, in);
                               call.tensors["target"] = i64({n, c}, tg);
                               return picked(run(call), c, 0);
                           }});
    spec.y_range = std::pair{-1.5, 3.5};
    return spec;
}

CatalogueSpec soft_margin_spec(const PytorchLabState&) {
    CatalogueSpec spec;
    spec.title = "soft_margin_loss: log(1 + e^(−y·z))";
    spec.x_label = "z (score)";
    spec.var = "z";
    spec.lo = -5.0;
    spec.hi = 5.0;
    spec.curves = both_labels("soft_margin_loss", {});
    return spec;
}

CatalogueSpec triplet_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title = fmt::format("triplet_margin_loss, margin = {}, p = {}",
                             plot::format_value(s.triplet_margin, 3), plot::format_value(s.p, 3));
    spec.x_label = "x (anchor on the line positive (0) → negative (2))";
    spec.var = "x";
    spec.lo = -1.0;
    spec.hi = 4.0;
    spec.extra_x = {0.0, 2.0};
    const double margin = s.triplet_margin, p = s.p;
    const bool swap = s.swap;
    spec.curves.push_back(
        {"", [margin, p, swap](const std::vector<double>& xs) -> Result<CurveValues> {
             // 2-D points on the diagonal: positive at 0, negative at distance 2, anchor at x.
             const std::size_t n = xs.size();
             const double u = std::sqrt(0.5);
             std::vector<double> a(2 * n), pos(2 * n, 0.0), neg(2 * n, 2.0 * u);
             for (std::size_t i = 0; i < n; ++i)
                 a[2 * i] = a[2 * i + 1] = xs[i] * u;
             CriterionCall call;
             call.criterion = "triplet_margin_loss";
             call.tensors["anchor"] = f64({n, 2}, a);
             call.tensors["positive"] = f64({n, 2}, pos);
             call.tensors["negative"] = f64({n, 2}, neg);
             call.options = {{"margin", number(margin)}, {"p", number(p)}, {"swap", boolean(swap)}};
             auto r = run(call);
             if (!r) return r.error();
             CurveValues out;
             out.value = r.value().value;
             // d/dx = the anchor gradient along the diagonal (u, u).
             for (std::size_t i = 0; i < n; ++i)
                 out.grad.push_back(u * (r.value().grad[2 * i] + r.value().grad[2 * i + 1]));
             return out;
         }});
    spec.y_range = std::pair{-1.5, 6.5};
    return spec;
}

CatalogueSpec ranking_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title =
        fmt::format("margin_ranking_loss, margin = {}", plot::format_value(s.ranking_margin, 3));
    spec.x_label = "x = input1 − input2";
    spec.var = "x";
    spec.lo = -3.0;
    spec.hi = 3.0;
    spec.extra_x = {s.ranking_margin, -s.ranking_margin};
    const double margin = s.ranking_margin;
    for (double label : {1.0, -1.0}) {
        spec.curves.push_back(
            {label > 0 ? "label 1" : "label −1",
             [label, margin](const std::vector<double>& xs) -> Result<CurveValues> {
                 const std::size_t n = xs.size();
                 CriterionCall call;
                 call.criterion = "margin_ranking_loss";
                 call.tensors["input1"] = f64({n}, xs);
                 call.tensors["input2"] = f64({n}, std::vector<double>(n, 0.0));
                 call.tensors["target"] = f64({n}, std::vector<double>(n, label));
                 call.options["margin"] = number(margin);
                 return picked(run(call), 1, 0);
             }});
    }
    spec.y_range = std::pair{-1.5, 4.0};
    return spec;
}

CatalogueSpec focal_spec(const PytorchLabState& s) {
    CatalogueSpec spec;
    spec.title =
        fmt::format("sigmoid_focal_loss, α = {}, γ = {}, y = {}", plot::format_value(s.alpha, 3),
                    plot::format_value(s.gamma, 3), plot::format_value(s.y, 3));
    spec.x_label = "z (logit of the positive class)";
    spec.var = "z";
    spec.lo = -8.0;
    spec.hi = 8.0;
    spec.curves.push_back(
        {"", elementwise("sigmoid_focal_loss", s.y,
                         {{"alpha", number(s.alpha)}, {"gamma", number(s.gamma)}})});
    return spec;
}

std::optional<CatalogueSpec> catalogue_spec(const PytorchLabState& s, std::string_view c) {
    if (c == "cross_entropy") return cross_entropy_spec(s);
    if (c == "nll_loss") return nll_spec(s);
    if (c == "binary_cross_entropy") return bce_spec(s);
    if (c == "binary_cross_entropy_with_logits") return bce_logits_spec(s);
    if (c == "kl_div") return kl_spec(s);
    if (c == "l1_loss") return residual_spec("l1_loss: |r|", "l1_loss", {}, {0.0});
    if (c == "mse_loss") return residual_spec("mse_loss: r²", "mse_loss", {}, {0.0});
    if (c == "smooth_l1_loss")
        return residual_spec(fmt::format("smooth_l1_loss, β = {}", plot::format_value(s.beta, 3)),
                             "smooth_l1_loss", {{"beta", number(s.beta)}}, {s.beta, -s.beta, 0.0});
    if (c == "huber_loss")
        return residual_spec(fmt::format("huber_loss, δ = {}", plot::format_value(s.delta, 3)),
                             "huber_loss", {{"delta", number(s.delta)}}, {s.delta, -s.delta});
    if (c == "poisson_nll_loss") return poisson_spec(s);
    if (c == "gaussian_nll_loss") return gaussian_spec(s);
    if (c == "hinge_embedding_loss") return hinge_spec(s);
    if (c == "cosine_embedding_loss") return cosine_spec(s);
    if (c == "multilabel_margin_loss") return multilabel_spec(s);
    if (c == "soft_margin_loss") return soft_margin_spec(s);
    if (c == "triplet_margin_loss") return triplet_spec(s);
    if (c == "margin_ranking_loss") return ranking_spec(s);
    if (c == "sigmoid_focal_loss") return focal_spec(s);
    return std::nullopt;
}

// The plotted x: an even grid over [lo, hi] and the spec's extra points, sorted, distinct.
std::vector<double> grid_of(const CatalogueSpec& spec) {
    std::vector<double> xs = plot::linear_grid(spec.lo, spec.hi, kGridPoints);
    for (double x : spec.extra_x)
        if (x >= spec.lo && x <= spec.hi) {
            xs.push_back(x);
            // Both sides of a kink.
            xs.push_back(std::clamp(std::nextafter(x, -kInf), spec.lo, spec.hi));
            xs.push_back(std::clamp(std::nextafter(x, kInf), spec.lo, spec.hi));
        }
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    return xs;
}

plot::Figure ctc_lattice_figure(const PytorchLabState& state);

} // namespace

std::string catalogue_figure_name(std::string_view criterion) {
    std::string name = "catalogue-";
    for (char c : criterion)
        name.push_back(c == '_' ? '-' : c);
    return name;
}

plot::Figure catalogue_figure(const PytorchLabState& state, std::string_view criterion) {
    if (criterion == "ctc_loss") return ctc_lattice_figure(state);
    plot::Figure fig;
    fig.name = catalogue_figure_name(criterion);
    const auto spec = catalogue_spec(state, criterion);
    if (!spec) {
        fig.title = "Unknown criterion";
        fig.annotations.push_back({fmt::format("no catalogue figure for {}", criterion), 0.0, 0.5});
        return fig;
    }
    fig.title = spec->title;
    fig.x_axis = {spec->x_label, spec->lo, spec->hi};
    fig.y_axis = {fmt::format("ℓ and dℓ/d{}", spec->var), 0.0, 0.0};
    fig.notes = spec->notes;
    const std::vector<double> xs = grid_of(*spec);
    double lo = kInf, hi = -kInf;
    for (std::size_t i = 0; i < spec->curves.size(); ++i) {
        const auto& curve = spec->curves[i];
        auto values = curve.eval(xs);
        if (!values) {
            fig.annotations.push_back({values.error().message, spec->lo, 0.5});
            continue;
        }
        const std::string suffix = curve.label.empty() ? "" : ", " + curve.label;
        for (int which = 0; which < 2; ++which) {
            plot::Series s;
            s.name = which == 0 ? "loss ℓ" + suffix : fmt::format("dℓ/d{}{}", spec->var, suffix);
            s.id = fmt::format("{}{}", which == 0 ? "loss" : "grad",
                               curve.label.empty() ? ""
                                                   : (curve.label == "label 1" ? "-pos" : "-neg"));
            // Curve 0: blue loss, vermillion gradient; curve 1: orange loss, bluish green.
            static constexpr int kColors[2][2] = {{0, 5}, {1, 3}};
            s.color = plot::okabe_ito(kColors[std::min<std::size_t>(i, 1)][which]);
            s.style = which == 0 ? plot::LineStyle::Solid : plot::LineStyle::Dashed;
            s.width = which == 0 ? 2.5f : 2.0f;
            s.x = xs;
            s.y = which == 0 ? values.value().value : values.value().grad;
            for (double v : s.y)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            const CurveEval eval = curve.eval;
            s.exact = [eval, which](double x) {
                auto one = eval({x});
                if (!one) return kNan;
                return which == 0 ? one.value().value.front() : one.value().grad.front();
            };
            s.exact_min = spec->lo;
            s.exact_max = spec->hi;
            fig.series.push_back(std::move(s));
        }
    }
    if (spec->y_range) {
        fig.y_axis.min = spec->y_range->first;
        fig.y_axis.max = spec->y_range->second;
    } else if (lo <= hi) {
        const double pad = 0.08 * std::max(hi - lo, 1e-9);
        fig.y_axis.min = std::min(lo, 0.0) - pad;
        fig.y_axis.max = hi + pad;
    }
    // The zero line: where the gradient changes sign.
    plot::Series zero;
    zero.kind = plot::SeriesKind::HLine;
    zero.y = {0.0};
    zero.color = {140, 140, 140, 160};
    zero.width = 1.0f;
    fig.series.push_back(zero);
    return fig;
}

// [SECTION] CTC lattice

namespace {

constexpr std::size_t kCtcClasses = 5; // blank, a, c, o, t
constexpr std::array<const char*, kCtcClasses> kCtcClassNames{"blank", "a", "c", "o", "t"};

std::vector<int> ctc_target_labels(const PytorchLabState& s) {
    if (s.ctc_target == 1) return {4, 3, 3}; // t o o
    return {2, 1, 4};                        // c a t
}

// A deterministic number in [-1, 1) from (seed, frame, class): splitmix64.
double noise(std::uint64_t seed, std::uint64_t t, std::uint64_t c) {
    std::uint64_t z =
        seed * 0x9E3779B97F4A7C15ull + t * 0xBF58476D1CE4E5B9ull + c * 0x94D049BB133111EBull + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-52 - 1.0;
}

// T x C log-probabilities: log_softmax of noise plus `sharpness` on each frame's planned label
// (the target's labels spread over the frames, each followed by blanks).
std::vector<double> ctc_log_probs(const PytorchLabState& s) {
    const auto target = ctc_target_labels(s);
    const std::size_t t_len = std::size_t(std::clamp(s.ctc_frames, 1, 12)), l = target.size();
    std::vector<double> out(t_len * kCtcClasses);
    for (std::size_t t = 0; t < t_len; ++t) {
        // Frame t lies in segment j; the segment's first half emits its label, the rest blank.
        const std::size_t j = std::min(l - 1, t * l / t_len);
        const std::size_t start = (j * t_len + l - 1) / l, end = ((j + 1) * t_len + l - 1) / l;
        const bool label_frame = t < start + std::max<std::size_t>(1, (end - start + 1) / 2);
        const int planned = label_frame ? target[j] : 0;
        std::vector<double> z(kCtcClasses);
        for (std::size_t c = 0; c < kCtcClasses; ++c)
            z[c] = noise(std::uint64_t(s.ctc_seed), t, c) +
                   (int(c) == planned ? s.ctc_sharpness : 0.0);
        const auto lp = log_softmax(z);
        std::copy(lp.begin(), lp.end(), out.begin() + std::ptrdiff_t(t * kCtcClasses));
    }
    return out;
}

} // namespace

CriterionCall ctc_lattice_call(const PytorchLabState& state, std::string_view reduction) {
    const auto target = ctc_target_labels(state);
    const auto lp = ctc_log_probs(state);
    const std::size_t t_len = lp.size() / kCtcClasses;
    CriterionCall call;
    call.criterion = "ctc_loss";
    call.tensors["log_probs"] = f64({t_len, 1, kCtcClasses}, lp);
    call.tensors["targets"] =
        i64({1, target.size()}, std::vector<double>(target.begin(), target.end()));
    call.tensors["input_lengths"] = i64({1}, {double(t_len)});
    call.tensors["target_lengths"] = i64({1}, {double(target.size())});
    call.options["blank"] = "0";
    call.options["zero_infinity"] = boolean(state.zero_infinity);
    call.options["reduction"] = std::string(reduction);
    return call;
}

Result<CtcLattice> ctc_lattice(const PytorchLabState& state) {
    const auto target = ctc_target_labels(state);
    const auto lp = ctc_log_probs(state);
    CtcLattice out;
    out.frames = lp.size() / kCtcClasses;
    out.states = 2 * target.size() + 1;
    out.log_alpha = ctc_forward_variables(lp, out.frames, kCtcClasses, target, 0);
    out.best_path = ctc_best_path(lp, out.frames, kCtcClasses, target, 0);
    for (std::size_t st = 0; st < out.states; ++st)
        out.state_names.push_back(st % 2 == 0 ? "blank"
                                              : kCtcClassNames[std::size_t(target[st / 2])]);
    const double* last = out.log_alpha.data() + (out.frames - 1) * out.states;
    out.neg_log_likelihood = -log_add_exp(last[out.states - 1], last[out.states - 2]);
    out.min_frames = target.size();
    for (std::size_t i = 1; i < target.size(); ++i)
        out.min_frames += target[i] == target[i - 1];
    auto sum = evaluate_criterion(ctc_lattice_call(state, "sum"), false);
    if (!sum) return sum.error();
    auto mean = evaluate_criterion(ctc_lattice_call(state, "mean"), false);
    if (!mean) return mean.error();
    out.loss_sum = sum.value().value.front();
    out.loss_mean = mean.value().value.front();
    return out;
}

namespace {

plot::Figure ctc_lattice_figure(const PytorchLabState& state) {
    plot::Figure fig;
    fig.name = catalogue_figure_name("ctc_loss");
    const std::string word =
        std::string(params::kCtcTargetChoices[std::size_t(std::clamp(state.ctc_target, 0, 1))]);
    auto lattice = ctc_lattice(state);
    if (!lattice) {
        fig.title = "ctc_loss";
        fig.annotations.push_back({lattice.error().message, 0.0, 0.5});
        return fig;
    }
    const CtcLattice& L = lattice.value();
    const std::string loss = std::isinf(L.neg_log_likelihood) && !state.zero_infinity
                                 ? "inf"
                                 : plot::format_value(L.loss_sum, 4);
    fig.title = fmt::format("ctc_loss('{}'), T = {}: −log p = {}", word, L.frames, loss);
    fig.x_axis = {"t (frame)", -0.5, double(L.frames) - 0.5};
    fig.y_axis = {"", double(L.states) - 0.5, -0.5};
    fig.y_axis.categories = L.state_names;
    plot::Series heat;
    heat.kind = plot::SeriesKind::Image;
    heat.name = "log αₜ(s)";
    heat.id = "alpha";
    heat.image.rows = L.states;
    heat.image.cols = L.frames;
    heat.image.x0 = -0.5;
    heat.image.x1 = double(L.frames) - 0.5;
    heat.image.y0 = -0.5;
    heat.image.y1 = double(L.states) - 0.5;
    heat.image.colorbar_label = "log αₜ(s)";
    heat.image.values.assign(L.states * L.frames, kNan);
    for (std::size_t t = 0; t < L.frames; ++t)
        for (std::size_t s = 0; s < L.states; ++s) {
            const double a = L.log_alpha[t * L.states + s];
            if (std::isfinite(a)) heat.image.values[s * L.frames + t] = a;
        }
    fig.series.push_back(std::move(heat));
    if (!L.best_path.empty()) {
        plot::Series path;
        path.name = "most probable path";
        path.id = "best-path";
        path.color = {255, 255, 255, 255};
        path.width = 2.5f;
        plot::Series dots = path;
        dots.kind = plot::SeriesKind::Markers;
        dots.name.clear();
        dots.id = "best-path-frames";
        dots.marker_radius = 4.0f;
        for (std::size_t t = 0; t < L.frames; ++t) {
            path.x.push_back(double(t));
            path.y.push_back(double(L.best_path[t]));
        }
        dots.x = path.x;
        dots.y = path.y;
        fig.series.push_back(std::move(path));
        fig.series.push_back(std::move(dots));
    }
    if (L.frames < L.min_frames)
        fig.notes.push_back(fmt::format(
            "'{}' needs {} frames: no alignment; loss inf{}", word, L.min_frames,
            state.zero_infinity ? ", zero_infinity=True makes it 0" : " (zero_infinity=True: 0)"));
    else
        fig.notes.push_back(
            fmt::format("mean = {} / {} labels = {}", plot::format_value(L.loss_sum, 4),
                        ctc_target_labels(state).size(), plot::format_value(L.loss_mean, 4)));
    return fig;
}

// [SECTION] Pipelines

// LogSoftmax + NLLLoss fused as PyTorch's CPU kernel: z − max − log Σ exp(z − max).
template <class T> T fused_ce(T m) {
    const T z0 = m, z1 = T(0);
    const T mx = std::max(z0, z1);
    const T sum = std::exp(z0 - mx) + std::exp(z1 - mx);
    return -(z0 - mx - std::log(sum));
}

// log(softmax(z))[0] unfused: softmax = exp(z − max) / Σ, then log, then NLL.
template <class T> T naive_ce(T m) {
    const T z0 = m, z1 = T(0);
    const T mx = std::max(z0, z1);
    const T e0 = std::exp(z0 - mx), e1 = std::exp(z1 - mx);
    const T p0 = e0 / (e0 + e1);
    return -std::log(p0);
}

// F.binary_cross_entropy_with_logits as PyTorch 1.13 computes it (no pos_weight):
// (1 − y) z + max(−z, 0) + log(e^(−max) + e^(−z − max)).
template <class T> T fused_bce(T z, T y) {
    const T mv = std::max(-z, T(0));
    return (T(1) - y) * z + mv + std::log(std::exp(-mv) + std::exp(-z - mv));
}

// sigmoid then F.binary_cross_entropy (each log clamped at −100).
template <class T> T naive_bce(T z, T y) {
    const T p = T(1) / (T(1) + std::exp(-z));
    const T lp = std::max(std::log(p), T(-100)), lq = std::max(std::log(T(1) - p), T(-100));
    return -(y * lp + (T(1) - y) * lq);
}

std::vector<double> pipeline_grid(double lo, double hi) {
    // Dense enough to show the float32 steps near the plateaus.
    return plot::linear_grid(lo, hi, 1501);
}

} // namespace

namespace {

// cross_entropy of z = (m, 0) with target 0 at every m (reduction 'none').
std::vector<double> exact_cross_entropy(const std::vector<double>& ms) {
    const std::size_t n = ms.size();
    std::vector<double> z(2 * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        z[2 * i] = ms[i];
    CriterionCall call;
    call.criterion = "cross_entropy";
    call.tensors["input"] = f64({n, 2}, z);
    call.tensors["target"] = i64({n}, std::vector<double>(n, 0.0));
    call.options["reduction"] = "none";
    auto r = evaluate_criterion(call, false);
    return r ? r.value().value : std::vector<double>(n, kNan);
}

// binary_cross_entropy_with_logits of every z with target y (reduction 'none').
std::vector<double> exact_bce(const std::vector<double>& zs, double y) {
    const std::size_t n = zs.size();
    CriterionCall call;
    call.criterion = "binary_cross_entropy_with_logits";
    call.tensors["input"] = f64({n}, zs);
    call.tensors["target"] = f64({n}, std::vector<double>(n, y));
    call.options["reduction"] = "none";
    auto r = evaluate_criterion(call, false);
    return r ? r.value().value : std::vector<double>(n, kNan);
}

} // namespace

namespace {

// The pipelines' rounded routes (everything but the exact value, which needs a criterion call).
PipelinePoint cross_entropy_routes(double m) {
    return {kNan, double(fused_ce<float>(float(m))), double(naive_ce<float>(float(m))),
            naive_ce<double>(m)};
}

PipelinePoint bce_routes(double z, double y) {
    return {kNan, double(fused_bce<float>(float(z), float(y))),
            double(naive_bce<float>(float(z), float(y))), naive_bce<double>(z, y)};
}

} // namespace

PipelinePoint pipeline_cross_entropy_at(double m) {
    PipelinePoint p = cross_entropy_routes(m);
    p.exact = exact_cross_entropy({m}).front();
    return p;
}

PipelinePoint pipeline_bce_at(double z, double y) {
    PipelinePoint p = bce_routes(z, y);
    p.exact = exact_bce({z}, y).front();
    return p;
}

namespace {

// The exact values of a pipeline at every x in one batched criterion call.
using ExactBatch = std::function<std::vector<double>(const std::vector<double>&)>;

plot::Figure pipeline_figure(std::string name, std::string title, std::string x_label, double lo,
                             double hi, const std::function<PipelinePoint(double)>& at,
                             const std::function<PipelinePoint(double)>& routes,
                             const ExactBatch& exact_batch,
                             const std::array<std::string, 4>& names) {
    plot::Figure fig;
    fig.name = std::move(name);
    fig.title = std::move(title);
    fig.x_axis = {std::move(x_label), lo, hi};
    fig.y_axis = {"loss (log scale)", 1e-10, 1e6, plot::AxisScale::Log10};
    const auto xs = pipeline_grid(lo, hi);
    const std::array<double PipelinePoint::*, 4> fields{
        &PipelinePoint::exact, &PipelinePoint::fused32, &PipelinePoint::naive32,
        &PipelinePoint::naive64};
    const std::array<const char*, 4> ids{"exact", "fused-float32", "naive-float32",
                                         "naive-float64"};
    const std::array<plot::Rgba, 4> colors{plot::okabe_ito(0), plot::okabe_ito(2),
                                           plot::okabe_ito(1), plot::okabe_ito(3)};
    const std::array<plot::LineStyle, 4> styles{plot::LineStyle::Solid, plot::LineStyle::Dashed,
                                                plot::LineStyle::Solid, plot::LineStyle::Dotted};
    // The float emulations are cheap per point; the exact column is one criterion call.
    const std::vector<double> exact = exact_batch(xs);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto field = fields[i];
        plot::Series s;
        s.name = names[i];
        s.id = ids[i];
        s.color = colors[i];
        s.style = styles[i];
        s.width = i == 0 ? 3.5f : 2.5f;
        s.x = xs;
        for (std::size_t k = 0; k < xs.size(); ++k) {
            const double v = i == 0 ? exact[k] : routes(xs[k]).*field;
            // On the log axis a loss of 0 drops to the bottom edge and inf rises to the top
            // (+0 turns PyTorch's −0 into 0 for readouts).
            s.y.push_back(v + 0.0);
        }
        s.exact = [at, field](double x) { return at(x).*field; };
        s.exact_min = xs.front();
        s.exact_max = xs.back();
        fig.series.push_back(std::move(s));
    }
    return fig;
}

} // namespace

plot::Figure pipeline_cross_entropy_figure(const PytorchLabState&) {
    plot::Figure fig =
        pipeline_figure("pipeline-cross-entropy", "LogSoftmax + NLLLoss = CrossEntropyLoss",
                        "m (logits z = (m, 0), target 0)", -120.0, 40.0, pipeline_cross_entropy_at,
                        cross_entropy_routes, exact_cross_entropy,
                        {"exact (LossLab)", "fused, f32", "unfused, f32", "unfused, f64"});
    return fig;
}

plot::Figure pipeline_bce_figure(const PytorchLabState& state) {
    const double y = state.pipeline_y != 0 ? 1.0 : 0.0;
    plot::Figure fig = pipeline_figure(
        "pipeline-bce", fmt::format("Sigmoid + BCELoss = BCEWithLogitsLoss, y = {}", int(y)),
        "z (logit)", -120.0, 40.0, [y](double z) { return pipeline_bce_at(z, y); },
        [y](double z) { return bce_routes(z, y); },
        [y](const std::vector<double>& zs) { return exact_bce(zs, y); },
        {"exact (LossLab)", "fused, f32", "unfused, f32", "unfused, f64"});
    fig.notes.push_back(y == 0.0 ? "float32 σ(z) stops at 1 − 2⁻²³ (loss 15.9), then rounds "
                                   "to 1 past z ≈ 16.6: log 0 clamped to −100"
                                 : "float32 σ(z) rounds to 1 past z ≈ 16.6 (loss 0); below "
                                   "z ≈ −103 it is 0: log clamped, loss 100");
    return fig;
}

} // namespace losslab::model
