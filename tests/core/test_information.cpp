#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/distillation.hpp"
#include "losslab/information.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;
using losslab::test::within_ulp;

namespace {
constexpr double kEps = std::numeric_limits<double>::epsilon();
const double kInf = std::numeric_limits<double>::infinity();
} // namespace

TEST(Information, KlDivAgreesWithPytorch) {
    const auto t = test::read_csv("pytorch_kl_div.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::string rs = t.str(i, "reduction");
        const KlReduction red = rs == "none"  ? KlReduction::None
                                : rs == "sum" ? KlReduction::Sum
                                : rs == "mean" ? KlReduction::Mean
                                               : KlReduction::BatchMean;
        const auto x = t.list(i, "input"), y = t.list(i, "target"), e = t.list(i, "result");
        const auto got = kl_div(x, y, red, std::size_t(t.num(i, "rows")), t.num(i, "log_target") != 0);
        ASSERT_EQ(got.values.size(), e.size());
        // PyTorch forms xlogy(t, t) - t x; we form t (log t - x), which cancels less.
        for (size_t j = 0; j < e.size(); ++j)
            EXPECT_TRUE(within_rel(got.values[j], e[j], 1e-12, 1e-15)) << "row " << i;
    }
}

TEST(Information, CrossEntropyIsEntropyPlusKl) {
    const std::vector<std::vector<double>> ps{{0.5, 0.5}, {0.1, 0.2, 0.7}, {1.0, 0.0, 0.0},
                                              {1e-300, 1.0 - 1e-16, 1e-16}};
    const std::vector<std::vector<double>> qs{{0.4, 0.6}, {0.3, 0.3, 0.4}, {0.2, 0.3, 0.5},
                                              {1e-200, 1.0 - 2e-16, 2e-16}};
    for (size_t i = 0; i < ps.size(); ++i) {
        const double h = entropy(ps[i]), d = kl_divergence(ps[i], qs[i]);
        EXPECT_GE(d, 0.0);
        EXPECT_TRUE(within_rel(cross_entropy(ps[i], qs[i]), h + d, 8 * kEps)) << i;
    }
}

TEST(Information, KlIsInfiniteWhereQVanishesAndZeroAtEquality) {
    const std::vector<double> p{0.5, 0.5}, q{1.0, 0.0}, same{0.5, 0.5};
    EXPECT_EQ(kl_divergence(p, q), kInf);
    EXPECT_EQ(kl_divergence(q, p), std::log(2.0));
    EXPECT_EQ(kl_divergence(p, same), 0.0);
    EXPECT_EQ(cross_entropy(p, q), kInf);
}

TEST(Information, KlOfNearlyEqualDistributionsKeepsItsDigits) {
    // KL(p || p + d) ~ d^2 / (2 p (1-p)): a subtraction H(p,q) - H(p) would give noise here.
    const double p = 0.3, q = 0.3 + 1e-9;
    const double expected = 1e-18 / (2 * 0.3 * 0.7);
    EXPECT_TRUE(within_rel(binary_kl(p, q), expected, 1e-7));
}

TEST(Information, BinaryFunctionsSatisfyTheIdentityAcrossQ) {
    for (double p : {0.0, 1e-10, 0.2, 0.5, 0.9, 1.0})
        for (double q : {1e-300, 1e-8, 0.1, 0.5, 0.77, 1.0 - 1e-12}) {
            const double h = binary_cross_entropy(p, q);
            EXPECT_TRUE(within_rel(h, binary_entropy(p) + binary_kl(p, q), 8 * kEps, 1e-300))
                << p << " " << q;
            EXPECT_TRUE(within_rel(h, bce_prob_exact(q, p), 4 * kEps, 1e-300));
        }
    EXPECT_EQ(binary_entropy(0.0), 0.0);
    EXPECT_EQ(binary_entropy(1.0), 0.0);
    EXPECT_TRUE(within_ulp(binary_entropy(0.5), std::log(2.0), 1));
    EXPECT_EQ(binary_kl(0.5, 1.0), kInf);
    EXPECT_TRUE(std::isnan(binary_kl(std::nan(""), 0.5)));
}

TEST(Distillation, KlAndCeDifferByTeacherEntropyTimesTSquared) {
    const std::vector<double> s{1.0, 2.0, 0.5, -1.0, 0.0, 3.0}, t{2.0, 1.0, 0.0, 0.5, 0.5, 2.0};
    for (double temp : {1.0, 2.0, 5.0}) {
        const double kl = distillation_kl(s, t, 3, temp).value();
        const double ce = distillation_ce(s, t, 3, temp).value();
        const auto p = soft_targets(t, 3, temp).value();
        const double h = (entropy(std::span(p).first(3)) + entropy(std::span(p).subspan(3))) / 2;
        EXPECT_TRUE(within_rel(ce, kl + temp * temp * h, 1e-14)) << temp;
        EXPECT_GE(kl, 0.0);
    }
    EXPECT_EQ(distillation_kl(t, t, 3, 4.0).value(), 0.0);
    EXPECT_FALSE(distillation_kl(s, t, 3, 0.0).ok());
    EXPECT_EQ(distillation_kl(s, t, 3, -1.0).error().message,
              "`temperature` requires a finite T > 0, got -1");
}

TEST(Distillation, SoftTargetsAreTemperedSoftmax) {
    const std::vector<double> t{2.0, 1.0, 0.0};
    const auto p = soft_targets(t, 3, 2.0).value();
    const auto q = softmax(t, 2.0);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(p[i], q[i]);
}
