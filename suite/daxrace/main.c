// SPDX-License-Identifier: MIT
/*
 * daxrace - runs race scripts against the reference, deterministically.
 *
 * Every (script, profile) run happens in a child process, so a schedule
 * that deadlocks the reference cannot hang or poison the next one.  With
 * --matrix the suite proves it can fail: each check must pass on `fixed`
 * and fail on the profile that carries its bug.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "engine.h"
#include "explore.h"
#include "csvread.h"
#include "refopts.h"
#include "verdict.h"

static const char *const outcome_names[] = { "pass", "fail", "skip", "error" };

struct opts {
	const char	*profile;
	bool		matrix, all_profiles, quiet;
	unsigned	repeat, timeout;
	FILE		*csv, *json;
	bool		json_first;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: daxrace [options] SCRIPT...\n"
"\n"
"Runs race scripts (workloads/races/*.race) against the reference DAX\n"
"filesystem, one thread per column, in the scripted order.\n"
"\n"
"  --profile NAME   run on this profile (default: fixed; the reference's\n"
"                   option table, suite/common/refopts.c, checks it)\n"
"  --matrix         run each script on fixed and on the profile(s) its\n"
"                   '# Profile:' names, and assert that it passes on fixed\n"
"                   and fails on the buggy one\n"
"  --all-profiles   with --matrix, also run every other profile (reported,\n"
"                   not asserted)\n"
"  --repeat N       run every (script, profile) N times (default 1)\n"
"  --timeout S      watchdog for one step to settle (default 10 s)\n"
"  --csv FILE       one row per run\n"
"  --json FILE      the same as JSON\n"
"  --quiet          only the failures and the summary\n"
"  --list-points    the race points\n"
"  --list-profiles  the profiles, one per line: name, the mistake and its\n"
"                   source, separated by tabs\n"
"  --list-columns   the conformance schema's CSV columns (the --csv header;\n"
"                   suite/common/verdict.h)\n"
"  --verdicts CSV...  read conformance CSVs (the reference's, the explorer's,\n"
"                   a real target's) and print one verdict per row, tab-\n"
"                   separated: conformance, PASS|XFAIL|FAIL|ERROR|SKIP|KNOWN|\n"
"                   INFO, the case, why; then the count line.  Exit 1 if any\n"
"                   is FAIL or ERROR (tests/tools/verdicts.awk makes TAP\n"
"                   and JUnit of the lines)\n"
"  -h, --help       this text\n"
"\n"
"Exploring (no script needed; every run judged by the oracle, ORACLE.md):\n"
"  --explore        every schedule of every case within the bound\n"
"  --ops LIST, --states LIST, --modes LIST, --zeroing LIST, --pages LIST\n"
"                   the space (default: all; --list-space shows them)\n"
"  --bound N        preemptions for pairs (default 2)\n"
"  --triples N      also N sampled triples of operations (preemption bound\n"
"                   --triple-bound, default 1)\n"
"  --sample N       N cases chosen with --seed (default: every case)\n"
"  --seed N         for --sample, --triples and --power's order (default 1)\n"
"  --jobs N         runs at once (default: one per CPU)\n"
"  --budget S       start no run after S seconds (the report says so)\n"
"  --power          for every profile but fixed: is its bug found?\n"
"  --all-configs    also run the configurations that cannot differ from\n"
"                   one that runs (by default left out and counted: the\n"
"                   DAX copy modes where nothing calls write(), the\n"
"                   zeroing policy where write() allocates nothing)\n"
"  --crash          crash exploration instead: one thread runs sequences of\n"
"                   up to --crash-len (1-2, default 2) operations, each\n"
"                   followed by fsync, fdatasync, msync or nothing, plus\n"
"                   --crash-long N sampled sequences of three; a crash image\n"
"                   at every fence, each mounted and judged by the oracle\n"
"  --reduce DIR     write each violation (up to --max-reduce, default 10)\n"
"                   as a standalone script, if it reproduces as one\n"
"  --list-space     the operations, states and configurations\n"
"\n"
"Lines: PASS (a check passes on fixed), XFAIL (a check fails on the profile\n"
"that carries its bug, as it must: counted as passed), FAIL, ERROR, SKIP.\n"
"Exit status: 0 all passed, 1 something failed or could not run, 2 bad\n"
"usage, 77 everything skipped.\n"
"\n"
"Script headers: # Source: (the message), # Expected result:, # Buggy\n"
"result:, # Profile: (the profiles that must fail it; --matrix needs one\n"
"that is not fixed or none), # Needs: pmd|hugetlb, # Kind: check|measure\n"
"(a measure reports its 'report' lines and must pass on every profile),\n"
"# Kernel: (for a fix of the reference, the kernel function it follows).\n"
"\n"
"Set-up lines, before the diagram: mode MODE, zeroing POLICY, region SIZE,\n"
"and the steps marked (set-up) below.\n"
"\n"
"Script steps (one per line, in the column of the thread that runs it;\n"
"'until POINT' parks the thread at a race point - 'until POINT#N' at the\n"
"N-th time the step reaches it - '&' runs it in the background; 'resume'\n"
"and 'wait' act on a parked or running thread):\n");
	op_usage(out);
}

/* Runs one (script, profile) in a child; the parent never hangs. */
static void run_one(const struct script *s, const char *profile,
		    unsigned timeout, struct result *res)
{
	int pfd[2];
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(pfd) < 0) {
		res->out = OUT_ERROR;
		snprintf(res->msg, sizeof(res->msg), "pipe: %s",
			 strerror(errno));
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		engine_run(s, profile, NULL, false, timeout, res);
		if (write(pfd[1], res, sizeof(*res)) != sizeof(*res))
			_exit(2);
		_exit(0);
	}
	close(pfd[1]);
	/* A whole run gets the step watchdog per step, plus slack. */
	int ms = (int)((timeout * (unsigned)(s->nsteps + 2) + 30) * 1000);
	struct pollfd p = { pfd[0], POLLIN, 0 };
	ssize_t got = 0;

	if (poll(&p, 1, ms) > 0)
		got = read(pfd[0], res, sizeof(*res));
	close(pfd[0]);
	if (got != sizeof(*res)) {
		int status;

		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		res->out = OUT_FAIL;
		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			snprintf(res->msg, sizeof(res->msg), "the run died: %s",
				 strsignal(WTERMSIG(status)));
		else
			snprintf(res->msg, sizeof(res->msg), "schedule: the run "
				 "did not finish in %d s and was killed",
				 ms / 1000);
		return;
	}
	waitpid(pid, NULL, 0);
}

/* One row of the conformance schema (suite/common/verdict.h) per run. */
static void record(struct opts *o, const struct script *s, const char *prof,
		   const char *want, unsigned run, double secs,
		   const struct result *r)
{
	char impl[128], notes[640];
	bool buggy = strcmp(prof, "fixed") && strcmp(prof, "none");

	snprintf(impl, sizeof(impl), "ref:%s", prof);
	if (o->repeat > 1)
		snprintf(notes, sizeof(notes), "%s%srun %u of %u", r->notes,
			 r->notes[0] ? "; " : "", run, o->repeat);
	else
		snprintf(notes, sizeof(notes), "%s", r->notes);
	struct verdict_row row = {
		.check = s->name, .implementation = impl, .fs = "ref",
		.dax = "1", .variant = buggy ? "break" : "real",
		.expected = want, .outcome = outcome_names[r->out],
		.iterations = r->steps, .seconds = secs, .reason = r->msg,
		.notes = notes,
	};

	if (o->csv)
		verdict_csv(o->csv, &row);
	if (o->json) {
		verdict_json(o->json, &row, o->json_first);
		o->json_first = false;
	}
}

struct tally { int pass, fail, skip, measured; };

static bool is_measure(const struct script *s)
{
	return s->kind && !strcmp(s->kind, "measure");
}

/* --matrix asserts that a check fails on the profile carrying its bug:
 * a script must name one (not fixed, not none), unless it measures. */
static bool matrix_ok(const struct script *s, char *err, size_t len)
{
	if (is_measure(s))
		return true;
	char *prof = strdup(s->profiles);
	bool ok = false;

	for (char *p = strtok(prof, ", "); p; p = strtok(NULL, ", "))
		if (strcmp(p, "none") && strcmp(p, "fixed"))
			ok = true;
	free(prof);
	if (!ok)
		snprintf(err, len, "%s:1: --matrix: '# Profile: %s' names no "
			 "profile that carries the bug, so the matrix could not "
			 "show the check can fail (name one, or mark it '# Kind: "
			 "measure')", s->path, s->profiles);
	return ok;
}

/*
 * Runs @s on @prof @o->repeat times.  @want: "pass" (fixed), "fail" (the
 * buggy profile), "any" (reported only), or "measure" (must pass; the
 * notes are the point).  Prints one line and counts it.  Only a FAIL
 * counts as a bug caught: an ERROR (a step that could not run) never does.
 */
static void run_case(struct opts *o, const struct script *s, const char *prof,
		     const char *want, struct tally *t)
{
	unsigned n[4] = { 0 };
	struct result r, first_bad = { 0 }, last = { 0 };
	bool have_bad = false, want_fail = !strcmp(want, "fail");

	for (unsigned i = 0; i < o->repeat; i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		run_one(s, prof, o->timeout, &r);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		n[r.out]++;
		record(o, s, prof, want, i + 1, (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, &r);
		bool bad = want_fail ? r.out != OUT_FAIL :
			   !strcmp(want, "any") ? false : r.out != OUT_PASS;

		if (bad && !have_bad && r.out != OUT_SKIP) {
			first_bad = r;
			have_bad = true;
		}
		last = r;
	}
	const struct result *show = have_bad ? &first_bad : &last;
	char count[64] = "";

	if (o->repeat > 1)
		snprintf(count, sizeof(count), " [%u/%u %s]",
			 want_fail ? n[OUT_FAIL] : n[OUT_PASS], o->repeat,
			 want_fail ? "caught" : "passed");
	if (n[OUT_SKIP] == o->repeat) {
		printf("SKIP %s/%s: %s\n", s->name, prof, show->msg);
		t->skip++;
	} else if (!strcmp(want, "any")) {
		if (!o->quiet)
			printf("INFO %s/%s: %s%s%s\n", s->name, prof,
			       outcome_names[show->out], show->msg[0] ? ": " : "",
			       show->msg);
	} else if (!have_bad && !strcmp(want, "measure")) {
		if (!o->quiet)
			printf("MEASURE %s/%s%s: %s\n", s->name, prof, count,
			       show->notes[0] ? show->notes : "(no report)");
		t->measured++;
	} else if (!have_bad) {
		if (!o->quiet) {
			if (want_fail)
				/* An expected failure, as automake and TAP
				 * say it: the check fails here, as it must. */
				printf("XFAIL %s/%s: the check fails on the "
				       "profile that carries its bug, as it "
				       "must%s: %s\n", s->name, prof, count,
				       show->msg);
			else
				printf("PASS %s/%s%s%s%s\n", s->name, prof, count,
				       show->notes[0] ? ": " : "", show->notes);
		}
		t->pass++;
	} else {
		if (show->out == OUT_ERROR)
			printf("ERROR %s/%s: %s%s%s\n", s->name, prof, show->msg,
			       count, want_fail ? " (an error is not the bug "
			       "caught)" : "");
		else if (want_fail && show->out == OUT_PASS)
			printf("FAIL %s/%s: the check passed on the profile "
			       "that carries its bug: it cannot see the bug%s\n",
			       s->name, prof, count);
		else
			printf("FAIL %s/%s: %s%s\n", s->name, prof, show->msg,
			       count);
		t->fail++;
	}
	fflush(stdout);
}

static void run_script(struct opts *o, const struct script *s,
		       struct tally *t)
{
	bool measure = is_measure(s);

	if (!o->matrix) {
		run_case(o, s, o->profile, measure ? "measure" : "pass", t);
		return;
	}
	run_case(o, s, "fixed", measure ? "measure" : "pass", t);
	char *profs = strdup(s->profiles);

	for (char *p = strtok(profs, ", "); p; p = strtok(NULL, ", "))
		if (strcmp(p, "none") && strcmp(p, "fixed"))
			run_case(o, s, p, measure ? "measure" : "fail", t);
	free(profs);
	if (o->all_profiles) {
		FILE *m;
		char names[2048];

		m = fmemopen(names, sizeof(names), "w");
		dx_profile_names(m, " ");
		fclose(m);
		for (char *p = strtok(names, " "); p; p = strtok(NULL, " "))
			if (strcmp(p, "fixed") && !strstr(s->profiles, p))
				run_case(o, s, p, "any", t);
	}
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "daxrace: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

/*
 * --verdicts: every row of the conformance CSVs @paths as a verdict line
 * (verdict.h's rule, the one place it is written).  A file that is not in
 * the schema is bad input: it is named, with the column it lacks.
 */
static int print_verdicts(int n, char **paths)
{
	static const char *const need[] = { "check", "implementation", "fs",
		"dax", "variant", "expected", "outcome", "iterations", "reason" };
	int bad = 0, pass = 0, skip = 0, rows = 0;

	if (!n) {
		fprintf(stderr, "daxrace: --verdicts: no CSV given\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		struct csv_reader r;
		char err[512];

		if (!csv_open(&r, paths[i], err, sizeof(err))) {
			fprintf(stderr, "daxrace: --verdicts: %s\n", err);
			return 2;
		}
		for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++) {
			if (!csv_get(&r, need[k])) {
				fprintf(stderr, "daxrace: --verdicts: %s: no column "
					"'%s': not the conformance schema (%s)\n",
					paths[i], need[k], VERDICT_COLUMNS);
				csv_close(&r);
				return 2;
			}
		}
		while (csv_next(&r)) {
			const char *tgt = csv_get(&r, "target");
			const char *dax = csv_get(&r, "dax");
			const char *v = verdict_of(csv_get(&r, "expected"),
						   csv_get(&r, "outcome"),
						   atol(csv_get(&r, "iterations")));
			char why[1200];

			snprintf(why, sizeof(why), "%s", csv_get(&r, "reason"));
			for (char *p = why; *p; p++)
				if (*p == '\t')
					*p = ' ';
			if (!strcmp(v, "ERROR") && !why[0])
				snprintf(why, sizeof(why), "no work was done (0 "
					 "iterations)");
			printf("conformance\t%s\t%s%s%s %s %s/%s %s\t%s\n", v,
			       tgt && tgt[0] && strcmp(tgt, "ref") ? tgt : "",
			       tgt && tgt[0] && strcmp(tgt, "ref") ? ":" : "",
			       csv_get(&r, "check"), csv_get(&r, "implementation"),
			       csv_get(&r, "fs"), !strcmp(dax, "1") ? "dax" :
			       !strcmp(dax, "0") ? "nodax" : dax,
			       csv_get(&r, "variant"), why);
			rows++;
			if (verdict_bad(v))
				bad++;
			else if (!strcmp(v, "SKIP") || !strcmp(v, "KNOWN"))
				skip++;
			else
				pass++;
		}
		csv_close(&r);
	}
	if (!rows) {
		fprintf(stderr, "daxrace: --verdicts: no rows in the CSV(s) "
			"given: nothing was judged\n");
		return 1;
	}
	fprintf(stderr, "%d passed, %d failed, %d skipped\n", pass, bad, skip);
	return bad ? 1 : 0;
}

enum {
	O_EXPLORE = 0x100, O_OPS, O_STATES, O_MODES, O_ZEROING, O_PAGES,
	O_BOUND, O_TRIPLES, O_TRIPLE_BOUND, O_SAMPLE, O_SEED, O_JOBS, O_BUDGET,
	O_POWER, O_ALL_CONFIGS, O_REDUCE, O_MAX_REDUCE, O_LIST_SPACE, O_CRASH, O_CRASH_LEN,
	O_CRASH_LONG,
};

/* A whole number in [lo, hi] for option @name; exits 2 otherwise. */
static long num_opt(const char *name, const char *arg, long lo, long hi)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || end == arg || v < lo || v > hi) {
		fprintf(stderr, "daxrace: --%s: a whole number from %ld to %ld, "
			"not '%s'\n", name, lo, hi, arg);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "matrix", no_argument, NULL, 'm' },
		{ "all-profiles", no_argument, NULL, 'a' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "csv", required_argument, NULL, 'c' },
		{ "json", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "list-points", no_argument, NULL, 'P' },
		{ "list-profiles", no_argument, NULL, 'L' },
		{ "list-columns", no_argument, NULL, 'C' },
		{ "verdicts", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "explore", no_argument, NULL, O_EXPLORE },
		{ "ops", required_argument, NULL, O_OPS },
		{ "states", required_argument, NULL, O_STATES },
		{ "modes", required_argument, NULL, O_MODES },
		{ "zeroing", required_argument, NULL, O_ZEROING },
		{ "pages", required_argument, NULL, O_PAGES },
		{ "bound", required_argument, NULL, O_BOUND },
		{ "triples", required_argument, NULL, O_TRIPLES },
		{ "triple-bound", required_argument, NULL, O_TRIPLE_BOUND },
		{ "sample", required_argument, NULL, O_SAMPLE },
		{ "seed", required_argument, NULL, O_SEED },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "budget", required_argument, NULL, O_BUDGET },
		{ "power", no_argument, NULL, O_POWER },
		{ "all-configs", no_argument, NULL, O_ALL_CONFIGS },
		{ "reduce", required_argument, NULL, O_REDUCE },
		{ "max-reduce", required_argument, NULL, O_MAX_REDUCE },
		{ "list-space", no_argument, NULL, O_LIST_SPACE },
		{ "crash", no_argument, NULL, O_CRASH },
		{ "crash-len", required_argument, NULL, O_CRASH_LEN },
		{ "crash-long", required_argument, NULL, O_CRASH_LONG },
		{ 0 }
	};
	struct opts o = { .profile = "fixed", .repeat = 1, .timeout = 10,
			  .json_first = true };
	struct explore_opts xo;
	struct tally t = { 0 };
	bool explore = false, explore_only = false, verdicts = false;
	char err[2048];
	int c;

	explore_opts_init(&xo);
	while ((c = getopt_long(argc, argv, "hq", lo, NULL)) != -1) {
		switch (c) {
		case 'p': {	/* the reference's option table checks it */
			struct refopts ref;
			int pi = -1;

			refopts_init(&ref);
			for (int i = 0; i < refopts_count(); i++)
				if (!strcmp(refopts_at(i)->name, "profile"))
					pi = i;
			if (refopts_set(&ref, pi, optarg, err, sizeof(err))) {
				fprintf(stderr, "daxrace: %s\n", err);
				return 2;
			}
			o.profile = ref.o.profile;
			break;
		}
		case 'm':
			o.matrix = true;
			break;
		case 'a':
			o.all_profiles = true;
			break;
		case 'r':
			o.repeat = (unsigned)num_opt("repeat", optarg, 1, 1000000);
			break;
		case 't':
			o.timeout = (unsigned)num_opt("timeout", optarg, 1, 3600);
			break;
		case 'c':
			o.csv = open_out(optarg);
			break;
		case 'j':
			o.json = open_out(optarg);
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'P':
			dx_race_points(stdout, "\n");
			putchar('\n');
			return 0;
		case 'L': {
			char names[2048];
			FILE *m = fmemopen(names, sizeof(names), "w");

			dx_profile_names(m, " ");
			fclose(m);
			for (char *p = strtok(names, " "); p;
			     p = strtok(NULL, " "))
				printf("%s\t%s\t%s\n", p, dx_profile_mistake(p),
				       dx_profile_source(p));
			return 0;
		}
		case 'C':
			verdict_csv_header(stdout);
			return 0;
		case 'V':
			verdicts = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case O_EXPLORE: explore = true; break;
		case O_OPS: xo.ops = optarg; explore_only = true; break;
		case O_STATES: xo.states = optarg; explore_only = true; break;
		case O_MODES: xo.modes = optarg; explore_only = true; break;
		case O_ZEROING: xo.zeroings = optarg; explore_only = true; break;
		case O_PAGES: xo.pages = optarg; explore_only = true; break;
		case O_BOUND:
			xo.bound = (int)num_opt("bound", optarg, 0, MAX_SWITCH);
			explore_only = true;
			break;
		case O_TRIPLES:
			xo.triples = (int)num_opt("triples", optarg, 0, 100000);
			explore_only = true;
			break;
		case O_TRIPLE_BOUND:
			xo.triple_bound = (int)num_opt("triple-bound", optarg, 0,
						       MAX_SWITCH);
			explore_only = true;
			break;
		case O_SAMPLE:
			xo.sample = num_opt("sample", optarg, 1, 100000000);
			explore_only = true;
			break;
		case O_SEED:
			xo.seed = (unsigned long)num_opt("seed", optarg, 0,
							 1L << 40);
			explore_only = true;
			break;
		case O_JOBS:
			xo.jobs = (int)num_opt("jobs", optarg, 1, 256);
			explore_only = true;
			break;
		case O_BUDGET:
			xo.budget = (double)num_opt("budget", optarg, 1, 86400);
			explore_only = true;
			break;
		case O_POWER: xo.power = explore_only = true; break;
		case O_ALL_CONFIGS: xo.all_configs = explore_only = true; break;
		case O_REDUCE: xo.reduce_dir = optarg; explore_only = true; break;
		case O_MAX_REDUCE:
			xo.max_reduce = (int)num_opt("max-reduce", optarg, 0,
						     100000);
			explore_only = true;
			break;
		case O_LIST_SPACE:
			explore_list(stdout);
			return 0;
		case O_CRASH: xo.crash = explore_only = true; break;
		case O_CRASH_LEN:
			xo.crash_len = (int)num_opt("crash-len", optarg, 1, 2);
			explore_only = true;
			break;
		case O_CRASH_LONG:
			xo.crash_long = (int)num_opt("crash-long", optarg, 0,
						     1000000);
			explore_only = true;
			break;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (explore_only && !explore) {
		fprintf(stderr, "daxrace: --ops, --states, --bound, --power and "
			"the other exploring options need --explore\n");
		return 2;
	}
	if (explore) {
		if (optind < argc || o.matrix) {
			fprintf(stderr, "daxrace: --explore takes no scripts and "
				"no --matrix: it writes its own cases\n");
			return 2;
		}
		xo.profile = o.profile;
		xo.quiet = o.quiet;
		xo.csv = o.csv;
		xo.json = o.json;
		xo.timeout = o.timeout < 5 ? o.timeout : 5;
		if (!explore_validate(&xo, err, sizeof(err))) {
			fprintf(stderr, "daxrace: --explore: %s\n", err);
			return 2;
		}
		int rc = explore_main(&xo);

		if (o.csv)
			fclose(o.csv);
		if (o.json)
			fclose(o.json);
		return rc;
	}
	if (verdicts)
		return print_verdicts(argc - optind, argv + optind);
	if (o.csv)
		verdict_csv_header(o.csv);
	if (o.json)
		fputs("[", o.json);
	if (optind == argc) {
		fprintf(stderr, "daxrace: no script given\n");
		usage(stderr);
		return 2;
	}
	if (!dx_profile_valid(o.profile)) {
		char names[2048];
		FILE *m = fmemopen(names, sizeof(names), "w");

		dx_profile_names(m, ", ");
		fclose(m);
		fprintf(stderr, "daxrace: unknown profile '%s' (valid: %s)\n",
			o.profile, names);
		return 2;
	}
	/* Parse and check everything first: a malformed or missing script is
	 * bad input (exit 2) before anything runs. */
	struct script **scripts = calloc((size_t)(argc - optind), sizeof(*scripts));
	int ns = 0, bad = 0;

	for (int i = optind; i < argc; i++) {
		struct script *s = script_load(argv[i], err, sizeof(err));

		if (s && engine_validate(s, err, sizeof(err)) && o.matrix &&
		    !matrix_ok(s, err, sizeof(err))) {
			script_free(s);
			s = NULL;
		} else if (s && !engine_validate(s, err, sizeof(err))) {
			script_free(s);
			s = NULL;
		}
		if (!s) {
			fprintf(stderr, "daxrace: %s\n", err);
			bad++;
			continue;
		}
		scripts[ns++] = s;
	}
	if (bad) {
		for (int i = 0; i < ns; i++)
			script_free(scripts[i]);
		free(scripts);
		fprintf(stderr, "daxrace: %d script(s) named above cannot be "
			"run; nothing was run\n", bad);
		return 2;
	}
	for (int i = 0; i < ns; i++)
		run_script(&o, scripts[i], &t);
	for (int i = 0; i < ns; i++)
		script_free(scripts[i]);
	free(scripts);
	if (o.json) {
		fputs("\n]\n", o.json);
		fclose(o.json);
	}
	if (o.csv)
		fclose(o.csv);
	if (t.measured)
		printf("%d measurement(s) taken (reported above, not counted as "
		       "passes)\n", t.measured);
	printf("%d passed, %d failed, %d skipped\n", t.pass, t.fail, t.skip);
	return t.fail ? 1 : (t.pass == 0 && t.measured == 0 && t.skip) ? 77 : 0;
}
