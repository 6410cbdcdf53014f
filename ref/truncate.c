// SPDX-License-Identifier: MIT
/*
 * truncate.c - truncate, punch hole, zero range and preallocation.
 *
 * Removing blocks, in this order (callers hold i_rwsem and the
 * invalidate lock exclusive, so no fault can map what is going away):
 *   1. zero the partial blocks at the edges, through the copy mode;
 *   2. drop the mapping-tree entries and cached pages of the whole blocks;
 *   3. commit UNMAP, and only then give the blocks to the allocator.
 * Truncate commits the new size before the UNMAP: a crash in between
 * leaves written blocks past EOF, which recovery frees.
 */
#include <errno.h>
#include <string.h>
#include "fs.h"
#include "lockdep.h"
#include "race.h"
#include "pgtable.h"

int zero_partial(struct dx_inode *ip, uint64_t off, uint64_t len)
{
	struct dx_fs *fs = ip->fs;
	uint64_t idx = off >> BLK_SHIFT, in = off & (BLK - 1);
	struct iomap m;
	int rc;

	if (!len)
		return 0;
	if (!fs->mode->dax)
		return pc_zero(ip, off, len);
	if ((rc = dx_iomap(ip, idx, 1, 0, &m)))
		return rc;
	if (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))
		return 0;
	pm_zero_nt(&fs->pm, blk_addr(fs, m.pblk) + in, len, 0);
	return 0;
}

/*
 * Before the file grows from its size to cover @upto: zero what lies past
 * EOF in the EOF block, as xfs_zero_range() does in xfs_setattr_size()
 * and xfs_file_write_checks().  A store through a mapping into the EOF
 * page past EOF lands there (the page is mapped; only pages wholly past
 * EOF raise SIGBUS), and must not show once EOF moves over it.  Caller
 * holds i_rwsem exclusive.  The eof-tail-exposed profile skips it.
 */
int grow_zero_tail(struct dx_inode *ip, uint64_t upto)
{
	uint64_t size = size_read(ip), in = size & (BLK - 1);

	lockdep_assert_held(&lc_i_rwsem);
	if (!in || upto <= size || fs_bug(ip->fs, BUG_EOF_TAIL_EXPOSED))
		return 0;
	return zero_partial(ip, size, BLK - in);
}

/* Drops entry @e: its block owner, its cached page; a reservation it
 * held is counted in *@unreserve for after the tree lock (alloc sits above
 * tree in the lock order). */
static void drop_entry(struct dx_inode *ip, uint64_t e, uint64_t *unreserve)
{
	struct dx_fs *fs = ip->fs;

	owner_clear(fs, e);
	if (MT_KIND(e) != MT_PAGE)
		return;
	if (e & MT_DELALLOC)
		(*unreserve)++;
	pool_put(&fs->pool, MT_PFN(e));
}

void drop_pages(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64], unreserve = 0;
	unsigned n;

	/* A PMD entry starting before @first may cover it. */
	uint64_t from = first & ~(uint64_t)(MT_PMD_PAGES - 1);

	mt_lock(t);
	while ((n = mt_find(t, from, last, -1, idx, ent, 64))) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t e = mt_wait_entry(t, idx[i]);
			uint64_t span = MT_KIND(e) == MT_PMD ? MT_PMD_PAGES : 1;

			if (!e || idx[i] + span - 1 < first)
				continue;
			mt_store(t, idx[i], 0);
			drop_entry(ip, e, &unreserve);
		}
		from = idx[n - 1] + 1;
		if (from == 0 || from > last)
			break;
	}
	/* tree-lock-not-leaf: gives the reservations back under the tree
	 * lock, nesting alloc inside tree. */
	if (unreserve && fs_bug(ip->fs, BUG_TREE_LOCK_NOT_LEAF)) {
		alloc_unreserve(&ip->fs->alloc, unreserve);
		unreserve = 0;
	}
	mt_wake(t);
	mt_unlock(t);
	if (unreserve)
		alloc_unreserve(&ip->fs->alloc, unreserve);
}

/* Writeback of a range about to be punched; in the page-cache mode the
 * dirty pages are dropped after it, so they are written first too. */
static int dax_flush_before_punch(struct dx_inode *ip, uint64_t first,
				  uint64_t last)
{
	lockdep_assert_held(&lc_i_rwsem);
	return writeback_range(ip, first, last);
}

/*
 * Before blocks go: unmap pages [first, last] from every mapping, wait for
 * pins on them (the layout break), then drop their entries.  The
 * truncate-no-unmap profile skips the unmap, so old mappings keep
 * reaching blocks that are about to be freed.
 */
static void unmap_and_drop(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	RACE(RP_TRUNCATE_BEFORE_UNMAP);
	if (!fs_bug(ip->fs, BUG_TRUNCATE_NO_UNMAP))
		zap_range(ip, first, last);
	break_layouts(ip, first, last);
	drop_pages(ip, first, last);
}

int do_truncate(struct dx_inode *ip, uint64_t size)
{
	uint64_t old = size_read(ip);
	int rc = 0;

	if (size >= old) {
		if ((rc = grow_zero_tail(ip, size)))
			return rc;
		size_write(ip, size);
		return log_size(ip);
	}
	if ((size & (BLK - 1)) &&
	    (rc = zero_partial(ip, size, BLK - (size & (BLK - 1)))))
		return rc;
	uint64_t first = (size + BLK - 1) >> BLK_SHIFT;

	unmap_and_drop(ip, first, UINT64_MAX);
	size_write(ip, size);
	if ((rc = log_size(ip)))
		return rc;
	RACE(RP_TRUNCATE_BEFORE_FREE);
	dx_mutex_lock(&ip->ilock);
	range_drop(&ip->convert, first, UINT64_MAX - first);
	rc = unmap_blocks(ip, first, UINT64_MAX - first);
	dx_mutex_unlock(&ip->ilock);
	return rc;
}

/*
 * Punches the whole blocks [first, first+n) out.  Writes the range back
 * first, as xfs_flush_unmap_range() does before a punch or zero range
 * (filemap_write_and_wait_range(), then truncate_pagecache_range()):
 * a PMD entry covering part of the range is then flushed and its every
 * mapping write-protected before the entry goes, so a 4 KiB mapping of a
 * page beside the range that the PMD entry tracked cannot stay writable
 * with no entry to make the next fsync flush it.
 */
static int punch_blocks(struct dx_inode *ip, uint64_t first, uint64_t n)
{
	int rc;

	if (!n)
		return 0;
	if (!fs_bug(ip->fs, BUG_PUNCH_NO_FLUSH) &&
	    (rc = dax_flush_before_punch(ip, first, first + n - 1)))
		return rc;
	unmap_and_drop(ip, first, first + n - 1);
	RACE(RP_TRUNCATE_BEFORE_FREE);
	dx_mutex_lock(&ip->ilock);
	range_drop(&ip->convert, first, n);
	rc = unmap_blocks(ip, first, n);
	dx_mutex_unlock(&ip->ilock);
	return rc;
}

/* Zeroes the partial blocks at both ends of [off, end); returns the
 * whole blocks in between through *first / *n. */
static int zero_edges(struct dx_inode *ip, uint64_t off, uint64_t end,
		      uint64_t *first, uint64_t *n)
{
	uint64_t a = (off + BLK - 1) >> BLK_SHIFT, b = end >> BLK_SHIFT;
	int rc;

	if (a > b) {	/* inside one block */
		*n = 0;
		return zero_partial(ip, off, end - off);
	}
	if ((rc = zero_partial(ip, off, (a << BLK_SHIFT) - off)) ||
	    (rc = zero_partial(ip, b << BLK_SHIFT, end - (b << BLK_SHIFT))))
		return rc;
	*first = a;
	*n = b - a;
	return 0;
}

/* Allocates the holes of [first, first+n) unwritten; cached pages over
 * them that only held a reservation now have their block. */
static int prealloc(struct dx_inode *ip, uint64_t first, uint64_t n)
{
	while (n) {
		struct iomap m;
		int rc = dx_iomap(ip, first, n, IOMAP_WRITE | IOMAP_PREALLOC,
				  &m);

		if (rc)
			return rc;
		if ((m.flags & IOMAP_NEW) && !ip->fs->mode->dax)
			pc_reservations_allocated(ip, m.fblk, m.len);
		first += m.len;
		n -= m.len;
	}
	return 0;
}

int do_fallocate(struct dx_inode *ip, int mode, uint64_t off, uint64_t len)
{
	uint64_t end = off + len, first = 0, n = 0;
	bool keep = mode & DX_FALLOC_KEEP_SIZE;
	int rc;

	if (mode & DX_FALLOC_PUNCH_HOLE) {
		if ((rc = zero_edges(ip, off, end, &first, &n)))
			return rc;
		return punch_blocks(ip, first, n);
	}
	if (mode & DX_FALLOC_ZERO_RANGE) {
		if ((rc = zero_edges(ip, off, end, &first, &n)) ||
		    (rc = punch_blocks(ip, first, n)) ||
		    (rc = prealloc(ip, first, n)))
			return rc;
	} else {
		first = off >> BLK_SHIFT;
		n = ((end + BLK - 1) >> BLK_SHIFT) - first;
		if ((rc = prealloc(ip, first, n)))
			return rc;
	}
	if (!keep && end > size_read(ip)) {
		if ((rc = grow_zero_tail(ip, end)))
			return rc;
		size_write(ip, end);
		return log_size(ip);
	}
	return 0;
}
