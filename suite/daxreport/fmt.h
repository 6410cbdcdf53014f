/* SPDX-License-Identifier: MIT */
/*
 * fmt.h - how daxreport writes a figure, the same way in every table: a
 * missing figure (NAN) is "-", never 0.  The report's numbers were written
 * by awk programs before daxreport; awknum() keeps their shape (an integer
 * as an integer, anything else with 6 significant digits) so that the
 * JSON and the tables did not change when the program did.
 */
#ifndef DAXREPORT_FMT_H
#define DAXREPORT_FMT_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#define FIGURE_MISSING NAN

static inline bool have(double x)
{
	return !isnan(x);
}

/* A CSV field as a figure: NAN when it is empty or not a number. */
double figure_of(const char *s);

/* Each returns a pointer to one of a few rotating static buffers, so that
 * several may appear in one printf. */
const char *num(double x, int decimals);	/* "%.Nf" or "-" */
const char *xf(double x);			/* "1.23x" or "-" */
const char *awknum(double x);			/* awk's number-to-string */
const char *jnum(double x);			/* "%.6g" or null */
const char *size_label(double bytes);		/* 4 KiB, 64 MiB, 1 GiB */
char *fmt_buf(void);				/* the next rotating buffer */
#define FMT_BUF 256

/* One table, two renderings: Markdown ("| a | b |") when @md, otherwise
 * @indent, the first cell left-aligned in width[0] and each other cell
 * right-aligned in width[i] (0 = 9).  The Markdown rule right-aligns every
 * column but the first and those of a negative width. */
void tab_row(FILE *o, const char *const *cell, int n, bool md,
	     const int *width, const char *indent);
void tab_rule(FILE *o, int n, bool md, const int *width);

#endif
