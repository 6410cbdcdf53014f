// SPDX-License-Identifier: MIT
/* meta.c - the durable metadata model (see meta.h). */
#include "meta.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void meta_init(struct meta *m)
{
	memset(m, 0, sizeof(*m));
	m->next_ino = 1;
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
	meta_init(m);
}

struct meta_inode *meta_get(const struct meta *m, uint64_t ino)
{
	return ino < m->cap ? m->v[ino] : NULL;
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

static int apply_one(struct meta *m, const struct dxr_rec *r,
		     const struct dxr_rec *rest, unsigned nrest, unsigned *used)
{
	struct meta_inode *mi;

	*used = 1;
	switch (r->type) {
	case DXR_CREATE: {
		uint32_t len = r->u.create.name_len;
		unsigned chunks = (len + DXR_NAME_CHUNK - 1) / DXR_NAME_CHUNK;

		if (meta_get(m, r->u.create.ino) || chunks > nrest ||
		    len == 0 || len > 4096)
			return -EUCLEAN;
		mi = inode_new(m, r->u.create.ino);
		if (!mi || !(mi->name = malloc(len + 1)))
			return -ENOMEM;
		for (unsigned c = 0; c < chunks; c++) {
			uint32_t n = len - c * DXR_NAME_CHUNK;

			if (rest[c].type != DXR_NAME)
				return -EUCLEAN;
			memcpy(mi->name + c * DXR_NAME_CHUNK, rest[c].u.name,
			       n < DXR_NAME_CHUNK ? n : DXR_NAME_CHUNK);
		}
		mi->name[len] = 0;
		*used = 1 + chunks;
		return 0;
	}
	case DXR_ALLOC:
		mi = meta_get(m, r->u.alloc.ino);
		if (!mi)
			return -EUCLEAN;
		return ext_insert(&mi->ext, r->u.alloc.fblk, r->u.alloc.pblk,
				  r->u.alloc.len,
				  r->u.alloc.unwritten ? EXT_UNWRITTEN : 0)
			== -EEXIST ? -EUCLEAN : 0;
	case DXR_UNMAP:
		mi = meta_get(m, r->u.range.ino);
		if (!mi)
			return -EUCLEAN;
		return ext_remove(&mi->ext, r->u.range.fblk, r->u.range.len,
				  NULL, NULL);
	case DXR_CONVERT:
		mi = meta_get(m, r->u.range.ino);
		if (!mi)
			return -EUCLEAN;
		return ext_set_flags(&mi->ext, r->u.range.fblk, r->u.range.len,
				     0);
	case DXR_SETSIZE:
		mi = meta_get(m, r->u.setsize.ino);
		if (!mi)
			return -EUCLEAN;
		mi->size = r->u.setsize.size;
		return 0;
	case DXR_UNLINK:
		mi = meta_get(m, r->u.ino.ino);
		if (!mi || !mi->name)
			return -EUCLEAN;
		free(mi->name);
		mi->name = NULL;
		return 0;
	case DXR_DESTROY:
		mi = meta_get(m, r->u.ino.ino);
		if (!mi)
			return -EUCLEAN;
		inode_free(mi);
		m->v[r->u.ino.ino] = NULL;
		return 0;
	}
	return -EUCLEAN;
}

int meta_apply(struct meta *m, const struct dxr_rec *r, unsigned n)
{
	for (unsigned i = 0; i < n;) {
		unsigned used;
		int rc = apply_one(m, &r[i], &r[i + 1], n - i - 1, &used);

		if (rc)
			return rc;
		i += used;
	}
	return 0;
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
		     uint64_t next_ino)
{
	const uint8_t *p = buf, *end = p + len;

	meta_init(m);
	while (p < end) {
		struct dxr_ckpt_inode h;

		if ((uint64_t)(end - p) < sizeof(h))
			return -EUCLEAN;
		memcpy(&h, p, sizeof(h));
		p += sizeof(h);
		if (h.ino == 0 || meta_get(m, h.ino) ||
		    (uint64_t)(end - p) < PAD8(h.name_len) ||
		    h.nextents > (uint64_t)(end - p) / sizeof(struct dxr_ckpt_extent))
			return -EUCLEAN;
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
		if ((uint64_t)(end - p) < h.nextents * sizeof(struct dxr_ckpt_extent))
			return -EUCLEAN;
		for (uint64_t e = 0; e < h.nextents; e++) {
			struct dxr_ckpt_extent x;

			memcpy(&x, p, sizeof(x));
			p += sizeof(x);
			if (ext_insert(&mi->ext, x.fblk, x.pblk, x.len,
				       (uint32_t)x.flags))
				return -EUCLEAN;
		}
	}
	if (next_ino > m->next_ino)
		m->next_ino = next_ino;
	return 0;
}
