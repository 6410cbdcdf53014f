// SPDX-License-Identifier: MIT
/*
 * reduce.c - an explored run written out as a standalone race script.
 *
 * The trace of an explore-mode run says, for every thread, when each step
 * started, which race points it reached, where the schedule parked it,
 * where it blocked and when each step ended.  Script mode replays the same
 * interleaving from these lines:
 *   "STEP until POINT#N"     the step, parked at the N-th time it reaches
 *                            POINT (where the schedule preempted it)
 *   "resume [until POINT#N]" a parked thread goes on, to its next park
 *   "STEP &"                 a step that blocked before parking
 *   "STEP"                   a step that ran to its end uninterrupted
 *   "wait"                   before the end: every thread done
 * and the script ends with "expect oracle".  Script mode runs a thread
 * that a release woke as soon as the others settle, lowest number first,
 * which is the choice explore mode makes when nothing is scheduled.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "explore.h"

struct buf {
	char	*s;
	size_t	n, cap;
	bool	oom;
};

static void add(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);

		va_end(ap);
		if (k < 0) {
			b->oom = true;
			return;
		}
		if (b->n + (size_t)k < b->cap) {
			b->n += (size_t)k;
			return;
		}
		size_t cap = 2 * b->cap + (size_t)k + 256;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

/* One diagram line in column @t. */
static void cell(struct buf *b, int t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void cell(struct buf *b, int t, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	for (int i = 0; i < t; i++)
		add(b, "%-40s| ", "");
	add(b, "%s\n", text);
}

/* The step as written: its words, without until or &. */
static void step_words(const struct step *st, char *out, size_t len)
{
	size_t n = 0;

	out[0] = 0;
	for (int i = 0; i < st->argc && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s", i ? " " : "",
				      st->argv[i]);
}

struct tstate {
	const struct step *mine[64];
	int	nmine;
	int	step;		/* the step it works on */
	bool	written;	/* that step's line is out */
	bool	parked;		/* parked by the schedule */
	bool	resumed;	/* went on after a park; line not out yet */
	bool	async;		/* left running (&, resume): wait at the end */
	unsigned occ[64];	/* race points reached since step or resume */
};

static bool scheduled(const struct schedule *sc, uint16_t k)
{
	for (int i = 0; i < sc->nsw; i++)
		if (sc->sw[i].at == k)
			return true;
	return false;
}

char *reduce_to_script(const struct script *s, const char *header,
		       const struct schedule *sc, const struct result *res)
{
	struct buf b = { malloc(4096), 0, 4096, false };
	struct tstate *T = calloc(MAX_THREADS, sizeof(*T));
	char words[512];

	if (!b.s || !T || res->nev > MAX_TRACE) {
		free(b.s);
		free(T);
		return NULL;	/* a trace that did not fit is not replayable */
	}
	add(&b, "%s", header);
	if (s->mode)
		add(&b, "mode %s\n", s->mode);
	if (s->zeroing)
		add(&b, "zeroing %s\n", s->zeroing);
	if (s->region)
		add(&b, "region %llu\n", s->region);
	if (s->prefill)
		add(&b, "prefill %s\n", s->prefill);
	for (int i = 0; i < s->nsetup; i++) {
		for (int a = 0; a < s->setup[i].argc; a++)
			add(&b, "%s%s", a ? " " : "", s->setup[i].argv[a]);
		add(&b, "\n");
	}
	add(&b, "\n");
	for (int t = 0; t < s->nthreads; t++)
		add(&b, "%s%-38s", t ? "| " : "", s->thread_names[t]);
	add(&b, "\n");
	for (int k = 0; k < s->nsteps; k++) {
		struct tstate *ts = &T[s->steps[k].thread];

		if (ts->nmine < 64)
			ts->mine[ts->nmine++] = &s->steps[k];
	}
	for (uint32_t i = 0; i < res->nev; i++) {
		const struct trace_ev *e = &res->ev[i];
		struct tstate *ts = &T[e->thread];
		const struct step *st = ts->mine[e->step < ts->nmine ? e->step : 0];

		if (ts->parked && e->kind != EV_START) {
			ts->parked = false;	/* the schedule let it go on */
			ts->resumed = true;
			memset(ts->occ, 0, sizeof(ts->occ));
		}
		switch (e->kind) {
		case EV_START:
			ts->step = e->step;
			ts->written = false;
			ts->resumed = false;
			memset(ts->occ, 0, sizeof(ts->occ));
			break;
		case EV_POINT: {
			const char *p = dx_race_point_at(e->point);
			unsigned n = e->point >= 0 && e->point < 64 ?
				     ++ts->occ[e->point] : 1;

			if (!p || e->k == EV_NO_DECISION ||
			    !scheduled(sc, e->k))
				break;
			if (ts->resumed) {
				cell(&b, e->thread, "resume until %s#%u", p, n);
			} else {
				step_words(st, words, sizeof(words));
				cell(&b, e->thread, "%s until %s#%u", words, p, n);
			}
			ts->written = true;
			ts->resumed = false;
			ts->parked = true;
			ts->async = false;
			break;
		}
		case EV_BLOCK:
			if (ts->resumed) {
				cell(&b, e->thread, "resume");
				ts->resumed = false;
			} else if (!ts->written) {
				step_words(st, words, sizeof(words));
				cell(&b, e->thread, "%s &", words);
			}
			ts->written = true;
			ts->async = true;
			break;
		case EV_END:
			if (ts->resumed) {
				cell(&b, e->thread, "resume");
				ts->resumed = false;
			} else if (!ts->written) {
				step_words(st, words, sizeof(words));
				cell(&b, e->thread, "%s", words);
			}
			ts->written = true;
			/* A park on a step boundary: the next step's line
			 * comes when the schedule gives it. */
			break;
		}
	}
	/* Steps that started and never reached an event after (no points,
	 * the last of their thread): their lines, in thread order. */
	for (int t = 0; t < s->nthreads; t++) {
		struct tstate *ts = &T[t];

		if (ts->resumed)
			cell(&b, t, "resume");
		else if (!ts->written && ts->nmine) {
			step_words(ts->mine[ts->step], words, sizeof(words));
			cell(&b, t, "%s", words);
		}
	}
	for (int t = 0; t < s->nthreads; t++)
		if (T[t].async)
			cell(&b, t, "wait");
	cell(&b, 0, "expect oracle");
	free(T);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}
