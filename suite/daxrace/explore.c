// SPDX-License-Identifier: MIT
/* explore.c - bounded-exhaustive schedule and crash exploration (explore.h). */
#include "explore.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "verdict.h"

/* --- the space: one table per kind of thing ------------------------------ */

enum { NEED_DAX = 1, NEED_2M = 2, NEED_BLOCK = 4 };

/*
 * What an operation does that the configuration can change (used to skip
 * configurations that cannot differ - see equivalent_to()):
 *   DOES_WRITE        it calls write() (dx_pwrite);
 *   DOES_WRITE_HOLE   its write() allocates when page 0 is a hole;
 *   DOES_WRITE_NEW    its write() allocates whatever the state;
 *   IS_FDATASYNC      it is fdatasync(), which the reference does as fsync
 *                     (no timestamps: dx_fsync() ignores @datasync).
 */
enum { DOES_WRITE = 1, DOES_WRITE_HOLE = 2, DOES_WRITE_NEW = 4,
       IS_FDATASYNC = 8 };

/*
 * Operations, each one thread's column.  Placeholders: {V} the byte it
 * writes, {Z} the file's size, {E} 8 KiB past it, {T} the thread, {H}
 * the mid-page EOF of state eof-mid, {W} 100 bytes past it.  The
 * mapping m covers the whole file (with 2 MiB pages: PMD faults); s covers
 * its first 8 KiB only (always 4 KiB faults, also inside a PMD's range).
 */
struct xop {
	const char	*name;
	const char	*what;
	const char	*steps[4];
	unsigned	needs;
	unsigned	does;
};

#define W_HOLE	(DOES_WRITE | DOES_WRITE_HOLE)
#define W_NEW	(DOES_WRITE | DOES_WRITE_NEW)
static const struct xop xops[] = {
	{ "pwrite", "write() of 8 bytes inside page 0: allocating over a "
	  "hole, overwriting data", { "pwrite f 2048 8 {V}" }, 0, W_HOLE },
	{ "pwrite-page", "write() of all of page 0", { "pwrite f 0 4k {V}" },
	  0, W_HOLE },
	{ "pwrite-extend", "write() of 4 KiB at EOF, extending the file",
	  { "pwrite f {Z} 4k {V}" }, 0, W_NEW },
	{ "pwrite-from-map", "write() of page 0 from a mapping of another "
	  "file, not yet faulted: the copy inside write() faults",
	  { "pwrite f 0 4k from src 4096" }, 0, W_HOLE },
	{ "pread", "read() of pages 0-1", { "pread f 0 8k" }, 0, 0 },
	{ "load", "a load from page 0 through m (a PMD fault with 2 MiB "
	  "pages)", { "mload m 0 8" }, 0, 0 },
	{ "store", "a store to page 0 through m", { "mstore m 0 8 {V}" }, 0, 0 },
	{ "store-next", "a store to page 1 through m", { "mstore m 4096 8 {V}" },
	  0, 0 },
	{ "store-tail", "a store 100 bytes past the EOF of state eof-mid (in "
	  "the EOF page): it must never show as file data",
	  { "mstore m {W} 8 {V}" }, 0, 0 },
	{ "load-small", "a load from page 1 through s: a 4 KiB fault inside "
	  "the PMD's range", { "mload s 4096 8" }, NEED_2M, 0 },
	{ "store-small", "a store to page 1 through s: a 4 KiB fault inside "
	  "the PMD's range", { "mstore s 4096 8 {V}" }, NEED_2M, 0 },
	{ "truncate-down", "truncate to 0, then another file reuses the "
	  "freed blocks", { "truncate f 0", "pwrite g 0 {Z} 0x77" }, 0, W_NEW },
	{ "truncate-up", "truncate to 8 KiB past EOF", { "truncate f {E}" }, 0, 0 },
	{ "punch", "punch page 0", { "fpunch f 0 4k" }, 0, 0 },
	{ "zero", "zero range of page 0", { "fzero f 0 4k" }, 0, 0 },
	{ "falloc", "fallocate up to 8 KiB past EOF", { "falloc f 0 {E}" }, 0, 0 },
	{ "fsync", "fsync()", { "fsync f" }, 0, 0 },
	{ "fdatasync", "fdatasync()", { "fdatasync f" }, 0, IS_FDATASYNC },
	{ "msync", "msync(MS_SYNC) of page 0", { "msync m 0 4k" }, 0, 0 },
	{ "msync-next", "msync(MS_SYNC) of page 1: a range that starts inside "
	  "a PMD", { "msync m 4096 4k" }, NEED_2M, 0 },
	{ "pin-dma", "pin page 0 (GUP), a device writes it, unpin",
	  { "pin m 0 4k as p{T} maybe", "dma p{T} 0 8 {V}", "unpin p{T}" },
	  NEED_DAX, 0 },
	{ "memfail", "memory failure of page 0's block: find and unmap its "
	  "owner", { "memfail f 0 as mf{T} maybe" }, NEED_DAX | NEED_BLOCK, 0 },
};
#define NXOPS (int)(sizeof(xops) / sizeof(xops[0]))

enum { S_BLOCK = 1, S_2M = 2, S_ALLOCS = 4 };

struct xstate {
	const char	*name;
	const char	*what;
	const char	*setup[3];
	unsigned	flags;	/* S_BLOCK: page 0 has a block; S_2M: only
				 * with 2 MiB pages; S_ALLOCS: operations
				 * allocate, so the zeroing policy matters */
};

static const struct xstate xstates[] = {
	{ "hole", "page 0 is a hole", { NULL }, S_ALLOCS },
	{ "unwritten", "page 0 is preallocated (unwritten)",
	  { "falloc f 0 {Z}" }, S_BLOCK },
	{ "written", "page 0 holds data", { "fill f 0 {Z} 0x11" }, S_BLOCK },
	{ "zero-mapped", "a hole with the zero page mapped at page 0",
	  { "mread m 0 1" }, S_ALLOCS },
	{ "pte-mapped", "data mapped by a 4 KiB page-table entry",
	  { "fill f 0 {Z} 0x11", "mread s 0 1" }, S_BLOCK },
	{ "pmd-mapped", "data mapped by a PMD", { "fill f 0 {Z} 0x11",
	  "mread m 0 1" }, S_BLOCK | S_2M },
	{ "wp-mapped", "data stored through m, then written back: m maps it "
	  "write-protected (clean), so the next store is a pfn_mkwrite",
	  { "fill f 0 {Z} 0x11", "mwrite m 0 8 0x11" }, S_BLOCK },
	{ "eof-mid", "data, then truncated to 2192 bytes short of its size: "
	  "EOF in the middle of a page", { "fill f 0 {Z} 0x11",
	  "truncate f {H}" }, S_BLOCK },
};
#define NXSTATES (int)(sizeof(xstates) / sizeof(xstates[0]))

/* The copy modes, from the library's table (ref/modes.def), in its order:
 * the seeded samples depend on it. */
#define NMODES 4
static const char *xmodes[NMODES];
static const char *const xzeroings[] = { "zero-on-alloc", "unwritten" };
static const char *const xpages[] = { "4k", "2m" };
#define NZEROINGS 2
#define NPAGES 2

void explore_opts_init(struct explore_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->profile = "fixed";
	o->bound = 2;
	o->triple_bound = 1;
	o->seed = 1;
	o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->jobs < 1)
		o->jobs = 1;
	o->timeout = 5;
	o->max_reduce = 10;
	o->crash_len = 2;
}

void explore_list(FILE *out)
{
	fprintf(out, "operations (--ops):\n");
	for (int i = 0; i < NXOPS; i++)
		fprintf(out, "  %-16s %s%s\n", xops[i].name, xops[i].what,
			xops[i].needs & NEED_DAX ? " [DAX modes]" :
			xops[i].needs & NEED_2M ? " [2 MiB pages]" : "");
	fprintf(out, "initial states (--states):\n");
	for (int i = 0; i < NXSTATES; i++)
		fprintf(out, "  %-16s %s%s\n", xstates[i].name, xstates[i].what,
			xstates[i].flags & S_2M ? " [2 MiB pages]" : "");
	fprintf(out, "copy modes (--modes): movnt, clwb, deferred, pagecache\n"
		"zeroing (--zeroing): zero-on-alloc, unwritten\n"
		"page sizes (--pages): 4k (an 8 KiB file), 2m (a 2 MiB file "
		"with a PMD-capable mapping)\n");
}

/* Bit i set when name i of @names is in the comma list @list (all if
 * NULL).  -1 with @err on an unknown name. */
static long pick_set(const char *kind, const char *list,
		     const char *const *names, int n, char *err, size_t len)
{
	long set = 0;

	if (!list)
		return (1L << n) - 1;
	char *copy = strdup(list), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		int i = 0;

		while (i < n && strcmp(names[i], t))
			i++;
		if (i == n) {
			size_t k = (size_t)snprintf(err, len, "unknown %s '%s' "
						    "(valid: ", kind, t);
			for (int j = 0; j < n && k < len; j++)
				k += (size_t)snprintf(err + k, len - k, "%s%s",
						      j ? ", " : "", names[j]);
			if (k < len)
				snprintf(err + k, len - k, ")");
			free(copy);
			return -1;
		}
		set |= 1L << i;
	}
	free(copy);
	return set;
}

static const char *op_names[NXOPS], *state_names_[NXSTATES];

static void name_tables(void)
{
	for (int i = 0; i < NXOPS; i++)
		op_names[i] = xops[i].name;
	for (int i = 0; i < NXSTATES; i++)
		state_names_[i] = xstates[i].name;
	/* a mode added to ref/modes.def needs its place in the space here */
	assert(dx_mode_count() == NMODES);
	for (int i = 0; i < NMODES; i++)
		xmodes[i] = dx_mode_at(i, NULL);
}

struct space {
	long	ops, states, modes, zeroings, pages;
	bool	all_configs;	/* --all-configs: run equivalent ones too */
};

static bool get_space(const struct explore_opts *o, struct space *sp,
		      char *err, size_t len)
{
	name_tables();
	sp->all_configs = o->all_configs;
	return (sp->ops = pick_set("operation", o->ops, op_names, NXOPS, err,
				   len)) >= 0 &&
	       (sp->states = pick_set("state", o->states, state_names_,
				      NXSTATES, err, len)) >= 0 &&
	       (sp->modes = pick_set("copy mode", o->modes, xmodes, NMODES, err,
				     len)) >= 0 &&
	       (sp->zeroings = pick_set("zeroing", o->zeroings, xzeroings,
					NZEROINGS, err, len)) >= 0 &&
	       (sp->pages = pick_set("page size", o->pages, xpages, NPAGES,
				     err, len)) >= 0;
}

bool explore_validate(const struct explore_opts *o, char *err, size_t len)
{
	struct space sp;

	if (!get_space(o, &sp, err, len))
		return false;
	if (o->profile && strcmp(o->profile, "fixed") &&
	    !dx_profile_valid(o->profile)) {
		char names[2048] = "";
		FILE *m = fmemopen(names, sizeof(names), "w");

		if (m) {
			dx_profile_names(m, ", ");
			fclose(m);
		}
		snprintf(err, len, "unknown profile '%s' (valid: %s)",
			 o->profile, names);
		return false;
	}
	if (o->bound < 0 || o->bound > MAX_SWITCH || o->triple_bound < 0 ||
	    o->triple_bound > MAX_SWITCH) {
		snprintf(err, len, "--bound: 0 to %d preemptions", MAX_SWITCH);
		return false;
	}
	return true;
}

/* --- cases ---------------------------------------------------------------- */

/*
 * A case: two or three operations, one per thread; or, for crash
 * exploration (crash set), one thread running the operations in order,
 * each followed by the persistence point sync[i] (an index into
 * xsyncs; 0 = none).
 */
struct xcase {
	int	mode, zeroing, page, state;
	int	nops;
	int	op[3];
	bool	crash;
	int	sync[3];
};

/* Persistence points of crash exploration, after an operation. */
static const char *const xsyncs[] = { NULL, "fsync f", "fdatasync f",
				      "msync m 0 8k" };
static const char *const xsync_names[] = { "", "fsync", "fdatasync", "msync" };
#define NSYNCS 4

/* The operations crash exploration sequences: those that change the file. */
static const char *const crash_ops[] = { "pwrite", "pwrite-page",
	"pwrite-extend", "truncate-down", "truncate-up", "punch", "zero",
	"falloc", "store", "store-tail" };
#define NCRASH_OPS (int)(sizeof(crash_ops) / sizeof(crash_ops[0]))

/*
 * Configurations that cannot differ are run once.  In the reference (and
 * this is what the claim rests on, so a change there must revisit it):
 * - the DAX copy modes differ only inside write(): mode->write_copy and
 *   mode->tag_dirty are read in dax_write() alone (ref/rw.c); faults,
 *   fsync/msync (dax_writeback), truncate, zeroing (zero_partial) and pins
 *   do the same in movnt, clwb and deferred.  A case where no operation
 *   calls write() runs in movnt and stands for clwb and deferred.  (Its
 *   set-up writes run in the mode too, and end fsync'ed - durable and
 *   clean - in each.)
 * - the zeroing policy is read only when write() allocates in a DAX mode
 *   (dx_iomap with IOMAP_WRITE alone, from dax_write): faults zero new
 *   blocks whatever it says (IOMAP_ZERO_NEW), fallocate and zero range
 *   preallocate unwritten (IOMAP_PREALLOC), and page-cache writeback
 *   allocates written blocks.  Elsewhere zero-on-alloc stands for both.
 * - fdatasync is fsync: dx_fsync() ignores @datasync (the reference keeps
 *   no timestamps, and both log the size), so a case with fdatasync - as
 *   an operation or a crash sequence's persistence point - stands for
 *   itself only with --all-configs.
 * --all-configs runs them all (tests/cli/daxrace_explore.sh compares).
 */
static unsigned case_does(const struct xcase *c)
{
	unsigned d = 0;

	for (int i = 0; i < c->nops; i++)
		d |= xops[c->op[i]].does;
	return d;
}

/* The mode (or zeroing policy) index of the case that stands for @c, or
 * -1 if @c stands for itself. */
static int equivalent_mode(const struct xcase *c)
{
	return (c->mode == 1 || c->mode == 2) && !(case_does(c) & DOES_WRITE)
		? 0 : -1;
}

static int equivalent_zeroing(const struct xcase *c)
{
	const struct xstate *st = &xstates[c->state];
	unsigned d = case_does(c);
	bool allocs = c->mode != 3 && ((d & DOES_WRITE_NEW) ||
				       ((d & DOES_WRITE_HOLE) &&
					(st->flags & S_ALLOCS)));

	return c->zeroing != 0 && !allocs ? 0 : -1;
}

/* A sampled case becomes the one that stands for it. */
static void canonical(struct xcase *c, const struct space *sp)
{
	int m = sp->all_configs ? -1 : equivalent_mode(c);

	if (m >= 0 && (sp->modes >> m & 1))
		c->mode = m;
	int z = sp->all_configs ? -1 : equivalent_zeroing(c);

	if (z >= 0 && (sp->zeroings >> z & 1))
		c->zeroing = z;
}

static int op_index(const char *name)
{
	for (int i = 0; i < NXOPS; i++)
		if (!strcmp(xops[i].name, name))
			return i;
	return -1;
}

/* Cases left out as equivalent to one that runs (the report says so). */
static long equiv_skipped;

/* True if @c is left out as equivalent to another case of the space
 * @modes/@zeroings (bit sets) - one that will run; counted. */
static bool skipped_as_equivalent(const struct xcase *c, long modes,
				  long zeroings, long ops, bool all_configs)
{
	if (all_configs)
		return false;
	int m = equivalent_mode(c), z = equivalent_zeroing(c);
	/* fdatasync is fsync here: as an operation, or as a crash
	 * sequence's persistence point. */
	bool fdatasync = (case_does(c) & IS_FDATASYNC) &&
			 (ops >> op_index("fsync") & 1);

	for (int i = 0; c->crash && i < c->nops; i++)
		fdatasync |= c->sync[i] == 2;
	if ((m >= 0 && (modes >> m & 1)) || (z >= 0 && (zeroings >> z & 1)) ||
	    fdatasync) {
		equiv_skipped++;
		return true;
	}
	return false;
}

static bool case_ok(const struct xcase *c)
{
	const struct xstate *st = &xstates[c->state];

	if ((st->flags & S_2M) && c->page != 1)
		return false;
	for (int i = 0; i < c->nops; i++) {
		unsigned n = xops[c->op[i]].needs;

		if ((n & NEED_DAX) && c->mode == 3)
			return false;
		if ((n & NEED_2M) && c->page != 1)
			return false;
		if ((n & NEED_BLOCK) && !(st->flags & S_BLOCK))
			return false;
	}
	return true;
}

static void case_name(const struct xcase *c, char *buf, size_t len)
{
	size_t n = 0;

	if (c->crash)
		n += (size_t)snprintf(buf, len, "crash:");
	for (int i = 0; i < c->nops; i++) {
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      i ? (c->crash ? "," : "+") : "",
				      xops[c->op[i]].name);
		if (c->crash && c->sync[i])
			n += (size_t)snprintf(buf + n, len - n, ",%s",
					      xsync_names[c->sync[i]]);
	}
	snprintf(buf + n, len - n, "@%s/%s/%s/%s", xstates[c->state].name,
		 xmodes[c->mode], xzeroings[c->zeroing], xpages[c->page]);
}

/* Expands the placeholders of @tmpl into @out. */
static void expand(const char *tmpl, const struct xcase *c, int thread,
		   char *out, size_t len)
{
	uint64_t size = c->page ? 2ULL << 20 : 8192;
	size_t n = 0;

	for (const char *p = tmpl; *p && n + 32 < len; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'V': n += (size_t)snprintf(out + n, len - n, "0x%02x",
				0xa1 + 0x11 * thread); break;
			case 'Z': n += (size_t)snprintf(out + n, len - n, "%llu",
				(unsigned long long)size); break;
			case 'E': n += (size_t)snprintf(out + n, len - n, "%llu",
				(unsigned long long)(size + 8192)); break;
			case 'T': n += (size_t)snprintf(out + n, len - n, "%d",
				thread); break;
			case 'H': n += (size_t)snprintf(out + n, len - n, "%llu",
				(unsigned long long)(size - 2192)); break;
			case 'W': n += (size_t)snprintf(out + n, len - n, "%llu",
				(unsigned long long)(size - 2092)); break;
			}
			p += 2;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = 0;
}

/* The set-up lines of a case: the configuration, old data in every free
 * block, the files, the mappings, the initial state, all made durable. */
static int setup_text(const struct xcase *c, const char *profile, char *buf,
		      size_t len)
{
	uint64_t size = c->page ? 2ULL << 20 : 8192;
	size_t n = 0;
	char line[256];

	n += (size_t)snprintf(buf + n, len - n,
		"mode %s\nzeroing %s\nregion 8m\n"
		"prefill old             # 0xee in every free block: a new\n"
		"                        # block that is not zeroed shows it\n"
		"file f %llu\nfile g\n"
		"file sf 8k\nfill sf 0 8k 0x5c   # the source of pwrite-from-map\n"
		"mmap sf 0 8k as src\n"
		"mmap f 0 %llu as m\nmmap f 0 8k as s\n",
		xmodes[c->mode], xzeroings[c->zeroing],
		(unsigned long long)size, (unsigned long long)size);
	for (int i = 0; i < 3 && xstates[c->state].setup[i]; i++) {
		expand(xstates[c->state].setup[i], c, 0, line, sizeof(line));
		n += (size_t)snprintf(buf + n, len - n, "%s\n", line);
	}
	n += (size_t)snprintf(buf + n, len - n, "sync\n");
	(void)profile;
	return (int)n;
}

/* The diagram: operation i in column i. */
static char *case_text(const struct xcase *c, const char *profile,
		       const char *header)
{
	size_t len = 8192, n = 0;
	char *buf = malloc(len), line[256];

	if (!buf)
		return NULL;
	n += (size_t)snprintf(buf, len, "%s", header);
	n += (size_t)setup_text(c, profile, buf + n, len - n);
	n += (size_t)snprintf(buf + n, len - n, "\n");
	if (c->crash) {		/* one thread, the operations in order */
		n += (size_t)snprintf(buf + n, len - n, "P0\n");
		for (int i = 0; i < c->nops; i++) {
			for (int k = 0; k < 4 && xops[c->op[i]].steps[k]; k++) {
				expand(xops[c->op[i]].steps[k], c, i, line,
				       sizeof(line));
				n += (size_t)snprintf(buf + n, len - n, "%s\n",
						      line);
			}
			if (c->sync[i])
				n += (size_t)snprintf(buf + n, len - n, "%s\n",
						      xsyncs[c->sync[i]]);
		}
		return buf;
	}
	for (int t = 0; t < c->nops; t++)
		n += (size_t)snprintf(buf + n, len - n, "%sP%d", t ? " | " : "", t);
	n += (size_t)snprintf(buf + n, len - n, "\n");
	for (int t = 0; t < c->nops; t++) {
		for (int k = 0; k < 4 && xops[c->op[t]].steps[k]; k++) {
			expand(xops[c->op[t]].steps[k], c, t, line, sizeof(line));
			for (int p = 0; p < t; p++)
				n += (size_t)snprintf(buf + n, len - n, " | ");
			n += (size_t)snprintf(buf + n, len - n, "%s\n", line);
		}
	}
	return buf;
}

static const char GEN_HEADER[] =
	"# Source: daxrace --explore (generated)\n"
	"# Expected result: the oracle's rules hold (suite/daxrace/ORACLE.md)\n"
	"# Buggy result: -\n"
	"# Profile: none\n";

static struct script *case_script(const struct xcase *c, const char *profile)
{
	char *text = case_text(c, profile, GEN_HEADER), err[1024], name[160];
	FILE *f;
	struct script *s = NULL;

	if (!text)
		return NULL;
	case_name(c, name, sizeof(name));
	if ((f = fmemopen(text, strlen(text), "r"))) {
		s = script_parse(f, name, err, sizeof(err));
		fclose(f);
	}
	if (s && !engine_validate(s, err, sizeof(err))) {
		script_free(s);
		s = NULL;
	}
	if (!s)
		fprintf(stderr, "daxrace: --explore: a generated case does not "
			"parse (a bug of the explorer): %s\n%s", err, text);
	free(text);
	return s;
}

/* --- running schedules in children --------------------------------------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct job {
	int		cs;		/* index of its case */
	struct schedule	sc;
};

/*
 * A slot runs one job at a time through a case server: a process that
 * mounted the case and ran its set-up once, then forks one child per
 * schedule, waits for it (killing it past the watchdog), puts the
 * filesystem's shared memory back (dx_snapshot_restore) and forwards the
 * child's result.  A slot rebinds to another case by starting a new
 * server.
 */
struct slot {
	int		cs;		/* the case its server prepared, -1 */
	pid_t		server;
	int		cmd_fd, res_fd;
	bool		busy;
	struct job	job;
	struct result	res;
	size_t		got;
	double		t0;
};
/* What the explorer learned of one case. */
struct cstate {
	struct xcase	c;
	struct script	*s;
	int		pending;	/* jobs queued or running */
	long		runs, violations, errors;
	bool		have_bad;
	struct schedule	bad_sc;
	struct result	*bad;		/* the first violation's result */
	struct result	*err;		/* the first error */
	bool		stop;		/* power mode: found, stop */
	bool		done;		/* every schedule judged: a row is due */
	double		t_start, t_end;	/* first job queued, last judged */
};

static struct {
	const struct explore_opts *o;
	const char	*profile;
	struct cstate	*cases;
	long		ncases, next_case;
	struct job	*stack;
	long		nstack, capstack;
	struct slot	*slots;
	long		runs, violations, errors, cases_done, cases_bad;
	long		decisions, images;
	double		t0;
	bool		out_of_time, stop_all;
	/* reductions written */
	int		reduced;
	long		rule_count[8];
} X;

static void push(const struct job *j)
{
	if (X.nstack == X.capstack) {
		long cap = X.capstack ? 2 * X.capstack : 1024;
		struct job *v = realloc(X.stack, (size_t)cap * sizeof(*v));

		if (!v) {
			fprintf(stderr, "daxrace: --explore: out of memory\n");
			exit(1);
		}
		X.stack = v;
		X.capstack = cap;
	}
	X.stack[X.nstack++] = *j;
	X.cases[j->cs].pending++;
}

static bool write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += w;
		len -= (size_t)w;
	}
	return true;
}

static bool read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);

		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += r;
		len -= (size_t)r;
	}
	return true;
}

static void synth(struct result *r, enum outcome o, const char *rule,
		  const char *msg)
{
	memset(r, 0, sizeof(*r));
	r->out = o;
	snprintf(r->rule, sizeof(r->rule), "%s", rule);
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
}

/* One schedule in a child of the server; the result through a pipe. */
static void server_run(struct run *run, struct dx_snapshot *snap,
		       const struct schedule *sc, struct result *res)
{
	int pfd[2];
	double limit = 20.0 + 4.0 * X.o->timeout;

	if (pipe(pfd) < 0) {
		synth(res, OUT_ERROR, "", "pipe failed");
		return;
	}
	pid_t c = fork();

	if (c == 0) {
		close(pfd[0]);
		engine_execute(run, sc, true, X.o->timeout, res);
		_exit(write_all(pfd[1], res, sizeof(*res)) ? 0 : 2);
	}
	close(pfd[1]);
	struct pollfd p = { pfd[0], POLLIN, 0 };
	bool ok = poll(&p, 1, (int)(limit * 1000)) > 0 &&
		  read_all(pfd[0], res, sizeof(*res));
	int status = 0;

	close(pfd[0]);
	if (!ok)
		kill(c, SIGKILL);
	waitpid(c, &status, 0);
	if (!ok) {
		char msg[256];

		if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
			snprintf(msg, sizeof(msg), "the run died: %s",
				 strsignal(WTERMSIG(status)));
		else
			snprintf(msg, sizeof(msg), "hang: the run did not finish "
				 "in %.0f s and was killed", limit);
		synth(res, OUT_FAIL, WIFSIGNALED(status) &&
		      WTERMSIG(status) != SIGKILL ? "structure" : "", msg);
	}
	if (dx_snapshot_restore(run->fs, snap))
		synth(res, OUT_ERROR, "", "could not restore the case's memory "
		      "after a run");
}

/* The server's life: prepare, then one run per schedule read. */
static void server_main(const struct cstate *cs, int cmd_fd, int res_fd)
{
	struct result setup, res;
	struct run *run = engine_prepare(cs->s, X.profile, &setup);
	struct dx_snapshot *snap = run ? dx_snapshot_take(run->fs) : NULL;
	struct schedule sc;

	if (run && !snap)
		synth(&setup, OUT_ERROR, "", "no memory for the case's snapshot");
	while (read_all(cmd_fd, &sc, sizeof(sc))) {
		if (!run || !snap)
			res = setup;	/* the set-up failed: say so each time */
		else
			server_run(run, snap, &sc, &res);
		if (!write_all(res_fd, &res, sizeof(res)))
			break;
	}
	_exit(0);
}

static void stop_server(struct slot *sl)
{
	if (sl->server <= 0)
		return;
	close(sl->cmd_fd);
	close(sl->res_fd);
	kill(sl->server, SIGKILL);	/* its child, if any, is killed by
					 * the hang watchdog or finishes */
	waitpid(sl->server, NULL, 0);
	sl->server = 0;
	sl->cs = -1;
}

static bool start_server(struct slot *sl, int cs)
{
	int cmd[2], res[2];

	stop_server(sl);
	if (pipe(cmd) < 0 || pipe(res) < 0)
		return false;
	fflush(NULL);
	pid_t pid = fork();

	if (pid < 0)
		return false;
	if (pid == 0) {
		close(cmd[1]);
		close(res[0]);
		signal(SIGPIPE, SIG_DFL);
		server_main(&X.cases[cs], cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	sl->server = pid;
	sl->cmd_fd = cmd[1];
	sl->res_fd = res[0];
	sl->cs = cs;
	return true;
}

static void start_job(struct slot *sl, const struct job *j)
{
	sl->job = *j;
	sl->got = 0;
	sl->t0 = now_s();
	sl->busy = true;
	if ((sl->cs != j->cs && !start_server(sl, j->cs)) ||
	    !write_all(sl->cmd_fd, &j->sc, sizeof(j->sc))) {
		synth(&sl->res, OUT_ERROR, "", "could not start the case's "
		      "server");
		sl->got = sizeof(sl->res);
	}
}

/* Loads the next case's roots; false when there is none. */
static bool next_case(void)
{
	while (X.next_case < X.ncases) {
		struct cstate *cs = &X.cases[X.next_case++];

		cs->t_start = now_s();
		cs->s = case_script(&cs->c, X.profile);
		if (!cs->s) {
			cs->errors++;
			X.errors++;
			continue;
		}
		for (int f = cs->c.nops - 1; f >= 0; f--) {
			struct job j = { .cs = (int)(cs - X.cases) };

			j.sc.first = f;
			push(&j);
		}
		return true;
	}
	return false;
}

static const char *const rules[] = { "serializable", "coherent", "durable",
	"structure", "memfail", "deadlock", "hang", "other" };

static int rule_index(const struct result *r)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(r->rule, rules[i]))
			return i;
	if (!strncmp(r->msg, "deadlock", 8))
		return 5;
	if (!strncmp(r->msg, "hang", 4))
		return 6;
	return 7;
}

static void schedule_text(const struct schedule *sc, char *buf, size_t len)
{
	if (sc->crash_fence) {
		snprintf(buf, len, "crash at fence %u", sc->crash_fence);
		return;
	}
	size_t n = (size_t)snprintf(buf, len, "P%d first", sc->first);

	for (int i = 0; i < sc->nsw && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, ", at decision %u P%d",
				      sc->sw[i].at, sc->sw[i].to);
}

static void case_done(struct cstate *cs);

/* A run finished: count it, keep a violation, queue what it opens up. */
static void finished(struct slot *sl, int status)
{
	struct cstate *cs = &X.cases[sl->job.cs];
	struct result *r = &sl->res;
	char name[160], sched[256];

	(void)status;
	cs->pending--;
	cs->runs++;
	X.runs++;
	X.decisions += r->ndec;
	if (r->out == OUT_ERROR || r->out == OUT_SKIP) {
		cs->errors++;
		X.errors++;
		if (!cs->err && (cs->err = malloc(sizeof(*r))))
			*cs->err = *r;
	} else if (r->out == OUT_FAIL) {
		cs->violations++;
		X.violations++;
		X.rule_count[rule_index(r)]++;
		if (!cs->have_bad) {
			cs->have_bad = true;
			cs->bad_sc = sl->job.sc;
			if ((cs->bad = malloc(sizeof(*r))))
				*cs->bad = *r;
			case_name(&cs->c, name, sizeof(name));
			schedule_text(&sl->job.sc, sched, sizeof(sched));
			if (!X.o->quiet)
				printf("VIOLATION %s [%s] %s: %s\n", name, sched,
				       r->rule[0] ? r->rule : "engine", r->msg);
			fflush(stdout);
		}
		if (X.o->power) {
			cs->stop = true;
			X.stop_all = true;	/* one is enough */
		}
	}
	const struct schedule *sc = &sl->job.sc;

	/* Crash exploration: the first run counted the fences; now one run
	 * per fence, each judging the image taken there. */
	if (cs->c.crash) {
		X.images += r->images;
		if (!cs->stop && r->out == OUT_PASS && !sc->crash_fence)
			for (uint32_t k = r->fences; k >= 1; k--) {
				struct job j = { .cs = sl->job.cs, .sc = *sc };

				j.sc.crash_fence = k;
				push(&j);
			}
		if (cs->pending == 0)
			case_done(cs);
		return;
	}
	/* Preemptions one more than this schedule's, after its last. */
	int bound = cs->c.nops > 2 ? X.o->triple_bound : X.o->bound;

	if (!cs->stop && r->out == OUT_PASS && sc->nsw < bound) {
		long last = sc->nsw ? (long)sc->sw[sc->nsw - 1].at : -1;
		uint32_t n = r->nev < MAX_TRACE ? r->nev : MAX_TRACE;

		for (long e = (long)n - 1; e >= 0; e--) {
			const struct trace_ev *ev = &r->ev[e];

			if (ev->k == EV_NO_DECISION || (long)ev->k <= last)
				continue;
			for (int t = cs->c.nops - 1; t >= 0; t--) {
				if (!(ev->switchable >> t & 1))
					continue;
				struct job j = { .cs = sl->job.cs, .sc = *sc };

				j.sc.sw[j.sc.nsw].at = ev->k;
				j.sc.sw[j.sc.nsw].to = t;
				j.sc.nsw++;
				push(&j);
			}
		}
	}
	if (cs->pending == 0)
		case_done(cs);
}

/* The next job for slot @sl: the newest of its own case, near the top
 * of the stack; else the newest of all. */
static bool take_job(const struct slot *sl, struct job *j)
{
	for (long i = X.nstack - 1; i >= 0 && i >= X.nstack - 256; i--) {
		if (X.stack[i].cs != sl->cs)
			continue;
		*j = X.stack[i];
		memmove(&X.stack[i], &X.stack[i + 1],
			(size_t)(X.nstack - i - 1) * sizeof(*X.stack));
		X.nstack--;
		return true;
	}
	if (!X.nstack)
		return false;
	*j = X.stack[--X.nstack];
	return true;
}

/* Runs everything queued, X.o->jobs at a time. */
static void drain(void)
{
	int nj = X.o->jobs, busy = 0;
	struct pollfd *pf = calloc((size_t)nj, sizeof(*pf));

	for (;;) {
		if (X.o->budget > 0 && now_s() - X.t0 > X.o->budget)
			X.out_of_time = true;
		for (int i = 0; i < nj && !X.out_of_time && !X.stop_all; i++) {
			struct job j;

			if (X.slots[i].busy)
				continue;
			while (X.nstack == 0 && next_case())
				;
			if (!take_job(&X.slots[i], &j))
				break;
			if (X.cases[j.cs].stop) {
				if (--X.cases[j.cs].pending == 0)
					case_done(&X.cases[j.cs]);
				i--;
				continue;
			}
			start_job(&X.slots[i], &j);
			busy++;
		}
		if (!busy)
			break;
		for (int i = 0; i < nj; i++) {
			pf[i].fd = X.slots[i].busy ? X.slots[i].res_fd : -1;
			pf[i].events = POLLIN;
			pf[i].revents = 0;
		}
		bool ready = false;

		for (int i = 0; i < nj; i++)
			ready |= X.slots[i].busy && X.slots[i].got == sizeof(X.slots[i].res);
		if (!ready)
			poll(pf, (nfds_t)nj, 500);
		for (int i = 0; i < nj; i++) {
			struct slot *sl = &X.slots[i];

			if (!sl->busy)
				continue;
			if (sl->got < sizeof(sl->res) &&
			    (pf[i].revents & (POLLIN | POLLHUP))) {
				ssize_t r = read(sl->res_fd, (char *)&sl->res + sl->got,
						 sizeof(sl->res) - sl->got);

				if (r > 0)
					sl->got += (size_t)r;
				else
					stop_server(sl);
			}
			if (sl->got < sizeof(sl->res) && sl->server > 0 &&
			    now_s() - sl->t0 < 60.0 + 8.0 * X.o->timeout)
				continue;
			if (sl->got < sizeof(sl->res)) {
				stop_server(sl);
				synth(&sl->res, OUT_FAIL, "", "hang: the case's "
				      "server stopped answering");
			}
			sl->busy = false;
			sl->got = sizeof(sl->res);
			busy--;
			finished(sl, 0);
		}
	}
	for (int i = 0; i < nj; i++)
		stop_server(&X.slots[i]);
	free(pf);
}

/* --- reporting ------------------------------------------------------------- */

static bool json_first = true;

/* One row per case, in the conformance schema (suite/common/verdict.h):
 * the work done is the schedules judged. */
static void record_case(const struct cstate *cs)
{
	char name[160], check[176], impl[96], notes[384], sched[256] = "";
	const char *outcome = cs->violations ? "fail" :
			      cs->errors ? "error" : "pass";
	const char *msg = cs->bad ? cs->bad->msg :
			  cs->err ? cs->err->msg : "";

	case_name(&cs->c, name, sizeof(name));
	snprintf(check, sizeof(check), "explore:%s", name);
	snprintf(impl, sizeof(impl), "ref:%s", X.profile);
	if (cs->have_bad)
		schedule_text(&cs->bad_sc, sched, sizeof(sched));
	snprintf(notes, sizeof(notes), "%ld schedules, %ld violations, %ld "
		 "errors%s%s", cs->runs, cs->violations, cs->errors,
		 sched[0] ? "; first: " : "", sched);
	struct verdict_row row = {
		.check = check, .implementation = impl, .fs = "ref", .dax = "1",
		.variant = "real", .expected = "pass", .outcome = outcome,
		.iterations = cs->runs, .seconds = cs->t_end - cs->t_start,
		.reason = msg, .notes = notes,
	};

	if (X.o->csv)
		verdict_csv(X.o->csv, &row);
	if (X.o->json) {
		verdict_json(X.o->json, &row, json_first);
		json_first = false;
	}
}

/* --- reduction ------------------------------------------------------------ */

/* Runs @s once in a child: under @sc (explore mode, judged by the oracle)
 * or, with @sc NULL, as a script.  Fills @res. */
static void run_once_on(const struct script *s, const struct schedule *sc,
			const char *profile, struct result *res)
{
	int pfd[2];

	memset(res, 0, sizeof(*res));
	if (pipe(pfd) < 0) {
		res->out = OUT_ERROR;
		return;
	}
	fflush(NULL);
	pid_t pid = fork();

	if (pid == 0) {
		close(pfd[0]);
		engine_run(s, profile, sc, sc != NULL, X.o->timeout, res);
		const char *p = (const char *)res;

		for (size_t d = 0; d < sizeof(*res);) {
			ssize_t w = write(pfd[1], p + d, sizeof(*res) - d);

			if (w <= 0)
				_exit(2);
			d += (size_t)w;
		}
		_exit(0);
	}
	close(pfd[1]);
	size_t got = 0;
	struct pollfd p = { pfd[0], POLLIN, 0 };

	while (got < sizeof(*res) &&
	       poll(&p, 1, (int)(30 + 4 * X.o->timeout) * 1000) > 0) {
		ssize_t r = read(pfd[0], (char *)res + got, sizeof(*res) - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(pfd[0]);
	if (got < sizeof(*res))
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (got < sizeof(*res)) {
		memset(res, 0, sizeof(*res));
		res->out = OUT_FAIL;
		snprintf(res->msg, sizeof(res->msg), "hang: killed");
	}
}

static void run_once(const struct script *s, const struct schedule *sc,
		     struct result *res)
{
	run_once_on(s, sc, X.profile, res);
}

/* The same violation: the same rule (and the same engine verdict). */
static bool same_bug(const struct result *a, const struct result *b)
{
	return a->out == OUT_FAIL && b->out == OUT_FAIL &&
	       rule_index(a) == rule_index(b);
}

static void reduce_case(struct cstate *cs)
{
	struct schedule sc = cs->bad_sc;
	struct result r = *cs->bad;
	char name[160], header[2048], path[4096], err[1024];

	/* Fewer preemptions, while it still fails the same way. */
	while (sc.nsw > 0) {
		struct schedule t = sc;
		struct result tr;

		t.nsw--;
		run_once(cs->s, &t, &tr);
		if (!same_bug(&tr, cs->bad))
			break;
		sc = t;
		r = tr;
	}
	case_name(&cs->c, name, sizeof(name));
	char sched[256];

	schedule_text(&sc, sched, sizeof(sched));
	snprintf(header, sizeof(header),
		 "# Source: daxrace --explore, case %s, schedule %s (the "
		 "explorer's reduction; cite the message it is a variant of)\n"
		 "# Expected result: the oracle's rule '%s' holds "
		 "(suite/daxrace/ORACLE.md)\n"
		 "# Buggy result: %s\n"
		 "# Profile: %s\n", name, sched, r.rule[0] ? r.rule : "engine",
		 r.msg, strcmp(X.profile, "fixed") ? X.profile : "none");
	for (char *p = header; *p; p++)		/* one line per header */
		if (*p == '\n' && p[1] && p[1] != '#')
			*p = ' ';
	char *text = reduce_to_script(cs->s, header, &sc, &r);

	if (!text) {
		printf("REDUCE %s: could not write the schedule as a script\n",
		       name);
		return;
	}
	/* It counts only if it reproduces, as a script, on its own. */
	FILE *f = fmemopen(text, strlen(text), "r");
	struct script *s = f ? script_parse(f, name, err, sizeof(err)) : NULL;
	struct result rr;

	if (f)
		fclose(f);
	if (!s || !engine_validate(s, err, sizeof(err))) {
		printf("REDUCE %s: the written script does not parse: %s\n",
		       name, err);
		script_free(s);
		free(text);
		return;
	}
	/* DAXRACE_TEST_REDUCE_PROFILE re-runs it on another profile: the
	 * test suite's way to show a reduction that does not reproduce is
	 * reported and not written (tests/cli/daxrace_explore.sh). */
	const char *rerun = getenv("DAXRACE_TEST_REDUCE_PROFILE");

	run_once_on(s, NULL, rerun && *rerun ? rerun : X.profile, &rr);
	script_free(s);
	if (rr.out != OUT_FAIL) {
		printf("REDUCE %s: does not reproduce as a script (%s%s%s); not "
		       "written\n", name, rr.out == OUT_PASS ? "it passes" :
		       "it ends in", rr.out == OUT_PASS ? "" : " an error: ",
		       rr.out == OUT_PASS ? "" : rr.msg);
		free(text);
		return;
	}
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == '@' || *p == '+')
			*p = '_';
	snprintf(path, sizeof(path), "%s/%s.race", X.o->reduce_dir, name);
	FILE *out = fopen(path, "w");

	if (!out || fputs(text, out) < 0 || fclose(out)) {
		printf("REDUCE %s: cannot write %s: %s\n", name, path,
		       strerror(errno));
	} else {
		printf("REDUCED %s -> %s (%d preemption%s)\n", name, path,
		       sc.nsw, sc.nsw == 1 ? "" : "s");
		X.reduced++;
	}
	free(text);
}

static void case_done(struct cstate *cs)
{
	X.cases_done++;
	if (cs->violations)
		X.cases_bad++;
	if (cs->have_bad && X.o->reduce_dir && X.reduced < X.o->max_reduce &&
	    !X.o->power)
		reduce_case(cs);
	cs->done = true;	/* its row is written in case order, at the end */
	cs->t_end = now_s();
	script_free(cs->s);
	cs->s = NULL;
}

/* --- the whole run -------------------------------------------------------- */

static unsigned long rng_next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void add_case(long *n, long *cap, const struct xcase *c)
{
	if (*n == *cap) {
		*cap *= 2;
		X.cases = realloc(X.cases, (size_t)*cap * sizeof(*X.cases));
		if (!X.cases) {
			fprintf(stderr, "daxrace: --explore: out of memory\n");
			exit(1);
		}
	}
	memset(&X.cases[*n], 0, sizeof(X.cases[*n]));
	X.cases[(*n)++].c = *c;
}


/* The persistence points that may follow operation @op: none, fsync,
 * fdatasync; a store is made durable by msync or fsync. */
static int syncs_for(int op, int *out)
{
	bool store = !strncmp(xops[op].name, "store", 5);

	out[0] = 0;
	out[1] = store ? 3 : 1;
	out[2] = store ? 1 : 2;
	return 3;
}

/* Crash exploration: every sequence of up to crash_len operations (each
 * followed by a persistence point or none, the last always by one), over
 * every mode, zeroing policy and state but PMD-mapped, 4 KiB pages; then
 * crash_long sampled sequences of three. */
static void build_crash_cases(const struct space *sp, long *n, long *cap)
{
	int ops[NCRASH_OPS], nops = 0;
	struct xcase c = { .crash = true, .page = 0 };
	unsigned long rng = X.o->seed ? X.o->seed : 1;

	for (int i = 0; i < NCRASH_OPS; i++) {
		int k = op_index(crash_ops[i]);

		if (k >= 0 && (sp->ops >> k & 1))
			ops[nops++] = k;
	}
	if (!(sp->pages & 1) || !nops)
		return;
	for (c.mode = 0; c.mode < NMODES; c.mode++)
	for (c.state = 0; c.state < NXSTATES; c.state++)
	for (c.zeroing = 0; c.zeroing < NZEROINGS; c.zeroing++) {
		if (!(sp->modes >> c.mode & 1) || !(sp->states >> c.state & 1) ||
		    !(sp->zeroings >> c.zeroing & 1))
			continue;
		/* sequences of 1 .. crash_len, odometer over (op, sync) */
		for (int len = 1; len <= X.o->crash_len && len <= 2; len++) {
			int idx[2] = { 0, 0 }, sy[2] = { 0, 0 };

			for (;;) {
				int list[3];

				c.nops = len;
				for (int i = 0; i < len; i++) {
					c.op[i] = ops[idx[i]];
					syncs_for(c.op[i], list);
					c.sync[i] = list[sy[i]];
				}
				if (c.sync[len - 1] && case_ok(&c) &&
				    !skipped_as_equivalent(&c, sp->modes,
							   sp->zeroings, ~0L,
							   sp->all_configs))
					add_case(n, cap, &c);
				int i = len - 1;

				while (i >= 0) {
					if (++sy[i] < 3)
						break;
					sy[i] = 0;
					if (++idx[i] < nops)
						break;
					idx[i] = 0;
					i--;
				}
				if (i < 0)
					break;
			}
		}
	}
	for (int k = 0, tries = 0; k < X.o->crash_long && tries < 100000;
	     tries++) {
		int list[3];

		c.mode = (int)(rng_next(&rng) % NMODES);
		c.state = (int)(rng_next(&rng) % NXSTATES);
		c.zeroing = (int)(rng_next(&rng) % NZEROINGS);
		c.nops = 3;
		for (int i = 0; i < 3; i++) {
			c.op[i] = ops[rng_next(&rng) % (unsigned long)nops];
			syncs_for(c.op[i], list);
			c.sync[i] = list[i == 2 ? 1 + rng_next(&rng) % 2
					      : rng_next(&rng) % 3];
		}
		if (!(sp->modes >> c.mode & 1) || !(sp->states >> c.state & 1) ||
		    !(sp->zeroings >> c.zeroing & 1) || !case_ok(&c))
			continue;
		canonical(&c, sp);
		add_case(n, cap, &c);
		k++;
	}
}

/* Every case of the space: pairs of operations (with repetition) over
 * every configuration and state, then the sampled triples; or, with
 * --crash, the crash sequences. */
static void build_cases(const struct space *sp)
{
	long cap = 1024, n = 0;
	struct xcase c = { .crash = false };
	unsigned long rng = X.o->seed ? X.o->seed : 1;

	equiv_skipped = 0;

	X.cases = calloc((size_t)cap, sizeof(*X.cases));
	if (X.o->crash) {
		build_crash_cases(sp, &n, &cap);
		goto order;
	}
	for (c.page = 0; c.page < NPAGES; c.page++)
	for (c.mode = 0; c.mode < NMODES; c.mode++)
	for (c.state = 0; c.state < NXSTATES; c.state++)
	for (c.zeroing = 0; c.zeroing < NZEROINGS; c.zeroing++)
	for (int a = 0; a < NXOPS; a++)
	for (int b = a; b < NXOPS; b++) {
		if (!(sp->pages >> c.page & 1) || !(sp->modes >> c.mode & 1) ||
		    !(sp->states >> c.state & 1) ||
		    !(sp->zeroings >> c.zeroing & 1) ||
		    !(sp->ops >> a & 1) || !(sp->ops >> b & 1))
			continue;
		c.nops = 2;
		c.op[0] = a;
		c.op[1] = b;
		if (!case_ok(&c) || skipped_as_equivalent(&c, sp->modes,
							   sp->zeroings, sp->ops,
							   sp->all_configs))
			continue;
		if (n == cap) {
			cap *= 2;
			X.cases = realloc(X.cases, (size_t)cap * sizeof(*X.cases));
		}
		memset(&X.cases[n], 0, sizeof(X.cases[n]));
		X.cases[n++].c = c;
	}
	for (int k = 0, tries = 0; k < X.o->triples && tries < 100000; tries++) {
		c.page = (int)(rng_next(&rng) % NPAGES);
		c.mode = (int)(rng_next(&rng) % NMODES);
		c.state = (int)(rng_next(&rng) % NXSTATES);
		c.zeroing = (int)(rng_next(&rng) % NZEROINGS);
		c.nops = 3;
		for (int i = 0; i < 3; i++)
			c.op[i] = (int)(rng_next(&rng) % NXOPS);
		if (!(sp->pages >> c.page & 1) || !(sp->modes >> c.mode & 1) ||
		    !(sp->states >> c.state & 1) ||
		    !(sp->zeroings >> c.zeroing & 1) || !case_ok(&c) ||
		    !(sp->ops >> c.op[0] & 1) || !(sp->ops >> c.op[1] & 1) ||
		    !(sp->ops >> c.op[2] & 1))
			continue;
		canonical(&c, sp);
		if (n == cap) {
			cap *= 2;
			X.cases = realloc(X.cases, (size_t)cap * sizeof(*X.cases));
		}
		memset(&X.cases[n], 0, sizeof(X.cases[n]));
		X.cases[n++].c = c;
		k++;
	}
order:
	/* --sample N: a seeded choice of N cases, in a seeded order. */
	if (X.o->sample > 0 || X.o->power) {
		for (long i = n - 1; i > 0; i--) {
			long j = (long)(rng_next(&rng) % (unsigned long)(i + 1));
			struct cstate t = X.cases[i];

			X.cases[i] = X.cases[j];
			X.cases[j] = t;
		}
		if (X.o->sample > 0 && X.o->sample < n)
			n = X.o->sample;
	}
	X.ncases = n;
}

static void reset_run(void)
{
	/* The rows, in the order of the cases (not of completion, which
	 * depends on the jobs): the same seed gives the same file. */
	for (long i = 0; i < X.ncases; i++)
		if (X.cases[i].done)
			record_case(&X.cases[i]);
	for (long i = 0; i < X.ncases; i++) {
		free(X.cases[i].bad);
		free(X.cases[i].err);
	}
	free(X.cases);
	free(X.stack);
	X.cases = NULL;
	X.stack = NULL;
	X.ncases = X.next_case = X.nstack = X.capstack = 0;
	X.runs = X.violations = X.errors = X.cases_done = X.cases_bad = 0;
	X.decisions = 0;
	X.out_of_time = X.stop_all = false;
	memset(X.rule_count, 0, sizeof(X.rule_count));
}

/* One exploration of the space on X.profile. */
static void explore_space(const struct space *sp)
{
	X.t0 = now_s();
	build_cases(sp);
	drain();
}

static void summary(void)
{
	double dt = now_s() - X.t0;

	printf("explored %ld of %ld cases%s: %ld schedules run (%.0f a second, "
	       "%ld decisions), %.1f s\n", X.cases_done, X.ncases,
	       X.out_of_time ? " (the budget ran out)" : "", X.runs,
	       dt > 0 ? (double)X.runs / dt : 0.0, X.decisions, dt);
	if (equiv_skipped)
		printf("equivalent cases not run: %ld (a copy mode, zeroing "
		       "policy or fdatasync for fsync that cannot change them; "
		       "--all-configs runs them)\n", equiv_skipped);
	if (X.images)
		printf("crash images mounted and judged: %ld\n", X.images);
	printf("violations: %ld in %ld cases", X.violations, X.cases_bad);
	for (int i = 0; i < 8; i++)
		if (X.rule_count[i])
			printf("; %s %ld", rules[i], X.rule_count[i]);
	printf("; errors (runs that could not run): %ld\n", X.errors);
}

/* --power: every profile but fixed, each explored until its first
 * violation or the budget - the schedule space, then (not found there)
 * the crash space - and the table says found or not, and where. */
static int power(const struct space *sp)
{
	char names[2048];
	FILE *m = fmemopen(names, sizeof(names), "w");
	int found = 0, total = 0;

	dx_profile_names(m, " ");
	fclose(m);
	printf("%-24s %-6s %8s %7s  %s\n", "profile", "found", "schedules",
	       "seconds", "first violation (case, schedule, rule)");
	for (char *save = NULL, *p = strtok_r(names, " ", &save); p;
	     p = strtok_r(NULL, " ", &save)) {
		if (!strcmp(p, "fixed"))
			continue;
		/* The schedule space first; a bug it does not find (a
		 * durability loss only a crash image shows) gets the crash
		 * space, with a budget of its own.  The runs add up. */
		const struct explore_opts *orig = X.o;
		struct explore_opts crash_o = *orig;
		struct cstate *hit = NULL;
		long runs = 0;
		double t_start = now_s();

		crash_o.crash = true;
		for (int phase = orig->crash ? 1 : 0; phase < 2 && !hit; phase++) {
			X.o = phase ? &crash_o : orig;
			reset_run();
			X.profile = p;
			X.t0 = now_s();
			build_cases(sp);
			drain();	/* stops at the first violation (stop_all) */
			runs += X.runs;
			for (long i = 0; i < X.ncases && !hit; i++)
				if (X.cases[i].have_bad)
					hit = &X.cases[i];
		}
		X.o = orig;
		total++;
		char name[160] = "", sched[256] = "";

		if (hit) {
			case_name(&hit->c, name, sizeof(name));
			schedule_text(&hit->bad_sc, sched, sizeof(sched));
			found++;
		}
		char why[160];

		snprintf(why, sizeof(why), X.out_of_time ?
			 "not found before the budget ran out (crash space: "
			 "%ld of %ld cases)" : "not found in the whole space "
			 "(crash space: %ld of %ld cases)", X.cases_done,
			 X.ncases);
		printf("%-24s %-6s %8ld %7.1f  %s%s%s%s%s\n", p, hit ? "yes" :
		       "NO", runs, now_s() - t_start, hit ? name : why,
		       hit ? " [" : "", sched, hit ? "] " : "",
		       hit ? (hit->bad->rule[0] ? hit->bad->rule : "engine")
			   : "");
		fflush(stdout);
	}
	printf("power: the explorer found %d of %d profiles' bugs with no "
	       "script written for them\n", found, total);
	printf("%d passed, %d failed, 0 skipped\n", found, total - found);
	return found == total ? 0 : 1;
}

int explore_main(const struct explore_opts *o)
{
	struct space sp;
	char err[1024];
	int rc;

	if (!get_space(o, &sp, err, sizeof(err))) {
		fprintf(stderr, "daxrace: --explore: %s\n", err);
		return 2;
	}
	memset(&X, 0, sizeof(X));
	X.o = o;
	X.profile = o->profile ? o->profile : "fixed";
	X.slots = calloc((size_t)o->jobs, sizeof(*X.slots));
	for (int i = 0; i < o->jobs; i++)
		X.slots[i].cs = -1;
	if (o->reduce_dir && mkdir(o->reduce_dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "daxrace: --reduce %s: %s\n", o->reduce_dir,
			strerror(errno));
		return 2;
	}
	if (o->csv)
		verdict_csv_header(o->csv);
	if (o->json)
		fputs("[", o->json);
	if (o->power) {
		rc = power(&sp);
	} else {
		explore_space(&sp);
		summary();
		/* No schedule run is an error, never a pass or a skip. */
		rc = X.violations || X.errors || !X.runs ? 1 : 0;
		if (!X.runs)
			printf("ERROR: no schedule ran: the space chosen is "
			       "empty\n");
		if (X.errors)
			printf("ERROR: %ld runs could not run (see the CSV for "
			       "the first of each case)\n", X.errors);
		printf("%d passed, %d failed, 0 skipped\n",
		       !X.violations && !X.errors && X.runs ? 1 : 0,
		       X.violations || X.errors || !X.runs ? 1 : 0);
	}
	reset_run();
	if (o->json)
		fputs("\n]\n", o->json);
	free(X.slots);
	return rc;
}
