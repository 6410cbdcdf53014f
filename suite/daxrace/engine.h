/* SPDX-License-Identifier: MIT */
/*
 * engine.h - runs one race script on one profile, deterministically.
 *
 * Each script column is a thread.  Two ways to schedule them:
 *
 *   script mode   the diagram's lines, top to bottom: the scheduler gives
 *                 one step to one thread and waits until no thread is
 *                 running (every thread idle, done, parked at the race
 *                 point its step asked for, or blocked on a lock).
 *   explore mode  (the explorer, explore.c) each thread runs its column's
 *                 steps in order, and a schedule says where to preempt:
 *                 "at the k-th event, park the thread that reached it and
 *                 run thread t".  An event is a race point reached or the
 *                 boundary between two steps of a thread.  Exactly one
 *                 thread runs at a time: a thread woken by a lock release
 *                 waits to be scheduled.  The run returns its trace (every
 *                 event, and which threads could have run instead), from
 *                 which the explorer derives the next schedules.
 *
 * Either way a schedule that cannot go on - a thread blocked where the
 * script wanted it done, a race point never reached, every thread blocked
 * (a deadlock), nothing moving for too long (a hang) - ends the run with a
 * message naming every thread and where it is.
 */
#ifndef DAXRACE_ENGINE_H
#define DAXRACE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include "daxref.h"
#include "daxref_hooks.h"
#include "script.h"

enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP, OUT_ERROR };

/*
 * One entry of an explore-mode run's trace.  Points and step ends (of a
 * thread with more steps to come) are decisions: numbered from 0, they are
 * where a schedule may preempt.  Step starts and blocks are recorded so
 * the run can be written out as a script (reduce.c).
 */
#define MAX_TRACE	256
enum ev_kind { EV_START, EV_POINT, EV_END, EV_BLOCK };
#define EV_NO_DECISION	0xffff
struct trace_ev {
	int8_t		thread;
	uint8_t		kind;		/* enum ev_kind */
	int8_t		point;		/* EV_POINT: the race point's number */
	uint8_t		step;		/* the thread's step index */
	uint8_t		switchable;	/* bit t: thread t could run instead */
	uint16_t	k;		/* decision number, or EV_NO_DECISION */
};

/* Where to preempt, in explore mode. */
#define MAX_SWITCH	4
struct schedule {
	int		first;		/* the thread that starts */
	int		nsw;
	struct { uint32_t at; int to; } sw[MAX_SWITCH];	/* at event 'at' */
	/* Crash exploration: take a crash image at the crash_fence-th fence
	 * of the diagram (0: none), and have the oracle judge it. */
	uint32_t	crash_fence;
};

struct result {
	enum outcome	out;
	char		msg[1024];	/* why, with the script line */
	char		notes[512];	/* measurements ("report" steps) */
	char		rule[256];	/* the oracle's rule a FAIL broke */
	uint32_t	steps;		/* script steps run (the work done) */
	/* explore mode */
	uint32_t	nev;		/* trace entries (may exceed MAX_TRACE) */
	uint32_t	ndec;		/* decisions */
	struct trace_ev	ev[MAX_TRACE];
	uint32_t	checks;		/* oracle checks made */
	uint32_t	fences;		/* fences while the diagram ran */
	uint32_t	images;		/* crash images judged */
};

/*
 * The operation log the oracle judges (oracle.c): each step that changes
 * or reads a file records what it did, with the engine's event count when
 * it started and ended.  Offsets are file offsets (a store through a
 * mapping is logged at the file offset it reaches).
 */
enum ol_kind {
	OL_PWRITE, OL_PREAD, OL_TRUNCATE, OL_PUNCH, OL_ZERO, OL_FALLOC,
	OL_STORE, OL_LOAD, OL_DMA, OL_FSYNC, OL_MSYNC, OL_MEMFAIL,
};
struct olog {
	enum ol_kind	kind;
	int		thread, line;
	int		file;		/* index into run.files */
	uint64_t	off, len;
	uint64_t	arg;		/* truncate: size; falloc: mode */
	uint8_t		val;		/* the byte written */
	uint64_t	t0, t1;		/* events at start and end */
	uint64_t	f0, f1;		/* fences completed at start and end */
	int		rc;		/* 0, -errno, or 1: SIGBUS */
	uint64_t	done;		/* bytes done before a SIGBUS */
	uint8_t		*data;		/* what a pread or load returned */
	char		note[160];	/* memfail: a stale report */
};

/* The objects a script names: files, mappings, pins, memory failures. */
#define MAX_NAMED	16
struct run {
	struct dx_fs	*fs;
	const struct script *s;
	struct { char *name; struct dx_file *f; } files[MAX_NAMED];
	int		nfiles;
	struct { char *name; uint8_t *addr; uint64_t len; int file;
		 uint64_t off; } maps[MAX_NAMED];
	int		nmaps;
	struct { char *name; struct dx_pin *p; int file; uint64_t off; }
			pins[MAX_NAMED];
	int		npins;
	struct { char *name; uint64_t pblk; struct dx_memfail mf; }
			memfails[MAX_NAMED];
	int		nmemfails;
	uint64_t	last_flush;	/* bytes the last fsync/msync flushed */
	char		*notes;
	size_t		notes_len;
	/* for the oracle */
	struct olog	*log;
	int		nlog, caplog;
	uint8_t		*init[MAX_NAMED];	/* each file when the diagram began */
	uint64_t	init_size[MAX_NAMED];
	uint64_t	*init_cuts[MAX_NAMED];	/* where init[i] changes value */
	size_t		init_ncuts[MAX_NAMED];
	bool		began;
	bool		crashed;	/* a crash step ran in the diagram */
	uint64_t	fence0;		/* fences before the diagram */
	uint64_t	crash_at;	/* absolute fence of the armed image, 0 */
	struct result	*res;
};

struct rthread;

/* ops.c: the step vocabulary. */
struct op {
	const char	*name;
	int		min_args, max_args;	/* not counting the name */
	const char	*usage;
	bool		setup;			/* allowed before the diagram */
	/* 0 ok, 1 a check failed (msg says what), -1 the step could not run */
	int (*fn)(struct run *r, int argc, char **argv, char *msg, size_t len);
};
const struct op *op_find(const char *name);
void op_list(FILE *out);
void op_usage(FILE *out);
/* True when every thread but the caller is idle or done (crash needs it:
 * it frees what a parked thread would still be using). */
bool engine_alone(void);
/* The events so far (a clock for the operation log). */
uint64_t engine_now(void);
/* This step's thread (column), or -1 in set-up. */
int engine_thread(void);
/* The line of the step this thread runs, or 0. */
int engine_line(void);

/* Checks every command, argument count and race point of @s before any
 * run; writes "file:line: ..." to @err. */
bool engine_validate(const struct script *s, char *err, size_t errlen);

/*
 * Runs @s on @profile in this process (call in a fresh child): in script
 * mode when @sched is NULL, else in explore mode under @sched.  With
 * @oracle, the oracle judges the run once every step has returned.
 */
void engine_run(const struct script *s, const char *profile,
		const struct schedule *sched, bool oracle,
		unsigned timeout_s, struct result *res);
/* engine_run() in two halves, so that one set-up can serve many runs (the
 * explorer forks each run from a prepared process): mount and set-up, then
 * the diagram.  engine_prepare() returns NULL with @res saying why. */
struct run *engine_prepare(const struct script *s, const char *profile,
			   struct result *res);
void engine_execute(struct run *r, const struct schedule *sched, bool oracle,
		    unsigned timeout_s, struct result *res);

/* oracle.c: judges what a run did (rules: suite/daxrace/ORACLE.md).
 * Snapshots every file when the diagram begins; then checks.  Returns 0,
 * 1 with res->msg and res->rule set, or -1 (res->msg says why) when it
 * cannot judge: a crash step ran in the diagram. */
void oracle_begin(struct run *r);
int oracle_check(struct run *r, struct result *res);

#endif
