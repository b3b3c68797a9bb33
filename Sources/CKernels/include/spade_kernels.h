/* The engine's own vector loops, compiled three times from one source — for baseline x86-64
 * (SSE2), for AVX2 and for AVX-512 — and chosen at run time (spade_kernels_use). Floating-point
 * contraction is off, so every path computes bit for bit what the portable one does: a faster
 * path never changes a picture. All loops run across `n` independent lanes (Winograd tiles,
 * pixels), the axis the vectors cover. */
#ifndef SPADE_KERNELS_H
#define SPADE_KERNELS_H

enum { SPADE_SIMD_PORTABLE = 0, SPADE_SIMD_AVX2 = 1, SPADE_SIMD_AVX512 = 2 };

/* Selects the path; the caller checked the CPU can run it. */
void spade_kernels_use(int path);
int spade_kernels_path(void);

/* F(4×4, 3×3)'s Bᵀ on 6 inputs: o0 = 4·d0 − 5·d2 + d4, o1 = d3 + d4 − 4·(d1 + d2),
 * o2 = d4 − d3 + 4·(d1 − d2), o3 = d4 − d2 + 2·(d3 − d1), o4 = d4 − d2 + 2·(d1 − d3),
 * o5 = 4·d1 − 5·d3 + d5, lane by lane. */
void spade_wino4_bt(const float *d0, const float *d1, const float *d2, const float *d3, const float *d4,
                    const float *d5, float *o0, float *o1, float *o2, float *o3, float *o4, float *o5, long n);

/* F(4×4, 3×3)'s Aᵀ on 6 inputs (a1 = s1 + s2, a2 = s3 + s4, e1 = s1 − s2, e2 = s3 − s4):
 * z0 = s0 + a1 + a2, z1 = e1 + 2·e2, z2 = a1 + 4·a2, z3 = e1 + 8·e2 + s5, each plus `bias`;
 * `stride` 1 writes z0…z3 to their own rows, 4 interleaves them (row[4i + k] = zk[i]) into z0. */
void spade_wino4_at(const float *s0, const float *s1, const float *s2, const float *s3, const float *s4,
                    const float *s5, float *z0, float *z1, float *z2, float *z3, float bias, int stride, long n);

/* dst[i] = v < 0 ? v·slope : v with v = src[i]·a + b (src may equal dst). */
void spade_scale_shift_leaky(const float *src, float *dst, long n, float a, float b, float slope);

#endif
