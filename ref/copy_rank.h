/* SPDX-License-Identifier: MIT */
/*
 * copy_rank.h - the copy kernel of each kind chosen by measurement on this
 * CPU, not by ISA rank (copy_rank.c).
 *
 * Precedence, per kind (nt, cached+flush, cached):
 *   1. a kernel named for that kind: the option (dx_opts.copy, daxio
 *      --copy) or else DAXBENCH_COPY, "nt=NAME,cached=NAME,
 *      cached+flush=NAME" (any subset);
 *   2. an ISA given by option or DAXBENCH_ISA: that ISA's vector kernels,
 *      as before the ranking existed;
 *   3. DAXBENCH_CALIBRATE=off: the static rank (the probe's ISA);
 *   4. the ranking cached for this CPU (model, stepping, microcode, the
 *      features it grants) under $XDG_CACHE_HOME/daxbench (default
 *      ~/.cache/daxbench);
 *   5. else a calibration of at most about 200 ms, then cached.
 *      DAXBENCH_CALIBRATE=again measures even when a ranking is cached.
 * The flush instruction is never ranked: cpu_choose() decides it, and only
 * kernels with that flush compete.
 */
#ifndef DAXREF_COPY_RANK_H
#define DAXREF_COPY_RANK_H

#include "copy.h"

/**
 * pm_kset_choose() - fill @ks for the choice @c, by the precedence above.
 * @copy_opt:	the option's "kind=NAME,..." list, or NULL.
 * @notice:	one line for what the user should hear (a corrupt ranking
 *		file that is measured again); may be NULL (then stderr).
 * @err:	on failure, one line naming the bad input.
 *
 * Returns 0; -EINVAL for an unknown kernel or kind, a kernel of the wrong
 * kind, or a bad DAXBENCH_CALIBRATE; -ENOTSUP for a kernel this CPU
 * cannot run (with copy_kernel_why_not()'s reason).
 */
int pm_kset_choose(struct pm_kset *ks, const struct cpu_choice *c,
		   const char *copy_opt,
		   void (*notice)(void *arg, const char *line), void *arg,
		   char *err, size_t errlen);

/**
 * copy_rank_winner() - the rule the calibration applies to one kind: the
 * kernel with the best min(GiB/s at 4 KiB / best at 4 KiB, GiB/s at 16 MiB
 * / best at 16 MiB), except that @stat (the static rank's kernel, or -1)
 * stays unless the best scores at least 3% (HYSTERESIS) more.  Returns an
 * index into the @n figures, or -1 for a bad @n.  For tests and readers.
 */
int copy_rank_winner(const double *g_small, const double *g_big, int n,
		     int stat);

/* One line: "nt: measured, cached+flush: measured, cached: measured
 * (ranking of <date> in <file>; calibration took N ms)". */
void pm_kset_describe_choice(FILE *out, const struct pm_kset *ks);

#endif
