// SPDX-License-Identifier: MIT
/*
 * fault.c - page faults on mappings of reference files.
 *
 * Order inside a fault (fs/dax.c's dax_iomap_pte_fault):
 *   mm_lock (held by the SIGSEGV handler) -> invalidate (shared) ->
 *   check i_size (SIGBUS past EOF; stable: truncate holds invalidate
 *   exclusive) -> lock the entry -> map the block (allocating on a write)
 *   -> insert the entry and the mapping -> unlock the entry.
 *
 *   read of a hole   the shared zero page, read-only; a ZERO entry
 *   write            allocate and zero the block if needed, replace a
 *                    ZERO entry (unmapping the zero page everywhere),
 *                    tag the entry DIRTY, map writable
 *   read of data     map read-only, so the first store faults again
 *   store to a read-only data page   pfn_mkwrite: tag DIRTY, make
 *                    writable - after writeback write-protected it
 * PMD faults map 2 MiB at once when the mapping, the file size and the
 * extent allow it, and fall back to PTEs otherwise (counted).
 */
#include <errno.h>
#include <sys/mman.h>
#include "fs.h"
#include "lockdep.h"
#include "race.h"
#include "fault.h"

#define PMD_MASK_PG	(~(uint64_t)(MT_PMD_PAGES - 1))

static void count(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* A write fault maps the block at once, before anything is written to it,
 * so a new block is always zeroed (whatever the zeroing policy) and an
 * unwritten one converted: XFS_BMAPI_ZERO / EXT4_GET_BLOCKS_CREATE_ZERO. */
#define WRITE_FAULT_HOW	(IOMAP_WRITE | IOMAP_ZERO_NEW | IOMAP_CONVERT)

/* --- DAX ------------------------------------------------------------ */

static enum fault_result dax_pte_fault(struct dx_vma *vma, uint64_t pg,
				       bool write)
{
	struct dx_inode *ip = vma->ip;
	struct dx_fs *fs = ip->fs;
	bool hole_race = !write && fs_bug(fs, BUG_HOLE_LOAD_RACE);
	uint64_t at, e;
	struct iomap m;
	int rc;

	e = entry_grab(ip, pg, &at);
	if (e == UINT64_MAX)
		return FAULT_SIGBUS;
	RACE(RP_PTE_AFTER_GRAB);
	if (hole_race)
		entry_put(ip, at, e);	/* 2016: no entry lock across get_block */
	rc = dx_iomap(ip, pg, 1, write ? WRITE_FAULT_HOW : 0, &m);
	RACE(RP_PTE_AFTER_GET_BLOCK);
	if (hole_race) {
		if (!rc && (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))) {
			/* Install the hole page over whatever is there now. */
			mt_lock(&ip->pages);
			mt_store(&ip->pages, pg, MT_MK(MT_ZERO, 0));
			mt_unlock(&ip->pages);
			vma_map_zero(vma, pg);
			count(&fs->stats.zero_maps);
			return FAULT_OK;
		}
		e = entry_grab(ip, pg, &at);
	}
	if (rc) {
		entry_put(ip, at, e);	/* an EMPTY placeholder goes away */
		return FAULT_SIGBUS;	/* ENOSPC and I/O errors: SIGBUS */
	}
	if (!write && (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN)) &&
	    MT_KIND(e) != MT_PTE && MT_KIND(e) != MT_PMD) {
		vma_map_zero(vma, pg);
		count(&fs->stats.zero_maps);
		entry_put(ip, at, MT_MK(MT_ZERO, 0));
		return FAULT_OK;
	}
	uint64_t pfn = MT_KIND(e) == MT_PMD ? MT_PFN(e) + (pg - at) : m.pblk;
	uint64_t ne = e;

	if (MT_KIND(e) == MT_ZERO)	/* dax_insert_entry: zero -> block */
		zap_zero(ip, pg, pg);
	if (MT_KIND(e) != MT_PTE && MT_KIND(e) != MT_PMD) {
		ne = MT_MK(MT_PTE, pfn);
		owner_set(ip, pfn, 1, pg);
	} else if (e & MT_WONLY) {
		ne = e & ~MT_WONLY;	/* a mapping uses it from now on */
		owner_set(ip, pfn, 1, pg);
	}
	if (write && !fs_bug(fs, BUG_NO_DIRTY_TRACKING)) {
		mt_lock(&ip->pages);
		mt_tag_set(&ip->pages, at, MT_TAG_DIRTY);
		mt_unlock(&ip->pages);
	}
	vma_map(vma, pg, 1, pfn, write ? PTE_RW : PTE_RO, false);
	if (write)
		pm_user_stores(&fs->pm, blk_addr(fs, pfn), BLK);
	entry_put(ip, at, ne);
	count(write ? &fs->stats.write_faults : &fs->stats.read_faults);
	return FAULT_OK;
}

/* Can page @pg be served by a PMD?  The kernel's dax_fault_check_fallback. */
static bool pmd_possible(struct dx_vma *vma, uint64_t pg)
{
	uint64_t pmd = pg & PMD_MASK_PG;
	uint64_t max_pg = (size_read(vma->ip) + BLK - 1) >> BLK_SHIFT;

	return vma_covers(vma, pmd) && vma_covers(vma, pmd + MT_PMD_PAGES - 1) &&
	       ((uintptr_t)vma_addr(vma, pmd) & (DX_PMD_SIZE - 1)) == 0 &&
	       (pmd | (MT_PMD_PAGES - 1)) < max_pg;
}

static enum fault_result dax_pmd_fault(struct dx_vma *vma, uint64_t pg,
				       bool write)
{
	struct dx_inode *ip = vma->ip;
	struct dx_fs *fs = ip->fs;
	uint64_t pmd = pg & PMD_MASK_PG, e;
	struct iomap m;

	if (!pmd_possible(vma, pg) || entry_grab_pmd(ip, pmd, write, &e))
		return FAULT_FALLBACK;
	RACE(RP_PMD_AFTER_GRAB);
	if (MT_KIND(e) == MT_PMD) {
		m.pblk = MT_PFN(e);
	} else {
		int rc = dx_iomap(ip, pmd, MT_PMD_PAGES,
				  write ? WRITE_FAULT_HOW : 0, &m);

		RACE(RP_PMD_AFTER_GET_BLOCK);
		if (rc || m.len < MT_PMD_PAGES || (m.pblk & (MT_PMD_PAGES - 1)) ||
		    (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))) {
			entry_put(ip, pmd, e);
			return FAULT_FALLBACK;
		}
		/*
		 * Zwisler v7 2/9: 4 KiB zero pages of this range go from every
		 * mapping and from the tree before the PMD goes in.
		 */
		if (!fs_bug(fs, BUG_NO_PMD_HOLE_CONVERSION)) {
			zap_range(ip, pmd, pmd + MT_PMD_PAGES - 1);
			mt_lock(&ip->pages);
			for (uint64_t i = 1; i < MT_PMD_PAGES; i++)
				if (MT_KIND(mt_load(&ip->pages, pmd + i)) == MT_ZERO)
					mt_store(&ip->pages, pmd + i, 0);
			mt_unlock(&ip->pages);
		}
		RACE(RP_PMD_AFTER_ZAP);
		owner_set(ip, m.pblk, MT_PMD_PAGES, pmd);
		e = MT_MK(MT_PMD, m.pblk);
	}
	if (write && !fs_bug(fs, BUG_NO_DIRTY_TRACKING)) {
		mt_lock(&ip->pages);
		mt_tag_set(&ip->pages, pmd, MT_TAG_DIRTY);
		mt_unlock(&ip->pages);
	}
	vma_map(vma, pmd, MT_PMD_PAGES, m.pblk, write ? PTE_RW : PTE_RO, true);
	if (write)
		pm_user_stores(&fs->pm, blk_addr(fs, m.pblk), DX_PMD_SIZE);
	entry_put(ip, pmd, e);
	count(&fs->stats.pmd_faults);
	return FAULT_OK;
}

/* --- page cache ------------------------------------------------------ */

static enum fault_result pc_fault(struct dx_vma *vma, uint64_t pg, bool write)
{
	struct dx_inode *ip = vma->ip;
	struct dx_fs *fs = ip->fs;
	uint64_t at, e;
	struct iomap m;

	e = entry_grab(ip, pg, &at);
	if (e == UINT64_MAX)
		return FAULT_SIGBUS;
	RACE(RP_PTE_AFTER_GRAB);
	if (MT_KIND(e) != MT_PAGE) {
		if (dx_iomap(ip, pg, 1, 0, &m)) {
			entry_put(ip, at, e);
			return FAULT_SIGBUS;
		}
		RACE(RP_PTE_AFTER_GET_BLOCK);
		if (!write && (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))) {
			vma_map_zero(vma, pg);
			count(&fs->stats.zero_maps);
			entry_put(ip, at, MT_MK(MT_ZERO, 0));
			return FAULT_OK;
		}
		if (MT_KIND(e) == MT_ZERO)
			zap_zero(ip, pg, pg);
		if (pc_new_page(ip, &m, false, &e)) {
			entry_put(ip, at, 0);
			return FAULT_SIGBUS;	/* no space for delalloc */
		}
	}
	if (write) {
		mt_lock(&ip->pages);
		mt_tag_set(&ip->pages, at, MT_TAG_DIRTY);
		mt_unlock(&ip->pages);
	}
	vma_map(vma, pg, 1, MT_PFN(e), write ? PTE_RW : PTE_RO, false);
	entry_put(ip, at, e);
	count(write ? &fs->stats.write_faults : &fs->stats.read_faults);
	return FAULT_OK;
}

/* --- pfn_mkwrite ----------------------------------------------------- */

/*
 * A store to a page this mapping holds read-only.  The entry must still
 * be there: if a hole punch removed it since the CPU took the fault, the
 * page-table entry we saw is gone too and the fault is retried from
 * scratch (v7's NO_SECTOR case).  The mkwrite-after-punch profile instead
 * inserts an entry for the block it remembered, which truncate freed.
 */
static enum fault_result mkwrite(struct dx_vma *vma, uint64_t pg, uint64_t w)
{
	struct dx_inode *ip = vma->ip;
	struct dx_fs *fs = ip->fs;
	struct mtree *t = &ip->pages;
	enum fault_result r = FAULT_OK;
	bool locked = !fs_bug(fs, BUG_FAULT_NO_MMAP_LOCK);
	uint64_t at;

	RACE(RP_MKWRITE_BEFORE_ENTRY);
	if (locked)
		dx_down_read(&ip->invalidate);
	if ((pg << BLK_SHIFT) >= size_read(ip)) {
		r = FAULT_SIGBUS;
		goto out;
	}
	uint64_t e = entry_grab(ip, pg, &at);

	if (e == UINT64_MAX) {
		r = FAULT_SIGBUS;
		goto out;
	}
	if (MT_KIND(e) != MT_PTE && MT_KIND(e) != MT_PMD &&
	    MT_KIND(e) != MT_PAGE) {
		if (fs_bug(fs, BUG_MKWRITE_INSERTS)) {
			e = MT_MK(fs->mode->dax ? MT_PTE : MT_PAGE, PTE_PFN(w));
		} else {
			entry_put(ip, at, e);
			r = FAULT_RETRY;
			goto out;
		}
	}
	if (!fs_bug(fs, BUG_NO_DIRTY_TRACKING)) {
		mt_lock(t);
		mt_tag_set(t, at, MT_TAG_DIRTY);
		mt_unlock(t);
	}
	/* pte_same(): only upgrade the page-table entry we faulted on. */
	if (vma_pte(vma, pg) == w) {
		vma_map(vma, pg, 1, PTE_PFN(w), PTE_RW, w & PTE_PMD);
		if (fs->mode->dax)
			pm_user_stores(&fs->pm, blk_addr(fs, PTE_PFN(w)), BLK);
		count(&fs->stats.mkwrite_faults);
	} else {
		r = FAULT_RETRY;
	}
	entry_put(ip, at, e);
out:
	if (locked)
		dx_up_read(&ip->invalidate);
	return r;
}

enum fault_result dx_fault(struct dx_vma *vma, uint64_t pg, bool write)
{
	struct dx_inode *ip = vma->ip;
	struct dx_fs *fs = ip->fs;
	bool locked = !fs_bug(fs, BUG_FAULT_NO_MMAP_LOCK);
	enum fault_result r;

	RACE(RP_FAULT_START);
	uint64_t w = vma_pte(vma, pg);
	enum pte_state st = PTE_STATE(w);

	if (st == PTE_RW || (!write && st != PTE_NONE))
		return FAULT_OK;		/* another thread got here */
	if (write && st == PTE_RO)
		return mkwrite(vma, pg, w);
	if (locked)
		dx_down_read(&ip->invalidate);
	if ((pg << BLK_SHIFT) >= size_read(ip) || fs_alive(fs)) {
		r = FAULT_SIGBUS;
		count(&fs->stats.sigbus);
	} else if (!fs->mode->dax) {
		r = pc_fault(vma, pg, write);
	} else {
		r = dax_pmd_fault(vma, pg, write);
		if (r == FAULT_FALLBACK) {
			if (pmd_possible(vma, pg))
				count(&fs->stats.pmd_fallbacks);
			r = dax_pte_fault(vma, pg, write);
		}
	}
	if (locked)
		dx_up_read(&ip->invalidate);
	return r;
}
