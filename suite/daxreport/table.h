/* SPDX-License-Identifier: MIT */
/*
 * table.h - a figure table keyed by a few words ("nt-avx512|4096|1"): the
 * copy report's medians by kernel, size and threads, or by mode, size and
 * metric.  A figure never set is missing (NAN), as an empty CSV field is.
 */
#ifndef DAXREPORT_TABLE_H
#define DAXREPORT_TABLE_H

struct figure_table {
	int	n, cap;
	struct figure { char key[128]; double v; char raw[32]; } *f;
};

void ft_set(struct figure_table *t, double v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, keeping the figure as the CSV wrote it (ft_raw gives it back,
 * "" when never set): the plots' data files copy figures verbatim. */
void ft_set_raw(struct figure_table *t, const char *raw, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *ft_raw(const struct figure_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
double ft_get(const struct figure_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ft_free(struct figure_table *t);

/* A list of figures under one key: ft_push appends (its count is kept as
 * "LIST|n", its figures as "LIST|0", "LIST|1", ...); ft_median is the
 * median of those that are set (spread.c), NAN when none, and gives the
 * count pushed in *@count when @count is not NULL. */
#define FT_MAX_LIST 256
void ft_push(struct figure_table *t, const char *list, const char *raw);
double ft_median(const struct figure_table *t, const char *list, int *count);

#endif
