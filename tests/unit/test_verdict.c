// SPDX-License-Identifier: MIT
/*
 * test_verdict.c - the one conformance schema (suite/common/verdict.h):
 * the verdict rule on every expected x outcome pair, the CSV and JSON field
 * writers (emit.h) on the characters that need escaping, and the reader
 * (csvread.h) reading back what the writer wrote.
 */
#include <stdlib.h>

#include "../harness.h"
#include "csvread.h"
#include "emit.h"
#include "verdict.h"

TEST(rule_table)
{
	static const struct { const char *e, *o; long it; const char *v; } t[] = {
		{ "pass", "pass", 5, "PASS" },    { "pass", "fail", 5, "FAIL" },
		{ "fail", "fail", 5, "XFAIL" },   { "fail", "pass", 5, "FAIL" },
		{ "measure", "pass", 1, "PASS" }, { "measure", "fail", 1, "FAIL" },
		{ "any", "fail", 1, "INFO" },     { "any", "pass", 1, "INFO" },
		{ "pass", "error", 5, "ERROR" },  { "fail", "error", 5, "ERROR" },
		{ "pass", "skip", 0, "SKIP" },    { "fail", "skip", 0, "SKIP" },
		{ "pass", "known", 3, "KNOWN" },
		/* no work done: never a pass, never a bug caught */
		{ "pass", "pass", 0, "ERROR" },   { "fail", "fail", 0, "ERROR" },
		/* words outside the schema are not a pass */
		{ "pass", "ok", 5, "FAIL" },      { "maybe", "pass", 5, "FAIL" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *v = verdict_of(t[i].e, t[i].o, t[i].it);

		CHECK(!strcmp(v, t[i].v), "expected %s, outcome %s, %ld "
		      "iterations: %s, want %s", t[i].e, t[i].o, t[i].it, v,
		      t[i].v);
	}
	CHECK(verdict_bad("FAIL") && verdict_bad("ERROR"), "FAIL/ERROR bad");
	CHECK(!verdict_bad("XFAIL") && !verdict_bad("KNOWN") &&
	      !verdict_bad("SKIP"), "XFAIL/KNOWN/SKIP not bad");
}

static char *emitted(void (*fn)(FILE *, const char *), const char *in)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);

	fn(m, in);
	fclose(m);
	return s;
}

TEST(csv_field_quotes_only_when_needed)
{
	static const char *const t[][2] = {
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two lines\"" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *s = emitted(csv_field, t[i][0]);

		CHECK(!strcmp(s, t[i][1]), "csv_field(%s) = [%s], want [%s]",
		      t[i][0], s, t[i][1]);
		free(s);
	}
}

TEST(json_string_escapes_every_control)
{
	char *s = emitted(json_string, "q\"b\\t\tn\nc\001d\037");

	CHECK(!strcmp(s, "\"q\\\"b\\\\t\\tn\\nc\\u0001d\\u001f\""), "got %s", s);
	free(s);
}

TEST(reader_reads_what_the_writer_wrote)
{
	char path[] = "/tmp/test_verdict.XXXXXX", err[256];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct verdict_row row = {
		.check = "c1", .implementation = "ref:fixed", .fs = "ref",
		.dax = "1", .variant = "real", .expected = "pass",
		.outcome = "fail", .iterations = 7, .seconds = 0.25,
		.reason = "line 3: byte 5 is 0x33, \"not\" 0x00", .notes = "",
	};
	struct csv_reader r;

	verdict_csv_header(f);
	verdict_csv(f, &row);
	fputs("\n", f);		/* a blank line is skipped */
	row.check = "c2";
	row.reason = "";
	verdict_csv(f, &row);
	fclose(f);
	REQUIRE(csv_open(&r, path, err, sizeof(err)), "%s", err);
	CHECK(r.nhead == 11, "%d columns", r.nhead);
	REQUIRE(csv_next(&r), "no first row");
	CHECK(!strcmp(csv_get(&r, "reason"),
		      "line 3: byte 5 is 0x33, \"not\" 0x00"), "reason [%s]",
	      csv_get(&r, "reason"));
	CHECK(!strcmp(csv_get(&r, "iterations"), "7"), "iterations");
	CHECK(!strcmp(csv_get(&r, "seconds"), "0.250"), "seconds");
	CHECK(csv_get(&r, "nope") == NULL, "a missing column is NULL");
	REQUIRE(csv_next(&r), "no second row");
	CHECK(!strcmp(csv_get(&r, "check"), "c2"), "second row %s",
	      csv_get(&r, "check"));
	CHECK(!csv_next(&r), "a third row");
	csv_close(&r);
	unlink(path);
	CHECK(!csv_open(&r, "/nonexistent/x.csv", err, sizeof(err)) &&
	      strstr(err, "/nonexistent/x.csv"), "a missing file names it");
}

TEST_MAIN()
