// SPDX-License-Identifier: MIT
/*
 * persist.c - per-line persistence states, the shadow image and crash().
 *
 * State byte per line: 0 DURABLE, 1 DIRTY, 2+k FLUSHED by thread slot k.
 * Each thread keeps the line ranges it flushed in its own pending list, so
 * that a fence only commits that thread's lines, as SFENCE does.  One mutex
 * serialises the model; tracking is for conformance, not speed.
 *
 * Stores are reported before they happen (pmem.h), so when one lands on a
 * line another flush is still pending for, the model can keep the flushed
 * content for that flush's fence.
 */
#include "persist.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define LINE		64u
#define ST_DURABLE	0
#define ST_DIRTY	1
#define ST_FLUSHED0	2
#define MAX_SLOTS	250

struct range { uint64_t first, n; };

/* A line's content as a thread flushed it, kept because a later store
 * changed the line before that thread's fence: the fence still makes the
 * flushed content durable (the NT store or the write-back reached the
 * persistence domain), though the line is dirty again. */
struct kept_line {
	uint64_t	line;
	uint8_t		data[64];
};

struct pending {
	struct range	*v;
	size_t		n, cap;
	struct kept_line *kept;
	size_t		nkept, capkept;
};

struct persist {
	uint8_t		*base;
	uint64_t	size, nlines;
	uint8_t		*shadow;	/* last durable content */
	uint8_t		*state;
	pthread_mutex_t	lock;
	struct pending	slot[MAX_SLOTS];
	unsigned	nslots;
	uint64_t	gen;		/* tells threads a new model started */
	uint64_t	fences;
	uint64_t	arm_at;		/* fence number to capture at; 0 = off */
	bool		arm_torn;
	uint64_t	arm_seed;
	uint8_t		*image;		/* captured at arm_at */
	uint64_t	freeze_at;	/* fence number power fails at; 0 = off */
	bool		frozen;		/* it failed: nothing more is durable */
	/* Pages any tracked store reached since the last crash (a crash
	 * compares only those), and optionally a second bitmap a parent
	 * process shares with us (dx_snapshot), which only accumulates. */
	uint64_t	*touched, *shared;
};

#define PAGE_LINES	64u		/* 4 KiB */

static void touch(struct persist *p, uint64_t first, uint64_t end)
{
	for (uint64_t pg = first / PAGE_LINES; pg <= (end - 1) / PAGE_LINES;
	     pg++) {
		p->touched[pg / 64] |= 1ULL << (pg % 64);
		if (p->shared)
			__atomic_fetch_or(&p->shared[pg / 64], 1ULL << (pg % 64),
					  __ATOMIC_RELAXED);
	}
}

void persist_share_touched(struct persist *p, uint64_t *bitmap)
{
	pthread_mutex_lock(&p->lock);
	p->shared = bitmap;
	pthread_mutex_unlock(&p->lock);
}

static uint64_t mix(uint64_t *s);

static uint64_t next_gen = 1;
static __thread struct { uint64_t gen; unsigned slot; } me;

static unsigned my_slot(struct persist *p)
{
	if (me.gen != p->gen) {
		me.gen = p->gen;
		me.slot = p->nslots < MAX_SLOTS ? p->nslots++ : MAX_SLOTS - 1;
	}
	return me.slot;
}

struct persist *persist_create(void *base, uint64_t size)
{
	struct persist *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->base = base;
	p->size = size;
	p->nlines = (size + LINE - 1) / LINE;
	/* Populated: the copy below touches every page anyway, and one
	 * populate costs less than a fault per page. */
	p->shadow = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	/* Huge pages where the kernel gives them: fork() then copies a
	 * PMD per 2 MiB of shadow rather than 512 PTEs (the explorer forks
	 * a run from a prepared case thousands of times a minute). */
	if (p->shadow != MAP_FAILED)
		(void)madvise(p->shadow, size, MADV_HUGEPAGE);
	p->state = calloc(p->nlines, 1);
	p->touched = calloc((p->nlines / PAGE_LINES + 64) / 64, 8);
	if (p->shadow == MAP_FAILED || !p->state || !p->touched) {
		if (p->shadow != MAP_FAILED)
			munmap(p->shadow, size);
		free(p->state);
		free(p->touched);
		free(p);
		return NULL;
	}
	memcpy(p->shadow, base, size);
	pthread_mutex_init(&p->lock, NULL);
	p->gen = __atomic_fetch_add(&next_gen, 1, __ATOMIC_RELAXED);
	return p;
}

void persist_destroy(struct persist *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < MAX_SLOTS; i++) {
		free(p->slot[i].v);
		free(p->slot[i].kept);
	}
	if (p->image)
		munmap(p->image, p->size);
	munmap(p->shadow, p->size);
	free(p->state);
	free(p->touched);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

/* Line range of [addr, addr+len) clipped to the region; false if empty. */
static bool lines_of(struct persist *p, const void *addr, size_t len,
		     uint64_t *first, uint64_t *end)
{
	const uint8_t *a = addr;

	if (!len || a + len <= p->base || a >= p->base + p->size)
		return false;
	uint64_t lo = a < p->base ? 0 : (uint64_t)(a - p->base);
	uint64_t hi = (uint64_t)(a + len - p->base);

	if (hi > p->size)
		hi = p->size;
	*first = lo / LINE;
	*end = (hi + LINE - 1) / LINE;
	return true;
}

static void pending_add(struct pending *q, uint64_t first, uint64_t n)
{
	if (q->n && q->v[q->n - 1].first + q->v[q->n - 1].n == first) {
		q->v[q->n - 1].n += n;
		return;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		struct range *v = realloc(q->v, cap * sizeof(*v));

		if (!v)
			abort();	/* the model cannot lose track */
		q->v = v;
		q->cap = cap;
	}
	q->v[q->n++] = (struct range){ first, n };
}

/* Line @i is about to change; if a flush of it is pending (other than
 * one of @self's), keep its content for that flush's fence. */
static void keep_flushed(struct persist *p, uint64_t i, int self)
{
	if (p->state[i] < ST_FLUSHED0 || p->state[i] - ST_FLUSHED0 == self)
		return;
	struct pending *q = &p->slot[p->state[i] - ST_FLUSHED0];
	uint64_t off = i * LINE, n = off + LINE > p->size ? p->size - off : LINE;

	if (q->nkept == q->capkept) {
		size_t cap = q->capkept ? 2 * q->capkept : 16;
		struct kept_line *v = realloc(q->kept, cap * sizeof(*v));

		if (!v)
			abort();	/* the model cannot lose track */
		q->kept = v;
		q->capkept = cap;
	}
	q->kept[q->nkept].line = i;
	memcpy(q->kept[q->nkept++].data, p->base + off, n);
}

void persist_stored(struct persist *p, const void *addr, size_t len)
{
	uint64_t a, b;

	if (!lines_of(p, addr, len, &a, &b))
		return;
	pthread_mutex_lock(&p->lock);
	for (uint64_t i = a; i < b; i++)
		keep_flushed(p, i, -1);	/* even our own: a store after our
					 * flush does not undo it */
	memset(p->state + a, ST_DIRTY, b - a);
	touch(p, a, b);
	pthread_mutex_unlock(&p->lock);
}

static void mark_flushed(struct persist *p, const void *addr, size_t len,
			 bool any)
{
	uint64_t a, b;

	if (!lines_of(p, addr, len, &a, &b))
		return;
	pthread_mutex_lock(&p->lock);
	unsigned s = my_slot(p);
	uint8_t st = (uint8_t)(ST_FLUSHED0 + s);

	for (uint64_t i = a; i < b; i++) {
		if (any)		/* an NT store replaces the line */
			keep_flushed(p, i, (int)s);
		if (any || p->state[i] == ST_DIRTY)
			p->state[i] = st;
	}
	touch(p, a, b);
	pending_add(&p->slot[s], a, b - a);
	pthread_mutex_unlock(&p->lock);
}

void persist_flushed(struct persist *p, const void *addr, size_t len)
{
	mark_flushed(p, addr, len, false);
}

void persist_nt_stored(struct persist *p, const void *addr, size_t len)
{
	mark_flushed(p, addr, len, true);
}

/* The image power loss would leave now: durable lines, plus a torn subset
 * of those in flight.  Called with the lock held. */
static void capture(struct persist *p)
{
	uint64_t rng = p->arm_seed;
	uint8_t *img = mmap(NULL, p->size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (img == MAP_FAILED)
		abort();	/* a check that cannot take its image is void */
	memcpy(img, p->shadow, p->size);
	if (p->arm_torn) {
		for (uint64_t i = 0; i < p->nlines; i++) {
			if (p->state[i] == ST_DURABLE || !(mix(&rng) & 1))
				continue;
			uint64_t off = i * LINE, n = LINE;

			if (off + n > p->size)
				n = p->size - off;
			memcpy(img + off, p->base + off, n);
		}
	}
	p->image = img;
	p->arm_at = 0;
}

void persist_arm(struct persist *p, uint64_t n, bool torn, uint64_t seed)
{
	pthread_mutex_lock(&p->lock);
	if (p->image)
		munmap(p->image, p->size);
	p->image = NULL;
	p->arm_at = n ? p->fences + n : 0;
	p->arm_torn = torn;
	p->arm_seed = seed;
	pthread_mutex_unlock(&p->lock);
}

void persist_freeze_at(struct persist *p, uint64_t n)
{
	pthread_mutex_lock(&p->lock);
	p->freeze_at = n ? p->fences + n : 0;
	p->frozen = false;
	pthread_mutex_unlock(&p->lock);
}

void *persist_take_image(struct persist *p)
{
	pthread_mutex_lock(&p->lock);
	void *img = p->image;

	p->image = NULL;
	pthread_mutex_unlock(&p->lock);
	return img;
}

void persist_image_free(void *img, uint64_t size)
{
	if (img)
		munmap(img, size);
}

uint64_t persist_fences(struct persist *p)
{
	pthread_mutex_lock(&p->lock);
	uint64_t n = p->fences;

	pthread_mutex_unlock(&p->lock);
	return n;
}

void persist_fenced(struct persist *p)
{
	pthread_mutex_lock(&p->lock);
	p->fences++;
	if (p->arm_at && p->fences == p->arm_at)
		capture(p);
	if (p->freeze_at && p->fences == p->freeze_at)
		p->frozen = true;
	unsigned s = my_slot(p);
	struct pending *q = &p->slot[s];

	if (p->frozen) {	/* the power went: this fence completes nothing */
		q->nkept = 0;
		q->n = 0;
		pthread_mutex_unlock(&p->lock);
		return;
	}
	uint8_t st = (uint8_t)(ST_FLUSHED0 + s);

	/* What we flushed and others stored over since: durable as flushed. */
	for (size_t k = 0; k < q->nkept; k++) {
		uint64_t off = q->kept[k].line * LINE;

		memcpy(p->shadow + off, q->kept[k].data,
		       off + LINE > p->size ? p->size - off : LINE);
	}
	q->nkept = 0;
	for (size_t r = 0; r < q->n; r++) {
		uint64_t i = q->v[r].first, end = i + q->v[r].n;

		while (i < end) {
			if (p->state[i] != st) {
				i++;
				continue;
			}
			uint64_t j = i;

			while (j < end && p->state[j] == st)
				p->state[j++] = ST_DURABLE;
			uint64_t off = i * LINE, n = (j - i) * LINE;

			if (off + n > p->size)
				n = p->size - off;
			memcpy(p->shadow + off, p->base + off, n);
			i = j;
		}
	}
	q->n = 0;
	pthread_mutex_unlock(&p->lock);
}

uint64_t persist_nondurable(struct persist *p)
{
	uint64_t n = 0;

	pthread_mutex_lock(&p->lock);
	for (uint64_t i = 0; i < p->nlines; i++)
		n += p->state[i] != ST_DURABLE;
	pthread_mutex_unlock(&p->lock);
	return n;
}

bool persist_is_durable(struct persist *p, const void *addr, size_t len)
{
	uint64_t a, b;
	bool ok = true;

	if (!lines_of(p, addr, len, &a, &b))
		return true;
	pthread_mutex_lock(&p->lock);
	for (uint64_t i = a; i < b && ok; i++)
		ok = p->state[i] == ST_DURABLE;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

/* splitmix64: small, seedable, good enough to pick lines. */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Power fails: memory holds what the durable image holds.  Every line is
 * restored from the shadow - also lines the model believes durable, since
 * a store it never heard of (through a mapping that should have been
 * write-protected) is just as lost.  A torn crash first lets a random
 * subset of the lines that were in flight reach the media.
 */
void persist_crash(struct persist *p, bool torn, uint64_t seed,
		   struct persist_crash_stats *st)
{
	struct persist_crash_stats s = { 0, 0 };
	uint64_t rng = seed;

	pthread_mutex_lock(&p->lock);
	/* Frozen, what is in memory now is not what was in flight when the
	 * power went: nothing of it survives. */
	if (p->frozen)
		torn = false;
	for (uint64_t i = 0; i < p->nlines; i++) {
		if (p->state[i] == ST_DURABLE)
			continue;
		uint64_t off = i * LINE, n = LINE;

		if (off + n > p->size)
			n = p->size - off;
		if (torn && (mix(&rng) & 1)) {
			memcpy(p->shadow + off, p->base + off, n);
			s.kept++;
		} else {
			s.reverted++;
		}
		p->state[i] = ST_DURABLE;
	}
	/* Memory becomes the shadow.  Only pages a tracked store reached can
	 * differ - every way the filesystem writes its region is tracked,
	 * and a user store reaches a page only through a write fault, which
	 * is - so those are compared, and copied where they differ: the same
	 * result as copying everything, also for stores the model never
	 * heard of through a mapping that should have been write-protected. */
	for (uint64_t w = 0; w < (p->nlines / PAGE_LINES + 64) / 64; w++) {
		for (uint64_t bits = p->touched[w]; bits; bits &= bits - 1) {
			uint64_t pg = w * 64 + (uint64_t)__builtin_ctzll(bits);
			uint64_t off = pg * 4096, n = 4096;

			if (off >= p->size)
				break;
			if (off + n > p->size)
				n = p->size - off;
			if (memcmp(p->base + off, p->shadow + off, n))
				memcpy(p->base + off, p->shadow + off, n);
		}
		p->touched[w] = 0;
	}
	for (unsigned k = 0; k < MAX_SLOTS; k++)
		p->slot[k].n = p->slot[k].nkept = 0;
	p->frozen = false;
	p->freeze_at = 0;
	pthread_mutex_unlock(&p->lock);
	if (st)
		*st = s;
}
