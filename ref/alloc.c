// SPDX-License-Identifier: MIT
/*
 * alloc.c - bitmap allocator with 2 MiB chunk accounting.
 *
 * Search order for a run at file block f:
 *   1. the goal block, if free (continue the file contiguously);
 *   2. a wholly free 2 MiB chunk c, taking block c*512 + f%512 (aligned);
 *   3. any free block at p = f (mod 512);
 *   4. any free block.
 * A run then grows while the following blocks are free.
 */
#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static inline int test(const struct alloc *a, uint64_t b)
{
	return (a->used[b / 64] >> (b % 64)) & 1;
}

static void set_range(struct alloc *a, uint64_t b, uint64_t n, int on)
{
	for (uint64_t i = b; i < b + n; i++) {
		uint64_t bit = 1ULL << (i % 64);

		if (on)
			a->used[i / 64] |= bit;
		else
			a->used[i / 64] &= ~bit;
		if (on)
			a->chunk_free[i / ALLOC_CHUNK]--;
		else
			a->chunk_free[i / ALLOC_CHUNK]++;
	}
	if (on)
		a->free -= n;
	else
		a->free += n;
}

int alloc_init(struct alloc *a, uint64_t first, uint64_t end)
{
	memset(a, 0, sizeof(*a));
	a->first = first;
	a->end = end;
	a->used = calloc((end + 63) / 64, sizeof(uint64_t));
	a->nchunks = (end + ALLOC_CHUNK - 1) / ALLOC_CHUNK;
	a->chunk_free = calloc(a->nchunks, sizeof(uint16_t));
	if (!a->used || !a->chunk_free) {
		alloc_destroy(a);
		return -ENOMEM;
	}
	/* Blocks below first (metadata) count as used. */
	for (uint64_t b = 0; b < end; b++) {
		if (b < first)
			a->used[b / 64] |= 1ULL << (b % 64);
		else
			a->chunk_free[b / ALLOC_CHUNK]++;
	}
	a->free = end - first;
	a->rotor = first;
	dx_mutex_init(&a->lock, &lc_alloc);
	return 0;
}

void alloc_destroy(struct alloc *a)
{
	free(a->used);
	free(a->chunk_free);
	a->used = NULL;
	a->chunk_free = NULL;
}

void alloc_mark_used(struct alloc *a, uint64_t pblk, uint64_t len)
{
	set_range(a, pblk, len, 1);
}

/* First free block in [from, to), or UINT64_MAX; skips full words. */
static uint64_t next_free(const struct alloc *a, uint64_t from, uint64_t to)
{
	uint64_t b = from;

	while (b < to) {
		uint64_t w = a->used[b / 64];

		if (b % 64 == 0 && w == ~0ULL) {
			b += 64;
			continue;
		}
		if (!test(a, b))
			return b;
		b++;
	}
	return UINT64_MAX;
}

static uint64_t run_from(const struct alloc *a, uint64_t b, uint64_t len)
{
	uint64_t n = 0;

	while (n < len && b + n < a->end && !test(a, b + n))
		n++;
	return n;
}

static uint64_t find_free_chunk(struct alloc *a)
{
	uint64_t c0 = a->rotor / ALLOC_CHUNK;

	for (uint64_t k = 0; k < a->nchunks; k++) {
		uint64_t c = (c0 + k) % a->nchunks;

		if (c * ALLOC_CHUNK >= a->first &&
		    (c + 1) * ALLOC_CHUNK <= a->end &&
		    a->chunk_free[c] == ALLOC_CHUNK)
			return c;
	}
	return UINT64_MAX;
}

static uint64_t find_congruent(const struct alloc *a, uint64_t fblk)
{
	uint64_t want = fblk % ALLOC_CHUNK;

	for (uint64_t c = a->first / ALLOC_CHUNK; c < a->nchunks; c++) {
		uint64_t b = c * ALLOC_CHUNK + want;

		if (a->chunk_free[c] && b >= a->first && b < a->end &&
		    !test(a, b))
			return b;
	}
	return UINT64_MAX;
}

int64_t alloc_extent(struct alloc *a, uint64_t fblk, uint64_t goal,
		     uint64_t len, int use_reserved, uint64_t *pblk)
{
	uint64_t b = UINT64_MAX, n;

	dx_mutex_lock(&a->lock);
	uint64_t avail = use_reserved ? a->free : a->free - a->reserved;

	if (a->free < a->reserved)
		avail = use_reserved ? a->free : 0;
	if (avail == 0) {
		dx_mutex_unlock(&a->lock);
		return -ENOSPC;
	}
	if (len > avail)
		len = avail;
	if (goal >= a->first && goal < a->end && !test(a, goal))
		b = goal;
	if (b == UINT64_MAX) {
		uint64_t c = find_free_chunk(a);

		if (c != UINT64_MAX) {
			b = c * ALLOC_CHUNK + fblk % ALLOC_CHUNK;
			a->rotor = (c + 1) * ALLOC_CHUNK;
		}
	}
	if (b == UINT64_MAX)
		b = find_congruent(a, fblk);
	if (b == UINT64_MAX) {
		b = next_free(a, a->rotor, a->end);
		if (b == UINT64_MAX)
			b = next_free(a, a->first, a->rotor);
	}
	if (b == UINT64_MAX) {	/* free says otherwise: cannot happen */
		dx_mutex_unlock(&a->lock);
		return -ENOSPC;
	}
	n = run_from(a, b, len);
	set_range(a, b, n, 1);
	if (use_reserved)
		a->reserved = a->reserved > n ? a->reserved - n : 0;
	dx_mutex_unlock(&a->lock);
	*pblk = b;
	return (int64_t)n;
}

void alloc_free(struct alloc *a, uint64_t pblk, uint64_t len)
{
	dx_mutex_lock(&a->lock);
	set_range(a, pblk, len, 0);
	dx_mutex_unlock(&a->lock);
}

int alloc_reserve(struct alloc *a, uint64_t n)
{
	int rc = 0;

	dx_mutex_lock(&a->lock);
	if (a->free < a->reserved + n)
		rc = -ENOSPC;
	else
		a->reserved += n;
	dx_mutex_unlock(&a->lock);
	return rc;
}

void alloc_unreserve(struct alloc *a, uint64_t n)
{
	dx_mutex_lock(&a->lock);
	a->reserved = a->reserved > n ? a->reserved - n : 0;
	dx_mutex_unlock(&a->lock);
}

uint64_t alloc_free_blocks(struct alloc *a)
{
	dx_mutex_lock(&a->lock);
	uint64_t n = a->free > a->reserved ? a->free - a->reserved : 0;

	dx_mutex_unlock(&a->lock);
	return n;
}
