/* SPDX-License-Identifier: MIT */
/*
 * spread.h - the one median-and-spread helper: daxcopy, daxsweep, the
 * reports (daxreport) and, through `daxreport spread`, the shell.  A figure is
 * the median of its runs, reported with the minimum, the maximum and the
 * coefficient of variation (sample standard deviation over the mean); a
 * figure of fewer than SPREAD_MIN_RUNS runs has no meaningful spread and
 * is marked so wherever it is printed.
 */
#ifndef DAXBENCH_SPREAD_H
#define DAXBENCH_SPREAD_H

#include <stdbool.h>

#define SPREAD_MIN_RUNS 3

struct spread {
	int	n;
	double	min, median, max;
	double	cv;		/* 0 when n < 2 or the mean is 0 */
};

/* The spread of v[0], v[stride], ..., v[(n - 1) * stride]; @n >= 1. */
void spread_of(const double *v, int n, int stride, struct spread *s);

static inline bool spread_too_few(const struct spread *s)
{
	return s->n < SPREAD_MIN_RUNS;
}

#endif
