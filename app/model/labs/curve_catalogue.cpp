#include "model/labs/curve_catalogue.hpp"

#include "losslab/binary_losses.hpp"
#include "losslab/criteria_grad.hpp"
#include "losslab/curve_derivatives.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/information.hpp"
#include "losslab/label_smoothing.hpp"
#include "losslab/margin_losses.hpp"
#include "losslab/regression_losses.hpp"
#include "model/params/params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace losslab::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The parameters of the margin curves that only `losslab curve` has (the PyTorch lab declares
// its own, in state_pytorch.hpp, with the defaults its figures use).
// ±1 label of margin ranking loss: 1 wants input1 ahead of input2, −1 the reverse.
constexpr ParamSpec kRankingLabel{
    .key = "label",
    .label = "label (±1)",
    .help = "1: input1 should lead input2 by the margin; −1: input2 should lead",
    .kind = ParamKind::Integer,
    .min = -1.0,
    .max = 1.0,
    .def = 1.0,
    .format = "%.0f",
};

// Margin ranking loss margin: the lead the preferred input needs.
constexpr ParamSpec kRankingMargin{
    .key = "margin",
    .label = "margin",
    .help = "The lead the preferred input needs for a zero loss",
    .min = -10.0,
    .max = 10.0,
    .def = 0.0,
    .format = "%.2f",
};

// ±1 label of cosine embedding loss: 1 similar pair, −1 dissimilar pair.
constexpr ParamSpec kCosineLabel{
    .key = "label",
    .label = "label (±1)",
    .help = "1: similar pair, loss 1 − cos; −1: dissimilar, loss max(0, cos − margin)",
    .kind = ParamKind::Integer,
    .min = -1.0,
    .max = 1.0,
    .def = -1.0,
    .format = "%.0f",
};

// Cosine embedding loss margin: the cosine above which a dissimilar pair is penalised.
constexpr ParamSpec kCosineMargin{
    .key = "margin",
    .label = "margin",
    .help = "Cosine above which a dissimilar pair (label −1) is penalised",
    .min = -1.0,
    .max = 1.0,
    .def = 0.0,
    .format = "%.2f",
};

// The number of classes C of multi-label margin loss.
constexpr ParamSpec kMarginClasses{
    .key = "classes",
    .label = "C (classes)",
    .help = "Scores per row; the loss is averaged over the C classes",
    .kind = ParamKind::Integer,
    .min = 2.0,
    .max = 1000.0,
    .def = 5.0,
    .format = "%.0f",
};

// The resolved parameters of one curve (every key present).
struct Values {
    const CurveParams& map;
    double operator[](const char* key) const { return map.at(key); }
    bool flag(const char* key) const { return map.at(key) != 0.0; }
};

using Binder = Result<CurveFn> (*)(const Values&);

struct CurveDef {
    CurveInfo info;
    Binder bind;
};

SmoothingSpec smoothing_spec(const Values& v) {
    SmoothingSpec spec;
    spec.num_classes = std::size_t(v["K"]);
    spec.eps = v["eps"];
    spec.convention = SmoothingConvention(int(v["convention"]));
    return spec;
}

// kl-pad holds a padding class at 0, so it needs a third class; the spec's range cannot say it.
Status check_smoothing(const Values& v) {
    if (SmoothingConvention(int(v["convention"])) == SmoothingConvention::KlPad && v["K"] < 3.0)
        return make_error(curve_flag("K"), "a whole number >= 3 with --convention kl-pad",
                          fmt::format("{}", v["K"]));
    return Ok{};
}

// A smoothed curve: the core returns Result only for a bad spec or p_t outside [0, 1], both
// checked before binding, so the evaluator can read the values directly.
template <bool Kl> Result<CurveFn> bind_smoothed(const Values& v) {
    if (auto ok = check_smoothing(v); !ok) return ok.error();
    const SmoothingSpec spec = smoothing_spec(v);
    if (auto ok = validate(spec); !ok) return ok.error();
    return CurveFn([spec](double p) {
        const auto value = Kl ? smoothed_kl_vs_pt(spec, p) : smoothed_ce_vs_pt(spec, p);
        const auto grad = smoothed_loss_vs_pt_grad(spec, p);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return CurvePoint{value ? value.value() : nan, grad ? grad.value() : nan};
    });
}

const std::vector<CurveDef>& curve_defs() {
    using namespace params;
    static const std::vector<CurveDef> defs{
        {{"ce",
          "p",
          "p, the probability of the true class",
          0.0,
          1.0,
          {},
          "−log p: cross-entropy of the true class (F.cross_entropy / F.nll_loss of one example)"},
         [](const Values&) -> Result<CurveFn> {
             return CurveFn([](double p) {
                 return CurvePoint{cross_entropy_pt(p), cross_entropy_pt_grad(p)};
             });
         }},
        {{"bce",
          "p",
          "p, the predicted probability of the positive class",
          0.0,
          1.0,
          {&kTargetY},
          "−[y log p + (1−y) log(1−p)], no clamp (F.binary_cross_entropy without its −100 clamp)"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["y"];
             return CurveFn([y](double p) {
                 return CurvePoint{bce_prob_exact(p, y), bce_prob_grad_exact(p, y)};
             });
         }},
        {{"bce-logits",
          "z",
          "z, the logit of the positive class",
          -kInf,
          kInf,
          {&kTargetY, &kPosWeight},
          "(1−y) softplus(z) + pos_weight·y softplus(−z) (F.binary_cross_entropy_with_logits)"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["y"];
             const BceParams bp{.weight = 1.0, .pos_weight = v["pos_weight"]};
             return CurveFn([y, bp](double z) {
                 return CurvePoint{bce_with_logits(z, y, bp), bce_with_logits_grad(z, y, bp)};
             });
         }},
        {{"focal",
          "p",
          "p, the predicted probability of the positive class",
          0.0,
          1.0,
          {&kFocalGamma, &kFocalAlpha, &kFocalTarget},
          "α_t (1−p_t)^γ BCE(p, y): focal loss of a probability (Lin et al. 2017)"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["target"];
             const FocalParams fp{.alpha = v["alpha"], .gamma = v["gamma"]};
             return CurveFn([y, fp](double p) {
                 return CurvePoint{focal_loss_prob(p, y, fp), focal_loss_prob_grad(p, y, fp)};
             });
         }},
        {{"focal-logits",
          "z",
          "z, the logit of the positive class",
          -kInf,
          kInf,
          {&kFocalGamma, &kFocalAlpha, &kFocalTarget},
          "α_t (1−p_t)^γ BCEWithLogits(z, y) (torchvision.ops.sigmoid_focal_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["target"];
             const FocalParams fp{.alpha = v["alpha"], .gamma = v["gamma"]};
             return CurveFn([y, fp](double z) {
                 return CurvePoint{focal_loss_logit(z, y, fp), focal_loss_logit_grad(z, y, fp)};
             });
         }},
        {{"balanced-ce",
          "p",
          "p, the predicted probability of the positive class",
          0.0,
          1.0,
          {&kBalanceAlpha, &kTargetY},
          "α_t BCE(p, y), α_t = α y + (1−α)(1−y): α-balanced cross-entropy (Lin et al. eq. 3)"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["y"], alpha = v["alpha"];
             return CurveFn([y, alpha](double p) {
                 return CurvePoint{balanced_bce_prob(p, y, alpha),
                                   balanced_bce_prob_grad(p, y, alpha)};
             });
         }},
        {{"smoothed-ce",
          "p",
          "p, the probability of the true class (the rest spread evenly)",
          0.0,
          1.0,
          {&kNumClasses, &kSmoothingEps, &kSmoothingConvention},
          "H(smoothed target, q): label-smoothed CE (uniform = F.cross_entropy(label_smoothing))"},
         bind_smoothed<false>},
        {{"smoothed-kl",
          "p",
          "p, the probability of the true class (the rest spread evenly)",
          0.0,
          1.0,
          {&kNumClasses, &kSmoothingEps, &kSmoothingConvention},
          "KL(smoothed target ‖ q) = smoothed-ce − entropy floor (kl-pad: F.kl_div, sum)"},
         bind_smoothed<true>},
        {{"mse",
          "r",
          "r, the residual input − target",
          -kInf,
          kInf,
          {},
          "r²: squared error (F.mse_loss)"},
         [](const Values&) -> Result<CurveFn> {
             return CurveFn([](double r) {
                 return CurvePoint{mse_loss(r, 0.0), mse_loss_grad(r, 0.0)};
             });
         }},
        {{"brier",
          "p",
          "p, the predicted probability of the positive class",
          0.0,
          1.0,
          {&kTargetY},
          "(p − y)²: Brier score of one binary prediction (F.mse_loss(p, y))"},
         [](const Values& v) -> Result<CurveFn> {
             const double y = v["y"];
             return CurveFn([y](double p) { return CurvePoint{brier(p, y), brier_grad(p, y)}; });
         }},
        {{"l1",
          "r",
          "r, the residual input − target",
          -kInf,
          kInf,
          {},
          "|r|: absolute error (F.l1_loss); derivative sign(r), 0 at r = 0"},
         [](const Values&) -> Result<CurveFn> {
             return CurveFn([](double r) {
                 return CurvePoint{l1_loss(r, 0.0), l1_loss_grad(r, 0.0)};
             });
         }},
        {{"smooth-l1",
          "r",
          "r, the residual input − target",
          -kInf,
          kInf,
          {&kSmoothL1Beta},
          "r²/(2β) for |r| < β, else |r| − β/2 (F.smooth_l1_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const SmoothL1Params sp{.beta = v["beta"]};
             return CurveFn([sp](double r) {
                 return CurvePoint{smooth_l1_loss(r, 0.0, sp), smooth_l1_loss_grad(r, 0.0, sp)};
             });
         }},
        {{"huber",
          "r",
          "r, the residual input − target",
          -kInf,
          kInf,
          {&kHuberDelta},
          "r²/2 for |r| < δ, else δ(|r| − δ/2) (F.huber_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const HuberParams hp{.delta = v["delta"]};
             return CurveFn([hp](double r) {
                 return CurvePoint{huber_loss(r, 0.0, hp), huber_loss_grad(r, 0.0, hp)};
             });
         }},
        {{"poisson-nll",
          "x",
          "x, log(rate) with log_input on, the rate (x >= 0) with it off",
          -kInf,
          kInf,
          {&kPoissonCount, &kPoissonLogInput, &kNllFull},
          "e^x − k x (log_input) or x − k log(x + 1e-8), + Stirling if full (F.poisson_nll_loss)",
          "x >= 0 with log-input false"},
         [](const Values& v) -> Result<CurveFn> {
             const double k = v["target"];
             PoissonNllParams pp;
             pp.log_input = v.flag("log_input");
             pp.full = v.flag("full");
             return CurveFn([k, pp](double x) {
                 return CurvePoint{poisson_nll_loss(x, k, pp), poisson_nll_loss_grad(x, k, pp)};
             });
         }},
        {{"gaussian-nll",
          "r",
          "r, the residual input − target",
          -kInf,
          kInf,
          {&kGaussianVar, &kNllFull},
          "½(log σ² + r²/σ²) [+ ½ log 2π if full], σ² clamped to >= 1e-6 (F.gaussian_nll_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double var = v["var"];
             GaussianNllParams gp;
             gp.full = v.flag("full");
             return CurveFn([var, gp](double r) {
                 return CurvePoint{gaussian_nll_loss(r, 0.0, var, gp),
                                   gaussian_nll_loss_grad(r, 0.0, var, gp)};
             });
         }},
        {{"soft-margin",
          "z",
          "z, the score (input) of a ±1 label",
          -kInf,
          kInf,
          {&kSoftMarginLabel},
          "log(1 + e^(−label·z)): logistic loss of a ±1 label (F.soft_margin_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double label = v["label"];
             return CurveFn([label](double z) {
                 return CurvePoint{soft_margin_loss(z, label), soft_margin_loss_grad(z, label)};
             });
         }},
        {{"hinge-embedding",
          "d",
          "d, the distance between the pair",
          0.0,
          kInf,
          {&kHingeLabel, &kHingeMargin},
          "d for label 1, max(0, margin − d) for label −1 (F.hinge_embedding_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double label = v["label"];
             const HingeEmbeddingParams hp{.margin = v["margin"]};
             return CurveFn([label, hp](double d) {
                 return CurvePoint{hinge_embedding_loss(d, label, hp),
                                   hinge_embedding_loss_grad(d, label, hp)};
             });
         }},
        {{"margin-ranking",
          "x",
          "x = input1 − input2",
          -kInf,
          kInf,
          {&kRankingLabel, &kRankingMargin},
          "max(0, −label·x + margin) (F.margin_ranking_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double label = v["label"];
             const MarginRankingParams mp{.margin = v["margin"]};
             return CurveFn([label, mp](double x) {
                 return CurvePoint{margin_ranking_loss(x, 0.0, label, mp),
                                   margin_ranking_loss_grad(x, 0.0, label, mp)};
             });
         }},
        {{"cosine-embedding",
          "c",
          "c, the cosine of the pair",
          -1.0,
          1.0,
          {&kCosineLabel, &kCosineMargin},
          "1 − c for label 1, max(0, c − margin) for label −1 (F.cosine_embedding_loss)"},
         [](const Values& v) -> Result<CurveFn> {
             const double label = v["label"];
             const CosineEmbeddingParams cp{.margin = v["margin"]};
             return CurveFn([label, cp](double c) {
                 return CurvePoint{cosine_embedding_loss_of_cos(c, label, cp),
                                   cosine_embedding_loss_of_cos_grad(c, label, cp)};
             });
         }},
        {{"multilabel-margin",
          "m",
          "m, the lead of the one target's score over the C − 1 others (all equal)",
          -kInf,
          kInf,
          {&kMarginClasses},
          "(C − 1)·max(0, 1 − m)/C (F.multilabel_margin_loss of one row, one target)"},
         [](const Values& v) -> Result<CurveFn> {
             const double c = v["classes"];
             return CurveFn([c](double m) {
                 return CurvePoint{multilabel_margin_loss_of_margin(m, c),
                                   multilabel_margin_loss_of_margin_grad(m, c)};
             });
         }},
        {{"kl-binary",
          "q",
          "q, the model's probability of the positive outcome",
          0.0,
          1.0,
          {&kKlReferenceP},
          "KL(Bernoulli(p) ‖ Bernoulli(q)) = p log(p/q) + (1−p) log((1−p)/(1−q)) in nats"},
         [](const Values& v) -> Result<CurveFn> {
             const double p = v["p"];
             return CurveFn([p](double q) {
                 return CurvePoint{binary_kl(p, q), binary_kl_grad(p, q)};
             });
         }},
    };
    return defs;
}

const CurveDef* find_def(std::string_view name) {
    for (const auto& def : curve_defs())
        if (def.info.name == name) return &def;
    return nullptr;
}

std::string number(double v) {
    return fmt::format("{}", v);
}

std::string accepted_flags(const CurveInfo& curve) {
    if (curve.params.empty()) return "no parameters";
    std::string s = "one of ";
    for (size_t i = 0; i < curve.params.size(); ++i)
        s += (i ? ", " : "") + curve_flag(curve.params[i]->key);
    return s;
}

std::string curve_names() {
    std::string s;
    for (const auto& def : curve_defs())
        s += (s.empty() ? "" : ", ") + std::string(def.info.name);
    return s;
}

} // namespace

std::span<const CurveInfo> curve_catalogue() {
    static const std::vector<CurveInfo> infos = [] {
        std::vector<CurveInfo> v;
        for (const auto& def : curve_defs())
            v.push_back(def.info);
        return v;
    }();
    return infos;
}

const CurveInfo* find_curve(std::string_view name) {
    for (const auto& info : curve_catalogue())
        if (info.name == name) return &info;
    return nullptr;
}

std::string curve_flag(std::string_view key) {
    std::string flag = "--";
    for (char c : key)
        flag.push_back(c == '_' ? '-' : c);
    return flag;
}

const ParamSpec* find_curve_param(const CurveInfo& curve, std::string_view key) {
    for (const ParamSpec* spec : curve.params)
        if (spec->key == key) return spec;
    return nullptr;
}

CurveParams resolved_curve_params(const CurveInfo& curve, const CurveParams& params) {
    CurveParams out;
    for (const ParamSpec* spec : curve.params) {
        const auto it = params.find(std::string(spec->key));
        out[std::string(spec->key)] = it != params.end() ? it->second : spec->def;
    }
    return out;
}

Result<CurveFn> make_curve(const CurveInfo& curve, const CurveParams& params) {
    const CurveDef* def = find_def(curve.name);
    if (!def) return make_error("curve", "one of " + curve_names(), quote(curve.name));
    for (const auto& [key, value] : params) {
        const ParamSpec* spec = find_curve_param(curve, key);
        if (!spec)
            return make_error("curve " + quote(curve.name), accepted_flags(curve), curve_flag(key));
        if (auto ok = validate_param(*spec, curve_flag(key), value); !ok) return ok.error();
    }
    const CurveParams resolved = resolved_curve_params(curve, params);
    auto bound = def->bind(Values{resolved});
    if (!bound) return bound;
    // Adding +0 turns a signed zero (e.g. −log 1 = −0) into 0, so no readout or CSV shows "-0";
    // every other value passes unchanged.
    return CurveFn([inner = std::move(bound).value()](double x) {
        CurvePoint pt = inner(x);
        pt.value += 0.0;
        pt.derivative += 0.0;
        return pt;
    });
}

Result<CurveFn> make_curve(std::string_view name, const CurveParams& params) {
    const CurveInfo* curve = find_curve(name);
    if (!curve) return make_error("curve", "one of " + curve_names(), quote(name));
    return make_curve(*curve, params);
}

CurveBatchFn make_curve_batch(std::string_view name, const CurveParams& params, bool derivative) {
    const CurveInfo* curve = find_curve(name);
    if (!curve || !make_curve(*curve, params)) return {};
    const CurveParams v = resolved_curve_params(*curve, params);
    if (name == "bce-logits") {
        const double y = v.at("y"), pos_weight = v.at("pos_weight");
        return [y, pos_weight, derivative](std::span<const double> z, std::span<double> out) {
            const std::vector<double> ys(z.size(), y);
            const BceBatchWeights w{.weight = {}, .pos_weight = std::span<const double>(&pos_weight, 1)};
            if (derivative) {
                bce_with_logits_grad(z, ys, out, Reduction::None, w);
            } else {
                const auto r = bce_with_logits(z, ys, Reduction::None, w);
                std::copy(r.values.begin(), r.values.end(), out.begin());
            }
        };
    }
    if (name == "focal-logits") {
        const double y = v.at("target");
        const FocalParams fp{.alpha = v.at("alpha"), .gamma = v.at("gamma")};
        return [y, fp, derivative](std::span<const double> z, std::span<double> out) {
            const std::vector<double> ys(z.size(), y);
            if (derivative) {
                focal_loss_logit_grad(z, ys, out, fp, Reduction::None);
            } else {
                const auto r = focal_loss_logit(z, ys, fp, Reduction::None);
                std::copy(r.values.begin(), r.values.end(), out.begin());
            }
        };
    }
    return {};
}

Status check_curve_x(const CurveInfo& curve, double x) {
    const std::string what = std::string(curve.x_var) + " (" + std::string(curve.x_help) + ")";
    if (!std::isfinite(x)) return make_error(what, "a finite number", number(x));
    if (x >= curve.x_min && x <= curve.x_max) return Ok{};
    std::string allowed;
    if (curve.x_min == -kInf)
        allowed = fmt::format("{} <= {}", curve.x_var, number(curve.x_max));
    else if (curve.x_max == kInf)
        allowed = fmt::format("{} >= {}", curve.x_var, number(curve.x_min));
    else
        allowed =
            fmt::format("{} <= {} <= {}", number(curve.x_min), curve.x_var, number(curve.x_max));
    return make_error(what, allowed, number(x));
}

Status check_curve_x(const CurveInfo& curve, const CurveParams& params, double x) {
    if (auto ok = check_curve_x(curve, x); !ok) return ok;
    if (curve.name == "poisson-nll" && find_curve_param(curve, "log_input")) {
        const CurveParams resolved = resolved_curve_params(curve, params);
        if (resolved.at("log_input") == 0.0 && x < 0.0)
            return make_error(std::string(curve.x_var) + " (the rate, with --log-input false)",
                              "x >= 0", number(x));
    }
    return Ok{};
}

std::string curve_list_line(const CurveInfo& curve) {
    const char open = curve.x_min == -kInf ? '(' : '[';
    const char close = curve.x_max == kInf ? ')' : ']';
    std::string line = fmt::format("{}  x={} in {}{}, {}{}", curve.name, curve.x_var, open,
                                   number(curve.x_min), number(curve.x_max), close);
    if (!curve.x_rule.empty()) line += fmt::format(" ({})", curve.x_rule);
    line += "  params:";
    if (curve.params.empty()) return line + " none";
    for (size_t i = 0; i < curve.params.size(); ++i) {
        const ParamSpec& spec = *curve.params[i];
        const std::string name = curve_flag(spec.key).substr(2);
        std::string range;
        switch (spec.kind) {
        case ParamKind::Choice: {
            range = "{";
            for (size_t c = 0; c < spec.choices.size(); ++c)
                range += (c ? ", " : "") + std::string(spec.choices[c]);
            range += "}";
            break;
        }
        case ParamKind::Toggle:
            range = "{true, false}";
            break;
        case ParamKind::Integer:
            range = fmt::format("[{}, {}] whole number", number(spec.min), number(spec.max));
            break;
        case ParamKind::Real:
            range = fmt::format("[{}, {}]", number(spec.min), number(spec.max));
        }
        if (!spec.rule.empty()) range += fmt::format(" ({})", spec.rule);
        line += fmt::format("{} {} {} default {}", i ? "," : "", name, range,
                            format_param(spec, spec.def));
    }
    return line;
}

} // namespace losslab::model
