// SPDX-License-Identifier: MIT
/*
 * cmd_ref.c - daxio's own commands for testing the reference filesystem:
 * crash (power loss and recovery), info, and mstat (fault counters and
 * mapping-tree entries).  Not in xfs_io; the dispatcher refuses them on
 * the posix target (CMD_REF_ONLY).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		case 's': {
			/* Our own command: a whole number that fits, unlike
			 * pwrite -S, which keeps xfs_io's lenient strtoul. */
			char *end;

			errno = 0;
			seed = strtoul(optarg, &end, 0);
			if (end == optarg || *end || errno == ERANGE ||
			    strchr(optarg, '-')) {
				printf("crash: bad seed -- %s (a number from 0 "
				       "to %lu)\n", optarg, ULONG_MAX);
				io->exitcode = 1;
				return 0;
			}
			break;
		}
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

int info_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	io->target.ops->info(&io->target, stdout);
	return 0;
}

/* One line for the run of pages [first, last] that share @e's kind and
 * dirty tag and whose blocks are contiguous (or all holes). */
static void entry_line(uint64_t first, uint64_t last, const struct tentry *e)
{
	if (first == last)
		printf("ref.entry[%llu] = %s%s, ", (unsigned long long)first,
		       e->kind, e->dirty ? " dirty" : "");
	else
		printf("ref.entry[%llu-%llu] = %s%s, ",
		       (unsigned long long)first, (unsigned long long)last,
		       e->kind, e->dirty ? " dirty" : "");
	if (e->hole)
		printf("hole\n");
	else if (first == last)
		printf("block %llu\n", (unsigned long long)e->block);
	else
		printf("blocks %llu-%llu\n", (unsigned long long)e->block,
		       (unsigned long long)(e->block + (last - first)));
}

static bool same_run(const struct tentry *a, uint64_t a_index,
		     const struct tentry *b, uint64_t b_index)
{
	return !strcmp(a->kind, b->kind) && a->dirty == b->dirty &&
	       a->hole == b->hole &&
	       (a->hole || b->block == a->block + (b_index - a_index));
}

int mstat_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("mstat");
	struct tentry run = { 0 }, e;
	uint64_t first = 0, idx, last;
	long long off = 0, len = 0;
	int rc;

	if (argc == 2)
		return arg_usage(io, ct);
	if (argc == 3) {
		if (!io->file) {
			fflush(stdout);
			fprintf(stderr, "no files are open, try 'help open'\n");
			io->exitcode = 1;
			return 0;
		}
		if (arg_size(io, "mstat", "offset argument", argv[1], &off) ||
		    arg_size(io, "mstat", "length argument", argv[2], &len) ||
		    arg_range(io, "mstat", off, len))
			return 0;
	}
	io->target.ops->fault_stats(&io->target, stdout);
	if (argc == 1 || len == 0)
		return 0;
	last = (uint64_t)(off + len - 1) / io->file->blksize;
	for (idx = (uint64_t)off / io->file->blksize; idx <= last; idx++) {
		rc = io->target.ops->entry(io->file, idx, &e);
		if (rc < 0) {
			op_error(io, "mstat", rc);
			return 0;
		}
		if (idx > (uint64_t)off / io->file->blksize &&
		    same_run(&run, first, &e, idx))
			continue;
		if (idx > (uint64_t)off / io->file->blksize)
			entry_line(first, idx - 1, &run);
		run = e;
		first = idx;
	}
	entry_line(first, last, &run);
	return 0;
}

void mstat_help(void)
{
	printf("\n"
" Prints the reference's page-fault counters (dx_fault_stats, since the\n"
" filesystem was mounted) as ref.fault.* lines: read, write and mkwrite\n"
" (pfn_mkwrite) faults, PMD faults, PMD faults that fell back to 4 KiB\n"
" pages, zero-page maps of holes, SIGBUS raised, and the bytes writeback\n"
" has flushed.  With a range, then one ref.entry line per run of pages of\n"
" the current file: the mapping-tree entry kind (none, pte, pmd, zero,\n"
" page, empty), dirty if tagged DIRTY, and the region blocks behind the\n"
" pages (dx_entry_kind, dx_bmap).\n"
"\n"
" Example:\n"
" 'mmap -rw 0 2m' 'mwrite 0 1' 'mstat 0 2m' - on a 2 MiB file in a DAX mode:\n"
"   ref.fault.pmd = 1, and ref.entry[0-511] = pmd dirty, blocks N-M\n"
"\n");
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
