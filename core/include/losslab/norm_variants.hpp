#pragma once
// The cousins of BatchNorm, each with its paper:
//   Batch Renormalization   Ioffe (2017), "Batch Renormalization", Algorithm 1
//   Weight Normalization    Salimans & Kingma (2016), eq. 2; torch.nn.utils.weight_norm dim=0
//   Spectral Normalization  Miyato et al. (2018), Algorithm 1; torch.nn.utils.spectral_norm
//   ScaleNorm               Nguyen & Salazar (2019), "Transformers without Tears", eq. 4
//   Switchable Norm         Luo et al. (2018), "Differentiable Learning-to-Normalize", eq. 3-4
//   Batch-Instance Norm     Nam & Kim (2018), "Batch-Instance Normalization", eq. 4-5
//   RMSNorm                 Zhang & Sennrich (2019), "Root Mean Square Layer Normalization",
//                           eq. 4; torch.nn.RMSNorm (PyTorch 2.4+)
// and the batch-size effect: how much BatchNorm's statistics of one sample move with the other
// samples that happen to share its batch, while GroupNorm's and LayerNorm's do not.
//
// [SECTION] Batch Renormalization
// [SECTION] Matrices: Weight Norm and Spectral Norm
// [SECTION] ScaleNorm
// [SECTION] Switchable Norm and Batch-Instance Norm
// [SECTION] RMSNorm
// [SECTION] Batch-size effect

#include "losslab/norm_stats.hpp"
#include "losslab/result.hpp"
#include "losslab/tensor4.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace losslab {

// [SECTION] Batch Renormalization ----------------------------------------------------------

// Moving statistics of Batch Renorm, one value per channel: the mean mu and the standard
// deviation sigma (Ioffe keeps sigma itself, not the variance).
struct RenormRunning {
    std::vector<double> mean;  // default empty; fresh: 0
    std::vector<double> sigma; // default empty; fresh: 1
};

// Options of Batch Renorm training.
struct BatchRenormOptions {
    double r_max = 3.0;         // r is clipped to [1/r_max, r_max]; r_max >= 1; default 3 (paper)
    double d_max = 5.0;         // d is clipped to [-d_max, d_max]; d_max >= 0; default 5 (paper)
    double eps = 1e-5;          // sigma_B = sqrt(var_B + eps); default 1e-5
    double momentum = 0.01;     // alpha: mu += alpha (mu_B - mu), sigma likewise; default 0.01
    bool update_running = true; // update `running` after normalising; default true
};

// Per-channel corrections of one Batch Renorm step.
template <class T> struct BatchRenormOutput {
    BasicTensor4<T> y;           // output
    NormStats batch;             // batch mean and biased variance per channel
    std::vector<double> r;       // r = clip(sigma_B / sigma, 1/r_max, r_max)
    std::vector<double> d;       // d = clip((mu_B - mu) / sigma, -d_max, d_max)
    std::vector<bool> r_clipped; // true where the clip changed r
    std::vector<bool> d_clipped; // true where the clip changed d
};

// One training step of Batch Renorm: y = ((x - mu_B) / sigma_B * r + d) * gamma + beta with r, d
// from the moving statistics *before* the update (they are constants for backprop in the
// paper), then the moving statistics move toward the batch ones. With r_max = 1 and d_max = 0
// this is BatchNorm exactly. Errors: running or affine of the wrong length, r_max < 1,
// d_max < 0, a running sigma <= 0.
Result<BatchRenormOutput<float>> batch_renorm(const Tensor4& x, RenormRunning& running,
                                              const Affine& affine,
                                              const BatchRenormOptions& options);
Result<BatchRenormOutput<double>> batch_renorm(const Tensor4d& x, RenormRunning& running,
                                               const Affine& affine,
                                               const BatchRenormOptions& options);

// [SECTION] Matrices: Weight Norm and Spectral Norm ----------------------------------------

// A dense row-major matrix (a Linear layer's weight: rows = out_features, cols = in_features;
// a conv weight flattened to out_channels x (in_channels * kh * kw), as PyTorch's dim=0).
struct Matrix {
    std::size_t rows = 0;     // default 0
    std::size_t cols = 0;     // default 0
    std::vector<double> data; // rows * cols values, row-major; default empty
    double operator()(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
};

// Weight Norm (Salimans & Kingma 2016, eq. 2): w_i = g_i v_i / ||v_i|| for every row i, as
// torch._weight_norm(v, g, dim=0). A zero row gives NaN (0/0), as PyTorch. Errors: g not one
// value per row, v's data not rows * cols.
Result<Matrix> weight_norm(const Matrix& v, std::span<const double> g);

// The state of the power iteration of Spectral Norm.
struct SpectralEstimate {
    double sigma = 0.0;    // u . (W v): the spectral-norm estimate; default 0
    std::vector<double> u; // left vector after the iterations (rows values)
    std::vector<double> v; // right vector after the iterations (cols values)
};

// torch.nn.utils.spectral_norm's power iteration in training mode: `iterations` times
// v = normalize(W^T u), u = normalize(W v), where normalize(z) = z / max(||z||, eps); then
// sigma = u . (W v). u0 and v0 are the stored buffers (v0 matters only for 0 iterations).
// Errors: u0 not rows values, v0 not cols values, iterations < 0.
Result<SpectralEstimate> spectral_norm_power(const Matrix& w, std::span<const double> u0,
                                             std::span<const double> v0, int iterations,
                                             double eps = 1e-12);

// The largest singular value of W (Eigen's JacobiSVD): what the power iteration converges to.
// 0 for an empty matrix.
double largest_singular_value(const Matrix& w);

// A unit vector of n standard normals from `seed` (torch's initialisation of u and v:
// normalize(randn(n)), with our generator).
std::vector<double> random_unit_vector(std::size_t n, std::uint64_t seed);

// [SECTION] ScaleNorm ----------------------------------------------------------------------

// ScaleNorm (Nguyen & Salazar 2019, eq. 4): g * x / max(||x||_2, eps) for one vector.
std::vector<double> scale_norm(std::span<const double> x, double g, double eps = 1e-5);

// ScaleNorm of each sample's C x H x W vector (the LayerNorm axes), in double, rounded once.
Tensor4 scale_norm(const Tensor4& x, double g, double eps = 1e-5);
Tensor4d scale_norm(const Tensor4d& x, double g, double eps = 1e-5);

// [SECTION] Switchable Norm and Batch-Instance Norm ----------------------------------------

// Importance weights of Switchable Norm for (IN, LN, BN), in that order (the paper's Omega).
// Each triple sums to 1.
struct SwitchableWeights {
    std::array<double, 3> mean{1.0 / 3, 1.0 / 3, 1.0 / 3}; // default uniform
    std::array<double, 3> var{1.0 / 3, 1.0 / 3, 1.0 / 3};  // default uniform
};

// Softmax of the 3 + 3 control logits (Luo et al. eq. 4); -inf logits give weight 0. Shifted
// by the maximum, so large logits do not overflow.
SwitchableWeights switchable_weights(const std::array<double, 3>& mean_logits,
                                     const std::array<double, 3>& var_logits);

// Switchable Norm's output and its mixed statistics (per sample and channel, n * C + c).
template <class T> struct SwitchableOutput {
    BasicTensor4<T> y;        // output
    std::vector<double> mean; // sum_k w_k mu_k, N * C values
    std::vector<double> var;  // sum_k w'_k sigma^2_k (biased variances), N * C values
};

// Switchable Norm (Luo et al. eq. 3): y = (x - mean_hat) / sqrt(var_hat + eps) * gamma + beta
// with mean_hat, var_hat the weighted IN, LN and BN statistics. One-hot weights give IN, LN or
// BN exactly. Errors: weights negative, not summing to 1 within 1e-9, affine of the wrong length.
Result<SwitchableOutput<float>> switchable_norm(const Tensor4& x, const SwitchableWeights& w,
                                                const Affine& affine = {}, double eps = 1e-5);
Result<SwitchableOutput<double>> switchable_norm(const Tensor4d& x, const SwitchableWeights& w,
                                                 const Affine& affine = {}, double eps = 1e-5);

// Batch-Instance Norm (Nam & Kim eq. 4-5): y = (rho_c BN(x) + (1 - rho_c) IN(x)) gamma + beta,
// BN and IN without affine, rho clipped to [0, 1] per channel (as the paper does after each
// update). rho = 1 is BatchNorm, rho = 0 InstanceNorm. Errors: rho or affine of the wrong length.
Result<BasicTensor4<float>> batch_instance_norm(const Tensor4& x, std::span<const double> rho,
                                                const Affine& affine = {}, double eps = 1e-5);
Result<BasicTensor4<double>> batch_instance_norm(const Tensor4d& x, std::span<const double> rho,
                                                 const Affine& affine = {}, double eps = 1e-5);

// [SECTION] RMSNorm ------------------------------------------------------------------------
// y = x / sqrt(mean(x^2) + eps) * g, the mean over the normalized trailing dims: LayerNorm
// without the mean subtracted and without a bias. torch.nn.RMSNorm(normalized_shape, eps,
// elementwise_affine) computes this; its eps=None means the dtype's machine epsilon, here eps
// is always explicit. Sums of squares are accumulated in double and each output rounded once.

// mean(x^2) of each row of `normalized_size` trailing elements (x.size() / normalized_size
// rows), compensated (Neumaier) so that the sum is exact to a few ulp. Errors: normalized_size
// 0 or not dividing x.size().
Result<std::vector<double>> rms_mean_squares(std::span<const double> x,
                                             std::size_t normalized_size);

// RMSNorm of x seen as rows of `normalized_size` trailing elements, with an elementwise weight
// of normalized_size values (empty: all ones, elementwise_affine=False). Errors: as
// rms_mean_squares, weight of another length, eps < 0 or not finite.
Result<std::vector<double>> rms_norm(std::span<const double> x, std::size_t normalized_size,
                                     std::span<const double> weight = {}, double eps = 1e-5);
Result<std::vector<float>> rms_norm(std::span<const float> x, std::size_t normalized_size,
                                    std::span<const double> weight = {}, double eps = 1e-5);

// RMSNorm's statistic on an NCHW tensor with normalized_shape = (C, H, W), LayerNorm's axes:
// one mean square per sample.
struct RmsStats {
    Shape4 shape;                    // shape of the tensor the statistics describe
    std::size_t count = 0;           // elements averaged by each statistic (C H W); default 0
    std::vector<double> mean_square; // mean(x^2) of each sample, N values; default empty
};

// Mean squares from the per-(n, c) plane moments (plane_moments): sum over the sample's planes
// of M2 + count mean^2, every term >= 0, so no cancellation.
RmsStats rms_stats_from_planes(const std::vector<Moments>& planes, const Shape4& shape);

// Mean squares of every sample of x (through plane_moments).
RmsStats rms_norm_stats(const Tensor4& x);
RmsStats rms_norm_stats(const Tensor4d& x);

// y = x / sqrt(ms_n + eps) * gamma_c (gamma per channel as the other methods' affine; empty:
// ones). Errors: stats of another shape, gamma not C values, eps < 0 or not finite.
Result<Tensor4> rms_normalize(const Tensor4& x, const RmsStats& stats,
                              std::span<const double> gamma = {}, double eps = 1e-5);
Result<Tensor4d> rms_normalize(const Tensor4d& x, const RmsStats& stats,
                               std::span<const double> gamma = {}, double eps = 1e-5);

// [SECTION] Batch-size effect --------------------------------------------------------------

// How the batch-size experiment is run.
struct BatchSizeEffectParams {
    std::size_t channel = 0; // the channel whose statistics are followed; default 0
    std::size_t target = 0;  // the sample whose normalisation is followed; default 0
    std::size_t groups = 1;  // G of the GroupNorm compared; default 1
    std::vector<std::size_t> batch_sizes{1, 2, 4, 8, 16, 32}; // B values; default 1..32
    std::size_t trials = 256;                                 // random batches per B; default 256
    std::uint64_t seed = 1;                                   // default 1
};

// The spread, across random batches, of the statistics that normalise the target sample.
struct BatchSizeEffectPoint {
    std::size_t batch_size = 0;      // B
    double bn_mean_std = 0.0;        // std of BatchNorm's batch mean of the channel
    double bn_var_std = 0.0;         // std of BatchNorm's batch (biased) variance of the channel
    double bn_mean_std_theory = 0.0; // the exact std of that mean under sampling without
                                     // replacement (see batch_size_effect)
    double gn_mean_std = 0.0;        // std of GroupNorm's mean for the target (0: batch-free)
    double ln_mean_std = 0.0;        // std of LayerNorm's mean for the target (0: batch-free)
};

// For each B: `trials` batches made of the target sample plus B - 1 others drawn without
// replacement from the population x (N samples), seeded. BatchNorm's mean for the channel is
// the average of the B per-sample channel means, so its std is sqrt(m s^2 (M - m) / (M - 1)) / B
// with m = B - 1 others drawn from the M = N - 1 candidates whose channel means have population
// variance s^2; GroupNorm and LayerNorm use the target alone, so their std is 0 (computed, not
// assumed). Errors: B = 0 or B > N, channel or target out of range, groups not dividing C,
// trials < 2.
Result<std::vector<BatchSizeEffectPoint>> batch_size_effect(const Tensor4& population,
                                                            const BatchSizeEffectParams& params);

// The same from the population's per-(n, c) moments (plane_moments of it) and its shape, for a
// caller that already has them: the same numbers without reading the tensor again. Errors as
// above, and planes.size() != N C.
Result<std::vector<BatchSizeEffectPoint>> batch_size_effect(const std::vector<Moments>& planes,
                                                            const Shape4& shape,
                                                            const BatchSizeEffectParams& params);

} // namespace losslab
