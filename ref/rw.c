// SPDX-License-Identifier: MIT
/*
 * rw.c - write() and read() of the DAX copy modes (movnt, clwb, deferred).
 *
 * Per call: map (and maybe allocate) one extent at a time, copy into the
 * region with the mode's kernel, and fence once at the end of the call,
 * never per page:
 *   movnt     NT copy, PM_NODRAIN per extent, one fence at the end
 *   clwb      cached copy + CLWB per line, PM_NODRAIN, one fence
 *   deferred  cached copy, entries tagged DIRTY; writeback flushes later
 * Unwritten blocks the write lands in are converted in core at once (so
 * reads see the data) and durably only after the data is durable: at the
 * end of this call for movnt/clwb, at fsync for deferred.
 * Caller holds i_rwsem exclusive.
 */
#include <errno.h>
#include <string.h>
#include "fs.h"
#include "race.h"

/*
 * Tags the pages of [pos, pos+len) DIRTY, inserting PTE entries where
 * there are none; a PMD entry covering a page is tagged instead.
 */
static int tag_dirty(struct dx_inode *ip, uint64_t pos, uint64_t len,
		     const struct iomap *m)
{
	struct mtree *t = &ip->pages;
	uint64_t first = pos >> BLK_SHIFT, last = (pos + len - 1) >> BLK_SHIFT;
	int rc = 0;

	mt_lock(t);
	for (uint64_t idx = first; idx <= last; idx++) {
		uint64_t pmd = idx & ~(uint64_t)(MT_PMD_PAGES - 1);
		uint64_t pe = mt_load(t, pmd);

		if (MT_KIND(pe) == MT_PMD) {
			mt_tag_set(t, pmd, MT_TAG_DIRTY);
			idx = pmd + MT_PMD_PAGES - 1;
			continue;
		}
		uint64_t e = mt_load(t, idx);

		if (MT_KIND(e) != MT_PTE) {
			e = (e & MT_LOCKED) | MT_WONLY |
			    MT_MK(MT_PTE, m->pblk + (idx - m->fblk));
			if ((rc = mt_store(t, idx, e)))
				break;
		}
		mt_tag_set(t, idx, MT_TAG_DIRTY);
	}
	mt_unlock(t);
	return rc;
}

/* Zeroes what a write leaves uncovered in the first and last block of an
 * unwritten extent, so the whole blocks can be converted. */
static void zero_edges(struct pm *pm, uint8_t *dst, uint64_t pos,
		       uint64_t len)
{
	uint64_t head = pos & (BLK - 1), tail = (pos + len) & (BLK - 1);

	if (head)
		pm_zero_nt(pm, dst - head, head, PM_NODRAIN);
	if (tail)
		pm_zero_nt(pm, dst + len, BLK - tail, PM_NODRAIN);
}

/* Maps @fblk from the write cache (see fs.h), or through dx_iomap(). */
static int write_map(struct dx_inode *ip, uint64_t fblk, uint64_t nblk,
		     struct iomap *m)
{
	uint64_t cf = ip->wcache.fblk, cl = ip->wcache.len;
	int rc;

	if (fblk >= cf && fblk - cf < cl) {
		m->fblk = fblk;
		m->pblk = ip->wcache.pblk + (fblk - cf);
		m->avail = cl - (fblk - cf);
		m->len = m->avail < nblk ? m->avail : nblk;
		m->flags = 0;
		return 0;
	}
	rc = dx_iomap(ip, fblk, nblk, IOMAP_WRITE, m);
	if (!rc && !(m->flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))) {
		ip->wcache.fblk = fblk;
		ip->wcache.pblk = m->pblk;
		ip->wcache.len = m->avail;
	}
	return rc;
}

ssize_t dax_write(struct dx_inode *ip, const uint8_t *buf, size_t len,
		  uint64_t off)
{
	struct dx_fs *fs = ip->fs;
	struct pm *pm = &fs->pm;
	const struct dx_mode *md = fs->mode;
	struct range_list conv = { 0 };
	uint64_t done = 0, end = off + len;
	enum copy_kind ck = md->write_copy;
	bool tag = md->tag_dirty;
	int rc = 0;

	if (fs_bug(fs, BUG_WRITE_NO_FLUSH)) {	/* cached, never flushed */
		ck = CK_CACHED;
		tag = false;
	}
	bool need_fence = ck != CK_CACHED;

	while (done < len) {
		uint64_t pos = off + done, fblk = pos >> BLK_SHIFT;
		uint64_t last = (end - 1) >> BLK_SHIFT;
		struct iomap m;

		if ((rc = write_map(ip, fblk, last - fblk + 1, &m)))
			break;
		uint64_t mend = (m.fblk + m.len) << BLK_SHIFT;
		uint64_t chunk = (mend < end ? mend : end) - pos;
		uint8_t *dst = blk_addr(fs, m.pblk) + (pos & (BLK - 1));
		uint64_t b1 = (pos + chunk - 1) >> BLK_SHIFT;

		if (m.flags & IOMAP_NEW) {
			/* dax_iomap_iter(): a write that allocated drops the
			 * zero pages of its range, so mmap sees its data. */
			RACE(RP_WRITE_AFTER_ALLOC);
			invalidate_new(ip, fblk, b1);
			RACE(RP_WRITE_AFTER_INVALIDATE);
		}
		if (m.flags & IOMAP_UNWRITTEN) {
			zero_edges(pm, dst, pos, chunk);
			need_fence = true;
		}
		/* inverted-lock-order: the 2015 write path held the page lock
		 * across the copy from user memory, which can fault. */
		uint64_t lk_at = 0, lk_e = 0;
		bool lk = fs_bug(fs, BUG_LOCK_INVERSION);

		if (lk && (lk_e = entry_grab(ip, fblk, &lk_at)) == UINT64_MAX) {
			rc = -ENOMEM;
			break;
		}
		switch (ck) {
		case CK_NT:
			pm_copy_nt(pm, dst, buf + done, chunk, PM_NODRAIN);
			break;
		case CK_CACHED_FLUSH:
			pm_copy_flush(pm, dst, buf + done, chunk, PM_NODRAIN);
			break;
		default:
			pm_copy_cached(pm, dst, buf + done, chunk);
		}
		if (lk)
			entry_put(ip, lk_at, lk_e);
		RACE(RP_WRITE_AFTER_COPY);
		if (m.flags & IOMAP_UNWRITTEN) {
			dx_mutex_lock(&ip->ilock);
			rc = ext_set_flags(&ip->ext, fblk, b1 - fblk + 1, 0);
			if (!rc)
				rc = range_add(ck == CK_CACHED ? &ip->convert
							       : &conv,
					       fblk, b1 - fblk + 1);
			dx_mutex_unlock(&ip->ilock);
		}
		if (!rc && tag)
			rc = tag_dirty(ip, pos, chunk, &m);
		if (rc)
			break;
		done += chunk;
	}
	if (need_fence)
		pm_drain(pm);
	if (conv.n) {
		dx_mutex_lock(&ip->ilock);
		int crc = commit_converts(ip, &conv);

		dx_mutex_unlock(&ip->ilock);
		if (crc && !rc)
			rc = crc;
	}
	range_free(&conv);
	if (done && off + done > size_read(ip))
		size_write(ip, off + done);
	return done ? (ssize_t)done : rc;
}

ssize_t dax_read(struct dx_inode *ip, uint8_t *buf, size_t len, uint64_t off)
{
	struct dx_fs *fs = ip->fs;
	uint64_t done = 0;

	while (done < len) {
		uint64_t pos = off + done, end = off + len;
		struct iomap m;
		int rc;

		rc = dx_iomap(ip, pos >> BLK_SHIFT,
			      ((end - 1) >> BLK_SHIFT) - (pos >> BLK_SHIFT) + 1,
			      0, &m);
		if (rc)
			return done ? (ssize_t)done : rc;
		uint64_t mend = (m.fblk + m.len) << BLK_SHIFT;
		uint64_t chunk = (mend < end ? mend : end) - pos;

		if (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN))
			memset(buf + done, 0, chunk);
		else
			fs->pm.ks.cached->copy(buf + done,
					       blk_addr(fs, m.pblk) +
					       (pos & (BLK - 1)), chunk, 0);
		done += chunk;
	}
	return (ssize_t)done;
}
