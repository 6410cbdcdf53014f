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
#include "lockdep.h"
#include "race.h"
#include "pgtable.h"

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

/*
 * Before write() copies into [pos, pos+len) of unwritten blocks: zero them
 * whole and mark them written in core, block by block, under ilock and
 * only where a block is *still* unwritten.  A write fault converts under
 * ilock too (convert_now), so each block is zeroed exactly once, by
 * whoever comes first, and never after anyone stored into it; the durable
 * CONVERT waits until the data is durable (@rl: at the end of this call,
 * or at fsync for deferred).  Whole blocks, not just the edges the copy
 * leaves: from here until the copy lands, a fault may map the block, and
 * it must read zeros, never the old data of the block.  This is what the
 * kernel's DAX write path does, converting at mapping time under the
 * allocation lock: xfs_iomap_write_direct() with XFS_BMAPI_CONVERT |
 * XFS_BMAPI_ZERO for DAX, ext4_iomap_alloc() with EXT4_GET_BLOCKS_ZERO.
 * (So in the DAX modes the unwritten policy pays the zeroing that
 * zero-on-alloc pays, as XFS on DAX does.)  The write-stale-unwritten
 * profile zeroes the edges and converts on the state it saw at
 * allocation, around the copy.  Returns how many blocks it converted
 * (they read zeros until now, so a read fault may have mapped the zero
 * page over them), or -errno.
 */
static int prepare_unwritten(struct dx_inode *ip, uint64_t pos, uint64_t len,
			     struct range_list *rl)
{
	struct dx_fs *fs = ip->fs;
	uint64_t first = pos >> BLK_SHIFT, last = (pos + len - 1) >> BLK_SHIFT;
	int rc = 0, converted = 0;

	dx_mutex_lock(&ip->ilock);
	for (uint64_t b = first; b <= last && !rc; b++) {
		struct extent e;
		uint64_t hole;

		if (!ext_lookup(&ip->ext, b, &e, &hole) ||
		    !(e.flags & EXT_UNWRITTEN))
			continue;	/* converted meanwhile: not ours */
		pm_zero_nt(&fs->pm, blk_addr(fs, e.pblk), BLK, PM_NODRAIN);
		rc = ext_set_flags(&ip->ext, b, 1, 0);
		if (!rc)
			rc = range_add(rl, b, 1);
		converted++;
	}
	dx_mutex_unlock(&ip->ilock);
	return rc ? rc : converted;
}

/*
 * The 2016 order, for the dax-do-io-2016 profile: generic_file_direct_write()
 * invalidated the range before ->direct_IO (dax_do_io) and again after
 * it, dropping every entry, dirty ones too, and unmapping the range.
 */
static void invalidate_2016(struct dx_inode *ip, uint64_t off, uint64_t len)
{
	uint64_t first = off >> BLK_SHIFT, last = (off + len - 1) >> BLK_SHIFT;

	zap_range(ip, first, last);
	drop_pages(ip, first, last);
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
	bool stale = fs_bug(fs, BUG_WRITE_STALE_UNWRITTEN);
	bool dio2016 = fs_bug(fs, BUG_DAX_DO_IO_2016);

	lockdep_assert_held(&lc_i_rwsem);
	if (off > size_read(ip) && (rc = grow_zero_tail(ip, off)))
		return rc;
	if (dio2016) {
		invalidate_2016(ip, off, len);
		RACE(RP_WRITE_AFTER_INVALIDATE);
	}
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

		/*
		 * Blocks that read as zeros until now (new, or unwritten and
		 * converted here) may have the zero page mapped over them: a
		 * read fault maps it for a hole and for an unwritten block.
		 * So convert first, then invalidate, as the kernel does:
		 * ->iomap_begin allocates and converts (XFS for DAX, with
		 * XFS_BMAPI_CONVERT), dax_iomap_iter() then invalidates what
		 * iomap_begin flagged IOMAP_F_NEW.  The convert-keeps-zero-page
		 * profile invalidates only what it allocated, before the
		 * conversion.
		 */
		int converted = 0;
		bool late = stale || fs_bug(fs, BUG_CONVERT_NO_INVALIDATE);

		if ((m.flags & IOMAP_UNWRITTEN) && !late) {
			converted = prepare_unwritten(ip, pos, chunk,
					ck == CK_CACHED ? &ip->convert : &conv);
			if ((rc = converted < 0 ? converted : 0))
				break;
			need_fence = true;
		}
		if (((m.flags & IOMAP_NEW) || converted) && !dio2016) {
			RACE(RP_WRITE_AFTER_ALLOC);
			invalidate_new(ip, fblk, b1);
			RACE(RP_WRITE_AFTER_INVALIDATE);
		}
		if ((m.flags & IOMAP_UNWRITTEN) && late) {
			if (stale) {
				zero_edges(pm, dst, pos, chunk);
			} else if ((rc = prepare_unwritten(ip, pos, chunk,
					ck == CK_CACHED ? &ip->convert
							: &conv)) < 0) {
				break;
			}
			rc = 0;
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
		if ((m.flags & IOMAP_UNWRITTEN) && stale) {
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
	if (dio2016 && done)
		invalidate_2016(ip, off, done);
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
