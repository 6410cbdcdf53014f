// SPDX-License-Identifier: MIT
/*
 * target_posix.c - the real FILE, through the system calls xfs_io makes.
 *
 * Each operation is the one system call xfs_io uses for the command, so
 * timings and errors are the kernel's.  Errors come back as -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "target.h"

#define XFS_MAGIC	0x58465342	/* "XFSB", statfs f_type */

/* The XFS ioctls xfs_io's stat and size parsing use (from the XFS ioctl
 * ABI, <xfs/xfs_fs.h>, which Debian ships only in xfslibs-dev). */
struct xfs_geom_v1 {
	uint32_t blocksize, rtextsize, agblocks, agcount, logblocks, sectsize,
		 inodesize, imaxpct;
	uint64_t datablocks, rtblocks, rtextents, logstart;
	unsigned char uuid[16];
	uint32_t sunit, swidth;
	int32_t version;
	uint32_t flags, logsectsize, rtsectsize, dirblocksize;
};
struct xfs_dioattr {
	uint32_t d_mem, d_miniosz, d_maxiosz;
};
#define XFS_IOC_FSGEOMETRY_V1	_IOR('X', 100, struct xfs_geom_v1)
#define XFS_IOC_DIOINFO		_IOR('X', 30, struct xfs_dioattr)
#define XFS_IOC_FSGETXATTRA	_IOR('X', 45, struct fsxattr)
_Static_assert(sizeof(struct xfs_geom_v1) == 112, "xfs_fsop_geom_v1 ABI");

static int px_setup(struct target *t DX_UNUSED, const struct target_cfg *cfg DX_UNUSED,
		       char *err DX_UNUSED, size_t errlen DX_UNUSED)
{
	return 0;
}

static int px_teardown(struct target *t DX_UNUSED)
{
	return 0;
}

static int oflags_of(int flags)
{
	static const struct { int io, o; } map[] = {
		{ IO_APPEND, O_APPEND }, { IO_CREAT, O_CREAT },
		{ IO_DIRECT, O_DIRECT }, { IO_OSYNC, O_SYNC },
		{ IO_TRUNC, O_TRUNC }, { IO_NONBLOCK, O_NONBLOCK },
		{ IO_NOFOLLOW, O_NOFOLLOW },
	};
	int o = flags & IO_READONLY ? O_RDONLY : O_RDWR;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (flags & map[i].io)
			o |= map[i].o;
	return o;
}

/*
 * As xfs_io's openfile(): a FIFO is opened non-blocking so that we fail
 * rather than wait for a peer, and a directory is retried read-only.  The
 * 'b' and 's' suffixes mean 4096 and 512 bytes, as xfs_io has them for
 * files not on XFS; on XFS they are the filesystem's block and sector
 * sizes, from its geometry.
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
		struct xfs_geom_v1 g;

		f->kind = "xfs";
		if (ioctl(f->fd, XFS_IOC_FSGEOMETRY_V1, &g) == 0) {
			f->blksize = g.blocksize;
			f->sectsize = g.sectsize;
		}
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

static ssize_t px_pwritev(struct tfile *f, const struct iovec *iov, int n,
			  off_t off)
{
	ssize_t r = pwritev(f->fd, iov, n, off);

	return r < 0 ? -errno : r;
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

static int px_sync(struct target *t DX_UNUSED)
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
	if (!strcmp(f->kind, "xfs")) {
		struct fsxattr fsx, fsxa;
		struct xfs_dioattr dio;

		st->has_xfs = true;
		if (ioctl(f->fd, FS_IOC_FSGETXATTR, &fsx) < 0 ||
		    ioctl(f->fd, XFS_IOC_FSGETXATTRA, &fsxa) < 0) {
			st->fsx_err = errno;
		} else {
			st->xflags = fsx.fsx_xflags;
			st->projid = fsx.fsx_projid;
			st->extsize = fsx.fsx_extsize;
			st->cowextsize = fsx.fsx_cowextsize;
			st->nextents = fsx.fsx_nextents;
			st->naextents = fsxa.fsx_nextents;
		}
		if (ioctl(f->fd, XFS_IOC_DIOINFO, &dio) < 0) {
			st->dio_err = errno;
		} else {
			st->dio_mem = dio.d_mem;
			st->dio_miniosz = dio.d_miniosz;
			st->dio_maxiosz = dio.d_maxiosz;
		}
	}
	return 0;
}

static int px_getxflags(struct tfile *f, uint32_t *xflags)
{
	struct fsxattr fsx;

	if (ioctl(f->fd, FS_IOC_FSGETXATTR, &fsx) < 0)
		return -errno;
	*xflags = fsx.fsx_xflags;
	return 0;
}

static int px_setxflags(struct tfile *f, uint32_t xflags)
{
	struct fsxattr fsx;

	if (ioctl(f->fd, FS_IOC_FSGETXATTR, &fsx) < 0)
		return -errno;
	fsx.fsx_xflags = xflags;
	return ioctl(f->fd, FS_IOC_FSSETXATTR, &fsx) < 0 ? -errno : 0;
}

static int px_fiemap(struct tfile *f, uint64_t start, uint64_t len,
		     bool xattr, struct fiemap_ext *out, int max)
{
	return fiemap_read_range(f->fd, start, len, xattr, out, max);
}

/* XFS_IOC_GETBMAPX's ABI (xfs_fs.h), as the geometry's above. */
struct px_getbmapx {
	int64_t bmv_offset, bmv_block, bmv_length;
	int32_t bmv_count, bmv_entries, bmv_iflags, bmv_oflags;
	int32_t bmv_unused1, bmv_unused2;
};
struct px_getbmap { int64_t off, block, len; int32_t count, entries; };
#define PX_IOC_GETBMAPX		_IOWR('X', 56, struct px_getbmap)

static int px_bmap(struct tfile *f, int iflags, struct bmap_ent *out, int max)
{
	struct px_getbmapx *m = calloc((size_t)max + 1, sizeof(*m));
	int n;

	if (!m)
		return -ENOMEM;
	m[0].bmv_length = -1;
	m[0].bmv_count = max + 1;
	m[0].bmv_iflags = iflags;
	if (ioctl(f->fd, PX_IOC_GETBMAPX, m) < 0) {
		n = -errno;
		free(m);
		return n;
	}
	n = m[0].bmv_entries;
	for (int i = 0; i < n; i++)
		out[i] = (struct bmap_ent){ m[i + 1].bmv_offset,
			m[i + 1].bmv_block, m[i + 1].bmv_length,
			m[i + 1].bmv_oflags };
	free(m);
	return n;
}

static int px_bmap_geometry(struct tfile *f, struct bmap_geom *g)
{
	struct xfs_geom_v1 geo;
	struct fsxattr fsx;

	if (ioctl(f->fd, XFS_IOC_FSGEOMETRY_V1, &geo) < 0 ||
	    ioctl(f->fd, FS_IOC_FSGETXATTR, &fsx) < 0)
		return -errno;
	g->realtime = fsx.fsx_xflags == FS_XFLAG_REALTIME;
	g->agcount = (int)geo.agcount;
	g->ag_bb = g->realtime ? 0 : (int64_t)geo.agblocks * geo.blocksize / 512;
	g->sunit_bb = g->realtime ? 0 : (int64_t)geo.sunit * geo.blocksize / 512;
	g->swidth_bb = g->realtime ? 0 : (int64_t)geo.swidth * geo.blocksize / 512;
	return 0;
}

static int px_statx(struct tfile *f, unsigned mask, struct statx *out)
{
	return statx(f->fd, "", AT_EMPTY_PATH, mask, out) < 0 ? -errno : 0;
}

/*
 * xfs_io's mmap: with -s, first map and unmap an anonymous range of that
 * size and use its address as the hint, so that the mapping has room to
 * grow in place.  MAP_SYNC on a file that is not on a DAX mount fails
 * with the kernel's EOPNOTSUPP.
 */
static int px_mmap(struct tmap *m)
{
	void *hint = NULL, *a;

	if (m->reserve > m->length) {
		hint = mmap(NULL, m->reserve, m->prot,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (hint == MAP_FAILED)
			hint = NULL;
		else
			munmap(hint, m->reserve);
	}
	a = mmap(hint, m->length, m->prot, m->flags, m->f->fd, m->offset);
	if (a == MAP_FAILED)
		return -errno;
	m->addr = a;
	return 0;
}

static int px_munmap(struct tmap *m)
{
	return munmap(m->addr, m->length) < 0 ? -errno : 0;
}

static int px_madvise(struct tmap *m, size_t rel, size_t len, int advice)
{
	return madvise((char *)m->addr + rel, len, advice) < 0 ? -errno : 0;
}

static int px_msync(struct tmap *m, size_t rel, size_t len, int flags)
{
	return msync((char *)m->addr + rel, len, flags) < 0 ? -errno : 0;
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
	.pwritev	= px_pwritev,
	.pread		= px_pread,
	.fsync		= px_fsync,
	.fdatasync	= px_fdatasync,
	.syncfs		= px_syncfs,
	.sync		= px_sync,
	.truncate	= px_truncate,
	.fallocate	= px_fallocate,
	.stat		= px_stat,
	.getxflags	= px_getxflags,
	.setxflags	= px_setxflags,
	.statx		= px_statx,
	.fiemap		= px_fiemap,
	.bmap		= px_bmap,
	.bmap_geometry	= px_bmap_geometry,
	.mmap		= px_mmap,
	.munmap		= px_munmap,
	.msync		= px_msync,
	.madvise	= px_madvise,
	/* crash, info, describe, fault_stats, entry: the reference only. */
};
