// SPDX-License-Identifier: MIT
/*
 * copy_sse2.c - the copy and zero kernels with 16-byte SSE2 vectors, the
 * x86-64 baseline (no ISA flag needed).  The bodies are in copy_body.h.
 */
#include <emmintrin.h>

#include "copy_body.h"

typedef __m128i cb_vec;
#define CB_VEC		16
#define CB_UNROLL	4	/* 16 xmm registers: 4 lines per turn */

CB_INLINE cb_vec cb_loadu(const char *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

CB_INLINE void cb_store(char *p, cb_vec v)
{
	_mm_store_si128((__m128i *)p, v);
}

CB_INLINE void cb_stream(char *p, cb_vec v)
{
	_mm_stream_si128((__m128i *)p, v);
}

CB_INLINE cb_vec cb_zero(void)
{
	return _mm_setzero_si128();
}

#include "copy_body.h"

CB_GENERATE(sse2)
