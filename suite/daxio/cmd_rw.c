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
#include <string.h>
#include <sys/time.h>

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

/* Returns the number of ops, or -1 after printing the error. */
static int write_forward(struct daxio *io, const void *buf, long long off,
			 long long count, long long bs, long long *total)
{
	struct tfile *f = io->file;
	long long chunk = min_ll(bs, count);
	int ops = 0;

	*total = 0;
	for (;;) {
		ssize_t n = f->t->ops->pwrite(f, buf, (size_t)min_ll(count, chunk),
					      (off_t)off);

		if (n == 0)
			break;
		if (n < 0) {
			op_error(io, "pwrite", (int)n);
			return -1;
		}
		ops++;
		*total += n;
		if (n < min_ll(count, chunk))
			break;		/* short write: ENOSPC, EFBIG, ... */
		off += n;
		count -= n;
		if (count == 0)
			break;
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

/* Parses "off len" at argv[optind], with xfs_io's messages. */
static int parse_off_len(struct daxio *io, char **argv, long long *off,
			 long long *len)
{
	if (arg_size(io, argv[0], "offset argument", argv[optind], off) ||
	    arg_size(io, argv[0], "length argument", argv[optind + 1], len))
		return -1;
	return arg_range(io, argv[0], *off, *len);
}

static int parse_bsize(struct daxio *io, char **argv, long long *bs)
{
	return arg_size(io, argv[0], "bsize", optarg, bs);
}

int pwrite_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("pwrite");
	struct tfile *f = io->file;
	long long bs = (long long)f->blksize, off, count, total;
	unsigned long seed = 0xcdcdcdcd;
	bool compact = false, quiet = false, dsync = false, fsync = false;
	struct timeval t1, t2;
	void *buf;
	int c, ops;

	while ((c = getopt(argc, argv, PWRITE_OPTS)) != -1) {
		switch (c) {
		case 'b':
			if (parse_bsize(io, argv, &bs))
				return 0;
			break;
		case 'C':
			compact = true;
			break;
		case 'F':
			break;		/* forward: the default and only way */
		case 'q':
			quiet = true;
			break;
		case 'S':
			if (arg_seed(io, optarg, &seed))
				return 0;
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
	if (optind != argc - 2) {
		io->exitcode = 1;
		return cmd_usage(ct);
	}
	if (parse_off_len(io, argv, &off, &count))
		return 0;
	buf = iobuf_get((size_t)bs, true, (unsigned)seed);
	if (!buf) {
		op_error(io, "memalign", errno);
		return 0;
	}

	gettimeofday(&t1, NULL);
	ops = write_forward(io, buf, off, count, bs, &total);
	if (ops < 0)
		return 0;
	if (fsync) {
		int rc = f->t->ops->fsync(f);

		if (rc < 0) {
			op_error(io, "fsync", rc);
			return 0;
		}
	}
	if (dsync) {
		int rc = f->t->ops->fdatasync(f);

		if (rc < 0) {
			op_error(io, "fdatasync", rc);
			return 0;
		}
	}
	if (quiet)
		return 0;
	gettimeofday(&t2, NULL);
	t2 = xfs_tsub(t2, t1);
	xfs_report_io_times(stdout, "wrote", &t2, off, count, total, ops,
			    compact);
	return 0;
}

int pread_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("pread");
	long long bs = (long long)io->file->blksize, off, count, total;
	bool compact = false, quiet = false, dump = false, fill = true, to_eof;
	struct timeval t1, t2;
	void *buf;
	int c, ops;

	while ((c = getopt(argc, argv, PREAD_OPTS)) != -1) {
		switch (c) {
		case 'b':
			if (parse_bsize(io, argv, &bs))
				return 0;
			break;
		case 'C':
			compact = true;
			break;
		case 'F':
			break;
		case 'q':
			quiet = true;
			break;
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
	if (optind != argc - 2) {
		io->exitcode = 1;
		return cmd_usage(ct);
	}
	/* A negative length ("pread -- 0 -1") reads to EOF, as in xfs_io. */
	to_eof = argv[optind + 1][strspn(argv[optind + 1], " ")] == '-' &&
		 xfs_cvtnum(argv[optind + 1] + strspn(argv[optind + 1], " ") + 1,
			    io->file->blksize, io->file->sectsize, &count) == 0;
	if (to_eof) {
		if (arg_size(io, argv[0], "offset argument", argv[optind],
			     &off))
			return 0;
		count = LLONG_MAX - off;
	} else if (parse_off_len(io, argv, &off, &count)) {
		return 0;
	}
	buf = iobuf_get((size_t)bs, fill, 0xabababab);
	if (!buf) {
		op_error(io, "memalign", errno);
		return 0;
	}

	gettimeofday(&t1, NULL);
	ops = read_forward(io, buf, off, count, bs, dump, &total);
	if (ops < 0)
		return 0;
	if (to_eof)
		count = total;
	if (quiet)
		return 0;
	gettimeofday(&t2, NULL);
	t2 = xfs_tsub(t2, t1);
	xfs_report_io_times(stdout, "read", &t2, off, count, total, ops,
			    compact);
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
" -w      -- fdatasync at the end, inside the timed span\n"
" -W      -- fsync at the end, inside the timed span\n"
" -q      -- print nothing\n"
" -C      -- print one comma-separated line: bytes,ops,time,bytes/sec,ops/sec\n"
" -F      -- forward (the default; accepted for xfs_io scripts)\n"
" xfs_io's -i, -d, -s, -B, -R, -O, -Z, -V, -N, -D and -u are not\n"
" implemented and are refused by name.\n"
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
