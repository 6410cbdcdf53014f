// SPDX-License-Identifier: MIT
/*
 * pagecache.c - the `pagecache` mode: the "no DAX" column of the tables.
 *
 * write() copies into DRAM pages (cached copy), tags them DIRTY and, over
 * a hole, only reserves a block (delayed allocation).  Writeback allocates
 * whole runs of delalloc pages at once (one transaction per extent, not
 * per block), NT-copies the pages to the region, fences once, and only
 * then commits the allocations: data before the metadata that exposes it.
 *
 * The DRAM pages come from a memfd so that a later mmap of a page-cache
 * file can map them.  Holes are never cached, so every cached page stands
 * for an allocated or reserved block and the pool never needs more pages
 * than the region has data blocks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fs.h"
#include "pgtable.h"

/* Mapped (and populated) 1 MiB first, then twice what is mapped, up to
 * 16 MiB at a time: small files pay little, large ones few calls. */
#define POOL_GROW_MIN	256u
#define POOL_GROW_MAX	4096u

int pool_init(struct pagepool *p, uint64_t cap_pages)
{
	memset(p, 0, sizeof(*p));
	p->cap = cap_pages;
	p->fd = memfd_create("daxref-pagecache", MFD_CLOEXEC);
	if (p->fd < 0)
		return -errno;
	p->base = mmap(NULL, cap_pages << BLK_SHIFT, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p->base == MAP_FAILED) {
		close(p->fd);
		return -errno;
	}
	pthread_mutex_init(&p->lock, NULL);
	return 0;
}

void pool_destroy(struct pagepool *p)
{
	if (p->base && p->base != MAP_FAILED)
		munmap(p->base, p->cap << BLK_SHIFT);
	if (p->fd >= 0)
		close(p->fd);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

/* Maps more of the memfd, populated so page faults stay out of write(). */
static int pool_grow(struct pagepool *p)
{
	uint64_t n = p->cap - p->mapped;

	uint64_t step = p->mapped < POOL_GROW_MIN ? POOL_GROW_MIN :
			p->mapped > POOL_GROW_MAX ? POOL_GROW_MAX : p->mapped;

	if (n == 0)
		return -ENOSPC;
	if (n > step)
		n = step;
	if (ftruncate(p->fd, (off_t)((p->mapped + n) << BLK_SHIFT)) < 0)
		return -errno;
	if (mmap(p->base + (p->mapped << BLK_SHIFT), n << BLK_SHIFT,
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | MAP_POPULATE,
		 p->fd, (off_t)(p->mapped << BLK_SHIFT)) == MAP_FAILED)
		return -errno;
	/* Every mapped page may come back at once (unmount, truncate). */
	if (p->mapped + n > p->free_cap) {
		uint64_t cap = p->free_cap ? p->free_cap * 2 : 2 * n;

		while (cap < p->mapped + n)
			cap *= 2;
		uint64_t *v = realloc(p->free, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->free = v;
		p->free_cap = cap;
	}
	/* Push in reverse so pages come out in address order. */
	for (uint64_t i = n; i-- > 0;)
		p->free[p->nfree++] = p->mapped + i;
	p->mapped += n;
	return 0;
}

uint64_t pool_get(struct pagepool *p)
{
	uint64_t page = UINT64_MAX;

	pthread_mutex_lock(&p->lock);
	if (p->nfree || pool_grow(p) == 0) {
		page = p->free[--p->nfree];
		p->in_use++;
	}
	pthread_mutex_unlock(&p->lock);
	return page;
}

void pool_put(struct pagepool *p, uint64_t page)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = page;	/* never exceeds what was mapped */
	p->in_use--;
	pthread_mutex_unlock(&p->lock);
}

int pc_new_page(struct dx_inode *ip, const struct iomap *m,
		bool whole, uint64_t *entry)
{
	struct dx_fs *fs = ip->fs;
	bool delalloc = m->flags & IOMAP_HOLE;
	uint64_t page;
	int rc;

	if (delalloc && (rc = alloc_reserve(&fs->alloc, 1)))
		return rc;
	page = pool_get(&fs->pool);
	if (page == UINT64_MAX) {
		if (delalloc)
			alloc_unreserve(&fs->alloc, 1);
		return -ENOMEM;
	}
	uint8_t *pa = pool_addr(&fs->pool, page);

	if (!whole) {
		if (m->flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))
			fs->pm.ks.cached->zero(pa, BLK, 0);
		else
			fs->pm.ks.cached->copy(pa, blk_addr(fs, m->pblk), BLK, 0);
	}
	*entry = MT_MK(MT_PAGE, page) | (delalloc ? MT_DELALLOC : 0);
	return 0;
}

/* pagecache-write-no-entry-lock: the page goes into the tree over
 * whatever entry is there, locked or not, and a zero page stays mapped. */
static int pc_get_page_unlocked(struct dx_inode *ip, uint64_t idx,
				bool whole, uint64_t *entry)
{
	struct iomap m;
	uint64_t e;
	int rc;

	if ((rc = dx_iomap(ip, idx, 1, 0, &m)) ||
	    (rc = pc_new_page(ip, &m, whole, &e)))
		return rc;
	mt_lock(&ip->pages);
	rc = mt_store(&ip->pages, idx, e);
	mt_unlock(&ip->pages);
	if (rc) {
		pool_put(&ip->fs->pool, MT_PFN(e));
		if (e & MT_DELALLOC)
			alloc_unreserve(&ip->fs->alloc, 1);
		return rc;
	}
	*entry = e;
	return 0;
}

/*
 * Brings page @idx into the cache, filled from what backs it, under the
 * entry lock - as the kernel's write path locks the page it creates - so a
 * fault on the same page waits, and never has its entry overwritten.  A
 * zero page a read fault mapped there is unmapped once the page is in
 * (entries first, mappings after, as invalidate_new() does).  The caller
 * copies into the page after, with no entry lock held (its source may be
 * a mapping that faults).  Caller holds i_rwsem exclusive, so nothing
 * drops the page meanwhile.
 */
static int pc_get_page(struct dx_inode *ip, uint64_t idx, bool whole,
		       uint64_t *entry)
{
	struct iomap m;
	uint64_t at, e, ne;
	int rc;

	if (fs_bug(ip->fs, BUG_PC_NO_ENTRY_LOCK))
		return pc_get_page_unlocked(ip, idx, whole, entry);
	if ((e = entry_grab(ip, idx, &at)) == UINT64_MAX)
		return -ENOMEM;
	if (MT_KIND(e) == MT_PAGE) {
		entry_put(ip, at, e);
		*entry = e;
		return 0;
	}
	if ((rc = dx_iomap(ip, idx, 1, 0, &m)) ||
	    (rc = pc_new_page(ip, &m, whole, &ne))) {
		entry_put(ip, at, e);
		return rc;
	}
	entry_put(ip, at, ne);
	if (MT_KIND(e) == MT_ZERO)
		zap_zero(ip, idx, idx);
	*entry = ne;
	return 0;
}

ssize_t pc_write(struct dx_inode *ip, const uint8_t *buf, size_t len,
		 uint64_t off)
{
	struct dx_fs *fs = ip->fs;
	uint64_t done = 0;
	int rc = 0;

	if (off > size_read(ip) && (rc = grow_zero_tail(ip, off)))
		return rc;

	while (done < len) {
		uint64_t pos = off + done, idx = pos >> BLK_SHIFT;
		uint64_t in = pos & (BLK - 1), n = BLK - in;

		if (n > len - done)
			n = len - done;
		mt_lock(&ip->pages);
		uint64_t e = mt_load(&ip->pages, idx);

		mt_unlock(&ip->pages);
		if (MT_KIND(e) != MT_PAGE &&
		    (rc = pc_get_page(ip, idx, n == BLK, &e)))
			break;
		fs->pm.ks.cached->copy(pool_addr(&fs->pool, MT_PFN(e)) + in,
				       buf + done, n, 0);
		mt_lock(&ip->pages);
		mt_tag_set(&ip->pages, idx, MT_TAG_DIRTY);
		mt_unlock(&ip->pages);
		done += n;
	}
	if (done && off + done > size_read(ip))
		size_write(ip, off + done);
	return done ? (ssize_t)done : rc;
}

int pc_zero(struct dx_inode *ip, uint64_t off, uint64_t len)
{
	struct dx_fs *fs = ip->fs;
	uint64_t idx = off >> BLK_SHIFT, e;
	struct iomap m;
	int rc;

	mt_lock(&ip->pages);
	e = mt_load(&ip->pages, idx);
	mt_unlock(&ip->pages);
	if (MT_KIND(e) != MT_PAGE) {
		if ((rc = dx_iomap(ip, idx, 1, 0, &m)))
			return rc;
		if (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))
			return 0;	/* reads as zeros already */
		if ((rc = pc_get_page(ip, idx, false, &e)))
			return rc;
	}
	memset(pool_addr(&fs->pool, MT_PFN(e)) + (off & (BLK - 1)), 0, len);
	mt_lock(&ip->pages);
	mt_tag_set(&ip->pages, idx, MT_TAG_DIRTY);
	mt_unlock(&ip->pages);
	return 0;
}

ssize_t pc_read(struct dx_inode *ip, uint8_t *buf, size_t len, uint64_t off)
{
	struct dx_fs *fs = ip->fs;
	uint64_t done = 0;

	while (done < len) {
		uint64_t pos = off + done, idx = pos >> BLK_SHIFT;
		uint64_t in = pos & (BLK - 1), n = BLK - in;
		struct iomap m;
		int rc;

		if (n > len - done)
			n = len - done;
		mt_lock(&ip->pages);
		uint64_t e = mt_load(&ip->pages, idx);

		mt_unlock(&ip->pages);
		if (MT_KIND(e) == MT_PAGE) {
			fs->pm.ks.cached->copy(buf + done,
				pool_addr(&fs->pool, MT_PFN(e)) + in, n, 0);
		} else if ((rc = dx_iomap(ip, idx, 1, 0, &m))) {
			return done ? (ssize_t)done : rc;
		} else if (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN)) {
			memset(buf + done, 0, n);
		} else {
			fs->pm.ks.cached->copy(buf + done,
					       blk_addr(fs, m.pblk) + in, n, 0);
		}
		done += n;
	}
	return (ssize_t)done;
}

/*
 * fallocate allocated blocks [first, first+n) under cached pages that
 * only held a reservation: those pages now have a block (unwritten, so it
 * reads as zeros until writeback converts it after the data is durable),
 * as xfs_bmapi_write() turns delalloc extents into real ones.  Their
 * reservations go back.  Caller holds i_rwsem and invalidate exclusive,
 * so no fault or writeback is inside the range.
 */
void pc_reservations_allocated(struct dx_inode *ip, uint64_t first,
			       uint64_t n)
{
	struct mtree *t = &ip->pages;
	uint64_t idx[64], ent[64], last = first + n - 1, freed = 0;
	unsigned k;

	if (!n)
		return;
	mt_lock(t);
	while ((k = mt_find(t, first, last, -1, idx, ent, 64))) {
		for (unsigned i = 0; i < k; i++) {
			if (MT_KIND(ent[i]) != MT_PAGE ||
			    !(ent[i] & MT_DELALLOC))
				continue;
			mt_store(t, idx[i], ent[i] & ~MT_DELALLOC);
			freed++;
		}
		if (idx[k - 1] >= last)
			break;
		first = idx[k - 1] + 1;
	}
	mt_unlock(t);
	if (freed)
		alloc_unreserve(&ip->fs->alloc, freed);
}

#define WB_BATCH 512u	/* pages per fence: 2 MiB */

struct wb_page {
	uint64_t	idx, entry, pblk;
	bool		delalloc, unwritten;
};

/*
 * Allocates region blocks for the delalloc pages of @v (consecutive
 * indices share extents).  Blocks are taken from the reservation; they
 * are committed by wb_commit() after the data is durable.  A delalloc
 * page's file block is a hole: whatever allocates blocks under cached
 * pages (fallocate) clears their DELALLOC first
 * (pc_reservations_allocated), and the journal refuses a second mapping
 * of one file block anyway (meta_check).
 */
static int wb_allocate(struct dx_inode *ip, struct wb_page *v, unsigned n)
{
	struct dx_fs *fs = ip->fs;

	for (unsigned i = 0; i < n;) {
		if (!v[i].delalloc) {
			i++;
			continue;
		}
		unsigned j = i + 1;

		while (j < n && v[j].delalloc && v[j].idx == v[j - 1].idx + 1)
			j++;
		while (i < j) {
			uint64_t pblk;

			dx_mutex_lock(&ip->ilock);
			uint64_t goal = alloc_goal(ip, v[i].idx);

			dx_mutex_unlock(&ip->ilock);
			if (i > 0 && v[i - 1].delalloc &&
			    v[i - 1].idx + 1 == v[i].idx)
				goal = v[i - 1].pblk + 1;
			int64_t got = alloc_extent(&fs->alloc, v[i].idx, goal,
						   j - i, 1, &pblk);

			if (got < 0)
				return (int)got;	/* reserved: cannot */
			for (int64_t k = 0; k < got; k++)
				v[i + k].pblk = pblk + (uint64_t)k;
			i += (unsigned)got;
		}
	}
	return 0;
}

/* Commits one ALLOC per contiguous run of newly allocated pages. */
static int wb_commit(struct dx_inode *ip, struct wb_page *v, unsigned n)
{
	int rc = 0;

	dx_mutex_lock(&ip->ilock);
	for (unsigned i = 0; i < n && !rc;) {
		if (!v[i].delalloc) {
			i++;
			continue;
		}
		unsigned j = i + 1;

		while (j < n && v[j].delalloc && v[j].idx == v[j - 1].idx + 1 &&
		       v[j].pblk == v[j - 1].pblk + 1)
			j++;
		rc = commit_alloc(ip, v[i].idx, v[i].pblk, j - i, false);
		if (!rc)
			rc = ext_insert(&ip->ext, v[i].idx, v[i].pblk, j - i, 0);
		i = j;
	}
	struct range_list conv = { 0 };

	for (unsigned i = 0; i < n && !rc; i++)
		if (v[i].unwritten)
			rc = range_add(&conv, v[i].idx, 1);
	if (!rc) {
		rc = commit_converts(ip, &conv);
		for (unsigned i = 0; i < n && !rc; i++)
			if (v[i].unwritten)
				rc = ext_set_flags(&ip->ext, v[i].idx, 1, 0);
	}
	range_free(&conv);
	dx_mutex_unlock(&ip->ilock);
	return rc;
}

int pc_writeback(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct dx_fs *fs = ip->fs;
	struct mtree *t = &ip->pages;
	static __thread struct wb_page v[WB_BATCH];
	uint64_t idx[WB_BATCH], ent[WB_BATCH];
	int rc = 0;

	mt_lock(t);
	mt_tag_move(t, first, last, MT_TAG_DIRTY, MT_TAG_TOWRITE);
	mt_unlock(t);
	for (;;) {
		mt_lock(t);
		unsigned n = mt_find(t, first, last, MT_TAG_TOWRITE, idx, ent,
				     WB_BATCH);

		for (unsigned i = 0; i < n; i++)
			mt_tag_clear(t, idx[i], MT_TAG_DIRTY);
		mt_unlock(t);
		if (n == 0)
			break;
		/* Write-protect before copying: a store after this faults
		 * and tags the page DIRTY again for the next writeback. */
		for (unsigned i = 0; i < n; i++)
			mkclean_range(ip, idx[i], idx[i]);
		for (unsigned i = 0; i < n; i++) {
			v[i] = (struct wb_page){ .idx = idx[i], .entry = ent[i],
				.delalloc = ent[i] & MT_DELALLOC };
			if (!v[i].delalloc) {
				struct iomap m;

				if ((rc = dx_iomap(ip, idx[i], 1, 0, &m)))
					return rc;
				if (m.flags & IOMAP_HOLE) {
					/* Neither a block nor a reservation:
					 * never copy it anywhere. */
					jnl_shutdown(&fs->jnl, "writeback found "
						     "a cached page with no block "
						     "and no reservation");
					return -EUCLEAN;
				}
				v[i].pblk = m.pblk;
				v[i].unwritten = m.flags & IOMAP_UNWRITTEN;
			}
		}
		if ((rc = wb_allocate(ip, v, n)))
			return rc;
		/* The page that holds EOF: what lies past EOF in it (a store
		 * through a mapping there) is never file data, and must not
		 * reach the block, where a later extension would make it
		 * file data in a crash image.  Zero it in the page first, as
		 * iomap_writepage_handle_eof() does. */
		uint64_t size = size_read(ip);

		for (unsigned i = 0; i < n; i++) {
			uint8_t *page = pool_addr(&fs->pool, MT_PFN(v[i].entry));
			uint64_t at = v[i].idx << BLK_SHIFT;

			if (size > at && size < at + BLK &&
			    !fs_bug(fs, BUG_WB_EOF_TAIL))
				memset(page + (size - at), 0, BLK - (size - at));
			pm_copy_nt(&fs->pm, blk_addr(fs, v[i].pblk), page, BLK,
				   PM_NODRAIN);
		}
		pm_drain(&fs->pm);
		if ((rc = wb_commit(ip, v, n)))
			return rc;
		mt_lock(t);
		for (unsigned i = 0; i < n; i++) {
			if (v[i].delalloc)
				mt_store(t, idx[i],
					 mt_load(t, idx[i]) & ~MT_DELALLOC);
			mt_tag_clear(t, idx[i], MT_TAG_TOWRITE);
		}
		mt_unlock(t);
	}
	return rc;
}
