/* SPDX-License-Identifier: MIT */
/*
 * conformance_real.c - a real target's conformance rows (the one schema,
 * suite/common/verdict.h, behind "target" and the mount's evidence
 * columns) for the main job: the console lines of what did not pass, the
 * section of report.md, and the member of summary.json.  "Unexpected" is
 * verdict.c's rule (FAIL or ERROR), the rule daxrace --verdicts applies.
 */
#include <stdlib.h>
#include <string.h>

#include "conformance_real.h"
#include "csvread.h"
#include "emit.h"
#include "verdict.h"

static bool unexpected(const struct csv_reader *r)
{
	return verdict_bad(verdict_of(csv_str(r, "expected"), csv_str(r, "outcome"), atol(csv_str(r, "iterations"))));
}

static int count_unexpected(const char *csv)
{
	struct csv_reader r;
	int n = 0;

	if (!csv_open_said(&r, csv, "daxreport"))
		return -1;
	while (csv_next(&r))
		n += unexpected(&r);
	csv_close(&r);
	return n;
}

/* A table cell: its bars escaped, as Markdown needs. */
static void cell(FILE *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', o);
		fputc(*s, o);
	}
}

int conformance_real(const struct conformance_real_args *a, FILE *o)
{
	struct csv_reader r;
	int bad = count_unexpected(a->csv);

	if (bad < 0)
		return 1;
	if (!strcmp(a->format, "count")) {
		fprintf(o, "%d\n", bad);
		return 0;
	}
	if (!strcmp(a->format, "json")) {
		fputs("\"conformance_real\": {\"target\": ", o);
		json_string(o, a->target);
		fprintf(o, ", \"unexpected\": %d, \"rows\": ", bad);
		json_string(o, a->rows_file);
		fputs("}\n", o);
		return 0;
	}
	if (!csv_open_said(&r, a->csv, "daxreport"))
		return 1;
	bool md = !strcmp(a->format, "md");
	if (md)
		fprintf(o, "## Conformance on the real target: %s\n\n%s.\n"
			"Each check of `suite/stress/` is a bounded stress loop with the catalogue's invariant; its\n"
			"broken variant (`--break`, a user-space mistake or an injected symptom) must fail. Rows:\n"
			"`%s`. **%d unexpected.**\n\n"
			"| check | variant | fs | DAX | outcome | expected | pmd | reason |\n"
			"|---|---|---|---|---|---|---|---|\n", a->target, a->note, a->rows_file, bad);
	while (csv_next(&r)) {
		const char *out = csv_str(&r, "outcome"), *exp = csv_str(&r, "expected"), *var = csv_str(&r, "variant");
		if (!md) {
			if (strcmp(out, "pass") && !strcmp(var, "real"))
				fprintf(o, "   %s %s-%s %s: %s: %.360s\n", csv_str(&r, "check"), csv_str(&r, "fs"),
					!strcmp(csv_str(&r, "dax"), "1") ? "dax" : "nodax", var, out, csv_str(&r, "reason"));
			continue;
		}
		/* the mark is the verdict's: a pass without work is an ERROR */
		const char *v = verdict_of(exp, out, atol(csv_str(&r, "iterations")));
		const char *mark = !strcmp(v, "ERROR") ? " **(did not do its work)**" :
				   !strcmp(v, "KNOWN") ? " (known)" : !strcmp(v, "FAIL") ? " **(unexpected)**" : "";
		fprintf(o, "| %s | %s | %s | %s | %s%s | %s | %s | ", csv_str(&r, "check"), var, csv_str(&r, "fs"),
			csv_str(&r, "dax"), out, mark, exp, csv_str(&r, "pmd"));
		cell(o, csv_str(&r, "reason"));
		fputs(" |\n", o);
	}
	csv_close(&r);
	return 0;
}
