/* SPDX-License-Identifier: MIT */
/*
 * csvread.h - reads the CSV files emit.h writes (RFC 4180, one row per
 * line: a quoted field may hold commas and doubled quotes, not line breaks),
 * by column name.  The awk twin is suite/common/csv.awk.
 */
#ifndef DAXBENCH_CSVREAD_H
#define DAXBENCH_CSVREAD_H

#include <stdbool.h>
#include <stdio.h>

#define CSV_MAX_FIELDS 96

struct csv_reader {
	FILE	*f;
	char	*line;		/* getline's buffer; fields point into it */
	size_t	cap;
	long	lineno;
	int	nhead, nfield;
	char	*head[CSV_MAX_FIELDS];	/* the header's names (owned) */
	char	*field[CSV_MAX_FIELDS];
};

/* Opens @path and reads its header; false with @err set otherwise. */
bool csv_open(struct csv_reader *r, const char *path, char *err, size_t len);
/* The next row: true, or false at the end of the file. */
bool csv_next(struct csv_reader *r);
/* The field of column @name in the current row; NULL if there is no such
 * column ("" if the row is short). */
const char *csv_get(const struct csv_reader *r, const char *name);
/* The same, "" for a column the file does not have. */
const char *csv_str(const struct csv_reader *r, const char *name);
/* csv_open, saying why not on stderr behind "@who: ". */
bool csv_open_said(struct csv_reader *r, const char *path, const char *who);
void csv_close(struct csv_reader *r);

#endif
