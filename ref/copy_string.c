// SPDX-License-Identifier: MIT
/*
 * copy_string.c - the copies the Linux kernel itself does, as table kernels
 * beside the vector ones (copy_sse2.c and friends), so the comparison of
 * copy strategies has the kernel's own copy on its cached side.
 *
 *   movsb   `rep movsb` over the whole range.  Stands for
 *           copy_user_enhanced_fast_string() (arch/x86/lib/copy_user_64.S,
 *           chosen on ERMS CPUs since 2011) and, from 6.x, the FSRM
 *           rep_movs_alternative(): the copy_from_user() of every write()
 *           into the page cache on a modern CPU.  Zero: `rep stosb`, the
 *           kernel's ERMS memset / clear_user.
 *   movsq   destination aligned to 8 with single bytes, `rep movsq` for
 *           the 8-byte words, `rep movsb` for the tail.  Stands for
 *           copy_user_generic_string(), the REP_GOOD choice of the 2016
 *           kernels the thread measured.  Zero: `rep stosq` + `rep stosb`.
 *   movq    an unrolled loop of eight 8-byte `movq` loads and stores per
 *           64 bytes, then 8-byte words, then bytes.  Stands for
 *           copy_user_generic_unrolled() (CPUs without REP_GOOD).
 *   movnti  destination aligned to 8 with ordinary stores, then `movnti`
 *           8-byte non-temporal stores (4 per turn), 4-byte movnti, and an
 *           ordinary tail; the ordinary head and tail are flushed.  Stands
 *           for __copy_user_nocache() under __copy_user_flushcache()
 *           (arch/x86/lib/usercopy_64.c): the copy a DAX write() really
 *           does (dax_iomap_actor -> dax_copy_from_iter ->
 *           _copy_from_iter_flushcache).  Zero: movnti of a zero register,
 *           as pmem's zeroing through memcpy_flushcache() of the zero page.
 *
 * The cached kinds copy first and, in their "+flush" variants, then flush
 * every line of the destination and fence once: the kernel's order in
 * arch_wb_cache_pmem() after a copy, not the vector kernels' flush of each
 * group right after it is written.  All asm here is baseline x86-64 (SSE2
 * for movnti), so every entry runs on any x86-64; `rep movsb` is fast only
 * with ERMS (and short copies only with FSRM): cpu_caps() says which.
 *
 * Contract (copy.h): no byte outside [dst, dst+n) or [src, src+n) is
 * touched; a "+flush" or NT call fences once at the end unless PM_NODRAIN;
 * a plain cached call never flushes or fences.  The direction flag is
 * clear (the ABI guarantees it at every call).
 */
#include <stdint.h>

#include "copy.h"
#include "copy_body.h"

#define CS_INLINE	static inline __attribute__((always_inline))

CS_INLINE void cs_movsb(char *d, const char *s, size_t n)
{
	__asm__ __volatile__("rep movsb"
			     : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

CS_INLINE void cs_stosb(char *d, size_t n)
{
	__asm__ __volatile__("rep stosb"
			     : "+D"(d), "+c"(n) : "a"(0) : "memory");
}

/* Bytes to the next 8-byte boundary of @d, at most @n. */
CS_INLINE size_t cs_head8(const char *d, size_t n)
{
	size_t h = -(uintptr_t)d & 7;

	return h < n ? h : n;
}

CS_INLINE void cs_movsq_copy(char *d, const char *s, size_t n)
{
	size_t h = n >= 8 ? cs_head8(d, n) : 0, q;

	cs_movsb(d, s, h);
	d += h, s += h, n -= h;
	q = n / 8;
	__asm__ __volatile__("rep movsq"
			     : "+D"(d), "+S"(s), "+c"(q) : : "memory");
	cs_movsb(d, s, n & 7);
}

CS_INLINE void cs_stosq_zero(char *d, size_t n)
{
	size_t h = n >= 8 ? cs_head8(d, n) : 0, q;

	cs_stosb(d, h);
	d += h, n -= h;
	q = n / 8;
	__asm__ __volatile__("rep stosq"
			     : "+D"(d), "+c"(q) : "a"(0ul) : "memory");
	cs_stosb(d, n & 7);
}

/*
 * 64 bytes per turn through four general registers, twice, as the 2016
 * unrolled kernel: asm, so the compiler cannot turn it into vector code.
 */
CS_INLINE void cs_movq_copy(char *d, const char *s, size_t n)
{
	size_t h = n >= 8 ? cs_head8(d, n) : 0;

	cs_movsb(d, s, h);	/* the kernel's ALIGN_DESTINATION: bytes */
	d += h, s += h, n -= h;
	for (; n >= 64; n -= 64, d += 64, s += 64)
		__asm__ __volatile__(
			"movq 0(%1), %%r8\n\tmovq 8(%1), %%r9\n\t"
			"movq 16(%1), %%r10\n\tmovq 24(%1), %%r11\n\t"
			"movq %%r8, 0(%0)\n\tmovq %%r9, 8(%0)\n\t"
			"movq %%r10, 16(%0)\n\tmovq %%r11, 24(%0)\n\t"
			"movq 32(%1), %%r8\n\tmovq 40(%1), %%r9\n\t"
			"movq 48(%1), %%r10\n\tmovq 56(%1), %%r11\n\t"
			"movq %%r8, 32(%0)\n\tmovq %%r9, 40(%0)\n\t"
			"movq %%r10, 48(%0)\n\tmovq %%r11, 56(%0)"
			: : "r"(d), "r"(s)
			: "r8", "r9", "r10", "r11", "memory");
	for (; n >= 8; n -= 8, d += 8, s += 8)
		__asm__ __volatile__("movq (%1), %%r8\n\tmovq %%r8, (%0)"
				     : : "r"(d), "r"(s) : "r8", "memory");
	for (; n; n--)
		*(volatile char *)d++ = *s++;
}

CS_INLINE void cs_movq_zero(char *d, size_t n)
{
	size_t h = n >= 8 ? cs_head8(d, n) : 0;

	cs_stosb(d, h);
	d += h, n -= h;
	for (; n >= 64; n -= 64, d += 64)
		__asm__ __volatile__(
			"movq %1, 0(%0)\n\tmovq %1, 8(%0)\n\t"
			"movq %1, 16(%0)\n\tmovq %1, 24(%0)\n\t"
			"movq %1, 32(%0)\n\tmovq %1, 40(%0)\n\t"
			"movq %1, 48(%0)\n\tmovq %1, 56(%0)"
			: : "r"(d), "r"(0ul) : "memory");
	for (; n >= 8; n -= 8, d += 8)
		__asm__ __volatile__("movq %1, (%0)" : : "r"(d), "r"(0ul)
				     : "memory");
	for (; n; n--)
		*(volatile char *)d++ = 0;
}

/* Every line of [d, d+n) with instruction @fl: clean_cache_range(). */
CS_INLINE void cs_flush_range(int fl, const char *d, size_t n)
{
	uintptr_t p = (uintptr_t)d & ~(uintptr_t)(CB_LINE - 1);

	for (; n && p < (uintptr_t)d + n; p += CB_LINE)
		cb_flush_line(fl, (const void *)p);
}

/*
 * movnti from @s (or zeros when @s is NULL) over [d, d+n), d 8-aligned
 * on entry to the word loops.  Returns nothing: the head and tail that
 * are not whole aligned words go through ordinary stores, flushed.
 */
CS_INLINE void cs_movnti(int fl, char *d, const char *s, size_t n)
{
	size_t h = cs_head8(d, n);

	if (h) {
		if (s)
			cs_movsb(d, s, h);
		else
			cs_stosb(d, h);
		cs_flush_range(fl, d, h);
		d += h, n -= h, s = s ? s + h : s;
	}
	for (; n >= 32; n -= 32, d += 32, s = s ? s + 32 : s) {
		if (s)
			__asm__ __volatile__(
				"movq 0(%1), %%r8\n\tmovq 8(%1), %%r9\n\t"
				"movq 16(%1), %%r10\n\tmovq 24(%1), %%r11\n\t"
				"movnti %%r8, 0(%0)\n\tmovnti %%r9, 8(%0)\n\t"
				"movnti %%r10, 16(%0)\n\tmovnti %%r11, 24(%0)"
				: : "r"(d), "r"(s)
				: "r8", "r9", "r10", "r11", "memory");
		else
			__asm__ __volatile__(
				"movnti %1, 0(%0)\n\tmovnti %1, 8(%0)\n\t"
				"movnti %1, 16(%0)\n\tmovnti %1, 24(%0)"
				: : "r"(d), "r"(0ul) : "memory");
	}
	for (; n >= 8; n -= 8, d += 8, s = s ? s + 8 : s) {
		uint64_t v = s ? *(const cb_u64 *)s : 0;

		__asm__ __volatile__("movnti %1, (%0)" : : "r"(d), "r"(v)
				     : "memory");
	}
	if (n) {
		if (s)
			cs_movsb(d, s, n);
		else
			cs_stosb(d, n);
		cs_flush_range(fl, d, n);
	}
}

/* The "+flush" variants: copy, then flush-after-copy, then one fence. */
#define CS_FLUSHED(body, fl, FL)					\
void pm_copy_cf_##body##_##fl(void *d, const void *s, size_t n, unsigned f) \
{									\
	cs_##body##_copy(d, s, n);					\
	cs_flush_range(FL, d, n);					\
	if (!(f & PM_NODRAIN))						\
		pm_fence();						\
}									\
void pm_zero_cf_##body##_##fl(void *d, size_t n, unsigned f)		\
{									\
	cs_##body##_zero(d, n);						\
	cs_flush_range(FL, d, n);					\
	if (!(f & PM_NODRAIN))						\
		pm_fence();						\
}

#define CS_PLAIN(body)							\
void pm_copy_c_##body(void *d, const void *s, size_t n, unsigned f)	\
{ (void)f; cs_##body##_copy(d, s, n); }					\
void pm_zero_c_##body(void *d, size_t n, unsigned f)			\
{ (void)f; cs_##body##_zero(d, n); }

#define CS_ALL_FLUSHES(body)						\
	CS_PLAIN(body)							\
	CS_FLUSHED(body, clflush, DX_FLUSH_CLFLUSH)			\
	CS_FLUSHED(body, clflushopt, DX_FLUSH_CLFLUSHOPT)		\
	CS_FLUSHED(body, clwb, DX_FLUSH_CLWB)

/* movsb's copy and zero under the names the macros paste. */
#define cs_movsb_copy	cs_movsb
#define cs_movsb_zero	cs_stosb
#define cs_movsq_zero	cs_stosq_zero

CS_ALL_FLUSHES(movsb)
CS_ALL_FLUSHES(movsq)
CS_ALL_FLUSHES(movq)

#define CS_NT(fl, FL)							\
void pm_copy_nt_movnti_##fl(void *d, const void *s, size_t n, unsigned f) \
{									\
	cs_movnti(FL, d, s, n);						\
	if (!(f & PM_NODRAIN))						\
		pm_fence();						\
}									\
void pm_zero_nt_movnti_##fl(void *d, size_t n, unsigned f)		\
{									\
	cs_movnti(FL, d, NULL, n);					\
	if (!(f & PM_NODRAIN))						\
		pm_fence();						\
}

CS_NT(clflush, DX_FLUSH_CLFLUSH)
CS_NT(clflushopt, DX_FLUSH_CLFLUSHOPT)
CS_NT(clwb, DX_FLUSH_CLWB)

/*
 * glibc's memcpy on an ERMS CPU (__memmove_{sse2,avx,avx512}_unaligned_erms,
 * sysdeps/x86_64/multiarch/memmove-vec-unaligned-erms.S): vector loads and
 * stores below rep_movsb_threshold, `rep movsb` from there; the threshold
 * is 2048 bytes per 16 bytes of vector (dl-cacheinfo.h), so 8 KiB for
 * AVX-512.  memset likewise with `rep stosb` (rep_stosb_threshold, 2048).
 * Plain cached copies: nothing flushed or fenced.  (glibc turns to NT
 * stores above a share of the last-level cache; not modelled here.)
 */
#define CS_GLIBC(isa, vecbytes)						\
void pm_copy_c_glibc_##isa(void *d, const void *s, size_t n, unsigned f) \
{									\
	if (n < 2048 * ((vecbytes) / 16))				\
		pm_copy_c_##isa(d, s, n, f);				\
	else								\
		cs_movsb(d, s, n);					\
}									\
void pm_zero_c_glibc_##isa(void *d, size_t n, unsigned f)		\
{									\
	if (n < 2048)							\
		pm_zero_c_##isa(d, n, f);				\
	else								\
		cs_stosb(d, n);						\
}

CS_GLIBC(sse2, 16)
CS_GLIBC(avx2, 32)
CS_GLIBC(avx512, 64)
