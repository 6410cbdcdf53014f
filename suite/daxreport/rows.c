/* SPDX-License-Identifier: MIT */
/*
 * rows.c - a CSV's rows in another file's columns (daxreport rows): a real
 * target's job rows (the job contract's columns, suite/targets/README.md)
 * appended to the main job's scenarios.csv, which has more.  Each output
 * column takes the input column of its name, or a --set value, or stays
 * empty; fields are written by emit.c's csv_field.
 */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "emit.h"
#include "rows.h"

int rows_into_columns(const char *csv, const char *columns, char **set, int nset, FILE *o)
{
	struct csv_reader r;
	char *cols = strdup(columns), *save, *c;
	const char *col[CSV_MAX_FIELDS];
	int n = 0;

	if (!cols)
		return 1;
	for (c = strtok_r(cols, ",", &save); c && n < CSV_MAX_FIELDS; c = strtok_r(NULL, ",", &save))
		col[n++] = c;
	for (int i = 0; i < nset; i++)
		if (!strchr(set[i], '=')) {
			fprintf(stderr, "daxreport: rows: --set '%s': not COLUMN=VALUE\n", set[i]);
			free(cols);
			return 2;
		}
	if (!csv_open_said(&r, csv, "daxreport")) {
		free(cols);
		return 1;
	}
	while (csv_next(&r)) {
		for (int i = 0; i < n; i++) {
			const char *v = csv_get(&r, col[i]);
			size_t l = strlen(col[i]);
			for (int k = 0; k < nset; k++)
				if (!strncmp(set[k], col[i], l) && set[k][l] == '=')
					v = set[k] + l + 1;
			if (i)
				fputc(',', o);
			csv_field(o, v ? v : "");
		}
		fputc('\n', o);
	}
	csv_close(&r);
	free(cols);
	return 0;
}
