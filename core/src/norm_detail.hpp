#pragma once
// Internal to the core: splitting plane loops over a few std::threads, and the per-plane affine
// kernel shared by every normalization variant.

#include "losslab/tensor4.hpp"

#include <algorithm>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace losslab::detail {

// Tensors with at least this many elements are split over threads when threads = 0 (4M).
inline constexpr std::size_t kAutoThreadElements = std::size_t(1) << 22;

// Threads to use for a pass over `numel` elements: `requested` when non-zero, else one below
// kAutoThreadElements (the single-threaded kernels run near memory speed, and on a busy
// machine a second thread costs more than it gives) and up to 8 hardware threads above.
inline unsigned pick_threads(std::size_t numel, unsigned requested) {
    if (requested != 0) return requested;
    if (numel < kAutoThreadElements) return 1;
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return std::min(hw, 8u);
}

// Calls f(begin, end) on `threads` contiguous slices of [0, count); the calling thread takes
// the first slice. f must be safe to run concurrently on disjoint slices.
template <class F> void parallel_for(std::size_t count, unsigned threads, const F& f) {
    const std::size_t t = std::min<std::size_t>(threads == 0 ? 1 : threads, count);
    if (t <= 1) {
        f(std::size_t(0), count);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    std::size_t k = 1;
    try {
        for (; k < t; ++k)
            pool.emplace_back([&f, k, t, count] { f(count * k / t, count * (k + 1) / t); });
    } catch (const std::system_error&) {
        // No thread available: the slices not handed out run here instead of failing.
        for (std::size_t j = k; j < t; ++j) f(count * j / t, count * (j + 1) / t);
    }
    f(std::size_t(0), count / t);
    for (auto& th : pool)
        th.join();
}

// y[p] = (x[p] - m[p]) * a[p] + b[p] on every plane p = n * C + c, in double and rounded once
// to T. m, a, b hold N * C values. y is resized to x's shape.
void apply_plane_affine(const Tensor4& x, const std::vector<double>& m,
                        const std::vector<double>& a, const std::vector<double>& b, Tensor4& y,
                        unsigned threads);
void apply_plane_affine(const Tensor4d& x, const std::vector<double>& m,
                        const std::vector<double>& a, const std::vector<double>& b, Tensor4d& y,
                        unsigned threads);

} // namespace losslab::detail
