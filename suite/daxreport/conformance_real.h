/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_CONFORMANCE_REAL_H
#define DAXREPORT_CONFORMANCE_REAL_H

#include <stdbool.h>
#include <stdio.h>

struct conformance_real_args {
	const char *format;	/* lines, md, json or count (of the unexpected) */
	const char *csv;	/* conformance-<kind>.csv */
	const char *target;	/* run.sh's --target */
	const char *note;	/* what the target ran (the md's first line) */
	const char *rows_file;	/* the rows' file name in the results folder */
};
/* 0, or 1 when the CSV cannot be read. */
int conformance_real(const struct conformance_real_args *a, FILE *o);

/* The reference's rows: "text", one console line per check; "md", the
 * rows of report.md's table (check, implementation, verdict, why). */
int conformance_ref(const char *format, const char *csv, FILE *o);

#endif
