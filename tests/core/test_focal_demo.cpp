// The focal lab's explanatory quantities against closed forms: modulating factor and FL/CE
// ratio, loss shares of an imbalanced set, and the four pitfalls against the correct path.
#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_demo.hpp"
#include "losslab/focal_loss.hpp"
#include "test_support.hpp"

#include <cmath>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

TEST(FocalDemo, ModulatingFactorIsOneMinusPtToTheGamma) {
    EXPECT_TRUE(within_rel(focal_modulating_factor(0.9, 2.0), 0.01, 1e-14));
    EXPECT_EQ(focal_modulating_factor(1.0, 0.0), 1.0);
    EXPECT_EQ(focal_modulating_factor(1.0, 2.0), 0.0);
    EXPECT_EQ(focal_modulating_factor(0.3, 0.0), 1.0);
    // 1 - p_t is exact above 1/2, so a tiny factor keeps its digits.
    EXPECT_TRUE(within_rel(focal_modulating_factor(1.0 - 0x1p-40, 3.0), 0x1p-120, 1e-15));
}

TEST(FocalDemo, RatioIsFocalOverCrossEntropyWithAlpha) {
    for (double p : {0.01, 0.3, 0.5, 0.9, 0.999})
        for (double g : {0.0, 0.5, 2.0, 5.0})
            for (double a : {-1.0, 0.25, 0.75}) {
                const double ratio = focal_loss_pt(p, g, a) / cross_entropy_pt(p);
                EXPECT_TRUE(within_rel(focal_to_ce_ratio(p, g, a), ratio, 1e-13))
                    << "p=" << p << " gamma=" << g << " alpha=" << a;
            }
    // The readout example: at p_t = 0.9, gamma = 2 weighs an example 100x less than CE.
    EXPECT_TRUE(within_rel(1.0 / focal_to_ce_ratio(0.9, 2.0), 100.0, 1e-13));
    EXPECT_TRUE(within_rel(1.0 / focal_to_ce_ratio(0.9, 2.0, 0.25), 400.0, 1e-13));
    // Finite limit where both losses vanish.
    EXPECT_EQ(focal_to_ce_ratio(1.0, 0.0, 0.25), 0.25);
}

TEST(FocalDemo, SharesOfTheImbalancedSetMatchHandComputedTotals) {
    const std::vector<ExampleGroup> groups{{100000.0, 0.99, false}, {100.0, 0.1, true}};
    const auto ce = group_loss_shares(groups, 0.0, -1.0);
    const double easy = 100000.0 * -std::log(0.99), hard = 100.0 * -std::log(0.1);
    EXPECT_TRUE(within_rel(ce.totals[0], easy, 1e-13));
    EXPECT_TRUE(within_rel(ce.totals[1], hard, 1e-13));
    EXPECT_TRUE(within_rel(ce.shares[0], easy / (easy + hard), 1e-13));
    EXPECT_NEAR(ce.shares[0], 0.8136, 1e-4); // CE: the easy negatives dominate
    EXPECT_TRUE(within_rel(ce.shares[0] + ce.shares[1], 1.0, 1e-15));

    const auto fl = group_loss_shares(groups, 2.0, 0.25);
    const double easy_fl = 0.75 * 1e-4 * easy, hard_fl = 0.25 * 0.81 * hard;
    EXPECT_TRUE(within_rel(fl.totals[0], easy_fl, 1e-12));
    EXPECT_TRUE(within_rel(fl.totals[1], hard_fl, 1e-12));
    EXPECT_LT(fl.shares[0], 0.002); // focal loss: the hard positives carry it
    const auto balanced = group_loss_shares(groups, 0.0, 0.25);
    EXPECT_TRUE(within_rel(balanced.totals[0], 0.75 * easy, 1e-13));
    EXPECT_TRUE(within_rel(balanced.totals[1], 0.25 * hard, 1e-13));
}

TEST(FocalDemo, SharesAreUndefinedWhenThereIsNoLoss) {
    const std::vector<ExampleGroup> perfect{{10.0, 1.0, false}, {5.0, 1.0, true}};
    const auto s = group_loss_shares(perfect, 2.0, 0.25);
    EXPECT_EQ(s.totals[0], 0.0);
    EXPECT_TRUE(std::isnan(s.shares[0]) && std::isnan(s.shares[1]));
    const std::vector<ExampleGroup> none{{0.0, 0.0, true}, {3.0, 0.5, false}};
    const auto z = group_loss_shares(none, 0.0, -1.0);
    EXPECT_EQ(z.totals[0], 0.0) << "zero examples contribute nothing, not 0 * inf";
    EXPECT_EQ(z.shares[1], 1.0);
}

TEST(FocalDemo, ProbabilitiesFedAsLogitsAreStuckAndTheirGradientVanishes) {
    // Value: softplus(-sigmoid(z)) for y = 1, between softplus(-1) and log 2.
    for (double z : {-30.0, -5.0, 0.0, 5.0, 30.0}) {
        const auto r = bce_with_logits_of_probability(z, 1.0);
        EXPECT_TRUE(within_rel(r.value, std::log1p(std::exp(-sigmoid(z))), 1e-14)) << z;
        EXPECT_GT(r.value, 0.3132);
        EXPECT_LE(r.value, std::log(2.0) + 1e-15);
    }
    // Slope against a central difference.
    for (double z : {-3.0, -0.5, 0.7, 2.0}) {
        const double h = 1e-6;
        const double fd = (bce_with_logits_of_probability(z + h, 1.0).value -
                           bce_with_logits_of_probability(z - h, 1.0).value) /
                          (2 * h);
        EXPECT_TRUE(within_rel(bce_with_logits_of_probability(z, 1.0).slope, fd, 1e-7)) << z;
    }
    // Badly wrong (z = -10 for a positive): the correct slope is ~ -1, the mistaken one ~0.
    EXPECT_LT(bce_with_logits_grad(-10.0, 1.0), -0.9999);
    EXPECT_GT(bce_with_logits_of_probability(-10.0, 1.0).slope, -3e-5);
}

TEST(FocalDemo, SoftmaxTwiceHasALossFloor) {
    for (int k : {2, 10, 100}) {
        for (double m : {-2.0, 0.0, 3.0}) {
            EXPECT_TRUE(within_rel(cross_entropy_margin(m, k), std::log1p((k - 1) * std::exp(-m)),
                                   1e-14))
                << "K=" << k << " m=" << m;
        }
        const double floor = std::log(std::exp(1.0) + k - 1) - 1.0;
        EXPECT_TRUE(within_rel(cross_entropy_softmax_twice_margin(60.0, k), floor, 1e-12)) << k;
        EXPECT_LT(cross_entropy_margin(60.0, k), 1e-20);
    }
    EXPECT_NEAR(cross_entropy_softmax_twice_margin(1e3, 10), 1.4611, 1e-4);
    // Equal logits: softmax of a constant vector is uniform, once or twice.
    EXPECT_TRUE(within_rel(cross_entropy_softmax_twice_margin(0.0, 10), std::log(10.0), 1e-14));
}

TEST(FocalDemo, SoftmaxOnAMultiLabelTargetCapsEachLabelAtOneOverItsCount) {
    for (double m : {0.0, 1.0, 5.0, 40.0}) {
        const double p = multilabel_softmax_probability(m, 5, 2);
        const double expected = std::exp(m) / (2 * std::exp(m) + 3 * std::exp(-m));
        EXPECT_TRUE(within_rel(p, expected, 1e-13)) << m;
        EXPECT_LE(p, 0.5);
    }
    EXPECT_NEAR(multilabel_softmax_probability(40.0, 5, 2), 0.5, 1e-15);
    EXPECT_NEAR(multilabel_softmax_probability(40.0, 5, 1), 1.0, 1e-15);
}
