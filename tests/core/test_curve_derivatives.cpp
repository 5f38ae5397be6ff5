// The closed-form curve derivatives (curve_derivatives.hpp) against a Richardson-extrapolated
// central difference of the core's own loss, against independent identities (the chain rule
// through the logit form, mirror symmetry), and at the ends of [0, 1].

#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/curve_derivatives.hpp"
#include "losslab/focal_loss.hpp"
#include "losslab/information.hpp"
#include "losslab/label_smoothing.hpp"
#include "test_support.hpp"

#include <cmath>
#include <functional>
#include <limits>

namespace {

using losslab::test::within_rel;
using losslab::test::within_ulp;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Fourth-order central difference with a step that keeps x +- 2h inside (0, 1); its error,
// about 1e-16 |f| / h + h^4 |f^(5)|, is far below the 1e-7 the tests allow.
double central_difference(const std::function<double(double)>& f, double x) {
    const double h = 1e-4 * std::min(x, 1.0 - x);
    return (8.0 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12.0 * h);
}

const double kProbabilities[] = {1e-3, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.99, 0.999};

TEST(CurveDerivatives, CrossEntropyGradIsMinusReciprocal) {
    EXPECT_EQ(losslab::cross_entropy_pt_grad(0.25), -4.0);
    EXPECT_EQ(losslab::cross_entropy_pt_grad(1.0), -1.0);
    EXPECT_EQ(losslab::cross_entropy_pt_grad(0.0), -kInf);
    for (double p : kProbabilities)
        EXPECT_TRUE(within_rel(losslab::cross_entropy_pt_grad(p),
                               central_difference(losslab::cross_entropy_pt, p), 1e-7));
}

TEST(CurveDerivatives, FocalProbGradMatchesFiniteDifference) {
    for (double y : {0.0, 0.3, 0.5, 0.8, 1.0})
        for (double gamma : {0.0, 0.5, 1.0, 2.0, 5.0})
            for (double alpha : {-1.0, 0.25})
                for (double p : kProbabilities) {
                    const losslab::FocalParams fp{.alpha = alpha, .gamma = gamma};
                    auto f = [&](double q) { return losslab::focal_loss_prob(q, y, fp); };
                    EXPECT_TRUE(within_rel(losslab::focal_loss_prob_grad(p, y, fp),
                                           central_difference(f, p), 1e-7, 1e-12))
                        << "y " << y << " gamma " << gamma << " alpha " << alpha << " p " << p;
                }
}

// d/dz focal(sigmoid(z)) = focal_prob'(sigmoid(z)) sigmoid(z) sigmoid(-z): an independent
// closed form (the logit gradient) checks the probability gradient, soft targets included.
TEST(CurveDerivatives, FocalProbGradAgreesWithLogitGradByChainRule) {
    for (double y : {0.0, 0.2, 0.5, 1.0})
        for (double gamma : {0.0, 1.5, 2.0})
            for (double z : {-6.0, -1.0, -0.25, 0.5, 2.0, 6.0}) {
                const losslab::FocalParams fp{.alpha = 0.25, .gamma = gamma};
                const double s = losslab::sigmoid(z), sc = losslab::sigmoid(-z);
                EXPECT_TRUE(within_rel(losslab::focal_loss_prob_grad(s, y, fp) * s * sc,
                                       losslab::focal_loss_logit_grad(z, y, fp), 1e-12, 1e-300))
                    << "y " << y << " gamma " << gamma << " z " << z;
            }
}

TEST(CurveDerivatives, FocalProbGradNegativeTargetMirrorsPositive) {
    // With p = 0.25 both p and 1 - p are exact, so the mirrored p_t form is the same number.
    const losslab::FocalParams fp{.alpha = 0.25, .gamma = 2.0};
    EXPECT_TRUE(within_ulp(losslab::focal_loss_prob_grad(0.25, 0.0, fp),
                           -losslab::focal_loss_pt_grad(0.75, 2.0, 0.75), 4));
}

TEST(CurveDerivatives, FocalProbGradAtTheEnds) {
    const losslab::FocalParams g2{.alpha = 0.25, .gamma = 2.0};
    const losslab::FocalParams g1{.alpha = 0.25, .gamma = 1.0};
    EXPECT_EQ(losslab::focal_loss_prob_grad(0.0, 1.0, g2), -kInf);
    EXPECT_EQ(losslab::focal_loss_prob_grad(1.0, 1.0, g2), 0.0);
    EXPECT_EQ(losslab::focal_loss_prob_grad(0.0, 0.0, g2), 0.0);
    // d/dp [p (-log1p(-p))] = -log1p(-p) + p/(1-p) -> 0 at p = 0 (the limit, not 1 - alpha).
    EXPECT_EQ(losslab::focal_loss_prob_grad(0.0, 0.0, g1), 0.0);
    EXPECT_EQ(losslab::focal_loss_prob_grad(1.0, 0.0, g2), kInf);
    EXPECT_EQ(losslab::focal_loss_prob_grad(0.0, 0.4, g2), -kInf);
    EXPECT_EQ(losslab::focal_loss_prob_grad(1.0, 0.4, g2), kInf);
}

TEST(CurveDerivatives, BalancedGradIsAlphaTimesBceGrad) {
    for (double p : kProbabilities) {
        EXPECT_EQ(losslab::balanced_bce_prob_grad(p, 1.0, 0.25),
                  0.25 * losslab::bce_prob_grad_exact(p, 1.0));
        auto f = [](double q) { return losslab::balanced_bce_prob(q, 0.3, 0.25); };
        EXPECT_TRUE(within_rel(losslab::balanced_bce_prob_grad(p, 0.3, 0.25),
                               central_difference(f, p), 1e-7, 1e-12));
    }
}

TEST(CurveDerivatives, SmoothedGradMatchesFiniteDifferenceAndVanishesAtTheMinimum) {
    using C = losslab::SmoothingConvention;
    for (C conv : {C::Uniform, C::Others, C::KlPad})
        for (double eps : {0.0, 0.1, 0.5}) {
            const losslab::SmoothingSpec spec{.num_classes = 10, .eps = eps, .convention = conv};
            auto ce = [&](double p) { return losslab::smoothed_ce_vs_pt(spec, p).value(); };
            auto kl = [&](double p) { return losslab::smoothed_kl_vs_pt(spec, p).value(); };
            for (double p : kProbabilities) {
                const double g = losslab::smoothed_loss_vs_pt_grad(spec, p).value();
                EXPECT_TRUE(within_rel(g, central_difference(ce, p), 1e-7, 1e-9)) << p;
                EXPECT_TRUE(within_rel(g, central_difference(kl, p), 1e-7, 1e-9)) << p;
            }
            const double t = losslab::smoothing_minimum(spec).value().p_t;
            if (t < 1.0) {
                EXPECT_NEAR(losslab::smoothed_loss_vs_pt_grad(spec, t).value(), 0.0, 1e-12);
            }
        }
    const losslab::SmoothingSpec spec{};
    EXPECT_EQ(losslab::smoothed_loss_vs_pt_grad(spec, 0.0).value(), -kInf);
    EXPECT_EQ(losslab::smoothed_loss_vs_pt_grad(spec, 1.0).value(), kInf);
    EXPECT_FALSE(losslab::smoothed_loss_vs_pt_grad(spec, 1.5).ok());
}

TEST(CurveDerivatives, BinaryKlGradMatchesFiniteDifferenceAndVanishesAtP) {
    for (double p : {0.0, 0.3, 0.9, 1.0}) {
        auto f = [&](double q) { return losslab::binary_kl(p, q); };
        for (double q : kProbabilities)
            EXPECT_TRUE(
                within_rel(losslab::binary_kl_grad(p, q), central_difference(f, q), 1e-7, 1e-9))
                << p << " " << q;
    }
    EXPECT_EQ(losslab::binary_kl_grad(0.3, 0.3), 0.0);
    EXPECT_EQ(losslab::binary_kl_grad(0.0, 0.0), 1.0);
    EXPECT_EQ(losslab::binary_kl_grad(0.3, 0.0), -kInf);
    EXPECT_EQ(losslab::binary_kl_grad(0.3, 1.0), kInf);
}

} // namespace
