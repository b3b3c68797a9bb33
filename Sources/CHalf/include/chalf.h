#ifndef CHALF_H
#define CHALF_H
#include <stddef.h>
#include <stdint.h>

/// IEEE half-precision bit patterns to float, `n` values (F16C instructions where the CPU has them).
void chalf_widen(const uint16_t *src, float *dst, size_t n);
/// Floats to IEEE half precision, round to nearest even.
void chalf_narrow(const float *src, uint16_t *dst, size_t n);

/// The portable conversions of one value (what the bulk functions use without F16C).
float chalf_widen_one(uint16_t h);
uint16_t chalf_narrow_one(float f);

#endif
