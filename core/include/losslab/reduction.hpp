#pragma once
// How a batched loss turns per-element values into its result, as PyTorch's `reduction=`.

#include <limits>
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

// Sum of a span with pairwise summation (error O(log n) ulp instead of O(n)): halves are
// summed recursively down to blocks of at most 64, each added as detail::block_sum does.
double pairwise_sum(std::span<const double> xs);

// Applies `r` to per-element losses: mean divides by the count (NaN for an empty span, as
// PyTorch does), sum adds pairwise, none copies.
ReducedLoss reduce(std::span<const double> per_element, Reduction r);

} // namespace losslab

namespace losslab {

namespace detail {

// Largest block that pairwise summation adds directly.
inline constexpr size_t kSumBlock = 64;

// ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)): how the eight lane sums of a block meet.
inline double combine8(const double* acc) {
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

// Sum of at most kSumBlock values as eight interleaved running sums (x[i] goes to sum i mod 8),
// which vectorises and splits the latency chain; every pairwise sum in the core uses it.
inline double block_sum(const double* x, size_t n) {
    double acc[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t j = 0; j < 8; ++j) acc[j] += x[i + j];
    for (size_t j = 0; i + j < n; ++j) acc[j] += x[i + j];
    return combine8(acc);
}

} // namespace detail

// Reduces the values f(0), ..., f(n-1) without storing them for Sum and Mean, adding in exactly
// the order pairwise_sum uses, so reduce_map(n, r, f) == reduce(values, r) bit for bit.
// `f(i)` must not throw; it is called once per index.
template <class F> double pairwise_sum_map(size_t begin, size_t end, F& f) {
    if (end - begin <= detail::kSumBlock) {
        double acc[8] = {};
        for (size_t i = begin; i < end; ++i) acc[(i - begin) % 8] += f(i);
        return detail::combine8(acc);
    }
    const size_t half = (end - begin) / 2;
    return pairwise_sum_map(begin, begin + half, f) + pairwise_sum_map(begin + half, end, f);
}

// reduce() of the n values f(i): None stores them, Sum/Mean add them pairwise on the fly.
template <class F> ReducedLoss reduce_map(size_t n, Reduction r, F&& f) {
    if (r == Reduction::None) {
        ReducedLoss out{std::vector<double>(n)};
        for (size_t i = 0; i < n; ++i) out.values[i] = f(i);
        return out;
    }
    const double s = pairwise_sum_map(0, n, f);
    if (r == Reduction::Sum) return {{s}};
    return {{n == 0 ? std::numeric_limits<double>::quiet_NaN() : s / double(n)}};
}

} // namespace losslab
