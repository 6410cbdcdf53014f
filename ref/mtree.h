/* SPDX-License-Identifier: MIT */
/*
 * mtree.h - the mapping tree: page index -> entry, with tags, as the
 * kernel's i_pages XArray holds DAX entries and page-cache pages.
 *
 * An entry is a 64-bit word:
 *   bits 0-2   kind: MT_PTE, MT_PMD (at a 512-aligned index, covering 512
 *              pages), MT_ZERO (the shared zero page over a hole),
 *              MT_PAGE (a DRAM page-cache page)
 *   bit  3     LOCKED: the entry lock (fs/dax.c's DAX_LOCKED)
 *   bit  4     DELALLOC (MT_PAGE): a block is reserved, not yet allocated
 *   bit  5     WONLY (MT_PTE): inserted by write() only to carry a DIRTY
 *              tag (deferred mode); no mapping uses it, so writeback
 *              drops it once flushed
 *   bit  6     PMDSPAN (an EMPTY entry at a 512-aligned index, always
 *              LOCKED): the placeholder a PMD fault holds while it maps;
 *              like a PMD entry it covers all 512 pages, so a 4 KiB fault
 *              anywhere in them waits for it (grab_mapping_entry() finds
 *              the kernel's multi-index PMD entry the same way)
 *   bits 12-63 pfn: region block (PTE/PMD) or DRAM pool page (PAGE)
 * 0 is EMPTY.  Tags live beside the entries: DIRTY and TOWRITE, with
 * per-node summaries so tagged entries are found without a full walk.
 *
 * Locking: every function here is called with the tree lock held (tree is
 * a leaf lock).  mt_wait_entry() sleeps on the tree's wait queue, dropping
 * and retaking the tree lock, the way a DAX entry lock sleeps.
 */
#ifndef DAXREF_MTREE_H
#define DAXREF_MTREE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

enum mt_kind { MT_EMPTY = 0, MT_PTE = 1, MT_PMD = 2, MT_ZERO = 3,
	       MT_PAGE = 4 };
#define MT_KIND_MASK	0x7ULL
#define MT_LOCKED	0x8ULL
#define MT_DELALLOC	0x10ULL
#define MT_WONLY	0x20ULL
#define MT_PMDSPAN	0x40ULL
#define MT_PFN_SHIFT	12

#define MT_MK(kind, pfn)	(((uint64_t)(pfn) << MT_PFN_SHIFT) | (kind))
#define MT_KIND(e)		((enum mt_kind)((e) & MT_KIND_MASK))
#define MT_PFN(e)		((e) >> MT_PFN_SHIFT)
/* Does @e cover the 512 pages from its (aligned) index? */
#define MT_SPANS_PMD(e)		(MT_KIND(e) == MT_PMD || ((e) & MT_PMDSPAN))

enum mt_tag { MT_TAG_DIRTY, MT_TAG_TOWRITE, MT_NTAGS };

#define MT_SHIFT	6
#define MT_SLOTS	(1u << MT_SHIFT)
#define MT_PMD_PAGES	512u

struct mt_node;

struct mtree {
	struct mt_node	*root;
	unsigned	height;		/* levels; 0 = empty tree */
	pthread_mutex_t	lock;		/* the tree lock (xa_lock) */
	pthread_cond_t	wait;		/* entry-lock waiters */
	uint64_t	nr_entries, nr_nodes;
	uint64_t	ntagged[MT_NTAGS];
};

void mt_init(struct mtree *t);
/* Calls @fn on every entry, then frees the tree. */
void mt_destroy(struct mtree *t, void (*fn)(void *arg, uint64_t idx,
					     uint64_t entry), void *arg);

void mt_lock(struct mtree *t);
void mt_unlock(struct mtree *t);

uint64_t mt_load(const struct mtree *t, uint64_t idx);
/* Stores @e at @idx (0 erases, clearing the tags).  -ENOMEM. */
int mt_store(struct mtree *t, uint64_t idx, uint64_t e);

void mt_tag_set(struct mtree *t, uint64_t idx, enum mt_tag tag);
void mt_tag_clear(struct mtree *t, uint64_t idx, enum mt_tag tag);
bool mt_tag_get(const struct mtree *t, uint64_t idx, enum mt_tag tag);

/**
 * mt_find() - gang lookup of present entries in [start, end].
 * @tag: only entries carrying this tag, or -1 for all.
 * Fills up to @max (index, entry) pairs in index order; returns how many.
 */
unsigned mt_find(const struct mtree *t, uint64_t start, uint64_t end, int tag,
		 uint64_t *idx, uint64_t *ent, unsigned max);

/* Sets @to on every entry in [start, end] that has @from (as
 * tag_pages_for_writeback does).  Returns how many. */
uint64_t mt_tag_move(struct mtree *t, uint64_t start, uint64_t end,
		     enum mt_tag from, enum mt_tag to);

/* Sleeps until the entry at @idx is not LOCKED; returns it then. */
uint64_t mt_wait_entry(struct mtree *t, uint64_t idx);
/* Wakes entry-lock waiters after an entry was unlocked or removed. */
void mt_wake(struct mtree *t);

/* Bytes of DRAM the tree's nodes take. */
uint64_t mt_bytes(const struct mtree *t);

#endif
