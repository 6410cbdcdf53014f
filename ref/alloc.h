/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the block allocator: 4 KiB blocks, placed so that file block
 * f lands on a region block p with p = f (mod 512) whenever it can, which
 * is what lets a 2 MiB-aligned file range be mapped with one PMD.
 *
 * In-core only: the free map is rebuilt from the extents at mount.  Lock:
 * alloc, below ilock and above journal.  Blocks handed out here are not
 * owned by anyone until the caller's ALLOC transaction commits; the caller
 * gives them back with alloc_free() if it fails before that.
 */
#ifndef DAXREF_ALLOC_H
#define DAXREF_ALLOC_H

#include <stdint.h>
#include "lock.h"

#define ALLOC_CHUNK	512u	/* blocks per 2 MiB */

struct alloc {
	uint64_t	first, end;	/* data blocks [first, end) */
	uint64_t	*used;		/* bitmap over [0, end) */
	uint16_t	*chunk_free;	/* free blocks per 2 MiB chunk */
	uint64_t	nchunks;
	uint64_t	free, reserved;	/* reserved: delalloc promises */
	uint64_t	rotor;		/* where new files start looking */
	struct dx_mutex	lock;
};

int alloc_init(struct alloc *a, uint64_t first, uint64_t end);
void alloc_destroy(struct alloc *a);

/* Marks blocks in use while rebuilding from the extents at mount. */
void alloc_mark_used(struct alloc *a, uint64_t pblk, uint64_t len);

/**
 * alloc_extent() - allocate one contiguous run of up to @len blocks for
 * file block @fblk.
 * @goal: the region block that would continue the file's neighbouring
 *	extent, or UINT64_MAX.
 * Returns the run length (>= 1) with *@pblk, or -ENOSPC.  Reserved blocks
 * are not handed out unless @use_reserved (delalloc writeback).
 */
int64_t alloc_extent(struct alloc *a, uint64_t fblk, uint64_t goal,
		     uint64_t len, int use_reserved, uint64_t *pblk);
void alloc_free(struct alloc *a, uint64_t pblk, uint64_t len);

/* Delalloc: promise @n blocks to a later writeback (-ENOSPC if short). */
int alloc_reserve(struct alloc *a, uint64_t n);
void alloc_unreserve(struct alloc *a, uint64_t n);

uint64_t alloc_free_blocks(struct alloc *a);

#endif
