#pragma once
// A plain N x C x H x W tensor (contiguous NCHW, as PyTorch's default memory format) and a
// seeded, portable generator of activation-like data for the normalization lab.
//
// The generator uses its own PRNG (xoshiro256**, seeded through splitmix64, both from
// Blackman & Vigna, https://prng.di.unimi.it/) and its own Box-Muller normal sampling, so a
// seed gives the same stream on every standard library (only std::log/sqrt/cos/sin are
// borrowed from the platform's libm).

#include "losslab/result.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace losslab {

// The extent of a 4-D tensor. All extents default to 1; a zero extent is an empty tensor.
struct Shape4 {
    std::size_t n = 1; // batch (samples); default 1
    std::size_t c = 1; // channels; default 1
    std::size_t h = 1; // height; default 1
    std::size_t w = 1; // width; default 1

    // Elements in one H x W plane.
    constexpr std::size_t plane() const { return h * w; }
    // Elements in one sample (C x H x W).
    constexpr std::size_t sample() const { return c * h * w; }
    // Total number of elements.
    constexpr std::size_t numel() const { return n * c * h * w; }
    constexpr bool operator==(const Shape4&) const = default;
};

// A contiguous NCHW tensor of T (float for the app, double for reference fixtures).
// Element (n, c, h, w) lives at ((n * C + c) * H + h) * W + w.
template <class T> struct BasicTensor4 {
    Shape4 shape;        // extents; default 1x1x1x1
    std::vector<T> data; // shape.numel() values in NCHW order; default empty (call resize)

    BasicTensor4() = default;
    // A tensor of the given shape, filled with `fill`.
    explicit BasicTensor4(Shape4 s, T fill = T(0)) : shape(s), data(s.numel(), fill) {}

    // Flat index of (n, c, h, w); no bounds check.
    std::size_t index(std::size_t n, std::size_t c, std::size_t h, std::size_t w) const {
        return ((n * shape.c + c) * shape.h + h) * shape.w + w;
    }
    // Flat index of the first element of plane (n, c).
    std::size_t plane_offset(std::size_t n, std::size_t c) const {
        return (n * shape.c + c) * shape.plane();
    }
    T& at(std::size_t n, std::size_t c, std::size_t h, std::size_t w) {
        return data[index(n, c, h, w)];
    }
    const T& at(std::size_t n, std::size_t c, std::size_t h, std::size_t w) const {
        return data[index(n, c, h, w)];
    }
    // Pointer to the contiguous H x W plane (n, c).
    T* plane(std::size_t n, std::size_t c) { return data.data() + plane_offset(n, c); }
    const T* plane(std::size_t n, std::size_t c) const { return data.data() + plane_offset(n, c); }
    // True when data holds exactly shape.numel() values.
    bool consistent() const { return data.size() == shape.numel(); }
};

using Tensor4 = BasicTensor4<float>;   // the app's activations
using Tensor4d = BasicTensor4<double>; // reference / fixture path

// Element-wise conversion between precisions (double -> float rounds to nearest).
Tensor4d to_double(const Tensor4& x);
Tensor4 to_float(const Tensor4d& x);

// Default memory limit for one tensor: 1 GiB (32x256x56x56 float needs about 98 MiB).
inline constexpr std::size_t kDefaultTensorByteLimit = std::size_t(1) << 30;

// Checks that a tensor of `shape` with elements of `element_bytes` bytes fits in `max_bytes`
// (and that the element count does not overflow). The error names the size and the limit.
Status check_tensor_size(const Shape4& shape, std::size_t element_bytes = sizeof(float),
                         std::size_t max_bytes = kDefaultTensorByteLimit);

// [SECTION] PRNG ---------------------------------------------------------------------------

// splitmix64 (Steele, Lea & Flood 2014; Vigna's reference code): used to expand a seed.
struct SplitMix64 {
    std::uint64_t state = 0; // default 0
    std::uint64_t next();
};

// xoshiro256** 1.0 (Blackman & Vigna 2018). Seeded by four splitmix64 outputs of `seed`.
class Xoshiro256 {
public:
    explicit Xoshiro256(std::uint64_t seed);
    // Next 64 random bits.
    std::uint64_t next();
    // Uniform double in [0, 1) from the top 53 bits.
    double uniform();
    // Uniform double in (0, 1]: never 0, safe for log().
    double uniform_open0();
    // Uniform integer in [0, bound) without modulo bias (0 for bound <= 1).
    std::uint64_t below(std::uint64_t bound);
    // Standard normal by the Box-Muller transform (Box & Muller 1958); the second variate of
    // each pair is cached, so consecutive calls consume two uniforms per two normals.
    double normal();

private:
    std::uint64_t m_s[4];
    double m_spare = 0.0;
    bool m_has_spare = false;
};

// [SECTION] Activation generator -----------------------------------------------------------

// How synthetic activations are drawn: x = z * s_c * s_n + mu_c + mu_n (+ outliers), with
// z ~ N(base_mean, base_std^2), per-channel shift mu_c ~ N(0, channel_shift_std^2) and scale
// s_c = exp(channel_log_scale_std * N(0,1)); per-sample mu_n, s_n likewise. An element becomes
// an outlier with probability outlier_fraction: it is replaced by +-outlier_magnitude (random
// sign) times its channel and sample scale, plus the shifts.
struct GeneratorParams {
    double base_mean = 0.0;             // default 0
    double base_std = 1.0;              // default 1
    double channel_shift_std = 0.0;     // default 0 (no per-channel shift)
    double channel_log_scale_std = 0.0; // default 0 (all channel scales 1)
    double sample_shift_std = 0.0;      // default 0 (no per-sample shift)
    double sample_log_scale_std = 0.0;  // default 0 (all sample scales 1)
    double outlier_fraction = 0.0;      // in [0, 1]; default 0 (no outliers)
    double outlier_magnitude = 10.0;    // default 10 (in units of base_std)
};

// Draws a tensor of `shape` from `params` with `seed`. Deterministic: the stream draws the C
// channel (shift, scale) pairs, then the N sample pairs, then the elements in NCHW order (one
// normal, and when outliers are on one uniform, per element). Errors: size over
// kDefaultTensorByteLimit, outlier_fraction outside [0, 1], negative std values.
Result<Tensor4> generate_activations(const Shape4& shape, const GeneratorParams& params,
                                     std::uint64_t seed);

} // namespace losslab
