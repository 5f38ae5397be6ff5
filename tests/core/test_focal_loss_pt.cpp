#include "losslab/focal_loss.hpp"
#include "test_support.hpp"

#include <cmath>
#include <limits>

using losslab::cross_entropy_pt;
using losslab::focal_loss_pt;
using losslab::test::within_ulp;

TEST(CrossEntropyPt, KnownValues) {
    // References: mpmath at 50 digits, evaluated at the double nearest each decimal input.
    EXPECT_TRUE(within_ulp(cross_entropy_pt(0.9), 0.10536051565782627656, 1));
    EXPECT_TRUE(within_ulp(cross_entropy_pt(0.5), 0.69314718055994530942, 1));
    EXPECT_EQ(cross_entropy_pt(1.0), 0.0);
}

TEST(CrossEntropyPt, InfiniteOnlyAtZero) {
    EXPECT_EQ(cross_entropy_pt(0.0), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isfinite(cross_entropy_pt(1e-300)));
    EXPECT_TRUE(within_ulp(cross_entropy_pt(1e-300), 690.77552789821370518, 2));
}

TEST(CrossEntropyPt, AccurateNearOne) {
    // A naive -log(p) here loses about four digits to cancellation.
    const double p = 1.0 - 0x1p-40;
    EXPECT_TRUE(within_ulp(cross_entropy_pt(p), 9.0949470177334182822e-13, 2));
}

TEST(FocalLossPt, KnownValues) {
        EXPECT_TRUE(within_ulp(focal_loss_pt(0.9, 2.0), 0.0010536051565782622977, 4));
    EXPECT_TRUE(within_ulp(focal_loss_pt(0.3, 4.0, 0.25), 0.072268467579664314763, 4));
}

TEST(FocalLossPt, GammaZeroEqualsCrossEntropy) {
    for (double p : {1e-300, 1e-10, 0.1, 0.5, 0.9, 0.999999, 1.0})
        EXPECT_EQ(focal_loss_pt(p, 0.0), cross_entropy_pt(p)) << "p = " << p;
}

TEST(FocalLossPt, NeverAboveCrossEntropy) {
    for (double gamma : {0.5, 1.0, 2.0, 5.0})
        for (double p = 0.01; p < 1.0; p += 0.01)
            EXPECT_LE(focal_loss_pt(p, gamma), cross_entropy_pt(p));
}
