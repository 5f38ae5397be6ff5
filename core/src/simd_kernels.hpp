#pragma once
// Internal (not installed): the vectorised per-element kernels behind the batched loss API, one
// table per instruction set, chosen at run time from cpuid (AVX-512F, AVX2+FMA, or the scalar
// functions). The AVX ones use SLEEF's 1-ulp exp/log1p/pow. Every kernel writes n values for n
// inputs and never throws; NaN in gives NaN out, infinite logits give the scalar limits.

#include "losslab/reduction.hpp"

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace losslab::simd {

// Instruction set of the kernel table in use.
enum class Level { Scalar, Avx2, Avx512 };

// Per-element kernels. Broadcast arguments use a stride of 0 (one value for every element).
struct Kernels {
    // w[i] ((1-y) softplus(z) + pw[i] y softplus(-z)): bce_with_logits per element.
    void (*bce_logits)(const double* z, const double* y, const double* w, std::size_t w_stride,
                       const double* pw, std::size_t pw_stride, double* out, std::size_t n);
    // scale w[i] ((1-y) sigmoid(z) - pw[i] y sigmoid(-z)): bce_with_logits_grad per element.
    void (*bce_logits_grad)(const double* z, const double* y, const double* w, std::size_t w_stride,
                            const double* pw, std::size_t pw_stride, double scale, double* out,
                            std::size_t n);
    // focal_loss_logit per element; returns how many lanes the caller must replace with the
    // scalar value: y outside [0, 1] or NaN, and for gamma > 2 every y not in {0, 1}.
    std::size_t (*focal_logits)(const double* z, const double* y, double alpha, double gamma,
                                double* out, std::size_t n);
    // focal_loss_logit_grad per element for hard targets; returns how many y are not in
    // {0, 1} (their values are unspecified: the soft-target gradient has a root where only
    // the extended-precision scalar path keeps digits).
    std::size_t (*focal_logits_grad)(const double* z, const double* y, double alpha, double gamma,
                                     double* out, std::size_t n);
    // out[i] = e^x[i] and out[i] = log1p(x[i]); out may alias x.
    void (*exp)(const double* x, double* out, std::size_t n);
    void (*log1p)(const double* x, double* out, std::size_t n);
    // out[i] = e^{z[i] - m[i]} corrected for the rounding of z - m (TwoSum: e^hi (1 + lo)),
    // the softmax family's shifted exponential; lo is taken as 0 where z - m is not finite.
    void (*exp_shifted)(const double* z, const double* m, double* out, std::size_t n);
    // log q_{i,y_i} = log_softmax(row i)[y_i] for `rows` rows of k logits (row-major), formed
    // as log_softmax_into forms it: ((z_y - m)_hi - log1p(s)) + (z_y - m)_lo, with s the
    // corrected e^{z-m} of the other entries. Rows whose max is infinite or NaN get NaN and
    // bad[i] = 1 (the caller redoes them); y[i] must be in [0, k).
    void (*log_softmax_at)(const double* z, std::size_t k, const long long* y, std::size_t rows,
                           double* out, unsigned char* bad);
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

// Values filled per call of `fill` in Sum / Mean (32 KiB of stack): big enough that a kernel's
// padded tail is rare, small enough to stay in L1.
inline constexpr std::size_t kFillChunk = 4096;

// pairwise_sum_map over chunks: fill(begin, count, out) writes the values of [begin, begin +
// count) (count <= kFillChunk), which pairwise_sum then adds; a sub-range of the halving tree
// is itself halved the same way, so the order is exactly pairwise_sum's over all n values.
template <class Fill> double pairwise_sum_blocks(std::size_t begin, std::size_t end, Fill& fill) {
    if (end - begin <= kFillChunk) {
        double buf[kFillChunk];
        fill(begin, end - begin, buf);
        return pairwise_sum(std::span<const double>(buf, end - begin));
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
