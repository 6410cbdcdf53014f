/* SPDX-License-Identifier: MIT */
/*
 * plot.h - the plots' data files (the plots/ scripts read them; suite/mainjob/
 * plots.sh draws them): whitespace-separated, "NaN" where a figure is
 * missing, labels in double quotes with gnuplot's "\n" line breaks.
 */
#ifndef DAXREPORT_PLOT_H
#define DAXREPORT_PLOT_H

#include <stdio.h>

#include "copy.h"

/* kernels (the chosen kernel set), sizes, threads: from the copy CSVs. */
int copy_plot(const struct copy_inputs *in, const char *what, FILE *o);

struct scen_plot_args {
	const char *what;	/* table, split, names, tools, combos */
	const char *csv;	/* scenarios.csv */
	const char *published;	/* published.csv (table) */
	const char *table;	/* the table's number (table) */
	const char *combo;	/* FS-dax or FS-nodax (tools) */
};
int scen_plot(const struct scen_plot_args *a, FILE *o);

#endif
