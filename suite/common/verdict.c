// SPDX-License-Identifier: MIT
/* verdict.c - the conformance schema's writer and verdict rule
 * (contract: verdict.h). */
#include <string.h>

#include "emit.h"
#include "verdict.h"

void verdict_csv_header(FILE *f)
{
	fputs(VERDICT_COLUMNS "\n", f);
}

void verdict_csv(FILE *f, const struct verdict_row *r)
{
	const char *s[] = { r->check, r->implementation, r->fs, r->dax,
			    r->variant, r->expected, r->outcome };

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		csv_field(f, s[i]);
		fputc(',', f);
	}
	fprintf(f, "%ld,%.3f,", r->iterations, r->seconds);
	csv_field(f, r->reason);
	fputc(',', f);
	csv_field(f, r->notes);
	fputc('\n', f);
}

void verdict_json(FILE *f, const struct verdict_row *r, bool first)
{
	const char *k[] = { "check", "implementation", "fs", "dax", "variant",
			    "expected", "outcome" };
	const char *s[] = { r->check, r->implementation, r->fs, r->dax,
			    r->variant, r->expected, r->outcome };

	fputs(first ? "\n  {" : ",\n  {", f);
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		fprintf(f, "\"%s\": ", k[i]);
		json_string(f, s[i]);
		fputs(", ", f);
	}
	fprintf(f, "\"iterations\": %ld, \"seconds\": %.3f, \"reason\": ",
		r->iterations, r->seconds);
	json_string(f, r->reason);
	fputs(", \"notes\": ", f);
	json_string(f, r->notes);
	fputc('}', f);
}

const char *verdict_of(const char *expected, const char *outcome,
		       long iterations)
{
	if (!strcmp(outcome, "error"))
		return "ERROR";
	if (!strcmp(outcome, "skip"))
		return "SKIP";
	if (!strcmp(outcome, "known"))
		return "KNOWN";
	if (strcmp(outcome, "pass") && strcmp(outcome, "fail"))
		return "FAIL";
	bool passed = !strcmp(outcome, "pass");

	if (iterations <= 0)
		return "ERROR";

	if (!strcmp(expected, "any"))
		return "INFO";
	if (!strcmp(expected, "pass") || !strcmp(expected, "measure"))
		return passed ? "PASS" : "FAIL";
	if (!strcmp(expected, "fail"))
		return passed ? "FAIL" : "XFAIL";
	return "FAIL";
}

bool verdict_bad(const char *verdict)
{
	return !strcmp(verdict, "FAIL") || !strcmp(verdict, "ERROR");
}
