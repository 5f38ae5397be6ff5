#pragma once
// How a batched loss turns per-element values into its result, as PyTorch's `reduction=`.

#include <span>
#include <string_view>
#include <vector>

namespace losslab {

// PyTorch's reduction argument: 'none' keeps every element, 'sum' adds, 'mean' averages.
enum class Reduction { None, Sum, Mean };

// The PyTorch spelling of a reduction ("none", "sum", "mean").
constexpr std::string_view reduction_name(Reduction r) {
    switch (r) {
    case Reduction::None: return "none";
    case Reduction::Sum: return "sum";
    case Reduction::Mean: return "mean";
    }
    return "mean";
}

// A reduced loss: `values` holds every element for Reduction::None and one number otherwise.
struct ReducedLoss {
    std::vector<double> values;
    // The single number for Sum/Mean (the first element), or the sum for None.
    double scalar() const {
        double s = 0.0;
        for (double v : values) s += v;
        return values.size() == 1 ? values[0] : s;
    }
};

// Sum of a span with pairwise summation (error O(log n) ulp instead of O(n)).
double pairwise_sum(std::span<const double> xs);

// Applies `r` to per-element losses: mean divides by the count (NaN for an empty span, as
// PyTorch does), sum adds pairwise, none copies.
ReducedLoss reduce(std::span<const double> per_element, Reduction r);

} // namespace losslab
