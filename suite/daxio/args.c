// SPDX-License-Identifier: MIT
/*
 * args.c - command arguments, with xfs_io's error wording.
 *
 * Where xfs_io has a message we print it unchanged ("non-numeric offset
 * argument -- 1x"), on the same stream (stdout for argument errors, stderr
 * for perror-style failures).  Where xfs_io has none because it passes a
 * wrapped or saturated number on to the kernel, we refuse the input and
 * name it (see xfs_cvtnum() in xfsfmt.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxio.h"
#include "xfsfmt.h"

/* @what is xfs_io's noun for the argument: "offset argument", "length
 * argument", "truncate argument" or "bsize". */
int arg_size(struct daxio *io, const char *cmd, const char *what,
	     const char *s, long long *out)
{
	size_t blk = io->file ? io->file->blksize : 4096;
	size_t sect = io->file ? io->file->sectsize : 512;
	const char *p = s + strspn(s, " \t\n\v\f\r");
	int rc = xfs_cvtnum(s, blk, sect, out);

	if (!rc)
		return 0;
	io->exitcode = 1;
	/* A negative number is "non-numeric" to xfs_io; keep its words. */
	if (rc == -EINVAL || *p == '-')
		printf("non-numeric %s -- %s\n", what, s);
	else
		printf("%s: %s too large -- %s (the limit is %lld bytes)\n",
		       cmd, what, s, LLONG_MAX);
	return -1;
}

/* Refuses a range whose end does not fit in off_t, which xfs_io would
 * hand to the kernel to reject as EINVAL or EFBIG. */
int arg_range(struct daxio *io, const char *cmd, long long off,
	      long long len)
{
	if (off <= LLONG_MAX - len)
		return 0;
	printf("%s: offset %lld + length %lld overflows\n", cmd, off, len);
	io->exitcode = 1;
	return -1;
}

/* As xfs_io: strtoul in any base, and only "no digits at all" is an
 * error ("0x12zz" is 0x12). */
int arg_seed(struct daxio *io, const char *s, unsigned long *out)
{
	char *end;

	*out = strtoul(s, &end, 0);
	if (end != s)
		return 0;
	printf("non-numeric seed -- %s\n", s);
	io->exitcode = 1;
	return -1;
}

int arg_usage(struct daxio *io, const struct daxio_cmd *ct)
{
	io->exitcode = 1;
	return cmd_usage(ct);
}

int arg_bad_option(struct daxio *io, const struct daxio_cmd *ct, int c,
		   char **argv)
{
	if (c == '?')
		return arg_usage(io, ct);
	io->exitcode = 1;
	printf("%s: command -%c not supported\n", argv[0], c);
	return 0;
}

void op_error(struct daxio *io, const char *call, int err)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", call, strerror(err < 0 ? -err : err));
	io->exitcode = 1;
}
