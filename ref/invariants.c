// SPDX-License-Identifier: MIT
/*
 * invariants.c - what must hold of the mapping tree and the user mappings
 * whenever no operation is in flight (the explorer's structure check,
 * `expect invariants` in a race script).
 *
 *   pmd       no entry at an index a PMD entry covers: no PTE, zero page
 *             or placeholder under a PMD (grab_mapping_entry() keeps one
 *             multi-index entry per PMD)
 *   locked    no entry left LOCKED
 *   stale     a PTE or PMD entry names the block the file has there now
 *             (never a freed one)
 *   zero      a zero page is mapped only where the tree holds a ZERO entry
 *             over a hole or an unwritten block (else a write that
 *             allocated could not find it to unmap it), and a ZERO entry
 *             never covers a written block (DAX)
 *   mapped    every other mapped page maps what the tree says: the
 *             file's block (DAX) or its cached page (page cache); a page
 *             mapped writable or through a PMD has an entry (a read-only
 *             4 KiB page may outlive one, as in the kernel)
 *   dirty     every writable mapping of a page has its entry tagged DIRTY
 *             or TOWRITE, so the next fsync/msync flushes it; and, with the
 *             persistence model on, every DIRTY entry has a writable
 *             mapping or lines not yet durable (a flush is pending)
 *
 * Locks: ns_lock, then per inode i_mmap (read), ilock, the tree lock, and
 * each mapping's page-table lock - README.md's order.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "daxref_hooks.h"
#include "fs.h"
#include "pgtable.h"

#define PMD_MASK_PG	(~(uint64_t)(MT_PMD_PAGES - 1))

struct ctx {
	struct dx_fs	*fs;
	char		*why;
	size_t		len;
	int		bad;
};

static void bad(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void bad(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->bad++)
		return;		/* the first one is the message */
	va_start(ap, fmt);
	vsnprintf(c->why, c->len, fmt, ap);
	va_end(ap);
}

/* The tree entry covering @pg, and where it sits.  Tree lock held. */
static uint64_t covering(struct mtree *t, uint64_t pg, uint64_t *at)
{
	uint64_t pe = mt_load(t, pg & PMD_MASK_PG);

	if (MT_KIND(pe) == MT_PMD) {
		*at = pg & PMD_MASK_PG;
		return pe;
	}
	*at = pg;
	return mt_load(t, pg);
}

/* The file's block at page @pg, or false for a hole; *unwritten says
 * whether it reads as zeros.  ilock held. */
static bool block_of(struct dx_inode *ip, uint64_t pg, uint64_t *pblk,
		     bool *unwritten)
{
	struct extent e;
	uint64_t hole;

	if (!ext_lookup(&ip->ext, pg, &e, &hole))
		return false;
	*pblk = e.pblk;
	*unwritten = e.flags & EXT_UNWRITTEN;
	return true;
}

static void check_tree(struct ctx *c, struct dx_inode *ip)
{
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64], from = 0;
	unsigned n;

	while ((n = mt_find(t, from, UINT64_MAX, -1, idx, ent, 64))) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t e = ent[i], pmd = idx[i] & PMD_MASK_PG, pblk;
			bool unw;

			if (e & MT_LOCKED)
				bad(c, "locked: inode %llu page %llu: entry left "
				    "locked", (unsigned long long)ip->ino,
				    (unsigned long long)idx[i]);
			if (idx[i] != pmd &&
			    MT_KIND(mt_load(t, pmd)) == MT_PMD)
				bad(c, "pmd: inode %llu page %llu: a %s entry "
				    "under the PMD entry at page %llu",
				    (unsigned long long)ip->ino,
				    (unsigned long long)idx[i],
				    MT_KIND(e) == MT_ZERO ? "zero-page" :
				    MT_KIND(e) == MT_PTE ? "PTE" : "4 KiB",
				    (unsigned long long)pmd);
			/* A ZERO entry stands for zeros: over data, the next
			 * read fault would map the zero page over it. */
			if (MT_KIND(e) == MT_ZERO && c->fs->mode->dax &&
			    block_of(ip, idx[i], &pblk, &unw) && !unw)
				bad(c, "zero: inode %llu page %llu: a ZERO entry "
				    "over a written block: a fault would map "
				    "the zero page over the data",
				    (unsigned long long)ip->ino,
				    (unsigned long long)idx[i]);
			if (MT_KIND(e) != MT_PTE && MT_KIND(e) != MT_PMD)
				continue;
			if (!block_of(ip, idx[i], &pblk, &unw) ||
			    pblk != MT_PFN(e))
				bad(c, "stale: inode %llu page %llu: the %s entry "
				    "names block %llu, the file has %s there",
				    (unsigned long long)ip->ino,
				    (unsigned long long)idx[i],
				    MT_KIND(e) == MT_PMD ? "PMD" : "PTE",
				    (unsigned long long)MT_PFN(e),
				    block_of(ip, idx[i], &pblk, &unw) ?
				    "another block" : "a hole");
		}
		if (n < 64)
			break;
		from = idx[n - 1] + 1;
	}
}

/* Is some line of page @pg's backing not durable yet (a flush pending)? */
static bool pending(struct dx_fs *fs, uint64_t e, uint64_t pg, uint64_t at)
{
	uint64_t pfn = MT_PFN(e) + (MT_KIND(e) == MT_PMD ? pg - at : 0);

	if (!fs->mode->dax)
		return true;	/* page-cache data is newer than the media */
	return !persist_is_durable(fs->pm.track, blk_addr(fs, pfn), BLK);
}

static void check_vma(struct ctx *c, struct dx_inode *ip, struct dx_vma *v)
{
	struct dx_fs *fs = c->fs;
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64], from = 0;
	unsigned n;

	dx_mutex_lock(&v->ptl);
	while ((n = mt_find(&v->pte, from, UINT64_MAX, -1, idx, ent, 64))) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t w = ent[i], pg = v->pgoff + idx[i], at, pblk = 0;
			uint64_t e = covering(t, pg, &at);
			enum pte_state st = PTE_STATE(w);
			bool unw, has = block_of(ip, pg, &pblk, &unw);

			if (st == PTE_ZERO) {
				if (MT_KIND(e) != MT_ZERO || (has && !unw))
					bad(c, "zero: inode %llu page %llu: a "
					    "mapping shows the zero page, but "
					    "the tree holds %s and the file %s",
					    (unsigned long long)ip->ino,
					    (unsigned long long)pg,
					    MT_KIND(e) == MT_ZERO ? "a ZERO entry"
					    : e ? "a block entry" : "no entry",
					    has && !unw ? "has data there"
							: "a hole");
				continue;
			}
			/* A page mapped with no entry is legal only read-only
			 * and as a 4 KiB page: what a partial invalidation of
			 * a PMD entry leaves in the kernel too (the range was
			 * written back and write-protected first), and a store
			 * there faults and makes a new entry.  Writable, no
			 * fsync would flush it; as part of a PMD, the kernel
			 * zaps a PMD whole when its entry goes. */
			if (!e && (st == PTE_RW || (w & PTE_PMD))) {
				bad(c, "mapped: inode %llu page %llu: mapped "
				    "%s with no entry in the tree, so %s",
				    (unsigned long long)ip->ino,
				    (unsigned long long)pg,
				    st == PTE_RW ? "writable" : "through a PMD",
				    st == PTE_RW ? "no fsync flushes what is "
				    "stored there" : "the PMD outlived its "
				    "entry");
				continue;
			}
			if (!e)
				continue;
			uint64_t want = MT_KIND(e) == MT_PAGE ? MT_PFN(e) :
					fs->mode->dax && has ? pblk : UINT64_MAX;

			if (PTE_PFN(w) != want)
				bad(c, "mapped: inode %llu page %llu: a mapping "
				    "maps %s %llu, the %s",
				    (unsigned long long)ip->ino,
				    (unsigned long long)pg,
				    fs->mode->dax ? "block" : "cache page",
				    (unsigned long long)PTE_PFN(w),
				    fs->mode->dax ? (has ? "file has another "
						    "block there" : "file has a "
						    "hole there")
						  : "tree has another page");
			if (st == PTE_RW && e &&
			    !mt_tag_get(t, at, MT_TAG_DIRTY) &&
			    !mt_tag_get(t, at, MT_TAG_TOWRITE))
				bad(c, "dirty: inode %llu page %llu: writable "
				    "in a mapping, but its entry is not tagged "
				    "DIRTY: the next fsync would not flush it",
				    (unsigned long long)ip->ino,
				    (unsigned long long)pg);
		}
		if (n < 64)
			break;
		from = idx[n - 1] + 1;
	}
	dx_mutex_unlock(&v->ptl);
}

/* A DIRTY entry with no writable mapping and nothing to flush. */
static void check_dirty(struct ctx *c, struct dx_inode *ip)
{
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64], from = 0;
	unsigned n;

	if (!c->fs->pm.track)
		return;
	while ((n = mt_find(t, from, UINT64_MAX, MT_TAG_DIRTY, idx, ent, 64))) {
		for (unsigned i = 0; i < n; i++) {
			uint64_t span = MT_KIND(ent[i]) == MT_PMD ?
					MT_PMD_PAGES : 1;
			bool writable = false, flush = false;

			for (struct dx_vma *v = ip->vmas; v && !writable;
			     v = v->i_next) {
				for (uint64_t p = idx[i]; p < idx[i] + span &&
				     !writable; p++)
					writable = vma_covers(v, p) &&
						PTE_STATE(vma_pte(v, p)) == PTE_RW;
			}
			for (uint64_t p = idx[i]; p < idx[i] + span && !flush;
			     p++)
				flush = MT_KIND(ent[i]) == MT_PAGE ||
					pending(c->fs, ent[i], p, idx[i]);
			if (!writable && !flush)
				bad(c, "dirty: inode %llu page %llu: tagged "
				    "DIRTY with no writable mapping and nothing "
				    "left to flush", (unsigned long long)ip->ino,
				    (unsigned long long)idx[i]);
		}
		if (n < 64)
			break;
		from = idx[n - 1] + 1;
	}
}

int dx_check_invariants(struct dx_fs *fs, char *why, size_t len)
{
	struct ctx c = { fs, why, len, 0 };

	if (why && len)
		why[0] = 0;
	dx_mutex_lock(&fs->ns_lock);
	for (uint64_t i = 0; i < fs->inodes_cap; i++) {
		struct dx_inode *ip = fs->inodes[i];

		if (!ip)
			continue;
		dx_down_read(&ip->i_mmap);
		dx_mutex_lock(&ip->ilock);
		mt_lock(&ip->pages);
		check_tree(&c, ip);
		for (struct dx_vma *v = ip->vmas; v; v = v->i_next)
			check_vma(&c, ip, v);
		check_dirty(&c, ip);
		mt_unlock(&ip->pages);
		dx_mutex_unlock(&ip->ilock);
		dx_up_read(&ip->i_mmap);
	}
	dx_mutex_unlock(&fs->ns_lock);
	return c.bad ? -EUCLEAN : 0;
}
