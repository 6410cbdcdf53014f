/* SPDX-License-Identifier: MIT */
/*
 * engine.h - runs one race script on one profile, deterministically.
 *
 * Each script column is a thread.  The scheduler gives one step at a time
 * to one thread and then waits until no thread is running: every thread
 * is idle, done, parked at the race point its step asked for, or blocked
 * on a lock (the library's hooks say which).  Only then is the next step
 * given, so every run takes the same interleaving.  A schedule that cannot
 * go on - a thread blocked where the script wanted it done, a race point
 * never reached, nothing moving for too long - ends the run with a message
 * naming every thread and where it is.
 */
#ifndef DAXRACE_ENGINE_H
#define DAXRACE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include "daxref.h"
#include "daxref_hooks.h"
#include "script.h"

enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP, OUT_ERROR };

struct result {
	enum outcome	out;
	char		msg[1024];	/* why, with the script line */
	char		notes[512];	/* measurements ("report" steps) */
};

/* The objects a script names: files, mappings, pins, memory failures. */
#define MAX_NAMED	16
struct run {
	struct dx_fs	*fs;
	const struct script *s;
	struct { char *name; struct dx_file *f; } files[MAX_NAMED];
	int		nfiles;
	struct { char *name; uint8_t *addr; uint64_t len; } maps[MAX_NAMED];
	int		nmaps;
	struct { char *name; struct dx_pin *p; } pins[MAX_NAMED];
	int		npins;
	struct { char *name; uint64_t pblk; struct dx_memfail mf; }
			memfails[MAX_NAMED];
	int		nmemfails;
	uint64_t	last_flush;	/* bytes the last fsync/msync flushed */
	char		*notes;
	size_t		notes_len;
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

/* Checks every command, argument count and race point of @s before any
 * run; writes "file:line: ..." to @err. */
bool engine_validate(const struct script *s, char *err, size_t errlen);

/* Runs @s on @profile in this process (call in a fresh child). */
void engine_run(const struct script *s, const char *profile,
		unsigned timeout_s, struct result *res);

#endif
