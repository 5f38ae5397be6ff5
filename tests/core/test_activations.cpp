#include "losslab/activations.hpp"
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
} // namespace

TEST(Activations, AgreeWithPytorchFixture) {
    const auto t = test::read_csv("pytorch_activations.csv");
    for (size_t i = 0; i < t.rows.size(); ++i) {
        const std::string f = t.str(i, "func");
        const auto x = t.list(i, "x");
        const double temp = t.num(i, "temperature");
        const auto expected = t.list(i, "result");
        std::vector<double> got;
        if (f == "sigmoid") got = {sigmoid(x[0])};
        else if (f == "log_sigmoid") got = {log_sigmoid(x[0])};
        else if (f == "logit") got = {logit(x[0])};
        else if (f == "logsumexp") {
            std::vector<double> scaled;
            for (double v : x) scaled.push_back(v / temp);
            got = {logsumexp(scaled)};
        }
        else if (f == "softmax") got = softmax(x, temp);
        else if (f == "log_softmax") got = log_softmax(x, temp);
        ASSERT_EQ(got.size(), expected.size()) << f;
        // PyTorch forms x - max - log(sum) and so carries an absolute error of a few ulp of the
        // largest |x/T|; where that is the whole value (log_softmax of the top entry ~ -1e-9)
        // we are the more accurate one (see test_accuracy_ulp).
        double big = 1.0;
        for (double v : x) big = std::max(big, std::fabs(v / temp));
        const double floor = 8 * std::numeric_limits<double>::epsilon() * big;
        for (size_t j = 0; j < got.size(); ++j)
            EXPECT_TRUE(within_rel(got[j], expected[j], 1e-12, floor))
                << f << " row " << i << " entry " << j;
    }
}

TEST(Activations, SigmoidTailsUseTheSmallExponential) {
    EXPECT_TRUE(within_ulp(sigmoid(-700.0), 9.85967654375977e-305, 2));
    EXPECT_EQ(sigmoid(800.0), 1.0);
    EXPECT_EQ(sigmoid(-800.0), 0.0); // e^-800 underflows: the value itself is below DBL_TRUE_MIN
    EXPECT_EQ(sigmoid(0.0), 0.5);
    EXPECT_TRUE(within_ulp(sigmoid_complement(40.0), 4.2483542552915889e-18, 2));
}

TEST(Activations, LogSigmoidIsLinearInTheFarTail) {
    EXPECT_EQ(log_sigmoid(-800.0), -800.0);
    EXPECT_EQ(log_sigmoid(-1e3), -1e3);
    EXPECT_TRUE(within_ulp(log_sigmoid(40.0), -4.2483542552915889e-18, 2));
    EXPECT_TRUE(within_ulp(log_sigmoid(0.0), -0.69314718055994530942, 1));
}

TEST(Activations, SoftplusHasNoThreshold) {
    // PyTorch's F.softplus returns 21 here; the exact value is 21 + 7.58e-10.
    EXPECT_TRUE(within_ulp(softplus(21.0), 21.000000000758256125, 1));
    EXPECT_EQ(softplus(1e3), 1e3);
    EXPECT_TRUE(within_ulp(softplus(-700.0), 9.85967654375977e-305, 2));
}

TEST(Activations, NanPropagates) {
    EXPECT_TRUE(std::isnan(sigmoid(kNaN)));
    EXPECT_TRUE(std::isnan(log_sigmoid(kNaN)));
    EXPECT_TRUE(std::isnan(softplus(kNaN)));
    EXPECT_TRUE(std::isnan(logit(kNaN)));
    const std::vector<double> v{1.0, kNaN, 2.0};
    EXPECT_TRUE(std::isnan(logsumexp(v)));
    for (double x : softmax(v)) EXPECT_TRUE(std::isnan(x));
    for (double x : log_softmax(v)) EXPECT_TRUE(std::isnan(x));
}

TEST(Activations, LogitInvertsSigmoid) {
    // sigmoid(z) near 1 keeps only ~e^-z relative digits of 1 - p, so the round trip is
    // checked where p holds them; the negative side is accurate everywhere.
    for (double z : {-30.0, -3.0, -0.1, 0.0, 1e-9, 0.4, 2.0})
        EXPECT_TRUE(within_rel(logit(sigmoid(z)), z, 1e-14, 4e-16)) << z; // p's own rounding
    EXPECT_EQ(logit(0.0), -kInf);
    EXPECT_EQ(logit(1.0), kInf);
    EXPECT_TRUE(std::isnan(logit(1.5)));
    EXPECT_EQ(odds(0.5), 1.0);
    EXPECT_EQ(log_odds(0.5), 0.0);
}

TEST(Activations, LogsumexpEdges) {
    EXPECT_EQ(logsumexp(std::vector<double>{}), -kInf);
    EXPECT_EQ(logsumexp(std::vector<double>{-kInf, -kInf}), -kInf);
    EXPECT_EQ(logsumexp(std::vector<double>{1.0, kInf}), kInf);
    EXPECT_EQ(logsumexp(std::vector<double>{1e3, -1e3}), 1e3);
    EXPECT_TRUE(within_ulp(logsumexp(std::vector<double>{-1e3, -1e3}),
                           -999.30685281944005469, 1));
}

TEST(Activations, SoftmaxOfExtremeLogitsIsOneHotAndSumsToOne) {
    const auto q = softmax(std::vector<double>{1e3, -1e3, 0.0});
    EXPECT_EQ(q[0], 1.0);
    EXPECT_EQ(q[1], 0.0);
    EXPECT_TRUE(within_ulp(q[2], std::exp(-1e3), 1));
    const auto lq = log_softmax(std::vector<double>{1e3, -1e3, 0.0});
    EXPECT_EQ(lq[1], -2e3);
    EXPECT_EQ(lq[2], -1e3);
    const auto one = softmax(std::vector<double>{5.0});
    EXPECT_EQ(one[0], 1.0);
}

TEST(Activations, TemperatureDividesTheLogits) {
    const std::vector<double> x{1.0, 2.0, 4.0};
    const std::vector<double> half{2.0, 4.0, 8.0};
    const auto a = softmax(x, 0.5), b = softmax(half);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(a[i], b[i]);
}
