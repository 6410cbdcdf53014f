/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_ROWS_H
#define DAXREPORT_ROWS_H

#include <stdio.h>

/* The rows of @csv in the comma-separated @columns, @set's COLUMN=VALUE
 * overriding (rows.c); no header.  0, 1 (unreadable), 2 (bad --set). */
int rows_into_columns(const char *csv, const char *columns, char **set, int nset, FILE *o);

#endif
