// SPDX-License-Identifier: MIT
/*
 * main.c - daxcopy: the copy-kernel benchmark.  Options, the plan of
 * figures, the interleaved repetitions, exit codes.  See usage() below.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "daxcopy.h"
#include "refopts.h"

/* the reference options daxcopy takes (suite/common/refopts.c) */
#define DC_REFOPTS "isa,flush"
#include "spread.h"
#include "copy_rank.h"
#include "xfsfmt.h"

#define EXIT_USAGE	2

const char *const dc_op_name[DC_OP_COUNT] = { "copy", "zero" };
const char *const dc_src_name[DC_SRC_COUNT] = { "hot", "cold" };

static void usage(FILE *out)
{
	fprintf(out,
"Usage: daxcopy [OPTION]...\n"
"Measures every copy kernel of libdaxref (NT, cached+flush, cached; per ISA\n"
"and flush instruction) and PMDK's pmem_memcpy_persist / pmem_memset_persist\n"
"as the peer, in one run, kernels interleaved across repetitions.  Each\n"
"figure is GiB/s over --total bytes of calls of one size, the median of\n"
"--reps passes, and its ratio to the fastest bare NT kernel of that column.\n"
"\n"
"  --sizes LIST     call sizes, comma-separated, xfs_io syntax (64, 4k, 16m);\n"
"                   default 4k,64k,16m\n"
"  --total SIZE     bytes each figure writes per thread; default 1g (the\n"
"                   destination is max(SIZE, largest call size))\n"
"  --reps N         repetitions, the figure is their median; default 5\n"
"  --threads LIST   thread counts, e.g. 1,2; each thread has its own\n"
"                   destination; aggregate and per-thread figures; default 1\n"
"  --cpus LIST      pin thread i to the i-th CPU number of LIST\n"
"  --kernels PATS   comma-separated glob patterns of kernel names (--list);\n"
"                   the peer is 'pmdk'; default all\n"
"  --ops LIST       copy,zero; default both\n"
"  --source LIST    hot,cold (copy only); default both.  hot: the source is\n"
"                   one call-size buffer reused; cold: it streams through a\n"
"                   buffer of 4 x the last-level cache\n"
"  --csv FILE       also write one CSV row per figure, with machine facts\n"
"  --list           print the kernel table, runnable or not and why; exit\n"
"  --quick          smoke run: --total 16m --reps 3 unless given\n"
"  --help           this text\n"
"The kernel set marked '*' (the reference's options, suite/common/refopts.c):\n");
	refopts_help(out, DC_REFOPTS);
	fprintf(out,
"\n"
"Environment: DAXBENCH_ISA, DAXBENCH_FLUSH, DAXBENCH_CPU_HIDE (cpu.h);\n"
"PMEM_* variables reach libpmem (PMEM_IS_PMEM_FORCE=1 is always set).\n"
"Exit status: 0 done; 1 a failure while running (memory, --csv file);\n"
"2 bad usage: an unknown option, a bad value in an option or in DAXBENCH_*,\n"
"or an instruction this CPU lacks.\n");
}

static int bad(const char *opt, const char *val, const char *why)
{
	fprintf(stderr, "daxcopy: %s: '%s': %s\n", opt, val, why);
	return -EINVAL;
}

static int parse_size(const char *opt, const char *s, long long *out)
{
	int rc = xfs_cvtnum(s, 4096, 512, out);

	if (rc == -EINVAL)
		return bad(opt, s, "not a size (xfs_io syntax: 64, 4k, 16m, 1g)");
	if (rc == -ERANGE && strchr(s, '-'))
		return bad(opt, s, "must not be negative");
	if (rc == -ERANGE || *out > (1LL << 40))
		return bad(opt, s, "out of range (at most 1t)");
	if (*out < 1)
		return bad(opt, s, "must be at least 1 byte");
	return 0;
}

static int parse_int(const char *opt, const char *s, int lo, int hi, int *out)
{
	char *end, why[64];
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end)
		return bad(opt, s, "not a whole number");
	if (errno || v < lo || v > hi) {
		snprintf(why, sizeof(why), "out of range (%d..%d)", lo, hi);
		return bad(opt, s, why);
	}
	*out = (int)v;
	return 0;
}

/* Splits a comma-separated list; @each parses one item into slot @i. */
static int parse_list(const char *opt, const char *s, int max,
		      int (*each)(const char *opt, const char *item, int i,
				  void *ctx), void *ctx, int *count)
{
	char buf[1024], *tok, *save = NULL;
	int n = 0, rc;

	if (strlen(s) >= sizeof(buf))
		return bad(opt, s, "list too long");
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n >= max)
			return bad(opt, s, "too many items");
		rc = each(opt, tok, n++, ctx);
		if (rc)
			return rc;
	}
	if (!n)
		return bad(opt, s, "empty list");
	*count = n;
	return 0;
}

static int each_size(const char *opt, const char *item, int i, void *ctx)
{
	return parse_size(opt, item, &((long long *)ctx)[i]);
}

static int each_thread(const char *opt, const char *item, int i, void *ctx)
{
	return parse_int(opt, item, 1, DC_MAX_LIST, &((int *)ctx)[i]);
}

static int each_cpu(const char *opt, const char *item, int i, void *ctx)
{
	return parse_int(opt, item, 0, CPU_SETSIZE - 1, &((int *)ctx)[i]);
}

/* For --ops and --source: ctx is {names, count, flags}. */
struct named_flags {
	const char *const	*names;
	int			n;
	bool			*on;
};

static int each_name(const char *opt, const char *item, int i, void *ctx)
{
	struct named_flags *nf = ctx;
	char why[96];

	(void)i;
	for (int k = 0; k < nf->n; k++) {
		if (!strcmp(item, nf->names[k])) {
			nf->on[k] = true;
			return 0;
		}
	}
	snprintf(why, sizeof(why), "unknown; valid: %s %s", nf->names[0],
		 nf->names[1]);
	return bad(opt, item, why);
}

static int parse_names(const char *opt, const char *s,
		       const char *const *names, int n, bool *on)
{
	struct named_flags nf = { names, n, on };
	int count;

	memset(on, 0, n * sizeof(*on));
	return parse_list(opt, s, 16, each_name, &nf, &count);
}

/* --cpus must name CPUs this process may run on, or pinning would fail
 * (or silently not happen) inside the measurement. */
static int check_cpus(const struct dc_opts *o)
{
	cpu_set_t allowed;
	char num[16];

	if (!o->ncpus || sched_getaffinity(0, sizeof(allowed), &allowed))
		return 0;
	for (int i = 0; i < o->ncpus; i++) {
		if (CPU_ISSET(o->cpus[i], &allowed))
			continue;
		snprintf(num, sizeof(num), "%d", o->cpus[i]);
		return bad("--cpus", num, "not a CPU this process may run on");
	}
	return 0;
}

enum { OPT_SIZES = 256, OPT_TOTAL, OPT_REPS, OPT_THREADS, OPT_CPUS,
	OPT_KERNELS, OPT_OPS, OPT_SOURCE, OPT_CSV,
	OPT_LIST, OPT_QUICK, OPT_HELP,
	OPT_REFOPT = 0x200 };	/* + the index in refopts.h's table */

static const struct option own_opts[] = {
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "total", required_argument, NULL, OPT_TOTAL },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "kernels", required_argument, NULL, OPT_KERNELS },
	{ "ops", required_argument, NULL, OPT_OPS },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "help", no_argument, NULL, OPT_HELP },
};
#define NOWN	(int)(sizeof(own_opts) / sizeof(own_opts[0]))

/* own_opts, then the reference's options this tool takes (refopts.h) */
static const struct option *longopts(void)
{
	static const struct option *all;

	if (!all && !(all = refopts_getopt(own_opts, NOWN, DC_REFOPTS, OPT_REFOPT))) {
		fprintf(stderr, "daxcopy: out of memory\n");
		exit(1);
	}
	return all;
}

/* Returns 0, 1 for --help, or -EINVAL after printing why. */
static int parse_opts(int argc, char **argv, struct dc_opts *o)
{
	bool total_given = false, reps_given = false;
	struct refopts ref;
	int c, rc = 0;

	refopts_init(&ref);

	*o = (struct dc_opts){
		.sizes = { 4 << 10, 64 << 10, 16 << 20 }, .nsizes = 3,
		.total = 1LL << 30, .reps = 5,
		.threads = { 1 }, .nthreads = 1,
		.ops = { true, true }, .srcs = { true, true },
	};
	opterr = 0;
	while (!rc && (c = getopt_long(argc, argv, ":", longopts(), NULL)) != -1) {
		switch (c) {
		case OPT_SIZES:
			rc = parse_list("--sizes", optarg, DC_MAX_LIST,
					each_size, o->sizes, &o->nsizes);
			break;
		case OPT_TOTAL:
			rc = parse_size("--total", optarg, &o->total);
			total_given = true;
			break;
		case OPT_REPS:
			rc = parse_int("--reps", optarg, 1, 1000, &o->reps);
			reps_given = true;
			break;
		case OPT_THREADS:
			rc = parse_list("--threads", optarg, DC_MAX_LIST,
					each_thread, o->threads, &o->nthreads);
			break;
		case OPT_CPUS:
			rc = parse_list("--cpus", optarg, DC_MAX_LIST,
					each_cpu, o->cpus, &o->ncpus);
			break;
		case OPT_KERNELS: o->kernels = optarg; break;
		case OPT_OPS:
			rc = parse_names("--ops", optarg, dc_op_name,
					 DC_OP_COUNT, o->ops);
			break;
		case OPT_SOURCE:
			rc = parse_names("--source", optarg, dc_src_name,
					 DC_SRC_COUNT, o->srcs);
			break;
		case OPT_CSV: o->csv = optarg; break;
		case OPT_LIST: o->list = true; break;
		case OPT_QUICK: o->quick = true; break;
		case OPT_HELP: return 1;
		case ':':
			fprintf(stderr, "daxcopy: %s needs a value\n",
				argv[optind - 1]);
			rc = -EINVAL;
			break;
		default:
			if (c >= OPT_REFOPT && c < OPT_REFOPT + refopts_count()) {
				char err[512];

				if ((rc = refopts_set(&ref, c - OPT_REFOPT, optarg,
						      err, sizeof(err))))
					fprintf(stderr, "daxcopy: %s\n", err);
				o->isa = ref.o.isa;
				o->flush = ref.o.flush;
				break;
			}
			fprintf(stderr, "daxcopy: unknown option '%s'\n",
				argv[optind - 1]);
			rc = -EINVAL;
			break;
		}
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "daxcopy: unexpected argument '%s'\n",
			argv[optind]);
		rc = -EINVAL;
	}
	if (rc)
		return rc;
	rc = check_cpus(o);
	if (rc)
		return rc;
	if (o->quick && !total_given)
		o->total = 16 << 20;
	if (o->quick && !reps_given)
		o->reps = 3;
	return 0;
}

static bool matches(const char *pats, const char *name, char *used)
{
	char buf[1024], *tok, *save = NULL;
	bool hit = false;
	int i = 0;

	snprintf(buf, sizeof(buf), "%s", pats);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), i++) {
		if (!fnmatch(tok, name, 0)) {
			hit = true;
			if (i < 64)
				used[i] = 1;
		}
	}
	return hit;
}

/* The rows: every table kernel, then the peer.  Checks --kernels. */
static int build_kernels(struct dc_run *r)
{
	char used[64] = { 0 }, buf[1024], *tok, *save = NULL;
	int n = n_copy_kernels + 1, i = 0;

	r->kern = calloc(n, sizeof(*r->kern));
	if (!r->kern)
		return -ENOMEM;
	for (unsigned j = 0; j < n_copy_kernels; j++) {
		struct dc_kernel *k = &r->kern[j];
		const struct copy_kernel *ck = &copy_kernels[j];

		k->name = ck->name;
		k->k = ck;
		k->copy = ck->copy;
		k->zero = ck->zero;
		k->runnable = copy_kernel_runnable(ck);
		if (!k->runnable)
			copy_kernel_why_not(ck, k->why, sizeof(k->why));
		k->chosen = ck == r->kset.nt || ck == r->kset.cached_flush ||
			    ck == r->kset.cached;
	}
	r->kern[n - 1] = (struct dc_kernel){
		.name = "pmdk", .copy = r->peer.copy, .zero = r->peer.zero,
		.runnable = r->peer.available,
	};
	snprintf(r->kern[n - 1].why, sizeof(r->kern[n - 1].why), "%s",
		 r->peer.why);
	r->nkern = n;

	for (int j = 0; j < n; j++)
		r->kern[j].selected = !r->o.kernels ||
			matches(r->o.kernels, r->kern[j].name, used);
	if (!r->o.kernels)
		return 0;
	snprintf(buf, sizeof(buf), "%s", r->o.kernels);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), i++) {
		if (i < 64 && !used[i]) {
			bad("--kernels", tok, "matches no kernel (see --list)");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The figures, grouped: threads x size x op x source, and inside a group
 * one cell per measured kernel, so a group is one column of a table.
 */
static int plan_cells(struct dc_run *r)
{
	const struct dc_opts *o = &r->o;
	int active = 0, max = 0, n = 0;

	for (int k = 0; k < r->nkern; k++)
		active += r->kern[k].selected && r->kern[k].runnable;
	max = o->nthreads * o->nsizes * DC_OP_COUNT * DC_SRC_COUNT * active;
	r->cells = calloc(max ? max : 1, sizeof(*r->cells));
	if (!r->cells)
		return -ENOMEM;
	for (int t = 0; t < o->nthreads; t++)
	for (int s = 0; s < o->nsizes; s++)
	for (int op = 0; op < DC_OP_COUNT; op++)
	for (int src = 0; src < DC_SRC_COUNT; src++) {
		if (!o->ops[op] || (op == DC_ZERO && src != DC_HOT) ||
		    (op == DC_COPY && !o->srcs[src]))
			continue;
		for (int k = 0; k < r->nkern; k++) {
			struct dc_cell *c = &r->cells[n];
			int nt = o->threads[t];

			if (!r->kern[k].selected || !r->kern[k].runnable)
				continue;
			*c = (struct dc_cell){
				.kernel = k, .op = op, .size = o->sizes[s],
				.src = src, .threads = nt, .best_nt = -1,
			};
			c->agg = calloc(o->reps, sizeof(double));
			c->per = calloc((size_t)o->reps * nt, sizeof(double));
			c->per_median = calloc(nt, sizeof(double));
			if (!c->agg || !c->per || !c->per_median)
				return -ENOMEM;
			n++;
		}
	}
	r->ncells = n;
	return 0;
}

static bool same_column(const struct dc_cell *a, const struct dc_cell *b)
{
	return a->op == b->op && a->size == b->size && a->src == b->src &&
	       a->threads == b->threads;
}

static void summarise(struct dc_run *r)
{
	for (int i = 0; i < r->ncells; i++) {
		struct dc_cell *c = &r->cells[i];

		struct spread sp;

		spread_of(c->agg, r->o.reps, 1, &sp);
		c->median = sp.median;
		c->min = sp.min;
		c->max = sp.max;
		c->cv = sp.cv;
		for (int t = 0; t < c->threads; t++) {
			spread_of(c->per + t, r->o.reps, c->threads, &sp);
			c->per_median[t] = sp.median;
		}
	}
	for (int i = 0; i < r->ncells; i++) {
		struct dc_cell *c = &r->cells[i];
		double best = 0;

		for (int j = 0; j < r->ncells; j++) {
			const struct dc_cell *d = &r->cells[j];
			const struct copy_kernel *k = r->kern[d->kernel].k;

			if (same_column(c, d) && k && k->kind == CK_NT &&
			    d->median > best) {
				best = d->median;
				c->best_nt = d->kernel;
			}
		}
		c->ratio = best > 0 ? c->median / best : 0;
	}
}

static double loadavg(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/*
 * Each repetition measures every cell once; inside a column the kernels
 * start at a different one each time, so drift spreads over all.  The
 * CPU time the process got per second of timed thread tells whether
 * other work took the CPU away (on a 2-CPU machine it often does).
 */
static int measure(struct dc_run *r)
{
	char err[256];
	struct timespec a, b;
	double cpu0;
	int rc;

	r->load_before = loadavg();
	cpu0 = cpu_seconds();
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int rep = -1; rep < r->o.reps; rep++) {
		if (rep < 0)
			fprintf(stderr, "daxcopy: warm-up\n");
		else
			fprintf(stderr, "daxcopy: repetition %d/%d\n",
				rep + 1, r->o.reps);
		for (int g = 0; g < r->ncells; ) {
			int n = 1;

			while (g + n < r->ncells &&
			       same_column(&r->cells[g], &r->cells[g + n]))
				n++;
			for (int j = 0; j < n; j++) {
				int ci = g + (j + (rep < 0 ? 0 : rep)) % n;

				rc = dc_bench_measure(r, ci, rep, err,
						      sizeof(err));
				if (rc) {
					fprintf(stderr, "daxcopy: %s\n", err);
					return rc;
				}
			}
			g += n;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	r->seconds = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) * 1e-9;
	r->load_after = loadavg();
	/* The timed passes are nearly all of the measuring time; thread
	 * start-up outside them can push a short run past 1. */
	if (r->thread_seconds > 0)
		r->cpu_share = (cpu_seconds() - cpu0) / r->thread_seconds;
	if (r->cpu_share > 1)
		r->cpu_share = 1;
	return 0;
}

static void free_run(struct dc_run *r)
{
	for (int i = 0; r->cells && i < r->ncells; i++) {
		free(r->cells[i].agg);
		free(r->cells[i].per);
		free(r->cells[i].per_median);
	}
	free(r->cells);
	free(r->kern);
}

static int run_main(struct dc_run *r, int argc, char **argv);

int main(int argc, char **argv)
{
	struct dc_run run = { 0 };
	int rc = run_main(&run, argc, argv);

	free_run(&run);
	return rc;
}

static int run_main(struct dc_run *r, int argc, char **argv)
{
	struct cpu_choice choice;
	FILE *csv = NULL;
	char err[512];
	int rc;

	rc = parse_opts(argc, argv, &r->o);
	if (rc == 1) {
		usage(stdout);
		return 0;
	}
	if (rc) {
		fprintf(stderr, "Try 'daxcopy --help'.\n");
		return EXIT_USAGE;
	}
	rc = cpu_choose(r->o.isa, r->o.flush, &choice, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "daxcopy: %s\n", err);
		return EXIT_USAGE;
	}
	/* The set the modes would use: overrides, then the ranking. */
	rc = pm_kset_choose(&r->kset, &choice, NULL, NULL, NULL, err,
			    sizeof(err));
	if (rc) {
		fprintf(stderr, "daxcopy: %s\n", err);
		return EXIT_USAGE;
	}
	dc_peer_load(&r->peer);	/* before anything else loads libpmem */

	rc = build_kernels(r);
	if (rc)
		return rc == -EINVAL ? EXIT_USAGE : EXIT_FAILURE;
	if (r->o.list) {
		dc_print_list(stdout, r);
		return 0;
	}
	rc = plan_cells(r);
	if (rc) {
		fprintf(stderr, "daxcopy: out of memory\n");
		return EXIT_FAILURE;
	}
	if (!r->ncells) {
		fprintf(stderr, "daxcopy: --kernels: nothing selected can run "
			"on this CPU (see --list)\n");
		return EXIT_USAGE;
	}
	if (r->o.csv) {
		csv = fopen(r->o.csv, "w");
		if (!csv) {
			fprintf(stderr, "daxcopy: --csv: '%s': %s\n", r->o.csv,
				strerror(errno));
			return EXIT_FAILURE;
		}
	}
	rc = dc_bench_setup(r, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "daxcopy: %s\n", err);
		return EXIT_FAILURE;
	}
	dc_print_header(stdout, r);
	fflush(stdout);
	rc = measure(r);
	dc_bench_teardown(r);
	if (rc)
		return EXIT_FAILURE;
	summarise(r);
	dc_print_tables(stdout, r);
	if (csv) {
		rc = dc_write_csv(r, csv, err, sizeof(err));
		if (fclose(csv) && !rc)
			snprintf(err, sizeof(err), "close: %s", strerror(errno));
		if (rc) {
			fprintf(stderr, "daxcopy: --csv: '%s': %s\n",
				r->o.csv, err);
			return EXIT_FAILURE;
		}
	}
	return 0;
}
