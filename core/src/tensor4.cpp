#include "losslab/tensor4.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace losslab {

Tensor4d to_double(const Tensor4& x) {
    Tensor4d y;
    y.shape = x.shape;
    y.data.assign(x.data.begin(), x.data.end());
    return y;
}

Tensor4 to_float(const Tensor4d& x) {
    Tensor4 y;
    y.shape = x.shape;
    y.data.resize(x.data.size());
    for (std::size_t i = 0; i < x.data.size(); ++i)
        y.data[i] = static_cast<float>(x.data[i]);
    return y;
}

namespace {
std::string shape_text(const Shape4& s) {
    return std::to_string(s.n) + "x" + std::to_string(s.c) + "x" + std::to_string(s.h) + "x" +
           std::to_string(s.w);
}
} // namespace

Status check_tensor_size(const Shape4& shape, std::size_t element_bytes, std::size_t max_bytes) {
    // Multiply with overflow checks: a slider can ask for absurd extents.
    std::size_t bytes = element_bytes;
    bool overflow = false;
    for (std::size_t e : {shape.n, shape.c, shape.h, shape.w}) {
        if (e != 0 && bytes > std::numeric_limits<std::size_t>::max() / e) overflow = true;
        bytes *= e;
    }
    if (overflow)
        return make_error("tensor " + shape_text(shape), "an element count that fits in memory",
                          "an overflowing size");
    if (bytes > max_bytes)
        return make_error("tensor " + shape_text(shape),
                          "at most " + std::to_string(max_bytes) + " bytes",
                          std::to_string(bytes) + " bytes");
    return Ok{};
}

// [SECTION] PRNG

std::uint64_t SplitMix64::next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

namespace {
constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}
} // namespace

Xoshiro256::Xoshiro256(std::uint64_t seed) {
    SplitMix64 sm{seed};
    for (auto& s : m_s)
        s = sm.next();
}

std::uint64_t Xoshiro256::next() {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

double Xoshiro256::uniform() {
    return double(next() >> 11) * 0x1p-53;
}

double Xoshiro256::uniform_open0() {
    return double((next() >> 11) + 1) * 0x1p-53;
}

std::uint64_t Xoshiro256::below(std::uint64_t bound) {
    if (bound <= 1) return 0;
    // Debiased modulo (O'Neill 2018, "Efficiently Generating a Number in a Range"): reject
    // the lowest 2^64 mod bound values so every residue is equally likely.
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold) return r % bound;
    }
}

double Xoshiro256::normal() {
    if (m_has_spare) {
        m_has_spare = false;
        return m_spare;
    }
    const double u1 = uniform_open0();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    m_spare = r * std::sin(theta);
    m_has_spare = true;
    return r * std::cos(theta);
}

// [SECTION] Activation generator

Result<Tensor4> generate_activations(const Shape4& shape, const GeneratorParams& p,
                                     std::uint64_t seed) {
    if (auto st = check_tensor_size(shape); !st) return st.error();
    if (!(p.outlier_fraction >= 0.0 && p.outlier_fraction <= 1.0))
        return make_error("outlier_fraction", "a value in [0, 1]",
                          std::to_string(p.outlier_fraction));
    for (double s : {p.base_std, p.channel_shift_std, p.channel_log_scale_std, p.sample_shift_std,
                     p.sample_log_scale_std})
        if (!(s >= 0.0)) return make_error("generator spread", "a value >= 0", std::to_string(s));

    Xoshiro256 rng(seed);
    std::vector<double> ch_shift(shape.c), ch_scale(shape.c), sm_shift(shape.n), sm_scale(shape.n);
    for (std::size_t c = 0; c < shape.c; ++c) {
        ch_shift[c] = p.channel_shift_std * rng.normal();
        ch_scale[c] = std::exp(p.channel_log_scale_std * rng.normal());
    }
    for (std::size_t n = 0; n < shape.n; ++n) {
        sm_shift[n] = p.sample_shift_std * rng.normal();
        sm_scale[n] = std::exp(p.sample_log_scale_std * rng.normal());
    }

    Tensor4 x(shape);
    const bool outliers = p.outlier_fraction > 0.0;
    const std::size_t hw = shape.plane();
    float* out = x.data.data();
    for (std::size_t n = 0; n < shape.n; ++n) {
        for (std::size_t c = 0; c < shape.c; ++c) {
            const double scale = ch_scale[c] * sm_scale[n];
            const double shift = ch_shift[c] + sm_shift[n];
            for (std::size_t i = 0; i < hw; ++i) {
                double z = p.base_mean + p.base_std * rng.normal();
                if (outliers) {
                    const double u = rng.uniform();
                    if (u < p.outlier_fraction)
                        z = (u < 0.5 * p.outlier_fraction ? -1.0 : 1.0) * p.outlier_magnitude *
                            p.base_std;
                }
                *out++ = static_cast<float>(z * scale + shift);
            }
        }
    }
    return x;
}

} // namespace losslab
