/* The CPU's features (CPUID) and OpenBLAS, loaded at run time.
 *
 * OpenBLAS picks its kernels once, when it is loaded, from OPENBLAS_CORETYPE or from a CPU table
 * that Debian 12's 0.3.21 lacks newer CPUs in (they get its SSE3 kernel). Loading it with dlopen
 * lets the engine choose the core type from the CPU's features first, in every process that
 * renders (tests included). */
#ifndef SPADE_BLAS_H
#define SPADE_BLAS_H

#include <stdbool.h>

typedef struct {
    char vendor[13];
    char brand[49];
    int family, model;
    bool sse3, ssse3, sse41, avx, fma, f16c, avx2;
    bool avx512f, avx512dq, avx512cd, avx512bw, avx512vl, amx_tile;
    bool os_avx;     /* the OS saves AVX state (XCR0 bits 1-2) */
    bool os_avx512;  /* ... and AVX-512 state (bits 5-7) */
} spade_cpu_features;

/* Reads CPUID and XGETBV. */
void spade_cpu_read(spade_cpu_features *out);

/* Sets OPENBLAS_CORETYPE to `coretype` (unless NULL, or the user set a non-empty value), then
 * loads OpenBLAS.
 * Returns 0, or -1 with the reason in spade_blas_error(). */
int spade_blas_load(const char *coretype);
const char *spade_blas_error(void);

/* Row-major C = alpha·A·op(B) + beta·C; op(B) = Bᵀ when transpose_b. */
void spade_sgemm(bool transpose_b, int m, int n, int k, float alpha, const float *a, int lda,
                 const float *b, int ldb, float beta, float *c, int ldc);
/* Row-major y = alpha·A·x + beta·y. */
void spade_sgemv(int m, int n, float alpha, const float *a, int lda, const float *x, float beta, float *y);

const char *spade_blas_corename(void);
int spade_blas_num_procs(void);
void spade_blas_set_num_threads(int threads);

#endif
