// SPDX-License-Identifier: MIT
/*
 * file.c - the public file operations: argument checks, locks, dispatch
 * to the copy mode.
 *
 * Locks taken here (README.md has the order):
 *   pwrite                 i_rwsem exclusive
 *   pread                  i_rwsem shared
 *   fsync  (DAX modes)     i_rwsem shared: entries are locked one by one
 *   fsync  (pagecache)     i_rwsem exclusive: a simplification - the
 *                          kernel locks each page instead
 *   truncate, fallocate    i_rwsem, then invalidate, both exclusive
 */
#include <errno.h>
#include <limits.h>
#include "fs.h"

/* off + len must stay within a signed 64-bit file size, as in Linux. */
static int range_ok(off_t off, uint64_t len)
{
	if (off < 0)
		return -EINVAL;
	if (len > (uint64_t)LLONG_MAX - (uint64_t)off)
		return -EFBIG;
	return 0;
}

ssize_t dx_pwrite(struct dx_file *f, const void *buf, size_t len, off_t off)
{
	struct dx_inode *ip;
	ssize_t n;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	if (f->rdonly)
		return -EBADF;
	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	if ((rc = range_ok(off, len)))
		return rc;
	if (!len)
		return 0;
	ip = f->ip;
	dx_down_write(&ip->i_rwsem);
	n = f->fs->mode->dax ? dax_write(ip, buf, len, (uint64_t)off)
			     : pc_write(ip, buf, len, (uint64_t)off);
	dx_up_write(&ip->i_rwsem);
	return n;
}

ssize_t dx_pread(struct dx_file *f, void *buf, size_t len, off_t off)
{
	struct dx_inode *ip;
	ssize_t n;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	if (off < 0)
		return -EINVAL;
	ip = f->ip;
	dx_down_read(&ip->i_rwsem);
	uint64_t size = size_read(ip);	/* stable: writers hold i_rwsem */

	if ((uint64_t)off >= size || !len)
		n = 0;
	else
		n = (f->fs->mode->dax ? dax_read : pc_read)(ip, buf,
			len < size - (uint64_t)off ? len : size - (uint64_t)off,
			(uint64_t)off);
	dx_up_read(&ip->i_rwsem);
	return n;
}

int dx_fsync(struct dx_file *f, bool datasync)
{
	struct dx_inode *ip;
	int rc;

	(void)datasync;	/* no timestamps: both log the size if it changed */
	if ((rc = file_ok(f)))
		return rc;
	ip = f->ip;
	if (f->fs->mode->dax) {
		dx_down_read(&ip->i_rwsem);
		rc = writeback_range(ip, 0, UINT64_MAX);
		dx_up_read(&ip->i_rwsem);
	} else {
		dx_down_write(&ip->i_rwsem);
		rc = writeback_range(ip, 0, UINT64_MAX);
		dx_up_write(&ip->i_rwsem);
	}
	return rc;
}

int dx_truncate(struct dx_file *f, off_t size)
{
	struct dx_inode *ip;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	if (f->rdonly)
		return -EBADF;
	if (size < 0)
		return -EINVAL;
	ip = f->ip;
	dx_down_write(&ip->i_rwsem);
	dx_down_write(&ip->invalidate);
	rc = do_truncate(ip, (uint64_t)size);
	dx_up_write(&ip->invalidate);
	dx_up_write(&ip->i_rwsem);
	return rc;
}

int dx_fallocate(struct dx_file *f, int mode, off_t off, off_t len)
{
	const int known = DX_FALLOC_KEEP_SIZE | DX_FALLOC_PUNCH_HOLE |
			  DX_FALLOC_ZERO_RANGE;
	struct dx_inode *ip;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	if (f->rdonly)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	if ((rc = range_ok(off, (uint64_t)len)))
		return rc;
	if ((mode & ~known) ||
	    ((mode & DX_FALLOC_PUNCH_HOLE) && !(mode & DX_FALLOC_KEEP_SIZE)) ||
	    ((mode & DX_FALLOC_PUNCH_HOLE) && (mode & DX_FALLOC_ZERO_RANGE)))
		return -EOPNOTSUPP;
	ip = f->ip;
	dx_down_write(&ip->i_rwsem);
	dx_down_write(&ip->invalidate);
	rc = do_fallocate(ip, mode, (uint64_t)off, (uint64_t)len);
	dx_up_write(&ip->invalidate);
	dx_up_write(&ip->i_rwsem);
	return rc;
}

int dx_fiemap(struct dx_file *f, struct dx_extent *out, int max)
{
	struct dx_inode *ip;
	int rc, n;

	if ((rc = file_ok(f)))
		return rc;
	ip = f->ip;
	dx_mutex_lock(&ip->ilock);	/* the extent map's owner */
	n = (int)ip->ext.n;
	for (int i = 0; i < n && i < max; i++) {
		const struct extent *e = &ip->ext.v[i];

		out[i] = (struct dx_extent){
			.logical = e->fblk * BLK, .physical = e->pblk * BLK,
			.length = e->len * BLK,
			.unwritten = e->flags & EXT_UNWRITTEN,
		};
	}
	dx_mutex_unlock(&ip->ilock);
	return n;
}

int dx_fstat(struct dx_file *f, struct dx_stat *st)
{
	struct dx_inode *ip;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	ip = f->ip;
	st->ino = ip->ino;
	st->size = size_read(ip);
	dx_mutex_lock(&ip->ilock);
	st->blocks = ext_blocks(&ip->ext) * (BLK / 512);
	st->extents = ip->ext.n;
	dx_mutex_unlock(&ip->ilock);
	mt_lock(&ip->pages);
	st->dirty_entries = ip->pages.ntagged[MT_TAG_DIRTY];
	st->cached_pages = f->fs->mode->dax ? 0 : ip->pages.nr_entries;
	mt_unlock(&ip->pages);
	st->dax = f->fs->mode->dax;
	return 0;
}
