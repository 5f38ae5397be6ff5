// adaptive_samples: the polyline stays within the pixel tolerance of the function everywhere,
// never denser than two points per pixel column, and costs few points where a curve is straight.
#include "plot/curve_sampling.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace losslab::plot;

namespace {

// The largest distance, in pixels of a plot `height_px` high showing [y_lo, y_hi], between f
// and the polyline through the samples, checked at 20 points inside every segment.
double worst_miss_px(const CurveSamples& s, double (*f)(double), const CurveSampling& c) {
    double worst = 0.0;
    for (std::size_t i = 0; i + 1 < s.x.size(); ++i)
        for (int k = 1; k < 20; ++k) {
            const double t = k / 20.0;
            const double x = s.x[i] + t * (s.x[i + 1] - s.x[i]);
            const double line = s.y[i] + t * (s.y[i + 1] - s.y[i]);
            const double truth = std::clamp(f(x), c.y_lo, c.y_hi);
            worst = std::max(worst, std::abs(std::clamp(line, c.y_lo, c.y_hi) - truth) /
                                        (c.y_hi - c.y_lo) * c.height_px);
        }
    return worst;
}

double neg_log(double p) { return -std::log(p); }
double line(double x) { return 0.5 * x + 1.0; }
double bump(double x) { return std::exp(-x * x * 400.0); }

} // namespace

TEST(CurveSamplingTest, AStraightLineNeedsOnlyTheStartingGrid) {
    CurveSampling c;
    c.columns = 800;
    const auto s = adaptive_samples(-1.0, 1.0, line, c);
    EXPECT_LE(s.x.size(), std::size_t(2 * c.initial_intervals + 1));
    EXPECT_EQ(s.x.front(), -1.0);
    EXPECT_EQ(s.x.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(s.x.begin(), s.x.end()));
}

TEST(CurveSamplingTest, ANarrowBumpIsRefinedWhereItBendsAndDrawnWithinTolerance) {
    CurveSampling c;
    c.columns = 600;
    c.y_lo = 0.0;
    c.y_hi = 1.1;
    c.height_px = 400.0;
    const auto s = adaptive_samples(-1.0, 1.0, bump, c);
    ASSERT_TRUE(std::is_sorted(s.x.begin(), s.x.end()));
    for (std::size_t i = 0; i < s.x.size(); ++i) EXPECT_EQ(s.y[i], bump(s.x[i]));
    // Within the tolerance plus what half-column intervals leave (the bump's sharpest bend).
    EXPECT_LT(worst_miss_px(s, bump, c), 1.0);
    // Dense near 0 where it bends (0.2 wide), sparse in the flat tails (1.0 wide together).
    const auto near = std::count_if(s.x.begin(), s.x.end(), [](double x) { return std::abs(x) < 0.1; });
    const auto far = std::count_if(s.x.begin(), s.x.end(), [](double x) { return std::abs(x) > 0.5; });
    EXPECT_GT(double(near) / 0.2, 10.0 * double(far) / 1.0);
    // Never more than two points per pixel column.
    EXPECT_LE(s.x.size(), std::size_t(2 * c.columns + 1));
    EXPECT_LT(s.x.size(), std::size_t(c.columns)); // and far fewer than a uniform grid
}

TEST(CurveSamplingTest, AnAsymptoteReachesTheTopEdgeThroughItsSeeds) {
    CurveSampling c;
    c.columns = 1000;
    c.y_lo = 0.0;
    c.y_hi = 5.0;
    const std::vector<double> seeds{1e-12, 1e-9, 1e-6, 1e-3, 5e-3};
    const auto s = adaptive_samples(1e-12, 1.0, neg_log, c, seeds);
    EXPECT_EQ(s.x.front(), 1e-12);
    EXPECT_GT(s.y.front(), 27.0); // far above the top: the line leaves the plot at the top
    EXPECT_LT(worst_miss_px(s, neg_log, c), 1.0);
    // Seeds closer than half a column are dropped (1e-9, 1e-6); 1e-3 and 5e-3 are kept.
    EXPECT_EQ(std::count(s.x.begin(), s.x.end(), 1e-9), 0);
    EXPECT_EQ(std::count(s.x.begin(), s.x.end(), 1e-3), 1);
    for (std::size_t i = 2; i < s.x.size(); ++i)
        EXPECT_GE(s.x[i] - s.x[i - 1], (1.0 - 1e-12) / 2000.0 * 0.999) << i;
}
