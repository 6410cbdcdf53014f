/* SPDX-License-Identifier: MIT */
/*
 * copy_body.h - the one body of every copy and zero kernel, instantiated
 * once per ISA and, inside an ISA, once per flush instruction (as PMDK's
 * libpmem2 generates memmove_movnt_avx_clwb and friends).
 *
 * Two parts:
 *
 *  1. Always (include-guarded): the flush and fence primitives as inline
 *     asm, so that no -m flag is needed to emit CLWB, CLFLUSHOPT, CLFLUSH
 *     or SFENCE, and CB_DECLARE(isa), the prototypes copy_table.c needs.
 *
 *  2. Only when the including file has defined its vector primitives and
 *     CB_VEC (see copy_sse2.c): the bodies and CB_GENERATE(isa), which
 *     emits the exported functions.  An ISA file therefore includes this
 *     header twice: once for part 1, once more after its primitives.
 *
 * The vector primitives an ISA file provides (CB_VEC bytes each):
 *   cb_vec, cb_loadu(p), cb_store(p, v) [p aligned to CB_VEC],
 *   cb_stream(p, v) [non-temporal, p aligned], cb_zero(),
 *   CB_UNROLL - lines per main-loop iteration.
 *
 * Contracts (see copy.h for the table-level ones):
 *   - The bodies never read or write outside [dst, dst+len) and
 *     [src, src+len): small pieces use overlapping pairs of loads and
 *     stores that stay inside the piece.
 *   - A partial line (head or tail) is written by one store burst and then
 *     flushed once, so no line is written again after its flush.
 *   - The fence is issued once, at the end, and only when asked.
 */
#ifndef DAXREF_COPY_BODY_H
#define DAXREF_COPY_BODY_H

#include <emmintrin.h>
#include <stdbool.h>
#include <stdint.h>

#include "copy.h"

#define CB_INLINE	static inline __attribute__((always_inline))
#define CB_LINE		64
/* The "flush" argument of the bodies: a dx_flush, or none (CK_CACHED). */
#define CB_NOFLUSH	DX_FLUSH_COUNT

struct cb_line { char b[CB_LINE]; };

/* Keeps the stores of a group in address order, so each line is complete
 * (and its write-combining buffer can leave) as early as possible. */
#ifndef CB_ORDER
#define CB_ORDER()	__asm__ __volatile__("" ::: "memory")
#endif

/*
 * Flushes the line holding @p.  The asm operand is the whole line, so the
 * compiler cannot sink a store to any byte of it below the flush.  Does
 * not fence.
 */
CB_INLINE void cb_flush_line(int flush, const void *p)
{
	struct cb_line *l = (struct cb_line *)((uintptr_t)p &
					       ~(uintptr_t)(CB_LINE - 1));

	switch (flush) {
	case DX_FLUSH_CLFLUSH:
		__asm__ __volatile__("clflush %0" : "+m"(*l));
		break;
	case DX_FLUSH_CLFLUSHOPT:
		__asm__ __volatile__("clflushopt %0" : "+m"(*l));
		break;
	case DX_FLUSH_CLWB:
		__asm__ __volatile__("clwb %0" : "+m"(*l));
		break;
	default:
		break;
	}
}

typedef uint64_t cb_u64 __attribute__((aligned(1), may_alias));
typedef uint32_t cb_u32 __attribute__((aligned(1), may_alias));
typedef uint16_t cb_u16 __attribute__((aligned(1), may_alias));

#define CB_DECLARE_FLUSH(isa, fl)					\
	void pm_copy_nt_##isa##_##fl(void *, const void *, size_t, unsigned); \
	void pm_zero_nt_##isa##_##fl(void *, size_t, unsigned);	\
	void pm_copy_cf_##isa##_##fl(void *, const void *, size_t, unsigned); \
	void pm_zero_cf_##isa##_##fl(void *, size_t, unsigned);

/* Prototypes of everything CB_GENERATE(isa) defines. */
#define CB_DECLARE(isa)							\
	CB_DECLARE_FLUSH(isa, clflush)					\
	CB_DECLARE_FLUSH(isa, clflushopt)				\
	CB_DECLARE_FLUSH(isa, clwb)					\
	void pm_copy_c_##isa(void *, const void *, size_t, unsigned);	\
	void pm_zero_c_##isa(void *, size_t, unsigned);

CB_DECLARE(sse2)
CB_DECLARE(avx2)
CB_DECLARE(avx512)

/* The kernel's own copies (copy_string.c): cached and cached+flush for the
 * string and scalar bodies, NT for movnti. */
#define CB_DECLARE_STRING(body)						\
	void pm_copy_c_##body(void *, const void *, size_t, unsigned);	\
	void pm_zero_c_##body(void *, size_t, unsigned);		\
	CB_DECLARE_CF(body, clflush)					\
	CB_DECLARE_CF(body, clflushopt)					\
	CB_DECLARE_CF(body, clwb)
#define CB_DECLARE_CF(body, fl)						\
	void pm_copy_cf_##body##_##fl(void *, const void *, size_t, unsigned); \
	void pm_zero_cf_##body##_##fl(void *, size_t, unsigned);
#define CB_DECLARE_NT(body, fl)						\
	void pm_copy_nt_##body##_##fl(void *, const void *, size_t, unsigned); \
	void pm_zero_nt_##body##_##fl(void *, size_t, unsigned);

CB_DECLARE_STRING(movsb)
CB_DECLARE_STRING(movsq)
CB_DECLARE_STRING(movq)
#define CB_DECLARE_GLIBC(isa)						\
	void pm_copy_c_glibc_##isa(void *, const void *, size_t, unsigned); \
	void pm_zero_c_glibc_##isa(void *, size_t, unsigned);
CB_DECLARE_GLIBC(sse2)
CB_DECLARE_GLIBC(avx2)
CB_DECLARE_GLIBC(avx512)
CB_DECLARE_NT(movnti, clflush)
CB_DECLARE_NT(movnti, clflushopt)
CB_DECLARE_NT(movnti, clwb)

#endif /* DAXREF_COPY_BODY_H */

/* ------------------------------------------------------------------ */
/* Part 2: the bodies, for an ISA file that has defined its primitives. */

#if defined(CB_VEC) && !defined(DAXREF_COPY_BODY_GENERATED)
#define DAXREF_COPY_BODY_GENERATED

#define CB_VPL		(CB_LINE / CB_VEC)	/* vectors per line */
#define CB_STEP		(CB_UNROLL * CB_LINE)	/* bytes per main-loop turn */

/*
 * How far ahead of the loads the main loop prefetches the source.  The
 * hardware prefetcher alone leaves a cold (DRAM) source behind: on the
 * reference machine prefetching 1-2 KiB ahead raised NT copy of a cold
 * source by 6-10% at 64 KiB and 16 MiB and cost nothing with a hot one.
 * Never beyond the source: the last CB_PREFETCH bytes are not prefetched.
 */
#define CB_PREFETCH	2048

CB_INLINE void cb_prefetch_lines(const char *s, int lines)
{
#pragma GCC unroll 32
	for (int i = 0; i < lines; i++)
		_mm_prefetch(s + i * CB_LINE, _MM_HINT_T0);
}

/*
 * Copies @n < 64 bytes that lie inside one destination line with ordinary
 * stores: a pair of possibly overlapping loads and stores of the largest
 * width that fits, so there is no byte loop and no branch per byte.  All
 * loads come before the stores (regions do not overlap).
 */
CB_INLINE void cb_small_copy(char *d, const char *s, size_t n)
{
	if (n >= 32) {
#if CB_VEC >= 32
		__m256i a = _mm256_loadu_si256((const __m256i *)s);
		__m256i b = _mm256_loadu_si256((const __m256i *)(s + n - 32));

		_mm256_storeu_si256((__m256i *)d, a);
		_mm256_storeu_si256((__m256i *)(d + n - 32), b);
#else
		__m128i a0 = _mm_loadu_si128((const __m128i *)s);
		__m128i a1 = _mm_loadu_si128((const __m128i *)(s + 16));
		__m128i b0 = _mm_loadu_si128((const __m128i *)(s + n - 32));
		__m128i b1 = _mm_loadu_si128((const __m128i *)(s + n - 16));

		_mm_storeu_si128((__m128i *)d, a0);
		_mm_storeu_si128((__m128i *)(d + 16), a1);
		_mm_storeu_si128((__m128i *)(d + n - 32), b0);
		_mm_storeu_si128((__m128i *)(d + n - 16), b1);
#endif
	} else if (n >= 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)s);
		__m128i b = _mm_loadu_si128((const __m128i *)(s + n - 16));

		_mm_storeu_si128((__m128i *)d, a);
		_mm_storeu_si128((__m128i *)(d + n - 16), b);
	} else if (n >= 8) {
		uint64_t a = *(const cb_u64 *)s, b = *(const cb_u64 *)(s + n - 8);

		*(cb_u64 *)d = a;
		*(cb_u64 *)(d + n - 8) = b;
	} else if (n >= 4) {
		uint32_t a = *(const cb_u32 *)s, b = *(const cb_u32 *)(s + n - 4);

		*(cb_u32 *)d = a;
		*(cb_u32 *)(d + n - 4) = b;
	} else if (n >= 2) {
		uint16_t a = *(const cb_u16 *)s, b = *(const cb_u16 *)(s + n - 2);

		*(cb_u16 *)d = a;
		*(cb_u16 *)(d + n - 2) = b;
	} else if (n) {
		*d = *s;
	}
}

/* Zeroes @n < 64 bytes inside one line, as cb_small_copy(). */
CB_INLINE void cb_small_zero(char *d, size_t n)
{
	if (n >= 32) {
#if CB_VEC >= 32
		_mm256_storeu_si256((__m256i *)d, _mm256_setzero_si256());
		_mm256_storeu_si256((__m256i *)(d + n - 32),
				    _mm256_setzero_si256());
#else
		_mm_storeu_si128((__m128i *)d, _mm_setzero_si128());
		_mm_storeu_si128((__m128i *)(d + 16), _mm_setzero_si128());
		_mm_storeu_si128((__m128i *)(d + n - 32), _mm_setzero_si128());
		_mm_storeu_si128((__m128i *)(d + n - 16), _mm_setzero_si128());
#endif
	} else if (n >= 16) {
		_mm_storeu_si128((__m128i *)d, _mm_setzero_si128());
		_mm_storeu_si128((__m128i *)(d + n - 16), _mm_setzero_si128());
	} else if (n >= 8) {
		*(cb_u64 *)d = 0;
		*(cb_u64 *)(d + n - 8) = 0;
	} else if (n >= 4) {
		*(cb_u32 *)d = 0;
		*(cb_u32 *)(d + n - 4) = 0;
	} else if (n >= 2) {
		*(cb_u16 *)d = 0;
		*(cb_u16 *)(d + n - 2) = 0;
	} else if (n) {
		*d = 0;
	}
}

/*
 * Moves @lines whole lines from @s to the line-aligned @d: all loads, then
 * all stores, NT or ordinary.  @lines is a constant after inlining and
 * the loops unroll fully, so the vectors live in registers.
 */
CB_INLINE void cb_lines(char *d, const char *s, int lines, bool nt)
{
	cb_vec v[CB_UNROLL * CB_VPL];

#pragma GCC unroll 32
	for (int i = 0; i < lines * CB_VPL; i++)
		v[i] = cb_loadu(s + i * CB_VEC);
#pragma GCC unroll 32
	for (int i = 0; i < lines * CB_VPL; i++) {
		if (nt)
			cb_stream(d + i * CB_VEC, v[i]);
		else
			cb_store(d + i * CB_VEC, v[i]);
		CB_ORDER();
	}
}

CB_INLINE void cb_zero_lines(char *d, int lines, bool nt)
{
	cb_vec z = cb_zero();

#pragma GCC unroll 32
	for (int i = 0; i < lines * CB_VPL; i++) {
		if (nt)
			cb_stream(d + i * CB_VEC, z);
		else
			cb_store(d + i * CB_VEC, z);
		CB_ORDER();
	}
}

CB_INLINE void cb_flush_lines(int flush, const char *d, int lines)
{
#pragma GCC unroll 32
	for (int i = 0; i < lines; i++)
		cb_flush_line(flush, d + i * CB_LINE);
}

/* Whole lines or a piece of one, copied from @s or (when @zero) zeroed. */
CB_INLINE void cb_part(char *d, const char *s, size_t n, bool zero)
{
	if (zero)
		cb_small_zero(d, n);
	else
		cb_small_copy(d, s, n);
}

CB_INLINE void cb_whole(char *d, const char *s, int lines, bool zero, bool nt)
{
	if (zero)
		cb_zero_lines(d, lines, nt);
	else
		cb_lines(d, s, lines, nt);
}

/*
 * The one body of every kernel.  @zero (a constant after inlining): zero
 * @n bytes at @d and ignore @s.  @nt: whole lines go out with NT stores
 * (CK_NT) and @flush is used only for the partial head and tail lines;
 * otherwise ordinary stores and every line is flushed right after its
 * group is written (CK_CACHED_FLUSH), or nothing is flushed (@flush ==
 * CB_NOFLUSH, CK_CACHED).  Fences once at the end when @fence, and never
 * when nothing was flushed or streamed (CK_CACHED).
 */
CB_INLINE void cb_body(char *d, const char *s, size_t n, bool zero, bool nt,
		       int flush, bool fence)
{
	size_t head = -(uintptr_t)d & (CB_LINE - 1);

	if (head > n)
		head = n;
	if (head) {
		cb_part(d, s, head, zero);
		cb_flush_line(flush, d);
		d += head;
		s = zero ? s : s + head;
		n -= head;
	}
	for (; n >= CB_STEP; n -= CB_STEP) {
		if (!zero && n >= CB_PREFETCH + CB_STEP)
			cb_prefetch_lines(s + CB_PREFETCH, CB_UNROLL);
		cb_whole(d, s, CB_UNROLL, zero, nt);
		if (!nt)
			cb_flush_lines(flush, d, CB_UNROLL);
		d += CB_STEP;
		s = zero ? s : s + CB_STEP;
	}
	for (; n >= CB_LINE; n -= CB_LINE) {
		cb_whole(d, s, 1, zero, nt);
		if (!nt)
			cb_flush_line(flush, d);
		d += CB_LINE;
		s = zero ? s : s + CB_LINE;
	}
	if (n) {
		cb_part(d, s, n, zero);
		cb_flush_line(flush, d);
	}
	if (fence && (nt || flush != CB_NOFLUSH))
		pm_fence();
}

#define CB_GENERATE_FLUSH(isa, fl, FL)					\
void pm_copy_nt_##isa##_##fl(void *d, const void *s, size_t n, unsigned f) \
{ cb_body(d, s, n, false, true, FL, !(f & PM_NODRAIN)); }		\
void pm_zero_nt_##isa##_##fl(void *d, size_t n, unsigned f)		\
{ cb_body(d, NULL, n, true, true, FL, !(f & PM_NODRAIN)); }		\
void pm_copy_cf_##isa##_##fl(void *d, const void *s, size_t n, unsigned f) \
{ cb_body(d, s, n, false, false, FL, !(f & PM_NODRAIN)); }		\
void pm_zero_cf_##isa##_##fl(void *d, size_t n, unsigned f)		\
{ cb_body(d, NULL, n, true, false, FL, !(f & PM_NODRAIN)); }

/* Defines every kernel of one ISA; CB_DECLARE(isa) declares them. */
#define CB_GENERATE(isa)						\
	CB_GENERATE_FLUSH(isa, clflush, DX_FLUSH_CLFLUSH)		\
	CB_GENERATE_FLUSH(isa, clflushopt, DX_FLUSH_CLFLUSHOPT)	\
	CB_GENERATE_FLUSH(isa, clwb, DX_FLUSH_CLWB)			\
void pm_copy_c_##isa(void *d, const void *s, size_t n, unsigned f)	\
{ (void)f; cb_body(d, s, n, false, false, CB_NOFLUSH, false); }		\
void pm_zero_c_##isa(void *d, size_t n, unsigned f)			\
{ (void)f; cb_body(d, NULL, n, true, false, CB_NOFLUSH, false); }

#endif /* CB_VEC */
