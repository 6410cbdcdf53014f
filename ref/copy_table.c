// SPDX-License-Identifier: MIT
/*
 * copy_table.c - the named copy-kernel table, the flush-only primitives
 * and the per-filesystem kernel set.
 *
 * Every kind x ISA x flush combination is in the table whether or not this
 * CPU can run it; copy_kernel_runnable() and copy_kernel_why_not() say.
 * This file is baseline x86-64: it only points at the kernels, and its own
 * flush loops use inline asm (copy_body.h part 1).
 */
#include <stdio.h>
#include <string.h>

#include "copy.h"
#include "copy_body.h"

#define NT(I, F)							\
	{ .name = "nt-" #I "+" #F, .kind = CK_NT, .body = #I,		\
	  .isa = DX_ISA_##I, .flush = DX_FLUSH_##F,			\
	  .copy = pm_copy_nt_##I##_##F, .zero = pm_zero_nt_##I##_##F }
#define CF(I, F)							\
	{ .name = "cached-" #I "+" #F, .kind = CK_CACHED_FLUSH,		\
	  .body = #I, .isa = DX_ISA_##I, .flush = DX_FLUSH_##F,		\
	  .copy = pm_copy_cf_##I##_##F, .zero = pm_zero_cf_##I##_##F }
/* .flush means nothing for CK_CACHED; copy_kernel_get() ignores it. */
#define C(I)								\
	{ .name = "cached-" #I, .kind = CK_CACHED, .body = #I,		\
	  .isa = DX_ISA_##I, .flush = DX_FLUSH_CLFLUSH,			\
	  .copy = pm_copy_c_##I, .zero = pm_zero_c_##I }

/* The kernel's own copies (copy_string.c): baseline x86-64, so their ISA
 * is sse2; @FN is the Linux function each stands for. */
#define STR_NT(B, F, FN)						\
	{ .name = "nt-" #B "+" #F, .kind = CK_NT, .body = #B,		\
	  .stands_for = FN, .isa = DX_ISA_SSE2, .flush = DX_FLUSH_##F,	\
	  .copy = pm_copy_nt_##B##_##F, .zero = pm_zero_nt_##B##_##F }
#define STR_CF(B, F, FN)						\
	{ .name = "cached-" #B "+" #F, .kind = CK_CACHED_FLUSH,		\
	  .body = #B, .stands_for = FN " + clean_cache_range()",	\
	  .isa = DX_ISA_SSE2, .flush = DX_FLUSH_##F,			\
	  .copy = pm_copy_cf_##B##_##F, .zero = pm_zero_cf_##B##_##F }
#define STR_C(B, F_UNUSED, FN)						\
	{ .name = "cached-" #B, .kind = CK_CACHED, .body = #B,		\
	  .stands_for = FN, .isa = DX_ISA_SSE2,				\
	  .flush = DX_FLUSH_CLFLUSH,					\
	  .copy = pm_copy_c_##B, .zero = pm_zero_c_##B }
#define STR_PER_FLUSH(M, B, FN)						\
	M(B, clwb, FN), M(B, clflushopt, FN), M(B, clflush, FN)

/* glibc's memcpy on an ERMS CPU: the vector kernel of ISA I below the
 * rep_movsb threshold, rep movsb above (copy_string.c). */
#define GLIBC_C(I, FN)							\
	{ .name = "cached-glibc-" #I, .kind = CK_CACHED,		\
	  .body = "glibc-" #I,						\
	  .stands_for = "glibc's memcpy, " FN "()",			\
	  .isa = DX_ISA_##I, .flush = DX_FLUSH_CLFLUSH,			\
	  .copy = pm_copy_c_glibc_##I, .zero = pm_zero_c_glibc_##I }

#define FN_MOVSB	"copy_user_enhanced_fast_string() (ERMS/FSRM)"
#define FN_MOVSQ	"copy_user_generic_string() (2016, REP_GOOD)"
#define FN_MOVQ		"copy_user_generic_unrolled() (2016)"
#define FN_MOVNTI	"__copy_user_flushcache() (the DAX write copy)"

/* Lower-case aliases so the table macros can paste the kernel names. */
#define DX_ISA_sse2		DX_ISA_SSE2
#define DX_ISA_avx2		DX_ISA_AVX2
#define DX_ISA_avx512		DX_ISA_AVX512
#define DX_FLUSH_clflush	DX_FLUSH_CLFLUSH
#define DX_FLUSH_clflushopt	DX_FLUSH_CLFLUSHOPT
#define DX_FLUSH_clwb		DX_FLUSH_CLWB

#define PER_FLUSH(M, I) M(I, clwb), M(I, clflushopt), M(I, clflush)

/* Grouped by kind, widest ISA and best flush first. */
const struct copy_kernel copy_kernels[] = {
	PER_FLUSH(NT, avx512), PER_FLUSH(NT, avx2), PER_FLUSH(NT, sse2),
	STR_PER_FLUSH(STR_NT, movnti, FN_MOVNTI),
	PER_FLUSH(CF, avx512), PER_FLUSH(CF, avx2), PER_FLUSH(CF, sse2),
	STR_PER_FLUSH(STR_CF, movsb, FN_MOVSB),
	STR_PER_FLUSH(STR_CF, movsq, FN_MOVSQ),
	STR_PER_FLUSH(STR_CF, movq, FN_MOVQ),
	C(avx512), C(avx2), C(sse2),
	STR_C(movsb, -, FN_MOVSB), STR_C(movsq, -, FN_MOVSQ),
	STR_C(movq, -, FN_MOVQ),
	GLIBC_C(avx512, "__memmove_avx512_unaligned_erms"),
	GLIBC_C(avx2, "__memmove_avx_unaligned_erms"),
	GLIBC_C(sse2, "__memmove_sse2_unaligned_erms"),
};
const unsigned n_copy_kernels = sizeof(copy_kernels) / sizeof(copy_kernels[0]);

const char *copy_kind_name(enum copy_kind k)
{
	static const char *const names[CK_COUNT] = {
		[CK_NT] = "nt", [CK_CACHED_FLUSH] = "cached+flush",
		[CK_CACHED] = "cached",
	};

	return (unsigned)k < CK_COUNT ? names[k] : "?";
}

const struct copy_kernel *copy_kernel_find(const char *name)
{
	for (unsigned i = 0; name && i < n_copy_kernels; i++)
		if (!strcmp(copy_kernels[i].name, name))
			return &copy_kernels[i];
	return NULL;
}

const struct copy_kernel *copy_kernel_get(enum copy_kind k, enum dx_isa isa,
					  enum dx_flush flush)
{
	for (unsigned i = 0; i < n_copy_kernels; i++) {
		const struct copy_kernel *e = &copy_kernels[i];

		if (e->kind == k && e->isa == isa && !e->stands_for &&
		    (k == CK_CACHED || e->flush == flush))
			return e;
	}
	return NULL;
}

bool copy_kernel_runnable(const struct copy_kernel *k)
{
	const struct cpu_caps *c = cpu_caps();

	return c->isa[k->isa] && (k->kind == CK_CACHED || c->flush[k->flush]);
}

const char *copy_kernel_why_not(const struct copy_kernel *k, char *buf,
				size_t len)
{
	const struct cpu_caps *c = cpu_caps();

	if (!c->isa[k->isa])
		snprintf(buf, len, "no %s: %s", dx_isa_name(k->isa),
			 c->isa_why[k->isa]);
	else if (k->kind != CK_CACHED && !c->flush[k->flush])
		snprintf(buf, len, "no %s: %s", dx_flush_name(k->flush),
			 c->flush_why[k->flush]);
	else
		return NULL;
	return buf;
}

/* The flush-only primitives: every line of the range, no fence. */
#define FLUSH_RANGE(fl, FL)						\
static void flush_##fl(const void *addr, size_t len)			\
{									\
	uintptr_t p = (uintptr_t)addr & ~(uintptr_t)(CB_LINE - 1);	\
	uintptr_t end = (uintptr_t)addr + len;				\
									\
	for (; p < end; p += CB_LINE)					\
		cb_flush_line(FL, (const void *)p);			\
}
FLUSH_RANGE(clflush, DX_FLUSH_CLFLUSH)
FLUSH_RANGE(clflushopt, DX_FLUSH_CLFLUSHOPT)
FLUSH_RANGE(clwb, DX_FLUSH_CLWB)

pm_flush_fn pm_flush_fn_for(enum dx_flush f)
{
	switch (f) {
	case DX_FLUSH_CLFLUSH:		return flush_clflush;
	case DX_FLUSH_CLFLUSHOPT:	return flush_clflushopt;
	case DX_FLUSH_CLWB:		return flush_clwb;
	default:			return NULL;
	}
}

void pm_kset_init(struct pm_kset *ks, const struct cpu_choice *c)
{
	ks->nt = copy_kernel_get(CK_NT, c->isa, c->flush);
	ks->cached_flush = copy_kernel_get(CK_CACHED_FLUSH, c->isa, c->flush);
	ks->cached = copy_kernel_get(CK_CACHED, c->isa, c->flush);
	ks->flush = pm_flush_fn_for(c->flush);
	ks->cpu = *c;
	for (int k = 0; k < CK_COUNT; k++)
		snprintf(ks->how[k], sizeof(ks->how[k]), "static rank");
	ks->rank_note[0] = 0;
	ks->calib_ms = 0;
}
