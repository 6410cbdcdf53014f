// SPDX-License-Identifier: MIT
/*
 * entry.c - locking mapping-tree entries, invalidation, block owners.
 *
 * The entry lock is the LOCKED bit of an entry (fs/dax.c's DAX_LOCKED);
 * whoever sets it owns the entry until it puts it back.  This file is the
 * only place that sets or clears the bit (fault.c, writeback.c, pin.c and
 * rw.c call these):
 *   entry_grab()          a 4 KiB entry, or the PMD entry covering it
 *   entry_grab_pmd()      a PMD-sized range: waits out every locked
 *                         entry inside it, then holds a placeholder that
 *                         covers all 512 pages
 *   entry_put()           unlock and store (0 removes)
 *   entry_lock_in_tree(), entry_unlock_in_tree()   the same for callers
 *                         already walking the tree under its lock
 * A fault that finds no entry inserts a locked EMPTY one, so two faults on
 * one page serialise even before either knows what backs it.  Waiting for
 * a locked entry sleeps on the tree's wait queue (mt_wait_entry), which
 * drops the tree lock.  Lock class "entry", between invalidate and i_mmap
 * (README.md).
 *
 * Block owners play page->mapping/index: the fault path records which
 * (inode, page) maps a block when it inserts the entry, and removing the
 * entry clears it.  Memory failure reads it without locks and must
 * revalidate it under the entry lock (dx_memory_failure).
 */
#include <errno.h>
#include <stdlib.h>
#include "fs.h"
#include "lockdep.h"
#include "race.h"
#include "pgtable.h"

#define PMD_MASK_PG	(~(uint64_t)(MT_PMD_PAGES - 1))

/*
 * The entry lock, taken with the tree lock held: waits (dropping the tree
 * lock) until the entry at @idx is unlocked, then locks it if it is
 * present and returns it; returns 0 (nothing locked) if it is gone.  The
 * entry lock is logically taken before the tree lock (README.md's order);
 * setting the bit under the tree lock is how it is taken, with no wait in
 * between, so for the checker the tree lock is let go and taken again
 * around it.
 */
uint64_t entry_lock_in_tree(struct mtree *t, uint64_t idx)
{
	uint64_t e = mt_wait_entry(t, idx);

	if (!e)
		return 0;
	lockdep_release(&lc_tree);
	lockdep_acquire(&lc_entry);
	lockdep_acquire(&lc_tree);
	mt_store(t, idx, e | MT_LOCKED);	/* present: cannot fail */
	return e;
}

/* Stores @e at @at unlocked (0 removes it), wakes waiters.  Caller holds
 * the tree lock and the entry lock of @at. */
void entry_unlock_in_tree(struct mtree *t, uint64_t at, uint64_t e)
{
	mt_store(t, at, e & ~MT_LOCKED);
	mt_wake(t);
	lockdep_release(&lc_entry);
}

uint64_t entry_grab(struct dx_inode *ip, uint64_t pg, uint64_t *at)
{
	struct mtree *t = &ip->pages;
	bool pte_in_pmd = fs_bug(ip->fs, BUG_PTE_INSIDE_PMD);
	bool no_span = fs_bug(ip->fs, BUG_PTE_IGNORES_PMD_LOCK);

	lockdep_acquire(&lc_entry);
	mt_lock(t);
	for (;;) {
		uint64_t pmd = pg & PMD_MASK_PG, pe = mt_load(t, pmd);
		bool span = no_span ? MT_KIND(pe) == MT_PMD : MT_SPANS_PMD(pe);

		/* A PMD entry, or a PMD fault's placeholder, covers @pg. */
		if (span && !pte_in_pmd) {
			if (pe & MT_LOCKED) {
				mt_wait_entry(t, pmd);
				continue;
			}
			mt_store(t, pmd, pe | MT_LOCKED);	/* present */
			*at = pmd;
			mt_unlock(t);
			return pe;
		}
		uint64_t e = mt_load(t, pg);

		if (e & MT_LOCKED) {
			mt_wait_entry(t, pg);
			continue;
		}
		if (mt_store(t, pg, e | MT_LOCKED)) {
			mt_unlock(t);
			lockdep_release(&lc_entry);
			return UINT64_MAX;		/* -ENOMEM */
		}
		*at = pg;
		mt_unlock(t);
		return e;
	}
}

int entry_grab_pmd(struct dx_inode *ip, uint64_t pmd, bool write,
		   uint64_t *entry)
{
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64];

	lockdep_acquire(&lc_entry);
	mt_lock(t);
	for (;;) {
		unsigned n = mt_find(t, pmd, pmd + MT_PMD_PAGES - 1, -1, idx,
				     ent, 64);
		bool waited = false, conflict = false;

		for (unsigned i = 0; i < n && !waited && !conflict; i++) {
			enum mt_kind k = MT_KIND(ent[i]);

			if (ent[i] & MT_LOCKED) {
				mt_wait_entry(t, idx[i]);
				waited = true;
			} else if (k == MT_PMD) {
				continue;
			} else if (k != MT_ZERO || !write) {
				conflict = true;
			}
		}
		if (waited)
			continue;
		uint64_t e = mt_load(t, pmd);

		if (conflict || n == 64 ||
		    mt_store(t, pmd, e | MT_LOCKED |
			     (MT_KIND(e) == MT_PMD ? 0 : MT_PMDSPAN))) {
			mt_unlock(t);
			lockdep_release(&lc_entry);
			return -EAGAIN;
		}
		mt_unlock(t);
		*entry = e;
		return 0;
	}
}

void entry_put(struct dx_inode *ip, uint64_t at, uint64_t e)
{
	struct mtree *t = &ip->pages;

	mt_lock(t);
	entry_unlock_in_tree(t, at, e & ~MT_PMDSPAN);
	mt_unlock(t);
}

/* --- owners --------------------------------------------------------- */

#define OWNER_IDX_BITS	40
#define OWNER_IDX_MASK	((1ULL << OWNER_IDX_BITS) - 1)

static uint64_t *owners(struct dx_fs *fs)
{
	uint64_t *o = __atomic_load_n(&fs->owner, __ATOMIC_ACQUIRE);

	if (o)
		return o;
	dx_mutex_lock(&fs->pin_lock);
	if (!fs->owner)
		__atomic_store_n(&fs->owner,
				 calloc(fs->region.size / BLK, sizeof(uint64_t)),
				 __ATOMIC_RELEASE);
	dx_mutex_unlock(&fs->pin_lock);
	return fs->owner;
}

void owner_set(struct dx_inode *ip, uint64_t pfn, uint64_t n, uint64_t pg)
{
	uint64_t *o = owners(ip->fs);

	if (!o)
		return;
	for (uint64_t i = 0; i < n; i++)
		__atomic_store_n(&o[pfn + i], (ip->ino << OWNER_IDX_BITS) |
				 ((pg + i + 1) & OWNER_IDX_MASK),
				 __ATOMIC_RELEASE);
}

void owner_clear(struct dx_fs *fs, uint64_t e)
{
	uint64_t *o = __atomic_load_n(&fs->owner, __ATOMIC_ACQUIRE);
	enum mt_kind k = MT_KIND(e);

	if (!o || (k != MT_PTE && k != MT_PMD))
		return;
	uint64_t n = k == MT_PMD ? MT_PMD_PAGES : 1;

	for (uint64_t i = 0; i < n; i++)
		__atomic_store_n(&o[MT_PFN(e) + i], 0, __ATOMIC_RELEASE);
}

bool owner_get(struct dx_fs *fs, uint64_t pfn, uint64_t *ino, uint64_t *pg)
{
	uint64_t *o = __atomic_load_n(&fs->owner, __ATOMIC_ACQUIRE);
	uint64_t w = o ? __atomic_load_n(&o[pfn], __ATOMIC_ACQUIRE) : 0;

	if (!w)
		return false;
	*ino = w >> OWNER_IDX_BITS;
	*pg = (w & OWNER_IDX_MASK) - 1;
	return true;
}

/* --- invalidation after a write allocated blocks ---------------------- */

/*
 * invalidate_inode_pages2_range() for DAX, after write() allocated the
 * blocks of pages [first, last]: zero-page entries go, and then their
 * mappings, so that mmap sees what write() stores.  Entries first,
 * mappings after - the order of the kernel function ("For DAX we
 * invalidate page tables after invalidating page cache"): a hole read
 * fault still holding its entry lock when we come is waited for, and the
 * zero page it maps goes with the unmap that follows; unmapping first
 * would leave that zero page over the data (the invalidate-unmap-first
 * profile).  DAX entries tagged DIRTY or TOWRITE stay: a racing write
 * fault may have just inserted one (Kara, 2016-07-27), and dropping it
 * would lose the only record that the page needs flushing (the
 * invalidate-drops-dirty profile drops them).  Caller holds i_rwsem.
 */
void invalidate_new(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct mtree *t = &ip->pages;
	bool drop_dirty = fs_bug(ip->fs, BUG_INVALIDATE_DROPS_DIRTY);
	bool unmap_first = fs_bug(ip->fs, BUG_INVALIDATE_UNMAP_FIRST);
	uint64_t idx[64], ent[64];
	unsigned n;

	lockdep_assert_held(&lc_i_rwsem);
	if (!t->nr_entries)
		return;
	if (unmap_first) {
		zap_zero(ip, first, last);
		if (drop_dirty)
			zap_range(ip, first, last);
	}
	mt_lock(t);
	uint64_t from = first;

	while (from <= last &&
	       (n = mt_find(t, from, last, -1, idx, ent, 64)) > 0) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t e = mt_wait_entry(t, idx[i]);
			bool dirty = mt_tag_get(t, idx[i], MT_TAG_DIRTY) ||
				     mt_tag_get(t, idx[i], MT_TAG_TOWRITE);

			if (!e || (dirty && !drop_dirty))
				continue;
			if (MT_KIND(e) != MT_ZERO && !drop_dirty)
				continue;	/* clean DAX entries may stay */
			owner_clear(ip->fs, e);
			mt_store(t, idx[i], 0);
		}
		if (idx[n - 1] == last)
			break;
		from = idx[n - 1] + 1;
	}
	mt_wake(t);
	mt_unlock(t);
	RACE(RP_INVALIDATE_AFTER_REMOVE);
	if (!unmap_first) {
		zap_zero(ip, first, last);
		if (drop_dirty)
			zap_range(ip, first, last);
	}
}
