/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

double figure_of(const char *s)
{
	char *end;
	double x;

	if (!s || !*s)
		return FIGURE_MISSING;
	x = strtod(s, &end);
	return end == s ? FIGURE_MISSING : x;
}

char *fmt_buf(void)
{
	static char bufs[16][FMT_BUF];
	static unsigned next;

	return bufs[next++ % 16];
}

const char *num(double x, int decimals)
{
	char *b;

	if (!have(x))
		return "-";
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%.*f", decimals, x);
	return b;
}

const char *xf(double x)
{
	char *b;

	if (!have(x))
		return "-";
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%.2fx", x);
	return b;
}

const char *awknum(double x)
{
	char *b = fmt_buf();

	if (!have(x))
		return "";
	if (x == (double)(long long)x && fabs(x) < 1e15)
		snprintf(b, FMT_BUF, "%lld", (long long)x);
	else
		snprintf(b, FMT_BUF, "%.6g", x);
	return b;
}

const char *jnum(double x)
{
	char *b;

	if (!have(x) || isinf(x))
		return "null";
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%.6g", x);
	return b;
}

const char *size_label(double s)
{
	static const struct { double unit; const char *name; } u[] = {
		{ 1073741824.0, "GiB" }, { 1048576.0, "MiB" }, { 1024.0, "KiB" },
	};
	char *b = fmt_buf();

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++)
		if (s >= u[i].unit && fmod(s, u[i].unit) == 0) {
			snprintf(b, FMT_BUF, "%s %s", awknum(s / u[i].unit), u[i].name);
			return b;
		}
	snprintf(b, FMT_BUF, "%s B", awknum(s));
	return b;
}

void tab_row(FILE *o, const char *const *cell, int n, bool md,
	     const int *width, const char *indent)
{
	if (md) {
		fputc('|', o);
		for (int i = 0; i < n; i++)
			fprintf(o, " %s |", cell[i]);
		fputc('\n', o);
		return;
	}
	fprintf(o, "%s%-*s", indent, width[0] ? abs(width[0]) : 9, cell[0]);
	for (int i = 1; i < n; i++)
		fprintf(o, " %*s", width[i] ? width[i] : 9, cell[i]);
	fputc('\n', o);
}

void tab_rule(FILE *o, int n, bool md, const int *width)
{
	if (!md)
		return;
	fputs("|---|", o);
	for (int i = 1; i < n; i++)
		fputs(width && width[i] < 0 ? "---|" : "---:|", o);
	fputc('\n', o);
}
