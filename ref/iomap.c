// SPDX-License-Identifier: MIT
/*
 * iomap.c - block mapping for I/O: look up, allocate, zero, convert, log.
 *
 * Ordering contract for a new allocation (what keeps old data of a freed
 * block from ever showing through a crash):
 *   zero-on-alloc: NT-zero the new blocks, fence, then commit ALLOC
 *                  (written) - two fences, as XFS_BMAPI_ZERO pays;
 *   unwritten:     commit ALLOC (unwritten) at once; the blocks read as
 *                  zeros until a CONVERT, which is committed only after the
 *                  data written into them is durable (commit_converts).
 * Either way the ALLOC record is durable before dx_iomap() returns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"

int range_add(struct range_list *rl, uint64_t fblk, uint64_t len)
{
	if (rl->n && rl->v[rl->n - 1].fblk + rl->v[rl->n - 1].len == fblk) {
		rl->v[rl->n - 1].len += len;
		return 0;
	}
	if (rl->n == rl->cap) {
		size_t cap = rl->cap ? rl->cap * 2 : 16;
		struct blk_range *v = realloc(rl->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		rl->v = v;
		rl->cap = cap;
	}
	rl->v[rl->n++] = (struct blk_range){ fblk, len };
	return 0;
}

/* Removes [fblk, fblk+len) from every range (they were punched). */
void range_drop(struct range_list *rl, uint64_t fblk, uint64_t len)
{
	uint64_t end = fblk + len;
	size_t w = 0;

	for (size_t i = 0; i < rl->n; i++) {
		struct blk_range r = rl->v[i];
		uint64_t rend = r.fblk + r.len;

		if (rend <= fblk || r.fblk >= end) {
			rl->v[w++] = r;
			continue;
		}
		/* Keep the left piece; a right piece (rare: a punch inside a
		 * pending range) is appended and kept too. */
		if (r.fblk < fblk)
			rl->v[w++] = (struct blk_range){ r.fblk, fblk - r.fblk };
		if (rend > end) {
			struct blk_range right = { end, rend - end };

			if (w <= i)
				rl->v[w++] = right;
			else
				range_add(rl, right.fblk, right.len);
		}
	}
	rl->n = w;
}

int range_take(struct range_list *from, uint64_t first, uint64_t last,
	       struct range_list *to)
{
	for (size_t i = 0; i < from->n; i++) {
		uint64_t a = from->v[i].fblk, b = a + from->v[i].len - 1;

		if (b < first || a > last)
			continue;
		a = a > first ? a : first;
		b = b < last ? b : last;
		if (range_add(to, a, b - a + 1))
			return -ENOMEM;
	}
	range_drop(from, first, last - first + 1);
	return 0;
}

void range_free(struct range_list *rl)
{
	free(rl->v);
	memset(rl, 0, sizeof(*rl));
}

/* The region block that would continue a neighbouring extent. */
uint64_t alloc_goal(struct dx_inode *ip, uint64_t fblk)
{
	struct extent e;
	uint64_t hole;

	if (fblk && ext_lookup(&ip->ext, fblk - 1, &e, &hole))
		return e.pblk + 1;
	if (!ext_lookup(&ip->ext, fblk, &e, &hole) && hole != EXT_HOLE_END &&
	    ext_lookup(&ip->ext, fblk + hole, &e, &hole) && e.pblk >= hole)
		return e.pblk - hole;
	return UINT64_MAX;
}

int commit_alloc(struct dx_inode *ip, uint64_t fblk, uint64_t pblk,
		 uint64_t len, bool unwritten)
{
	struct dxr_rec r = { .type = DXR_ALLOC };

	r.u.alloc.ino = ip->ino;
	r.u.alloc.fblk = fblk;
	r.u.alloc.pblk = pblk;
	r.u.alloc.len = len;
	r.u.alloc.unwritten = unwritten;
	return jnl_commit(&ip->fs->jnl, &r, 1);
}

/*
 * A write fault exposes a whole block, so an unwritten one is zeroed,
 * fenced and converted before it is mapped.  Caller holds ilock.
 */
static int convert_now(struct dx_inode *ip, struct iomap *m)
{
	struct dx_fs *fs = ip->fs;
	struct dxr_rec r = { .type = DXR_CONVERT };
	int rc;

	pm_zero_nt(&fs->pm, blk_addr(fs, m->pblk), m->len * BLK, 0);
	r.u.range.ino = ip->ino;
	r.u.range.fblk = m->fblk;
	r.u.range.len = m->len;
	if ((rc = jnl_commit(&fs->jnl, &r, 1)) ||
	    (rc = ext_set_flags(&ip->ext, m->fblk, m->len, 0)))
		return rc;
	range_drop(&ip->convert, m->fblk, m->len);
	m->flags &= ~IOMAP_UNWRITTEN;
	return 0;
}

int dx_iomap(struct dx_inode *ip, uint64_t fblk, uint64_t nblk, unsigned how,
	     struct iomap *m)
{
	struct dx_fs *fs = ip->fs;
	struct extent e;
	uint64_t hole, pblk;
	int64_t got;
	int rc = 0;

	dx_mutex_lock(&ip->ilock);
	if (ext_lookup(&ip->ext, fblk, &e, &hole)) {
		m->fblk = fblk;
		m->pblk = e.pblk;
		m->len = e.len < nblk ? e.len : nblk;
		m->avail = e.len;
		m->flags = e.flags & EXT_UNWRITTEN ? IOMAP_UNWRITTEN : 0;
		if ((how & IOMAP_CONVERT) && (m->flags & IOMAP_UNWRITTEN))
			rc = convert_now(ip, m);
		goto out;
	}
	if (!(how & IOMAP_WRITE)) {
		m->fblk = fblk;
		m->pblk = 0;
		m->len = hole < nblk ? hole : nblk;
		m->avail = hole;
		m->flags = IOMAP_HOLE;
		goto out;
	}

	got = alloc_extent(&fs->alloc, fblk, alloc_goal(ip, fblk),
			   hole < nblk ? hole : nblk, 0, &pblk);
	if (got < 0) {
		rc = (int)got;
		goto out;
	}
	bool zero = !(how & IOMAP_PREALLOC) &&
		    ((how & IOMAP_ZERO_NEW) ||
		     fs->opts.zeroing == DX_ZERO_ON_ALLOC);
	/* The no-zeroing profile exposes new blocks as they are. */
	bool unwritten = !zero && !fs_bug(fs, BUG_NO_ZEROING);

	if (fs_bug(fs, BUG_NO_ZEROING))
		zero = false;

	if (zero)
		pm_zero_nt(&fs->pm, blk_addr(fs, pblk), (uint64_t)got * BLK, 0);
	rc = commit_alloc(ip, fblk, pblk, (uint64_t)got, unwritten);
	if (!rc)
		rc = ext_insert(&ip->ext, fblk, pblk, (uint64_t)got,
				unwritten ? EXT_UNWRITTEN : 0);
	if (rc) {
		alloc_free(&fs->alloc, pblk, (uint64_t)got);
		goto out;
	}
	m->fblk = fblk;
	m->pblk = pblk;
	m->len = m->avail = (uint64_t)got;
	m->flags = IOMAP_NEW | (unwritten ? IOMAP_UNWRITTEN : 0);
out:
	dx_mutex_unlock(&ip->ilock);
	return rc;
}

int commit_converts(struct dx_inode *ip, struct range_list *rl)
{
	for (size_t i = 0; i < rl->n; i++) {
		struct dxr_rec r = { .type = DXR_CONVERT };
		int rc;

		r.u.range.ino = ip->ino;
		r.u.range.fblk = rl->v[i].fblk;
		r.u.range.len = rl->v[i].len;
		if ((rc = jnl_commit(&ip->fs->jnl, &r, 1)))
			return rc;
	}
	rl->n = 0;
	return 0;
}

int log_size(struct dx_inode *ip)
{
	int rc = 0;

	dx_mutex_lock(&ip->ilock);
	uint64_t size = size_read(ip);

	if (size != ip->logged_size) {
		struct dxr_rec r = { .type = DXR_SETSIZE };

		r.u.setsize.ino = ip->ino;
		r.u.setsize.size = size;
		rc = jnl_commit(&ip->fs->jnl, &r, 1);
		if (!rc)
			ip->logged_size = size;
	}
	dx_mutex_unlock(&ip->ilock);
	return rc;
}

static void collect(void *arg, uint64_t pblk, uint64_t len)
{
	if (range_add(arg, pblk, len))
		abort();	/* cannot lose track of freed blocks */
}

/*
 * The UNMAP record is durable before any block goes back to the
 * allocator, so a block is never reused while a crash could still give it
 * back to its old owner.
 */
int unmap_blocks(struct dx_inode *ip, uint64_t fblk, uint64_t len)
{
	struct dx_fs *fs = ip->fs;
	struct range_list freed = { 0 };
	struct dxr_rec r = { .type = DXR_UNMAP };
	struct extent e;
	uint64_t hole;
	int rc;

	ip->wcache.len = 0;	/* blocks go: forget the write cache */
	if (!len || (!ext_lookup(&ip->ext, fblk, &e, &hole) && hole >= len))
		return 0;	/* nothing mapped there */
	r.u.range.ino = ip->ino;
	r.u.range.fblk = fblk;
	r.u.range.len = len;
	if ((rc = jnl_commit(&fs->jnl, &r, 1)))
		return rc;
	if (ext_remove(&ip->ext, fblk, len, collect, &freed))
		abort();	/* durable already: in-core must follow */
	for (size_t i = 0; i < freed.n; i++)
		alloc_free(&fs->alloc, freed.v[i].fblk, freed.v[i].len);
	range_free(&freed);
	return 0;
}
