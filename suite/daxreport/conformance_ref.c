/* SPDX-License-Identifier: MIT */
/*
 * conformance_ref.c - the reference's conformance rows (daxrace --matrix,
 * the one schema of suite/common/verdict.h) for the main job: one console
 * line per check (fixed, then each bug-carrying profile, and why a row
 * failed) and the rows of report.md's table.  The verdict of a row is
 * verdict.c's, the rule daxrace --verdicts applies.
 */
#include <stdlib.h>
#include <string.h>

#include "conformance_real.h"
#include "csvread.h"
#include "verdict.h"

#define MAX_CHECKS 128

/* What a verdict says on the per-check line. */
static const char *word(const char *v)
{
	return !strcmp(v, "XFAIL") ? "caught" : !strcmp(v, "PASS") ? "passes" :
	       !strcmp(v, "SKIP") ? "skipped" : !strcmp(v, "INFO") ? "reported" : v;
}

/* The reason of a row, as the verdict lines give it. */
static void reason(const struct csv_reader *r, const char *v, char *out, size_t len)
{
	snprintf(out, len, "%s", csv_str(r, "reason"));
	for (char *p = out; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = ' ';
	if (!strcmp(v, "ERROR") && !*out)
		snprintf(out, len, "no work was done (0 iterations)");
}

static const char *profile(const char *implementation)
{
	return strncmp(implementation, "ref:", 4) ? implementation : implementation + 4;
}

int conformance_ref(const char *format, const char *csv, FILE *o)
{
	struct csv_reader r;
	char why[1200];
	char (*check)[64] = calloc(MAX_CHECKS, sizeof(*check));
	char (*line)[2048] = calloc(MAX_CHECKS, sizeof(*line));
	char (*fails)[4096] = calloc(MAX_CHECKS, sizeof(*fails));
	int n = 0;
	bool md = !strcmp(format, "md");

	if (!check || !line || !fails || !csv_open_said(&r, csv, "daxreport")) {
		free(check);
		free(line);
		free(fails);
		return 1;
	}
	while (csv_next(&r)) {
		const char *v = verdict_of(csv_str(&r, "expected"), csv_str(&r, "outcome"), atol(csv_str(&r, "iterations")));
		const char *c = csv_str(&r, "check"), *p = profile(csv_str(&r, "implementation"));
		reason(&r, v, why, sizeof(why));
		if (md) {
			fprintf(o, "| %s | %s | %s | ", c, csv_str(&r, "implementation"), v);
			for (const char *s = why; *s; s++) {
				if (*s == '|')
					fputc('\\', o);
				fputc(*s, o);
			}
			fputs(" |\n", o);
			continue;
		}
		int i;
		for (i = 0; i < n && strcmp(check[i], c); i++)
			;
		if (i == n) {
			if (n == MAX_CHECKS)
				continue;
			snprintf(check[n++], sizeof(check[0]), "%s", c);
		}
		size_t l = strlen(line[i]);
		snprintf(line[i] + l, sizeof(line[i]) - l, "%s %s %s", l ? ";" : "", p, word(v));
		if (verdict_bad(v)) {
			l = strlen(fails[i]);
			snprintf(fails[i] + l, sizeof(fails[i]) - l, "\n       %s: %s", p, why);
		}
	}
	csv_close(&r);
	for (int i = 0; i < n; i++)
		fprintf(o, "   %-24s%s%s\n", check[i], line[i], fails[i]);
	free(check);
	free(line);
	free(fails);
	return 0;
}
