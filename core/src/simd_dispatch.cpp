// The scalar kernel table (the scalar loss functions, one element at a time) and the run-time
// choice of the table from cpuid.
#include "simd_kernels.hpp"

#include "losslab/activations.hpp"
#include "losslab/binary_losses.hpp"
#include "losslab/focal_loss.hpp"

#include <atomic>
#include <cmath>
#include <span>
#include <vector>

namespace losslab::simd {

namespace {

void bce_logits_scalar(const double* z, const double* y, const double* w, std::size_t ws,
                       const double* pw, std::size_t pws, double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = bce_with_logits(z[i], y[i], {w[i * ws], pw[i * pws]});
}

void bce_logits_grad_scalar(const double* z, const double* y, const double* w, std::size_t ws,
                            const double* pw, std::size_t pws, double scale, double* out,
                            std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = scale * bce_with_logits_grad(z[i], y[i], {w[i * ws], pw[i * pws]});
}

std::size_t focal_logits_scalar(const double* z, const double* y, double alpha, double gamma,
                                double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = focal_loss_logit(z[i], y[i], {alpha, gamma});
    return 0; // every value is already the scalar one
}

std::size_t focal_logits_grad_scalar(const double* z, const double* y, double alpha, double gamma,
                                     double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = focal_loss_logit_grad(z[i], y[i], {alpha, gamma});
    return 0;
}

void exp_scalar(const double* x, double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = std::exp(x[i]);
}

void log1p_scalar(const double* x, double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = std::log1p(x[i]);
}

void exp_shifted_scalar(const double* z, const double* m, double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const double hi = z[i] - m[i], bb = hi - z[i];
        const double lo = std::isfinite(hi) ? (z[i] - (hi - bb)) + (-m[i] - bb) : 0.0;
        const double e = std::exp(hi);
        out[i] = e + e * lo;
    }
}

void log_softmax_at_scalar(const double* z, std::size_t k, const long long* y, std::size_t rows,
                           double* out, unsigned char* bad) {
    std::vector<double> buf(k);
    for (std::size_t i = 0; i < rows; ++i) {
        log_softmax_into(std::span<const double>(z + i * k, k), buf);
        out[i] = buf[std::size_t(y[i])];
        bad[i] = 0;
    }
}

constexpr Kernels kScalar{
    bce_logits_scalar, bce_logits_grad_scalar, focal_logits_scalar, focal_logits_grad_scalar,
    exp_scalar,        log1p_scalar,           exp_shifted_scalar,  log_softmax_at_scalar,
    Level::Scalar};

// The AVX tables exist only in x86 builds (the wasm build compiles the scalar table alone).
#if defined(__x86_64__) || defined(__i386__)
#define LOSSLAB_SIMD_X86 1
#endif

Level detect() {
#ifndef LOSSLAB_SIMD_X86
    return Level::Scalar;
#else
    __builtin_cpu_init();
    // SLEEF's avx2 functions also use FMA; the avx512f ones need AVX-512F only, our code DQ.
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq"))
        return Level::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Level::Avx2;
    return Level::Scalar;
#endif
}

const Kernels& table_of(Level level) {
#ifdef LOSSLAB_SIMD_X86
    switch (level) {
    case Level::Avx512:
        return avx512_kernels();
    case Level::Avx2:
        return avx2_kernels();
    case Level::Scalar:
        break;
    }
#else
    (void)level;
#endif
    return kScalar;
}

std::atomic<const Kernels*> g_forced{nullptr};

} // namespace

const Kernels& scalar_kernels() {
    return kScalar;
}

Level detected_level() {
    static const Level level = detect();
    return level;
}

const Kernels& kernels() {
    if (const Kernels* f = g_forced.load(std::memory_order_relaxed)) return *f;
    static const Kernels& best = table_of(detected_level());
    return best;
}

void force_level(Level level) {
    const Level best = detected_level();
    g_forced.store(&table_of(int(level) > int(best) ? best : level), std::memory_order_relaxed);
}

} // namespace losslab::simd
