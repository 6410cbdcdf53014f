// SPDX-License-Identifier: MIT
/*
 * snapshot.c - what a filesystem keeps in memory shared with its
 * children: the region and the page-cache pool are memfds mapped
 * MAP_SHARED (user mappings must alias them), so a child of fork() that
 * writes them writes its parent's too.  Everything else a filesystem holds
 * is private and copied on write.
 *
 * The explorer prepares a case once and forks every run from it; after
 * each run the parent puts the shared memory back as it was.  Only pages
 * that differ are copied, so a run that touched little costs little.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "daxref_hooks.h"
#include "fs.h"

struct dx_snapshot {
	uint8_t		*region;
	uint64_t	region_size;
	uint8_t		*pool;
	uint64_t	pool_pages;
	uint64_t	*touched;	/* shared with children: pages they
					 * stored to (with tracking on) */
	size_t		touched_len;
};

/*
 * The copies are the parent's alone: MADV_DONTFORK keeps them out of
 * every child, so fork() neither copies their page tables nor
 * write-protects them (a run forked from a prepared case paid for 8 MiB
 * of them each time).
 */
static uint8_t *copy_area(uint64_t len)
{
	size_t n = len ? (size_t)len : 1;
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, n, MADV_DONTFORK);
	return p;
}

static void copy_free(uint8_t *p, uint64_t len)
{
	if (p)
		munmap(p, len ? (size_t)len : 1);
}

struct dx_snapshot *dx_snapshot_take(struct dx_fs *fs)
{
	struct dx_snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->region_size = fs->region.size;
	s->pool_pages = fs->pool.mapped;
	s->region = copy_area(s->region_size);
	s->pool = copy_area(s->pool_pages << BLK_SHIFT);
	if (!s->region || !s->pool) {
		dx_snapshot_free(s);
		return NULL;
	}
	memcpy(s->region, fs->region.base, s->region_size);
	if (s->pool_pages)
		memcpy(s->pool, fs->pool.base, s->pool_pages << BLK_SHIFT);
	/* With the persistence model on, children say which region pages
	 * they stored to, in memory shared with us: only those are compared
	 * on restore. */
	if (fs->pm.track) {
		s->touched_len = (s->region_size / BLK + 64) / 64 * 8;
		s->touched = mmap(NULL, s->touched_len, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (s->touched == MAP_FAILED)
			s->touched = NULL;
		else
			persist_share_touched(fs->pm.track, s->touched);
	}
	return s;
}

static void restore(uint8_t *dst, const uint8_t *src, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += BLK) {
		uint64_t n = len - off < BLK ? len - off : BLK;

		if (memcmp(dst + off, src + off, n))
			memcpy(dst + off, src + off, n);
	}
}

int dx_snapshot_restore(struct dx_fs *fs, struct dx_snapshot *s)
{
	if (!s->touched) {
		restore(fs->region.base, s->region, s->region_size);
	} else {
		for (size_t w = 0; w < s->touched_len / 8; w++) {
			for (uint64_t b = s->touched[w]; b; b &= b - 1) {
				uint64_t off = (w * 64 + (uint64_t)
						__builtin_ctzll(b)) << BLK_SHIFT;

				if (off < s->region_size)
					restore(fs->region.base + off,
						s->region + off, BLK);
			}
			s->touched[w] = 0;
		}
	}
	/* A child may have grown the pool's file; pages past what we map
	 * are nobody's here. */
	if (fs->pool.fd >= 0 &&
	    ftruncate(fs->pool.fd, (off_t)(s->pool_pages << BLK_SHIFT)) < 0)
		return -errno;
	if (s->pool_pages)
		restore(fs->pool.base, s->pool, s->pool_pages << BLK_SHIFT);
	return 0;
}

void dx_snapshot_free(struct dx_snapshot *s)
{
	if (!s)
		return;
	if (s->touched)
		munmap(s->touched, s->touched_len);
	copy_free(s->region, s->region_size);
	copy_free(s->pool, s->pool_pages << BLK_SHIFT);
	free(s);
}
