/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_COMPARE_H
#define DAXREPORT_COMPARE_H

/* run.sh --compare A B: two results folders side by side (compare.c says
 * how); @schema is the newest results schema this daxbench writes.  The
 * runner's exit: 0, 1 when an outcome got worse, 2 on bad input. */
int compare_runs(const char *a, const char *b, int schema);

#endif
