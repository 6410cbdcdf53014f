/* SPDX-License-Identifier: MIT */
/*
 * copy_data.h - the copy study's figures as copy.c reads them from
 * copy-kernels.csv and copy-modes.csv: the report (copy.c) and the plots'
 * data (copy_plot.c) are written from it.
 */
#ifndef DAXREPORT_COPY_DATA_H
#define DAXREPORT_COPY_DATA_H

#include <stdbool.h>

#include "copy.h"
#include "table.h"

/* The modes the thread's claims name (ref/modes.def's names): Harrosh's
 * NT, Kani's cached + CLWB, Chinner's deferred flush; the page cache is
 * the 2016 no-DAX role. */
#define M_NT		"movnt"
#define M_CLWB		"clwb"
#define M_DEFERRED	"deferred"
#define K_PMDK		"pmdk"		/* daxcopy's name for pmem_memcpy_persist */
#define K_MOVSB		"cached-movsb"	/* the kernel's own copy (rep movsb) */

#define MAX_SIZES	64
#define MAX_KERNELS	64
#define MAX_MODES	16
#define SLACK		0.95		/* "as fast": within 5% */

struct copy {
	const struct copy_inputs *in;
	struct figure_table kg;		/* kernel|size|threads -> GiB/s */
	struct figure_table mg, mus;	/* mode|size|metric -> GiB/s, us/call */
	struct figure_table tg;		/* mode|io|threads -> GiB/s */
	struct figure_table mv;		/* movsb: mode|size|metric -> GiB/s */
	double	ks[MAX_SIZES], ms[MAX_SIZES];
	int	nks, nms, maxth;
	char	kern[MAX_KERNELS][64], kkind[MAX_KERNELS][16];
	int	nk;
	char	mode[MAX_MODES][32];
	int	nm;
	double	cold[4096];
	int	ncold;
	char	xb[512], xm[512], xw[512];
	double	xb_size, xm_size, xw_size;
	int	nflip;
	char	kset[512];	/* the first row's "kernels": the chosen set */
};

/* Reads @in's CSVs (the modes CSV may be NULL); NULL, said on stderr,
 * when one cannot be read. */
struct copy *copy_load(const struct copy_inputs *in);
void copy_free(struct copy *c);

#endif
