/* SPDX-License-Identifier: MIT */
/*
 * explore.h - `daxrace --explore`: bounded-exhaustive search of the
 * reference's schedules (and crash points), each run judged by the oracle.
 *
 * A case is a configuration (copy mode x zeroing policy x page size), an
 * initial state of the file, and two operations (or three, sampled), each
 * run by its own thread.  For each case the explorer runs every schedule
 * with at most --bound preemptions, CHESS-style: it runs a schedule,
 * reads from the run's trace every decision (a race point reached, a step
 * boundary) after its last preemption and every thread that could have run
 * there instead, and runs each of those as a schedule with one preemption
 * more.  Each run is a fresh child process.  A violation is reduced and
 * written out as a standalone race script (reduce.c).
 *
 * Crash exploration (--crash): sequences of up to three operations on one
 * thread, persistence points placed, and a crash at every fence; each
 * image is mounted and judged (CrashMonkey/ACE's bounded workloads).
 */
#ifndef DAXRACE_EXPLORE_H
#define DAXRACE_EXPLORE_H

#include <stdbool.h>
#include <stdio.h>
#include "engine.h"

struct explore_opts {
	const char	*ops, *states, *modes, *zeroings, *pages; /* lists */
	const char	*profile;	/* default "fixed" */
	int		bound;		/* preemptions, pairs (default 2) */
	int		triples;	/* sampled triples (default 0) */
	int		triple_bound;	/* preemptions, triples (default 1) */
	long		sample;		/* >0: this many cases, seeded */
	unsigned long	seed;
	int		jobs;		/* child processes at once */
	unsigned	timeout;	/* per step to settle, seconds */
	double		budget;		/* >0: stop starting runs after this */
	bool		power;		/* every profile: found or not */
	bool		all_configs;	/* run equivalent configurations too */
	bool		crash;		/* crash exploration instead */
	int		crash_len;	/* operations per sequence (default 2) */
	int		crash_long;	/* and this many sampled sequences of
					 * three (default 0) */
	bool		quiet;
	const char	*reduce_dir;	/* write reduced scripts here */
	int		max_reduce;	/* at most this many (default 10) */
	FILE		*csv, *json;
};

void explore_opts_init(struct explore_opts *o);
/* Prints what --ops/--states/... accept (the tables). */
void explore_list(FILE *out);
/* Checks the lists; on a bad name writes "unknown X 'y' (valid: ...)". */
bool explore_validate(const struct explore_opts *o, char *err, size_t len);
/* Runs it; prints the report; returns the exit status (0, 1, 77). */
int explore_main(const struct explore_opts *o);

/* reduce.c: writes the run of @sched on @s (whose trace is @res) as a
 * script in script mode's own terms - until POINT#N, resume, & and wait
 * - ending in "expect oracle".  Returns a malloc'ed text or NULL. */
char *reduce_to_script(const struct script *s, const char *header,
		       const struct schedule *sched,
		       const struct result *res);

#endif
