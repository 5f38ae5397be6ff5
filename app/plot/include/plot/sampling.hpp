#pragma once
// Sample grids for curves: where to evaluate a function so the drawn polyline is faithful.

#include "plot/figure.hpp"

#include <functional>
#include <string>
#include <optional>
#include <vector>

namespace losslab::plot {

// Probabilities in (0, 1]: `n` uniform steps plus log-spaced points towards 0 (down to 1e-12)
// so that curves like -log p rise smoothly to the top edge. Sorted ascending, 1 included.
std::vector<double> probability_grid(int n);

// `n` evenly spaced points from `lo` to `hi` inclusive (n >= 2).
std::vector<double> linear_grid(double lo, double hi, int n);

// A line series of f sampled at `xs`, keeping f as the series' exact function (hover readouts
// evaluate it anywhere from the smallest to the largest of `xs`: its domain).
Series sampled_curve(std::string name, Rgba color, const std::vector<double>& xs,
                     std::function<double(double)> f);

// A line series of f over p in [1e-12, 1] sampled adaptively for a linear plot showing
// `y_lo`..`y_hi` (more points where it bends, at most about two per pixel column; log-spaced
// seeds towards 0 so a curve like −log p reaches the top edge), f kept as its exact function.
Series adaptive_probability_curve(std::string name, Rgba color, std::function<double(double)> f,
                                  double y_lo, double y_hi);

// The value of `s`'s exact function at `x` for a readout, or nothing when `s` has none or `x`
// is outside its domain [exact_min, exact_max] (the function is never called there).
std::optional<double> exact_value_at(const Series& s, double x);

} // namespace losslab::plot
