/* SPDX-License-Identifier: MIT */
/*
 * target.h - what daxio's commands run against.
 *
 * A target is a table of operations in the style of fio's ioengine_ops: the
 * commands (cmd_*.c) know nothing about where the bytes go, they call
 * through t->ops.  Two targets exist:
 *
 *   posix  the real FILE, with open(2)/pwrite(2)/... (target_posix.c)
 *   ref    a file in the reference DAX filesystem, libdaxref (target_ref.c)
 *
 * Contract for every operation: 0 (or a byte count) on success, a negative
 * errno on failure; nothing prints.  The command prints the error in
 * xfs_io's perror style, naming the system call xfs_io would have made
 * ("pwrite: No space left on device"), so both targets read the same.
 *
 * An operation a target cannot do is a NULL slot; the command then says
 * which target lacks it.  Nothing is faked.
 */
#ifndef DAXIO_TARGET_H
#define DAXIO_TARGET_H

#include "dx_compiler.h"
#include "fiemap.h"	/* struct fiemap_ext */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>	/* struct statx (glibc 2.28) */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>	/* struct iovec */

/*
 * How a file was opened: xfs_io's IO_* flags, which also make stat's
 * "fd.flags" line.  A target lists the ones it can honour in
 * target_ops.open_flags; main.c refuses the others before opening.
 */
enum {
	IO_READONLY	= 1 << 0,	/* -r */
	IO_CREAT	= 1 << 1,	/* -f */
	IO_TRUNC	= 1 << 2,	/* -t */
	IO_APPEND	= 1 << 3,	/* -a */
	IO_DIRECT	= 1 << 4,	/* -d */
	IO_OSYNC	= 1 << 5,	/* -s */
	IO_NONBLOCK	= 1 << 6,	/* -n */
	IO_NOFOLLOW	= 1 << 7,	/* -L */
};

/* fallocate modes, with fallocate(2)'s values (libdaxref uses them too,
 * for the ones it implements). */
enum {
	FALLOC_KEEP_SIZE	= 0x01,
	FALLOC_PUNCH_HOLE	= 0x02,
	FALLOC_COLLAPSE_RANGE	= 0x08,
	FALLOC_ZERO_RANGE	= 0x10,
	FALLOC_INSERT_RANGE	= 0x20,
	FALLOC_UNSHARE_RANGE	= 0x40,
};

/* What a target is set up with.  The reference's options live in their
 * one table (suite/common/refopts.h), which parsed and checked them; the
 * posix target takes none of them and main.c refuses them without --ref. */
struct refopts;
struct target_cfg {
	const struct refopts	*ref;		/* --ref MODE and its options */
	bool			count_zeroing;	/* --stats: time the zeroing */
};

/* One entry of bmap (xfs_io's getbmapx), in 512-byte units. */
struct bmap_ent {
	int64_t		offset, block, length;	/* block -1: hole, -2: delalloc */
	int		oflags;			/* BMAP_OF_* */
};
enum {	/* XFS's BMV_IF_* and BMV_OF_* values */
	BMAP_IF_ATTRFORK = 0x1, BMAP_IF_NO_DMAPI_READ = 0x2,
	BMAP_IF_PREALLOC = 0x4, BMAP_IF_DELALLOC = 0x8, BMAP_IF_COWFORK = 0x20,
	BMAP_OF_PREALLOC = 0x1, BMAP_OF_DELALLOC = 0x2, BMAP_OF_SHARED = 0x8,
};
struct bmap_geom {
	int64_t		ag_bb;		/* 512-byte blocks per AG; 0: none */
	int		agcount;
	int64_t		sunit_bb, swidth_bb;
	bool		realtime;	/* an XFS realtime file */
};

struct target;

/* One open file.  name is what the user typed; it is how crash reopens. */
struct tfile {
	struct target	*t;
	char		*name;
	int		flags;		/* IO_* */
	const char	*kind;		/* for the file list: xfs_io's "xfs" or
					 * "foreign", or "daxref" */
	size_t		blksize;	/* what the 'b' size suffix means */
	size_t		sectsize;	/* what the 's' size suffix means */
	int		fd;		/* posix */
	void		*priv;		/* ref: the struct dx_file */
};

/* What stat prints.  The ref_* fields exist only where has_ref is set. */
struct tstat {
	uint64_t	ino;
	mode_t		mode;
	int64_t		size;
	int64_t		blocks;		/* 512-byte units, as st_blocks */
	bool		has_raw;	/* raw holds a full fstat result */
	struct stat	raw;
	bool		has_ref;
	uint64_t	ref_extents;
	uint64_t	ref_dirty_entries;
	uint64_t	ref_cached_pages;
	/* A real file on XFS: what xfs_io's stat adds there.  fsx_err and
	 * dio_err are the errnos of the two queries (0: the values hold). */
	bool		has_xfs;
	int		fsx_err, dio_err;
	uint32_t	xflags, projid, extsize, cowextsize, nextents,
			naextents;
	uint32_t	dio_mem, dio_miniosz, dio_maxiosz;
};

/*
 * A memory mapping of part of a file: one entry of xfs_io's map table
 * (mmap/mread/mwrite/msync/munmap).  The command fills the request fields
 * and the target's mmap fills addr.  A mapping outlives the file it was
 * made from (close, or crash's reopening), as a VMA outlives its fd, so
 * after mmap returns the target must not look at f again: t says which
 * target the mapping belongs to.
 */
struct tmap {
	struct target	*t;
	struct tfile	*f;		/* the file, during mmap only */
	char		*name;		/* the file's name, for the map list */
	void		*addr;
	size_t		length;		/* as asked, not rounded to pages */
	off_t		offset;		/* in the file; page-aligned */
	int		prot;		/* PROT_*: in, what was asked; out, what
					 * the mapping allows (the list shows it) */
	bool		prot_default;	/* no -r/-w/-x: the target's default */
	int		flags;		/* MAP_SHARED, or MAP_SYNC|MAP_SHARED_VALIDATE */
	size_t		reserve;	/* -s: reserve this much address space
					 * first, for a later mremap (xfs_io) */
	const char	*why;		/* out: why a target refused, when the
					 * errno alone would not say */
};

/* The mapping-tree entry of one file page (reference only). */
struct tentry {
	const char	*kind;		/* "none", "pte", "pmd", "zero", ... */
	bool		dirty;		/* tagged DIRTY: writeback will flush it */
	bool		hole;		/* no block behind the page */
	uint64_t	block;		/* the region block, unless hole */
};

struct target_ops {
	const char	*name;
	const char	*desc;		/* one line for --help */
	int		open_flags;	/* the IO_* flags open() honours */

	/* Lifecycle.  setup gets the reference options (posix ignores them)
	 * and on failure leaves a one-line reason in err.  teardown runs
	 * after every file is closed (the ref target unmounts: writeback and
	 * journal checkpoint) and returns its error. */
	int	(*setup)(struct target *t, const struct target_cfg *cfg,
			 char *err, size_t errlen);
	int	(*teardown)(struct target *t);

	/* open fills f->priv/fd, blksize and sectsize; f->name, f->flags
	 * and f->t are set by the caller. */
	int	(*open)(struct tfile *f, mode_t mode);
	int	(*close)(struct tfile *f);

	/* I/O, as pwrite(2)/pread(2): may be short; 0 from pread is EOF. */
	ssize_t	(*pwrite)(struct tfile *f, const void *buf, size_t len,
			  off_t off);
	ssize_t	(*pread)(struct tfile *f, void *buf, size_t len, off_t off);
	/* pwritev(2): @n buffers, in order, from @off; may be short */
	ssize_t	(*pwritev)(struct tfile *f, const struct iovec *iov, int n,
			   off_t off);

	int	(*fsync)(struct tfile *f);
	int	(*fdatasync)(struct tfile *f);
	int	(*syncfs)(struct tfile *f);
	int	(*sync)(struct target *t);	/* sync(2): cannot fail */
	int	(*truncate)(struct tfile *f, off_t size);
	int	(*fallocate)(struct tfile *f, int mode, off_t off, off_t len);
	int	(*stat)(struct tfile *f, struct tstat *st);
	/* FS_IOC_FSGETXATTR / FS_IOC_FSSETXATTR's xflags (lsattr, chattr);
	 * -EOPNOTSUPP where the target cannot.  statx(2) of the open file
	 * with STATX_* @mask (statx). */
	int	(*getxflags)(struct tfile *f, uint32_t *xflags);
	int	(*setxflags)(struct tfile *f, uint32_t xflags);
	int	(*statx)(struct tfile *f, unsigned mask, struct statx *out);
	/* The file's extents in [@start, @start + @len), file order (FIEMAP,
	 * synced first), each clipped to the range as the kernel's iomap
	 * clips them, the last one of the range flagged FIEMAP_EXT_LAST; at
	 * most @max into @out; returns how many, or a negative errno.
	 * @xattr: the attribute fork's extents instead. */
	int	(*fiemap)(struct tfile *f, uint64_t start, uint64_t len,
			  bool xattr, struct fiemap_ext *out, int max);
	/* XFS_IOC_GETBMAPX's map of the whole file, holes included, in
	 * 512-byte units; @iflags BMAP_IF_*; at most @max entries into @out;
	 * returns how many, or a negative errno (-ENOTTY: not XFS).  The
	 * geometry bmap -v needs: ag_bb 0 when the target has no allocation
	 * groups (the reference; an XFS realtime file). */
	int	(*bmap)(struct tfile *f, int iflags, struct bmap_ent *out,
			int max);
	int	(*bmap_geometry)(struct tfile *f, struct bmap_geom *g);

	/*
	 * Memory mappings (cmd_mmap.c).
	 *
	 * mmap:    map m->length bytes of m->f at m->offset with m->prot and
	 *          m->flags; sets m->addr, may narrow m->prot (see tmap).  On
	 *          a refusal the errno is what the kernel would return, and
	 *          m->why may name the reason.  On the ref target the range is
	 *          reserved and filled by the library's fault path.
	 * munmap:  undo mmap.
	 * msync:   msync(2) of [rel, rel + len) of the mapping, MS_* flags.
	 *
	 * Loads and stores go straight through m->addr on every target: a
	 * fault that the target cannot satisfy arrives as SIGBUS (past EOF)
	 * or SIGSEGV (a store to a read-only mapping), and mapfault.c turns
	 * it into a message.
	 */
	int	(*mmap)(struct tmap *m);
	int	(*munmap)(struct tmap *m);
	int	(*msync)(struct tmap *m, size_t rel, size_t len, int flags);
	/* madvise(2) of [rel, rel + len) of the mapping, MADV_* advice */
	int	(*madvise)(struct tmap *m, size_t rel, size_t len, int advice);

	/* Reference-only (NULL on posix): simulate power loss and recover
	 * (every tfile is stale afterwards and must be reopened), print
	 * dx_info(), print dx_describe(). */
	int	(*crash)(struct target *t, bool torn, uint64_t seed);
	void	(*info)(struct target *t, FILE *out);
	void	(*describe)(struct target *t, FILE *out);

	/* Reference-only (NULL on posix), for mstat: print the fault
	 * counters (dx_fault_stats) as "ref.fault.*" lines; look up the
	 * mapping-tree entry and block of file page @index. */
	void	(*fault_stats)(struct target *t, FILE *out);
	int	(*entry)(struct tfile *f, uint64_t index, struct tentry *e);
};

struct target {
	const struct target_ops	*ops;
	void			*priv;	/* ref: the struct dx_fs */
};

/* The targets built into this binary, by name; NULL when unknown. */
const struct target_ops *target_find(const char *name);
extern const struct target_ops target_posix_ops;
extern const struct target_ops target_ref_ops;

/* The reference's copy modes (ref/modes.def): daxio --list-modes' lines
 * (target_ref.c). */
void ref_mode_describe(FILE *out);

#endif
