// SPDX-License-Identifier: MIT
/* lockdep.c - learn the class order, report inversions (see lockdep.h). */
#include "lockdep.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLASSES	32
#define MAX_HELD	48
#define MAX_REPORTS	16

bool dx_lockdep_on;

static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct lock_class *classes[MAX_CLASSES];
static unsigned nclasses;
static bool edge[MAX_CLASSES][MAX_CLASSES];
static char *edge_chain[MAX_CLASSES][MAX_CLASSES];
static char *reports[MAX_REPORTS];
static unsigned nreports;

static __thread struct {
	const struct lock_class *held[MAX_HELD];
	unsigned n;
} me;

void lockdep_enable(bool on)
{
	dx_lockdep_on = on;
}

void lockdep_reset(void)
{
	pthread_mutex_lock(&graph_lock);
	for (unsigned a = 0; a < MAX_CLASSES; a++)
		for (unsigned b = 0; b < MAX_CLASSES; b++) {
			free(edge_chain[a][b]);
			edge_chain[a][b] = NULL;
			edge[a][b] = false;
		}
	for (unsigned i = 0; i < nreports; i++)
		free(reports[i]);
	nreports = 0;
	pthread_mutex_unlock(&graph_lock);
}

static unsigned class_id(const struct lock_class *c)
{
	for (unsigned i = 0; i < nclasses; i++)
		if (classes[i] == c)
			return i;
	if (nclasses == MAX_CLASSES)
		abort();
	classes[nclasses] = c;
	return nclasses++;
}

/* The chain of held classes plus @c, as "a -> b -> c". */
static char *chain_text(const struct lock_class *c)
{
	size_t cap = 64 * (me.n + 1), len = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	s[0] = 0;
	for (unsigned i = 0; i < me.n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s -> ",
					me.held[i]->name);
	snprintf(s + len, cap - len, "%s", c->name);
	return s;
}

/* Is there a recorded path from @from to @to?  Fills @via with the first
 * edge of it, so the report can quote the chain that established it. */
static bool path(unsigned from, unsigned to, bool *seen, unsigned *via_a,
		 unsigned *via_b)
{
	if (from == to)
		return true;
	seen[from] = true;
	for (unsigned n = 0; n < nclasses; n++) {
		if (!edge[from][n] || seen[n])
			continue;
		if (path(n, to, seen, via_a, via_b)) {
			*via_a = from;
			*via_b = n;
			return true;
		}
	}
	return false;
}

static void add_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add_report(const char *fmt, ...)
{
	char *r;
	va_list ap;

	if (nreports == MAX_REPORTS || !(r = malloc(1024)))
		return;
	va_start(ap, fmt);
	vsnprintf(r, 1024, fmt, ap);
	va_end(ap);
	reports[nreports++] = r;
}

void lockdep_acquire_slow(const struct lock_class *c)
{
	pthread_mutex_lock(&graph_lock);
	unsigned b = class_id(c);

	/* The ranks of README.md's table: inner classes after outer ones. */
	for (unsigned i = 0; i < me.n && i < MAX_HELD; i++) {
		const struct lock_class *h = me.held[i];

		if (h == c || h->rank < 0 || c->rank < 0 || c->rank > h->rank)
			continue;
		char *now = chain_text(c);

		add_report("lock rank violation: taking %s (rank %d) while "
			   "holding %s (rank %d)\n  this chain:   %s\n",
			   c->name, c->rank, h->name, h->rank, now ? now : "?");
		free(now);
		break;
	}

	for (unsigned i = 0; i < me.n; i++) {
		unsigned a = class_id(me.held[i]);
		bool seen[MAX_CLASSES] = { false };
		unsigned va = 0, vb = 0;

		if (a == b || edge[a][b])
			continue;
		if (path(b, a, seen, &va, &vb)) {
			char *now = chain_text(c);

			add_report("possible lock inversion: taking %s while "
				   "holding %s\n  this chain:   %s\n"
				   "  earlier chain: %s\n", c->name,
				   me.held[i]->name, now ? now : "?",
				   edge_chain[va][vb] ? edge_chain[va][vb]
						      : "?");
			free(now);
		}
		edge[a][b] = true;
		edge_chain[a][b] = chain_text(c);
	}
	pthread_mutex_unlock(&graph_lock);
	if (me.n < MAX_HELD)
		me.held[me.n] = c;
	me.n++;
}

void lockdep_release_slow(const struct lock_class *c)
{
	unsigned n = me.n < MAX_HELD ? me.n : MAX_HELD;

	for (unsigned i = n; i-- > 0;) {
		if (me.held[i] != c)
			continue;
		memmove(&me.held[i], &me.held[i + 1],
			(n - i - 1) * sizeof(me.held[0]));
		me.n--;
		return;
	}
}

void lockdep_assert_held_slow(const struct lock_class *c, const char *where)
{
	unsigned n = me.n < MAX_HELD ? me.n : MAX_HELD;

	for (unsigned i = 0; i < n; i++)
		if (me.held[i] == c)
			return;
	pthread_mutex_lock(&graph_lock);
	char *now = chain_text(c);

	add_report("lock not held: %s() must be called with %s held\n"
		   "  held:   %s\n", where, c->name, now ? now : "?");
	free(now);
	pthread_mutex_unlock(&graph_lock);
}

unsigned lockdep_nreports(void)
{
	pthread_mutex_lock(&graph_lock);
	unsigned n = nreports;

	pthread_mutex_unlock(&graph_lock);
	return n;
}

const char *lockdep_report(unsigned i)
{
	return i < nreports ? reports[i] : NULL;
}
