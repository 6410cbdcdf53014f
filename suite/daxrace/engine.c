// SPDX-License-Identifier: MIT
/* engine.c - threads, race hooks and the scheduler (see engine.h). */
#include "engine.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * T_READY (explore mode only): woken by a release, waiting to be
 * scheduled; it runs when the scheduler says, so one thread runs at once.
 */
enum tstate { T_IDLE, T_RUNNING, T_PARKED, T_BLOCKED, T_DONE, T_READY };
static const char *const state_names[] = { "idle", "running", "parked",
					    "blocked", "done", "ready" };

struct rthread {
	int		id;
	const char	*name;
	pthread_t	th;
	enum tstate	st;
	const char	*at;		/* race point while parked */
	const char	*on;		/* what it waits for while blocked */
	const void	*obj;		/* ... and the object, for wake() */
	const struct step *step;	/* given, not yet taken */
	const struct step *cur;		/* the step it works on */
	const char	*until;
	unsigned	until_n;	/* park at the n-th hit of until */
	bool		go;
	int		rc;
	char		msg[512];
	/* explore mode: the column's steps and how many were given */
	const struct step *mine[64];
	int		nmine, given;
};

static struct {
	pthread_mutex_t	lock;
	pthread_cond_t	cond;
	struct rthread	t[MAX_THREADS];
	int		n;
	uint64_t	version;	/* bumped on every state change */
	bool		stop;
	struct run	*run;
	uint64_t	ev;		/* events so far: points, step starts/ends */
	bool		explore;
	const struct schedule *sched;
	uint32_t	xev;		/* explore: points and step boundaries */
	struct result	*res;
} E = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static __thread struct rthread *me;

static void changed(void)
{
	E.version++;
	pthread_cond_broadcast(&E.cond);
}

/* --- the library's hooks ------------------------------------------- */

/* Threads other than @self that could run now instead (explore mode). */
static uint8_t switchable(const struct rthread *self)
{
	uint8_t m = 0;

	for (int i = 0; i < E.n; i++) {
		const struct rthread *t = &E.t[i];

		if (t == self)
			continue;
		if (t->st == T_READY || t->st == T_PARKED ||
		    ((t->st == T_IDLE || t->st == T_DONE) && t->given < t->nmine))
			m |= 1u << i;
	}
	return m;
}

/* Explore mode: appends a trace entry; a decision gets the next number.
 * Returns true when the schedule preempts at this decision (and its
 * target can run).  E.lock held. */
static bool trace(struct rthread *t, enum ev_kind kind, int point,
		  bool decision)
{
	uint8_t m = switchable(t);
	uint32_t k = decision ? E.xev++ : EV_NO_DECISION;

	if (!E.explore || !E.res)
		return false;
	if (E.res->nev < MAX_TRACE)
		E.res->ev[E.res->nev] = (struct trace_ev){
			(int8_t)t->id, (uint8_t)kind, (int8_t)point,
			(uint8_t)(t->given ? t->given - 1 : 0), m,
			(uint16_t)(k > 0xfffe ? 0xfffe : k) };
	E.res->nev++;
	E.res->ndec = E.xev;
	for (int i = 0; decision && i < E.sched->nsw; i++)
		if (E.sched->sw[i].at == k && (m >> E.sched->sw[i].to & 1))
			return true;
	return false;
}

static void h_point(void *arg, const char *point)
{
	(void)arg;
	if (!me)
		return;
	pthread_mutex_lock(&E.lock);
	E.ev++;
	if (E.explore) {
		if (trace(me, EV_POINT, dx_race_point_id(point), true)) {
			me->st = T_PARKED;
			me->at = point;
			changed();
			while (me->st != T_RUNNING)
				pthread_cond_wait(&E.cond, &E.lock);
		}
	} else if (me->until && !strcmp(me->until, point) &&
		   --me->until_n == 0) {
		me->until = NULL;
		me->st = T_PARKED;
		me->at = point;
		changed();
		while (!me->go)
			pthread_cond_wait(&E.cond, &E.lock);
		me->go = false;		/* the scheduler marked us running */
	}
	pthread_mutex_unlock(&E.lock);
}

/* A contended lock: sleep here until its holder's release wakes us. */
static bool h_wait(void *arg, const char *what, const void *obj,
		   bool (*retry)(const void *obj))
{
	(void)arg;
	if (!me)
		return retry(obj);	/* set-up runs alone */
	pthread_mutex_lock(&E.lock);
	if (retry(obj)) {
		pthread_mutex_unlock(&E.lock);
		return true;
	}
	me->st = T_BLOCKED;
	me->on = what;
	me->obj = obj;
	trace(me, EV_BLOCK, -1, false);
	changed();
	/* The release marks us ready; we run when scheduled. */
	while (me->st != T_RUNNING)
		pthread_cond_wait(&E.cond, &E.lock);
	pthread_mutex_unlock(&E.lock);
	return false;
}

/* The library sleeps on its own condition; wake() marks us running. */
static void h_block(void *arg, const char *what, const void *obj)
{
	(void)arg;
	if (!me)
		return;
	pthread_mutex_lock(&E.lock);
	me->st = T_BLOCKED;
	me->on = what;
	me->obj = obj;
	trace(me, EV_BLOCK, -1, false);
	changed();
	pthread_mutex_unlock(&E.lock);
}

static void h_unblock(void *arg)
{
	(void)arg;
	if (!me)
		return;
	pthread_mutex_lock(&E.lock);
	/* Woken by the library: wait to be scheduled (the waker made us
	 * ready), holding none of the library's locks. */
	while (me->st != T_RUNNING)
		pthread_cond_wait(&E.cond, &E.lock);
	me->on = NULL;
	me->obj = NULL;
	pthread_mutex_unlock(&E.lock);
}

/* Called by whoever releases @obj, before it goes on: the threads that
 * wait for it are ready from now - not blocked, so the scheduler never
 * takes them for stuck, and not running: one thread runs at a time, and
 * the scheduler lets a ready one go when the current one settles. */
static void h_wake(void *arg, const void *obj)
{
	(void)arg;
	pthread_mutex_lock(&E.lock);
	for (int i = 0; i < E.n; i++) {
		struct rthread *t = &E.t[i];

		if (t->st == T_BLOCKED && t->obj == obj) {
			t->st = T_READY;
			changed();
		}
	}
	pthread_mutex_unlock(&E.lock);
}

static const struct dx_race_ops hooks = { h_point, h_wait, h_block,
					  h_unblock, h_wake };

bool engine_alone(void)
{
	bool alone = true;

	pthread_mutex_lock(&E.lock);
	for (int i = 0; i < E.n; i++)
		if (&E.t[i] != me && E.t[i].st != T_IDLE && E.t[i].st != T_DONE)
			alone = false;
	pthread_mutex_unlock(&E.lock);
	return alone;
}

uint64_t engine_now(void)
{
	pthread_mutex_lock(&E.lock);
	uint64_t v = E.ev;

	pthread_mutex_unlock(&E.lock);
	return v;
}

int engine_thread(void)
{
	return me ? me->id : -1;
}

int engine_line(void)
{
	return me && me->cur ? me->cur->line : 0;
}

/* --- workers ------------------------------------------------------- */

static int run_op(struct run *r, const struct step *st, char *msg, size_t len)
{
	const struct op *op = op_find(st->argv[0]);

	return op->fn(r, st->argc - 1, (char **)st->argv + 1, msg, len);
}

static void *worker(void *arg)
{
	me = arg;
	pthread_mutex_lock(&E.lock);
	for (;;) {
		while (!me->step && !E.stop)
			pthread_cond_wait(&E.cond, &E.lock);
		if (E.stop)
			break;
		const struct step *st = me->step;

		me->step = NULL;
		me->cur = st;
		E.ev++;
		trace(me, EV_START, -1, false);
		pthread_mutex_unlock(&E.lock);
		char msg[512] = "";
		int rc = run_op(E.run, st, msg, sizeof(msg));

		pthread_mutex_lock(&E.lock);
		E.ev++;
		me->rc = rc;
		snprintf(me->msg, sizeof(me->msg), "%s", msg);
		me->st = T_DONE;
		changed();
	}
	pthread_mutex_unlock(&E.lock);
	return NULL;
}

/* --- the scheduler -------------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool anyone_running(void)
{
	for (int i = 0; i < E.n; i++)
		if (E.t[i].st == T_RUNNING || E.t[i].step)
			return true;
	return false;
}

/*
 * Waits until no thread runs.  Every transition to "running" is made by
 * whoever causes it (the scheduler, or the release that wakes a waiter)
 * before that party goes on, so "nobody is running" is stable: no grace
 * period, no timing.  Returns false when the watchdog fires.  Called with
 * E.lock held.
 */
static bool settle(double timeout)
{
	double deadline = now() + timeout;

	for (;;) {
		/* Script mode: a thread a release made ready runs once the
		 * others settle, the lowest-numbered first. */
		if (!E.explore && !anyone_running()) {
			int r = -1;

			for (int i = 0; i < E.n && r < 0; i++)
				if (E.t[i].st == T_READY)
					r = i;
			if (r < 0)
				break;
			E.t[r].st = T_RUNNING;
			changed();
		}
		if (E.explore && !anyone_running())
			break;
		if (deadline - now() <= 0)
			return false;
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 50 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&E.cond, &E.lock, &ts);
	}
	return true;
}

/* "P0 parked at x (line 5: ...); P1 blocked on entry (line 7: ...)" */
static void describe(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < E.n && n < len; i++) {
		struct rthread *t = &E.t[i];
		const char *what = t->st == T_PARKED ? t->at :
				   t->st == T_BLOCKED ? t->on : NULL;

		n += (size_t)snprintf(buf + n, len - n, "%s%s %s%s%s", i ? "; " : "",
				      t->name, state_names[t->st],
				      what ? (t->st == T_PARKED ? " at " : " on ")
					   : "", what ? what : "");
		if (t->cur && t->st != T_IDLE && t->st != T_DONE && n < len)
			n += (size_t)snprintf(buf + n, len - n,
					      " (line %d: %s)", t->cur->line,
					      t->cur->text);
	}
}

static void set_result(struct result *res, enum outcome o, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));
static void set_result(struct result *res, enum outcome o, const char *fmt,
		       ...)
{
	va_list ap;

	if (res->out != OUT_PASS)
		return;		/* keep the first problem */
	res->out = o;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
}

/* Collects finished steps; the first failing one fails the run. */
static void reap(struct result *res)
{
	for (int i = 0; i < E.n; i++) {
		struct rthread *t = &E.t[i];

		if (t->st != T_DONE)
			continue;
		/* A check that failed is a FAIL; a step that could not run
		 * at all (bad argument, set-up error) is an ERROR, which no
		 * one may count as a bug caught. */
		if (t->rc)
			set_result(res, t->rc < 0 ? OUT_ERROR : OUT_FAIL,
				   "line %d: %s: %s%s", t->cur->line,
				   t->cur->text, t->rc < 0 ? "could not run: "
							 : "", t->msg);
		t->st = T_IDLE;
	}
}

static bool schedule_step(const struct step *st, double timeout,
			  struct result *res)
{
	struct rthread *t = &E.t[st->thread];
	const char *cmd = st->argv[0];
	char where[1024];

	if (!strcmp(cmd, "resume")) {
		if (t->st != T_PARKED) {
			set_result(res, OUT_FAIL, "line %d: %s resume: it is %s, "
				   "not parked", st->line, t->name,
				   state_names[t->st]);
			return false;
		}
		t->until = st->until;
		t->until_n = st->until_n;
		t->go = true;
		t->st = T_RUNNING;
		t->at = NULL;
		changed();
	} else if (!strcmp(cmd, "wait")) {
		if (t->st == T_PARKED) {
			set_result(res, OUT_FAIL, "line %d: %s is parked at %s: "
				   "resume it, not wait", st->line, t->name,
				   t->at);
			return false;
		}
	} else {
		if (t->st != T_IDLE && t->st != T_DONE) {
			describe(where, sizeof(where));
			set_result(res, OUT_FAIL, "line %d: %s is still busy, "
				   "resume or wait first: %s", st->line,
				   t->name, where);
			return false;
		}
		reap(res);
		t->step = st;
		t->until = st->until;
		t->until_n = st->until_n;
		t->st = T_RUNNING;
		changed();
	}
	if (!settle(timeout)) {
		describe(where, sizeof(where));
		set_result(res, OUT_FAIL, "schedule: watchdog after %.0f s at "
			   "line %d: %s", timeout, st->line, where);
		return false;
	}
	describe(where, sizeof(where));
	if (st->until && t->st != T_PARKED) {
		if (t->st == T_DONE && !t->rc)
			set_result(res, OUT_FAIL, "line %d: %s: finished without "
				   "reaching race point %s", st->line, st->text,
				   st->until);
		else if (t->st == T_BLOCKED)
			set_result(res, OUT_FAIL, "line %d: %s: blocked on %s "
				   "before reaching %s; the schedule cannot go "
				   "on: %s", st->line, st->text, t->on,
				   st->until, where);
		reap(res);
		return false;
	}
	bool want_done = !st->until && !st->async && strcmp(cmd, "resume");

	if (want_done && t->st != T_DONE && t->st != T_IDLE) {
		set_result(res, OUT_FAIL, "line %d: %s: %s %s%s%s; the schedule "
			   "cannot go on: %s", st->line, st->text, t->name,
			   state_names[t->st], t->st == T_BLOCKED ? " on " : "",
			   t->st == T_BLOCKED ? t->on : "", where);
		return false;
	}
	reap(res);
	return res->out == OUT_PASS;
}

static int mount(const struct script *s, const char *profile,
		 struct run *r, struct result *res)
{
	struct dx_opts o;
	char err[512];
	int rc;

	dx_opts_init(&o);
	o.mode = s->mode ? s->mode : "movnt";
	if (s->zeroing && dx_zeroing_parse(s->zeroing, &o.zeroing)) {
		set_result(res, OUT_ERROR, "%s: unknown zeroing '%s' (valid: "
			   "zero-on-alloc, unwritten)", s->path, s->zeroing);
		return -1;
	}
	o.region_size = s->region ? s->region : 32ULL << 20;
	o.prefill = s->prefill;
	o.profile = profile;
	o.track = true;
	if (s->needs && strstr(s->needs, "hugetlb"))
		o.backing = DX_BACK_HUGETLB;
	rc = dx_mount(&o, &r->fs, err, sizeof(err));
	if (rc == -ENOMEM && o.backing == DX_BACK_HUGETLB) {
		set_result(res, OUT_SKIP, "needs hugetlb: %s", err);
		return -1;
	}
	if (rc) {
		set_result(res, OUT_ERROR, "%s: mount: %s", s->path, err);
		return -1;
	}
	return 0;
}

/* --- explore mode ---------------------------------------------------- */

/* The thread to run next: the schedule's choice, else the lowest-numbered
 * one that can run (a forced switch: the current one finished or blocked).
 * -1 when none can: every thread is done, or the rest are blocked. */
static int pick(int cur, int want)
{
	uint8_t m = switchable(NULL);

	if (cur >= 0 && (E.t[cur].st == T_PARKED || E.t[cur].st == T_READY ||
			 (E.t[cur].st == T_IDLE &&
			  E.t[cur].given < E.t[cur].nmine)))
		m |= 1u << cur;
	if (want >= 0 && (m >> want & 1))
		return want;
	for (int i = 0; i < E.n; i++)
		if (m >> i & 1)
			return i;
	return -1;
}

/* Lets thread @t go on: its next step, or out of its park or wait. */
static void go_on(struct rthread *t)
{
	if ((t->st == T_IDLE || t->st == T_DONE) && t->given < t->nmine) {
		t->step = t->mine[t->given++];
		t->st = T_RUNNING;
	} else {
		t->st = T_RUNNING;	/* parked, or ready after a wait */
		t->at = NULL;
	}
	changed();
}

/*
 * Runs every column's steps under @sc, one thread at a time.  After each
 * settle exactly one thing happened to the thread that ran: it parked at
 * a switch, blocked, or finished a step.  A finished step with more to
 * come is an event (a boundary where a switch may fall).
 */
static void explore_all(const struct schedule *sc, double timeout,
			struct result *res)
{
	char where[1024];
	int cur = pick(-1, sc->first), want = -1;

	while (cur >= 0) {
		go_on(&E.t[cur]);
		if (!settle(timeout)) {
			describe(where, sizeof(where));
			set_result(res, OUT_FAIL, "hang: nothing settled in "
				   "%.0f s: %s", timeout, where);
			return;
		}
		struct rthread *t = &E.t[cur];

		want = -1;
		if (t->st == T_DONE) {
			if (t->rc) {
				reap(res);
				return;
			}
			t->st = T_IDLE;
			if (trace(t, EV_END, -1, t->given < t->nmine))
				for (int i = 0; i < sc->nsw; i++)
					if (sc->sw[i].at == E.xev - 1)
						want = sc->sw[i].to;
		} else if (t->st == T_PARKED) {
			for (int i = 0; i < sc->nsw; i++)
				if (sc->sw[i].at == E.xev - 1)
					want = sc->sw[i].to;
		}
		int next = want >= 0 ? pick(cur, want) :
			   (t->st == T_IDLE && t->given < t->nmine) ? cur :
			   pick(cur, -1);

		if (next < 0) {
			bool busy = false;

			for (int i = 0; i < E.n; i++)
				busy |= E.t[i].st == T_BLOCKED;
			if (busy) {
				describe(where, sizeof(where));
				set_result(res, OUT_FAIL, "deadlock: every thread "
					   "left is blocked: %s", where);
			}
			return;
		}
		cur = next;
	}
}

struct run *engine_prepare(const struct script *s, const char *profile,
			   struct result *res)
{
	static struct run r;
	char msg[512];

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.s = s;
	if (mount(s, profile, &r, res))
		return NULL;
	dx_lockdep_reset();
	dx_lockdep_enable(true);
	for (int i = 0; i < s->nsetup; i++) {
		const struct setup_line *sl = &s->setup[i];
		int rc = op_find(sl->argv[0])->fn(&r, sl->argc - 1,
						  (char **)sl->argv + 1, msg,
						  sizeof(msg));

		if (rc) {
			set_result(res, OUT_ERROR, "%s:%d: set-up: %s", s->path,
				   sl->line, msg);
			return NULL;
		}
	}
	oracle_begin(&r);
	return &r;
}

void engine_execute(struct run *r, const struct schedule *sched, bool oracle,
		    unsigned timeout_s, struct result *res)
{
	const struct script *s = r->s;

	memset(res, 0, sizeof(*res));
	r->notes = res->notes;
	r->notes_len = sizeof(res->notes);
	r->res = res;
	r->fence0 = dx_fence_count(r->fs);
	if (sched && sched->crash_fence) {
		r->crash_at = r->fence0 + sched->crash_fence;
		dx_crash_freeze(r->fs, sched->crash_fence);
	}
	E.run = r;
	E.n = s->nthreads;
	E.explore = sched != NULL;
	E.sched = sched;
	E.res = res;
	dx_race_attach(&hooks, NULL);
	pthread_mutex_lock(&E.lock);
	for (int i = 0; i < E.n; i++) {
		E.t[i] = (struct rthread){ .id = i, .name = s->thread_names[i] };
		for (int k = 0; k < s->nsteps; k++)
			if (s->steps[k].thread == i && E.t[i].nmine < 64)
				E.t[i].mine[E.t[i].nmine++] = &s->steps[k];
		pthread_create(&E.t[i].th, NULL, worker, &E.t[i]);
	}
	if (sched)
		explore_all(sched, timeout_s, res);
	else
		for (int i = 0; i < s->nsteps; i++) {
			res->steps++;	/* the step that fails counts: it ran */
			if (!schedule_step(&s->steps[i], timeout_s, res))
				break;
		}
	if (res->out == OUT_PASS) {
		char where[1024];

		for (int i = 0; i < E.n; i++) {
			if (E.t[i].st == T_PARKED || E.t[i].st == T_BLOCKED ||
			    E.t[i].st == T_RUNNING) {
				describe(where, sizeof(where));
				set_result(res, OUT_FAIL, "schedule: the script "
					   "ended with threads still busy: %s",
					   where);
				break;
			}
		}
	}
	pthread_mutex_unlock(&E.lock);
	res->fences = (uint32_t)(dx_fence_count(r->fs) - r->fence0);
	/* Everything returned: the oracle judges what happened. */
	if (oracle && res->out == OUT_PASS)
		oracle_check(r, res);
	/* The child process exits next; stuck threads die with it. */
}

void engine_run(const struct script *s, const char *profile,
		const struct schedule *sched, bool oracle,
		unsigned timeout_s, struct result *res)
{
	struct run *r = engine_prepare(s, profile, res);

	if (r)
		engine_execute(r, sched, oracle, timeout_s, res);
}

bool engine_validate(const struct script *s, char *err, size_t errlen)
{
	for (int i = 0; i < s->nsetup; i++) {
		const struct setup_line *sl = &s->setup[i];
		const struct op *op = op_find(sl->argv[0]);

		if (!op || !op->setup) {
			snprintf(err, errlen, "%s:%d: '%s' is not a set-up "
				 "command (mode, zeroing, region, prefill, and "
				 "the steps 'daxrace --help' marks set-up)",
				 s->path, sl->line, sl->argv[0]);
			return false;
		}
	}
	for (int i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];
		const char *cmd = st->argv[0];
		const struct op *op = op_find(cmd);
		int nargs = st->argc - 1;

		if (!strcmp(cmd, "resume") || !strcmp(cmd, "wait")) {
			if (nargs) {
				snprintf(err, errlen, "%s:%d: '%s' takes no "
					 "arguments", s->path, st->line, cmd);
				return false;
			}
		} else if (!op) {
			char valid[1024];
			FILE *m = fmemopen(valid, sizeof(valid), "w");

			op_list(m);
			fclose(m);
			snprintf(err, errlen, "%s:%d: unknown command '%s' "
				 "(valid: resume, wait, %s)", s->path, st->line,
				 cmd, valid);
			return false;
		} else if (nargs < op->min_args || nargs > op->max_args) {
			snprintf(err, errlen, "%s:%d: expected '%s %s'",
				 s->path, st->line, cmd, op->usage);
			return false;
		}
		if (st->until && !dx_race_point_valid(st->until)) {
			char valid[1024];
			FILE *m = fmemopen(valid, sizeof(valid), "w");

			dx_race_points(m, ", ");
			fclose(m);
			snprintf(err, errlen, "%s:%d: unknown race point '%s' "
				 "(valid: %s)", s->path, st->line, st->until,
				 valid);
			return false;
		}
	}
	if (s->needs) {
		char *needs = strdup(s->needs);

		for (char *n = strtok(needs, ", "); n; n = strtok(NULL, ", ")) {
			if (strcmp(n, "pmd") && strcmp(n, "hugetlb")) {
				snprintf(err, errlen, "%s:1: unknown need '%s' "
					 "(valid: pmd - the reference's PMD "
					 "entries, on any backing; hugetlb - real "
					 "2 MiB host pages)", s->path, n);
				free(needs);
				return false;
			}
		}
		free(needs);
	}
	if (s->kind && strcmp(s->kind, "check") && strcmp(s->kind, "measure")) {
		snprintf(err, errlen, "%s:1: unknown kind '%s' (valid: check, "
			 "measure)", s->path, s->kind);
		return false;
	}
	char *prof = strdup(s->profiles);

	for (char *p = strtok(prof, ", "); p; p = strtok(NULL, ", ")) {
		if (!strcmp(p, "none"))
			continue;
		if (!dx_profile_valid(p)) {
			char valid[1024];
			FILE *m = fmemopen(valid, sizeof(valid), "w");

			dx_profile_names(m, ", ");
			fclose(m);
			snprintf(err, errlen, "%s:1: unknown profile '%s' "
				 "(valid: %s)", s->path, p, valid);
			free(prof);
			return false;
		}
	}
	free(prof);
	return true;
}
