/* SPDX-License-Identifier: MIT */
/*
 * pmem.h - the only way the filesystem stores to its region.
 *
 * Each helper runs a kernel from the filesystem's kernel set and, when the
 * persistence model is on, tells it what the kernel did.  With tracking
 * off the cost is one well-predicted branch per call.
 *
 * The model hears of a store before it happens (persist.h's kept
 * lines need the content the store replaces); of a flush, after.
 *
 * Ordering contracts (who fences):
 *   pm_copy_nt, pm_zero_nt, pm_copy_flush: durable on return, unless
 *       PM_NODRAIN, in which case the caller must pm_drain() later.
 *   pm_copy_cached: nothing is flushed or fenced; the lines stay dirty in
 *       the CPU cache until pm_flush() and pm_drain().
 *   pm_flush: flushes, does not fence: caller must pm_drain().
 *   pm_drain: one fence for everything this thread flushed or NT-stored.
 */
#ifndef DAXREF_PMEM_H
#define DAXREF_PMEM_H

#include <stdint.h>

#include "copy.h"
#include "persist.h"

struct pm {
	struct pm_kset	ks;
	struct persist	*track;		/* NULL: the model is off */
	/* Zeroing counters (dx_opts.count_zeroing): bytes the filesystem
	 * zeroed and the TSC ticks it took, added with relaxed atomics;
	 * dx_info() converts ticks to seconds. */
	bool		count_zero;
	uint64_t	zero_bytes, zero_ticks;
};

#define pm_tracking(pm) __builtin_expect((pm)->track != NULL, 0)
#define pm_counting(pm) __builtin_expect((pm)->count_zero, 0)

static inline uint64_t pm_ticks(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void pm_count_zero(struct pm *pm, size_t n, uint64_t t0)
{
	__atomic_fetch_add(&pm->zero_bytes, n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&pm->zero_ticks, pm_ticks() - t0, __ATOMIC_RELAXED);
}

static inline void pm_drain(struct pm *pm)
{
	pm_fence();
	if (pm_tracking(pm))
		persist_fenced(pm->track);
}

static inline void pm_copy_nt(struct pm *pm, void *dst, const void *src,
			      size_t n, unsigned fl)
{
	if (pm_tracking(pm))
		persist_nt_stored(pm->track, dst, n);
	pm->ks.nt->copy(dst, src, n, fl);
	if (pm_tracking(pm) && !(fl & PM_NODRAIN))
		persist_fenced(pm->track);
}

static inline void pm_zero_nt(struct pm *pm, void *dst, size_t n, unsigned fl)
{
	uint64_t t0 = pm_counting(pm) ? pm_ticks() : 0;

	if (pm_tracking(pm))
		persist_nt_stored(pm->track, dst, n);
	pm->ks.nt->zero(dst, n, fl);
	if (pm_tracking(pm) && !(fl & PM_NODRAIN))
		persist_fenced(pm->track);
	if (pm_counting(pm))
		pm_count_zero(pm, n, t0);
}

static inline void pm_copy_flush(struct pm *pm, void *dst, const void *src,
				 size_t n, unsigned fl)
{
	if (pm_tracking(pm))
		persist_nt_stored(pm->track, dst, n);
	pm->ks.cached_flush->copy(dst, src, n, fl);
	if (pm_tracking(pm) && !(fl & PM_NODRAIN))
		persist_fenced(pm->track);
}

static inline void pm_copy_cached(struct pm *pm, void *dst, const void *src,
				  size_t n)
{
	if (pm_tracking(pm))
		persist_stored(pm->track, dst, n);
	pm->ks.cached->copy(dst, src, n, 0);
}

static inline void pm_zero_cached(struct pm *pm, void *dst, size_t n)
{
	uint64_t t0 = pm_counting(pm) ? pm_ticks() : 0;

	if (pm_tracking(pm))
		persist_stored(pm->track, dst, n);
	pm->ks.cached->zero(dst, n, 0);
	if (pm_counting(pm))
		pm_count_zero(pm, n, t0);
}

static inline void pm_flush(struct pm *pm, const void *addr, size_t n)
{
	pm->ks.flush(addr, n);
	if (pm_tracking(pm))
		persist_flushed(pm->track, addr, n);
}

/* A user store through a mapping (write fault): the page becomes dirty. */
static inline void pm_user_stores(struct pm *pm, const void *addr, size_t n)
{
	if (pm_tracking(pm))
		persist_stored(pm->track, addr, n);
}

#endif
