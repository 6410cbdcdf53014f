/* SPDX-License-Identifier: MIT */
/*
 * tools.h - on a real target, one tool against another on the same mount:
 * xfs_io against daxio (tool_shape.c: do they tell the same story?) and
 * fio's psync engine against xfs_io (fio_xfsio.c: where they differ by
 * more than 2x, why).  Each prints nothing when the run has no such rows.
 */
#ifndef DAXREPORT_TOOLS_H
#define DAXREPORT_TOOLS_H

#include <stdio.h>

/* @format: text, md or json; 0, or 1 when @csv cannot be read. */
int tool_shape(const char *csv, const char *format, FILE *o);
/* @format: text or md. */
int fio_vs_xfsio(const char *csv, const char *format, FILE *o);

#endif
