// SPDX-License-Identifier: MIT
/* meta.c - the durable metadata model (see meta.h). */
#include "meta.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int meta_init(struct meta *m, uint64_t data_start, uint64_t nblocks)
{
	memset(m, 0, sizeof(*m));
	m->next_ino = 1;
	m->data_start = data_start;
	m->nblocks = nblocks;
	if (nblocks && !(m->owned = calloc((nblocks + 63) / 64, 8)))
		return -ENOMEM;
	return 0;
}

static void inode_free(struct meta_inode *mi)
{
	if (!mi)
		return;
	free(mi->name);
	ext_free(&mi->ext);
	free(mi);
}

void meta_free(struct meta *m)
{
	for (uint64_t i = 0; i < m->cap; i++)
		inode_free(m->v[i]);
	free(m->v);
	free(m->owned);
	memset(m, 0, sizeof(*m));
	m->next_ino = 1;
}

struct meta_inode *meta_get(const struct meta *m, uint64_t ino)
{
	return ino < m->cap ? m->v[ino] : NULL;
}

/* --- block ownership ------------------------------------------------- */

static bool owned(const struct meta *m, uint64_t b)
{
	return (m->owned[b / 64] >> (b % 64)) & 1;
}

static void own(struct meta *m, uint64_t pblk, uint64_t len, bool on)
{
	for (uint64_t b = pblk; b < pblk + len; b++) {
		if (on)
			m->owned[b / 64] |= 1ULL << (b % 64);
		else
			m->owned[b / 64] &= ~(1ULL << (b % 64));
	}
}

static void disown(void *arg, uint64_t pblk, uint64_t len)
{
	own(arg, pblk, len, false);
}

/* Can [pblk, pblk+len) go to a file?  NULL, or why not.  With no
 * geometry (a model built without a region) only the range is checked. */
static const char *blocks_free(const struct meta *m, uint64_t pblk,
			       uint64_t len, uint64_t *bad)
{
	*bad = pblk;
	if (!len || pblk + len < pblk)
		return "an empty or wrapping block range";
	if (!m->owned)
		return NULL;
	if (pblk < m->data_start || pblk + len > m->nblocks)
		return "region blocks outside the data area";
	for (uint64_t b = pblk; b < pblk + len; b++) {
		if (owned(m, b)) {
			*bad = b;
			return "a region block another file (or this one) "
			       "already owns";
		}
	}
	return NULL;
}

/* --- describing records ---------------------------------------------- */

static const char *const type_names[] = {
	[DXR_ALLOC] = "ALLOC", [DXR_UNMAP] = "UNMAP",
	[DXR_CONVERT] = "CONVERT", [DXR_SETSIZE] = "SETSIZE",
	[DXR_CREATE] = "CREATE", [DXR_NAME] = "NAME",
	[DXR_UNLINK] = "UNLINK", [DXR_DESTROY] = "DESTROY",
};

static const char *type_name(unsigned t)
{
	return t < sizeof(type_names) / sizeof(type_names[0]) && type_names[t]
		? type_names[t] : "unknown";
}

/* "a-b", or "a" for one block; "a-end" when the range reaches the end. */
static void span(char *buf, size_t len, uint64_t first, uint64_t n)
{
	if (n == 1)
		snprintf(buf, len, "%llu", (unsigned long long)first);
	else if (n > UINT64_MAX - first)
		snprintf(buf, len, "%llu-end", (unsigned long long)first);
	else
		snprintf(buf, len, "%llu-%llu", (unsigned long long)first,
			 (unsigned long long)(first + n - 1));
}

void meta_describe(const struct dxr_rec *r, char *buf, size_t len)
{
	char a[48], b[48];

	switch (r->type) {
	case DXR_ALLOC:
		span(a, sizeof(a), r->u.alloc.fblk, r->u.alloc.len);
		span(b, sizeof(b), r->u.alloc.pblk, r->u.alloc.len);
		snprintf(buf, len, "ALLOC inode %llu, file blocks %s, region "
			 "blocks %s, %s", (unsigned long long)r->u.alloc.ino,
			 a, b, r->u.alloc.unwritten ? "unwritten" : "written");
		break;
	case DXR_UNMAP:
	case DXR_CONVERT:
		span(a, sizeof(a), r->u.range.fblk, r->u.range.len);
		snprintf(buf, len, "%s inode %llu, file blocks %s",
			 type_name(r->type), (unsigned long long)r->u.range.ino,
			 a);
		break;
	case DXR_SETSIZE:
		snprintf(buf, len, "SETSIZE inode %llu, size %llu",
			 (unsigned long long)r->u.setsize.ino,
			 (unsigned long long)r->u.setsize.size);
		break;
	case DXR_CREATE:
		snprintf(buf, len, "CREATE inode %llu, name of %u bytes",
			 (unsigned long long)r->u.create.ino,
			 r->u.create.name_len);
		break;
	case DXR_UNLINK:
	case DXR_DESTROY:
		snprintf(buf, len, "%s inode %llu", type_name(r->type),
			 (unsigned long long)r->u.ino.ino);
		break;
	default:
		snprintf(buf, len, "%s record (type %u)", type_name(r->type),
			 r->type);
	}
}

/* --- checking and applying ------------------------------------------- */

#define WHY(...) (snprintf(why, whylen, __VA_ARGS__), -EUCLEAN)

/* The inode a record names, as the transaction so far leaves it: NULL
 * when it does not exist; *fresh when an earlier record of the same
 * transaction created it (it has no blocks yet). */
static bool exists(const struct meta *m, const struct dxr_rec *r, unsigned i,
		   uint64_t ino, bool *fresh)
{
	bool there = meta_get(m, ino) != NULL;

	*fresh = false;
	for (unsigned k = 0; k < i; k++) {
		if (r[k].type == DXR_CREATE && r[k].u.create.ino == ino) {
			there = true;
			*fresh = true;
		} else if (r[k].type == DXR_DESTROY && r[k].u.ino.ino == ino) {
			there = false;
		}
	}
	return there;
}

/* Earlier ALLOC records of the transaction must not collide with @a. */
static int alloc_vs_earlier(const struct dxr_rec *r, unsigned i,
			    char *why, size_t whylen)
{
	const struct dxr_rec *a = &r[i];

	for (unsigned k = 0; k < i; k++) {
		const struct dxr_rec *p = &r[k];

		if (p->type != DXR_ALLOC)
			continue;
		if (p->u.alloc.pblk < a->u.alloc.pblk + a->u.alloc.len &&
		    a->u.alloc.pblk < p->u.alloc.pblk + p->u.alloc.len)
			return WHY("two records of one transaction claim "
				   "region block %llu",
				   (unsigned long long)a->u.alloc.pblk);
		if (p->u.alloc.ino == a->u.alloc.ino &&
		    p->u.alloc.fblk < a->u.alloc.fblk + a->u.alloc.len &&
		    a->u.alloc.fblk < p->u.alloc.fblk + p->u.alloc.len)
			return WHY("two records of one transaction map file "
				   "block %llu of inode %llu",
				   (unsigned long long)a->u.alloc.fblk,
				   (unsigned long long)a->u.alloc.ino);
	}
	return 0;
}

static int check_one(const struct meta *m, const struct dxr_rec *r,
		     unsigned i, unsigned n, unsigned *used, char *why,
		     size_t whylen)
{
	const struct dxr_rec *x = &r[i];
	struct meta_inode *mi;
	bool fresh;
	uint64_t ino;

	*used = 1;
	switch (x->type) {
	case DXR_CREATE: {
		uint32_t len = x->u.create.name_len;
		unsigned chunks = (len + DXR_NAME_CHUNK - 1) / DXR_NAME_CHUNK;

		ino = x->u.create.ino;
		if (ino == 0)
			return WHY("CREATE of inode 0");
		if (exists(m, r, i, ino, &fresh))
			return WHY("CREATE of inode %llu, which exists",
				   (unsigned long long)ino);
		if (len == 0 || len > 4096 || chunks > n - i - 1)
			return WHY("CREATE with a name of %u bytes and %u name "
				   "records", len, n - i - 1);
		for (unsigned c = 0; c < chunks; c++)
			if (x[1 + c].type != DXR_NAME)
				return WHY("CREATE not followed by its name");
		*used = 1 + chunks;
		return 0;
	}
	case DXR_ALLOC: {
		uint64_t fblk = x->u.alloc.fblk, len = x->u.alloc.len, bad;
		const char *no;
		struct extent e;
		uint64_t hole;

		ino = x->u.alloc.ino;
		if (!exists(m, r, i, ino, &fresh))
			break;
		if (!len || fblk + len < fblk)
			return WHY("ALLOC of an empty or wrapping file range");
		if ((no = blocks_free(m, x->u.alloc.pblk, len, &bad)))
			return WHY("%s (block %llu)", no,
				   (unsigned long long)bad);
		mi = meta_get(m, ino);
		if (!fresh && mi) {
			bool mapped = ext_lookup(&mi->ext, fblk, &e, &hole);

			if (mapped || hole < len)
				return WHY("file block %llu of inode %llu is "
					   "mapped already",
					   (unsigned long long)(mapped ? fblk
								: fblk + hole),
					   (unsigned long long)ino);
		}
		return alloc_vs_earlier(r, i, why, whylen);
	}
	case DXR_UNMAP:
	case DXR_CONVERT:
		ino = x->u.range.ino;
		if (!exists(m, r, i, ino, &fresh))
			break;
		return 0;
	case DXR_SETSIZE:
		ino = x->u.setsize.ino;
		if (!exists(m, r, i, ino, &fresh))
			break;
		if (x->u.setsize.size > (uint64_t)INT64_MAX)
			return WHY("SETSIZE to %llu, past the largest file",
				   (unsigned long long)x->u.setsize.size);
		return 0;
	case DXR_UNLINK:
		ino = x->u.ino.ino;
		if (!exists(m, r, i, ino, &fresh))
			break;
		mi = meta_get(m, ino);
		if (!fresh && mi && !mi->name)
			return WHY("UNLINK of inode %llu, which has no name",
				   (unsigned long long)ino);
		return 0;
	case DXR_DESTROY:
		ino = x->u.ino.ino;
		if (!exists(m, r, i, ino, &fresh))
			break;
		return 0;
	default:
		return WHY("a record of unknown type %u", x->type);
	}
	return WHY("%s of inode %llu, which does not exist",
		   type_name(x->type), (unsigned long long)ino);
}

int meta_check(const struct meta *m, const struct dxr_rec *r, unsigned n,
	       char *why, size_t whylen)
{
	for (unsigned i = 0; i < n;) {
		unsigned used;
		int rc = check_one(m, r, i, n, &used, why, whylen);

		if (rc)
			return rc;
		i += used;
	}
	return 0;
}

static struct meta_inode *inode_new(struct meta *m, uint64_t ino)
{
	if (ino >= m->cap) {
		uint64_t cap = m->cap ? m->cap : 64;

		while (cap <= ino)
			cap *= 2;
		struct meta_inode **v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		memset(v + m->cap, 0, (cap - m->cap) * sizeof(*v));
		m->v = v;
		m->cap = cap;
	}
	struct meta_inode *mi = calloc(1, sizeof(*mi));

	if (!mi)
		return NULL;
	mi->ino = ino;
	ext_init(&mi->ext);
	m->v[ino] = mi;
	if (ino >= m->next_ino)
		m->next_ino = ino + 1;
	return mi;
}

/* Applies one record that meta_check() accepted: only -ENOMEM. */
static int apply_one(struct meta *m, const struct dxr_rec *r, unsigned *used)
{
	struct meta_inode *mi;
	int rc;

	*used = 1;
	switch (r->type) {
	case DXR_CREATE: {
		uint32_t len = r->u.create.name_len;
		unsigned chunks = (len + DXR_NAME_CHUNK - 1) / DXR_NAME_CHUNK;

		mi = inode_new(m, r->u.create.ino);
		if (!mi || !(mi->name = malloc(len + 1)))
			return -ENOMEM;
		for (unsigned c = 0; c < chunks; c++) {
			uint32_t k = len - c * DXR_NAME_CHUNK;

			memcpy(mi->name + c * DXR_NAME_CHUNK, r[1 + c].u.name,
			       k < DXR_NAME_CHUNK ? k : DXR_NAME_CHUNK);
		}
		mi->name[len] = 0;
		*used = 1 + chunks;
		return 0;
	}
	case DXR_ALLOC:
		mi = meta_get(m, r->u.alloc.ino);
		rc = ext_insert(&mi->ext, r->u.alloc.fblk, r->u.alloc.pblk,
				r->u.alloc.len,
				r->u.alloc.unwritten ? EXT_UNWRITTEN : 0);
		if (!rc && m->owned)
			own(m, r->u.alloc.pblk, r->u.alloc.len, true);
		return rc;
	case DXR_UNMAP:
		mi = meta_get(m, r->u.range.ino);
		return ext_remove(&mi->ext, r->u.range.fblk, r->u.range.len,
				  m->owned ? disown : NULL, m);
	case DXR_CONVERT:
		mi = meta_get(m, r->u.range.ino);
		return ext_set_flags(&mi->ext, r->u.range.fblk, r->u.range.len,
				     0);
	case DXR_SETSIZE:
		meta_get(m, r->u.setsize.ino)->size = r->u.setsize.size;
		return 0;
	case DXR_UNLINK:
		mi = meta_get(m, r->u.ino.ino);
		free(mi->name);
		mi->name = NULL;
		return 0;
	case DXR_DESTROY:
		mi = meta_get(m, r->u.ino.ino);
		for (size_t i = 0; i < mi->ext.n && m->owned; i++)
			own(m, mi->ext.v[i].pblk, mi->ext.v[i].len, false);
		inode_free(mi);
		m->v[r->u.ino.ino] = NULL;
		return 0;
	}
	return -EUCLEAN;	/* meta_check() refused it first */
}

int meta_apply(struct meta *m, const struct dxr_rec *r, unsigned n,
	       char *why, size_t whylen)
{
	int rc = meta_check(m, r, n, why, whylen);

	for (unsigned i = 0; i < n && !rc;) {
		unsigned used;

		rc = apply_one(m, &r[i], &used);
		i += used;
	}
	return rc;
}

#define PAD8(x) (((x) + 7) & ~(uint64_t)7)

uint64_t meta_size(const struct meta *m)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < m->cap; i++) {
		const struct meta_inode *mi = m->v[i];

		if (!mi)
			continue;
		n += sizeof(struct dxr_ckpt_inode) +
		     PAD8(mi->name ? strlen(mi->name) : 0) +
		     mi->ext.n * sizeof(struct dxr_ckpt_extent);
	}
	return n;
}

void meta_serialize(const struct meta *m, void *buf)
{
	uint8_t *p = buf;

	for (uint64_t i = 0; i < m->cap; i++) {
		const struct meta_inode *mi = m->v[i];

		if (!mi)
			continue;
		uint32_t nl = mi->name ? (uint32_t)strlen(mi->name) : 0;
		struct dxr_ckpt_inode h = {
			.ino = mi->ino, .size = mi->size, .nlink = mi->name != NULL,
			.name_len = nl, .nextents = mi->ext.n,
		};

		memcpy(p, &h, sizeof(h));
		p += sizeof(h);
		memset(p, 0, PAD8(nl));
		if (nl)
			memcpy(p, mi->name, nl);
		p += PAD8(nl);
		for (size_t e = 0; e < mi->ext.n; e++) {
			struct dxr_ckpt_extent x = {
				mi->ext.v[e].fblk, mi->ext.v[e].pblk,
				mi->ext.v[e].len, mi->ext.v[e].flags,
			};

			memcpy(p, &x, sizeof(x));
			p += sizeof(x);
		}
	}
}

int meta_deserialize(struct meta *m, const void *buf, uint64_t len,
		     uint64_t next_ino, char *why, size_t whylen)
{
	const uint8_t *p = buf, *end = p + len;

	while (p < end) {
		struct dxr_ckpt_inode h;

		if ((uint64_t)(end - p) < sizeof(h))
			return WHY("a truncated inode header");
		memcpy(&h, p, sizeof(h));
		p += sizeof(h);
		if (h.ino == 0 || meta_get(m, h.ino) ||
		    (uint64_t)(end - p) < PAD8(h.name_len) ||
		    h.nextents > (uint64_t)(end - p) / sizeof(struct dxr_ckpt_extent))
			return WHY("a bad header for inode %llu",
				   (unsigned long long)h.ino);
		struct meta_inode *mi = inode_new(m, h.ino);

		if (!mi)
			return -ENOMEM;
		mi->size = h.size;
		if (h.nlink) {
			mi->name = malloc(h.name_len + 1);
			if (!mi->name)
				return -ENOMEM;
			memcpy(mi->name, p, h.name_len);
			mi->name[h.name_len] = 0;
		}
		p += PAD8(h.name_len);
		for (uint64_t e = 0; e < h.nextents; e++) {
			struct dxr_ckpt_extent x;
			const char *no;
			uint64_t bad;

			memcpy(&x, p, sizeof(x));
			p += sizeof(x);
			if ((no = blocks_free(m, x.pblk, x.len, &bad)))
				return WHY("inode %llu: %s (block %llu)",
					   (unsigned long long)h.ino, no,
					   (unsigned long long)bad);
			if (ext_insert(&mi->ext, x.fblk, x.pblk, x.len,
				       (uint32_t)x.flags))
				return WHY("inode %llu: overlapping extents",
					   (unsigned long long)h.ino);
			if (m->owned)
				own(m, x.pblk, x.len, true);
		}
	}
	if (next_ino > m->next_ino)
		m->next_ino = next_ino;
	return 0;
}
