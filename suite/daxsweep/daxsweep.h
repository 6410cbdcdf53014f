/* SPDX-License-Identifier: MIT */
/*
 * daxsweep.h - per-copy-mode sweeps of the reference filesystem: what each
 * mode costs per write() call size and per thread, through the whole
 * dx_pwrite()/dx_fsync() path rather than the bare copy kernels (daxcopy
 * measures those).
 *
 *   main.c    options, the plan of figures, exit codes
 *   sweep.c   mounts, the timed passes, worker threads
 *   report.c  medians, the human tables and the CSV
 *
 * A figure is mode x call size x thread count x metric; each repetition
 * measures every figure once, modes interleaved, after one untimed warm-up
 * repetition, and a figure is the median over the repetitions.
 */
#ifndef DAXSWEEP_H
#define DAXSWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "daxref.h"

#define SW_MAX_LIST	32

enum sw_study { SW_SIZES, SW_THREADS };

/*
 * What one figure's pass does (every rate is GiB/s of data written):
 *   SW_STREAM   the pwrite calls, then one fsync; reported twice: the calls
 *               alone ("write") and calls + fsync ("write+fsync", the cost
 *               to durability of a stream of writes)
 *   SW_EACH     pwrite + fsync for every call ("write+fsync-each", the cost
 *               to durability of one write; its latency is size / rate)
 */
enum sw_metric { SW_STREAM, SW_EACH };

struct sw_opts {
	enum sw_study	study;
	const char	*modes[8];
	int		nmodes;
	long long	sizes[SW_MAX_LIST];	/* sizes study; threads: [0] */
	int		nsizes;
	int		threads[SW_MAX_LIST];
	int		nthreads;
	long long	total;		/* sizes: bytes per figure at most;
					 * threads: bytes per thread */
	long long	calls;		/* sizes: calls per figure at most */
	int		reps;
	bool		alloc;		/* threads: fresh files each pass */
	enum dx_zeroing	zeroing;
	const char	*csv;
};

/* One figure and its samples, one per repetition. */
struct sw_fig {
	int		mode;		/* index into opts.modes */
	long long	size;
	int		threads;
	enum sw_metric	metric;
	long long	calls;		/* per thread per pass */
	double		*gibps;		/* [reps]: write+fsync, or -each */
	double		*write_gibps;	/* [reps]: SW_STREAM, the calls alone */
	double		*fsync_s;	/* [reps]: SW_STREAM, the one fsync */
	double		median, min, max, cv;	/* spread.h */
	double		write_median, write_min, write_max, write_cv;
	double		fsync_median;
};

struct sw_run {
	struct sw_opts	o;
	struct dx_fs	*fs[8];		/* one mount per mode */
	struct dx_file	*file[8][SW_MAX_LIST];	/* sizes: [m][0]; threads:
						 * one file per thread */
	long long	span;		/* bytes each file holds */
	void		*src;		/* the source buffer, written once */
	struct sw_fig	*figs;
	int		nfigs;
	char		describe[1024];	/* dx_describe() of the first mount */
	double		seconds;
};

/* sweep.c */
int sw_mount_all(struct sw_run *r, char *err, size_t errlen);
void sw_umount_all(struct sw_run *r);
/* Untimed: files written (and fsync'd) so the passes overwrite them. */
int sw_prepare(struct sw_run *r, char *err, size_t errlen);
int sw_measure(struct sw_run *r, struct sw_fig *f, int rep, char *err,
	       size_t errlen);

/* report.c */
void sw_finish(struct sw_run *r);
void sw_print(FILE *out, const struct sw_run *r);
int sw_write_csv(const struct sw_run *r, FILE *f);
void sw_size_label(long long size, char *buf, size_t len);

#endif
