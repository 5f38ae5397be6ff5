#include "losslab/reduction.hpp"

#include <limits>

namespace losslab {

double pairwise_sum(std::span<const double> xs) {
    if (xs.size() <= detail::kSumBlock) return detail::block_sum(xs.data(), xs.size());
    const size_t half = xs.size() / 2;
    return pairwise_sum(xs.first(half)) + pairwise_sum(xs.subspan(half));
}

ReducedLoss reduce(std::span<const double> per_element, Reduction r) {
    switch (r) {
    case Reduction::None: return {std::vector<double>(per_element.begin(), per_element.end())};
    case Reduction::Sum: return {{pairwise_sum(per_element)}};
    case Reduction::Mean:
        if (per_element.empty()) return {{std::numeric_limits<double>::quiet_NaN()}};
        return {{pairwise_sum(per_element) / double(per_element.size())}};
    }
    return {};
}

} // namespace losslab
