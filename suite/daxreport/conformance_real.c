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

static const char *get(const struct csv_reader *r, const char *col)
{
	const char *v = csv_get(r, col);

	return v ? v : "";
}

static bool open_rows(struct csv_reader *r, const char *csv)
{
	char err[256];

	if (csv_open(r, csv, err, sizeof(err)))
		return true;
	fprintf(stderr, "daxreport: %s\n", err);
	return false;
}

static bool unexpected(const struct csv_reader *r)
{
	return verdict_bad(verdict_of(get(r, "expected"), get(r, "outcome"), atol(get(r, "iterations"))));
}

static int count_unexpected(const char *csv)
{
	struct csv_reader r;
	int n = 0;

	if (!open_rows(&r, csv))
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
	if (!open_rows(&r, a->csv))
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
		const char *out = get(&r, "outcome"), *exp = get(&r, "expected"), *var = get(&r, "variant");
		if (!md) {
			if (strcmp(out, "pass") && !strcmp(var, "real"))
				fprintf(o, "   %s %s-%s %s: %s: %.360s\n", get(&r, "check"), get(&r, "fs"),
					!strcmp(get(&r, "dax"), "1") ? "dax" : "nodax", var, out, get(&r, "reason"));
			continue;
		}
		/* the mark is the verdict's: a pass without work is an ERROR */
		const char *v = verdict_of(exp, out, atol(get(&r, "iterations")));
		const char *mark = !strcmp(v, "ERROR") ? " **(did not do its work)**" :
				   !strcmp(v, "KNOWN") ? " (known)" : !strcmp(v, "FAIL") ? " **(unexpected)**" : "";
		fprintf(o, "| %s | %s | %s | %s | %s%s | %s | %s | ", get(&r, "check"), var, get(&r, "fs"),
			get(&r, "dax"), out, mark, exp, get(&r, "pmd"));
		cell(o, get(&r, "reason"));
		fputs(" |\n", o);
	}
	csv_close(&r);
	return 0;
}
