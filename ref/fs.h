/* SPDX-License-Identifier: MIT */
/*
 * fs.h - the reference filesystem's in-core structures, shared by the
 * files that implement it.  The public interface is daxref.h.
 */
#ifndef DAXREF_FS_H
#define DAXREF_FS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "alloc.h"
#include "daxref.h"
#include "extent.h"
#include "journal.h"
#include "lock.h"
#include "lockdep.h"
#include "mode.h"
#include "mtree.h"
#include "pmem.h"
#include "profile.h"
#include "region.h"

struct dx_vma;

#define BLK		DX_BLOCK_SIZE
#define BLK_SHIFT	12

/* A range of file blocks waiting for an unwritten -> written conversion
 * that may only be logged once their data is durable. */
struct blk_range {
	uint64_t fblk, len;
};

struct range_list {
	struct blk_range	*v;
	size_t			n, cap;
};

/* DRAM pages for the page cache, from a memfd so they can be mapped. */
struct pagepool {
	int		fd;
	uint8_t		*base;		/* a reserved address range */
	uint64_t	cap, mapped;	/* in pages */
	uint64_t	*free;
	uint64_t	nfree, free_cap;
	uint64_t	in_use;
	pthread_mutex_t	lock;
};

struct dx_inode {
	uint64_t		ino;
	char			*name;		/* NULL once unlinked */
	struct dx_fs		*fs;
	unsigned		opens;		/* references: inode_hold/_release */

	/* i_size: changed under i_rwsem held exclusive (and ilock);
	 * read with size_read() anywhere. */
	uint64_t		size;
	uint64_t		logged_size;	/* last SETSIZE; under ilock */

	struct dx_rwsem		i_rwsem;
	struct dx_rwsem		invalidate;
	struct dx_rwsem		i_mmap;		/* vmas */
	struct dx_vma		*vmas;		/* user mappings of this file */
	struct dx_mutex		ilock;		/* ext, logged_size, convert */
	struct extmap		ext;
	/*
	 * The last written extent write() mapped, read and set only by
	 * writers holding i_rwsem exclusive.  Safe without ilock: while
	 * i_rwsem is held, the only other changes to ext are faults, which
	 * add blocks or convert unwritten ones - never remove or remap.
	 * Whoever removes blocks (truncate, punch; under i_rwsem) clears it.
	 */
	struct { uint64_t fblk, pblk, len; } wcache;
	struct range_list	convert;	/* deferred conversions */
	struct mtree		pages;		/* DAX entries or page cache */
};

struct dx_file {
	struct dx_fs		*fs;
	struct dx_inode		*ip;
	uint64_t		boot;		/* stale after dx_crash() */
	bool			rdonly;
};

struct dx_fs {
	struct dx_opts		opts;
	char			*opt_strings;	/* storage for opts' strings */
	const struct dx_mode	*mode;
	struct region		region;
	struct pm		pm;
	uint64_t	mount_ticks;	/* TSC and clock at mount: dx_info's */
	double		mount_secs;	/* ticks-to-seconds rate */
	struct journal		jnl;
	struct alloc		alloc;
	struct pagepool		pool;
	bool			jnl_hwm_known;	/* dx_crash -> fs_load */
	uint64_t		jnl_hwm;
	struct dx_mutex		ns_lock;	/* "fs": names, inode table, refs */
	struct dx_inode		**inodes;	/* indexed by ino */
	uint64_t		inodes_cap;
	uint64_t		boot;
	uint64_t		repaired;	/* at the last load */

	const struct dx_profile	*profile;
	unsigned		bugs;		/* the profile's mistakes */

	/* Per region block, allocated on first use (entry.c, pin.c). */
	uint64_t		*owner;		/* ino << 40 | page + 1 */
	uint32_t		*pins;
	struct dx_mutex		pin_lock;	/* owner/pins arrays */
	pthread_mutex_t		pin_wait;	/* the layout-break sleep */
	pthread_cond_t		pin_cond;

	struct {
		uint64_t	read_faults, write_faults, mkwrite_faults,
				pmd_faults, pmd_fallbacks, zero_maps, sigbus,
				flushed_bytes;
	} stats;
};

/*
 * References on an inode (handles, mappings, an msync or a memory-failure
 * lookup in progress), as struct file references keep a kernel inode:
 * taken under ns_lock, or without it by one that already holds a
 * reference through what it found - msync through the mapping it found
 * under mm_lock, which the mapping's own reference keeps alive
 * (get_file() under mmap_lock in the kernel's msync) - so that mm_lock
 * never nests ns_lock.  Dropped under ns_lock: the last drop of an
 * unlinked inode destroys it.
 */
static inline void inode_hold(struct dx_inode *ip)
{
	__atomic_fetch_add(&ip->opens, 1, __ATOMIC_ACQ_REL);
}

/* Caller holds ns_lock.  True: that was the last reference of an
 * unlinked inode, which the caller now destroys. */
static inline bool inode_release_locked(struct dx_inode *ip)
{
	lockdep_assert_held(&lc_fs);
	return __atomic_sub_fetch(&ip->opens, 1, __ATOMIC_ACQ_REL) == 0 &&
	       !ip->name;
}

static inline unsigned inode_refs(const struct dx_inode *ip)
{
	return __atomic_load_n(&ip->opens, __ATOMIC_ACQUIRE);
}

static inline bool fs_bug(const struct dx_fs *fs, unsigned bug)
{
	return __builtin_expect((fs->bugs & bug) != 0, 0);
}

/* -EIO once the filesystem shut down (journal.h): nothing may change it
 * any more, and what it holds in memory may not match the region. */
static inline int fs_alive(const struct dx_fs *fs)
{
	return __atomic_load_n(&fs->jnl.shutdown, __ATOMIC_ACQUIRE) ? -EIO : 0;
}

/* -EBADF for no handle, -ESTALE for one opened before a dx_crash(),
 * -EIO after a shutdown. */
static inline int file_ok(const struct dx_file *f)
{
	if (!f)
		return -EBADF;
	if (f->boot != f->fs->boot)
		return -ESTALE;
	return fs_alive(f->fs);
}

static inline uint64_t size_read(const struct dx_inode *ip)
{
	return __atomic_load_n(&ip->size, __ATOMIC_ACQUIRE);
}

static inline void size_write(struct dx_inode *ip, uint64_t v)
{
	__atomic_store_n(&ip->size, v, __ATOMIC_RELEASE);
}

static inline uint8_t *blk_addr(struct dx_fs *fs, uint64_t pblk)
{
	return (uint8_t *)fs->region.base + (pblk << BLK_SHIFT);
}

/* iomap.c: block mapping for I/O. */
#define IOMAP_HOLE	0x1u	/* pblk is meaningless; reads as zeros */
#define IOMAP_UNWRITTEN	0x2u	/* allocated, reads as zeros */
#define IOMAP_NEW	0x4u	/* allocated by this call */

#define IOMAP_WRITE	0x1u	/* allocate holes */
#define IOMAP_ZERO_NEW	0x2u	/* zero new blocks whatever the policy */
#define IOMAP_PREALLOC	0x4u	/* allocate unwritten whatever the policy */
#define IOMAP_CONVERT	0x8u	/* zero and convert an unwritten block now
				 * (a write fault exposes the whole block) */

struct iomap {
	uint64_t	fblk, pblk, len;	/* blocks */
	uint64_t	avail;		/* blocks the extent has from fblk */
	unsigned	flags;
};

int dx_iomap(struct dx_inode *ip, uint64_t fblk, uint64_t nblk,
	     unsigned how, struct iomap *m);
/* Caller holds ilock for both. */
uint64_t alloc_goal(struct dx_inode *ip, uint64_t fblk);
int commit_alloc(struct dx_inode *ip, uint64_t fblk, uint64_t pblk,
		 uint64_t len, bool unwritten);
/* Commits CONVERT records for @rl (data must be durable), then empties it.
 * Caller holds ilock. */
int commit_converts(struct dx_inode *ip, struct range_list *rl);
/* Logs i_size if it changed since the last SETSIZE.  Takes ilock. */
int log_size(struct dx_inode *ip);
/* Unmaps [fblk, fblk+len) from the block map, durably, then frees the
 * blocks.  Caller holds ilock. */
int unmap_blocks(struct dx_inode *ip, uint64_t fblk, uint64_t len);

int range_add(struct range_list *rl, uint64_t fblk, uint64_t len);
void range_drop(struct range_list *rl, uint64_t fblk, uint64_t len);
/* Moves the parts of @from inside blocks [first, last] to @to. */
int range_take(struct range_list *from, uint64_t first, uint64_t last,
	       struct range_list *to);
void range_free(struct range_list *rl);

/* rw.c / pagecache.c: the copy modes. */
ssize_t dax_write(struct dx_inode *ip, const uint8_t *buf, size_t len,
		  uint64_t off);
ssize_t dax_read(struct dx_inode *ip, uint8_t *buf, size_t len, uint64_t off);
ssize_t pc_write(struct dx_inode *ip, const uint8_t *buf, size_t len,
		 uint64_t off);
ssize_t pc_read(struct dx_inode *ip, uint8_t *buf, size_t len, uint64_t off);
int pc_writeback(struct dx_inode *ip, uint64_t first, uint64_t last);
/* Blocks were allocated under cached delalloc pages of [first, first+n):
 * they stop being delalloc and give their reservations back. */
void pc_reservations_allocated(struct dx_inode *ip, uint64_t first,
			       uint64_t n);
/* Zeroes [off, off+len) inside one page, in the cache. */
int pc_zero(struct dx_inode *ip, uint64_t off, uint64_t len);
/* A new cache page filled from what @m says backs its index (reserving
 * a block over a hole); the entry is returned, not stored. */
int pc_new_page(struct dx_inode *ip, const struct iomap *m,
		bool whole, uint64_t *entry);

/* entry.c: the entry lock, invalidation, block owners. */
/* Locks the entry covering @pg (a PMD entry, or one at @pg; a locked
 * EMPTY one if there is none) and returns it; *at is where it sits.
 * Waits out a PMD fault's placeholder over @pg.  UINT64_MAX on -ENOMEM. */
uint64_t entry_grab(struct dx_inode *ip, uint64_t pg, uint64_t *at);
/* Locks the PMD-sized range at @pmd for a PMD fault: 0 with *entry the
 * entry at @pmd (a PMD, or EMPTY: then a placeholder covering the range
 * is held), or -EAGAIN when 4 KiB entries in the range (zero pages too,
 * for a read) mean falling back to PTEs. */
int entry_grab_pmd(struct dx_inode *ip, uint64_t pmd, bool write,
		   uint64_t *entry);
/* Stores @e at @at unlocked (0 removes it) and wakes waiters. */
void entry_put(struct dx_inode *ip, uint64_t at, uint64_t e);
/* The same, for a caller holding the tree lock (writeback's walk). */
uint64_t entry_lock_in_tree(struct mtree *t, uint64_t idx);
void entry_unlock_in_tree(struct mtree *t, uint64_t at, uint64_t e);
void invalidate_new(struct dx_inode *ip, uint64_t first, uint64_t last);
void owner_set(struct dx_inode *ip, uint64_t pfn, uint64_t n, uint64_t pg);
void owner_clear(struct dx_fs *fs, uint64_t entry);
bool owner_get(struct dx_fs *fs, uint64_t pfn, uint64_t *ino, uint64_t *pg);

/* pin.c: the layout break.  Caller holds i_rwsem and invalidate
 * exclusive; invalidate is dropped while waiting. */
void break_layouts(struct dx_inode *ip, uint64_t first, uint64_t last);

/* writeback.c: make [first, last] pages durable.  Caller holds i_rwsem
 * (exclusive for the page cache). */
int writeback_range(struct dx_inode *ip, uint64_t first, uint64_t last);

/* truncate.c */
int do_truncate(struct dx_inode *ip, uint64_t size);
int do_fallocate(struct dx_inode *ip, int mode, uint64_t off, uint64_t len);
/* Before the size grows to @upto: zero the EOF block past EOF. */
int grow_zero_tail(struct dx_inode *ip, uint64_t upto);
/* Zeroes bytes [off, off+len) inside one block, through the copy mode. */
int zero_partial(struct dx_inode *ip, uint64_t off, uint64_t len);
/* Drops mapping-tree entries / cached pages of pages [first, last]. */
void drop_pages(struct dx_inode *ip, uint64_t first, uint64_t last);

/* pagecache.c: the DRAM pool. */
int pool_init(struct pagepool *p, uint64_t cap_pages);
void pool_destroy(struct pagepool *p);
uint64_t pool_get(struct pagepool *p);	/* UINT64_MAX when empty */
void pool_put(struct pagepool *p, uint64_t page);
static inline uint8_t *pool_addr(struct pagepool *p, uint64_t page)
{
	return p->base + (page << BLK_SHIFT);
}

/* namespace.c: in-core inodes.  inode_alloc and inode_destroy: caller
 * holds ns_lock, or is mounting (nothing else runs). */
struct dx_inode *inode_alloc(struct dx_fs *fs, uint64_t ino);
void inode_free(struct dx_inode *ip);	/* in core only; commits nothing */
int inode_destroy(struct dx_inode *ip);	/* unlinked, last reference */

/* mount.c: load the filesystem from the region (mount, and after a
 * crash), and drop every in-core structure without committing anything. */
int fs_load(struct dx_fs *fs, char *err, size_t errlen);
void fs_unload(struct dx_fs *fs);

#endif
