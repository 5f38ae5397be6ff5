// AVX-512F kernels (8 doubles a vector) over SLEEF's avx512f functions; see simd_kernels_impl.hpp.
#include "simd_kernels.hpp"

#include <cstddef>
#include <immintrin.h>

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx2,fma")

// SLEEF (libsleef) entry points, declared here because sleef.h hides them unless the whole
// translation unit is compiled with -mavx2 / -mavx512f.
extern "C" {
__m512d Sleef_expd8_u10avx512f(__m512d);
__m512d Sleef_log1pd8_u10avx512f(__m512d);
__m512d Sleef_powd8_u10avx512f(__m512d, __m512d);
}

#define LOSSLAB_SIMD_W 8
#define LOSSLAB_SIMD_NS avx512
#define LOSSLAB_SIMD_NATIVE __m512d
#define LOSSLAB_SIMD_FMA _mm512_fmadd_pd
#define LOSSLAB_SIMD_EXP Sleef_expd8_u10avx512f
#define LOSSLAB_SIMD_LOG1P Sleef_log1pd8_u10avx512f
#define LOSSLAB_SIMD_POW Sleef_powd8_u10avx512f
#define LOSSLAB_SIMD_LEVEL Level::Avx512
#include "simd_kernels_impl.hpp"

#pragma GCC pop_options

namespace losslab::simd {
const Kernels& avx512_kernels() {
    return avx512::kTable;
}
} // namespace losslab::simd
