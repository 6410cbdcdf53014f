/* SPDX-License-Identifier: MIT */
/*
 * optlist.h - option values for the suite's benchmark tools, with one way
 * of saying what is wrong: "<tool>: <option>: '<value>': <why>" on stderr.
 * Every function returns 0, or -EINVAL after printing that line.
 */
#ifndef DAXBENCH_OPTLIST_H
#define DAXBENCH_OPTLIST_H

int opt_bad(const char *tool, const char *opt, const char *val,
	    const char *why);

/* A size in xfs_io syntax (64, 4k, 16m), from 1 to @max bytes. */
int opt_size(const char *tool, const char *opt, const char *s,
	     long long max, long long *out);

/* A whole decimal number from @lo to @hi. */
int opt_num(const char *tool, const char *opt, const char *s, long long lo,
	    long long hi, long long *out);

/*
 * opt_list() - a comma-separated list of at most @max items (and at least
 * one), each handed to @each with its index; @each reports its own error
 * (through opt_bad) and returns non-zero to stop.  *@count gets the number
 * of items.
 */
int opt_list(const char *tool, const char *opt, const char *s, int max,
	     int (*each)(const char *item, int i, void *ctx), void *ctx,
	     int *count);

#endif
