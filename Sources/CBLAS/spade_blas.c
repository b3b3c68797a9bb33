#define _GNU_SOURCE
#include "spade_blas.h"

#include <cpuid.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CBLAS enum values (cblas.h): row-major 101, no transpose 111, transpose 112. */
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

static void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
static void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
static char *(*corename_fn)(void);
static int (*num_procs_fn)(void);
static void (*set_threads_fn)(int);
static char error_text[512];

static unsigned long long xgetbv0(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

void spade_cpu_read(spade_cpu_features *f) {
    memset(f, 0, sizeof *f);
    unsigned int a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return;
    unsigned int max_leaf = a;
    memcpy(f->vendor, &b, 4);
    memcpy(f->vendor + 4, &d, 4);
    memcpy(f->vendor + 8, &c, 4);
    __get_cpuid(1, &a, &b, &c, &d);
    int base_family = (a >> 8) & 0xf, base_model = (a >> 4) & 0xf;
    f->family = base_family == 0xf ? base_family + ((a >> 20) & 0xff) : base_family;
    f->model = (base_family == 0x6 || base_family == 0xf) ? base_model | ((a >> 12) & 0xf0) : base_model;
    f->sse3 = c & 1;
    f->ssse3 = (c >> 9) & 1;
    f->fma = (c >> 12) & 1;
    f->sse41 = (c >> 19) & 1;
    f->avx = (c >> 28) & 1;
    f->f16c = (c >> 29) & 1;
    bool osxsave = (c >> 27) & 1;
    unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
    f->os_avx = (xcr0 & 0x6) == 0x6;
    f->os_avx512 = f->os_avx && (xcr0 & 0xe0) == 0xe0;
    if (max_leaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->avx2 = (b >> 5) & 1;
        f->avx512f = (b >> 16) & 1;
        f->avx512dq = (b >> 17) & 1;
        f->avx512cd = (b >> 28) & 1;
        f->avx512bw = (b >> 30) & 1;
        f->avx512vl = (b >> 31) & 1;
        f->amx_tile = (d >> 24) & 1;
    }
    if (__get_cpuid(0x80000000, &a, &b, &c, &d) && a >= 0x80000004) {
        unsigned int *brand = (unsigned int *)f->brand;
        for (unsigned int leaf = 0; leaf < 3; leaf++)
            __get_cpuid(0x80000002 + leaf, brand + 4 * leaf, brand + 4 * leaf + 1, brand + 4 * leaf + 2,
                        brand + 4 * leaf + 3);
    }
}

#define RESOLVE(handle, target, name)                                                            \
    do {                                                                                         \
        *(void **)&target = dlsym(handle, name);                                                 \
        if (!target) {                                                                           \
            snprintf(error_text, sizeof error_text, "OpenBLAS lacks %s", name);                 \
            return -1;                                                                           \
        }                                                                                        \
    } while (0)

int spade_blas_load(const char *coretype) {
    const char *chosen = getenv("OPENBLAS_CORETYPE");
    if (coretype && (!chosen || !*chosen)) setenv("OPENBLAS_CORETYPE", coretype, 1);
    void *handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error_text, sizeof error_text, "cannot load OpenBLAS: %s (install libopenblas0)", dlerror());
        return -1;
    }
    RESOLVE(handle, sgemm_fn, "cblas_sgemm");
    RESOLVE(handle, sgemv_fn, "cblas_sgemv");
    RESOLVE(handle, corename_fn, "openblas_get_corename");
    RESOLVE(handle, num_procs_fn, "openblas_get_num_procs");
    RESOLVE(handle, set_threads_fn, "openblas_set_num_threads");
    return 0;
}

const char *spade_blas_error(void) { return error_text; }

void spade_sgemm(bool transpose_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b,
                 int ldb, float beta, float *c, int ldc) {
    sgemm_fn(ROW_MAJOR, NO_TRANS, transpose_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void spade_sgemv(int m, int n, float alpha, const float *a, int lda, const float *x, float beta, float *y) {
    sgemv_fn(ROW_MAJOR, NO_TRANS, m, n, alpha, a, lda, x, 1, beta, y, 1);
}

const char *spade_blas_corename(void) { return corename_fn(); }
int spade_blas_num_procs(void) { return num_procs_fn(); }
void spade_blas_set_num_threads(int threads) { set_threads_fn(threads); }
