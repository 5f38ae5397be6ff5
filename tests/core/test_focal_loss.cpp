#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;
using losslab::test::within_ulp;

namespace {
constexpr double kEps = std::numeric_limits<double>::epsilon();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace

TEST(FocalLoss, LogitFormAgreesWithTorchvision) {
    const auto t = test::read_csv("pytorch_focal.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const double z = t.num(i, "z"), y = t.num(i, "y");
        const FocalParams prm{t.num(i, "alpha"), t.num(i, "gamma")};
        // torchvision forms 1 - p_t by subtraction and ce by PyTorch's cancelling formula; its
        // absolute error is a few ulp of |z| times the modulating factor (<= 1).
        const double floor = 16 * kEps * (std::fabs(z) + 1);
        EXPECT_TRUE(within_rel(focal_loss_logit(z, y, prm), t.num(i, "loss"), 1e-12, floor))
            << "z=" << z << " y=" << y << " alpha=" << prm.alpha << " gamma=" << prm.gamma;
        const double g = t.num(i, "grad");
        // torchvision's autograd gives NaN when 1 - p_t rounds to 0 with gamma < 1
        // (0^(gamma-1) * 0); the true gradient is finite and tiny, which is what we return.
        if (std::isnan(g) && prm.gamma < 1.0) {
            EXPECT_TRUE(std::isfinite(focal_loss_logit_grad(z, y, prm)));
            continue;
        }
        EXPECT_TRUE(within_rel(focal_loss_logit_grad(z, y, prm), g, 1e-12, floor))
            << "grad z=" << z << " y=" << y << " alpha=" << prm.alpha << " gamma=" << prm.gamma;
    }
}

TEST(FocalLoss, BatchedAgreesWithTorchvisionReductions) {
    const auto t = test::read_csv("pytorch_binary_batched.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "func") != "focal") continue;
        const std::string rs = t.str(i, "reduction");
        const Reduction red =
            rs == "none" ? Reduction::None : rs == "sum" ? Reduction::Sum : Reduction::Mean;
        const auto z = t.list(i, "x"), y = t.list(i, "y"), expected = t.list(i, "result");
        const auto got = focal_loss_logit(z, y, {t.num(i, "alpha"), t.num(i, "gamma")}, red);
        ASSERT_EQ(got.values.size(), expected.size());
        const double floor = 32 * kEps * 11 * (red == Reduction::Sum ? double(z.size()) : 1.0);
        for (size_t j = 0; j < expected.size(); ++j)
            EXPECT_TRUE(within_rel(got.values[j], expected[j], 1e-12, floor)) << "row " << i;
    }
}

TEST(FocalLoss, GammaZeroEqualsBalancedCrossEntropy) {
    for (double z : {-700.0, -20.0, -1.0, 0.0, 0.3, 5.0, 40.0, 700.0})
        for (double y : {0.0, 0.35, 1.0}) {
            EXPECT_TRUE(within_rel(focal_loss_logit(z, y, {-1.0, 0.0}), bce_with_logits(z, y),
                                   4 * kEps))
                << z << " " << y;
            EXPECT_TRUE(within_rel(focal_loss_logit(z, y, {0.25, 0.0}),
                                   balanced_bce_with_logits(z, y, 0.25), 4 * kEps));
            EXPECT_TRUE(within_rel(focal_loss_logit_grad(z, y, {-1.0, 0.0}),
                                   bce_with_logits_grad(z, y), 4 * kEps, 1e-300));
        }
}

TEST(FocalLoss, TinyLossAtConfidentCorrectLogitIsNotZero) {
    // z = 40, y = 1: 1 - p_t = sigmoid(-40), ce = softplus(-40); torchvision returns 0.
    // Reference: mpmath at 50 digits.
    const double ref = 0.25 * std::pow(4.248354255291589e-18, 3);
    EXPECT_TRUE(within_rel(focal_loss_logit(40.0, 1.0), ref, 8 * kEps));
    // e^{-600 (0.2 + 1)} = e^-720 ~ 2e-313 is still representable (subnormal)
    EXPECT_GT(focal_loss_logit(600.0, 1.0, {0.25, 0.2}), 0.0);
    EXPECT_GT(focal_loss_logit(-600.0, 0.0, {0.25, 0.2}), 0.0);
    // and the huge losses of a confident wrong logit
    EXPECT_EQ(focal_loss_logit(-700.0, 1.0), 0.25 * 700.0);
    EXPECT_EQ(focal_loss_logit(700.0, 0.0), 0.75 * 700.0);
    EXPECT_EQ(focal_loss_logit(-1e3, 1.0, {-1.0, 2.0}), 1e3);
}

TEST(FocalLoss, GradientMatchesCentralDifference) {
    for (double z : {-6.0, -1.3, 0.0, 0.4, 2.2, 7.0})
        for (double y : {0.0, 0.3, 1.0})
            for (double gamma : {0.5, 2.0, 3.7}) {
                const FocalParams prm{0.25, gamma};
                const double h = 1e-5;
                const double num =
                    (focal_loss_logit(z + h, y, prm) - focal_loss_logit(z - h, y, prm)) / (2 * h);
                EXPECT_TRUE(within_rel(focal_loss_logit_grad(z, y, prm), num, 1e-7, 1e-11))
                    << z << " " << y << " " << gamma;
            }
}

TEST(FocalLoss, ProbabilityAndLogitFormsAgree) {
    for (double z : {-20.0, -2.0, 0.0, 1.0, 3.0})
        for (double y : {0.0, 0.6, 1.0})
            EXPECT_TRUE(within_rel(focal_loss_prob(sigmoid(z), y), focal_loss_logit(z, y), 1e-12,
                                   1e-18));
    EXPECT_EQ(focal_loss_prob(1.0, 1.0), 0.0);
    EXPECT_EQ(focal_loss_prob(0.0, 0.0), 0.0);
    EXPECT_TRUE(std::isinf(focal_loss_prob(0.0, 1.0)));
}

TEST(FocalLoss, PtFormMatchesProbabilityForm) {
    for (double p : {1e-300, 1e-5, 0.2, 0.5, 0.9, 1.0 - 1e-12})
        EXPECT_TRUE(within_rel(focal_loss_pt(p, 2.0, 0.25), focal_loss_prob(p, 1.0), 4 * kEps));
}

TEST(FocalLoss, PtGradientMatchesCentralDifference) {
    for (double p : {0.05, 0.3, 0.5, 0.8})
        for (double gamma : {0.0, 0.5, 1.0, 2.0}) {
            const double h = 1e-6;
            const double num =
                (focal_loss_pt(p + h, gamma, 0.25) - focal_loss_pt(p - h, gamma, 0.25)) / (2 * h);
            EXPECT_TRUE(within_rel(focal_loss_pt_grad(p, gamma, 0.25), num, 1e-6));
        }
    EXPECT_EQ(focal_loss_pt_grad(1.0, 2.0, 0.25), 0.0);
    EXPECT_EQ(focal_loss_pt_grad(1.0, 0.0, 0.25), -0.25);
}

TEST(FocalLoss, BatchEdgesAndNan) {
    const std::vector<double> z{0.7}, y{1.0};
    EXPECT_EQ(focal_loss_logit(z, y).scalar(), focal_loss_logit(0.7, 1.0));
    EXPECT_TRUE(std::isnan(focal_loss_logit(kNaN, 1.0)));
    EXPECT_TRUE(std::isnan(focal_loss_logit_grad(kNaN, 0.0)));
    const std::vector<double> zz{-3.0, 0.0, 40.0}, yy{0.0, 1.0, 1.0};
    std::vector<double> g(3);
    focal_loss_logit_grad(zz, yy, g, {}, Reduction::Mean);
    for (size_t i = 0; i < 3; ++i)
        EXPECT_TRUE(within_ulp(g[i], focal_loss_logit_grad(zz[i], yy[i]) / 3.0, 1));
}
