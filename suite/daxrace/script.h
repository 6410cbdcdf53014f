/* SPDX-License-Identifier: MIT */
/*
 * script.h - race scripts: the emails' two-column diagrams as data.
 *
 *   # Source: Jan Kara, "Subtle races ...", 2016-07-27
 *   # Expected result: ...
 *   # Buggy result: ...
 *   # Profile: invalidate-drops-dirty       (the profile that must fail)
 *   # Needs: hugetlb                        (optional)
 *   mode movnt                              (set-up, before the diagram)
 *   file f 4k
 *
 *   P0                          | P1
 *   mmap f 0 4k as m            |
 *   mread m 0 1                 |
 *                               | pwrite f 2048 8 0x22 until write:after_alloc
 *   mwrite m 0 1 0x11           |
 *                               | resume
 *
 * One step per line, in one column: that thread runs the command.  A
 * command may end with "until POINT" (park the thread at that race point;
 * "until POINT#N" at the N-th time the step reaches it) or "&" (start it
 * and go on when the thread finishes, parks or blocks).
 */
#ifndef DAXRACE_SCRIPT_H
#define DAXRACE_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MAX_THREADS	4
#define MAX_ARGS	12

struct step {
	int	line;
	int	thread;		/* column */
	int	argc;
	char	*argv[MAX_ARGS];
	char	*until;		/* race point, or NULL */
	unsigned until_n;	/* "until POINT#N": the N-th time it is reached */
	bool	async;		/* "&" */
	char	*text;		/* the cell as written, for messages */
	char	*words;		/* the storage argv points into */
};

struct script {
	char		*path;
	char		*name;		/* file name without .race */
	char		*source, *expected, *buggy;
	char		*profiles;	/* comma-separated */
	char		*needs;		/* comma-separated, may be NULL */
	char		*kind;		/* "check" (default) or "measurement" */
	char		*kernel;	/* the kernel function a fix follows */
	/* set-up */
	char		*mode, *zeroing, *prefill;
	unsigned long long region;
	struct setup_line {
		int	line;
		int	argc;
		char	*argv[MAX_ARGS];
	} *setup;
	int		nsetup;
	int		nthreads;
	char		*thread_names[MAX_THREADS];
	struct step	*steps;
	int		nsteps;
};

/* Parses @path; on error returns NULL and writes "file:line: what was
 * expected" to @err. */
struct script *script_load(const char *path, char *err, size_t errlen);
/* The same from an open stream; @path names it in messages. */
struct script *script_parse(FILE *in, const char *path, char *err,
			    size_t errlen);
void script_free(struct script *s);

#endif
