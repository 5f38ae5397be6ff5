// The information lab's figures against closed forms: the bars of p and q and their labels,
// H(p) + KL(p‖q) = H(p, q) stacked in both directions, rescaling after an edit, the binary
// curves' minimum, and the Gaussian NLL equal to 0.5·r²/σ² + const.
#include "model/labs/lab_information.hpp"
#include "model/params/param_registry.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include <fmt/format.h>

using namespace losslab::model;
using namespace losslab::plot;
using losslab::test::within_rel;

namespace {
double xlogy(double x, double y) { return x > 0 ? x * std::log(y) : 0.0; }
} // namespace

TEST(InformationLab, BarsAreTheNormalisedDistributionsWithTheirValuesAsLabels) {
    InformationLabState s;
    s.num_classes = 3;
    s.p = {2.0, 1.0, 1.0};
    s.q = {0.2, 0.3, 0.5};
    const Figure fig = information_distributions_figure(s);
    ASSERT_EQ(fig.series.size(), 2u);
    const double p[3] = {0.5, 0.25, 0.25};
    for (int i = 0; i < 3; ++i) {
        EXPECT_DOUBLE_EQ(fig.series[0].y[i], p[i]);
        EXPECT_DOUBLE_EQ(fig.series[1].y[i], s.q[i]);
        EXPECT_EQ(fig.series[0].point_labels[i], fmt::format("{:.3f}", p[i]));
        EXPECT_EQ(fig.series[1].point_labels[i], fmt::format("{:.3f}", s.q[i]));
        EXPECT_LT(fig.series[0].x[i], i) << "p is the left bar of each outcome";
        EXPECT_GT(fig.series[1].x[i], i);
    }
}

TEST(InformationLab, QuantitiesEqualTheirDefinitionsAndTheStacksAddUp) {
    InformationLabState s; // p = (.5 .25 .15 .1), q = (.15 .35 .3 .2)
    double hp = 0, hq = 0, cpq = 0, cqp = 0;
    for (int i = 0; i < 4; ++i) {
        hp -= xlogy(s.p[i], s.p[i]);
        hq -= xlogy(s.q[i], s.q[i]);
        cpq -= xlogy(s.p[i], s.q[i]);
        cqp -= xlogy(s.q[i], s.p[i]);
    }
    const auto sum = information_summary(s);
    EXPECT_TRUE(within_rel(sum.entropy_p, hp, 1e-13));
    EXPECT_TRUE(within_rel(sum.entropy_q, hq, 1e-13));
    EXPECT_TRUE(within_rel(sum.cross_pq, cpq, 1e-13));
    EXPECT_TRUE(within_rel(sum.cross_qp, cqp, 1e-13));
    EXPECT_TRUE(within_rel(sum.kl_pq, cpq - hp, 1e-12));
    EXPECT_TRUE(within_rel(sum.kl_qp, cqp - hq, 1e-12));
    EXPECT_NE(sum.kl_pq, sum.kl_qp) << "KL is not symmetric";

    const Figure fig = information_quantities_figure(s);
    ASSERT_EQ(fig.series.size(), 6u);
    // Series: KL(p‖q) stack, KL(q‖p) stack, H(p), H(q), H(p,q), H(q,p).
    EXPECT_DOUBLE_EQ(fig.series[0].y_base[0], fig.series[2].y[0]);
    EXPECT_TRUE(within_rel(fig.series[0].y[0], fig.series[4].y[0], 1e-13));
    EXPECT_TRUE(within_rel(fig.series[1].y[0], fig.series[5].y[0], 1e-13));
    EXPECT_EQ(fig.series[4].point_labels[0], fmt::format("H(p,q) {:.3f}", cpq));
    EXPECT_EQ(fig.series[0].point_labels[0], fmt::format("KL {:.3f}", cpq - hp));
}

TEST(InformationLab, AZeroInQWherePHasMassGivesAnInfiniteCrossEntropyShownAsInfinity) {
    InformationLabState s;
    s.q = {0.0, 0.5, 0.3, 0.2};
    const auto sum = information_summary(s);
    EXPECT_TRUE(std::isinf(sum.cross_pq));
    EXPECT_TRUE(std::isinf(sum.kl_pq));
    EXPECT_TRUE(std::isfinite(sum.cross_qp));
    const Figure fig = information_quantities_figure(s);
    EXPECT_EQ(fig.series[4].point_labels[0], "H(p,q) ∞");
    EXPECT_TRUE(std::isfinite(fig.series[4].y[0])) << "drawn to the top, labelled ∞";
}

TEST(InformationLab, EditingOneOutcomeRescalesTheOthersInProportion) {
    ClassValues v = {0.5, 0.25, 0.15, 0.1};
    v[0] = 0.8;
    rebalance_distribution(v, 4, 0);
    EXPECT_DOUBLE_EQ(v[0], 0.8);
    EXPECT_NEAR(v[1], 0.1, 1e-15);
    EXPECT_NEAR(v[2], 0.06, 1e-15);
    EXPECT_NEAR(v[3], 0.04, 1e-15);
    v[0] = 1.0;
    rebalance_distribution(v, 4, 0);
    EXPECT_EQ(v[1] + v[2] + v[3], 0.0);
    v[0] = 0.4; // the others were all 0: they share the rest evenly
    rebalance_distribution(v, 4, 0);
    EXPECT_NEAR(v[1], 0.2, 1e-15);
    EXPECT_NEAR(v[3], 0.2, 1e-15);
    ClassValues w = {1.0, 1.0, 2.0};
    EXPECT_TRUE(normalize_distribution(w, 3));
    EXPECT_DOUBLE_EQ(w[2], 0.5);
    EXPECT_FALSE(normalize_distribution(w, 3));
}

TEST(InformationLab, BinaryCrossEntropyIsSmallestAtQEqualsPWhereItIsTheEntropy) {
    InformationLabState s;
    s.binary_p = 0.3;
    const Figure fig = information_binary_figure(s);
    const Series& ce = fig.series[0];
    const double h = -(0.3 * std::log(0.3) + 0.7 * std::log(0.7));
    EXPECT_TRUE(within_rel(ce.exact(0.3), h, 1e-14));
    EXPECT_TRUE(within_rel(ce.exact(0.6), -(0.3 * std::log(0.6) + 0.7 * std::log(0.4)), 1e-14));
    for (double q : {0.1, 0.25, 0.35, 0.9}) EXPECT_GT(ce.exact(q), h);
    EXPECT_TRUE(within_rel(fig.series[1].exact(0.6), ce.exact(0.6) - h, 1e-12)) << "KL = CE − H";
    const Series& minimum = fig.series.back();
    EXPECT_EQ(minimum.x[0], 0.3);
    EXPECT_TRUE(within_rel(minimum.y[0], h, 1e-14));
}

TEST(InformationLab, GaussianNllIsHalfTheSquaredResidualOverSigmaSquaredPlusAConstant) {
    for (double sigma : {0.2, 1.0, 3.0}) {
        InformationLabState s;
        s.sigma = sigma;
        const Figure fig = information_gaussian_figure(s);
        const Series& nll = fig.series[0];
        const Series& mse = fig.series[1];
        const double c = std::log(sigma) + 0.5 * std::log(2 * std::numbers::pi);
        for (double r : {-3.0, -0.5, 0.0, 1.7}) {
            const double want = 0.5 * r * r / (sigma * sigma) + c;
            EXPECT_TRUE(within_rel(nll.exact(r), want, 1e-13, 1e-15)) << sigma << " " << r;
            EXPECT_TRUE(within_rel(mse.exact(r), want, 1e-13, 1e-15)) << sigma << " " << r;
        }
        EXPECT_NE(mse.name.find(fmt::format("{:.3f}", c)), std::string::npos) << mse.name;
    }
}

TEST(InformationLab, ParametersAreRegisteredWithP0AsTheFirstRealParameter) {
    const ParamBinding* first_real = nullptr;
    for (const auto* p : lab_params(LabId::Information))
        if (p->spec->kind == ParamKind::Real) {
            first_real = p;
            break;
        }
    ASSERT_NE(first_real, nullptr);
    EXPECT_EQ(first_real->key(), "information.p_0");
    AppState state = default_app_state();
    EXPECT_EQ(state.information, InformationLabState{});
    ASSERT_TRUE(apply_assignment(state, "information.q_19=0.5").ok());
    EXPECT_EQ(state.information.q[19], 0.5);
    const auto bad = apply_assignment(state, "information.p_2=1.5");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("information.p_2 requires 0 <= value <= 1, got 1.5"),
              std::string::npos)
        << bad.error().message;
}
