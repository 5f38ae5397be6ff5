// The curve catalogue: every curve evaluates at its defaults over its domain, derivatives agree
// with a central difference of the value, values equal the core's closed forms, and bad
// parameters and x are refused with messages naming the flag and its range.

#include "losslab/focal_loss.hpp"
#include "model/labs/curve_catalogue.hpp"
#include "test_support.hpp"

#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace {

using losslab::model::CurveFn;
using losslab::model::CurveInfo;
using losslab::model::CurveParams;
using losslab::test::within_rel;

CurveFn curve(std::string_view name, const CurveParams& params = {}) {
    auto fn = losslab::model::make_curve(name, params);
    EXPECT_TRUE(fn.ok()) << name << ": " << (fn.ok() ? "" : fn.error().message);
    return fn.ok() ? fn.value() : CurveFn([](double) { return losslab::model::CurvePoint{}; });
}

std::string error_of(std::string_view name, const CurveParams& params) {
    auto fn = losslab::model::make_curve(name, params);
    EXPECT_FALSE(fn.ok()) << name;
    return fn.ok() ? "" : fn.error().message;
}

bool bounded(const CurveInfo& c) {
    return std::isfinite(c.x_min) && std::isfinite(c.x_max);
}

// Interior points of the curve's domain, away from the kinks of the default parameters
// (|r| = 1 for huber and smooth-l1, d = 1 for hinge-embedding, r = 0 for l1).
std::vector<double> interior_points(const CurveInfo& c) {
    if (bounded(c)) return {1e-3, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99, 0.999};
    if (c.x_min == 0.0) return {0.05, 0.3, 0.7, 1.3, 5.0, 20.0};
    return {-20.0, -5.0, -1.7, -0.3, 0.3, 0.7, 1.3, 5.0, 20.0};
}

// Fourth-order central difference with a step that stays inside the domain.
double central_difference(const CurveFn& f, const CurveInfo& c, double x) {
    double room = std::max(1.0, std::fabs(x));
    if (std::isfinite(c.x_min)) room = std::min(room, x - c.x_min);
    if (std::isfinite(c.x_max)) room = std::min(room, c.x_max - x);
    const double h = 1e-4 * room;
    auto v = [&](double t) { return f(t).value; };
    return (8.0 * (v(x + h) - v(x - h)) - (v(x + 2 * h) - v(x - 2 * h))) / (12.0 * h);
}

// Derivative vs central difference at every interior point, relative 1e-6 (absolute floor
// 1e-9 times the value's scale, for derivatives that vanish).
void expect_derivative_matches(const CurveInfo& c, const CurveParams& params) {
    const CurveFn f = curve(c.name, params);
    for (double x : interior_points(c)) {
        const auto pt = f(x);
        const double fd = central_difference(f, c, x);
        EXPECT_TRUE(within_rel(pt.derivative, fd, 1e-6, 1e-9 * std::max(1.0, std::fabs(pt.value))))
            << c.name << " at x = " << x;
    }
}

TEST(CurveCatalogue, ListsEveryRequiredCurveOnce) {
    const std::vector<std::string> required{
        "ce",           "bce",          "bce-logits",  "focal",
        "focal-logits", "balanced-ce",  "smoothed-ce", "mse",
        "brier",        "l1",           "smooth-l1",   "huber",
        "poisson-nll",  "gaussian-nll", "soft-margin", "hinge-embedding",
        "kl-binary",    "margin-ranking", "cosine-embedding", "multilabel-margin"};
    std::set<std::string> names;
    for (const auto& c : losslab::model::curve_catalogue()) {
        EXPECT_TRUE(names.insert(std::string(c.name)).second) << "duplicate " << c.name;
        EXPECT_FALSE(c.x_var.empty());
        EXPECT_FALSE(c.help.empty());
        EXPECT_LT(c.x_min, c.x_max);
        for (const auto* spec : c.params)
            EXPECT_TRUE(losslab::model::validate_param(*spec, spec->key, spec->def).ok())
                << c.name << " " << spec->key;
    }
    for (const auto& name : required) {
        EXPECT_TRUE(names.count(name)) << name;
        EXPECT_NE(losslab::model::find_curve(name), nullptr) << name;
    }
    EXPECT_EQ(losslab::model::find_curve("nope"), nullptr);
}

TEST(CurveCatalogue, EveryCurveIsFiniteOverItsDomainAtDefaults) {
    for (const auto& c : losslab::model::curve_catalogue()) {
        const CurveFn f = curve(c.name);
        for (double x : interior_points(c)) {
            const auto pt = f(x);
            EXPECT_TRUE(std::isfinite(pt.value)) << c.name << " at " << x;
            EXPECT_TRUE(std::isfinite(pt.derivative)) << c.name << " at " << x;
        }
        // At the ends a loss may be infinite (−log 0) but never NaN.
        for (double x : {c.x_min, c.x_max})
            if (std::isfinite(x)) {
                const auto pt = f(x);
                EXPECT_FALSE(std::isnan(pt.value)) << c.name << " at " << x;
                EXPECT_FALSE(std::isnan(pt.derivative)) << c.name << " at " << x;
            }
    }
}

TEST(CurveCatalogue, DerivativesAgreeWithFiniteDifferencesAtDefaults) {
    for (const auto& c : losslab::model::curve_catalogue())
        expect_derivative_matches(c, {});
}

TEST(CurveCatalogue, DerivativesAgreeWithFiniteDifferencesAwayFromDefaults) {
    const std::vector<std::pair<std::string, CurveParams>> cases{
        {"bce", {{"y", 0.3}}},
        {"bce-logits", {{"y", 0.3}, {"pos_weight", 2.0}}},
        {"focal", {{"gamma", 0.5}, {"alpha", -1.0}, {"target", 0.3}}},
        {"focal", {{"gamma", 3.0}, {"target", 0.0}}},
        {"focal-logits", {{"gamma", 1.5}, {"alpha", 0.6}, {"target", 0.7}}},
        {"balanced-ce", {{"alpha", 0.9}, {"y", 0.0}}},
        {"smoothed-ce", {{"K", 3.0}, {"eps", 0.4}, {"convention", 2.0}}},
        {"smoothed-kl", {{"K", 100.0}, {"eps", 0.2}, {"convention", 1.0}}},
        {"brier", {{"y", 0.2}}},
        {"smooth-l1", {{"beta", 0.1}}},
        {"huber", {{"delta", 3.0}}},
        {"poisson-nll", {{"target", 7.0}, {"full", 1.0}}},
        {"gaussian-nll", {{"var", 0.25}, {"full", 1.0}}},
        {"soft-margin", {{"label", -1.0}}},
        {"hinge-embedding", {{"label", 1.0}}},
        {"kl-binary", {{"p", 0.9}}},
        {"margin-ranking", {{"label", -1.0}, {"margin", 0.5}}},
        {"cosine-embedding", {{"label", -1.0}, {"margin", 0.2}}},
        {"cosine-embedding", {{"label", 1.0}}},
        {"multilabel-margin", {{"classes", 7.0}}},
    };
    for (const auto& [name, params] : cases)
        expect_derivative_matches(*losslab::model::find_curve(name), params);

    // Poisson with log_input off: x is a rate, so only positive points.
    const CurveFn f = curve("poisson-nll", {{"log_input", 0.0}, {"target", 4.0}});
    const CurveInfo& c = *losslab::model::find_curve("poisson-nll");
    for (double x : {0.3, 1.3, 4.0, 20.0})
        EXPECT_TRUE(within_rel(f(x).derivative, central_difference(f, c, x), 1e-6, 1e-9)) << x;
}

TEST(CurveCatalogue, CrossEntropyAtPointNineIsMinusLogPointNine) {
    const auto pt = curve("ce")(0.9);
    EXPECT_TRUE(losslab::test::within_ulp(pt.value, -std::log(0.9), 1));
    EXPECT_TRUE(losslab::test::within_ulp(pt.derivative, -1.0 / 0.9, 1));
    EXPECT_EQ(curve("ce")(0.0).value, HUGE_VAL);
}

TEST(CurveCatalogue, FocalWithGammaZeroAndNoAlphaEqualsCrossEntropy) {
    const CurveFn ce = curve("ce");
    const CurveFn focal = curve("focal", {{"gamma", 0.0}, {"alpha", -1.0}, {"target", 1.0}});
    for (double p : {1e-300, 1e-9, 0.1, 0.5, 0.9, 1.0 - 1e-12, 1.0}) {
        EXPECT_EQ(focal(p).value, ce(p).value) << p;
        EXPECT_EQ(focal(p).derivative, ce(p).derivative) << p;
    }
}

TEST(CurveCatalogue, SmoothedCeWithEpsZeroEqualsCrossEntropy) {
    const CurveFn ce = curve("ce");
    const CurveFn smoothed = curve("smoothed-ce", {{"eps", 0.0}});
    for (double p : {1e-6, 0.1, 0.5, 0.9})
        EXPECT_TRUE(within_rel(smoothed(p).value, ce(p).value, 1e-15)) << p;
}

TEST(CurveCatalogue, FocalLogitsIsTheCoreFunctionBitForBit) {
    const CurveFn f = curve("focal-logits", {{"gamma", 2.0}, {"alpha", 0.25}, {"target", 1.0}});
    const losslab::FocalParams fp{.alpha = 0.25, .gamma = 2.0};
    for (double z : {-40.0, 0.0, 40.0}) {
        EXPECT_EQ(f(z).value, losslab::focal_loss_logit(z, 1.0, fp));
        EXPECT_EQ(f(z).derivative, losslab::focal_loss_logit_grad(z, 1.0, fp));
    }
    EXPECT_GT(f(40.0).value, 0.0); // tiny but not underflowed
}

TEST(CurveCatalogue, OutOfRangeParametersNameTheFlagAndTheRange) {
    const std::string gamma = error_of("focal", {{"gamma", -1.0}});
    EXPECT_NE(gamma.find("--gamma"), std::string::npos) << gamma;
    EXPECT_NE(gamma.find("0 <= value <= 10"), std::string::npos) << gamma;
    EXPECT_NE(gamma.find("-1"), std::string::npos) << gamma;

    const std::string eps = error_of("smoothed-ce", {{"eps", 1.5}});
    EXPECT_NE(eps.find("--eps"), std::string::npos) << eps;
    EXPECT_NE(eps.find("0 <= value <= 1"), std::string::npos) << eps;

    const std::string k = error_of("smoothed-ce", {{"K", 1.0}});
    EXPECT_NE(k.find("--K"), std::string::npos) << k;
    EXPECT_NE(k.find("2 <= value <= 1000"), std::string::npos) << k;

    const std::string k_frac = error_of("smoothed-ce", {{"K", 2.5}});
    EXPECT_NE(k_frac.find("whole number"), std::string::npos) << k_frac;

    const std::string kl_pad = error_of("smoothed-ce", {{"K", 2.0}, {"convention", 2.0}});
    EXPECT_NE(kl_pad.find("--K"), std::string::npos) << kl_pad;
    EXPECT_NE(kl_pad.find(">= 3"), std::string::npos) << kl_pad;

    const std::string pw = error_of("bce-logits", {{"pos_weight", -2.0}});
    EXPECT_NE(pw.find("--pos-weight"), std::string::npos) << pw;

    const std::string delta = error_of("huber", {{"delta", 0.0}});
    EXPECT_NE(delta.find("--delta"), std::string::npos) << delta;
}

TEST(CurveCatalogue, UnknownParameterListsTheAcceptedFlags) {
    const std::string msg = error_of("focal", {{"beta", 1.0}});
    EXPECT_NE(msg.find("--gamma, --alpha, --target"), std::string::npos) << msg;
    EXPECT_NE(msg.find("--beta"), std::string::npos) << msg;
    const std::string name = error_of("nope", {});
    EXPECT_NE(name.find("focal-logits"), std::string::npos) << name;
}

TEST(CurveCatalogue, XOutsideTheDomainIsRefused) {
    const CurveInfo& ce = *losslab::model::find_curve("ce");
    EXPECT_TRUE(losslab::model::check_curve_x(ce, 0.0).ok());
    EXPECT_TRUE(losslab::model::check_curve_x(ce, 1.0).ok());
    const auto bad = losslab::model::check_curve_x(ce, 1.5);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("0 <= p <= 1"), std::string::npos) << bad.error().message;
    EXPECT_NE(bad.error().message.find("1.5"), std::string::npos);
    EXPECT_FALSE(losslab::model::check_curve_x(ce, NAN).ok());
    const CurveInfo& z = *losslab::model::find_curve("bce-logits");
    EXPECT_TRUE(losslab::model::check_curve_x(z, -1e300).ok());
    EXPECT_FALSE(losslab::model::check_curve_x(z, HUGE_VAL).ok());
    const CurveInfo& poisson = *losslab::model::find_curve("poisson-nll");
    EXPECT_TRUE(losslab::model::check_curve_x(poisson, {}, -3.0).ok());
    EXPECT_FALSE(losslab::model::check_curve_x(poisson, {{"log_input", 0.0}}, -3.0).ok());
}

TEST(CurveCatalogue, FlagsAreKeysWithDashes) {
    EXPECT_EQ(losslab::model::curve_flag("pos_weight"), "--pos-weight");
    EXPECT_EQ(losslab::model::curve_flag("K"), "--K");
    EXPECT_EQ(losslab::model::curve_flag("log_input"), "--log-input");
}

TEST(CurveCatalogue, ListLineShowsVariableRangeAndDefaults) {
    EXPECT_EQ(losslab::model::curve_list_line(*losslab::model::find_curve("focal")),
              "focal  x=p in [0, 1]  params: gamma [0, 10] default 2, alpha [-1, 1] default "
              "0.25, target [0, 1] default 1");
    EXPECT_EQ(losslab::model::curve_list_line(*losslab::model::find_curve("mse")),
              "mse  x=r in (-inf, inf)  params: none");
    const std::string smoothed =
        losslab::model::curve_list_line(*losslab::model::find_curve("smoothed-ce"));
    EXPECT_NE(smoothed.find("convention {uniform, others, kl-pad} default uniform"),
              std::string::npos)
        << smoothed;
    // Whole numbers and cross-parameter rules are stated next to the range.
    EXPECT_NE(smoothed.find("K [2, 1000] whole number (at least 3 with convention kl-pad)"),
              std::string::npos)
        << smoothed;
    const std::string poisson =
        losslab::model::curve_list_line(*losslab::model::find_curve("poisson-nll"));
    EXPECT_NE(poisson.find("x=x in (-inf, inf) (x >= 0 with log-input false)"), std::string::npos)
        << poisson;
}

} // namespace
