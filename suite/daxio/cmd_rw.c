// SPDX-License-Identifier: MIT
/*
 * cmd_rw.c - pwrite and pread, with xfs_io's loop, counting and timing.
 *
 * The loop is xfs_io's forward loop: one call per block of bsize bytes (the
 * last one short), an op counted for every call that moved at least one
 * byte, and a stop at the first short transfer or at EOF.  The clock runs
 * from just before the first call to just after the last one, including
 * pwrite's -W fsync and -w fdatasync and pread's -v dump, so the
 * numbers mean what xfs_io's mean.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "daxio.h"
#include "xfsfmt.h"

/* Options xfs_io's pwrite and pread know, so that getopt() consumes their
 * arguments the same way; those we do not implement are refused by name. */
#define PWRITE_OPTS	"b:BCdDf:Fi:NqRs:OS:uV:wWZ:"
#define PREAD_OPTS	"b:BCFRquvV:Z:"

static long long min_ll(long long a, long long b)
{
	return a < b ? a : b;
}

/*
 * One write call of @len bytes at @off: pwrite(2), or with @vecs > 0
 * pwritev(2) of @len cut into @vecs buffers of @bs (the last ones shorter
 * or absent when @len is short).  xfs_io 6.1 hands pwritev all its
 * buffers even then, writing past the range; daxio writes @len.
 */
static ssize_t write_one(struct tfile *f, const char *buf, long long off,
			 long long len, long long bs, int vecs)
{
	struct iovec iov[1024];
	int n = 0;

	if (!vecs)
		return f->t->ops->pwrite(f, buf, (size_t)len, (off_t)off);
	for (long long at = 0; at < len && n < vecs; n++, at += bs)
		iov[n] = (struct iovec){ (char *)buf + at,
					 (size_t)min_ll(bs, len - at) };
	return f->t->ops->pwritev(f, iov, n, (off_t)off);
}

/* One counted write call (write_one): the bytes written, 0 when nothing
 * more can be written, or -1 after printing the error. */
static ssize_t write_counted(struct daxio *io, const char *buf, long long off,
			     long long len, long long bs, int vecs, int *ops,
			     long long *total)
{
	ssize_t n = write_one(io->file, buf, off, len, bs, vecs);

	if (n < 0) {
		op_error(io, "pwrite", (int)n);
		return -1;
	}
	if (n > 0) {
		(*ops)++;
		*total += n;
	}
	return n;
}

/* Forward, xfs_io's loop: calls of @unit bytes (bs, or bs times the
 * vectors), the last one short.  Returns the ops, or -1 after the error. */
static int write_forward(struct daxio *io, const void *buf, long long off,
			 long long count, long long bs, int vecs,
			 long long *total)
{
	long long chunk = min_ll(bs * (vecs ? vecs : 1), count);
	int ops = 0;

	*total = 0;
	for (;;) {
		ssize_t n = write_counted(io, buf, off, min_ll(count, chunk), bs,
					  vecs, &ops, total);

		if (n <= 0)
			return n < 0 ? -1 : ops;
		if (n < min_ll(count, chunk))
			break;		/* short write: ENOSPC, EFBIG, ... */
		off += n;
		count -= n;
		if (count <= 0)		/* <: a call that wrote more than asked */
			break;
	}
	return ops;
}

/*
 * -B: backwards through [off - count, off) (clipped at 0; *@count gets
 * the clipped length): first the piece up to the block boundary below
 * @off, then whole units down to the start.  xfs_io 6.1 stops its loop
 * when the bytes left are not above the range's start offset, so it writes
 * nothing of an aligned range away from 0; daxio writes the range.
 */
static int write_backward(struct daxio *io, const void *buf, long long off,
			  long long *count, long long bs, int vecs,
			  long long *total)
{
	long long unit = bs * (vecs ? vecs : 1), left;
	int ops = 0;

	if (off - *count < 0)
		*count = off;
	left = *count;
	*total = 0;
	while (left > 0) {
		long long len = off % unit ? min_ll(left, off % unit) :
					     min_ll(left, unit);
		ssize_t n;

		off -= len;
		n = write_counted(io, buf, off, len, bs, vecs, &ops, total);
		if (n <= 0)
			return n < 0 ? -1 : ops;
		if (n < len)
			break;
		left -= n;
	}
	return ops;
}

/*
 * -R: xfs_io's random writes, the same offsets for the same -Z seed
 * (srandom/random): the range's start aligned down to the unit, the count
 * grown by its remainder, then one unit at ((start + random() % range) /
 * unit) * unit until the count is used up; places may repeat.
 */
static int write_random(struct daxio *io, const void *buf, long long off,
			long long count, long long bs, int vecs,
			unsigned seed, long long *total)
{
	long long unit = bs * (vecs ? vecs : 1), range, at;
	int ops = 0;

	srandom(seed);
	off -= off % unit;
	if (off < 0)
		off = 0;
	count += count % unit;
	if (count < unit)
		count = unit;
	range = count - unit;
	*total = 0;
	while (count > 0) {
		ssize_t n;

		at = range ? ((off + random() % range) / unit) * unit : off;
		n = write_counted(io, buf, at, unit, bs, vecs, &ops, total);
		if (n <= 0)
			return n < 0 ? -1 : ops;
		if (n < unit)
			break;
		count -= n;
	}
	return ops;
}

static int read_forward(struct daxio *io, void *buf, long long off,
			long long count, long long bs, bool dump,
			long long *total)
{
	struct tfile *f = io->file;
	int ops = 0;

	*total = 0;
	while (count > 0) {
		ssize_t n = f->t->ops->pread(f, buf, (size_t)min_ll(count, bs),
					     (off_t)off);

		if (n == 0)
			break;		/* EOF */
		if (n < 0) {
			op_error(io, "pread", (int)n);
			return -1;
		}
		ops++;
		if (dump)
			xfs_dump_buffer(stdout, buf, off, (size_t)n);
		*total += n;
		if (n < min_ll(count, bs))
			break;
		off += n;
		count -= n;
	}
	return ops;
}

/* What pwrite and pread share: options, range, buffer and report. */
struct rw_args {
	long long	bs, off, count, total;
	bool		compact, quiet;
	struct timeval	t1;
};

/* -b, -C, -F and -q, which both commands take.  Returns 1 when @c was one
 * of them, 0 when it was not, -1 after a bad value (message printed). */
static int rw_common_opt(struct daxio *io, char **argv, int c,
			 struct rw_args *a)
{
	switch (c) {
	case 'b':
		return arg_size(io, argv[0], "bsize", optarg, &a->bs) ? -1 : 1;
	case 'C':
		a->compact = true;
		return 1;
	case 'F':
		return 1;	/* forward: the default (pwrite also has -B, -R) */
	case 'q':
		a->quiet = true;
		return 1;
	}
	return 0;
}

/* "off len" at argv[optind], with xfs_io's messages. */
static int rw_range(struct daxio *io, char **argv, struct rw_args *a)
{
	if (arg_size(io, argv[0], "offset argument", argv[optind], &a->off) ||
	    arg_size(io, argv[0], "length argument", argv[optind + 1],
		     &a->count))
		return -1;
	return arg_range(io, argv[0], a->off, a->count);
}

/* The buffer, filled or not; then the clock starts, as in xfs_io. */
static void *rw_start(struct daxio *io, struct rw_args *a, bool fill,
		      unsigned seed)
{
	void *buf = iobuf_get((size_t)a->bs, fill, seed);

	if (!buf)
		op_error(io, "memalign", errno);
	gettimeofday(&a->t1, NULL);
	return buf;
}

static void rw_report(const char *verb, struct rw_args *a, int ops)
{
	struct timeval t2;

	if (a->quiet)
		return;
	gettimeofday(&t2, NULL);
	t2 = xfs_tsub(t2, a->t1);
	xfs_report_io_times(stdout, verb, &t2, a->off, a->count, a->total, ops,
			    a->compact);
}

static int sync_after(struct daxio *io, int (*op)(struct tfile *),
		      const char *call)
{
	int rc = op(io->file);

	if (rc < 0)
		op_error(io, call, rc);
	return rc;
}

int pwrite_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("pwrite");
	struct rw_args a = { .bs = (long long)io->file->blksize };
	const struct target_ops *ops = io->target.ops;
	unsigned long seed = 0xcdcdcdcd, zeed = 0, vecs = 0;
	bool dsync = false, fsync = false;
	char dir = 'F', *end;
	void *buf;
	int c, n;

	while ((c = getopt(argc, argv, PWRITE_OPTS)) != -1) {
		if ((n = rw_common_opt(io, argv, c, &a)) < 0)
			return 0;
		if (n && c != 'F')
			continue;
		switch (c) {
		case 'B': case 'F': case 'R':
			dir = (char)c;
			break;
		case 'S':
			if (arg_seed(io, optarg, &seed))
				return 0;
			break;
		case 'V':
			vecs = strtoul(optarg, &end, 0);
			if (end == optarg) {
				printf("non-numeric vector count == %s\n", optarg);
				io->exitcode = 1;
				return 0;
			}
			break;
		case 'Z':
			zeed = strtoul(optarg, &end, 0);
			if (end == optarg) {
				printf("non-numeric seed -- %s\n", optarg);
				io->exitcode = 1;
				return 0;
			}
			break;
		case 'w':
			dsync = true;
			break;
		case 'W':
			fsync = true;
			break;
		default:
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (optind != argc - 2)
		return arg_usage(io, ct);
	if (vecs > 1024) {	/* IOV_MAX: pwritev(2) would say EINVAL */
		op_error(io, "pwrite", -EINVAL);
		return 0;
	}
	if (rw_range(io, argv, &a))
		return 0;
	{	/* the buffer: one block, or one per vector */
		long long bs = a.bs;

		a.bs = bs * (long long)(vecs ? vecs : 1);
		buf = rw_start(io, &a, true, seed);
		a.bs = bs;
		if (!buf)
			return 0;
	}
	if (dir == 'R' && !zeed)
		zeed = (unsigned long)time(NULL);	/* as xfs_io */
	n = dir == 'B' ? write_backward(io, buf, a.off, &a.count, a.bs,
					(int)vecs, &a.total) :
	    dir == 'R' ? write_random(io, buf, a.off, a.count, a.bs, (int)vecs,
				      (unsigned)zeed, &a.total) :
	    write_forward(io, buf, a.off, a.count, a.bs, (int)vecs, &a.total);
	if (n < 0 ||
	    (fsync && sync_after(io, ops->fsync, "fsync") < 0) ||
	    (dsync && sync_after(io, ops->fdatasync, "fdatasync") < 0))
		return 0;
	rw_report("wrote", &a, n);
	return 0;
}

int pread_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("pread");
	struct rw_args a = { .bs = (long long)io->file->blksize };
	bool dump = false, fill = true, to_eof;
	const char *len;
	void *buf;
	int c, n;

	while ((c = getopt(argc, argv, PREAD_OPTS)) != -1) {
		if ((n = rw_common_opt(io, argv, c, &a)) < 0)
			return 0;
		if (n)
			continue;
		switch (c) {
		case 'u':
			fill = false;	/* the buffer is only read into */
			break;
		case 'v':
			dump = true;
			break;
		default:
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (optind != argc - 2)
		return arg_usage(io, ct);
	/* A negative length ("pread -- 0 -1") reads to EOF, as in xfs_io. */
	len = argv[optind + 1] + strspn(argv[optind + 1], " ");
	to_eof = *len == '-' && xfs_cvtnum(len + 1, io->file->blksize,
					   io->file->sectsize, &a.count) == 0;
	if (to_eof) {
		if (arg_size(io, argv[0], "offset argument", argv[optind],
			     &a.off))
			return 0;
		a.count = LLONG_MAX - a.off;
	} else if (rw_range(io, argv, &a)) {
		return 0;
	}
	if (!(buf = rw_start(io, &a, fill, 0xabababab)))
		return 0;
	n = read_forward(io, buf, a.off, a.count, a.bs, dump, &a.total);
	if (n < 0)
		return 0;
	if (to_eof)
		a.count = a.total;
	rw_report("read", &a, n);
	return 0;
}

void pwrite_help(void)
{
	printf("\n"
" Writes len bytes at offset off of the current file, in calls of bsize\n"
" bytes each (the last one shorter), from a buffer filled with the low\n"
" byte of the seed (0xcd by default).  One op is counted per call; a short\n"
" write ends the loop.  The report gives bytes, ops, time and rates in\n"
" xfs_io's format.\n"
"\n"
" Example:\n"
" 'pwrite -b 1m -S 0x5a 0 16m' - 16 calls of 1 MiB of 0x5a bytes\n"
"\n"
" -b bs   -- bytes per call (default 4096; xfs_io size suffixes)\n"
" -S seed -- fill byte (its low 8 bits are used)\n"
" -F      -- forward through the range (the default)\n"
" -B      -- backwards: the range [off - len, off) from its end, first up\n"
"            to the block boundary below off (xfs_io 6.1 writes nothing of\n"
"            an aligned range away from 0; daxio writes the range)\n"
" -R      -- blocks at random offsets in the range, as xfs_io picks them\n"
"            (random(3)), so the same -Z N writes the same places\n"
" -Z N    -- the seed of -R (default: the time)\n"
" -V N    -- pwritev(2) of N buffers of bs each per call; the last call\n"
"            writes only what is left (xfs_io 6.1 writes all N buffers, past\n"
"            the range, and keeps N for later pwrites; daxio does neither)\n"
" -w      -- fdatasync at the end, inside the timed span\n"
" -W      -- fsync at the end, inside the timed span\n"
" -q      -- print nothing\n"
" -C      -- print one comma-separated line: bytes,ops,time,bytes/sec,ops/sec\n"
" xfs_io's -i, -d, -s, -O, -N, -D and -u are not implemented and are\n"
" refused by name.\n"
"\n");
}

void pread_help(void)
{
	printf("\n"
" Reads len bytes at offset off of the current file, in calls of bsize\n"
" bytes each, stopping early at end of file.  With -v each block read is\n"
" dumped in xfs_io's hex format (offset, 16 bytes in hex, then the bytes\n"
" that are letters or digits, dots for the rest).\n"
"\n"
" Example:\n"
" 'pread -v 512 20' - dump 20 bytes from offset 512\n"
"\n"
" A negative length (after --, as in 'pread -- 0 -1') reads to end of file.\n"
"\n"
" -b bs -- bytes per call (default 4096)\n"
" -v    -- dump what was read (inside the timed span, as in xfs_io)\n"
" -q    -- print nothing\n"
" -C    -- print one comma-separated line: bytes,ops,time,bytes/sec,ops/sec\n"
" -F    -- forward (the default)\n"
" -u    -- do not pre-fill the buffer\n"
" xfs_io's -B, -R, -Z and -V are not implemented and are refused by name.\n"
"\n");
}
