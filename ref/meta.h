/* SPDX-License-Identifier: MIT */
/*
 * meta.h - the durable metadata: exactly what recovery would rebuild.
 *
 * The journal applies each committed transaction to this model with
 * meta_apply(), and recovery replays the journal with the same function,
 * so what was committed and what is recovered cannot drift apart.
 * Checkpoints serialise this model.  Guarded by the journal lock.
 */
#ifndef DAXREF_META_H
#define DAXREF_META_H

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
};

void meta_init(struct meta *m);
void meta_free(struct meta *m);
struct meta_inode *meta_get(const struct meta *m, uint64_t ino);

/* Applies one committed transaction.  -EUCLEAN if it does not fit the
 * model (a corrupt journal), -ENOMEM. */
int meta_apply(struct meta *m, const struct dxr_rec *r, unsigned n);

/* Bytes meta_serialize() needs. */
uint64_t meta_size(const struct meta *m);
/* Writes the payload into @buf (meta_size() bytes, 8-aligned). */
void meta_serialize(const struct meta *m, void *buf);
/* Rebuilds @m from a payload; -EUCLEAN if it does not parse. */
int meta_deserialize(struct meta *m, const void *buf, uint64_t len,
		     uint64_t next_ino);

#endif
