// SPDX-License-Identifier: MIT
/*
 * main.c - daxsweep: what each copy mode of the reference costs per call
 * size and per thread, through dx_pwrite()/dx_fsync().  Options, the plan
 * of figures, the interleaved repetitions, exit codes.  See usage().
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daxsweep.h"
#include "refopts.h"

/* the reference options daxsweep takes (suite/common/refopts.c) */
#define SW_REFOPTS "zeroing"
#include "optlist.h"

#define EXIT_USAGE	2

static void usage(FILE *out)
{
	fprintf(out,
"Usage: daxsweep sizes   [--modes LIST] [--sizes LIST] [--total SIZE] [--calls N]\n"
"                        [--reps N] [--zeroing POLICY] [--csv FILE]\n"
"       daxsweep threads [--modes LIST] [--threads LIST] [--size SIZE]\n"
"                        [--total SIZE] [--alloc] [--reps N] [--zeroing POLICY]\n"
"                        [--csv FILE]\n"
"       daxsweep --help\n"
"\n"
"Measures the copy modes of the reference DAX filesystem (libdaxref)\n"
"through its whole write and fsync path, where daxcopy measures the bare\n"
"copy kernels.  Each mode has its own prefaulted memfd region; modes are\n"
"interleaved across repetitions and a figure is the median of --reps\n"
"passes after one untimed warm-up.\n"
"\n"
"sizes    overwrite one file with calls of each size and report, per mode:\n"
"         write (the calls alone), write+fsync (the calls, then one fsync:\n"
"         the cost to durability of a stream) and write+fsync-each (an\n"
"         fsync after every call: the cost of one durable write)\n"
"threads  N threads, each writing its own file with --size calls, then\n"
"         fsync; aggregate GiB/s from the first start to the last end\n"
"\n"
"  --modes LIST     copy modes, comma-separated; default all of them\n"
"                   (daxio --list-modes)\n"
"  --sizes LIST     call sizes (xfs_io syntax: 64, 4k, 16m); default\n"
"                   64,256,1k,4k,64k,1m,16m,64m\n"
"  --size SIZE      threads: the call size; default 4k\n"
"  --threads LIST   threads: thread counts; default 1..number of CPUs\n"
"  --total SIZE     sizes: bytes a figure writes at most, and the file's\n"
"                   size (at least the largest call); threads: bytes each\n"
"                   thread writes per pass; default 64m\n"
"  --calls N        sizes: calls a figure makes at most (small sizes would\n"
"                   otherwise take long); default 16384\n"
"  --alloc          threads: truncate the files before every pass, so every\n"
"                   call allocates (default: overwrite files written first)\n"
"  --reps N         repetitions; default 3\n"
"  --csv FILE       also write one CSV row per figure and metric\n"
"  --help           this text\n");
	refopts_help(out, SW_REFOPTS);	/* the reference's option table */
	fprintf(out,
"\n"
"Environment: DAXBENCH_ISA, DAXBENCH_FLUSH choose the kernels, as for daxio.\n"
"Exit status: 0 done; 1 a failure while running (mount, write, --csv file);\n"
"2 bad usage (unknown study, option or mode, or a bad value).\n");
}

#define TOOL	"daxsweep"

static int each_size(const char *item, int i, void *ctx)
{
	return opt_size(TOOL, "--sizes", item, 1LL << 36,
			&((long long *)ctx)[i]);
}

static int each_thread(const char *item, int i, void *ctx)
{
	long long v;
	int rc = opt_num(TOOL, "--threads", item, 1, SW_MAX_LIST, &v);

	((int *)ctx)[i] = (int)v;
	return rc;
}

/* Mode names must outlive the parse: they point into argv's copy. */
static int each_mode(const char *item, int i, void *ctx)
{
	struct sw_opts *o = ctx;
	char *list = NULL, why[256];
	size_t len = 0;
	FILE *m;

	if (dx_mode_valid(item)) {
		free((char *)o->modes[i]);	/* --modes given twice */
		o->modes[i] = strdup(item);
		return o->modes[i] ? 0 : -ENOMEM;
	}
	m = open_memstream(&list, &len);
	if (m) {
		dx_mode_list(m, ", ");
		fclose(m);
	}
	snprintf(why, sizeof(why), "unknown mode; valid modes: %s",
		 list ? list : "?");
	free(list);
	return opt_bad(TOOL, "--modes", item, why);
}

enum { OPT_MODES = 256, OPT_SIZES, OPT_SIZE, OPT_THREADS, OPT_TOTAL,
	OPT_CALLS, OPT_ALLOC, OPT_REPS, OPT_CSV, OPT_HELP,
	OPT_REFOPT = 0x200 };	/* + the index in refopts.h's table */

static const struct option own_opts[] = {
	{ "modes", required_argument, NULL, OPT_MODES },
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "total", required_argument, NULL, OPT_TOTAL },
	{ "calls", required_argument, NULL, OPT_CALLS },
	{ "alloc", no_argument, NULL, OPT_ALLOC },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "help", no_argument, NULL, OPT_HELP },
};
#define NOWN	(int)(sizeof(own_opts) / sizeof(own_opts[0]))

/* own_opts, then the reference's options this tool takes (refopts.h) */
static const struct option *longopts(void)
{
	static const struct option *all;

	if (!all && !(all = refopts_getopt(own_opts, NOWN, SW_REFOPTS, OPT_REFOPT))) {
		fprintf(stderr, "daxsweep: out of memory\n");
		exit(1);
	}
	return all;
}

/* Options that belong to one study only, by name, for the error. */
static int wrong_study(int c, enum sw_study s)
{
	bool sizes_only = c == OPT_SIZES || c == OPT_CALLS;
	bool threads_only = c == OPT_SIZE || c == OPT_THREADS ||
			    c == OPT_ALLOC;

	if ((s == SW_THREADS && sizes_only) || (s == SW_SIZES && threads_only)) {
		for (const struct option *o = longopts(); o->name; o++)
			if (o->val == c)
				fprintf(stderr, "daxsweep: --%s is an option "
					"of 'daxsweep %s'\n", o->name,
					s == SW_SIZES ? "threads" : "sizes");
		return -EINVAL;
	}
	return 0;
}

/* Returns 0, 1 for --help, or -EINVAL after printing why. */
static int parse_opts(int argc, char **argv, struct sw_opts *o)
{
	static const long long def_sizes[] = { 64, 256, 1024, 4096, 65536,
		1 << 20, 16 << 20, 64 << 20 };
	struct refopts ref;
	long long v;
	int c, rc;

	memset(o, 0, sizeof(*o));
	refopts_init(&ref);
	o->zeroing = ref.o.zeroing;
	o->total = 64 << 20;
	o->calls = 16384;
	o->reps = 3;
	if (argc < 2) {
		usage(stderr);
		return -EINVAL;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 1;
	}
	if (!strcmp(argv[1], "sizes")) {
		o->study = SW_SIZES;
	} else if (!strcmp(argv[1], "threads")) {
		o->study = SW_THREADS;
	} else {
		fprintf(stderr, "daxsweep: unknown study '%s'; valid studies: "
			"sizes, threads (daxsweep --help)\n", argv[1]);
		return -EINVAL;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", longopts(), NULL)) != -1) {
		if (wrong_study(c, o->study))
			return -EINVAL;
		switch (c) {
		case OPT_MODES:
			rc = opt_list(TOOL, "--modes", optarg, 8, each_mode, o,
				      &o->nmodes);
			break;
		case OPT_SIZES:
			rc = opt_list(TOOL, "--sizes", optarg, SW_MAX_LIST,
				      each_size, o->sizes, &o->nsizes);
			break;
		case OPT_SIZE:
			rc = opt_size(TOOL, "--size", optarg, 1LL << 36,
				      &o->sizes[0]);
			o->nsizes = 1;
			break;
		case OPT_THREADS:
			rc = opt_list(TOOL, "--threads", optarg, SW_MAX_LIST,
				      each_thread, o->threads, &o->nthreads);
			break;
		case OPT_TOTAL:
			rc = opt_size(TOOL, "--total", optarg, 1LL << 36,
				      &o->total);
			break;
		case OPT_CALLS:
			rc = opt_num(TOOL, "--calls", optarg, 1, 1LL << 30, &v);
			o->calls = v;
			break;
		case OPT_REPS:
			rc = opt_num(TOOL, "--reps", optarg, 1, 1000, &v);
			o->reps = (int)v;
			break;
		case OPT_ALLOC:
			o->alloc = true;
			rc = 0;
			break;

		case OPT_CSV:
			o->csv = optarg;
			rc = 0;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return 1;
		default:
			if (c >= OPT_REFOPT && c < OPT_REFOPT + refopts_count()) {
				char err[512];

				rc = refopts_set(&ref, c - OPT_REFOPT, optarg, err,
						 sizeof(err));
				if (rc)
					fprintf(stderr, TOOL ": %s\n", err);
				o->zeroing = ref.o.zeroing;
				break;
			}
			fprintf(stderr, "Try 'daxsweep --help'.\n");
			return -EINVAL;
		}
		if (rc)
			return rc;
	}
	if (optind < argc) {
		fprintf(stderr, "daxsweep: unexpected argument '%s' "
			"(daxsweep --help)\n", argv[optind]);
		return -EINVAL;
	}
	if (!o->nmodes) {
		/* every mode of the library's table (ref/modes.def) */
		for (int i = 0; i < dx_mode_count() && i < 8; i++)
			o->modes[i] = strdup(dx_mode_at(i, NULL));
		o->nmodes = dx_mode_count() < 8 ? dx_mode_count() : 8;
	}
	if (!o->nsizes && o->study == SW_SIZES) {
		memcpy(o->sizes, def_sizes, sizeof(def_sizes));
		o->nsizes = sizeof(def_sizes) / sizeof(def_sizes[0]);
	} else if (!o->nsizes) {
		o->sizes[0] = 4096;
		o->nsizes = 1;
	}
	if (!o->nthreads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o->nthreads = n < 1 ? 1 : n > SW_MAX_LIST ? SW_MAX_LIST : (int)n;
		for (int i = 0; i < o->nthreads; i++)
			o->threads[i] = i + 1;
	}
	if (o->study == SW_THREADS) {
		o->nsizes = 1;
		if (o->total < o->sizes[0])
			return opt_bad(TOOL, "--total", "", "must be at least "
				       "--size");
	}
	return 0;
}

/* The figures of the run, in the order a repetition measures them. */
static int plan(struct sw_run *r)
{
	const struct sw_opts *o = &r->o;
	int per_mode = o->study == SW_SIZES ? o->nsizes * 2 : o->nthreads;
	int n = 0;

	r->figs = calloc((size_t)(per_mode * o->nmodes), sizeof(*r->figs));
	if (!r->figs)
		return -ENOMEM;
	r->nfigs = per_mode * o->nmodes;	/* zeroed: free_run() is safe */
	for (int i = 0; i < (o->study == SW_SIZES ? o->nsizes : o->nthreads);
	     i++) {
		for (int k = 0; k < (o->study == SW_SIZES ? 2 : 1); k++) {
			for (int m = 0; m < o->nmodes; m++) {
				struct sw_fig *f = &r->figs[n++];
				long long size = o->sizes[o->study == SW_SIZES
							  ? i : 0];

				f->mode = m;
				f->size = size;
				f->threads = o->study == SW_SIZES ? 1
						: o->threads[i];
				f->metric = k ? SW_EACH : SW_STREAM;
				if (o->study == SW_THREADS) {
					f->calls = o->total / size;
				} else {
					f->calls = r->span / size;
					if (f->calls > o->calls)
						f->calls = o->calls;
					if (f->calls < 1)
						f->calls = 1;
				}
				f->gibps = calloc((size_t)o->reps, sizeof(double));
				f->write_gibps = calloc((size_t)o->reps,
							sizeof(double));
				f->fsync_s = calloc((size_t)o->reps,
						    sizeof(double));
				if (!f->gibps || !f->write_gibps ||
				    !f->fsync_s)
					return -ENOMEM;
			}
		}
	}
	r->nfigs = n;
	return 0;
}

static void free_run(struct sw_run *r)
{
	for (int i = 0; r->figs && i < r->nfigs; i++) {
		free(r->figs[i].gibps);
		free(r->figs[i].write_gibps);
		free(r->figs[i].fsync_s);
	}
	free(r->figs);
	/* Every slot: a list that failed part way has no count. */
	for (size_t i = 0; i < sizeof(r->o.modes) / sizeof(r->o.modes[0]); i++)
		free((char *)r->o.modes[i]);
}

static int run_main(struct sw_run *r, int argc, char **argv);

int main(int argc, char **argv)
{
	struct sw_run r;

	memset(&r, 0, sizeof(r));
	int rc = run_main(&r, argc, argv);

	free_run(&r);
	return rc;
}

static int run_main(struct sw_run *r, int argc, char **argv)
{
	struct timespec t0, t1;
	char err[512] = "";
	FILE *csv = NULL;
	int rc;

	rc = parse_opts(argc, argv, &r->o);
	if (rc)
		return rc > 0 ? 0 : EXIT_USAGE;
	if (r->o.csv && !(csv = fopen(r->o.csv, "w"))) {
		fprintf(stderr, "daxsweep: --csv %s: %s\n", r->o.csv,
			strerror(errno));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = sw_mount_all(r, err, sizeof(err));
	if (!rc)
		rc = plan(r);
	if (!rc)
		rc = sw_prepare(r, err, sizeof(err));
	for (int rep = -1; !rc && rep < r->o.reps; rep++) {
		/* progress on stderr, as daxcopy's: run.sh shows the last */
		if (rep < 0)
			fprintf(stderr, "daxsweep: warm-up\n");
		else
			fprintf(stderr, "daxsweep: repetition %d/%d\n", rep + 1,
				r->o.reps);
		for (int i = 0; !rc && i < r->nfigs; i++)
			rc = sw_measure(r, &r->figs[i], rep, err, sizeof(err));
	}
	if (rc) {
		fprintf(stderr, "daxsweep: %s\n", err[0] ? err : strerror(-rc));
		sw_umount_all(r);
		if (csv)
			fclose(csv);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	r->seconds = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	sw_finish(r);
	printf("daxsweep %s: libdaxref copy modes through dx_pwrite/dx_fsync\n",
	       r->o.study == SW_SIZES ? "sizes" : "threads");
	sw_print(stdout, r);
	printf("\nmeasuring took %.1f s\n", r->seconds);
	sw_umount_all(r);
	if (csv && (sw_write_csv(r, csv) || fclose(csv))) {
		fprintf(stderr, "daxsweep: --csv %s: %s\n", r->o.csv,
			strerror(errno));
		return 1;
	}
	return 0;
}
