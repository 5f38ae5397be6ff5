#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;
using losslab::test::within_ulp;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();

Reduction parse_reduction(const std::string& s) {
    return s == "none" ? Reduction::None : s == "sum" ? Reduction::Sum : Reduction::Mean;
}
} // namespace

TEST(BinaryLosses, BceProbAgreesWithPytorch) {
    const auto t = test::read_csv("pytorch_bce.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const double p = t.num(i, "p"), y = t.num(i, "y"), w = t.num(i, "weight");
        // PyTorch forms log(1 - p) after rounding 1 - p; we use log1p(-p). They differ by at
        // most w * 1.2e-16 absolute (p < 1e-16), hence the absolute floor.
        EXPECT_TRUE(within_rel(bce_prob(p, y, w), t.num(i, "loss"), 1e-12, 4 * kEps))
            << "p=" << p << " y=" << y;
        EXPECT_TRUE(within_rel(bce_prob_grad(p, y, w), t.num(i, "grad"), 1e-12))
            << "p=" << p << " y=" << y;
    }
}

TEST(BinaryLosses, BceWithLogitsAgreesWithPytorch) {
    const auto t = test::read_csv("pytorch_bce_with_logits.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const double z = t.num(i, "z"), y = t.num(i, "y");
        const BceParams prm{t.num(i, "weight"), t.num(i, "pos_weight")};
        // PyTorch's (1-y) z + ... cancels for large |z|; its absolute error is a few ulp of |z|.
        const double floor = 8 * kEps * (std::fabs(z) + 1) * prm.weight * (1 + prm.pos_weight);
        EXPECT_TRUE(within_rel(bce_with_logits(z, y, prm), t.num(i, "loss"), 1e-12, floor))
            << "z=" << z << " y=" << y;
        // PyTorch's gradient is (1 + (pw-1) y) s(z) - pw y: it cancels where s(z) ~ y.
        EXPECT_TRUE(within_rel(bce_with_logits_grad(z, y, prm), t.num(i, "grad"), 1e-12,
                               4 * kEps * prm.weight * (1 + prm.pos_weight)))
            << "z=" << z << " y=" << y;
    }
}

TEST(BinaryLosses, BatchedReductionsAgreeWithPytorch) {
    const auto t = test::read_csv("pytorch_binary_batched.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::string f = t.str(i, "func");
        const Reduction red = parse_reduction(t.str(i, "reduction"));
        const auto x = t.list(i, "x"), y = t.list(i, "y"), w = t.list(i, "weight"),
                   pw = t.list(i, "pos_weight"), expected = t.list(i, "result");
        if (f != "bce" && f != "bce_with_logits") continue;
        const ReducedLoss got = f == "bce" ? bce_prob(x, y, red, w)
                                           : bce_with_logits(x, y, red, BceBatchWeights{w, pw});
        ASSERT_EQ(got.values.size(), expected.size()) << "row " << i;
        // PyTorch's logit formula cancels for soft targets: allow its absolute error.
        double zmax = 0.0, wmax = 1.0, pwmax = 1.0;
        for (double v : x) zmax = std::max(zmax, std::fabs(v));
        for (double v : w) wmax = std::max(wmax, v);
        for (double v : pw) pwmax = std::max(pwmax, v);
        double floor = f == "bce" ? 0.0 : 16 * kEps * (zmax + 1) * wmax * (1 + pwmax);
        if (red == Reduction::Sum) floor *= double(x.size());
        for (size_t j = 0; j < expected.size(); ++j)
            EXPECT_TRUE(within_rel(got.values[j], expected[j], 1e-12, floor)) << f << " row " << i;
    }
}

TEST(BinaryLosses, BatchedEqualsScalarPerElement) {
    const std::vector<double> z{-700.0, -3.0, 0.0, 2.5, 40.0}, y{0.0, 1.0, 0.3, 0.0, 1.0};
    const auto none = bce_with_logits(z, y, Reduction::None);
    double sum = 0.0;
    for (size_t i = 0; i < z.size(); ++i) {
        EXPECT_EQ(none.values[i], bce_with_logits(z[i], y[i]));
        sum += none.values[i];
    }
    EXPECT_EQ(bce_with_logits(z, y, Reduction::Sum).scalar(), sum);
    EXPECT_EQ(bce_with_logits(z, y, Reduction::Mean).scalar(), sum / 5.0);
    std::vector<double> g(z.size());
    bce_with_logits_grad(z, y, g, Reduction::Sum);
    // The scalar gradient is rounded once from long double; the SIMD kernel rounds a few
    // times in double (within 2 ulp of the truth, test_curve_ulp), so they may differ by 2.
    for (size_t i = 0; i < z.size(); ++i)
        EXPECT_TRUE(within_ulp(g[i], bce_with_logits_grad(z[i], y[i]), 2));
}

TEST(BinaryLosses, BatchOfOneAndEmptyBatch) {
    const std::vector<double> z{1.5}, y{1.0};
    EXPECT_EQ(bce_with_logits(z, y).scalar(), bce_with_logits(1.5, 1.0));
    const std::vector<double> none;
    EXPECT_TRUE(std::isnan(bce_with_logits(none, none, Reduction::Mean).scalar()));
    EXPECT_EQ(bce_with_logits(none, none, Reduction::Sum).scalar(), 0.0);
}

TEST(BinaryLosses, BceWithLogitsKeepsDigitsWherePytorchCancels) {
    // Reference: mpmath, log1p(e^-700) = e^-700 to 50 digits.
    EXPECT_TRUE(within_ulp(bce_with_logits(-700.0, 0.0), 9.85967654375977e-305, 2));
    EXPECT_TRUE(within_ulp(bce_with_logits(40.0, 1.0), 4.2483542552915889e-18, 2));
    EXPECT_EQ(bce_with_logits(1e3, 0.0), 1e3);
    EXPECT_EQ(bce_with_logits(-1e3, 1.0), 1e3);
    EXPECT_EQ(bce_with_logits(kInf, 1.0), 0.0);
    EXPECT_EQ(bce_with_logits(-kInf, 1.0), kInf);
}

TEST(BinaryLosses, GradientIsSigmoidMinusTarget) {
    for (double z : {-20.0, -1.0, 0.0, 0.7, 9.0})
        for (double y : {0.0, 0.4, 1.0})
            EXPECT_TRUE(within_rel(bce_with_logits_grad(z, y), sigmoid(z) - y, 1e-14, 1e-16));
    // pos_weight scales the positive part: (1-y) s(z) - pw y s(-z)
    EXPECT_TRUE(within_rel(bce_with_logits_grad(0.0, 1.0, {1.0, 3.0}), -1.5, 1e-15));
}

TEST(BinaryLosses, NaiveFloat32AgreesWithPytorchAndSaturatesAt100) {
    const auto t = test::read_csv("pytorch_bce_float32.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const float z = float(t.num(i, "z")), y = float(t.num(i, "y"));
        const double ref = t.num(i, "loss_float32");
        EXPECT_TRUE(within_rel(bce_naive_float32(z, y), ref, 1e-5, 1e-6)) << "z=" << z;
    }
    EXPECT_EQ(bce_naive_float32(20.0f, 0.0f), 100.0f); // sigmoid rounds to 1 in float
    EXPECT_TRUE(within_rel(bce_with_logits(20.0, 0.0), 20.000000002061153, 1e-15));
}

TEST(BinaryLosses, BceProbClampAndExactForm) {
    EXPECT_EQ(bce_prob(0.0, 1.0), 100.0);
    EXPECT_EQ(bce_prob(1.0, 0.0), 100.0);
    EXPECT_EQ(bce_prob(0.0, 0.0), 0.0);
    EXPECT_EQ(bce_prob(1.0, 1.0), 0.0);
    EXPECT_EQ(bce_prob_exact(0.0, 1.0), kInf);
    EXPECT_EQ(bce_prob_exact(1.0, 0.0), kInf);
    EXPECT_EQ(bce_prob_exact(0.0, 0.0), 0.0);
    EXPECT_TRUE(within_ulp(bce_prob_exact(1e-300, 1.0), 690.77552789821370518, 2));
    EXPECT_TRUE(within_ulp(bce_prob_exact(1e-20, 0.0), 1e-20, 1));
    EXPECT_EQ(bce_prob_grad_exact(0.0, 0.0), 1.0);
    EXPECT_EQ(bce_prob_grad_exact(0.0, 1.0), -kInf);
    EXPECT_TRUE(std::isnan(bce_prob(kNaN, 1.0)));
    EXPECT_TRUE(std::isnan(bce_with_logits(kNaN, 1.0)));
}

TEST(BinaryLosses, LogitAndProbabilityFormsAgree) {
    for (double z : {-30.0, -2.0, 0.0, 0.5, 3.0}) // sigmoid(z) rounds near 1 beyond
        for (double y : {0.0, 0.25, 1.0})
            EXPECT_TRUE(within_rel(bce_prob_exact(sigmoid(z), y), bce_with_logits(z, y), 1e-13,
                                   1e-15));
}

TEST(BinaryLosses, BalancedCrossEntropyAndBrier) {
    EXPECT_TRUE(within_rel(balanced_bce_with_logits(0.3, 1.0, 0.25),
                           0.25 * bce_with_logits(0.3, 1.0), 1e-15));
    EXPECT_TRUE(within_rel(balanced_bce_prob(0.2, 0.0, 0.25), 0.75 * -std::log1p(-0.2), 1e-15));
    EXPECT_EQ(brier(0.25, 1.0), 0.5625);
    EXPECT_EQ(brier_grad(0.25, 1.0), -1.5);
    EXPECT_TRUE(within_rel(brier_logit(40.0, 1.0), std::pow(4.2483542552915889e-18, 2), 1e-14));
}
