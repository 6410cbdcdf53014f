/* SPDX-License-Identifier: MIT */
/*
 * copy.h - the copy-kernel table: named {copy, zero} variants per ISA and
 * flush instruction, in the style of PMDK's memmove/memset function table.
 *
 * Ordering contract of every kernel in the table:
 *   - CK_NT: full cache lines go out with non-temporal stores; a partial
 *     head or tail line is written with ordinary stores and flushed with
 *     the kernel's flush instruction.  One SFENCE at the end of the call
 *     (never per line or per page) unless PM_NODRAIN, in which case the
 *     caller must fence before relying on durability.
 *   - CK_CACHED_FLUSH: ordinary (temporal) stores, each line flushed soon
 *     after it is written, one fence at the end unless PM_NODRAIN.
 *   - CK_CACHED: ordinary stores only - an explicit vector loop, never
 *     glibc memcpy, whose strategy changes with size.  Nothing is flushed
 *     or fenced; the data is durable only after a later flush + fence.
 * dst and src may have any alignment; regions must not overlap.
 */
#ifndef DAXREF_COPY_H
#define DAXREF_COPY_H

#include <stddef.h>
#include "cpu.h"

#define PM_NODRAIN	0x1u	/* skip the closing fence: caller fences */

typedef void (*pm_copy_fn)(void *dst, const void *src, size_t len,
			   unsigned flags);
typedef void (*pm_zero_fn)(void *dst, size_t len, unsigned flags);
/* Flushes every line that [addr, addr+len) touches.  Does not fence. */
typedef void (*pm_flush_fn)(const void *addr, size_t len);

enum copy_kind { CK_NT, CK_CACHED_FLUSH, CK_CACHED, CK_COUNT };

struct copy_kernel {
	const char	*name;	/* "nt-avx2+clwb", "cached-sse2+clflush", "cached-avx512" */
	enum copy_kind	kind;
	enum dx_isa	isa;	/* what the CPU must have to run it */
	enum dx_flush	flush;	/* edges (CK_NT) or every line (CK_CACHED_FLUSH) */
	/* The body: a vector width ("avx512") for the hand-written kernels
	 * (copy_body.h), or the kernel's own copy ("movsb", "movsq", "movq",
	 * "movnti"; copy_string.c). */
	const char	*body;
	/* For the kernel's own copies, the Linux function it stands for;
	 * NULL for the vector kernels. */
	const char	*stands_for;
	pm_copy_fn	copy;
	pm_zero_fn	zero;
};

extern const struct copy_kernel copy_kernels[];
extern const unsigned n_copy_kernels;

/**
 * pm_flush_fn_for() - the flush-only primitive for instruction @f, or NULL
 * for a bad value.  It flushes every line the range touches and does not
 * fence: the caller fences (pm_fence()) before relying on durability.
 */
pm_flush_fn pm_flush_fn_for(enum dx_flush f);

/* SFENCE: orders (and, with ADR, makes durable) earlier NT stores and
 * flushes of this thread only. */
static inline void pm_fence(void)
{
	__asm__ __volatile__("sfence" ::: "memory");
}

/* "nt", "cached+flush", "cached". */
const char *copy_kind_name(enum copy_kind k);

/**
 * copy_kernel_find() - the table entry named @name ("nt-avx2+clwb").
 * Returns NULL for an unknown name; runnable or not is a separate question.
 */
const struct copy_kernel *copy_kernel_find(const char *name);

/**
 * copy_kernel_get() - the vector kernel for (@k, @isa, @flush): the static
 * choice, from the ISA alone.  @flush is ignored for CK_CACHED.  Never
 * NULL for valid enum values.
 */
const struct copy_kernel *copy_kernel_get(enum copy_kind k, enum dx_isa isa,
					  enum dx_flush flush);

/**
 * copy_kernel_runnable() - true when this CPU can run @k: cpu_caps()
 * grants its ISA and (except for CK_CACHED) its flush instruction.
 * Calling a kernel that is not runnable may raise SIGILL.
 */
bool copy_kernel_runnable(const struct copy_kernel *k);

/**
 * copy_kernel_why_not() - why @k cannot run, e.g. "no clwb: not in CPUID",
 * written to @buf; NULL when it can run.
 */
const char *copy_kernel_why_not(const struct copy_kernel *k, char *buf,
				size_t len);

/*
 * The set of kernels a filesystem or benchmark uses, resolved once from a
 * cpu_choice.  Every pointer is non-NULL after pm_kset_init().
 */
struct pm_kset {
	const struct copy_kernel *nt;		/* movnt mode, zeroing, journal */
	const struct copy_kernel *cached_flush;	/* clwb mode */
	const struct copy_kernel *cached;	/* deferred, pagecache, reads */
	pm_flush_fn		  flush;	/* deferred fsync, writeback */
	struct cpu_choice	  cpu;
	/* Why each kind got its kernel, by enum copy_kind: "static rank",
	 * "measured", "cached ranking", "override (...)" (copy_rank.h). */
	char			  how[CK_COUNT][40];
	char			  rank_note[800];	/* where the ranking is */
	double			  calib_ms;	/* this call's calibration, 0 if none */
};

/**
 * pm_kset_init() - fill @ks with the kernels of @c's ISA and flush.
 * @c must come from a successful cpu_choose(), so every kernel in @ks is
 * runnable.
 */
void pm_kset_init(struct pm_kset *ks, const struct cpu_choice *c);

#endif
