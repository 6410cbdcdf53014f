/* SPDX-License-Identifier: MIT */
/*
 * spread_cmd.c - daxreport spread: the spread of the numbers on standard
 * input, one per line, as "n min median max cv" (spread.c, the suite's one
 * median-and-spread helper): how a shell script takes a median.  A line
 * that is not a number is bad input, named with its line number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spread.h"

int spread_stdin(FILE *in, FILE *o)
{
	char line[256];
	double *v = NULL;
	int n = 0, cap = 0;
	long lineno = 0;
	struct spread s;

	while (fgets(line, sizeof(line), in)) {
		char *end, *p = line + strspn(line, " \t");
		double x;

		lineno++;
		if (*p == '\n' || !*p)
			continue;
		x = strtod(p, &end);
		if (end == p || end[strspn(end, " \t\r\n")]) {
			fprintf(stderr, "daxreport: spread: line %ld: '%.*s' is not a number\n", lineno,
				(int)strcspn(p, "\n"), p);
			free(v);
			return 2;
		}
		if (n == cap) {
			double *nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof(*v));
			if (!nv) {
				free(v);
				return 1;
			}
			v = nv;
		}
		v[n++] = x;
	}
	if (!n) {
		fprintf(stderr, "daxreport: spread: no numbers on standard input\n");
		free(v);
		return 1;
	}
	spread_of(v, n, 1, &s);
	fprintf(o, "%d %g %g %g %.4f\n", s.n, s.min, s.median, s.max, s.cv);
	free(v);
	return 0;
}
