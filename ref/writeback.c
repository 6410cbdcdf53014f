// SPDX-License-Identifier: MIT
/*
 * writeback.c - fsync/fdatasync/msync: make a range durable.
 *
 * DAX (fs/dax.c's dax_writeback_mapping_range, from Zwisler's v7 6/9):
 *   1. under the tree lock, tag TOWRITE every DIRTY entry in the range;
 *   2. for each TOWRITE entry, as dax_writeback_one() does: lock it, clear
 *      TOWRITE, write-protect it in every mapping (so a later store faults
 *      and tags it again), flush its 4 KiB (PTE) or 2 MiB (PMD) without
 *      fencing, clear DIRTY, unlock it;
 *   3. one fence for the whole range;
 *   4. commit the unwritten conversions whose data is now durable, then
 *      the file size.
 * A range that starts inside a PMD begins the walk at the PMD's index, so
 * the PMD entry is found and flushed whole (the pmd-range-fsync check).
 * Page cache: pagecache.c's pc_writeback().
 */
#include <errno.h>
#include "fs.h"
#include "lockdep.h"
#include "race.h"
#include "pgtable.h"

static int dax_writeback(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct dx_fs *fs = ip->fs;
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64];
	unsigned n;

	if (!fs_bug(fs, BUG_PMD_FSYNC_RANGE))
		first &= ~(uint64_t)(MT_PMD_PAGES - 1);
	mt_lock(t);
	mt_tag_move(t, first, last, MT_TAG_DIRTY, MT_TAG_TOWRITE);
	while ((n = mt_find(t, first, last, MT_TAG_TOWRITE, idx, ent, 64))) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t e = entry_lock_in_tree(t, idx[i]);

			if (!e)
				continue;	/* gone while we slept */
			if (!mt_tag_get(t, idx[i], MT_TAG_TOWRITE)) {
				entry_unlock_in_tree(t, idx[i], e);
				continue;	/* written back meanwhile */
			}
			mt_tag_clear(t, idx[i], MT_TAG_TOWRITE);
			mt_unlock(t);

			uint64_t cnt = MT_KIND(e) == MT_PMD ? MT_PMD_PAGES : 1;

			if (!fs_bug(fs, BUG_NO_MKCLEAN))
				mkclean_range(ip, idx[i], idx[i] + cnt - 1);
			RACE(RP_WRITEBACK_BEFORE_FLUSH);
			if (MT_KIND(e) == MT_PTE || MT_KIND(e) == MT_PMD) {
				pm_flush(&fs->pm, blk_addr(fs, MT_PFN(e)),
					 cnt * BLK);
				__atomic_fetch_add(&fs->stats.flushed_bytes,
						   cnt * BLK, __ATOMIC_RELAXED);
			}
			RACE(RP_WRITEBACK_AFTER_FLUSH);

			/* An entry write() made only for its tag has done its
			 * job; a fault would have cleared WONLY (it waits for
			 * our lock), and writers are kept out by i_rwsem. */
			mt_lock(t);
			uint64_t now = mt_load(t, idx[i]) & ~MT_LOCKED;

			mt_tag_clear(t, idx[i], MT_TAG_DIRTY);
			entry_unlock_in_tree(t, idx[i], now & MT_WONLY ? 0 : now);
		}
	}
	mt_unlock(t);
	pm_drain(&fs->pm);

	struct range_list done = { 0 };

	dx_mutex_lock(&ip->ilock);
	int rc = range_take(&ip->convert, first, last, &done);

	if (!rc)
		rc = commit_converts(ip, &done);
	dx_mutex_unlock(&ip->ilock);
	range_free(&done);
	return rc;
}

int writeback_range(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	int rc = ip->fs->mode->dax ? dax_writeback(ip, first, last)
				   : pc_writeback(ip, first, last);

	return rc ? rc : log_size(ip);
}
