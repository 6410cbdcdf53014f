// SPDX-License-Identifier: MIT
/*
 * cmd_attr.c - the inode flags and statx: lsattr, chattr and statx, with
 * xfs_io's words and output, so a DAX developer can see and set the
 * per-file DAX flag (FS_XFLAG_DAX, "x") and read STATX_ATTR_DAX on a real
 * file, and see the same on the reference (where DAX is the mount's mode:
 * chattr is refused there).
 *
 * The xflags table is xfs_io's order of letters ("rpiasAdtPneEfSxCX").
 */
#include <errno.h>
#include <getopt.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "daxio.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX	0x00200000
#endif

static const struct { uint32_t flag; char letter; const char *name; } xflags[] = {
	{ FS_XFLAG_REALTIME, 'r', "realtime" },
	{ FS_XFLAG_PREALLOC, 'p', "prealloc" },
	{ FS_XFLAG_IMMUTABLE, 'i', "immutable" },
	{ FS_XFLAG_APPEND, 'a', "append-only" },
	{ FS_XFLAG_SYNC, 's', "sync" },
	{ FS_XFLAG_NOATIME, 'A', "no-atime" },
	{ FS_XFLAG_NODUMP, 'd', "no-dump" },
	{ FS_XFLAG_RTINHERIT, 't', "rt-inherit" },
	{ FS_XFLAG_PROJINHERIT, 'P', "proj-inherit" },
	{ FS_XFLAG_NOSYMLINKS, 'n', "nosymlinks" },
	{ FS_XFLAG_EXTSIZE, 'e', "extsize" },
	{ FS_XFLAG_EXTSZINHERIT, 'E', "extsz-inherit" },
	{ FS_XFLAG_NODEFRAG, 'f', "no-defrag" },
	{ FS_XFLAG_FILESTREAM, 'S', "filestream" },
	{ FS_XFLAG_DAX, 'x', "dax" },
	{ FS_XFLAG_COWEXTSIZE, 'C', "cowextsize" },
	{ FS_XFLAG_HASATTR, 'X', "has-xattr" },
};
#define NXFLAGS (sizeof(xflags) / sizeof(xflags[0]))

void print_xflags(uint32_t flags, bool verbose)
{
	bool first = true;

	putchar('[');
	for (size_t i = 0; i < NXFLAGS; i++) {
		if (!(flags & xflags[i].flag)) {
			if (!verbose)
				putchar('-');
		} else if (verbose) {
			printf("%s%s", first ? "" : ", ", xflags[i].name);
			first = false;
		} else {
			putchar(xflags[i].letter);
		}
	}
	puts("]");
}

/* lsattr's line: "-----A--------x-- name " (-a adds "/rpias..."), or
 * with -v "[no-atime, dax] name ". */
static void lsattr_line(uint32_t flags, bool all, bool verbose,
			const char *name)
{
	bool first = true;

	if (verbose) {
		putchar('[');
		for (size_t i = 0; i < NXFLAGS; i++)
			if (flags & xflags[i].flag) {
				printf("%s%s", first ? "" : ", ", xflags[i].name);
				first = false;
			}
		putchar(']');
	} else {
		for (size_t i = 0; i < NXFLAGS; i++)
			putchar(flags & xflags[i].flag ? xflags[i].letter : '-');
		if (all) {
			putchar('/');
			for (size_t i = 0; i < NXFLAGS; i++)
				putchar(xflags[i].letter);
		}
	}
	printf(" %s \n", name);
}

int lsattr_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("lsattr");
	bool all = false, verbose = false;
	uint32_t flags = 0;
	int c, rc;

	while ((c = getopt(argc, argv, "av")) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'v': verbose = true; break;
		default: return arg_usage(io, ct);
		}
	}
	rc = io->target.ops->getxflags(io->file, &flags);
	if (rc < 0) {
		fflush(stdout);
		fprintf(stderr, "%s: cannot get flags on %s: %s\n",
			io->progname, io->file->name, strerror(-rc));
		io->exitcode = 1;
		return 0;
	}
	lsattr_line(flags, all, verbose, io->file->name);
	return 0;
}

void lsattr_help(void)
{
	printf(
"\n"
" displays the extended inode flags of the current file, one letter each,\n"
" in xfs_io's order: rpiasAdtPneEfSxCX; x is FS_XFLAG_DAX, the per-file DAX\n"
" flag.  -a also lists every letter, -v the long names.  On the reference\n"
" x is set in every DAX mode (movnt, clwb, deferred): DAX is its mount's\n"
" mode, not a per-file choice.\n"
"\n");
}

int chattr_f(struct daxio *io, int argc, char **argv)
{
	uint32_t set = 0, clear = 0, flags;
	int rc;

	for (int a = 1; a < argc; a++) {
		const char *p = argv[a];
		bool plus = *p == '+';

		if (*p != '+' && *p != '-') {
			fflush(stdout);
			fprintf(stderr, "%s: bad chattr command, not +/-X\n",
				io->progname);
			io->exitcode = 1;
			return 0;
		}
		for (p++; *p; p++) {
			size_t i;

			for (i = 0; i < NXFLAGS && xflags[i].letter != *p; i++)
				;
			if (i == NXFLAGS || xflags[i].flag == FS_XFLAG_PREALLOC ||
			    xflags[i].flag == FS_XFLAG_HASATTR) {
				fflush(stdout);
				fprintf(stderr, "%s: unknown flag\n",
					io->progname);
				io->exitcode = 1;
				return 0;
			}
			if (plus)
				set |= xflags[i].flag;
			else
				clear |= xflags[i].flag;
		}
	}
	rc = io->target.ops->getxflags(io->file, &flags);
	if (!rc)
		rc = io->target.ops->setxflags(io->file, (flags | set) & ~clear);
	if (rc < 0) {
		fflush(stdout);
		fprintf(stderr, "%s: cannot set flags on %s: %s\n",
			io->progname, io->file->name, strerror(-rc));
		io->exitcode = 1;
	}
	return 0;
}

void chattr_help(void)
{
	printf(
"\n"
" sets (+) or clears (-) extended inode flags of the current file, by the\n"
" letters lsattr shows: 'chattr +x' asks for DAX on this file (XFS, ext4;\n"
" it takes effect when the inode is next loaded).  p and X cannot be set.\n"
" The reference refuses: DAX is its mount's mode (--ref MODE).\n"
"\n");
}

/* statx -m: basic, all, or a number (as xfs_io's cvtnum reads it). */
static int parse_mask(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!strcmp(s, "basic")) {
		*out = STATX_BASIC_STATS;
		return 0;
	}
	if (!strcmp(s, "all")) {
		*out = STATX_ALL;
		return 0;
	}
	v = strtoul(s, &end, 0);
	if (end == s || *end)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static void raw_ts(const char *name, const struct statx_timestamp *t)
{
	printf("stat.%s.tv_sec = %lld\n", name, (long long)t->tv_sec);
	printf("stat.%s.tv_nsec = %u\n", name, t->tv_nsec);
}

/* xfs_io's statx -r: every field of struct statx, in its order. */
static void print_raw_statx(const struct statx *x)
{
	printf("stat.mask = 0x%x\n", x->stx_mask);
	printf("stat.blksize = %u\n", x->stx_blksize);
	printf("stat.attributes = 0x%llx\n", (unsigned long long)x->stx_attributes);
	printf("stat.nlink = %u\n", x->stx_nlink);
	printf("stat.uid = %u\n", x->stx_uid);
	printf("stat.gid = %u\n", x->stx_gid);
	printf("stat.mode: 0%o\n", x->stx_mode);
	printf("stat.ino = %llu\n", (unsigned long long)x->stx_ino);
	printf("stat.size = %llu\n", (unsigned long long)x->stx_size);
	printf("stat.blocks = %llu\n", (unsigned long long)x->stx_blocks);
	printf("stat.attributes_mask = 0x%llx\n",
	       (unsigned long long)x->stx_attributes_mask);
	raw_ts("atime", &x->stx_atime);
	raw_ts("btime", &x->stx_btime);
	raw_ts("ctime", &x->stx_ctime);
	raw_ts("mtime", &x->stx_mtime);
	printf("stat.rdev_major = %u\n", x->stx_rdev_major);
	printf("stat.rdev_minor = %u\n", x->stx_rdev_minor);
	printf("stat.dev_major = %u\n", x->stx_dev_major);
	printf("stat.dev_minor = %u\n", x->stx_dev_minor);
}

static void ts_line(const char *name, const struct statx_timestamp *t)
{
	time_t s = (time_t)t->tv_sec;

	printf("stat.%s = %s", name, ctime(&s));
}

int statx_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("statx");
	unsigned mask = STATX_ALL;
	bool raw = false, verbose = false;
	struct statx x;
	char flags[128];
	int c, rc;

	while ((c = getopt(argc, argv, "rvm:FD")) != -1) {
		switch (c) {
		case 'r': raw = true; break;
		case 'v': verbose = true; break;
		case 'F': case 'D': break;	/* a local filesystem syncs */
		case 'm':
			if (parse_mask(optarg, &mask)) {
				printf("non-numeric mask -- %s\n", optarg);
				io->exitcode = 1;
				return 0;
			}
			break;
		default: return arg_usage(io, ct);
		}
	}
	rc = io->target.ops->statx(io->file, mask, &x);
	if (rc < 0) {
		op_error(io, "statx", rc);
		return 0;
	}
	if (raw) {
		print_raw_statx(&x);
		return 0;
	}
	file_flags_str(io->file->flags, flags, sizeof(flags));
	printf("fd.path = \"%s\"\n", io->file->name);
	printf("fd.flags = %s\n", flags);
	printf("stat.ino = %llu\n", (unsigned long long)x.stx_ino);
	printf("stat.type = %s\n", stat_filetype(x.stx_mode));
	printf("stat.size = %llu\n", (unsigned long long)x.stx_size);
	printf("stat.blocks = %llu\n", (unsigned long long)x.stx_blocks);
	if (verbose) {
		ts_line("atime", &x.stx_atime);
		ts_line("mtime", &x.stx_mtime);
		ts_line("ctime", &x.stx_ctime);
		if (x.stx_mask & STATX_BTIME)
			ts_line("btime", &x.stx_btime);
	}
	return 0;
}

void statx_help(void)
{
	printf(
"\n"
" extended file status, from statx(2).  -r prints every field; there\n"
" stat.attributes holds STATX_ATTR_DAX (0x200000) when the file's data is\n"
" accessed directly.  -v adds the times, -m basic|all|MASK the request\n"
" mask (default all).  On the reference the times are zero (it keeps none).\n"
"\n");
}
