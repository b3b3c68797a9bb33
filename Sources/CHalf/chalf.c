// Half-precision conversion for weights stored as fp16 and widened per GEMM panel. Swift's Float16
// converts one value at a time through a library call on x86-64 builds without F16C; here the
// conversion runs 8 values per instruction when the CPU supports it (every x86-64 CPU since 2013),
// with a portable path otherwise.
#include "chalf.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx,f16c")))
static void widen_f16c(const uint16_t *src, float *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < n; i++)
        dst[i] = _cvtsh_ss(src[i]);
}

__attribute__((target("avx,f16c")))
static void narrow_f16c(const float *src, uint16_t *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++)
        dst[i] = _cvtss_sh(src[i], _MM_FROUND_TO_NEAREST_INT);
}

static int have_f16c(void) {
    static int cached = -1;
    if (cached < 0) cached = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    return cached;
}
#else
static int have_f16c(void) { return 0; }
static void widen_f16c(const uint16_t *src, float *dst, size_t n) { (void)src; (void)dst; (void)n; }
static void narrow_f16c(const float *src, uint16_t *dst, size_t n) { (void)src; (void)dst; (void)n; }
#endif

float chalf_widen_one(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000 | (mant << 13);
    } else if (exp != 0) {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign;
    } else {  // subnormal: normalise
        exp = 113;
        while (!(mant & 0x400)) { mant <<= 1; exp--; }
        bits = sign | (exp << 23) | ((mant & 0x3ff) << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

uint16_t chalf_narrow_one(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000, absx = x & 0x7fffffff;
    if (absx >= 0x7f800000) return (uint16_t)(sign | 0x7c00 | (absx > 0x7f800000 ? 0x200 : 0));
    if (absx >= 0x477ff000) return (uint16_t)(sign | 0x7c00);  // rounds past the largest half
    if (absx < 0x38800000) {  // a subnormal half, in units of 2^-24 (or zero)
        if (absx < 0x33000000) return (uint16_t)sign;
        uint32_t shift = 126 - (absx >> 23), mant = (absx & 0x7fffff) | 0x800000;
        uint32_t half = mant >> shift, rest = mant & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rest > halfway || (rest == halfway && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t bits = absx - 0x38000000;  // rebias exponent 127 → 15
    uint32_t half = bits >> 13, rest = bits & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
    return (uint16_t)(sign | half);
}

void chalf_widen(const uint16_t *src, float *dst, size_t n) {
    if (have_f16c()) { widen_f16c(src, dst, n); return; }
    for (size_t i = 0; i < n; i++) dst[i] = chalf_widen_one(src[i]);
}

void chalf_narrow(const float *src, uint16_t *dst, size_t n) {
    if (have_f16c()) { narrow_f16c(src, dst, n); return; }
    for (size_t i = 0; i < n; i++) dst[i] = chalf_narrow_one(src[i]);
}
