// SPDX-License-Identifier: MIT
/*
 * entry.c - locking mapping-tree entries, invalidation, block owners.
 *
 * The entry lock is the LOCKED bit of an entry (fs/dax.c's DAX_LOCKED);
 * whoever sets it owns the entry until entry_put().  A fault that finds no
 * entry inserts a locked EMPTY one, so two faults on one page serialise
 * even before either knows what backs it.  Waiting for a locked entry
 * sleeps on the tree's wait queue (mt_wait_entry), which drops the tree
 * lock.  Lock class "entry", between invalidate and i_mmap (README.md).
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
#include "vma.h"

#define PMD_MASK_PG	(~(uint64_t)(MT_PMD_PAGES - 1))

uint64_t entry_grab(struct dx_inode *ip, uint64_t pg, uint64_t *at)
{
	struct mtree *t = &ip->pages;
	bool pte_in_pmd = fs_bug(ip->fs, BUG_PTE_INSIDE_PMD);

	lockdep_acquire(&lc_entry);
	mt_lock(t);
	for (;;) {
		uint64_t pmd = pg & PMD_MASK_PG, pe = mt_load(t, pmd);

		if (MT_KIND(pe) == MT_PMD && !pte_in_pmd) {
			if (pe & MT_LOCKED) {
				mt_wait_entry(t, pmd);
				continue;
			}
			if (mt_store(t, pmd, pe | MT_LOCKED))
				abort();	/* the slot exists */
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

void entry_put(struct dx_inode *ip, uint64_t at, uint64_t e)
{
	struct mtree *t = &ip->pages;

	mt_lock(t);
	mt_store(t, at, e & ~MT_LOCKED);
	mt_wake(t);
	mt_unlock(t);
	lockdep_release(&lc_entry);
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
 * blocks of pages [first, last]: zero-page entries go (and their mappings
 * with them) so that mmap sees what write() stores.  DAX entries tagged
 * DIRTY or TOWRITE stay: a racing write fault may have just inserted one
 * (Kara, 2016-07-27), and dropping it would lose the only record that
 * the page needs flushing.  The invalidate-drops-dirty profile drops them.
 */
void invalidate_new(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct mtree *t = &ip->pages;
	bool drop_dirty = fs_bug(ip->fs, BUG_INVALIDATE_DROPS_DIRTY);
	uint64_t idx[64], ent[64];
	unsigned n;

	if (!t->nr_entries)
		return;
	zap_zero(ip, first, last);
	if (drop_dirty)
		zap_range(ip, first, last);
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
}
