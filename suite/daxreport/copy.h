/* SPDX-License-Identifier: MIT */
#ifndef DAXREPORT_COPY_H
#define DAXREPORT_COPY_H

#include <stdio.h>

struct copy_inputs {
	const char *kernels_csv, *modes_csv;	/* copy-kernels.csv, copy-modes.csv */
	const char *scenarios_csv;		/* optional: the cold-cache note */
	const char *movsb_csv;			/* optional: deferred on cached-movsb */
	const char *nt, *cf, *cached;		/* the chosen bare kernels */
};

/* The copy study's summary as text, md or json on @o; 0, 1 when an input
 * cannot be read (said on stderr), 2 for an unknown format. */
int copy_report(const struct copy_inputs *in, const char *format, FILE *o);

#endif
