/* SPDX-License-Identifier: MIT */
/*
 * daxreport - the main job's one report program: it reads a run's CSVs
 * and writes the console tables, the sections of report.md, the members
 * of summary.json and the plots' data.  One command per report; each
 * reads its inputs by column name (results/README.md) and writes to
 * stdout.
 *
 * Why C: the figures' medians and spreads, the CSV reader and the JSON
 * writer are suite/common's (spread.c, csvread.c, emit.c), the same code
 * daxcopy and daxsweep print their own figures with, and the copy modes
 * and their 2016 roles are the library's table (ref/modes.def); a
 * Python report would have been a second copy of each.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "conformance_real.h"
#include "copy.h"
#include "html.h"
#include "plot.h"
#include "rows.h"
#include "scen.h"
#include "summary.h"
#include "tools.h"

enum { EXIT_USAGE = 2 };

static int usage(FILE *o, int rc);

/* scenarios FORMAT WORKLOADS CSV [--target-note TEXT] */
static int cmd_scenarios(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*write)(const struct scen *, FILE *);
	} formats[] = {
		{ "text", scen_text }, { "md", scen_md }, { "json", scen_json },
		{ "headline", scen_headline }, { "ratios", scen_ratios_dat },
	};
	const char *note = NULL;
	struct scen *s;
	int opt;

	static const struct option lo[] = {
		{ "target-note", required_argument, NULL, 'n' }, { NULL, 0, NULL, 0 },
	};
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt != 'n')
			return usage(stderr, EXIT_USAGE);
		note = optarg;
	}
	if (argc - optind != 3)
		return usage(stderr, EXIT_USAGE);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(formats[i].name, argv[optind]))
			continue;
		s = calloc(1, sizeof(*s));
		if (!s) {
			perror("daxreport");
			return 1;
		}
		if (!scen_load(s, argv[optind + 1], argv[optind + 2], note)) {
			free(s);
			return 1;
		}
		formats[i].write(s, stdout);
		free(s);
		return fflush(stdout) ? 1 : 0;
	}
	fprintf(stderr, "daxreport: scenarios: unknown format '%s' (valid: text, md, json, headline, ratios)\n",
		argv[optind]);
	return EXIT_USAGE;
}

/* copy FORMAT KERNELS_CSV MODES_CSV --nt K --cf K --cached K
 *      [--scenarios CSV] [--movsb CSV] */
static int cmd_copy(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "nt", required_argument, NULL, 'n' }, { "cf", required_argument, NULL, 'f' },
		{ "cached", required_argument, NULL, 'c' }, { "scenarios", required_argument, NULL, 's' },
		{ "movsb", required_argument, NULL, 'm' }, { NULL, 0, NULL, 0 },
	};
	struct copy_inputs in = { 0 };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (opt) {
		case 'n': in.nt = optarg; break;
		case 'f': in.cf = optarg; break;
		case 'c': in.cached = optarg; break;
		case 's': in.scenarios_csv = *optarg ? optarg : NULL; break;
		case 'm': in.movsb_csv = *optarg ? optarg : NULL; break;
		default: return usage(stderr, EXIT_USAGE);
		}
	if (argc - optind != 3 || !in.nt || !in.cf || !in.cached)
		return usage(stderr, EXIT_USAGE);
	in.kernels_csv = argv[optind + 1];
	in.modes_csv = argv[optind + 2];
	opt = copy_report(&in, argv[optind], stdout);
	return opt ? opt : fflush(stdout) ? 1 : 0;
}

/* plotdata WHAT [--table N] [--published CSV] [--combo C] [--nt K --cf K
 *          --cached K] CSV [CSV] */
static int cmd_plotdata(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "table", required_argument, NULL, 't' }, { "published", required_argument, NULL, 'p' },
		{ "combo", required_argument, NULL, 'b' }, { "nt", required_argument, NULL, 'n' },
		{ "cf", required_argument, NULL, 'f' }, { "cached", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct { const char *what; int ncsv; bool copy; const char *needs; } whats[] = {
		{ "table", 1, false, "--table and --published" }, { "split", 1, false, NULL },
		{ "names", 1, false, NULL }, { "tools", 1, false, "--combo" }, { "combos", 1, false, NULL },
		{ "kernels", 1, true, NULL }, { "sizes", 2, true, "--nt, --cf and --cached" },
		{ "threads", 2, true, "--nt and --cf" },
	};
	struct scen_plot_args a = { 0 };
	struct copy_inputs in = { 0 };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (opt) {
		case 't': a.table = optarg; break;
		case 'p': a.published = optarg; break;
		case 'b': a.combo = optarg; break;
		case 'n': in.nt = optarg; break;
		case 'f': in.cf = optarg; break;
		case 'c': in.cached = optarg; break;
		default: return usage(stderr, EXIT_USAGE);
		}
	if (optind >= argc)
		return usage(stderr, EXIT_USAGE);
	a.what = argv[optind++];
	for (size_t i = 0; i < sizeof(whats) / sizeof(whats[0]); i++) {
		if (strcmp(whats[i].what, a.what))
			continue;
		bool missing = (!strcmp(a.what, "table") && (!a.table || !a.published)) ||
			       (!strcmp(a.what, "tools") && !a.combo) ||
			       (!strcmp(a.what, "sizes") && (!in.nt || !in.cf || !in.cached)) ||
			       (!strcmp(a.what, "threads") && (!in.nt || !in.cf));
		if (missing || argc - optind != whats[i].ncsv) {
			fprintf(stderr, "daxreport: plotdata %s: needs %d CSV file(s)%s%s\n", a.what, whats[i].ncsv,
				whats[i].needs ? " and " : "", whats[i].needs ? whats[i].needs : "");
			return EXIT_USAGE;
		}
		if (whats[i].copy) {
			in.kernels_csv = argv[optind];
			in.modes_csv = whats[i].ncsv > 1 ? argv[optind + 1] : NULL;
			opt = copy_plot(&in, a.what, stdout);
		} else {
			a.csv = argv[optind];
			opt = scen_plot(&a, stdout);
		}
		return opt ? opt : fflush(stdout) ? 1 : 0;
	}
	fprintf(stderr, "daxreport: plotdata: unknown data '%s' (valid: table, split, names, tools, combos, kernels, sizes, threads)\n",
		a.what);
	return EXIT_USAGE;
}

/* tool-shape text|md|json CSV; fio-vs-xfsio text|md CSV */
static int tools_cmd(int argc, char **argv, bool shape)
{
	const char *valid = shape ? "text, md, json" : "text, md";

	if (argc != 3)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "text") && strcmp(argv[1], "md") && (!shape || strcmp(argv[1], "json"))) {
		fprintf(stderr, "daxreport: %s: unknown format '%s' (valid: %s)\n", argv[0], argv[1], valid);
		return EXIT_USAGE;
	}
	int rc = shape ? tool_shape(argv[2], argv[1], stdout) : fio_vs_xfsio(argv[2], argv[1], stdout);
	return rc ? rc : fflush(stdout) ? 1 : 0;
}

static int cmd_tool_shape(int argc, char **argv)
{
	return tools_cmd(argc, argv, true);
}

static int cmd_fio_vs_xfsio(int argc, char **argv)
{
	return tools_cmd(argc, argv, false);
}

/* compare RUN_A RUN_B --schema N */
static int cmd_compare(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "schema", required_argument, NULL, 's' }, { NULL, 0, NULL, 0 },
	};
	int opt, schema = -1;
	char *end;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt != 's')
			goto bad;
		schema = (int)strtol(optarg, &end, 10);
		if (*end || schema < 1) {
			fprintf(stderr, "daxreport: compare: --schema '%s': not a schema version\n", optarg);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || schema < 0)
		goto bad;
	return compare_runs(argv[optind], argv[optind + 1], schema);
bad:
	fprintf(stderr, "usage: run.sh --compare RUN_A RUN_B   (two results folders of run.sh)\n");
	return EXIT_USAGE;
}

/* conformance-real lines|md|json|count CSV --target T [--note TEXT] [--rows NAME] */
static int cmd_conformance_real(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "target", required_argument, NULL, 't' }, { "note", required_argument, NULL, 'n' },
		{ "rows", required_argument, NULL, 'r' }, { NULL, 0, NULL, 0 },
	};
	struct conformance_real_args a = { .note = "", .rows_file = "" };
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (opt) {
		case 't': a.target = optarg; break;
		case 'n': a.note = optarg; break;
		case 'r': a.rows_file = optarg; break;
		default: return usage(stderr, EXIT_USAGE);
		}
	if (argc - optind != 2 || !a.target)
		return usage(stderr, EXIT_USAGE);
	a.format = argv[optind];
	a.csv = argv[optind + 1];
	if (strcmp(a.format, "lines") && strcmp(a.format, "md") && strcmp(a.format, "json") && strcmp(a.format, "count")) {
		fprintf(stderr, "daxreport: conformance-real: unknown format '%s' (valid: lines, md, json, count)\n", a.format);
		return EXIT_USAGE;
	}
	opt = conformance_real(&a, stdout);
	return opt ? opt : fflush(stdout) ? 1 : 0;
}

/* conformance-ref text|md CSV */
static int cmd_conformance_ref(int argc, char **argv)
{
	int rc;

	if (argc != 3)
		return usage(stderr, EXIT_USAGE);
	if (strcmp(argv[1], "text") && strcmp(argv[1], "md")) {
		fprintf(stderr, "daxreport: conformance-ref: unknown format '%s' (valid: text, md)\n", argv[1]);
		return EXIT_USAGE;
	}
	rc = conformance_ref(argv[1], argv[2], stdout);
	return rc ? rc : fflush(stdout) ? 1 : 0;
}

/* rows --columns LIST [--set COL=VALUE]... CSV */
static int cmd_rows(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "columns", required_argument, NULL, 'c' }, { "set", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *columns = NULL;
	char *set[64];
	int opt, nset = 0;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (opt) {
		case 'c': columns = optarg; break;
		case 's':
			if (nset == 64) {
				fprintf(stderr, "daxreport: rows: more than 64 --set\n");
				return EXIT_USAGE;
			}
			set[nset++] = optarg;
			break;
		default: return usage(stderr, EXIT_USAGE);
		}
	if (argc - optind != 1 || !columns)
		return usage(stderr, EXIT_USAGE);
	opt = rows_into_columns(argv[optind], columns, set, nset, stdout);
	return opt ? opt : fflush(stdout) ? 1 : 0;
}

/* spread: the numbers on stdin -> "n min median max cv" */
int spread_stdin(FILE *in, FILE *o);
static int cmd_spread(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage(stderr, EXIT_USAGE);
	int rc = spread_stdin(stdin, stdout);
	return rc ? rc : fflush(stdout) ? 1 : 0;
}

/* summary --facts CSV --out OUT --work WORK */
static int cmd_summary(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "facts", required_argument, NULL, 'f' }, { "out", required_argument, NULL, 'o' },
		{ "work", required_argument, NULL, 'w' }, { NULL, 0, NULL, 0 },
	};
	const char *facts = NULL, *out = NULL, *work = NULL;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1)
		switch (opt) {
		case 'f': facts = optarg; break;
		case 'o': out = optarg; break;
		case 'w': work = optarg; break;
		default: return usage(stderr, EXIT_USAGE);
		}
	if (!facts || !out || !work || optind != argc)
		return usage(stderr, EXIT_USAGE);
	return write_summary(facts, out, work);
}

/* html REPORT_MD [--title TEXT]: the page on stdout */
static int cmd_html(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "title", required_argument, NULL, 't' }, { NULL, 0, NULL, 0 },
	};
	const char *title = "daxbench", *slash;
	char dir[4096];
	FILE *in;
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (opt != 't')
			return usage(stderr, EXIT_USAGE);
		title = optarg;
	}
	if (argc - optind != 1)
		return usage(stderr, EXIT_USAGE);
	in = fopen(argv[optind], "r");
	if (!in) {
		fprintf(stderr, "daxreport: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	slash = strrchr(argv[optind], '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - argv[optind]) : 1, slash ? argv[optind] : ".");
	opt = md_to_html(in, stdout, dir, title);
	fclose(in);
	return opt || fflush(stdout) ? 1 : 0;
}

static const struct command {
	const char *name, *args, *help;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "scenarios", "text|md|json|headline|ratios WORKLOADS CSV [--target-note TEXT]",
	  "Chinner's 2016 tables: measured beside published, ratios, verdicts", cmd_scenarios },
	{ "copy", "text|md|json KERNELS_CSV MODES_CSV --nt K --cf K --cached K [--scenarios CSV] [--movsb CSV]",
	  "the copy study: sweep, crossover, the thread's claims, durability, threads", cmd_copy },
	{ "plotdata", "table|split|names|tools|combos|kernels|sizes|threads [--table N --published CSV] [--combo C] [--nt K --cf K --cached K] CSV [MODES_CSV]",
	  "the plots' data files (plots/*.gp)", cmd_plotdata },
	{ "tool-shape", "text|md|json SCENARIOS_CSV",
	  "a real target: xfs_io and daxio on one mount, and whether they agree in shape", cmd_tool_shape },
	{ "fio-vs-xfsio", "text|md SCENARIOS_CSV",
	  "a real target: where fio's psync and xfs_io differ by more than 2x, and why", cmd_fio_vs_xfsio },
	{ "compare", "RUN_A RUN_B --schema N",
	  "two results folders side by side: medians, outcomes, copy kernels (run.sh --compare)", cmd_compare },
	{ "conformance-real", "lines|md|json|count CONFORMANCE_CSV --target T [--note TEXT] [--rows NAME]",
	  "a real target's conformance rows: what did not pass, the report's section, the JSON member", cmd_conformance_real },
	{ "conformance-ref", "text|md CONFORMANCE_CSV",
	  "the reference's conformance rows: one line per check, or report.md's table rows", cmd_conformance_ref },
	{ "rows", "--columns LIST [--set COLUMN=VALUE]... CSV",
	  "a CSV's rows in other columns (a real target's rows into scenarios.csv)", cmd_rows },
	{ "spread", "< NUMBERS",
	  "the numbers on stdin, one per line: n min median max cv (spread.c)", cmd_spread },
	{ "summary", "--facts CSV --out OUT --work WORK",
	  "a run's report.md, report.html and summary.json (summary.c)", cmd_summary },
	{ "html", "REPORT_MD [--title TEXT]",
	  "a Markdown report as one self-contained page, its images inlined", cmd_html },
};

static int usage(FILE *o, int rc)
{
	fprintf(o, "usage: daxreport COMMAND ARGS...\n\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(o, "  %s %s\n      %s\n", commands[i].name, commands[i].args, commands[i].help);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, EXIT_USAGE);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout, 0);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, argv[1]))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "daxreport: unknown command '%s'\n", argv[1]);
	return usage(stderr, EXIT_USAGE);
}
