#pragma once
// Statistics and outputs of the four activation normalizations on an NCHW tensor:
//   BatchNorm    (Ioffe & Szegedy 2015)   one mean/variance per channel, over N, H, W
//   LayerNorm    (Ba, Kiros & Hinton 2016) one per sample, over C, H, W
//   InstanceNorm (Ulyanov et al. 2016)    one per sample and channel, over H, W
//   GroupNorm    (Wu & He 2018, eq. 1-3)  one per sample and group of C/G channels
// y = (x - mean) / sqrt(var + eps) * gamma_c + beta_c, with the biased variance (divide by the
// count), as PyTorch's F.batch_norm / layer_norm / instance_norm / group_norm. The affine
// gamma/beta is per channel for every method (for LayerNorm this is PyTorch's elementwise
// affine with weight constant over H, W).
//
// Accuracy: every statistic is accumulated in double even for float data. Each contiguous
// H x W plane is reduced in two passes while it sits in L1 (sum, then corrected sum of squared
// deviations), and planes are merged with Chan, Golub & LeVeque's (1979) pairwise update.
//
// [SECTION] Moments and Chan merge
// [SECTION] NormStats and the four methods
// [SECTION] Output
// [SECTION] BatchNorm with running statistics (train / eval)
// [SECTION] Which elements share a statistic (Group Norm paper, Figure 2)

#include "losslab/result.hpp"
#include "losslab/tensor4.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace losslab {

// [SECTION] Moments and Chan merge ---------------------------------------------------------

// Count, mean and M2 (sum of squared deviations from the mean) of a set of values.
struct Moments {
    double count = 0.0; // default 0 (empty set)
    double mean = 0.0;  // default 0
    double m2 = 0.0;    // default 0
    // Biased variance M2 / count (NaN for an empty set).
    double biased_var() const;
    // Unbiased variance M2 / (count - 1) (NaN for count <= 1, as torch.var).
    double unbiased_var() const;
};

// Moments of the union of two disjoint sets (Chan, Golub & LeVeque 1979, eq. 2.1):
// delta = mean_b - mean_a, mean = mean_a + delta n_b / n, M2 = M2_a + M2_b + delta^2 n_a n_b / n.
// Inline: the batch-size effect merges tens of thousands of moments per figure.
inline Moments merge_moments(const Moments& a, const Moments& b) {
    if (a.count == 0) return b;
    if (b.count == 0) return a;
    const double n = a.count + b.count;
    const double delta = b.mean - a.mean;
    return {n, a.mean + delta * (b.count / n),
            a.m2 + b.m2 + delta * delta * (a.count * b.count / n)};
}

// Moments of one contiguous array (two passes, double accumulators). Exact to a few ulp of
// double for float input; the mean of an empty array is NaN.
Moments array_moments(const float* x, std::size_t len);
Moments array_moments(const double* x, std::size_t len);

// Moments of every H x W plane, indexed n * C + c. `threads` 0 picks automatically: one
// thread below 4M elements (the kernel runs near memory speed), the hardware's (up to 8) above.
std::vector<Moments> plane_moments(const Tensor4& x, unsigned threads = 0);
std::vector<Moments> plane_moments(const Tensor4d& x, unsigned threads = 0);

// [SECTION] NormStats and the four methods -------------------------------------------------

// The normalization whose statistics are computed.
enum class NormMethod { Batch, Layer, Instance, Group };

// Display name: "BatchNorm", "LayerNorm", "InstanceNorm", "GroupNorm".
constexpr std::string_view norm_method_name(NormMethod m) {
    switch (m) {
    case NormMethod::Batch:
        return "BatchNorm";
    case NormMethod::Layer:
        return "LayerNorm";
    case NormMethod::Instance:
        return "InstanceNorm";
    case NormMethod::Group:
        return "GroupNorm";
    }
    return "BatchNorm";
}

// The means and biased variances of one method on one tensor shape. Layout of mean/var:
// Batch [c] (C values), Layer [n] (N), Instance [n * C + c] (N * C), Group [n * G + g] (N * G).
struct NormStats {
    NormMethod method = NormMethod::Batch; // default BatchNorm
    Shape4 shape;                          // shape of the tensor the stats describe
    std::size_t groups = 1;                // G for GroupNorm (C / G channels each); default 1
    std::size_t count = 0;                 // elements averaged by each statistic; default 0
    std::vector<double> mean;              // one per statistic; default empty
    std::vector<double> var;               // biased (divide by count); default empty

    // Index into mean/var of the statistic that normalises plane (n, c).
    std::size_t stat_index(std::size_t n, std::size_t c) const;
};

// Per-method options. groups is used by GroupNorm only and must divide C.
struct NormConfig {
    NormMethod method = NormMethod::Batch; // default BatchNorm
    std::size_t groups = 1;                // default 1 (GroupNorm with G = 1 is LayerNorm)
    double eps = 1e-5;                     // added to the variance; default 1e-5 (PyTorch)
    unsigned threads = 0;                  // 0: automatic (see plane_moments); default 0
};

// Statistics of `method` on x. Errors: GroupNorm whose groups does not divide C (the message
// names both), groups = 0. BatchNorm/LayerNorm/InstanceNorm never fail.
Result<NormStats> norm_stats(const Tensor4& x, const NormConfig& config);
Result<NormStats> norm_stats(const Tensor4d& x, const NormConfig& config);

// Statistics from precomputed plane moments (cheap: no pass over the data).
Result<NormStats> norm_stats_from_planes(const std::vector<Moments>& planes, const Shape4& shape,
                                         NormMethod method, std::size_t groups = 1);

// Shorthands for norm_stats. The first three cannot fail.
NormStats batch_norm_stats(const Tensor4d& x);
NormStats layer_norm_stats(const Tensor4d& x);
NormStats instance_norm_stats(const Tensor4d& x);
Result<NormStats> group_norm_stats(const Tensor4d& x, std::size_t groups);
NormStats batch_norm_stats(const Tensor4& x);
NormStats layer_norm_stats(const Tensor4& x);
NormStats instance_norm_stats(const Tensor4& x);
Result<NormStats> group_norm_stats(const Tensor4& x, std::size_t groups);

// [SECTION] Output -------------------------------------------------------------------------

// Per-channel affine parameters. Empty vectors mean gamma = 1, beta = 0 (affine=False).
struct Affine {
    std::vector<double> gamma; // C values or empty; default empty (all ones)
    std::vector<double> beta;  // C values or empty; default empty (all zeros)
};

// y = (x - mean) * gamma / sqrt(var + eps) + beta with the statistic of each plane. The float
// path computes per-plane scale and shift in double, then one float multiply-add per element.
// Errors: stats shape differing from x, gamma/beta of the wrong length, eps < 0.
Result<Tensor4> normalize(const Tensor4& x, const NormStats& stats, const Affine& affine = {},
                          double eps = 1e-5, unsigned threads = 0);
Result<Tensor4d> normalize(const Tensor4d& x, const NormStats& stats, const Affine& affine = {},
                           double eps = 1e-5, unsigned threads = 0);

// The same into a caller-owned output (resized if needed; no allocation when it fits), for
// interactive use at frame rate.
Status normalize_into(const Tensor4& x, const NormStats& stats, const Affine& affine, double eps,
                      Tensor4& y, unsigned threads = 0);

// Statistics and output in one call. On success `y` and `stats` are overwritten.
Status norm_forward_into(const Tensor4& x, const NormConfig& config, const Affine& affine,
                         Tensor4& y, NormStats& stats);

// A normalised tensor with the statistics used to produce it.
template <class T> struct NormOutput {
    BasicTensor4<T> y; // the output, same shape as the input
    NormStats stats;   // the statistics that were used (batch or running)
};

// Statistics and output: norm_stats then normalize.
Result<NormOutput<float>> norm_forward(const Tensor4& x, const NormConfig& config,
                                       const Affine& affine = {});
Result<NormOutput<double>> norm_forward(const Tensor4d& x, const NormConfig& config,
                                        const Affine& affine = {});

// [SECTION] BatchNorm with running statistics ----------------------------------------------

// PyTorch's running_mean / running_var buffers, one value per channel.
struct RunningStats {
    std::vector<double> mean; // default empty; fresh buffers are 0 (use running_stats_init)
    std::vector<double> var;  // default empty; fresh buffers are 1
};

// Fresh running statistics for C channels: mean 0, var 1 (as nn.BatchNorm2d).
RunningStats running_stats_init(std::size_t channels);

// Options of F.batch_norm.
struct BatchNormOptions {
    bool training = true;  // true: batch statistics and running update; default true
    double momentum = 0.1; // running = (1 - momentum) * running + momentum * batch; default 0.1
    double eps = 1e-5;     // default 1e-5
    unsigned threads = 0;  // default 0 (automatic)
};

// F.batch_norm(x, running_mean, running_var, gamma, beta, training, momentum, eps).
// Training: normalise with the batch mean and biased variance, then update `running` with the
// batch mean and the UNBIASED variance (count / (count - 1) times the biased one), PyTorch's
// convention. Eval: normalise with `running` and leave it unchanged. The returned stats are
// the ones used. Errors: running of the wrong length; training with one value per channel
// (PyTorch: "Expected more than 1 value per channel when training").
Result<NormOutput<float>> batch_norm(const Tensor4& x, RunningStats& running, const Affine& affine,
                                     const BatchNormOptions& options);
Result<NormOutput<double>> batch_norm(const Tensor4d& x, RunningStats& running,
                                      const Affine& affine, const BatchNormOptions& options);

// [SECTION] Which elements share a statistic -----------------------------------------------

// The block of a tensor whose elements share one mean and variance: samples [n_begin, n_end),
// channels [c_begin, c_end) and always every (h, w) of those planes. This is the blue block of
// Wu & He (2018), Figure 2.
struct StatsSharing {
    std::size_t n_begin = 0; // default 0
    std::size_t n_end = 0;   // exclusive; default 0
    std::size_t c_begin = 0; // default 0
    std::size_t c_end = 0;   // exclusive; default 0
    constexpr bool operator==(const StatsSharing&) const = default;
    // True when plane (n, c) is in the block.
    constexpr bool contains(std::size_t n, std::size_t c) const {
        return n >= n_begin && n < n_end && c >= c_begin && c < c_end;
    }
};

// The elements that share the mean and variance of element (n, c, h, w) under `method`
// (h, w do not matter: statistics always span whole planes). Errors: (n, c) outside shape,
// GroupNorm groups not dividing C.
Result<StatsSharing> stats_sharing(NormMethod method, const Shape4& shape, std::size_t n,
                                   std::size_t c, std::size_t groups = 1);

// The same for a full element index (n, c, h, w), as the app's picture asks it; h and w are
// bounds-checked only, since a statistic always spans whole H x W planes.
Result<StatsSharing> stats_sharing(NormMethod method, const Shape4& shape, std::size_t n,
                                   std::size_t c, std::size_t h, std::size_t w,
                                   std::size_t groups = 1);

} // namespace losslab
