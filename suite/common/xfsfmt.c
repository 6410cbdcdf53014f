// SPDX-License-Identifier: MIT
/* xfsfmt.c - xfs_io's number syntax and report lines (see xfsfmt.h). */
#include "xfsfmt.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

int xfs_cvtnum(const char *s, size_t blksize, size_t sectsize, long long *out)
{
	unsigned long long mult = 1;
	long long v;
	char *end;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (end == s)
		return -EINVAL;
	if (errno == ERANGE || v < 0)
		return -ERANGE;
	if (*end) {
		if (end[1])
			return -EINVAL;
		switch (tolower((unsigned char)*end)) {
		case 'b': mult = blksize; break;
		case 's': mult = sectsize; break;
		case 'k': mult = 1ULL << 10; break;
		case 'm': mult = 1ULL << 20; break;
		case 'g': mult = 1ULL << 30; break;
		case 't': mult = 1ULL << 40; break;
		case 'p': mult = 1ULL << 50; break;
		case 'e': mult = 1ULL << 60; break;
		default: return -EINVAL;
		}
		if (!mult)
			return -EINVAL;
	}
	if (v && mult > (unsigned long long)LLONG_MAX / (unsigned long long)v)
		return -ERANGE;
	*out = v * (long long)mult;
	return 0;
}

/*
 * xfs_io decides "precise" (print without decimals) by comparing the value
 * with its conversion to int, so anything of 2 GiB or more is never
 * precise.  On x86 an out-of-range conversion yields INT_MIN; we spell that
 * out instead of relying on undefined behaviour.
 */
static int as_int_like_x86(double v)
{
	if (v != v || v >= 2147483648.0 || v < -2147483648.0)
		return INT_MIN;
	return (int)v;
}

void xfs_cvtstr(double value, char *buf, size_t len)
{
	static const struct { double scale; const char *unit; } units[] = {
		{ 1152921504606846976.0, "EiB" }, { 1125899906842624.0, "PiB" },
		{ 1099511627776.0, "TiB" }, { 1073741824.0, "GiB" },
		{ 1048576.0, "MiB" }, { 1024.0, "KiB" },
	};
	int precise = value * 1000 == (double)as_int_like_x86(value) * 1000;

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (value >= units[i].scale) {
			snprintf(buf, len, precise ? "%.f %s" : "%.3f %s",
				 value / units[i].scale, units[i].unit);
			return;
		}
	}
	snprintf(buf, len, "%f bytes", value);
}

void xfs_timestr(const struct timeval *tv, char *buf, size_t len, int fixed)
{
	unsigned s = (unsigned)tv->tv_sec;

	if (fixed || tv->tv_sec)
		snprintf(buf, len, "%u:%02u:%02u.%02u", s / 3600, s % 3600 / 60,
			 s % 60, (unsigned)tv->tv_usec / 10000);
	else
		snprintf(buf, len, "0.%04u sec", (unsigned)tv->tv_usec / 100);
}

double xfs_tdiv(double value, struct timeval tv)
{
	return value / ((double)tv.tv_sec + (double)tv.tv_usec / 1000000.0);
}

struct timeval xfs_tsub(struct timeval end, struct timeval start)
{
	end.tv_usec -= start.tv_usec;
	if (end.tv_usec < 0) {
		end.tv_usec += 1000000;
		end.tv_sec--;
	}
	end.tv_sec -= start.tv_sec;
	return end;
}

void xfs_report_io_times(FILE *out, const char *verb, const struct timeval *t,
			 long long offset, long long count, long long total,
			 int ops, int compact)
{
	char s1[64], s2[64], ts[64];

	xfs_timestr(t, ts, sizeof(ts), compact);
	if (compact) {
		fprintf(out, "%lld,%d,%s,%.3f,%.3f\n", total, ops, ts,
			xfs_tdiv((double)total, *t), xfs_tdiv((double)ops, *t));
		return;
	}
	xfs_cvtstr((double)total, s1, sizeof(s1));
	xfs_cvtstr(xfs_tdiv((double)total, *t), s2, sizeof(s2));
	fprintf(out, "%s %lld/%lld bytes at offset %lld\n", verb, total, count,
		offset);
	fprintf(out, "%s, %d ops; %s (%s/sec and %.4f ops/sec)\n", s1, ops, ts,
		s2, xfs_tdiv((double)ops, *t));
}

void xfs_dump_buffer(FILE *out, const void *buf, long long offset, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i += 16) {
		size_t n = len - i < 16 ? len - i : 16;

		fprintf(out, "%08llx:  ", (unsigned long long)offset + i);
		for (size_t j = 0; j < n; j++)
			fprintf(out, "%02x ", p[i + j]);
		fputc(' ', out);
		for (size_t j = 0; j < n; j++)
			fputc(isalnum(p[i + j]) ? p[i + j] : '.', out);
		fputc('\n', out);
	}
}
