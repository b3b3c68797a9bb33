#include "spade_kernels.h"

#pragma STDC FP_CONTRACT OFF

#define BT_BODY                                                                        \
    for (long i = 0; i < n; i++) {                                                     \
        float a0 = d0[i], a1 = d1[i], a2 = d2[i], a3 = d3[i], a4 = d4[i], a5 = d5[i];  \
        o0[i] = 4 * a0 - 5 * a2 + a4;                                                  \
        o1[i] = a3 + a4 - 4 * (a1 + a2);                                               \
        o2[i] = a4 - a3 + 4 * (a1 - a2);                                               \
        o3[i] = a4 - a2 + 2 * (a3 - a1);                                               \
        o4[i] = a4 - a2 + 2 * (a1 - a3);                                               \
        o5[i] = 4 * a1 - 5 * a3 + a5;                                                  \
    }

#define AT_BODY                                                                        \
    if (stride == 1) {                                                                 \
        for (long i = 0; i < n; i++) {                                                 \
            float a1 = s1[i] + s2[i], a2 = s3[i] + s4[i], e1 = s1[i] - s2[i], e2 = s3[i] - s4[i]; \
            z0[i] = s0[i] + a1 + a2 + bias;                                            \
            z1[i] = e1 + 2 * e2 + bias;                                                \
            z2[i] = a1 + 4 * a2 + bias;                                                \
            z3[i] = e1 + 8 * e2 + s5[i] + bias;                                        \
        }                                                                              \
    } else {                                                                           \
        for (long i = 0; i < n; i++) {                                                 \
            float a1 = s1[i] + s2[i], a2 = s3[i] + s4[i], e1 = s1[i] - s2[i], e2 = s3[i] - s4[i]; \
            z0[4 * i] = s0[i] + a1 + a2 + bias;                                        \
            z0[4 * i + 1] = e1 + 2 * e2 + bias;                                        \
            z0[4 * i + 2] = a1 + 4 * a2 + bias;                                        \
            z0[4 * i + 3] = e1 + 8 * e2 + s5[i] + bias;                                \
        }                                                                              \
    }

#define LEAKY_BODY                                                                     \
    for (long i = 0; i < n; i++) {                                                     \
        float v = src[i] * a + b;                                                      \
        dst[i] = v < 0 ? v * slope : v;                                                \
    }

#define BT_ARGS const float *restrict d0, const float *restrict d1, const float *restrict d2, \
    const float *restrict d3, const float *restrict d4, const float *restrict d5, float *restrict o0, \
    float *restrict o1, float *restrict o2, float *restrict o3, float *restrict o4, float *restrict o5, long n
#define AT_ARGS const float *restrict s0, const float *restrict s1, const float *restrict s2, \
    const float *restrict s3, const float *restrict s4, const float *restrict s5, float *restrict z0, \
    float *restrict z1, float *restrict z2, float *restrict z3, float bias, int stride, long n
#define LEAKY_ARGS const float *src, float *dst, long n, float a, float b, float slope

#define DEFINE_PATH(suffix, attributes)                                                \
    attributes static void bt_##suffix(BT_ARGS) { BT_BODY }                            \
    attributes static void at_##suffix(AT_ARGS) { AT_BODY }                            \
    attributes static void leaky_##suffix(LEAKY_ARGS) { LEAKY_BODY }

DEFINE_PATH(portable, )
#if defined(__x86_64__)
DEFINE_PATH(avx2, __attribute__((target("avx2"))))
DEFINE_PATH(avx512, __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw"), min_vector_width(512))))
#endif

typedef struct {
    void (*bt)(BT_ARGS);
    void (*at)(AT_ARGS);
    void (*leaky)(LEAKY_ARGS);
} kernels;

static const kernels paths[] = {
    {bt_portable, at_portable, leaky_portable},
#if defined(__x86_64__)
    {bt_avx2, at_avx2, leaky_avx2},
    {bt_avx512, at_avx512, leaky_avx512},
#endif
};
static int active = SPADE_SIMD_PORTABLE;

void spade_kernels_use(int path) {
    if (path >= 0 && path < (int)(sizeof paths / sizeof paths[0])) active = path;
}
int spade_kernels_path(void) { return active; }

void spade_wino4_bt(BT_ARGS) { paths[active].bt(d0, d1, d2, d3, d4, d5, o0, o1, o2, o3, o4, o5, n); }
void spade_wino4_at(AT_ARGS) { paths[active].at(s0, s1, s2, s3, s4, s5, z0, z1, z2, z3, bias, stride, n); }
void spade_scale_shift_leaky(LEAKY_ARGS) { paths[active].leaky(src, dst, n, a, b, slope); }
