// SPDX-License-Identifier: MIT
/*
 * copy_avx512.c - the copy and zero kernels with 64-byte AVX-512F vectors:
 * one register per cache line.  Built with -mavx512f (ref/build.mk);
 * called only when cpu_caps() grants AVX-512F with the OS's ZMM and opmask
 * state.  The bodies are in copy_body.h.
 */
#include <immintrin.h>

#include "copy_body.h"

typedef __m512i cb_vec;
#define CB_VEC		64
#define CB_UNROLL	4

CB_INLINE cb_vec cb_loadu(const char *p)
{
	return _mm512_loadu_si512((const void *)p);
}

CB_INLINE void cb_store(char *p, cb_vec v)
{
	_mm512_store_si512((void *)p, v);
}

CB_INLINE void cb_stream(char *p, cb_vec v)
{
	_mm512_stream_si512((void *)p, v);
}

CB_INLINE cb_vec cb_zero(void)
{
	return _mm512_setzero_si512();
}

#include "copy_body.h"

CB_GENERATE(avx512)
