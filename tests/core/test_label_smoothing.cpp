#include "losslab/label_smoothing.hpp"
#include "losslab/multiclass_losses.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <vector>

using namespace losslab;
using losslab::test::within_rel;

namespace {
constexpr double kEps = std::numeric_limits<double>::epsilon();
const double kInf = std::numeric_limits<double>::infinity();
} // namespace

TEST(LabelSmoothing, TargetsOfTheThreeConventions) {
    const auto u = smoothed_target({4, 0.2, SmoothingConvention::Uniform}, 1).value();
    auto near = [](const std::vector<double>& a, const std::vector<double>& b) {
        ASSERT_EQ(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(within_rel(a[i], b[i], 2 * kEps)) << i;
    };
    near(u, {0.05, 0.85, 0.05, 0.05});
    const auto o = smoothed_target({5, 0.2, SmoothingConvention::Others}, 2).value();
    near(o, {0.05, 0.05, 0.8, 0.05, 0.05});
    const auto k = smoothed_target({5, 0.3, SmoothingConvention::KlPad, 0}, 3).value();
    near(k, {0.0, 0.1, 0.1, 0.7, 0.1});
    for (const auto* v : {&u, &o, &k}) {
        double s = 0.0;
        for (double x : *v) s += x;
        EXPECT_TRUE(within_rel(s, 1.0, 4 * kEps));
    }
}

TEST(LabelSmoothing, ValidationMessagesSayWhatWasRequired) {
    EXPECT_EQ(smoothed_target({10, 1.5}, 0).error().message, "`eps` requires 0 <= eps <= 1, got 1.5");
    EXPECT_EQ(smoothing_levels({1, 0.1}).error().message, "`num_classes` requires at least 2, got 1");
    EXPECT_FALSE(smoothing_levels({2, 0.1, SmoothingConvention::KlPad}).ok());
    EXPECT_FALSE(smoothed_target({5, 0.1, SmoothingConvention::KlPad, 0}, 0).ok());
    EXPECT_FALSE(smoothed_target({5, 0.1}, 5).ok());
    EXPECT_FALSE(smoothed_ce_vs_pt({5, 0.1}, 1.2).ok());
    EXPECT_FALSE(smoothing_levels({5, std::nan("")}).ok());
}

TEST(LabelSmoothing, UniformCurveEqualsPytorchCrossEntropyOfTheSpreadDistribution) {
    const SmoothingSpec spec{4, 0.2, SmoothingConvention::Uniform};
    for (double p : {0.05, 0.25, 0.6, 0.95}) {
        // logits whose softmax is (p, r, r, r) with r = (1-p)/3, true class 0
        const double r = (1 - p) / 3;
        const std::vector<double> logits{std::log(p), std::log(r), std::log(r), std::log(r)};
        const std::vector<std::int64_t> y{0};
        CrossEntropyOptions o;
        o.label_smoothing = 0.2;
        EXPECT_TRUE(within_rel(smoothed_ce_vs_pt(spec, p).value(),
                               cross_entropy(logits, 4, y, o).value().scalar(), 1e-14));
    }
}

TEST(LabelSmoothing, EpsZeroIsPlainCrossEntropy) {
    for (auto c : {SmoothingConvention::Uniform, SmoothingConvention::Others,
                   SmoothingConvention::KlPad})
        for (double p : {1e-300, 0.3, 0.999})
            EXPECT_TRUE(within_rel(smoothed_ce_vs_pt({6, 0.0, c}, p).value(), -std::log(p), 4 * kEps));
    EXPECT_EQ(smoothing_logit_gap({6, 0.0}).value(), kInf);
}

TEST(LabelSmoothing, MinimumIsTheEntropyFloorAtTheTarget) {
    for (auto c : {SmoothingConvention::Uniform, SmoothingConvention::Others,
                   SmoothingConvention::KlPad}) {
        const SmoothingSpec spec{10, 0.1, c};
        const auto m = smoothing_minimum(spec).value();
        EXPECT_TRUE(within_rel(smoothed_ce_vs_pt(spec, m.p_t).value(), m.cross_entropy, 8 * kEps));
        // m.p_t is t rounded to a double, so the KL there is the tiny (p - t)^2 / (2 t (1-t)),
        // not 0: within 1e-30 and never negative.
        EXPECT_GE(smoothed_kl_vs_pt(spec, m.p_t).value(), 0.0);
        EXPECT_LT(smoothed_kl_vs_pt(spec, m.p_t).value(), 1e-30);
        for (double d : {-1e-3, 1e-3}) {
            EXPECT_GT(smoothed_ce_vs_pt(spec, m.p_t + d).value(), m.cross_entropy);
            EXPECT_TRUE(within_rel(smoothed_ce_vs_pt(spec, m.p_t + d).value(),
                                   m.cross_entropy + smoothed_kl_vs_pt(spec, m.p_t + d).value(),
                                   8 * kEps));
        }
        EXPECT_EQ(smoothed_ce_vs_pt(spec, 1.0).value(), kInf); // smoothing forbids certainty
    }
}

TEST(LabelSmoothing, LogitGapIsFiniteAndMatchesTheTarget) {
    EXPECT_TRUE(within_rel(smoothing_logit_gap({10, 0.1}).value(), std::log(0.91 / 0.01), 1e-14));
    EXPECT_TRUE(within_rel(smoothing_logit_gap({10, 0.1, SmoothingConvention::Others}).value(),
                           std::log(0.9 * 9 / 0.1), 1e-14));
    EXPECT_TRUE(within_rel(smoothing_logit_gap({10, 0.1, SmoothingConvention::KlPad}).value(),
                           std::log(0.9 * 8 / 0.1), 1e-14));
}
