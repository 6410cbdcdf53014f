// SPDX-License-Identifier: MIT
/* extent.c - sorted extent arrays (see extent.h). */
#include "extent.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void ext_init(struct extmap *m)
{
	memset(m, 0, sizeof(*m));
}

void ext_free(struct extmap *m)
{
	free(m->v);
	ext_init(m);
}

static int reserve(struct extmap *m, size_t n)
{
	if (n <= m->cap)
		return 0;
	size_t cap = m->cap ? m->cap : 8;

	while (cap < n)
		cap *= 2;
	struct extent *v = realloc(m->v, cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	m->v = v;
	m->cap = cap;
	return 0;
}

int ext_copy(struct extmap *dst, const struct extmap *src)
{
	ext_init(dst);
	if (reserve(dst, src->n))
		return -ENOMEM;
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	dst->n = src->n;
	return 0;
}

/* Index of the first extent ending after @fblk (n if none). */
static size_t find(const struct extmap *m, uint64_t fblk)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->v[mid].fblk + m->v[mid].len <= fblk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ext_lookup(const struct extmap *m, uint64_t fblk, struct extent *out,
		uint64_t *hole)
{
	size_t i = find(m, fblk);

	if (i < m->n && m->v[i].fblk <= fblk) {
		uint64_t d = fblk - m->v[i].fblk;

		*out = m->v[i];
		out->fblk = fblk;
		out->pblk += d;
		out->len -= d;
		return true;
	}
	*hole = i < m->n ? m->v[i].fblk - fblk : EXT_HOLE_END;
	return false;
}

static bool joins(const struct extent *a, const struct extent *b)
{
	return a->fblk + a->len == b->fblk && a->pblk + a->len == b->pblk &&
	       a->flags == b->flags;
}

/* Merges v[i] with its right neighbour, then with its left one. */
static void merge_at(struct extmap *m, size_t i)
{
	if (i + 1 < m->n && joins(&m->v[i], &m->v[i + 1])) {
		m->v[i].len += m->v[i + 1].len;
		memmove(&m->v[i + 1], &m->v[i + 2],
			(m->n - i - 2) * sizeof(*m->v));
		m->n--;
	}
	if (i > 0 && joins(&m->v[i - 1], &m->v[i])) {
		m->v[i - 1].len += m->v[i].len;
		memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
		m->n--;
	}
}

int ext_insert(struct extmap *m, uint64_t fblk, uint64_t pblk, uint64_t len,
	       uint32_t flags)
{
	size_t i = find(m, fblk);

	if (!len)
		return 0;
	if (i < m->n && m->v[i].fblk < fblk + len)
		return -EEXIST;
	/* Common case: appending right after the last extent. */
	if (i == m->n && i > 0) {
		struct extent *l = &m->v[i - 1];
		struct extent e = { fblk, pblk, len, flags };

		if (joins(l, &e)) {
			l->len += len;
			return 0;
		}
	}
	if (reserve(m, m->n + 1))
		return -ENOMEM;
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->v[i] = (struct extent){ fblk, pblk, len, flags };
	m->n++;
	merge_at(m, i);
	return 0;
}

/* Splits so that an extent boundary falls at @fblk. */
static int split_at(struct extmap *m, uint64_t fblk)
{
	size_t i = find(m, fblk);

	if (i == m->n || m->v[i].fblk >= fblk)
		return 0;
	if (reserve(m, m->n + 1))
		return -ENOMEM;
	struct extent *e = &m->v[i];
	uint64_t d = fblk - e->fblk;
	struct extent right = { fblk, e->pblk + d, e->len - d, e->flags };

	e->len = d;
	memmove(&m->v[i + 2], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
	m->v[i + 1] = right;
	m->n++;
	return 0;
}

int ext_remove(struct extmap *m, uint64_t fblk, uint64_t len, ext_free_fn fn,
	       void *arg)
{
	uint64_t end = len > UINT64_MAX - fblk ? UINT64_MAX : fblk + len;
	int rc;

	if (!len)
		return 0;
	if ((rc = split_at(m, fblk)) || (end != UINT64_MAX &&
					 (rc = split_at(m, end))))
		return rc;
	size_t a = find(m, fblk), b = a;

	while (b < m->n && m->v[b].fblk < end) {
		if (fn)
			fn(arg, m->v[b].pblk, m->v[b].len);
		b++;
	}
	memmove(&m->v[a], &m->v[b], (m->n - b) * sizeof(*m->v));
	m->n -= b - a;
	return 0;
}

int ext_set_flags(struct extmap *m, uint64_t fblk, uint64_t len,
		  uint32_t flags)
{
	uint64_t end = len > UINT64_MAX - fblk ? UINT64_MAX : fblk + len;
	int rc;

	if (!len)
		return 0;
	if ((rc = split_at(m, fblk)) || (end != UINT64_MAX &&
					 (rc = split_at(m, end))))
		return rc;
	for (size_t i = find(m, fblk); i < m->n && m->v[i].fblk < end; i++)
		m->v[i].flags = flags;
	/* Re-merge across the touched span. */
	size_t i = find(m, fblk ? fblk - 1 : 0);

	while (i < m->n && m->v[i].fblk <= end) {
		size_t before = m->n;

		merge_at(m, i);
		if (m->n == before)
			i++;
		else if (i > 0)
			i--;
	}
	return 0;
}

uint64_t ext_blocks(const struct extmap *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += m->v[i].len;
	return n;
}
