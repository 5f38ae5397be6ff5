#pragma once
// Internal: splitting plane loops of the normalization kernels over a few std::threads.

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace losslab::detail {

// Threads to use for a pass over `numel` elements: `requested` when non-zero, else one below
// 256K elements (thread start-up would dominate) and up to 8 hardware threads above.
inline unsigned pick_threads(std::size_t numel, unsigned requested) {
    if (requested != 0) return requested;
    if (numel < (std::size_t(1) << 18)) return 1;
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
    for (std::size_t k = 1; k < t; ++k)
        pool.emplace_back([&f, k, t, count] { f(count * k / t, count * (k + 1) / t); });
    f(std::size_t(0), count / t);
    for (auto& th : pool) th.join();
}

} // namespace losslab::detail
