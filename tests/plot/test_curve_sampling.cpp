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

// The batched sampler asks for whole levels at once but keeps the same points: for curves
// with a bump, an asymptote reached through seeds, and a region where f is not finite.
TEST(CurveSamplingTest, BatchedSamplingKeepsTheSamePointsAsTheScalarOne) {
    struct Case {
        double lo, hi;
        std::function<double(double)> f;
        std::vector<double> seeds;
        double y_lo, y_hi;
    };
    const std::vector<Case> cases{
        {-5.0, 5.0, [](double x) { return std::exp(-40.0 * x * x); }, {}, 0.0, 1.0},
        {1e-12, 1.0, [](double p) { return -std::log(p); }, {1e-12, 1e-9, 1e-6, 1e-3}, 0.0, 5.0},
        {-2.0, 2.0, [](double x) { return x < 0.3 ? 1.0 / x : std::nan(""); }, {}, -10.0, 10.0},
    };
    for (const auto& c : cases) {
        CurveSampling sampling;
        sampling.y_lo = c.y_lo;
        sampling.y_hi = c.y_hi;
        const auto scalar = adaptive_samples(c.lo, c.hi, c.f, sampling, c.seeds);
        int calls = 0;
        const auto batched = adaptive_samples_batched(
            c.lo, c.hi,
            [&](std::span<const double> x, std::span<double> y) {
                ++calls;
                for (std::size_t i = 0; i < x.size(); ++i) y[i] = c.f(x[i]);
            },
            sampling, c.seeds);
        ASSERT_GT(scalar.x.size(), 40u);
        EXPECT_EQ(batched.x, scalar.x);
        ASSERT_EQ(batched.y.size(), scalar.y.size());
        for (std::size_t i = 0; i < scalar.y.size(); ++i)
            EXPECT_TRUE(batched.y[i] == scalar.y[i] ||
                        (std::isnan(batched.y[i]) && std::isnan(scalar.y[i])))
                << i;
        // One call for the start points, then one per level: far fewer than points.
        EXPECT_LT(calls, 40);
    }
}
