/* SPDX-License-Identifier: MIT */
/*
 * daxcopy.h - the copy-kernel benchmark: shared types of its parts.
 *
 *   main.c       options, the run's plan, exit codes
 *   bench.c      buffers, worker threads, the timed passes
 *   pmdk_peer.c  PMDK's pmem_memcpy_persist as the peer (dlopen)
 *   report.c     the human tables, --list and --csv
 *
 * One figure ("cell") is: kernel x op x call size x source temperature x
 * thread count.  Each repetition measures every cell once, kernels
 * interleaved, and a figure is the median over the repetitions.
 */
#ifndef DAXCOPY_H
#define DAXCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "copy.h"

#define DC_MAX_LIST	64	/* sizes, thread counts, cpus */

enum dc_op { DC_COPY, DC_ZERO, DC_OP_COUNT };
enum dc_src { DC_HOT, DC_COLD, DC_SRC_COUNT };

/* A row: a table kernel, or the PMDK peer (k == NULL). */
struct dc_kernel {
	const char		*name;
	const struct copy_kernel *k;
	pm_copy_fn		copy;
	pm_zero_fn		zero;
	bool			selected;	/* matched --kernels */
	bool			runnable;
	bool			chosen;		/* in the probe's pm_kset */
	char			why[256];	/* why not runnable */
};

struct dc_opts {
	long long	sizes[DC_MAX_LIST];
	int		nsizes;
	long long	total;		/* bytes per figure per thread */
	int		reps;
	int		threads[DC_MAX_LIST];
	int		nthreads;
	int		cpus[DC_MAX_LIST];	/* --cpus: pin thread i */
	int		ncpus;
	bool		ops[DC_OP_COUNT];
	bool		srcs[DC_SRC_COUNT];
	const char	*kernels;	/* --kernels patterns, or NULL */
	const char	*csv;
	const char	*isa, *flush;
	bool		list, quick;
};

/* One measured figure and its samples. */
struct dc_cell {
	int		kernel;		/* index into the run's kernels */
	enum dc_op	op;
	long long	size;
	enum dc_src	src;		/* DC_HOT for zero (no source) */
	int		threads;
	double		*agg;		/* [reps] aggregate GiB/s */
	double		*per;		/* [reps][threads] per-thread GiB/s */
	double		median, min, max;
	double		cv;		/* of the repetitions (spread.h) */
	double		*per_median;	/* [threads] */
	double		ratio;		/* to the best NT kernel; 0 = none */
	int		best_nt;	/* kernel index of that NT kernel, -1 */
};

struct dc_peer {
	bool		available;
	char		why[256];	/* why not, when !available */
	char		lib[256];	/* the file dlopen loaded */
	char		path[160];	/* "movnt AVX512F + clwb" */
	char		path_how[160];	/* how we know it */
	char		version[32];
	pm_copy_fn	copy;
	pm_zero_fn	zero;
};

struct dc_run {
	struct dc_opts	 o;
	struct dc_kernel *kern;
	int		 nkern;
	struct dc_cell	 *cells;
	int		 ncells;
	struct pm_kset	 kset;		/* the probe's (or overrides') choice */
	struct dc_peer	 peer;
	size_t		 cold_bytes;	/* cold source buffer per thread */
	size_t		 llc_bytes;
	double		 seconds;	/* wall time of the measurement */
	/* How undisturbed it was: the load average before and after, and
	 * the CPU time the process got per second of timed thread. */
	double		 load_before, load_after;
	double		 thread_seconds;	/* sum of threads x pass time */
	double		 cpu_share;		/* 1.0 = never preempted */
};

/* bench.c */
int dc_bench_setup(struct dc_run *r, char *err, size_t errlen);
int dc_bench_measure(struct dc_run *r, int cell, int rep, char *err,
		     size_t errlen);
void dc_bench_teardown(struct dc_run *r);
size_t dc_llc_bytes(void);

/* pmdk_peer.c: call before anything else loads libpmem. */
void dc_peer_load(struct dc_peer *p);

/* report.c */
void dc_size_label(long long size, char *buf, size_t len);
void dc_print_header(FILE *out, const struct dc_run *r);
void dc_print_tables(FILE *out, const struct dc_run *r);
void dc_print_list(FILE *out, const struct dc_run *r);
int dc_write_csv(const struct dc_run *r, FILE *f, char *err, size_t errlen);

extern const char *const dc_op_name[DC_OP_COUNT];
extern const char *const dc_src_name[DC_SRC_COUNT];

#endif
