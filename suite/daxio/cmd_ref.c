// SPDX-License-Identifier: MIT
/*
 * cmd_ref.c - daxio's own commands for testing the reference filesystem:
 * crash (power loss and recovery) and info.  Not in xfs_io; the
 * dispatcher refuses them on the posix target (CMD_REF_ONLY).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "daxio.h"

int crash_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("crash");
	unsigned long seed = 0;
	bool torn = false;
	int c, rc;

	while ((c = getopt(argc, argv, "ts:")) != -1) {
		switch (c) {
		case 't':
			torn = true;
			break;
		case 's':
			if (arg_seed(io, optarg, &seed))
				return 0;
			break;
		default:
			return arg_usage(io, ct);
		}
	}
	if (optind != argc)
		return arg_usage(io, ct);
	rc = io->target.ops->crash(&io->target, torn, seed);
	if (rc < 0) {
		op_error(io, "crash", rc);
		if (rc == -EOPNOTSUPP) {
			fprintf(stderr, "crash: the persistence model is off;"
				" run with --track\n");
			return 0;
		}
		/* Whatever happened, the old handles are stale now. */
	}
	if (file_reopen_all(io, "crash") < 0)
		io->exitcode = 1;
	return 0;
}

int info_f(struct daxio *io, int argc, char **argv)
{
	io->target.ops->info(&io->target, stdout);
	return 0;
}

void crash_help(void)
{
	printf("\n"
" Simulates power loss in the reference filesystem (dx_crash), then\n"
" recovers it and reopens every open file by name.  Every 64-byte line of\n"
" the region that was not flushed and fenced goes back to its last durable\n"
" content; page cache, mapping tree and in-core inodes are dropped; the\n"
" journal is replayed.  Needs --track.  A file that does not exist after\n"
" recovery is reported and closed.\n"
"\n"
" Example:\n"
" 'pwrite 0 4k' 'fsync' 'pwrite 4k 4k' 'crash' 'stat' - in the deferred\n"
" and pagecache modes the second write is gone, the first one is not.\n"
"\n"
" -t      -- torn: a random subset of the non-durable lines survives\n"
" -s seed -- seed for -t (default 0), so a torn crash can be replayed\n"
"\n");
}
