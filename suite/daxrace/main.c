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
"  --profile NAME   run on this profile (default: fixed)\n"
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
"  --list-profiles  the profiles, with the mistake and source of each\n"
"  -h, --help       this text\n"
"\n"
"Exit status: 0 all passed, 1 something failed, 77 everything skipped.\n"
"\n"
"Script steps (one per line, in the column of the thread that runs it;\n"
"'until POINT' parks the thread at a race point, '&' runs it in the\n"
"background; 'resume' and 'wait' act on a parked or running thread):\n");
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
		engine_run(s, profile, timeout, res);
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

static void csv_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
	fputc('"', f);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void record(struct opts *o, const struct script *s, const char *prof,
		   const char *want, unsigned run, const struct result *r)
{
	if (o->csv) {
		fprintf(o->csv, "%s,%s,%s,%u,%s,", s->name, prof, want, run,
			outcome_names[r->out]);
		csv_escape(o->csv, r->msg);
		fputc(',', o->csv);
		csv_escape(o->csv, r->notes);
		fputc('\n', o->csv);
	}
	if (o->json) {
		fprintf(o->json, "%s\n  {\"check\": ", o->json_first ? "" : ",");
		o->json_first = false;
		json_str(o->json, s->name);
		fprintf(o->json, ", \"profile\": ");
		json_str(o->json, prof);
		fprintf(o->json, ", \"want\": \"%s\", \"run\": %u, \"outcome\": "
			"\"%s\", \"message\": ", want, run,
			outcome_names[r->out]);
		json_str(o->json, r->msg);
		fprintf(o->json, ", \"notes\": ");
		json_str(o->json, r->notes);
		fputc('}', o->json);
	}
}

struct tally { int pass, fail, skip; };

/*
 * Runs @s on @prof @o->repeat times.  @want: "pass" (fixed), "fail" (the
 * buggy profile), "any" (reported only), or "measure" (must pass; the
 * notes are the point).  Prints one line and counts it.
 */
static void run_case(struct opts *o, const struct script *s, const char *prof,
		     const char *want, struct tally *t)
{
	unsigned n[4] = { 0 };
	struct result r, first_bad = { 0 }, last = { 0 };
	bool have_bad = false;
	double t0 = (double)clock() / CLOCKS_PER_SEC;

	(void)t0;
	for (unsigned i = 0; i < o->repeat; i++) {
		run_one(s, prof, o->timeout, &r);
		n[r.out]++;
		record(o, s, prof, want, i + 1, &r);
		bool bad = !strcmp(want, "fail") ? r.out != OUT_FAIL :
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
			 !strcmp(want, "fail") ? n[OUT_FAIL] : n[OUT_PASS],
			 o->repeat, !strcmp(want, "fail") ? "caught" : "passed");
	if (n[OUT_SKIP] == o->repeat) {
		printf("SKIP %s/%s: %s\n", s->name, prof, show->msg);
		t->skip++;
	} else if (!strcmp(want, "any")) {
		if (!o->quiet)
			printf("INFO %s/%s: %s%s%s\n", s->name, prof,
			       outcome_names[show->out], show->msg[0] ? ": " : "",
			       show->msg);
	} else if (!have_bad) {
		if (!o->quiet) {
			if (!strcmp(want, "fail"))
				printf("PASS %s/%s: the bug is caught%s: %s\n",
				       s->name, prof, count, show->msg);
			else if (!strcmp(want, "measure"))
				printf("PASS %s/%s%s: measured: %s\n", s->name,
				       prof, count, show->notes);
			else
				printf("PASS %s/%s%s%s%s\n", s->name, prof, count,
				       show->notes[0] ? ": " : "", show->notes);
		}
		t->pass++;
	} else {
		if (!strcmp(want, "fail") && show->out == OUT_PASS)
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
	bool measure = s->kind && !strcmp(s->kind, "measurement");

	if (!o->matrix) {
		run_case(o, s, o->profile, "pass", t);
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
		char names[1024];

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
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct opts o = { .profile = "fixed", .repeat = 1, .timeout = 10,
			  .json_first = true };
	struct tally t = { 0 };
	char err[2048];
	int c;

	while ((c = getopt_long(argc, argv, "hq", lo, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'p':
			o.profile = optarg;
			break;
		case 'm':
			o.matrix = true;
			break;
		case 'a':
			o.all_profiles = true;
			break;
		case 'r':
		case 't': {
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end || end == optarg || !v || v > 1000000) {
				fprintf(stderr, "daxrace: --%s: not a positive "
					"number -- %s\n", c == 'r' ? "repeat"
								   : "timeout",
					optarg);
				return 1;
			}
			*(c == 'r' ? &o.repeat : &o.timeout) = (unsigned)v;
			break;
		}
		case 'c':
			o.csv = open_out(optarg);
			fprintf(o.csv, "check,profile,want,run,outcome,message,"
				"notes\n");
			break;
		case 'j':
			o.json = open_out(optarg);
			fputs("[", o.json);
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'P':
			dx_race_points(stdout, "\n");
			putchar('\n');
			return 0;
		case 'L': {
			char names[1024];
			FILE *m = fmemopen(names, sizeof(names), "w");

			dx_profile_names(m, " ");
			fclose(m);
			for (char *p = strtok(names, " "); p;
			     p = strtok(NULL, " "))
				printf("%-24s %s\n%-24s   (%s)\n", p,
				       dx_profile_mistake(p), "",
				       dx_profile_source(p));
			return 0;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "daxrace: no script given\n");
		usage(stderr);
		return 2;
	}
	if (!dx_profile_valid(o.profile)) {
		char names[1024];
		FILE *m = fmemopen(names, sizeof(names), "w");

		dx_profile_names(m, ", ");
		fclose(m);
		fprintf(stderr, "daxrace: unknown profile '%s' (valid: %s)\n",
			o.profile, names);
		return 1;
	}
	/* Parse and check everything first: a malformed script is an error
	 * before anything runs. */
	struct script **scripts = calloc((size_t)(argc - optind), sizeof(*scripts));
	int ns = 0, bad = 0;

	for (int i = optind; i < argc; i++) {
		struct script *s = script_load(argv[i], err, sizeof(err));

		if (!s || !engine_validate(s, err, sizeof(err))) {
			fprintf(stderr, "daxrace: %s\n", err);
			script_free(s);
			bad++;
			continue;
		}
		scripts[ns++] = s;
	}
	if (bad) {
		for (int i = 0; i < ns; i++)
			script_free(scripts[i]);
		free(scripts);
		printf("0 passed, %d failed, 0 skipped\n", bad);
		return 1;
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
	printf("%d passed, %d failed, %d skipped\n", t.pass, t.fail, t.skip);
	return t.fail ? 1 : (t.pass == 0 && t.skip) ? 77 : 0;
}
