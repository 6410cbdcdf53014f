// SPDX-License-Identifier: MIT
/*
 * copy_avx2.c - the copy and zero kernels with 32-byte AVX2 vectors.
 * Built with -mavx2 (ref/build.mk); called only when cpu_caps() grants
 * AVX2 with the OS's YMM state.  The bodies are in copy_body.h.
 */
#include <immintrin.h>

#include "copy_body.h"

typedef __m256i cb_vec;
#define CB_VEC		32
#define CB_UNROLL	4

CB_INLINE cb_vec cb_loadu(const char *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

CB_INLINE void cb_store(char *p, cb_vec v)
{
	_mm256_store_si256((__m256i *)p, v);
}

CB_INLINE void cb_stream(char *p, cb_vec v)
{
	_mm256_stream_si256((__m256i *)p, v);
}

CB_INLINE cb_vec cb_zero(void)
{
	return _mm256_setzero_si256();
}

#include "copy_body.h"

CB_GENERATE(avx2)
