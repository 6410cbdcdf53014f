/* SPDX-License-Identifier: MIT */
/*
 * extent.h - a file's block map: sorted, non-overlapping extents of
 * (file block -> region block), merged when contiguous and alike.
 * Not locked: the owner (the inode's ilock, or the journal lock for the
 * durable model) serialises access.
 */
#ifndef DAXREF_EXTENT_H
#define DAXREF_EXTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT_UNWRITTEN	0x1u	/* allocated, reads as zeros */
#define EXT_HOLE_END	UINT64_MAX

struct extent {
	uint64_t	fblk, pblk, len;
	uint32_t	flags;
};

struct extmap {
	struct extent	*v;
	size_t		n, cap;
};

void ext_init(struct extmap *m);
void ext_free(struct extmap *m);
int ext_copy(struct extmap *dst, const struct extmap *src);

/**
 * ext_lookup() - what backs file block @fblk.
 * Returns true with *@out = the rest of the extent from @fblk (pblk
 * adjusted), or false with *@hole = blocks until the next extent
 * (EXT_HOLE_END if none).
 */
bool ext_lookup(const struct extmap *m, uint64_t fblk, struct extent *out,
		uint64_t *hole);

/* Maps a range that must be a hole.  -EEXIST if it is not, -ENOMEM. */
int ext_insert(struct extmap *m, uint64_t fblk, uint64_t pblk, uint64_t len,
	       uint32_t flags);

typedef void (*ext_free_fn)(void *arg, uint64_t pblk, uint64_t len);
/* Unmaps [fblk, fblk+len), calling @fn for each region range let go. */
int ext_remove(struct extmap *m, uint64_t fblk, uint64_t len, ext_free_fn fn,
	       void *arg);
/* Sets the flags of every mapped block in [fblk, fblk+len). */
int ext_set_flags(struct extmap *m, uint64_t fblk, uint64_t len,
		  uint32_t flags);

uint64_t ext_blocks(const struct extmap *m);

#endif
