// SPDX-License-Identifier: MIT
/*
 * oracle.c - judges what a run did against a flat model: a file is a byte
 * array and a size.  The rules, and the kernel code each one rests on, are
 * in ORACLE.md beside this file; in short:
 *
 *   structure     dx_check_invariants(), lockdep clean, no stale memory-
 *                 failure report
 *   serializable  whole operations (pwrite, pread, truncate, punch, zero
 *                 range, fallocate) in some order consistent with real
 *                 time, as i_rwsem orders them; stores, loads and DMA one
 *                 byte at a time, each byte anywhere its operation's time
 *                 allows - and every read, every load and the final
 *                 content and size must come out of such an order
 *   coherent      once everything returned, every live mapping reads what
 *                 pread reads; the EOF page past EOF reads zeros; a page
 *                 past it raises SIGBUS
 *   durable       after a crash, each byte (and the size) is at least as
 *                 new as what a completed fsync/fdatasync (msync: its
 *                 range's stores) covered, and is something the history
 *                 allows: never another file's data, never bytes no one
 *                 wrote
 *
 * To stay cheap on 2 MiB files the check runs per segment: the file is
 * cut wherever an operation starts or ends, a size lands, or any observed
 * byte changes value; inside a segment every byte behaves alike, so one
 * byte stands for it.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "engine.h"

#define PAGE	4096ULL
#define MAXW	6		/* whole operations per file we enumerate */
#define MAXB	4		/* byte-wise operations per byte */

static uint64_t page_up(uint64_t v) { return (v + PAGE - 1) & ~(PAGE - 1); }
static uint64_t page_down(uint64_t v) { return v & ~(PAGE - 1); }

static bool is_whole(enum ol_kind k)
{
	return k == OL_PWRITE || k == OL_PREAD || k == OL_TRUNCATE ||
	       k == OL_PUNCH || k == OL_ZERO || k == OL_FALLOC;
}

static bool is_bytewise(enum ol_kind k)
{
	return k == OL_STORE || k == OL_LOAD || k == OL_DMA;
}

static bool writes(enum ol_kind k)
{
	return k != OL_PREAD && k != OL_LOAD && k != OL_FSYNC &&
	       k != OL_MSYNC && k != OL_MEMFAIL;
}

static const char *kind_name(enum ol_kind k)
{
	static const char *const n[] = { "pwrite", "pread", "truncate",
		"punch", "zero range", "fallocate", "store", "load", "DMA",
		"fsync", "msync", "memory-failure lookup" };

	return n[k];
}

static void verdict(struct result *res, const char *rule, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
static void verdict(struct result *res, const char *rule, const char *fmt,
		    ...)
{
	va_list ap;

	if (res->out != OUT_PASS)
		return;
	res->out = OUT_FAIL;
	snprintf(res->rule, sizeof(res->rule), "%s", rule);
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

/* --- reading files --------------------------------------------------- */

static struct dx_file *reopen(struct run *r, int i)
{
	struct dx_stat st;

	if (!r->files[i].name[0])
		return NULL;		/* unlinked */
	if (r->files[i].f && dx_fstat(r->files[i].f, &st) != -ESTALE)
		return r->files[i].f;
	if (r->files[i].f)
		dx_close(r->files[i].f);
	r->files[i].f = NULL;
	if (dx_open(r->fs, r->files[i].name, 0, &r->files[i].f))
		r->files[i].f = NULL;
	return r->files[i].f;
}

/*
 * Scratch memory for file contents, made in oracle_begin(): shared, so
 * that the explorer's runs - each a fresh child of the process that began -
 * write into pages that exist, with no copy-on-write.  fork() does not copy
 * the page tables of a shared mapping, so a child would still take one
 * fault per page; scratch() populates what it hands out in one madvise()
 * instead (MADV_POPULATE_WRITE, Linux 5.14; a fault per page where it is
 * missing).  One run at a time uses it.  Buffers that do not fit come from
 * malloc.
 */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define ARENA	(24u << 20)
static uint8_t *arena;
static size_t arena_used;

static void *scratch(size_t n)
{
	n = (n + 63) & ~(size_t)63;
	if (arena && arena_used + n <= ARENA) {
		void *p = arena + arena_used;
		uintptr_t a = (uintptr_t)p & ~(uintptr_t)4095;

		arena_used += n;
		(void)madvise((void *)a, (uintptr_t)p + n - a,
			      MADV_POPULATE_WRITE);
		return p;
	}
	return malloc(n ? n : 1);
}

static void unscratch(void *p)
{
	if (p && !(arena && (uint8_t *)p >= arena && (uint8_t *)p < arena + ARENA))
		free(p);
}

static uint8_t *read_file(struct dx_file *f, uint64_t *size)
{
	struct dx_stat st;
	uint8_t *buf;

	*size = UINT64_MAX;
	if (!f || dx_fstat(f, &st))
		return NULL;
	if (!(buf = scratch(st.size)))
		return NULL;
	if (dx_pread(f, buf, st.size, 0) != (ssize_t)st.size) {
		unscratch(buf);
		return NULL;
	}
	*size = st.size;
	return buf;
}

/* The whole file, or NULL with *size = UINT64_MAX if it cannot be read. */
static uint8_t *read_all(struct run *r, int i, uint64_t *size)
{
	return read_file(reopen(r, i), size);
}

struct cuts {
	uint64_t	*v;
	size_t		n, cap;
};

static void cut(struct cuts *c, uint64_t x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		uint64_t *v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = x;
}

/* A cut wherever d[i] != d[i-1]; runs of one byte value are skipped
 * eight bytes at a time (2 MiB files are mostly long runs). */
static void cut_changes(struct cuts *c, const uint8_t *d, uint64_t base,
			uint64_t n)
{
	uint64_t i = 1;

	while (d && i < n) {
		uint64_t rep = 0x0101010101010101ULL * d[i - 1];

		/* A page at a time while it repeats the last byte: d[i..]
		 * equal to d[i-1..] shifted by one means one value throughout
		 * (memcmp is the vector loop); then 64 bytes at a time. */
		while (i + 4096 <= n && !memcmp(d + i, d + i - 1, 4096))
			i += 4096;
		while (i + 64 <= n) {
			uint64_t w[8], x = 0;

			memcpy(w, d + i, 64);
			for (int k = 0; k < 8; k++)
				x |= w[k] ^ rep;
			if (x)
				break;
			i += 64;
		}
		uint64_t stop = i + 64 < n ? i + 64 : n;

		for (; i < stop; i++)
			if (d[i] != d[i - 1])
				cut(c, base + i);
	}
}

/*
 * The cuts of @d (@n bytes) given @ref (@refn bytes) whose cuts are in
 * the set already: a page of @d equal to @ref's, with the byte before it
 * equal too, changes value exactly where @ref does - only the other pages
 * are scanned.  Files are mostly what they were when the run began.
 */
static void cut_changes_vs(struct cuts *c, const uint8_t *d, uint64_t n,
			   const uint8_t *ref, uint64_t refn)
{
	for (uint64_t p = 0; d && p < n; p += PAGE) {
		uint64_t e = p + PAGE < n ? p + PAGE : n;

		if (ref && e <= refn && !memcmp(d + p, ref + p, e - p) &&
		    (p == 0 || d[p - 1] == ref[p - 1]))
			continue;
		if (p == 0)
			cut_changes(c, d, 0, e);
		else
			cut_changes(c, d + p - 1, p - 1, e - p + 1);
	}
}

void oracle_begin(struct run *r)
{
	if (!arena) {
		/* Not populated here: a case uses a few pages of it, and
		 * scratch() populates those (24 MiB a case was a quarter of
		 * the explorer's time at 4 KiB). */
		arena = mmap(NULL, ARENA, PROT_READ | PROT_WRITE, MAP_SHARED |
			     MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (arena == MAP_FAILED)
			arena = NULL;
	}
	for (int i = 0; i < r->nfiles; i++) {
		uint64_t size;
		uint8_t *c = read_all(r, i, &size);

		free(r->init[i]);
		r->init[i] = NULL;	/* kept apart from the scratch */
		if (c && (r->init[i] = malloc(size ? size : 1)))
			memcpy(r->init[i], c, size);
		r->init_size[i] = size;
		/* Once per case, in the process the runs fork from. */
		struct cuts ic = { 0 };

		cut_changes(&ic, r->init[i], 0, r->init[i] ? size : 0);
		free(r->init_cuts[i]);
		r->init_cuts[i] = ic.v;
		r->init_ncuts[i] = ic.n;
		unscratch(c);
	}
	arena_used = 0;
	r->began = true;
}

/* --- one file's history ---------------------------------------------- */

struct hist {
	struct run	*r;
	int		file;
	const uint8_t	*init;
	uint64_t	init_size;
	const struct olog *w[MAXW];	/* whole operations, by log order */
	int		nw;
	const struct olog *b[32];	/* byte-wise operations */
	int		nb;
	int		perm[MAXW];	/* the order being tried */
	uint64_t	crash;		/* fence number the crash comes at
					 * (UINT64_MAX: after everything) */
};

/* Did @a end before @b began (so any order must put @a first)? */
static bool before(const struct olog *a, const struct olog *b)
{
	return a->t1 < b->t0;
}

/* The byte @op wrote at @x. */
static uint8_t value_at(const struct olog *op, uint64_t x)
{
	return op->data && op->kind == OL_PWRITE ? op->data[x - op->off]
						 : op->val;
}

static bool covers(const struct olog *op, uint64_t x)
{
	return x >= op->off && x - op->off < op->len;
}

/* The state of one byte as a history runs. */
struct byte {
	uint8_t		v;
	uint64_t	size;
};

/*
 * Applies whole op @op to byte @x.  Returns false if an observation of it
 * (a pread's data) does not match the state it runs in.
 */
static bool apply_whole(const struct olog *op, uint64_t x, struct byte *s)
{
	uint64_t end = op->off + op->len;

	switch (op->kind) {
	case OL_PWRITE: {
		uint64_t n = op->rc ? op->done : op->len;

		if (x >= op->off && x - op->off < n)
			s->v = value_at(op, x);
		if (n && op->off + n > s->size)
			s->size = op->off + n;
		return true;
	}
	case OL_PREAD:
		if (x >= op->off && x - op->off < op->done)
			return x < s->size && op->data &&
			       op->data[x - op->off] == s->v;
		return true;
	case OL_TRUNCATE:
		if (op->rc)
			return true;
		if (x >= op->arg)
			s->v = 0;	/* beyond EOF: reads 0 if it comes back */
		s->size = op->arg;
		return true;
	case OL_PUNCH:
	case OL_ZERO:
		if (op->rc)
			return true;
		if (covers(op, x) && x < s->size)
			s->v = 0;
		if (op->kind == OL_ZERO && !(op->arg & DX_FALLOC_KEEP_SIZE) &&
		    end > s->size)
			s->size = end;
		return true;
	case OL_FALLOC:
		if (!op->rc && !(op->arg & DX_FALLOC_KEEP_SIZE) &&
		    end > s->size)
			s->size = end;
		return true;
	default:
		return true;
	}
}

/* A byte-wise op at byte @x, in state @s: false if what it observed (a
 * SIGBUS, a loaded value) cannot happen here. */
static bool apply_byte(const struct olog *op, uint64_t x, struct byte *s)
{
	bool beyond = x >= page_up(s->size);	/* a page past EOF */
	uint64_t done = op->done;

	if (x < op->off + done) {		/* it reached this byte */
		if (beyond && op->kind != OL_DMA)
			return false;		/* would have been SIGBUS */
		if (op->kind == OL_LOAD)
			return op->data &&
			       op->data[x - op->off] == (x < s->size ? s->v : 0);
		if (x < s->size)
			s->v = op->val;		/* past EOF it is lost */
		return true;
	}
	if (op->rc == 1 && x == op->off + done)	/* its SIGBUS */
		return beyond;
	return true;				/* never reached */
}

/*
 * Tries every way the byte-wise ops covering @x fit into the whole order
 * hist.perm: each at any slot its time allows, in any order among
 * themselves that time allows.  Calls @leaf with the full sequence.
 */
struct seq {
	const struct olog *op[MAXW + MAXB];
	int n;
};

typedef bool (*leaf_fn)(struct hist *h, uint64_t x, const struct seq *q,
			void *arg);

static bool place(struct hist *h, uint64_t x, const struct olog **bw, int nbw,
		  bool *used, struct seq *q, int wi, leaf_fn leaf, void *arg)
{
	bool all = true;

	for (int i = 0; i < nbw; i++)
		all &= used[i];
	if (all && wi == h->nw)
		return leaf(h, x, q, arg);
	/* next: a byte-wise op that may come now, or the next whole op */
	for (int i = 0; i < nbw; i++) {
		if (used[i])
			continue;
		bool ok = true;

		/* every whole op that must precede it is placed */
		for (int k = wi; k < h->nw && ok; k++)
			ok = !before(h->w[h->perm[k]], bw[i]);
		for (int j = 0; j < nbw && ok; j++)
			ok = used[j] || j == i || !before(bw[j], bw[i]);
		if (!ok)
			continue;
		used[i] = true;
		q->op[q->n++] = bw[i];
		bool hit = place(h, x, bw, nbw, used, q, wi, leaf, arg);

		q->n--;
		used[i] = false;
		if (hit)
			return true;
	}
	if (wi < h->nw) {
		const struct olog *w = h->w[h->perm[wi]];
		bool ok = true;

		for (int i = 0; i < nbw && ok; i++)
			ok = used[i] || !before(bw[i], w);
		if (ok) {
			q->op[q->n++] = w;
			bool hit = place(h, x, bw, nbw, used, q, wi + 1, leaf,
					 arg);

			q->n--;
			if (hit)
				return true;
		}
	}
	return false;
}

static bool each_sequence(struct hist *h, uint64_t x, leaf_fn leaf, void *arg)
{
	const struct olog *bw[MAXB];
	bool used[MAXB] = { false };
	int nbw = 0;
	struct seq q = { .n = 0 };

	for (int i = 0; i < h->nb && nbw < MAXB; i++)
		if (covers(h->b[i], x))
			bw[nbw++] = h->b[i];
	return place(h, x, bw, nbw, used, &q, 0, leaf, arg);
}

static struct byte start(const struct hist *h, uint64_t x)
{
	struct byte s = { x < h->init_size ? h->init[x] : 0, h->init_size };

	return s;
}

/* Leaf: the sequence explains every observation of byte @x and its final
 * value (@arg: the final content, size). */
struct final { const uint8_t *c; uint64_t size; };

static bool explains(struct hist *h, uint64_t x, const struct seq *q,
		     void *arg)
{
	const struct final *f = arg;
	struct byte s = start(h, x);

	for (int i = 0; i < q->n; i++) {
		bool ok = is_whole(q->op[i]->kind) ? apply_whole(q->op[i], x, &s)
						   : apply_byte(q->op[i], x, &s);
		if (!ok)
			return false;
	}
	if (s.size != f->size)
		return false;
	return x >= f->size || s.v == f->c[x];
}

/* --- segments ---------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every point where a byte may behave differently from its neighbour. */
static void segments(const struct hist *h, const uint8_t *fin, uint64_t fsize,
		     const uint8_t *crash, uint64_t csize, struct cuts *c,
		     uint64_t *end)
{
	uint64_t e = h->init_size > fsize ? h->init_size : fsize;

	cut(c, 0);
	cut(c, h->init_size);
	cut(c, page_up(h->init_size));
	cut(c, fsize);
	cut(c, page_up(fsize));
	const struct run *r = h->r;

	for (size_t k = 0; k < r->init_ncuts[h->file]; k++)
		cut(c, r->init_cuts[h->file][k]);
	cut_changes_vs(c, fin, fsize, h->init, h->init_size);
	if (crash) {
		cut(c, csize);
		cut_changes_vs(c, crash, csize, h->init, h->init_size);
		e = csize > e ? csize : e;
	}
	for (int k = 0; k < h->nw + h->nb; k++) {
		const struct olog *op = k < h->nw ? h->w[k] : h->b[k - h->nw];
		uint64_t oe = op->off + op->len;

		cut(c, op->off);
		cut(c, oe);
		cut(c, op->off + op->done);
		cut(c, op->off + op->done + 1);
		if (op->kind == OL_TRUNCATE) {
			cut(c, op->arg);
			cut(c, page_up(op->arg));
			oe = op->arg;
		}
		if (op->data)
			cut_changes(c, op->data, op->off,
				    op->kind == OL_PWRITE ? op->len : op->done);
		e = oe > e ? oe : e;
	}
	qsort(c->v, c->n, sizeof(uint64_t), cmp_u64);
	*end = e;
}

/* --- orders of the whole operations ------------------------------------ */

/* Next permutation of h->perm that respects real time; false when done. */
static bool next_order(struct hist *h, bool first)
{
	int n = h->nw;

	for (;;) {
		if (first) {
			for (int i = 0; i < n; i++)
				h->perm[i] = i;
			first = false;
		} else {
			int i = n - 2;

			while (i >= 0 && h->perm[i] > h->perm[i + 1])
				i--;
			if (i < 0)
				return false;
			int j = n - 1;

			while (h->perm[j] < h->perm[i])
				j--;
			int t = h->perm[i];

			h->perm[i] = h->perm[j];
			h->perm[j] = t;
			for (int a = i + 1, b = n - 1; a < b; a++, b--) {
				t = h->perm[a];
				h->perm[a] = h->perm[b];
				h->perm[b] = t;
			}
		}
		bool ok = true;

		for (int a = 0; a < n && ok; a++)
			for (int b = a + 1; b < n && ok; b++)
				ok = !before(h->w[h->perm[b]], h->w[h->perm[a]]);
		if (ok)
			return true;
	}
}

/* Does the whole order h->perm explain the final state, byte by byte? */
static bool order_explains(struct hist *h, const struct cuts *c, uint64_t end,
			   const struct final *f, uint64_t *bad)
{
	for (size_t i = 0; i < c->n; i++) {
		uint64_t x = c->v[i];

		if (x >= end || (i && x == c->v[i - 1]))
			continue;
		if (!each_sequence(h, x, explains, (void *)f)) {
			*bad = x;
			return false;
		}
	}
	return true;
}

static void describe_value(char *buf, size_t len, struct hist *h DX_UNUSED, uint64_t x,
			   const struct final *f)
{
	if (x < f->size)
		snprintf(buf, len, "byte %llu reads 0x%02x",
			 (unsigned long long)x, f->c[x]);
	else
		snprintf(buf, len, "the size is %llu",
			 (unsigned long long)f->size);
}

/* --- durability ------------------------------------------------------- */

/* Was @op's effect on byte @x (or on the size) required to be durable by
 * a sync that began after it ended? */
static bool must_last(struct hist *h, const struct olog *op, uint64_t x)
{
	struct run *r = h->r;

	if (!writes(op->kind) || op->kind == OL_PREAD)
		return false;
	for (int i = 0; i < r->nlog; i++) {
		const struct olog *s = &r->log[i];

		/* a sync counts once it returned before the crash */
		if (s->file != h->file || s->rc || !before(op, s) ||
		    (h->crash != UINT64_MAX && s->f1 >= h->crash))
			continue;
		if (s->kind == OL_FSYNC)
			return true;
		if (s->kind == OL_MSYNC && (op->kind == OL_STORE ||
					    op->kind == OL_DMA) &&
		    x >= s->off && x - s->off < s->len)
			return true;
	}
	return false;
}

static bool touches(const struct olog *op, uint64_t x)
{
	return op->kind == OL_TRUNCATE || covers(op, x) ||
	       op->kind == OL_FALLOC || op->kind == OL_ZERO ||
	       (op->kind == OL_PWRITE && op->off + op->len > x);
}

struct crashed { const uint8_t *c; uint64_t size; bool size_ok; };

/* Leaf: some prefix of the sequence, no shorter than its last required
 * op for byte @x, gives the crashed byte (and one, no shorter than the
 * last required size change, gives the crashed size). */
static bool survives(struct hist *h, uint64_t x, const struct seq *q, void *arg)
{
	struct crashed *cr = arg;
	int need = 0, need_size = 0;

	for (int i = 0; i < q->n; i++) {
		if (must_last(h, q->op[i], x) && touches(q->op[i], x))
			need = i + 1;
		if (must_last(h, q->op[i], x) &&
		    (q->op[i]->kind == OL_TRUNCATE || q->op[i]->kind == OL_PWRITE ||
		     q->op[i]->kind == OL_FALLOC || q->op[i]->kind == OL_ZERO))
			need_size = i + 1;
	}
	struct byte s = start(h, x);
	bool byte_ok = false;

	for (int k = 0; k <= q->n; k++) {
		if (k) {
			const struct olog *op = q->op[k - 1];

			if (is_whole(op->kind))
				apply_whole(op, x, &s);
			else if (op->kind != OL_LOAD)
				apply_byte(op, x, &s);
		}
		if (k >= need_size && s.size == cr->size)
			cr->size_ok = true;
		if (k >= need && (x >= cr->size ||
				  (x < s.size && s.v == cr->c[x]) ||
				  (x >= s.size && cr->c[x] == 0)))
			byte_ok = true;
	}
	return byte_ok;
}

/* --- the checks -------------------------------------------------------- */

/* The history of @file: the operations that began before a crash at
 * fence @crash (all of them for UINT64_MAX). */
static void collect(struct hist *h, struct run *r, int file, uint64_t crash)
{
	memset(h, 0, sizeof(*h));
	h->r = r;
	h->file = file;
	h->crash = crash;
	h->init = r->init[file];
	h->init_size = r->init_size[file];
	for (int i = 0; i < r->nlog; i++) {
		const struct olog *op = &r->log[i];

		if (op->file != file || op->f0 >= crash)
			continue;
		if (is_whole(op->kind) && h->nw < MAXW)
			h->w[h->nw++] = op;
		else if (is_bytewise(op->kind) && h->nb < 32)
			h->b[h->nb++] = op;
	}
}

/* Serializability of file @i; on success h->perm holds an order that
 * explains it.  Returns false after a verdict. */
static bool check_file(struct run *r, int i, struct hist *h, uint8_t *fin,
		       uint64_t fsize, struct result *res)
{
	struct final f = { fin, fsize };
	struct cuts c = { 0 };
	uint64_t end, bad = 0, first_bad = UINT64_MAX;
	bool ok = false, first = true;

	collect(h, r, i, UINT64_MAX);
	segments(h, fin, fsize, NULL, 0, &c, &end);
	while (!ok && next_order(h, first)) {
		first = false;
		res->checks++;
		ok = order_explains(h, &c, end, &f, &bad);
		if (!ok && first_bad == UINT64_MAX)
			first_bad = bad;
	}
	free(c.v);
	if (ok)
		return true;
	char what[128], ops[512] = "";
	size_t n = 0;

	describe_value(what, sizeof(what), h, first_bad, &f);
	for (int k = 0; k < h->nw + h->nb && n < sizeof(ops); k++) {
		const struct olog *op = k < h->nw ? h->w[k] : h->b[k - h->nw];

		n += (size_t)snprintf(ops + n, sizeof(ops) - n, "%s%s (line "
				      "%d)", n ? ", " : "", kind_name(op->kind),
				      op->line);
	}
	verdict(res, "serializable", "file '%s': %s after every operation "
		"returned; no order of the whole operations (i_rwsem) with the "
		"stores placed byte by byte gives that (operations: %s)",
		r->files[i].name, what, ops);
	return false;
}

static sigjmp_buf bus_env;
static volatile sig_atomic_t bus_armed;

static void on_bus(int sig)
{
	if (bus_armed) {
		bus_armed = 0;
		siglongjmp(bus_env, 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Reads of a mapping that may raise SIGBUS: bus_catch() installs the
 * handler once, map_read() copies, bus_release() puts the old handler
 * back.  The SIGBUS comes from inside the reference's SIGSEGV handler
 * (the fault found the page past EOF), so the jump out leaves both
 * handlers: sigsetjmp saves the mask, and siglongjmp unblocks SIGSEGV
 * again.
 */
static struct sigaction bus_old;

static void bus_catch(void)
{
	struct sigaction sa = { .sa_handler = on_bus, .sa_flags = SA_NODEFER };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &bus_old);
}

static void bus_release(void)
{
	sigaction(SIGBUS, &bus_old, NULL);
}

/* Reads @n bytes of a mapping; false on SIGBUS.  Between bus_catch()
 * and bus_release(). */
static bool map_read(uint8_t *dst, const uint8_t *src, size_t n)
{
	if (sigsetjmp(bus_env, 1))
		return false;
	bus_armed = 1;
	memcpy(dst, src, n);	/* a SIGBUS leaves it through the handler */
	bus_armed = 0;
	return true;
}

/* Did a store or DMA of the run put @v at byte @x of file @file? */
static bool stored_at(const struct run *r, int file, uint64_t x, uint8_t v)
{
	for (int i = 0; i < r->nlog; i++) {
		const struct olog *op = &r->log[i];

		if (op->file == file && (op->kind == OL_STORE ||
					 op->kind == OL_DMA) &&
		    x >= op->off && x - op->off < op->done && op->val == v)
			return true;
	}
	return false;
}

static void check_coherent(struct run *r, int m, const uint8_t *c,
			   uint64_t size, struct result *res)
{
	const char *name = r->maps[m].name;
	uint64_t base = r->maps[m].off, len = r->maps[m].len;
	uint8_t page[PAGE];

	bus_catch();
	for (uint64_t p = 0; p < len; p += PAGE) {
		uint64_t off = base + p;

		/* Pages nothing mapped are read only where the operations
		 * act - pages 0 and 1, the EOF page and the one past it: a
		 * read elsewhere would fault a block no operation touched in
		 * through the fault path (and the invariants already hold
		 * every entry to the file's blocks).  A 2 MiB mapping is
		 * otherwise 512 faults per run. */
		if (off >= 2 * PAGE && off + PAGE < page_down(size) &&
		    !dx_mapped(r->fs, r->maps[m].addr + p))
			continue;
		if (off >= page_up(size)) {	/* the first page past EOF */
			if (map_read(page, r->maps[m].addr + p, 1))
				verdict(res, "coherent", "mapping '%s' reads "
					"file offset %llu, a page past EOF "
					"(%llu), without SIGBUS", name,
					(unsigned long long)off,
					(unsigned long long)size);
			goto out;
		}
		if (!map_read(page, r->maps[m].addr + p, PAGE)) {
			verdict(res, "coherent", "mapping '%s' raises SIGBUS at "
				"file offset %llu, below EOF (%llu)", name,
				(unsigned long long)off,
				(unsigned long long)size);
			goto out;
		}
		if (off + PAGE <= size && !memcmp(page, c + off, PAGE))
			continue;	/* the common case, in one compare */
		for (uint64_t k = 0; k < PAGE; k++) {
			uint8_t want = off + k < size ? c[off + k] : 0;

			/* Past EOF in the EOF page: zero-filled when the page
			 * came in (POSIX), but a store there is in memory and
			 * reads back until the page goes; never written out. */
			if (off + k >= size && page[k] != 0 &&
			    stored_at(r, r->maps[m].file, off + k, page[k]))
				continue;
			if (page[k] != want) {
				verdict(res, "coherent", "mapping '%s' reads "
					"0x%02x at file offset %llu where pread "
					"reads 0x%02x%s", name, page[k],
					(unsigned long long)(off + k), want,
					off + k < size ? "" : " (past EOF)");
				goto out;
			}
		}
	}
out:
	bus_release();
}

/* The file after a crash (@crash, @csize) against history @h. */
static void check_durable(struct run *r, int i, struct hist *h,
			  uint8_t *crash, uint64_t csize, struct result *res)
{
	uint64_t end;
	struct cuts c = { 0 };

	if (!crash) {
		verdict(res, "durable", "file '%s' cannot be read after the "
			"crash", r->files[i].name);
		return;
	}
	segments(h, NULL, 0, crash, csize, &c, &end);
	struct crashed cr = { crash, csize, false };

	for (size_t k = 0; k < c.n && res->out == OUT_PASS; k++) {
		uint64_t x = c.v[k];

		if (x >= csize || (k && x == c.v[k - 1]))
			continue;
		res->checks++;
		if (!each_sequence(h, x, survives, &cr))
			verdict(res, "durable", "file '%s' after a crash: byte "
				"%llu reads 0x%02x, which no point of the "
				"history at or after what fsync/msync covered "
				"gives%s", r->files[i].name,
				(unsigned long long)x, crash[x],
				crash[x] == 0xee ? " (0xee is the old data of a "
				"freed block)" : "");
	}
	if (res->out == OUT_PASS && csize) {
		cr.size_ok = false;
		each_sequence(h, 0, survives, &cr);
		if (!cr.size_ok)
			verdict(res, "durable", "file '%s' after a crash has "
				"size %llu, which no point of the history at or "
				"after the last synced size change gives",
				r->files[i].name, (unsigned long long)csize);
	}
	free(c.v);
}

/*
 * Crash exploration: power failed at the armed fence (dx_crash_freeze():
 * nothing that fence or a later one made durable is), and the run went on.
 * The rest of this run is the same as the run that counted the fences -
 * one thread, deterministic - and was judged there; here only the crash
 * is: crash now, recover (the region must mount), and judge each file
 * against the operations that had begun by that fence: what a sync that
 * had returned covered is there, the rest is some point of the history.
 */
static void check_frozen(struct run *r, struct result *res)
{
	uint64_t k = r->crash_at - r->fence0;
	int rc;

	for (int m = 0; m < r->nmaps; m++)
		if (r->maps[m].name)
			dx_munmap(r->fs, r->maps[m].addr);
	r->nmaps = 0;
	if ((rc = dx_crash(r->fs, DX_CRASH_CLEAN, 0))) {
		verdict(res, "durable", "a crash at fence %llu of the diagram "
			"leaves a region that does not mount: %s",
			(unsigned long long)k, strerror(-rc));
		return;
	}
	res->images++;
	for (int i = 0; i < r->nfiles && res->out == OUT_PASS; i++) {
		struct dx_file *f;
		struct hist h;
		uint64_t size;

		if (!r->files[i].name[0] || !r->init[i])
			continue;
		if (!(f = reopen(r, i))) {
			verdict(res, "durable", "after a crash at fence %llu, "
				"file '%s' is gone", (unsigned long long)k,
				r->files[i].name);
			break;
		}
		uint8_t *c = read_file(f, &size);

		collect(&h, r, i, r->crash_at);
		next_order(&h, true);	/* one thread: real time decides */
		check_durable(r, i, &h, c, size, res);
		if (res->out != OUT_PASS) {
			size_t n = strlen(res->msg);

			snprintf(res->msg + n, sizeof(res->msg) - n, " (crash "
				 "at fence %llu of the diagram)",
				 (unsigned long long)k);
		}
		unscratch(c);
	}
	arena_used = 0;
}

int oracle_check(struct run *r, struct result *res)
{
	char why[512];
	struct hist *h = calloc((size_t)r->nfiles, sizeof(*h));
	uint8_t *fin[MAX_NAMED] = { NULL };
	uint64_t fsize[MAX_NAMED];

	if (r->crashed) {
		free(h);
		snprintf(res->msg, sizeof(res->msg), "the oracle judges a "
			 "diagram without crash steps (it crashes the run "
			 "itself, at the end)");
		return -1;
	}
	if (!h)
		return 0;
	res->checks++;
	if (r->crash_at) {	/* a crash-exploration run: the crash alone */
		free(h);
		check_frozen(r, res);
		return res->out != OUT_PASS;
	}
	if (dx_lockdep_nreports())
		verdict(res, "structure", "lockdep: %s", dx_lockdep_report(0));
	if (dx_check_invariants(r->fs, why, sizeof(why)))
		verdict(res, "structure", "%s", why);
	for (int i = 0; i < r->nlog; i++)
		if (r->log[i].kind == OL_MEMFAIL && r->log[i].note[0])
			verdict(res, "memfail", "%s", r->log[i].note);
	/* Content and size: serializable. */
	for (int i = 0; i < r->nfiles && res->out == OUT_PASS; i++) {
		if (!r->files[i].name[0] || !r->init[i])
			continue;
		fin[i] = read_all(r, i, &fsize[i]);
		if (!fin[i]) {
			verdict(res, "serializable", "file '%s' cannot be read "
				"after the run", r->files[i].name);
			break;
		}
		check_file(r, i, &h[i], fin[i], fsize[i], res);
	}
	/* Every live mapping reads what pread reads. */
	for (int m = 0; m < r->nmaps && res->out == OUT_PASS; m++) {
		int i = r->maps[m].file;

		if (r->maps[m].name && i >= 0 && fin[i])
			check_coherent(r, m, fin[i], fsize[i], res);
	}
	if (res->out == OUT_PASS && !engine_alone())
		verdict(res, "structure", "threads still busy when the oracle "
			"ran");
	/* A crash now: what was synced is there, nothing else leaks in. */
	if (res->out == OUT_PASS && dx_crash(r->fs, DX_CRASH_CLEAN, 0) == 0) {
		for (int m = 0; m < r->nmaps; m++)
			if (r->maps[m].name)
				dx_munmap(r->fs, r->maps[m].addr);
		r->nmaps = 0;
		for (int i = 0; i < r->nfiles && res->out == OUT_PASS; i++) {
			uint64_t csize;
			uint8_t *c;

			if (!fin[i])
				continue;
			c = read_all(r, i, &csize);
			check_durable(r, i, &h[i], c, csize, res);
			unscratch(c);
		}
	}
	for (int i = 0; i < r->nfiles; i++)
		unscratch(fin[i]);
	arena_used = 0;
	free(h);
	return res->out != OUT_PASS;
}
