// AVX2 + FMA kernels (4 doubles a vector) over SLEEF's avx2 functions; see simd_kernels_impl.hpp.
#include "simd_kernels.hpp"

#include <cstddef>
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx2,fma")

// SLEEF (libsleef) entry points, declared here because sleef.h hides them unless the whole
// translation unit is compiled with -mavx2 / -mavx512f.
extern "C" {
__m256d Sleef_expd4_u10avx2(__m256d);
__m256d Sleef_log1pd4_u10avx2(__m256d);
__m256d Sleef_powd4_u10avx2(__m256d, __m256d);
}

#define LOSSLAB_SIMD_W 4
#define LOSSLAB_SIMD_NS avx2
#define LOSSLAB_SIMD_NATIVE __m256d
#define LOSSLAB_SIMD_FMA _mm256_fmadd_pd
#define LOSSLAB_SIMD_EXP Sleef_expd4_u10avx2
#define LOSSLAB_SIMD_LOG1P Sleef_log1pd4_u10avx2
#define LOSSLAB_SIMD_POW Sleef_powd4_u10avx2
#define LOSSLAB_SIMD_LEVEL Level::Avx2
#include "simd_kernels_impl.hpp"

#pragma GCC pop_options

namespace losslab::simd {
const Kernels& avx2_kernels() {
    return avx2::kTable;
}
} // namespace losslab::simd
