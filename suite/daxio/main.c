// SPDX-License-Identifier: MIT
/*
 * main.c - daxio: run xfs_io command lines against a real file or the
 * reference DAX filesystem.
 *
 *   daxio [-adfinrstx] [-m mode] [-p prog] [[-c|-C] cmd]... [file...]
 *   daxio --ref MODE [reference options] [-f] -c cmd ... name
 *
 * Start-up is xfs_io's: options, then every file is opened (a failure
 * ends the run with status 1), then the -c/-C commands run in order, or,
 * with none, commands are read from standard input.  The exit status is 1
 * when any command failed, else 0.  xfs_io's own options keep xfs_io's
 * status for bad usage (1); daxio's reference options (--ref and the
 * options that need it) exit 2 for bad usage, as daxbench's other tools:
 * an unknown or unusable value, an option without --ref, a bad size.
 */
#define EXIT_USAGE	2
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daxio.h"
#include "refopts.h"
#include "xfsfmt.h"

static const struct target_ops *const targets[] = {
	&target_posix_ops,
	&target_ref_ops,
};

const struct target_ops *target_find(const char *name)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (!strcmp(targets[i]->name, name))
			return targets[i];
	return NULL;
}

struct cmdline {
	const char	*text;
	bool		iterate;	/* -c: every open file; -C: current */
};

/* daxio's own long options; the reference's come from their table
 * (refopts.h) with values from OPT_REFOPT up, appended by long_opts(). */
enum { OPT_DESCRIBE = 0x100, OPT_STATS, OPT_HELP, OPT_LIST_MODES,
       OPT_REFOPT = 0x200 };

static const struct option own_opts[] = {
	{ "describe",	 no_argument,	    NULL, OPT_DESCRIBE },
	{ "stats",	 required_argument, NULL, OPT_STATS },
	{ "help",	 no_argument,	    NULL, OPT_HELP },
	{ "list-modes",	 no_argument,	    NULL, OPT_LIST_MODES },
};
#define NOWN	(int)(sizeof(own_opts) / sizeof(own_opts[0]))

/* own_opts, then every reference option (refopts.h); NULL: no memory */
static const struct option *long_opts(void)
{
	static const struct option *all;

	if (!all)
		all = refopts_getopt(own_opts, NOWN, NULL, OPT_REFOPT);
	return all;
}

static void usage_line(FILE *out, const char *prog)
{
	fprintf(out, "Usage: %s [-adfinrstVx] [-m mode] [-p prog] "
		"[[-c|-C] cmd]... [--ref MODE [ref options]] file\n", prog);
}

static int usage_error(const char *prog)
{
	usage_line(stderr, prog);
	fprintf(stderr, "Try '%s --help' for more.\n", prog);
	return 1;
}

static int help(const char *prog)
{
	usage_line(stdout, prog);
	printf(
"\n"
"Runs xfs_io command lines against FILE: by default the real file, with the\n"
"system calls xfs_io makes; with --ref MODE, a file of that name in the\n"
"reference DAX filesystem (libdaxref).  Report lines and error messages are\n"
"xfs_io's, so one parser reads both.\n"
"\n"
"With --ref, FILE lives in the reference's region - a memfd by default, so\n"
"nothing appears on disk and everything is gone at exit; --image PATH keeps\n"
"the region in a file.  Timing: without --prefault the first store to each\n"
"page of a fresh region is a host page fault inside the timed pwrite (about\n"
"10x slower the first time); ./run.sh always passes --prefault, and so\n"
"should any measurement that compares with its tables.\n"
"\n"
"Options (as xfs_io):\n"
"  -c cmd       run cmd on every open file; may be repeated, runs in order\n"
"  -C cmd       run cmd once, on the current (last opened) file\n"
"  -f           create FILE if it does not exist\n"
"  -r           open read-only\n"
"  -t           truncate FILE when opening it\n"
"  -a, -d, -s, -n, -L  O_APPEND, O_DIRECT, O_SYNC, O_NONBLOCK, O_NOFOLLOW\n"
"               (real files only)\n"
"  -m mode      permissions of a created file (default 0600)\n"
"  -p prog      program name for the prompt and messages\n"
"  -i, -x, -F   accepted as xfs_io does (idle thread, expert mode, ignored)\n"
"  -V           print the version (and, with --ref, what the reference runs)\n"
"  --stats FILE write where the run's wall time went to FILE (set-up, each\n"
"               command, close, teardown) and, with --ref, the reference's\n"
"               counters after mount and before unmount; see README.md\n"
"  -h, --help   this text\n"
"  --list-modes the reference's copy modes, one per line: name, dax|nodax,\n"
"               what write() does, what fsync does, who argued for it\n"
"               (tab-separated; run.sh and the reports read ref/modes.def)\n"
"Without -c or -C, commands are read from standard input.\n"
"\n"
"Reference target (all of these need --ref):\n");
	refopts_help(stdout, NULL);	/* the table: suite/common/refopts.c */
	printf(
"  --describe           print the chosen mode, kernels and flush, then exit\n"
"\n"
"Targets:\n");
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		printf("  %-6s %s\n", targets[i]->name, targets[i]->desc);
	printf("\nCommands (xfs_io's syntax; 'help CMD' inside daxio for more):\n");
	cmd_list(stdout, false);
	printf("\ndaxio extensions (ref target only):\n");
	cmd_list(stdout, true);
	return 0;
}

/* The IO_* flags a target cannot honour, named by their option letters. */
static int check_open_flags(const char *prog, const struct target_ops *ops,
			    int flags)
{
	static const struct { int flag; char opt; } names[] = {
		{ IO_READONLY, 'r' }, { IO_CREAT, 'f' }, { IO_TRUNC, 't' },
		{ IO_APPEND, 'a' }, { IO_DIRECT, 'd' }, { IO_OSYNC, 's' },
		{ IO_NONBLOCK, 'n' }, { IO_NOFOLLOW, 'L' },
	};
	int bad = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((flags & names[i].flag) &&
		    !(ops->open_flags & names[i].flag)) {
			fprintf(stderr, "%s: -%c is not supported by the %s "
				"target\n", prog, names[i].opt, ops->name);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static void *idle_loop(void *arg DX_UNUSED)
{
	for (;;)
		pause();
	return NULL;
}

/*
 * --stats FILE: where the wall time of a run goes, for benchmarks that time
 * the whole command (as time(1) does) and must show what of it is the
 * reference's own set-up and teardown.  "key = value" lines:
 *   time.setup      mount: region open/mmap/prefault, mkfs or recovery
 *   cmdN            the text of the N-th -c/-C command;  time.cmdN its time
 *   time.close      closing the files
 *   time.teardown   unmount: writeback of what is still dirty, checkpoint
 *   mount.KEY, end.KEY   the target's info lines (ref: dx_info) right after
 *                   set-up and after close, before teardown
 * Times are seconds of CLOCK_MONOTONIC.  The file is flushed at exit; a run
 * killed before that leaves it without its time.teardown line.
 */
static double lap(struct timespec *t0)
{
	struct timespec t;
	double d;

	clock_gettime(CLOCK_MONOTONIC, &t);
	d = (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
	*t0 = t;
	return d;
}

static void stats_info(FILE *st, struct target *t, const char *prefix)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *m;

	if (!st || !t->ops->info || !(m = open_memstream(&buf, &len)))
		return;
	t->ops->info(t, m);
	fclose(m);
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(st, "%s.%s\n", prefix, line);
	free(buf);
}

/* Interactive mode: one command per line; the prompt only on a terminal
 * (xfs_io's line editor prints none otherwise). */
static void command_loop(struct daxio *io)
{
	char *line = NULL;
	size_t cap = 0;
	bool tty = isatty(STDIN_FILENO);

	for (;;) {
		ssize_t n;

		if (tty) {
			printf("%s> ", io->progname);
			fflush(stdout);
		}
		n = getline(&line, &cap, stdin);
		if (n < 0)
			break;
		if (n && line[n - 1] == '\n')
			line[n - 1] = 0;
		if (cmd_run_line(io, line, false))
			break;
	}
	free(line);
}

/* The program; *cmdsp holds the -c/-C list, which daxio_main() frees
 * whichever way this returns. */
static int run(int argc, char **argv, struct cmdline **cmdsp)
{
	struct daxio io = { .create_mode = 0600, .curmap = -1 };
	struct refopts ref;
	struct target_cfg cfg = { .ref = &ref };
	bool have_ref = false;
	const char *stats_path = NULL;
	FILE *st = NULL;
	struct timespec t0;
	struct cmdline *cmds = NULL;
	int ncmds = 0, c, rc = 0;
	bool version = false, describe = false, idle = false;
	const struct target_ops *ops;
	char err[512] = "";

	refopts_init(&ref);
	io.progname = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
					     : argv[0];
	setlocale(LC_ALL, "");	/* as xfs_io: decimal point, isalnum() */

	if (!long_opts()) {
		fprintf(stderr, "%s: out of memory\n", io.progname);
		return 1;
	}
	while ((c = getopt_long(argc, argv, "ac:C:dFfhiLm:np:PrRstTVx",
				long_opts(), NULL)) != -1) {
		switch (c) {
		case 'a': io.open_flags |= IO_APPEND; break;
		case 'd': io.open_flags |= IO_DIRECT; break;
		case 'f': io.open_flags |= IO_CREAT; break;
		case 'n': io.open_flags |= IO_NONBLOCK; break;
		case 'r': io.open_flags |= IO_READONLY; break;
		case 's': io.open_flags |= IO_OSYNC; break;
		case 't': io.open_flags |= IO_TRUNC; break;
		case 'L': io.open_flags |= IO_NOFOLLOW; break;
		case 'F': case 'x': break;
		case 'i': idle = true; break;
		case 'p': io.progname = optarg; break;
		case 'V': version = true; break;
		case 'h': case OPT_HELP: return help(io.progname);
		case OPT_LIST_MODES: ref_mode_describe(stdout); return 0;
		case 'c':
		case 'C': {
			struct cmdline *n = realloc(cmds, (ncmds + 1) *
						    sizeof(*cmds));
			if (!n) {
				perror("realloc");
				return 1;
			}
			cmds = *cmdsp = n;
			cmds[ncmds++] = (struct cmdline){ optarg, c == 'c' };
			break;
		}
		case 'm': {
			char *end;

			io.create_mode = (mode_t)strtoul(optarg, &end, 0);
			if (end == optarg) {
				fprintf(stderr, "non-numeric mode -- %s\n",
					optarg);
				return 1;
			}
			break;
		}
		case 'P': case 'R': case 'T':
			fprintf(stderr, "%s: -%c (%s) is not supported\n",
				io.progname, c, c == 'P' ? "O_PATH" :
				c == 'R' ? "XFS realtime" : "O_TMPFILE");
			return 1;
		case OPT_STATS: stats_path = optarg; break;
		case OPT_DESCRIBE: describe = true; break;
		default:
			if (c < OPT_REFOPT || c >= OPT_REFOPT + refopts_count())
				return usage_error(io.progname);
			if (refopts_set(&ref, c - OPT_REFOPT, optarg, err,
					sizeof(err))) {
				fprintf(stderr, "%s: %s\n", io.progname, err);
				return EXIT_USAGE;
			}
			have_ref |= !strcmp(refopts_at(c - OPT_REFOPT)->name,
					    "ref");
		}
	}

	cfg.count_zeroing = stats_path != NULL;
	if ((ref.first || describe) && !have_ref) {
		fprintf(stderr, "%s: --%s needs --ref MODE (it is an option of"
			" the reference target)\n", io.progname,
			ref.first ? ref.first : "describe");
		return EXIT_USAGE;
	}
	ops = target_find(have_ref ? "ref" : "posix");
	if (!ops) {
		fprintf(stderr, "%s: --ref: this daxio was built without the "
			"reference target (libdaxref)\n", io.progname);
		return 1;
	}
	if (version && !have_ref) {
		printf("%s version %s (xfs_io %s syntax)\n", io.progname,
		       DAXIO_VERSION, XFSIO_VERSION);
		return 0;
	}
	if (check_open_flags(io.progname, ops, io.open_flags))
		return 1;

	/* Before the target exists: libdaxref chains to what it finds. */
	mapfault_install();
	if (stats_path && !(st = fopen(stats_path, "w"))) {
		fprintf(stderr, "%s: --stats %s: %s\n", io.progname,
			stats_path, strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	io.target.ops = ops;
	if ((rc = ops->setup(&io.target, &cfg, err, sizeof(err))) < 0) {
		fprintf(stderr, "%s: --ref %s: %s\n", io.progname, ref.o.mode,
			err);
		if (st)
			fclose(st);
		/* an unknown or unusable option value is bad usage; a region
		 * that cannot be opened or recovered is a failure */
		return rc == -EINVAL || rc == -ENOTSUP ? EXIT_USAGE : 1;
	}
	if (st) {
		fprintf(st, "time.setup = %.6f\n", lap(&t0));
		stats_info(st, &io.target, "mount");
	}
	if (version || describe) {
		if (version)
			printf("%s version %s (xfs_io %s syntax)\n",
			       io.progname, DAXIO_VERSION, XFSIO_VERSION);
		ops->describe(&io.target, stdout);
		goto teardown;
	}
	if (idle) {
		pthread_t t;

		if (pthread_create(&t, NULL, idle_loop, NULL)) {
			fprintf(stderr, "Error creating idle thread\n");
			rc = 1;
			goto teardown;
		}
	}

	for (; optind < argc; optind++) {
		if (file_open(&io, argv[optind], io.open_flags, false) < 0) {
			rc = 1;
			goto close_files;
		}
	}

	if (ncmds) {
		for (int i = 0; i < ncmds; i++) {
			int end = cmd_run_line(&io, cmds[i].text,
					       cmds[i].iterate);

			if (st)
				fprintf(st, "cmd%d = %s\ntime.cmd%d = %.6f\n",
					i + 1, cmds[i].text, i + 1, lap(&t0));
			if (end)
				break;
		}
	} else {
		command_loop(&io);
	}
	rc = io.exitcode;

close_files:
	fflush(stdout);
	map_unmap_all(&io);	/* a reference mapping holds its file open */
	if (st)
		lap(&t0);
	file_close_all(&io);
	if (io.exitcode)
		rc = 1;
	if (st) {
		fprintf(st, "time.close = %.6f\n", lap(&t0));
		stats_info(st, &io.target, "end");
		lap(&t0);
	}
teardown:
	c = ops->teardown(&io.target);
	if (st) {
		fprintf(st, "time.teardown = %.6f\n", lap(&t0));
		if (fclose(st)) {
			fprintf(stderr, "%s: --stats %s: %s\n", io.progname,
				stats_path, strerror(errno));
			rc = 1;
		}
	}
	if (c < 0) {
		fprintf(stderr, "%s: unmount: %s\n", io.progname,
			strerror(-c));
		rc = 1;
	}
	fflush(stdout);
	iobuf_free();
	return rc;
}

int daxio_main(int argc, char **argv)
{
	struct cmdline *cmds = NULL;
	int rc;

	optind = 0;	/* a full getopt reset, for a second run in-process */
	rc = run(argc, argv, &cmds);
	free(cmds);
	return rc;
}
