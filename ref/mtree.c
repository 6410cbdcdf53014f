// SPDX-License-Identifier: MIT
/*
 * mtree.c - a 64-way radix tree with tags (see mtree.h).
 *
 * Leaves hold entries; inner nodes hold child pointers.  A node's tag
 * bitmap has bit i set when slot i (or anything below it) carries the tag,
 * and 'present' has bit i set when slot i is not empty, so walks skip
 * empty and untagged subtrees a word at a time.
 */
#include "mtree.h"

#include <errno.h>
#include "lockdep.h"
#include "race.h"
#include <stdlib.h>
#include <string.h>

struct mt_node {
	uint64_t	slot[MT_SLOTS];
	uint64_t	present;
	uint64_t	tags[MT_NTAGS];
};

void mt_init(struct mtree *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wait, NULL);
}

static void destroy_node(struct mt_node *n, unsigned level, uint64_t base,
			 void (*fn)(void *, uint64_t, uint64_t), void *arg)
{
	for (unsigned i = 0; i < MT_SLOTS; i++) {
		if (!(n->present & (1ULL << i)))
			continue;
		uint64_t idx = base | ((uint64_t)i << (level * MT_SHIFT));

		if (level)
			destroy_node((struct mt_node *)(uintptr_t)n->slot[i],
				     level - 1, idx, fn, arg);
		else if (fn)
			fn(arg, idx, n->slot[i]);
	}
	free(n);
}

void mt_destroy(struct mtree *t, void (*fn)(void *, uint64_t, uint64_t),
		void *arg)
{
	if (t->root)
		destroy_node(t->root, t->height - 1, 0, fn, arg);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wait);
	t->root = NULL;
	t->height = 0;
}

/* The tree lock is lock class "tree" (the innermost but "pte" and "pin"),
 * so the checker sees it; mt_wait_entry() sleeps with it dropped. */
void mt_lock(struct mtree *t)
{
	lockdep_acquire(&lc_tree);
	pthread_mutex_lock(&t->lock);
}

void mt_unlock(struct mtree *t)
{
	pthread_mutex_unlock(&t->lock);
	lockdep_release(&lc_tree);
}

static uint64_t max_index(unsigned height)
{
	return height >= 64 / MT_SHIFT + 1 ? UINT64_MAX :
		(1ULL << (height * MT_SHIFT)) - 1;
}

static unsigned slot_of(uint64_t idx, unsigned level)
{
	return (idx >> (level * MT_SHIFT)) & (MT_SLOTS - 1);
}

uint64_t mt_load(const struct mtree *t, uint64_t idx)
{
	const struct mt_node *n = t->root;

	if (!n || idx > max_index(t->height))
		return 0;
	for (unsigned level = t->height - 1;; level--) {
		unsigned s = slot_of(idx, level);

		if (!(n->present & (1ULL << s)))
			return 0;
		if (level == 0)
			return n->slot[s];
		n = (const struct mt_node *)(uintptr_t)n->slot[s];
	}
}

/* Grows the tree until @idx fits. */
static int grow(struct mtree *t, uint64_t idx)
{
	while (!t->root || idx > max_index(t->height)) {
		struct mt_node *n = calloc(1, sizeof(*n));

		if (!n)
			return -ENOMEM;
		t->nr_nodes++;
		if (t->root) {
			n->slot[0] = (uint64_t)(uintptr_t)t->root;
			n->present = 1;
			for (int g = 0; g < MT_NTAGS; g++)
				if (t->root->tags[g])
					n->tags[g] = 1;
		}
		t->root = n;
		t->height++;
	}
	return 0;
}

/* Path from root to the leaf for @idx; creates nodes when @create. */
static int walk(struct mtree *t, uint64_t idx, bool create,
		struct mt_node **path)
{
	struct mt_node *n = t->root;

	for (unsigned level = t->height - 1;; level--) {
		path[level] = n;
		if (level == 0)
			return 0;
		unsigned s = slot_of(idx, level);

		if (!(n->present & (1ULL << s))) {
			if (!create)
				return -ENOENT;
			struct mt_node *c = calloc(1, sizeof(*c));

			if (!c)
				return -ENOMEM;
			t->nr_nodes++;
			n->slot[s] = (uint64_t)(uintptr_t)c;
			n->present |= 1ULL << s;
		}
		n = (struct mt_node *)(uintptr_t)n->slot[s];
	}
}

/* Recomputes the summaries above a changed leaf, freeing empty nodes. */
static void fixup(struct mtree *t, uint64_t idx, struct mt_node **path)
{
	for (unsigned level = 1; level < t->height; level++) {
		struct mt_node *child = path[level - 1], *n = path[level];
		unsigned s = slot_of(idx, level);
		uint64_t bit = 1ULL << s;

		if (!child->present) {
			free(child);
			t->nr_nodes--;
			n->present &= ~bit;
			n->slot[s] = 0;
		}
		for (int g = 0; g < MT_NTAGS; g++) {
			if (n->present & bit && child->tags[g])
				n->tags[g] |= bit;
			else
				n->tags[g] &= ~bit;
		}
	}
	if (t->root && !t->root->present) {
		free(t->root);
		t->nr_nodes--;
		t->root = NULL;
		t->height = 0;
	}
}

int mt_store(struct mtree *t, uint64_t idx, uint64_t e)
{
	struct mt_node *path[12];
	int rc;

	if (!e && !mt_load(t, idx))
		return 0;
	if (e && (rc = grow(t, idx)))
		return rc;
	if ((rc = walk(t, idx, e != 0, path)))
		return rc == -ENOENT ? 0 : rc;
	struct mt_node *leaf = path[0];
	unsigned s = slot_of(idx, 0);
	uint64_t bit = 1ULL << s;

	if (e) {
		if (!(leaf->present & bit))
			t->nr_entries++;
		leaf->slot[s] = e;
		leaf->present |= bit;
	} else {
		t->nr_entries--;
		leaf->slot[s] = 0;
		leaf->present &= ~bit;
		for (int g = 0; g < MT_NTAGS; g++) {
			if (leaf->tags[g] & bit)
				t->ntagged[g]--;
			leaf->tags[g] &= ~bit;
		}
	}
	fixup(t, idx, path);
	return 0;
}

static void tag_change(struct mtree *t, uint64_t idx, enum mt_tag tag, bool on)
{
	struct mt_node *path[12];

	if (!t->root || idx > max_index(t->height) || walk(t, idx, false, path))
		return;
	struct mt_node *leaf = path[0];
	uint64_t bit = 1ULL << slot_of(idx, 0);

	if (!(leaf->present & bit) || !!(leaf->tags[tag] & bit) == on)
		return;
	if (on) {
		leaf->tags[tag] |= bit;
		t->ntagged[tag]++;
	} else {
		leaf->tags[tag] &= ~bit;
		t->ntagged[tag]--;
	}
	fixup(t, idx, path);
}

void mt_tag_set(struct mtree *t, uint64_t idx, enum mt_tag tag)
{
	tag_change(t, idx, tag, true);
}

void mt_tag_clear(struct mtree *t, uint64_t idx, enum mt_tag tag)
{
	tag_change(t, idx, tag, false);
}

bool mt_tag_get(const struct mtree *t, uint64_t idx, enum mt_tag tag)
{
	const struct mt_node *n = t->root;

	if (!n || idx > max_index(t->height))
		return false;
	for (unsigned level = t->height - 1;; level--) {
		uint64_t bit = 1ULL << slot_of(idx, level);

		if (!(n->tags[tag] & bit))
			return false;
		if (level == 0)
			return true;
		n = (const struct mt_node *)(uintptr_t)n->slot[slot_of(idx, level)];
	}
}

struct find_ctx {
	uint64_t	start, end;
	int		tag;
	uint64_t	*idx, *ent;
	unsigned	max, n;
};

static void find_in(const struct mt_node *n, unsigned level, uint64_t base,
		    struct find_ctx *c)
{
	uint64_t mask = c->tag < 0 ? n->present : n->tags[c->tag];
	uint64_t span = 1ULL << (level * MT_SHIFT);

	while (mask && c->n < c->max) {
		unsigned i = (unsigned)__builtin_ctzll(mask);

		mask &= mask - 1;
		uint64_t lo = base + i * span;
		uint64_t hi = lo + span - 1;

		if (hi < c->start)
			continue;
		if (lo > c->end)
			return;
		if (level) {
			find_in((const struct mt_node *)(uintptr_t)n->slot[i],
				level - 1, lo, c);
		} else {
			c->idx[c->n] = lo;
			c->ent[c->n] = n->slot[i];
			c->n++;
		}
	}
}

unsigned mt_find(const struct mtree *t, uint64_t start, uint64_t end, int tag,
		 uint64_t *idx, uint64_t *ent, unsigned max)
{
	struct find_ctx c = { start, end, tag, idx, ent, max, 0 };

	if (t->root && start <= end)
		find_in(t->root, t->height - 1, 0, &c);
	return c.n;
}

uint64_t mt_tag_move(struct mtree *t, uint64_t start, uint64_t end,
		     enum mt_tag from, enum mt_tag to)
{
	uint64_t idx[64], ent[64], moved = 0;
	unsigned n;

	while ((n = mt_find(t, start, end, (int)from, idx, ent, 64)) > 0) {
		for (unsigned i = 0; i < n; i++) {
			if (!mt_tag_get(t, idx[i], to)) {
				mt_tag_set(t, idx[i], to);
				moved++;
			}
		}
		if (idx[n - 1] == end || n < 64)
			break;
		start = idx[n - 1] + 1;
	}
	return moved;
}

/*
 * Under a race engine, a woken waiter tells the engine with the tree lock
 * dropped: an engine that runs one thread at a time may keep it waiting
 * until it is scheduled, and must not hold the tree lock meanwhile.
 */
uint64_t mt_wait_entry(struct mtree *t, uint64_t idx)
{
	uint64_t e;

	while ((e = mt_load(t, idx)) & MT_LOCKED) {
		if (race_engine())
			race_block_slow("entry", t);
		pthread_cond_wait(&t->wait, &t->lock);
		if (race_engine()) {
			pthread_mutex_unlock(&t->lock);
			race_unblock_slow();
			pthread_mutex_lock(&t->lock);
		}
	}
	return e;
}

void mt_wake(struct mtree *t)
{
	pthread_cond_broadcast(&t->wait);
	if (race_engine())
		race_wake_slow(t);
}

uint64_t mt_bytes(const struct mtree *t)
{
	return t->nr_nodes * sizeof(struct mt_node);
}
