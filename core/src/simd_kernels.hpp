#pragma once
// Internal (not installed): the vectorised per-element kernels behind the batched loss API, one
// table per instruction set, chosen at run time from cpuid (AVX-512F, AVX2+FMA, or the scalar
// functions). The AVX ones use SLEEF's 1-ulp exp/log1p/pow. Every kernel writes n values for n
// inputs and never throws; NaN in gives NaN out, infinite logits give the scalar limits.

#include "losslab/reduction.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace losslab::simd {

// Instruction set of the kernel table in use.
enum class Level { Scalar, Avx2, Avx512 };

// Per-element kernels. Broadcast arguments use a stride of 0 (one value for every element).
struct Kernels {
    // w[i] ((1-y) softplus(z) + pw[i] y softplus(-z)): bce_with_logits per element.
    void (*bce_logits)(const double* z, const double* y, const double* w, std::size_t w_stride,
                       const double* pw, std::size_t pw_stride, double* out, std::size_t n);
    // focal_loss_logit per element for hard targets y in {0, 1}; lanes with another y get an
    // unspecified finite-or-NaN value that the caller replaces.
    void (*focal_logits_hard)(const double* z, const double* y, double alpha, double gamma,
                              double* out, std::size_t n);
    // out[i] = e^x[i] and out[i] = log1p(x[i]); out may alias x.
    void (*exp)(const double* x, double* out, std::size_t n);
    void (*log1p)(const double* x, double* out, std::size_t n);
    Level level;
};

// The kernel table for the best instruction set of this CPU (or the forced one).
const Kernels& kernels();

// The best level this CPU supports.
Level detected_level();

// Makes kernels() return the table of `level` (capped at detected_level()); tests use it to
// check every path on one machine. Not thread-safe against concurrent batched calls.
void force_level(Level level);

// Tables of each instruction set (defined in simd_scalar.cpp, simd_avx2.cpp, simd_avx512.cpp).
const Kernels& scalar_kernels();
const Kernels& avx2_kernels();
const Kernels& avx512_kernels();

// pairwise_sum_map over blocks: fill(begin, count, out) writes the values of [begin, begin +
// count) (count <= kSumBlock), which are then added as pairwise_sum adds them.
template <class Fill> double pairwise_sum_blocks(std::size_t begin, std::size_t end, Fill& fill) {
    if (end - begin <= detail::kSumBlock) {
        double buf[detail::kSumBlock];
        fill(begin, end - begin, buf);
        return detail::block_sum(buf, end - begin);
    }
    const std::size_t half = (end - begin) / 2;
    return pairwise_sum_blocks(begin, begin + half, fill) +
           pairwise_sum_blocks(begin + half, end, fill);
}

// reduce() of n values produced in blocks by fill(begin, count, out): None fills the whole
// output at once; Sum and Mean never store more than one block, and equal reduce() of the
// None values bit for bit.
template <class Fill> ReducedLoss reduce_blocks(std::size_t n, Reduction r, Fill&& fill) {
    if (r == Reduction::None) {
        ReducedLoss out{std::vector<double>(n)};
        fill(std::size_t{0}, n, out.values.data());
        return out;
    }
    const double s = pairwise_sum_blocks(0, n, fill);
    if (r == Reduction::Sum) return {{s}};
    return {{n == 0 ? std::numeric_limits<double>::quiet_NaN() : s / double(n)}};
}

} // namespace losslab::simd
