// SPDX-License-Identifier: MIT
/*
 * target_posix.c - the real FILE, through the system calls xfs_io makes.
 *
 * Each operation is the one system call xfs_io uses for the command, so
 * timings and errors are the kernel's.  Errors come back as -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "target.h"

#define XFS_MAGIC	0x58465342	/* "XFSB", statfs f_type */

static int px_setup(struct target *t, const struct target_cfg *cfg,
		       char *err, size_t errlen)
{
	return 0;
}

static int px_teardown(struct target *t)
{
	return 0;
}

static int oflags_of(int flags)
{
	int o = flags & IO_READONLY ? O_RDONLY : O_RDWR;

	if (flags & IO_APPEND)
		o |= O_APPEND;
	if (flags & IO_CREAT)
		o |= O_CREAT;
	if (flags & IO_DIRECT)
		o |= O_DIRECT;
	if (flags & IO_OSYNC)
		o |= O_SYNC;
	if (flags & IO_TRUNC)
		o |= O_TRUNC;
	if (flags & IO_NONBLOCK)
		o |= O_NONBLOCK;
	if (flags & IO_NOFOLLOW)
		o |= O_NOFOLLOW;
	return o;
}

/*
 * As xfs_io's openfile(): a FIFO is opened non-blocking so that we fail
 * rather than wait for a peer, and a directory is retried read-only.  The
 * 'b' and 's' suffixes mean 4096 and 512 bytes, as xfs_io has them for
 * files not on XFS; on XFS xfs_io asks the filesystem geometry, and we
 * take its block size from statfs (the sector size stays 512 - a gap for
 * 4 KiB-sector XFS).
 */
static int px_open(struct tfile *f, mode_t mode)
{
	int o = oflags_of(f->flags);
	struct statfs sfs;
	struct stat st;

	if (stat(f->name, &st) == 0 && S_ISFIFO(st.st_mode))
		o |= O_NONBLOCK;
	f->fd = open(f->name, o, mode);
	if (f->fd < 0 && errno == EISDIR && (o & O_ACCMODE) == O_RDWR) {
		f->fd = open(f->name, (o & ~O_ACCMODE) | O_RDONLY, mode);
		if (f->fd >= 0)
			f->flags |= IO_READONLY;
	}
	if (f->fd < 0)
		return -errno;
	f->blksize = 4096;
	f->sectsize = 512;
	f->kind = "foreign";
	if (fstatfs(f->fd, &sfs) == 0 && sfs.f_type == XFS_MAGIC) {
		f->blksize = (size_t)sfs.f_bsize;
		f->kind = "xfs";
	}
	return 0;
}

static int px_close(struct tfile *f)
{
	return close(f->fd) < 0 ? -errno : 0;
}

static ssize_t px_pwrite(struct tfile *f, const void *buf, size_t len,
			    off_t off)
{
	ssize_t n = pwrite(f->fd, buf, len, off);

	return n < 0 ? -errno : n;
}

static ssize_t px_pread(struct tfile *f, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(f->fd, buf, len, off);

	return n < 0 ? -errno : n;
}

static int px_fsync(struct tfile *f)
{
	return fsync(f->fd) < 0 ? -errno : 0;
}

static int px_fdatasync(struct tfile *f)
{
	return fdatasync(f->fd) < 0 ? -errno : 0;
}

static int px_syncfs(struct tfile *f)
{
	return syncfs(f->fd) < 0 ? -errno : 0;
}

static int px_sync(struct target *t)
{
	sync();
	return 0;
}

static int px_truncate(struct tfile *f, off_t size)
{
	return ftruncate(f->fd, size) < 0 ? -errno : 0;
}

/* Our FALLOC_* values are fallocate(2)'s, so the mode passes through. */
static int px_fallocate(struct tfile *f, int mode, off_t off, off_t len)
{
	return fallocate(f->fd, mode, off, len) < 0 ? -errno : 0;
}

static int px_stat(struct tfile *f, struct tstat *st)
{
	if (fstat(f->fd, &st->raw) < 0)
		return -errno;
	st->has_raw = true;
	st->ino = st->raw.st_ino;
	st->mode = st->raw.st_mode;
	st->size = st->raw.st_size;
	st->blocks = st->raw.st_blocks;
	return 0;
}

const struct target_ops target_posix_ops = {
	.name		= "posix",
	.desc		= "the real FILE, with open(2), pwrite(2), fsync(2), ...",
	.open_flags	= IO_READONLY | IO_CREAT | IO_TRUNC | IO_APPEND |
			  IO_DIRECT | IO_OSYNC | IO_NONBLOCK | IO_NOFOLLOW,
	.setup		= px_setup,
	.teardown	= px_teardown,
	.open		= px_open,
	.close		= px_close,
	.pwrite		= px_pwrite,
	.pread		= px_pread,
	.fsync		= px_fsync,
	.fdatasync	= px_fdatasync,
	.syncfs		= px_syncfs,
	.sync		= px_sync,
	.truncate	= px_truncate,
	.fallocate	= px_fallocate,
	.stat		= px_stat,
	/* mmap, munmap, msync, maccess: issue 4.  crash, info, describe:
	 * the reference only. */
};
