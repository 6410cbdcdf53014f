/* SPDX-License-Identifier: MIT */
/*
 * refopts.h - the reference filesystem's options, in one table in the
 * style of fio's options.c: each has its name, its argument, its type, the
 * offsetof() of the struct dx_opts field it sets, its default as --help
 * says it, its help line, and the list its value must come from.  The
 * table drives getopt_long, --help, validation and the setting of the
 * field, for every tool that takes these options: daxio (all of them),
 * daxsweep (zeroing), daxcopy (isa, flush), daxrace (profile).
 *
 * Usage:
 *   struct refopts r;  refopts_init(&r);
 *   lo = refopts_getopt(own, nown, "zeroing,isa", OPT_BASE);
 *   ... case OPT_BASE ... OPT_BASE + refopts_count() - 1:
 *       if (refopts_set(&r, c - OPT_BASE, optarg, err, sizeof(err))) bad;
 *   refopts_help(stdout, "zeroing,isa");
 * and r.o is a struct dx_opts ready for dx_mount().
 */
#ifndef DAXBENCH_REFOPTS_H
#define DAXBENCH_REFOPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "daxref.h"

enum refopt_type {
	RO_NAME,	/* const char *, one of list()'s names */
	RO_TEXT,	/* const char *, checked where it is used */
	RO_FLAG,	/* bool = value */
	RO_SIZE,	/* uint64_t, xfs_io size syntax, not 0 */
	RO_ZEROING,	/* enum dx_zeroing, by name */
	RO_BACKING,	/* backing = value; path = the argument (if any) */
};

struct refopt {
	const char		*name;	/* --name */
	const char		*arg;	/* the argument's name; NULL: a flag */
	enum refopt_type	type;
	size_t			off;	/* offsetof(struct dx_opts, field) */
	int			value;	/* RO_FLAG, RO_BACKING */
	const char		*deflt;	/* as --help says it; NULL: none */
	const char		*help;	/* one or more lines, no newline */
	void			(*list)(FILE *out, const char *sep);
};

struct refopts {
	struct dx_opts	o;		/* dx_opts_init(), then what was set */
	const char	*first;		/* the first option set (for "needs --ref") */
	const char	*backing;	/* the option that chose the backing */
};

int refopts_count(void);
const struct refopt *refopts_at(int i);
void refopts_init(struct refopts *r);
/* getopt_long entries for the options named in @only (comma-separated;
 * NULL: all), with val = @base + the option's index; at most @max.
 * Returns how many were written. */
int refopts_longopts(struct option *out, int max, const char *only,
		     int base);
/* A tool's getopt_long table: its own @nown entries, then those of the
 * reference options in @only, then the terminator.  Allocated once; NULL
 * only when memory ran out. */
const struct option *refopts_getopt(const struct option *own, int nown,
				    const char *only, int base);
/* Sets option @i from @arg (NULL for a flag).  Returns 0, or -EINVAL with
 * @err saying "--name 'value': why (valid: ...)". */
int refopts_set(struct refopts *r, int i, const char *arg, char *err,
		size_t len);
/* The help lines of the options in @only (NULL: all), aligned. */
void refopts_help(FILE *out, const char *only);

#endif
