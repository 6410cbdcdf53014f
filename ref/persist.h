/* SPDX-License-Identifier: MIT */
/*
 * persist.h - the persistence model: what would survive a power failure.
 *
 * Every 64-byte line of the region is DURABLE, DIRTY (stored, still in the
 * CPU cache) or FLUSHED by thread T (written back or written with NT
 * stores, waiting for T's fence), as in pmemcheck.  A fence makes the
 * calling thread's FLUSHED lines DURABLE: their content is copied into a
 * shadow image, the last durable state.  persist_crash() reverts every line
 * that is not DURABLE to the shadow (or, torn, keeps a seeded random subset,
 * as pmreorder's partial engine does).
 *
 * The model is only consulted when tracking is on (pmem.h checks one
 * pointer per call), so the speed path pays nothing for it.
 */
#ifndef DAXREF_PERSIST_H
#define DAXREF_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct persist;

struct persist_crash_stats {
	uint64_t	reverted;	/* lines rolled back to durable content */
	uint64_t	kept;		/* non-durable lines a torn crash kept */
};

/* Starts tracking [base, base+size); the current content is durable. */
struct persist *persist_create(void *base, uint64_t size);
void persist_destroy(struct persist *p);

/* Ordinary stores: lines become DIRTY. */
void persist_stored(struct persist *p, const void *addr, size_t len);
/* Flush instructions: DIRTY lines become FLUSHED by this thread. */
void persist_flushed(struct persist *p, const void *addr, size_t len);
/* NT stores (and store+flush kernels): lines become FLUSHED by this thread. */
void persist_nt_stored(struct persist *p, const void *addr, size_t len);
/* A fence by this thread: its FLUSHED lines become DURABLE. */
void persist_fenced(struct persist *p);

/* Lines that a crash now would lose (or might, if torn). */
uint64_t persist_nondurable(struct persist *p);
/* True when every line of [addr, addr+len) is DURABLE. */
bool persist_is_durable(struct persist *p, const void *addr, size_t len);

void persist_crash(struct persist *p, bool torn, uint64_t seed,
		   struct persist_crash_stats *st);

/* Also set, in @bitmap (one bit per 4 KiB page, shared with a parent
 * process), every page a tracked store reaches from now on. */
void persist_share_touched(struct persist *p, uint64_t *bitmap);

/*
 * Crash images at a fence, as pmreorder checks every fence: arm the model
 * to capture, at the @n-th fence from now (any thread), the content
 * persistent memory would hold if power failed just before that fence
 * completed - the durable lines plus, when @torn, a seeded random subset
 * of the lines still in flight.  Execution goes on normally; the image is
 * kept for the caller to mount and check.
 */
void persist_arm(struct persist *p, uint64_t n, bool torn, uint64_t seed);
/*
 * Power fails at the @n-th fence from now (0: never): that fence and every
 * later one complete nothing, so what is durable stays what it was just
 * before it, while execution goes on.  The next persist_crash() then
 * leaves exactly that - the image persist_arm() would have captured,
 * without copying the region.
 */
void persist_freeze_at(struct persist *p, uint64_t n);
/* The captured image (size bytes), or NULL if the fence was not reached.
 * Ownership passes to the caller, who frees it with persist_image_free. */
void *persist_take_image(struct persist *p);
void persist_image_free(void *img, uint64_t size);
uint64_t persist_fences(struct persist *p);

#endif
