/* SPDX-License-Identifier: MIT */
/*
 * xfsfmt.h - xfs_io's number syntax and report format, so that one parser
 * reads the output of daxio and of the real xfs_io.
 *
 * The format is an interface, matched byte for byte against xfsprogs 6.1
 * (libxcmd report_io_times, cvtstr, timestr); the code is our own.
 */
#ifndef DAXBENCH_XFSFMT_H
#define DAXBENCH_XFSFMT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>

/**
 * xfs_cvtnum() - parse a size or offset the way xfs_io does.
 * A number in C syntax (decimal, 0x hex, leading-0 octal) with at most one
 * suffix letter, case-insensitive: b (blocks of @blksize), s (sectors of
 * @sectsize), k m g t p e (binary multiples).
 *
 * Returns 0 and sets *@out, or
 *   -EINVAL  not a number, or a bad or doubled suffix ("1x", "4kk");
 *   -ERANGE  the number or its scaled value does not fit in 63 bits,
 *            or it is negative.  (xfs_io saturates or wraps here; we
 *            refuse, and say so.)
 */
int xfs_cvtnum(const char *s, size_t blksize, size_t sectsize, long long *out);

/* "1 GiB", "880.040 MiB", "64.000000 bytes": xfs_io's cvtstr(). */
void xfs_cvtstr(double value, char *buf, size_t len);

/* "0.0007 sec" below one second, else "H:MM:SS.hh"; @fixed forces the
 * long form (xfs_io -C). */
void xfs_timestr(const struct timeval *tv, char *buf, size_t len, int fixed);

/* value per second of @tv. */
double xfs_tdiv(double value, struct timeval tv);

/* @end - @start, normalised. */
struct timeval xfs_tsub(struct timeval end, struct timeval start);

/**
 * xfs_report_io_times() - the two report lines of pwrite/pread:
 *   "<verb> <total>/<count> bytes at offset <offset>"
 *   "<size>, <ops> ops; <time> (<rate>/sec and <ops/s> ops/sec)"
 * or, with @compact (-C), "bytes,ops,time,bytes/sec,ops/sec".
 */
void xfs_report_io_times(FILE *out, const char *verb, const struct timeval *t,
			 long long offset, long long count, long long total,
			 int ops, int compact);

/**
 * xfs_dump_buffer() - xfs_io's "pread -v" hex dump of @len bytes of @buf,
 * labelled from file offset @offset: 16 bytes a line,
 *   "%08llx:  " then "%02x " per byte, a space, then the bytes again as
 *   characters (isalnum() in the current locale, else '.').
 * Bytes are unsigned, as xfsprogs builds with -funsigned-char.
 */
void xfs_dump_buffer(FILE *out, const void *buf, long long offset, size_t len);

#endif
