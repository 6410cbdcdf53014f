// SPDX-License-Identifier: MIT
/*
 * cmdtab.c - daxio's command table and dispatcher.
 *
 * One table, sorted by name as xfs_io sorts its own, so that "help" lists
 * in the same order.  The one-line descriptions of xfs_io's commands are
 * xfs_io's, because its usage line ("name args -- oneline") is part of
 * its error output; the synopses list only what daxio implements.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxio.h"

static const struct daxio_cmd cmdtab[] = {
	{ .name = "bmap", .fn = bmap_f, .argmin = 0, .argmax = -1,
	  .args = "[-adlpv] [-n nx]",
	  .oneline = "print block mapping for an XFS file",
	  .help = bmap_help },
	{ .name = "chattr", .fn = chattr_f, .argmin = 1, .argmax = -1,
	  .args = "[+/-riasAdtPneEfSxC]",
	  .oneline = "change extended inode flags on the currently open file",
	  .help = chattr_help },
	{ .name = "close", .alias = "c", .fn = close_f,
	  .argmin = 0, .argmax = 0,
	  .oneline = "close the current open file", .flags = CMD_ONESHOT },
	{ .name = "crash", .fn = crash_f, .argmin = 0, .argmax = -1,
	  .args = "[-t] [-s seed]",
	  .oneline = "lose what is not durable, recover, reopen the files",
	  .help = crash_help,
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT | CMD_REF_ONLY |
		   CMD_EXTENSION },
	{ .name = "falloc", .fn = falloc_f, .argmin = 2, .argmax = -1,
	  .args = "[-c] [-k] [-p] [-u] off len",
	  .oneline = "allocates space associated with part of a file via fallocate",
	  .help = falloc_help },
	{ .name = "fdatasync", .alias = "ds", .fn = fdatasync_f,
	  .argmin = 0, .argmax = 0,
	  .oneline = "calls fdatasync(2) to flush the files in-core data to disk" },
	{ .name = "fiemap", .fn = fiemap_f, .argmin = 0, .argmax = -1,
	  .args = "[-alv] [-n nx] [offset [len]]",
	  .oneline = "print block mapping for a file",
	  .help = fiemap_help },
	{ .name = "file", .alias = "f", .fn = file_f, .argmin = 0, .argmax = 1,
	  .args = "[N]", .oneline = "set the current file",
	  .flags = CMD_ONESHOT },
	{ .name = "fpunch", .fn = fpunch_f, .argmin = 2, .argmax = 2,
	  .args = "off len",
	  .oneline = "de-allocates space associated with part of a file via fallocate" },
	{ .name = "fsync", .alias = "s", .fn = fsync_f,
	  .argmin = 0, .argmax = 0,
	  .oneline = "calls fsync(2) to flush all in-core file state to disk" },
	{ .name = "fzero", .fn = fzero_f, .argmin = 2, .argmax = 3,
	  .args = "[-k] off len",
	  .oneline = "zeroes space and eliminates holes by preallocating" },
	{ .name = "help", .alias = "?", .fn = help_f, .argmin = 0, .argmax = 1,
	  .args = "[command]", .oneline = "help for one or all commands",
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT },
	{ .name = "info", .fn = info_f, .argmin = 0, .argmax = 0,
	  .oneline = "print the reference filesystem's facts (dx_info)",
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT | CMD_REF_ONLY |
		   CMD_EXTENSION },
	{ .name = "lsattr", .fn = lsattr_f, .argmin = 0, .argmax = 1,
	  .args = "[-a|-v]",
	  .oneline = "list extended inode flags set on the currently open file",
	  .help = lsattr_help },
	{ .name = "madvise", .alias = "ma", .fn = madvise_f, .argmin = 0,
	  .argmax = -1, .args = "[-drsw] [off len]",
	  .oneline = "give advice about use of memory",
	  .help = madvise_help, .flags = CMD_NOFILE_OK | CMD_NEEDMAP },
	{ .name = "mmap", .alias = "mm", .fn = mmap_f, .argmin = 0,
	  .argmax = -1, .args = "[N] | [-rwxS] [-s size] [off len]",
	  .oneline = "mmap a range in the current file, show mappings",
	  .help = mmap_help, .flags = CMD_NOFILE_OK | CMD_ONESHOT },
	{ .name = "mread", .alias = "mr", .fn = mread_f, .argmin = 0,
	  .argmax = -1, .args = "[-r] [off len]",
	  .oneline = "reads data from a region in the current memory mapping",
	  .help = mread_help, .flags = CMD_NOFILE_OK | CMD_NEEDMAP },
	{ .name = "mstat", .fn = mstat_f, .argmin = 0, .argmax = 2,
	  .args = "[off len]",
	  .oneline = "page-fault counters, and the mapping-tree entries of a range",
	  .help = mstat_help,
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT | CMD_REF_ONLY |
		   CMD_EXTENSION },
	{ .name = "msync", .alias = "ms", .fn = msync_f, .argmin = 0,
	  .argmax = -1, .args = "[-ais] [off len]",
	  .oneline = "flush a region in the current memory mapping",
	  .help = msync_help, .flags = CMD_NOFILE_OK | CMD_NEEDMAP },
	{ .name = "munmap", .alias = "mu", .fn = munmap_f, .argmin = 0,
	  .argmax = 0, .oneline = "unmaps the current memory mapping",
	  .flags = CMD_NOFILE_OK | CMD_NEEDMAP },
	{ .name = "mwrite", .alias = "mw", .fn = mwrite_f, .argmin = 0,
	  .argmax = -1, .args = "[-r] [-S seed] [off len]",
	  .oneline = "writes data into a region in the current memory mapping",
	  .help = mwrite_help, .flags = CMD_NOFILE_OK | CMD_NEEDMAP },
	{ .name = "open", .alias = "o", .fn = open_f, .argmin = 0,
	  .argmax = -1, .args = "[-acdfrstL] [-m mode] [path]",
	  .oneline = "open the file specified by path", .help = open_help,
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT },
	{ .name = "pread", .alias = "r", .fn = pread_f, .argmin = 2,
	  .argmax = -1, .args = "[-b bs] [-qvuCF] off len",
	  .oneline = "reads a number of bytes at a specified offset",
	  .help = pread_help },
	{ .name = "pwrite", .alias = "w", .fn = pwrite_f, .argmin = 2,
	  .argmax = -1, .args = "[-b bs] [-S seed] [-FBR [-Z N]] [-V N] [-qwWC] off len",
	  .oneline = "writes a number of bytes at a specified offset",
	  .help = pwrite_help },
	{ .name = "quit", .alias = "q", .fn = quit_f, .argmin = -1,
	  .argmax = -1, .oneline = "exit the program",
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT },
	{ .name = "stat", .fn = stat_f, .argmin = 0, .argmax = 1,
	  .args = "[-v|-r]",
	  .oneline = "statistics on the currently open file",
	  .help = stat_help },
	{ .name = "statx", .fn = statx_f, .argmin = 0, .argmax = -1,
	  .args = "[-v|-r][-m basic | -m all | -m <mask>][-FD]",
	  .oneline = "extended statistics on the currently open file",
	  .help = statx_help },
	{ .name = "sync", .fn = sync_f, .argmin = 0, .argmax = 0,
	  .oneline = "calls sync(2) to flush all in-core filesystem state to disk",
	  .flags = CMD_NOFILE_OK | CMD_ONESHOT },
	{ .name = "syncfs", .fn = syncfs_f, .argmin = 0, .argmax = 0,
	  .oneline = "calls syncfs(2) to flush all in-core filesystem state to disk" },
	{ .name = "truncate", .alias = "t", .fn = truncate_f,
	  .argmin = 1, .argmax = 1, .args = "off",
	  .oneline = "truncates the current file at the given offset" },
};

#define NCMDS	(sizeof(cmdtab) / sizeof(cmdtab[0]))

const struct daxio_cmd *cmd_find(const char *name)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (!strcmp(cmdtab[i].name, name) ||
		    (cmdtab[i].alias && !strcmp(cmdtab[i].alias, name)))
			return &cmdtab[i];
	return NULL;
}

/* xfs_io's usage line, on stdout; returns 0 for "go on". */
int cmd_usage(const struct daxio_cmd *ct)
{
	printf("%s %s -- %s\n", ct->name, ct->args ? ct->args : "",
	       ct->oneline);
	return 0;
}

static void help_oneline(FILE *out, const struct daxio_cmd *ct)
{
	fprintf(out, "%s ", ct->name);
	if (ct->args)
		fprintf(out, "%s ", ct->args);
	fprintf(out, "-- %s\n", ct->oneline);
}

/* The command list: xfs_io's commands, or daxio's own extensions. */
void cmd_list(FILE *out, bool extensions)
{
	for (size_t i = 0; i < NCMDS; i++)
		if (!(cmdtab[i].flags & CMD_EXTENSION) == !extensions)
			help_oneline(out, &cmdtab[i]);
}

int help_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct;

	if (argc == 1) {
		cmd_list(stdout, false);
		printf("\ndaxio extensions (ref target only):\n");
		cmd_list(stdout, true);
		printf("\nUse 'help commandname' for extended help.\n");
		return 0;
	}
	ct = cmd_find(argv[1]);
	if (!ct) {
		printf("command %s not found\n", argv[1]);
		io->exitcode = 1;
		return 0;
	}
	printf("%s ", argv[1]);
	if (ct->args)
		printf("%s ", ct->args);
	printf("-- %s\n", ct->oneline);
	if (ct->help)
		ct->help();
	return 0;
}

int quit_f(struct daxio *io DX_UNUSED, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	return 1;
}

/* The checks xfs_io makes before a handler runs, in its order. */
static int cmd_run(struct daxio *io, const struct daxio_cmd *ct, int argc,
		   char **argv)
{
	fflush(stdout);		/* keep stdout and stderr in command order */
	if (!io->file && !(ct->flags & CMD_NOFILE_OK)) {
		fprintf(stderr, "no files are open, try 'help open'\n");
		io->exitcode = 1;
		return 0;
	}
	if ((ct->flags & CMD_NEEDMAP) && io->curmap < 0) {
		fprintf(stderr, "no mapped regions, try 'help mmap'\n");
		io->exitcode = 1;
		return 0;
	}
	if ((ct->flags & CMD_REF_ONLY) && !io->target.ops->crash) {
		fprintf(stderr, "%s: needs --ref MODE (a reference-filesystem"
			" command; this run uses the %s target)\n", ct->name,
			io->target.ops->name);
		io->exitcode = 1;
		return 0;
	}
	if (argc - 1 < ct->argmin ||
	    (ct->argmax != -1 && argc - 1 > ct->argmax)) {
		if (ct->argmax == -1)
			fprintf(stderr, "bad argument count %d to %s, expected"
				" at least %d arguments\n", argc - 1, argv[0],
				ct->argmin);
		else if (ct->argmin == ct->argmax)
			fprintf(stderr, "bad argument count %d to %s, expected"
				" %d arguments\n", argc - 1, argv[0],
				ct->argmin);
		else
			fprintf(stderr, "bad argument count %d to %s, expected"
				" between %d and %d arguments\n", argc - 1,
				argv[0], ct->argmin, ct->argmax);
		io->exitcode = 1;
		return 0;
	}
	optind = 0;		/* full getopt reset, as xfs_io does */
	return ct->fn(io, argc, argv);
}

/* xfs_io's breakline(): words are separated by single spaces only (a tab
 * is part of a word), empty words are skipped, there is no quoting. */
static char **breakline(char *line, int *argc)
{
	char **v = calloc(1, sizeof(*v)), *p;
	int c = 0;

	while (v && (p = strsep(&line, " ")) != NULL) {
		char **nv;

		if (!*p)
			continue;
		nv = realloc(v, (c + 2) * sizeof(*v));
		if (!nv) {
			free(v);
			v = NULL;
			break;
		}
		v = nv;
		v[c++] = p;
		v[c] = NULL;
	}
	*argc = v ? c : 0;
	return v;
}

int cmd_run_line(struct daxio *io, const char *text, bool iterate)
{
	char *line = strdup(text), **argv;
	const struct daxio_cmd *ct;
	int argc, done = 0;

	if (!line) {
		op_error(io, "strdup", -ENOMEM);
		return 1;
	}
	argv = breakline(line, &argc);
	if (!argc)
		goto out;
	ct = cmd_find(argv[0]);
	if (!ct) {
		fflush(stdout);
		fprintf(stderr, "command \"%s\" not found\n", argv[0]);
		io->exitcode = 1;
		goto out;
	}
	if (!iterate || (ct->flags & CMD_ONESHOT) || io->nfiles == 0) {
		done = cmd_run(io, ct, argc, argv);
	} else {
		/* Once per open file; the table may change under a command
		 * (crash reopens), so index it afresh each time. */
		for (int i = 0; i < io->nfiles && !done; i++) {
			io->file = io->files[i];
			done = cmd_run(io, ct, argc, argv);
		}
	}
out:
	free(argv);
	free(line);
	return done;
}
