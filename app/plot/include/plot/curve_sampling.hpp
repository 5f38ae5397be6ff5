#pragma once
// Adaptive curve sampling: evaluate a function where the drawn polyline needs it (more points
// where the curve bends, few where it is straight), at most about two points per pixel column.

#include <functional>
#include <span>
#include <vector>

namespace losslab::plot {

// The pixel width a figure's curves are sampled for when the builder is not told the plot's
// width: wider than the plot of a 1920-pixel window, so a curve never looks coarse.
inline constexpr int kDefaultSampleColumns = 1000;

// How finely adaptive_samples may go.
struct CurveSampling {
    // Pixel columns the x range [lo, hi] spans; intervals are not split below half a column.
    // Default kDefaultSampleColumns.
    int columns = kDefaultSampleColumns;
    // Even starting grid: this many intervals over [lo, hi] before refining; default 32.
    int initial_intervals = 32;
    // The y range the plot shows and its height in pixels: an interval is split when its
    // midpoint is off the chord by more than `tolerance_px` (values clamped to the shown range
    // widened by its span on each side, so off-plot excursions do not refine). Defaults:
    // [0, 1], 400 px, a quarter pixel.
    double y_lo = 0.0, y_hi = 1.0;
    double height_px = 400.0;
    double tolerance_px = 0.25;
};

// Samples of a curve in increasing x.
struct CurveSamples {
    std::vector<double> x, y;
};

// Samples f on [lo, hi] (lo < hi) adaptively: the even starting grid plus `seeds` (extra x in
// [lo, hi] that must be sampled, e.g. log-spaced points towards an asymptote), then each
// interval halved while its midpoint misses the chord by more than the tolerance or one of its
// ends is not finite and the other is, and it is wider than half a pixel column. Seeds closer
// than half a column to a kept point are dropped except the first and last. f is called once
// per returned sample.
CurveSamples adaptive_samples(double lo, double hi, const std::function<double(double)>& f,
                              const CurveSampling& sampling, const std::vector<double>& seeds = {});

// A curve evaluated for many x at once: y[i] = f(x[i]) (x and y of equal size).
using BatchCurve = std::function<void(std::span<const double> x, std::span<double> y)>;

// The same samples as adaptive_samples (the same points when f gives the same values), with f
// called once for the start points and then once per level of halving on every midpoint of
// that level, so that a batched (SIMD) kernel evaluates whole levels.
CurveSamples adaptive_samples_batched(double lo, double hi, const BatchCurve& f,
                                      const CurveSampling& sampling,
                                      const std::vector<double>& seeds = {});

} // namespace losslab::plot
