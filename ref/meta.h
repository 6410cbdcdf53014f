/* SPDX-License-Identifier: MIT */
/*
 * meta.h - the durable metadata: exactly what recovery would rebuild.
 *
 * The journal applies each committed transaction to this model with
 * meta_apply(), and recovery replays the journal with the same function,
 * so what was committed and what is recovered cannot drift apart.
 * Checkpoints serialise this model.  Guarded by the journal lock.
 *
 * The model also knows which region blocks some file owns (a bitmap over
 * the data area), so a transaction that would hand a block to two files,
 * or one outside the data area, is refused like any other that does not
 * fit.  meta_check() is the one statement of what fits: jnl_commit() runs
 * it before a record is made durable (so no record recovery would refuse
 * is ever written), and meta_apply() runs it again before changing
 * anything (so replay refuses the same records, whole).
 */
#ifndef DAXREF_META_H
#define DAXREF_META_H

#include <stddef.h>
#include <stdint.h>
#include "extent.h"
#include "layout.h"

struct meta_inode {
	uint64_t	ino;
	char		*name;		/* NULL once unlinked (an orphan) */
	uint64_t	size;
	struct extmap	ext;
};

struct meta {
	struct meta_inode	**v;	/* indexed by ino; NULL = free */
	uint64_t		cap;
	uint64_t		next_ino;
	uint64_t		data_start, nblocks;	/* files own [start, n) */
	uint64_t		*owned;	/* bitmap over [0, nblocks) */
};

/* An empty model for a region whose files may own blocks [data_start,
 * nblocks).  -ENOMEM. */
int meta_init(struct meta *m, uint64_t data_start, uint64_t nblocks);
void meta_free(struct meta *m);
struct meta_inode *meta_get(const struct meta *m, uint64_t ino);

/*
 * Does the transaction @r[0..n) fit the model?  0, or -EUCLEAN with the
 * reason in @why: an inode that does not exist (or already does), a block
 * range that is not a hole of the file, a region block outside the data
 * area or owned by a file already, a malformed record.  Changes nothing.
 */
int meta_check(const struct meta *m, const struct dxr_rec *r, unsigned n,
	       char *why, size_t whylen);

/* Applies one committed transaction: meta_check(), then the change.
 * -EUCLEAN (with @why) if it does not fit, and then nothing changed;
 * -ENOMEM part way through. */
int meta_apply(struct meta *m, const struct dxr_rec *r, unsigned n,
	       char *why, size_t whylen);

/* "ALLOC inode 3, file blocks 0-1, region blocks 1024-1025, written":
 * what a record does, for messages that name it. */
void meta_describe(const struct dxr_rec *r, char *buf, size_t len);

/* Bytes meta_serialize() needs. */
uint64_t meta_size(const struct meta *m);
/* Writes the payload into @buf (meta_size() bytes, 8-aligned). */
void meta_serialize(const struct meta *m, void *buf);
/* Rebuilds an empty (meta_init'ed) @m from a payload; -EUCLEAN if it
 * does not parse or two files claim one block (@why says which). */
int meta_deserialize(struct meta *m, const void *buf, uint64_t len,
		     uint64_t next_ino, char *why, size_t whylen);

#endif
