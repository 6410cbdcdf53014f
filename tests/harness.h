/* SPDX-License-Identifier: MIT */
/*
 * harness.h - the unit-test harness (one header, no library).
 *
 *   TEST(name) { CHECK(x == 1, "x is %d", x); ... }
 *
 * Each case runs in its own child process (fork), so a crash or a hang in
 * one case is reported as that case's failure and the rest still run.  Set
 * T_NOFORK=1 to run in-process under a debugger, T_FILTER=substr to run a
 * subset, T_TIMEOUT=seconds to change the per-case limit (default 120).
 *
 * Output, one line per case, then the summary line the runner parses:
 *   PASS <binary>/<case>
 *   FAIL <binary>/<case>: <file>:<line>: <message>
 *   SKIP <binary>/<case>: <reason>
 *   N passed, N failed, N skipped
 * Exit status: 0 all passed, 1 any failed, 77 nothing ran but skips.
 */
#ifndef DAXBENCH_HARNESS_H
#define DAXBENCH_HARNESS_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct t_case {
	const char *name;
	void (*fn)(void);
};

#define T_MAX_CASES 256
static struct t_case t_cases[T_MAX_CASES];
static int t_ncases;
static int t_failed_here;	/* in the child: this case has failed */
static int t_skipped_here;

static inline void t_register(const char *name, void (*fn)(void))
{
	if (t_ncases < T_MAX_CASES)
		t_cases[t_ncases++] = (struct t_case){ name, fn };
}

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void t_reg_##name(void)	\
	{ t_register(#name, name); }					\
	static void name(void)

static inline void t_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (t_failed_here++)	/* report the first failure; count the rest */
		return;
	fprintf(stdout, "#FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/* CHECK records a failure and goes on; REQUIRE also ends the case. */
#define CHECK(cond, ...)						\
	do { if (!(cond)) t_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define REQUIRE(cond, ...)						\
	do { if (!(cond)) { t_fail(__FILE__, __LINE__, __VA_ARGS__);	\
			    return; } } while (0)
/* For calls returning 0 / -errno. */
#define REQUIRE_OK(expr)						\
	do { long long t_rc_ = (long long)(expr);			\
	     if (t_rc_ < 0) { t_fail(__FILE__, __LINE__, "%s = %lld (%s)", \
			#expr, t_rc_, strerror((int)-t_rc_)); return; } } while (0)

#define SKIP(...)							\
	do { printf("#SKIP "); printf(__VA_ARGS__); printf("\n");	\
	     fflush(stdout); t_skipped_here = 1; return; } while (0)

/* Per-test scratch file name under $T_TMPDIR (default /tmp). */
static inline const char *t_tmpdir(void)
{
	const char *d = getenv("T_TMPDIR");

	return d && *d ? d : "/tmp";
}

static int t_run_one(const struct t_case *c)
{
	t_failed_here = t_skipped_here = 0;
	c->fn();
	fflush(stdout);
	return t_failed_here ? 1 : t_skipped_here ? 77 : 0;
}

/*
 * The child prints "#FAIL ..." / "#SKIP ..." detail lines; the parent turns
 * them into the single result line, so a child that dies still gets one.
 */
static int t_main(const char *prog)
{
	const char *filter = getenv("T_FILTER");
	int nofork = getenv("T_NOFORK") != NULL;
	int timeout = getenv("T_TIMEOUT") ? atoi(getenv("T_TIMEOUT")) : 120;
	int pass = 0, fail = 0, skip = 0;
	const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < t_ncases; i++) {
		const struct t_case *c = &t_cases[i];
		char out[8192] = "", detail[1024] = "";
		int status = 0, rc;

		if (filter && !strstr(c->name, filter))
			continue;
		if (nofork) {
			rc = t_run_one(c);
		} else {
			int pfd[2];
			pid_t pid;
			ssize_t n;
			size_t got = 0;
			char sink[4096];

			if (pipe(pfd) < 0) {
				perror("pipe");
				return 1;
			}
			fflush(stdout);
			pid = fork();
			if (pid == 0) {
				close(pfd[0]);
				dup2(pfd[1], STDOUT_FILENO);
				alarm(timeout);
				_exit(t_run_one(c));
			}
			close(pfd[1]);
			/* Keep the first 8 KiB; drain the rest so the child
			 * never blocks on a full pipe. */
			while ((n = read(pfd[0], got < sizeof(out) - 1 ?
					 out + got : sink,
					 got < sizeof(out) - 1 ?
					 sizeof(out) - 1 - got : sizeof(sink))) > 0)
				if (got < sizeof(out) - 1)
					got += n;
			out[got] = 0;
			close(pfd[0]);
			waitpid(pid, &status, 0);
			if (WIFEXITED(status))
				rc = WEXITSTATUS(status);
			else
				rc = 128 + WTERMSIG(status);
		}
		/* The first #FAIL / #SKIP line is the case's reason; other
		 * output is shown only when the case failed. */
		for (char *l = out, *e; *l; l = e + (*e != 0)) {
			e = l + strcspn(l, "\n");
			if (!detail[0] && (!strncmp(l, "#FAIL ", 6) ||
					   !strncmp(l, "#SKIP ", 6)))
				snprintf(detail, sizeof(detail), "%.*s",
					 (int)(e - l), l);
			else if (rc != 0 && rc != 77 && e > l)
				printf("    %.*s\n", (int)(e - l), l);
		}
		if (rc == 0) {
			printf("PASS %s/%s\n", base, c->name);
			pass++;
		} else if (rc == 77) {
			printf("SKIP %s/%s: %s\n", base, c->name,
			       strncmp(detail, "#SKIP ", 6) ? "(no reason)"
							    : detail + 6);
			skip++;
		} else {
			if (!strncmp(detail, "#FAIL ", 6))
				printf("FAIL %s/%s: %s\n", base, c->name,
				       detail + 6);
			else if (rc == 128 + SIGALRM)
				printf("FAIL %s/%s: timed out after %d s\n",
				       base, c->name, timeout);
			else if (rc > 128)
				printf("FAIL %s/%s: killed by signal %d (%s)\n",
				       base, c->name, rc - 128,
				       strsignal(rc - 128));
			else
				printf("FAIL %s/%s: exit status %d\n", base,
				       c->name, rc);
			fail++;
		}
	}
	printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	return fail ? 1 : (pass == 0 && skip > 0) ? 77 : 0;
}

#define TEST_MAIN()							\
	int main(int argc, char **argv)					\
	{ (void)argc; return t_main(argv[0]); }

#endif
