// SPDX-License-Identifier: MIT
/*
 * target_ref.c - a file in the reference DAX filesystem (libdaxref).
 *
 * One dx_fs per run, mounted at setup with the --ref options and
 * unmounted (written back, journal checkpointed) at teardown.  FILE is a
 * name in the reference's flat namespace.  Every operation is the dx_*
 * call of the same name; errors are the library's negative errnos, so the
 * commands print them exactly as they print the kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "daxref.h"
#include "daxref_hooks.h"
#include "refopts.h"
#include "target.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX	0x00200000
#endif

/* Our fallocate modes pass straight through where libdaxref has them. */
_Static_assert(FALLOC_KEEP_SIZE == DX_FALLOC_KEEP_SIZE, "keep size");
_Static_assert(FALLOC_PUNCH_HOLE == DX_FALLOC_PUNCH_HOLE, "punch hole");
_Static_assert(FALLOC_ZERO_RANGE == DX_FALLOC_ZERO_RANGE, "zero range");
/* So do msync's flags. */
_Static_assert(MS_ASYNC == DX_MS_ASYNC && MS_SYNC == DX_MS_SYNC &&
	       MS_INVALIDATE == DX_MS_INVALIDATE, "msync flags");

static struct dx_fs *fs_of(struct target *t)
{
	return t->priv;
}

static struct dx_file *file_of(struct tfile *f)
{
	return f->priv;
}

void ref_mode_describe(FILE *out)
{
	dx_mode_describe(out);
}

/* What recovery tells the user (what --repair dropped): on stderr. */
static void ref_notice(void *arg DX_UNUSED, const char *line)
{
	fprintf(stderr, "daxio: recovery: %s\n", line);
}

static int ref_setup(struct target *t, const struct target_cfg *cfg,
		     char *err, size_t errlen)
{
	/* checked value by value when they were parsed (refopts_set) */
	struct dx_opts o = cfg->ref->o;
	struct dx_fs *fs;
	int rc;

	o.count_zeroing = cfg->count_zeroing;
	o.notice = ref_notice;

	rc = dx_mount(&o, &fs, err, errlen);
	if (rc < 0) {
		if (!err[0])
			snprintf(err, errlen, "mount: %s", strerror(-rc));
		return rc;
	}
	t->priv = fs;
	return 0;
}

static int ref_teardown(struct target *t)
{
	struct dx_info in;
	int rc = 0;

	if (t->priv) {
		dx_info(fs_of(t), &in);
		if (in.shutdown)
			fprintf(stderr, "daxio: the reference filesystem shut "
				"down: %s; nothing after that was written\n",
				in.shutdown);
		rc = dx_umount(fs_of(t));
	}

	t->priv = NULL;
	return rc;
}

static int ref_open(struct tfile *f, mode_t mode DX_UNUSED)
{
	unsigned flags = 0;
	struct dx_file *df;
	int rc;

	if (f->flags & IO_CREAT)
		flags |= DX_O_CREAT;
	if (f->flags & IO_TRUNC)
		flags |= DX_O_TRUNC;
	if (f->flags & IO_READONLY)
		flags |= DX_O_RDONLY;
	rc = dx_open(fs_of(f->t), f->name, flags, &df);
	if (rc < 0)
		return rc;
	f->priv = df;
	f->blksize = DX_BLOCK_SIZE;
	f->sectsize = 512;
	f->kind = "daxref";
	return 0;
}

static int ref_close(struct tfile *f)
{
	return dx_close(file_of(f));
}

static ssize_t ref_pwrite(struct tfile *f, const void *buf, size_t len,
			  off_t off)
{
	return dx_pwrite(file_of(f), buf, len, off);
}

/*
 * A vectored write on the reference: the kernel's DAX write walks the
 * iov_iter inside one dax_iomap_rw() call (one i_rwsem hold, one iomap
 * per extent), which for buffers that follow each other in memory is one
 * dx_pwrite() of their sum; buffers apart are written one after another,
 * stopping at the first short one.  More than IOV_MAX (1024) is EINVAL,
 * as pwritev(2) says.
 */
static ssize_t ref_pwritev(struct tfile *f, const struct iovec *iov, int n,
			   off_t off)
{
	ssize_t done = 0;

	if (n < 0 || n > 1024)
		return -EINVAL;
	for (int i = 0; i < n;) {
		const char *base = iov[i].iov_base;
		size_t len = iov[i].iov_len;
		int j = i + 1;

		while (j < n && (const char *)iov[j].iov_base == base + len)
			len += iov[j++].iov_len;
		ssize_t r = dx_pwrite(file_of(f), base, len, off + done);

		if (r < 0)
			return done ? done : r;
		done += r;
		if ((size_t)r < len)
			break;
		i = j;
	}
	return done;
}

static ssize_t ref_pread(struct tfile *f, void *buf, size_t len, off_t off)
{
	return dx_pread(file_of(f), buf, len, off);
}

static int ref_fsync(struct tfile *f)
{
	return dx_fsync(file_of(f), false);
}

static int ref_fdatasync(struct tfile *f)
{
	return dx_fsync(file_of(f), true);
}

static int ref_syncfs(struct tfile *f)
{
	return dx_syncfs(fs_of(f->t));
}

/* sync(2) cannot fail; the reference has one filesystem to sync. */
static int ref_sync(struct target *t)
{
	dx_syncfs(fs_of(t));
	return 0;
}

static int ref_truncate(struct tfile *f, off_t size)
{
	return dx_truncate(file_of(f), size);
}

static int ref_fallocate(struct tfile *f, int mode, off_t off, off_t len)
{
	if (mode & ~(FALLOC_KEEP_SIZE | FALLOC_PUNCH_HOLE | FALLOC_ZERO_RANGE))
		return -EOPNOTSUPP;	/* collapse, insert, unshare */
	return dx_fallocate(file_of(f), mode, off, len);
}

static int ref_stat(struct tfile *f, struct tstat *st)
{
	struct dx_stat ds;
	int rc = dx_fstat(file_of(f), &ds);

	if (rc < 0)
		return rc;
	st->ino = ds.ino;
	st->mode = S_IFREG | 0600;
	st->size = (int64_t)ds.size;
	st->blocks = (int64_t)ds.blocks;
	st->has_ref = true;
	st->ref_extents = ds.extents;
	st->ref_dirty_entries = ds.dirty_entries;
	st->ref_cached_pages = ds.cached_pages;
	return 0;
}

/* The reference's extents, clipped to the range and flagged as the
 * kernel's iomap_fiemap() reports them (LAST on the range's last one).
 * It keeps no extended attributes: their fork is empty. */
static int ref_fiemap(struct tfile *f, uint64_t start, uint64_t len,
		      bool xattr, struct fiemap_ext *out, int max)
{
	uint64_t end = len > UINT64_MAX - start ? UINT64_MAX : start + len;
	struct dx_extent *e;
	int n, all = 64, k = 0;

	if (xattr)
		return 0;
	for (;;) {	/* every extent of the file, however many */
		if (!(e = calloc((size_t)all, sizeof(*e))))
			return -ENOMEM;
		n = dx_fiemap(file_of(f), e, all);
		if (n <= all)
			break;
		free(e);
		all = n;
	}
	for (int i = 0; i < n && k < max; i++) {
		uint64_t lo = e[i].logical, hi = lo + e[i].length;
		uint64_t phys = e[i].physical;

		if (hi <= start || lo >= end)
			continue;
		if (lo < start) {
			phys += start - lo;
			lo = start;
		}
		if (hi > end)
			hi = end;
		out[k++] = (struct fiemap_ext){
			.logical = lo, .physical = phys, .length = hi - lo,
			.unwritten = e[i].unwritten,
			.flags = e[i].unwritten ? FIEMAP_EXT_UNWRITTEN : 0,
		};
	}
	free(e);
	if (n < 0)
		return n;
	if (k)
		out[k - 1].flags |= FIEMAP_EXT_LAST;
	return k;
}

/*
 * bmap on the reference: its extents over [0, EOF) in 512-byte units, the
 * gaps as holes; an unwritten extent is an extent flagged PREALLOC, as XFS
 * 6.1 reports it with or without BMV_IF_PREALLOC.  The page-cache mode's
 * delayed allocations have no extent yet: they show as holes (so -e adds
 * nothing here).  No attribute or CoW fork: those maps are empty.
 */
static int ref_bmap(struct tfile *f, int iflags, struct bmap_ent *out,
		    int max)
{
	if (iflags & (BMAP_IF_ATTRFORK | BMAP_IF_COWFORK))
		return 0;
	struct fiemap_ext *e = calloc((size_t)max, sizeof(*e));
	struct tstat st;
	int64_t cur = 0, eof;
	int n, k = 0;

	if (!e)
		return -ENOMEM;
	if ((n = ref_stat(f, &st)) < 0 ||
	    (n = ref_fiemap(f, 0, UINT64_MAX, false, e, max)) < 0) {
		free(e);
		return n;
	}
	eof = (st.size + 511) / 512;
#define PUT_HOLE(lo, hi) do {						\
		if (k && out[k - 1].block == -1 &&			\
		    out[k - 1].offset + out[k - 1].length == (lo))	\
			out[k - 1].length = (hi) - out[k - 1].offset;	\
		else if (k < max)					\
			out[k++] = (struct bmap_ent){ (lo), -1, (hi) - (lo), 0 }; \
	} while (0)
	for (int i = 0; i < n; i++) {
		int64_t lo = (int64_t)(e[i].logical / 512);
		int64_t len = (int64_t)(e[i].length / 512);

		if (lo > cur)
			PUT_HOLE(cur, lo);
		if (k < max)
			out[k++] = (struct bmap_ent){ lo,
				(int64_t)(e[i].physical / 512), len,
				e[i].unwritten ? BMAP_OF_PREALLOC : 0 };
		cur = lo + len;
	}
	if (cur < eof)
		PUT_HOLE(cur, eof);
#undef PUT_HOLE
	free(e);
	return k;
}

/* The reference has no allocation groups, stripe or realtime device. */
static int ref_bmap_geometry(struct tfile *f DX_UNUSED, struct bmap_geom *g)
{
	*g = (struct bmap_geom){ 0 };
	return 0;
}

/* The reference has no per-file flags: DAX is the mount's mode. */
static int ref_getxflags(struct tfile *f, uint32_t *xflags)
{
	struct dx_stat ds;
	int rc = dx_fstat(file_of(f), &ds);

	if (rc < 0)
		return rc;
	*xflags = ds.dax ? FS_XFLAG_DAX : 0;
	return 0;
}

static int ref_setxflags(struct tfile *f DX_UNUSED, uint32_t xflags DX_UNUSED)
{
	return -EOPNOTSUPP;
}

/* What statx(2) would say: the basic fields (no times: the reference
 * keeps none) and STATX_ATTR_DAX for a DAX mode. */
static int ref_statx(struct tfile *f, unsigned mask DX_UNUSED, struct statx *out)
{
	struct dx_stat ds;
	int rc = dx_fstat(file_of(f), &ds);

	if (rc < 0)
		return rc;
	memset(out, 0, sizeof(*out));
	out->stx_mask = STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_INO |
			STATX_SIZE | STATX_BLOCKS;
	out->stx_blksize = DX_BLOCK_SIZE;
	out->stx_nlink = 1;
	out->stx_mode = S_IFREG | 0600;
	out->stx_ino = ds.ino;
	out->stx_size = ds.size;
	out->stx_blocks = ds.blocks;
	out->stx_attributes_mask = STATX_ATTR_DAX;
	out->stx_attributes = ds.dax ? STATX_ATTR_DAX : 0;
	return 0;
}

/*
 * dx_mmap() maps data, readable, optionally writable:
 *  - PROT_EXEC is refused: nothing here can execute from the reference,
 *    and it has no instruction-fetch faults.  With no -r/-w/-x the mapping
 *    is read-write (xfs_io's default adds exec), and the list says "rw-".
 *  - -w alone maps read-write, as the kernel does on x86, where a
 *    writable page is readable; the list shows "-w-" as asked.
 *  - -s (reserve room for mremap) is refused: dx_mmap() places the
 *    mapping itself, at the file offset's 2 MiB colour, so that PMD faults
 *    are possible, and daxio has no mremap.
 *  - MAP_SYNC is accepted in the DAX modes: a write fault commits the
 *    block allocation (and unwritten conversion) to the journal, flushed
 *    and fenced, before the page is mapped writable - what MAP_SYNC
 *    promises.  Data stored through the mapping still sits in CPU caches
 *    until written back (msync -s, fsync), as on real pmem where the
 *    program must flush.  The pagecache mode is not DAX, so MAP_SYNC
 *    fails as the kernel fails it, EOPNOTSUPP.
 */
static int ref_mmap(struct tmap *m)
{
	int prot = DX_PROT_READ;

	if (m->prot_default)
		m->prot = PROT_READ | PROT_WRITE;
	if (m->prot & PROT_EXEC) {
		m->why = "the reference maps data only; PROT_EXEC (-x) is not"
			 " supported";
		return -EOPNOTSUPP;
	}
	if (m->reserve) {
		m->why = "the reference places its mappings itself (2 MiB "
			 "colour, for PMD faults); -s is not supported";
		return -EOPNOTSUPP;
	}
	if (m->flags & MAP_SYNC) {
		struct dx_info in;

		dx_info(fs_of(m->t), &in);
		if (!strcmp(in.mode, "pagecache")) {
			m->why = "MAP_SYNC needs a DAX mode; pagecache is not"
				 " one";
			return -EOPNOTSUPP;
		}
	}
	if (m->prot & PROT_WRITE)
		prot |= DX_PROT_WRITE;
	int rc = dx_mmap(file_of(m->f), m->offset, m->length, prot, &m->addr);

	if (rc == -ENOMEM)
		m->why = "no room for that length in this process's address "
			 "space (mmap(2) fails the same way; x86-64 user space "
			 "is 128 TiB with 4-level page tables)";
	return rc;
}

static int ref_munmap(struct tmap *m)
{
	return dx_munmap(fs_of(m->t), m->addr);
}

/* MADV_* and DX_MADV_* are Linux's numbers, the same five. */
static int ref_madvise(struct tmap *m, size_t rel, size_t len, int advice)
{
	return dx_madvise(fs_of(m->t), (char *)m->addr + rel, len, advice);
}

static int ref_msync(struct tmap *m, size_t rel, size_t len, int flags)
{
	return dx_msync(fs_of(m->t), (char *)m->addr + rel, len, flags);
}

/* One "ref.KEY = N" line: the shape of info's, mstat's and stat's lines. */
static void ref_line(FILE *out, const char *key, uint64_t v)
{
	fprintf(out, "ref.%s = %llu\n", key, (unsigned long long)v);
}

/* The counters since the filesystem was mounted, as "ref.fault.*" lines. */
static void ref_fault_stats(struct target *t, FILE *out)
{
	struct dx_fault_stats st;

	dx_fault_stats(fs_of(t), &st);
	ref_line(out, "fault.read", st.read_faults);
	ref_line(out, "fault.write", st.write_faults);
	ref_line(out, "fault.mkwrite", st.mkwrite_faults);
	ref_line(out, "fault.pmd", st.pmd_faults);
	ref_line(out, "fault.pmd_fallback", st.pmd_fallbacks);
	ref_line(out, "fault.zero_map", st.zero_maps);
	ref_line(out, "fault.sigbus", st.sigbus);
	ref_line(out, "writeback.flushed_bytes", st.flushed_bytes);
}

static int ref_entry(struct tfile *f, uint64_t index, struct tentry *e)
{
	int rc = dx_entry_kind(file_of(f), index, &e->kind, &e->dirty);

	if (rc < 0)
		return rc;
	rc = dx_bmap(file_of(f), (off_t)(index * DX_BLOCK_SIZE), &e->block);
	e->hole = rc == -ENODATA;
	return rc == -ENODATA ? 0 : rc;
}

static int ref_crash(struct target *t, bool torn, uint64_t seed)
{
	return dx_crash(fs_of(t), torn ? DX_CRASH_TORN : DX_CRASH_CLEAN, seed);
}

/* One "ref.key = value" line per fact, the shape of stat's lines. */
static void ref_info(struct target *t, FILE *out)
{
	struct dx_info in;

	dx_info(fs_of(t), &in);
	fprintf(out, "ref.mode = %s\n", in.mode);
	fprintf(out, "ref.zeroing = %s\n", in.zeroing);
	fprintf(out, "ref.profile = %s\n", in.profile);
	fprintf(out, "ref.backing = %s\n", in.backing);
	ref_line(out, "region_size", in.region_size);
	ref_line(out, "data_blocks", in.data_blocks);
	ref_line(out, "free_blocks", in.free_blocks);
	ref_line(out, "meta_dram_bytes", in.meta_dram_bytes);
	ref_line(out, "journal_txns", in.journal_txns);
	ref_line(out, "checkpoints", in.checkpoints);
	ref_line(out, "replayed", in.replayed);
	ref_line(out, "repaired", in.repaired);
	fprintf(out, "ref.tracking = %s\n", in.tracking ? "on" : "off");
	if (in.zero_bytes)
		fprintf(out, "ref.zero_bytes = %llu\nref.zero_seconds = %.6f\n",
			(unsigned long long)in.zero_bytes, in.zero_seconds);
	if (in.shutdown)
		fprintf(out, "ref.shutdown = %s\n", in.shutdown);
}

static void ref_describe(struct target *t, FILE *out)
{
	dx_describe(fs_of(t), out);
}

const struct target_ops target_ref_ops = {
	.name		= "ref",
	.desc		= "a file in the reference DAX filesystem (libdaxref)",
	.open_flags	= IO_READONLY | IO_CREAT | IO_TRUNC,
	.setup		= ref_setup,
	.teardown	= ref_teardown,
	.open		= ref_open,
	.close		= ref_close,
	.pwrite		= ref_pwrite,
	.pwritev	= ref_pwritev,
	.pread		= ref_pread,
	.fsync		= ref_fsync,
	.fdatasync	= ref_fdatasync,
	.syncfs		= ref_syncfs,
	.sync		= ref_sync,
	.truncate	= ref_truncate,
	.fallocate	= ref_fallocate,
	.stat		= ref_stat,
	.getxflags	= ref_getxflags,
	.setxflags	= ref_setxflags,
	.statx		= ref_statx,
	.fiemap		= ref_fiemap,
	.bmap		= ref_bmap,
	.bmap_geometry	= ref_bmap_geometry,
	.mmap		= ref_mmap,
	.munmap		= ref_munmap,
	.msync		= ref_msync,
	.madvise	= ref_madvise,
	.crash		= ref_crash,
	.info		= ref_info,
	.describe	= ref_describe,
	.fault_stats	= ref_fault_stats,
	.entry		= ref_entry,
};

