/* SPDX-License-Identifier: MIT */
/*
 * daxref.h - public interface of libdaxref, the daxbench reference DAX
 * filesystem.
 *
 * A dx_fs is a small filesystem over a persistent-memory region (a memfd by
 * default).  Its files are read and written with one of four copy modes,
 * its metadata lives in the region behind a journal, and dx_crash() can
 * throw away everything that was not made durable and recover, so that the
 * persistence claims of each mode can be tested.
 *
 * Conventions: functions return 0 or a byte count on success and a negative
 * errno on failure.  Nothing here prints; a failing dx_mount() explains
 * itself in the caller's error buffer.  All calls are thread-safe; the lock
 * order is in ref/README.md.
 */
#ifndef DAXREF_H
#define DAXREF_H

#include "dx_compiler.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define DX_BLOCK_SIZE	4096u
#define DX_PMD_SIZE	(2u << 20)

struct dx_fs;
struct dx_file;

/* Where the pmem region comes from (see ref/region.c). */
enum dx_backing {
	DX_BACK_MEMFD,		/* anonymous memfd: DRAM stands in for pmem */
	DX_BACK_HUGETLB,	/* memfd with MFD_HUGETLB (2 MiB pages) */
	DX_BACK_IMAGE,		/* a regular image file, kept between runs */
	DX_BACK_PMEM,		/* devdax, or a file on a DAX mount (MAP_SYNC) */
};

/* How new blocks are made safe to expose (see ref/alloc.c). */
enum dx_zeroing {
	DX_ZERO_ON_ALLOC,	/* XFS_BMAPI_ZERO: NT-zero every new block */
	DX_ZERO_UNWRITTEN,	/* unwritten extents; zero partial head/tail */
};

enum dx_crash_kind {
	DX_CRASH_CLEAN,		/* every non-durable line reverts */
	DX_CRASH_TORN,		/* a seeded random subset of them survives */
};

/**
 * struct dx_opts - how to build or attach a reference filesystem.
 * @mode:	copy mode name: "movnt", "clwb", "deferred" or "pagecache"
 *		(dx_mode_list() prints them).  NULL means "movnt".
 * @zeroing:	policy for newly allocated blocks.
 * @profile:	semantics profile; NULL or "fixed" is today's kernel.
 * @backing:	where the region lives.
 * @path:	the image or pmem path for DX_BACK_IMAGE / DX_BACK_PMEM.
 * @region_size: bytes; 0 picks the default (or the size of @path).
 * @mkfs:	format even if @path holds something that is not a daxref
 *		filesystem.  Never implied: an existing foreign file or device
 *		is refused without it.
 * @track:	enable the persistence model (needed by dx_crash()).
 * @prefault:	populate the region at mount so first-touch faults of the
 *		host do not land inside measurements.
 * @isa, @flush: override the CPU probe ("avx512", "avx2", "sse2";
 *		"clwb", "clflushopt", "clflush"); NULL = environment, then probe.
 * @repair:	when recovery meets a committed journal transaction that does
 *		not fit the metadata, keep everything before it and drop it
 *		and what follows (each one reported through @notice), instead
 *		of refusing to mount.  Never implied.
 * @notice:	called with one line for each thing recovery did that the
 *		user should hear about (what @repair dropped); may be NULL.
 * @prefill:	when the region is formatted, fill every data block with this
 *		pattern first, as media that held data ("none", "old",
 *		"random", "ones"; dx_prefill_list() prints them); NULL = none.
 * @count_zeroing: count the bytes the filesystem zeroes on the media and
 *		the time it takes (TSC reads around each zeroing call, about
 *		15 ns each); dx_info() reports them.
 * @copy:	"KIND=KERNEL,..." naming the copy kernel of a kind (nt,
 *		cached+flush, cached); NULL = DAXBENCH_COPY, then the ranking
 *		measured on this CPU (ref/copy_rank.h).
 */
struct dx_opts {
	const char	*mode;
	enum dx_zeroing	zeroing;
	const char	*profile;
	enum dx_backing	backing;
	const char	*path;
	uint64_t	region_size;
	bool		mkfs;
	bool		track;
	bool		prefault;
	const char	*isa;
	const char	*flush;
	bool		repair;
	void		(*notice)(void *arg, const char *line);
	void		*notice_arg;
	const char	*prefill;
	const char	*copy;
	bool		count_zeroing;
};

void dx_opts_init(struct dx_opts *o);

/**
 * dx_mount() - create or attach a reference filesystem.
 * @o:		options (copied; need not outlive the call).
 * @out:	the new filesystem on success.
 * @err:	on failure, a one-line reason naming the input that was wrong.
 *
 * An empty region (all zero superblock) is formatted; a region holding a
 * daxref filesystem is recovered (journal replay); anything else is refused
 * unless @o->mkfs.
 */
int dx_mount(const struct dx_opts *o, struct dx_fs **out,
	     char *err, size_t errlen);

/**
 * dx_umount() - write back everything, checkpoint the journal, unmap.
 * Open files must be closed first (-EBUSY otherwise; nothing is freed).
 * A filesystem that shut down (see dx_info) writes nothing more: what was
 * durable stays as it was.
 *
 * Shutdown: a metadata transaction that does not fit the durable metadata
 * is never written; the filesystem shuts down instead, as XFS does on a
 * dirty transaction cancel.  The call that hit it fails with -EUCLEAN
 * (EFSCORRUPTED), every later call with -EIO, and faults on its mappings
 * raise SIGBUS.  dx_info() says why.  A dx_crash() recovers from the
 * region and clears it.
 */
int dx_umount(struct dx_fs *fs);

/* Namespace: flat; a name is any string up to DX_NAME_MAX bytes. */
#define DX_NAME_MAX	255

/* Flags for dx_open(): a subset of open(2)'s meaning. */
#define DX_O_CREAT	0x1
#define DX_O_EXCL	0x2
#define DX_O_TRUNC	0x4
#define DX_O_RDONLY	0x8

int dx_open(struct dx_fs *fs, const char *name, unsigned flags,
	    struct dx_file **out);
int dx_close(struct dx_file *f);
int dx_unlink(struct dx_fs *fs, const char *name);

ssize_t dx_pwrite(struct dx_file *f, const void *buf, size_t len, off_t off);
ssize_t dx_pread(struct dx_file *f, void *buf, size_t len, off_t off);
int dx_fsync(struct dx_file *f, bool datasync);
int dx_syncfs(struct dx_fs *fs);
int dx_truncate(struct dx_file *f, off_t size);

/* dx_fallocate() modes, as fallocate(2). */
#define DX_FALLOC_KEEP_SIZE	0x1
#define DX_FALLOC_PUNCH_HOLE	0x2
#define DX_FALLOC_ZERO_RANGE	0x10
int dx_fallocate(struct dx_file *f, int mode, off_t off, off_t len);

/*
 * Mappings.  dx_mmap() maps [off, off+len) of @f (off page-aligned) and
 * returns the address; loads and stores there fault into the reference
 * (ref/fault.c): holes map a shared zero page, stores allocate and dirty
 * the entry, and access at or past EOF raises SIGBUS, as the kernel does.
 * The mapping holds the file open until dx_munmap().  Mappings of a
 * filesystem that crashed (dx_crash) raise SIGBUS.
 */
#define DX_PROT_READ	0x1
#define DX_PROT_WRITE	0x2
#define DX_MS_ASYNC	0x1
#define DX_MS_INVALIDATE 0x2
#define DX_MS_SYNC	0x4
int dx_mmap(struct dx_file *f, off_t off, size_t len, int prot, void **addr);
int dx_munmap(struct dx_fs *fs, void *addr);
int dx_msync(struct dx_fs *fs, void *addr, size_t len, int flags);
/*
 * dx_madvise() - madvise(2) of [addr, addr + len) of one mapping, with
 * Linux's values.  On a DAX file NORMAL, RANDOM, SEQUENTIAL and WILLNEED
 * change nothing (no readahead: generic_fadvise() ignores DAX files);
 * DONTNEED unmaps the range from this mapping only, so the next access
 * faults again and finds the same data.  -EINVAL for an unaligned @addr or
 * another advice, -ENOMEM when the range is not inside one mapping.
 */
#define DX_MADV_NORMAL		0
#define DX_MADV_RANDOM		1
#define DX_MADV_SEQUENTIAL	2
#define DX_MADV_WILLNEED	3
#define DX_MADV_DONTNEED	4
int dx_madvise(struct dx_fs *fs, void *addr, size_t len, int advice);

struct dx_fault_stats {
	uint64_t read_faults, write_faults, mkwrite_faults;
	uint64_t pmd_faults, pmd_fallbacks;	/* PMD tried but fell back */
	uint64_t zero_maps, sigbus;
	uint64_t flushed_bytes;			/* by writeback, entries */
};
void dx_fault_stats(struct dx_fs *fs, struct dx_fault_stats *st);

struct dx_stat {
	uint64_t ino;
	uint64_t size;
	uint64_t blocks;	/* allocated 512-byte units, as st_blocks */
	uint64_t extents;
	uint64_t dirty_entries;	/* mapping-tree entries tagged DIRTY */
	uint64_t cached_pages;	/* pagecache mode: DRAM pages held */
	bool	 dax;		/* the file's data is accessed directly
				 * (STATX_ATTR_DAX): every mode but pagecache */
};
int dx_fstat(struct dx_file *f, struct dx_stat *st);

/* One extent of a file's block map, in bytes (FIEMAP's view): the region
 * offset is the "physical" address. */
struct dx_extent {
	uint64_t logical, physical, length;
	bool	 unwritten;	/* allocated, reads as zeros */
};
/**
 * dx_fiemap() - the file's extents in file order, at most @max of them into
 * @out.  Returns how many the file has (which may exceed @max), or a
 * negative errno.  Delayed allocations of the page-cache mode have no
 * extent until writeback.
 */
int dx_fiemap(struct dx_file *f, struct dx_extent *out, int max);

/**
 * dx_crash() - simulate power loss, then recover.
 *
 * Every cache line of the region that was not flushed and fenced reverts to
 * its last durable content (DX_CRASH_TORN keeps a seeded random subset, as
 * pmreorder's partial engine does).  All volatile state - page cache,
 * mapping tree, in-core inodes - is dropped and the filesystem is recovered
 * from the region.  Every dx_file opened before the crash returns -ESTALE
 * from then on; reopen by name.  Needs dx_opts.track (-EOPNOTSUPP without).
 */
int dx_crash(struct dx_fs *fs, enum dx_crash_kind kind, uint64_t seed);

/**
 * dx_crash_arm() - capture a crash image at a fence, pmreorder-style.
 * @n:	which fence from now (1 = the next one, in any thread); 0 disarms.
 *
 * At that fence the model records what persistent memory would hold if
 * power failed just before the fence completed (DX_CRASH_TORN: plus a
 * seeded random subset of the lines in flight); execution goes on.  This
 * catches ordering bugs inside one call, which dx_crash() between calls
 * cannot see.  dx_crash_image_save() writes the image to a new file that
 * dx_mount() can open with DX_BACK_IMAGE; it returns -ENOENT if the fence
 * was never reached.  dx_fence_count() counts fences so far.  All need
 * dx_opts.track (-EOPNOTSUPP).
 */
int dx_crash_arm(struct dx_fs *fs, uint64_t n, enum dx_crash_kind kind,
		 uint64_t seed);
int dx_crash_image_save(struct dx_fs *fs, const char *path);
/*
 * dx_crash_freeze() - power fails at the @n-th fence from now (0: never),
 * while execution goes on: nothing that fence or a later one would make
 * durable is.  The next dx_crash() (clean) leaves the media as they were
 * just before that fence - what dx_crash_arm() captures, without a copy of
 * the region.  -EOPNOTSUPP without tracking.
 */
int dx_crash_freeze(struct dx_fs *fs, uint64_t n);
uint64_t dx_fence_count(struct dx_fs *fs);

/* Read-only facts about a mounted filesystem, for reports and tests. */
struct dx_info {
	const char	*mode;
	const char	*zeroing;
	const char	*profile;
	const char	*backing;
	uint64_t	region_size;
	uint64_t	data_blocks;	/* blocks available to files */
	uint64_t	free_blocks;
	uint64_t	meta_dram_bytes; /* block maps + mapping trees, in DRAM */
	uint64_t	journal_txns;	/* transactions committed this mount */
	uint64_t	checkpoints;
	uint64_t	replayed;	/* transactions replayed at mount */
	uint64_t	repaired;	/* transactions @repair dropped */
	bool		tracking;
	const char	*shutdown;	/* why it shut down, or NULL */
	/* With dx_opts.count_zeroing: media bytes zeroed (new blocks, EOF
	 * and partial-block edges, truncate, journal) and the time it took,
	 * from the TSC. */
	uint64_t	zero_bytes;
	double		zero_seconds;
};
void dx_info(struct dx_fs *fs, struct dx_info *info);

/* Prints mode, zeroing, region and the copy kernels and flush chosen,
 * one "key: value" per line, for -V style output and result rows. */
void dx_describe(struct dx_fs *fs, FILE *out);

/* The prefill patterns (dx_opts.prefill). */
bool dx_prefill_valid(const char *name);
void dx_prefill_list(FILE *out, const char *sep);

/* The copy-mode table, for help text and errors that list valid names. */
void dx_mode_list(FILE *out, const char *sep);
/* The modes in ref/modes.def's order: how many, the name of mode @i (NULL
 * past the end) and whether it is DAX, and one tab-separated line per mode
 * (name, dax|nodax, what write() does, what fsync does, who argued for it:
 * daxio --list-modes). */
int dx_mode_count(void);
const char *dx_mode_at(int i, bool *dax);
void dx_mode_describe(FILE *out);
bool dx_mode_valid(const char *name);
/* The mode that plays a column of Chinner's 2016 tables (ref/modes.def's
 * last field): the reports' "DAX" and "no DAX" columns and their ratios. */
enum dx_mode_role { DX_ROLE_NONE, DX_ROLE_NODAX, DX_ROLE_DAX };
const char *dx_mode_with_role(enum dx_mode_role role);
const char *dx_zeroing_name(enum dx_zeroing z);
int dx_zeroing_parse(const char *name, enum dx_zeroing *z);

#endif /* DAXREF_H */
