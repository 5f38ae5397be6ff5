#pragma once
// Sample grids for curves: where to evaluate a function so the drawn polyline is faithful.

#include <vector>

namespace losslab::model {

// Probabilities in (0, 1]: `n` uniform steps plus log-spaced points towards 0 (down to 1e-12)
// so that curves like -log p rise smoothly to the top edge. Sorted ascending, 1 included.
std::vector<double> probability_grid(int n);

// `n` evenly spaced points from `lo` to `hi` inclusive (n >= 2).
std::vector<double> linear_grid(double lo, double hi, int n);

} // namespace losslab::model
