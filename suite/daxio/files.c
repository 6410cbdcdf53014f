// SPDX-License-Identifier: MIT
/*
 * files.c - xfs_io's table of open files, and the open, close and file
 * commands that manage it.  Opening makes the new file current; -c
 * commands run once per open file, in table order.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxio.h"

void file_flags_str(int flags, char *buf, size_t len)
{
	snprintf(buf, len, "%s,%s,%s%s%s",
		 flags & IO_OSYNC ? "sync" : "non-sync",
		 flags & IO_DIRECT ? "direct" : "non-direct",
		 flags & IO_READONLY ? "read-only" : "read-write",
		 flags & IO_APPEND ? ",append-only" : "",
		 flags & IO_NONBLOCK ? ",non-block" : "");
}

/* Returns 0, or a negative errno after printing "NAME: reason" as
 * perror(NAME) would (xfs_io's words for a file it cannot open) unless
 * @quiet. */
int file_open(struct daxio *io, const char *name, int flags, bool quiet)
{
	struct tfile *f = calloc(1, sizeof(*f)), **tab;
	int rc;

	if (!f || !(f->name = strdup(name))) {
		free(f);
		op_error(io, "malloc", -ENOMEM);
		return -ENOMEM;
	}
	f->t = &io->target;
	f->flags = flags;
	f->fd = -1;
	rc = io->target.ops->open(f, io->create_mode);
	if (rc < 0) {
		if (!quiet)
			op_error(io, name, rc);
		goto free_file;
	}
	tab = realloc(io->files, (io->nfiles + 1) * sizeof(*tab));
	if (!tab) {
		rc = -ENOMEM;
		op_error(io, "realloc", rc);
		io->target.ops->close(f);
		goto free_file;
	}
	io->files = tab;
	io->files[io->nfiles++] = f;
	io->file = f;
	return 0;

free_file:
	free(f->name);
	free(f);
	return rc;
}

/* Drops @f from the table; the current file becomes the one that took its
 * place, or the new last one (xfs_io's close). */
static void file_forget(struct daxio *io, struct tfile *f)
{
	int i;

	for (i = 0; i < io->nfiles && io->files[i] != f; i++)
		;
	if (i == io->nfiles)
		return;
	memmove(&io->files[i], &io->files[i + 1],
		(io->nfiles - i - 1) * sizeof(*io->files));
	io->nfiles--;
	if (io->file == f)
		io->file = io->nfiles ? io->files[i < io->nfiles ? i : i - 1]
				      : NULL;
	free(f->name);
	free(f);
}

void file_close(struct daxio *io, struct tfile *f)
{
	int rc = io->target.ops->close(f);

	if (rc < 0)
		op_error(io, "close", rc);
	file_forget(io, f);
}

void file_close_all(struct daxio *io)
{
	while (io->nfiles)
		file_close(io, io->files[io->nfiles - 1]);
	free(io->files);
	io->files = NULL;
}

/* Reopens every file by name after the target made its open files stale
 * (crash), keeping table order and the current file's position.  A file
 * that no longer exists is dropped from the table, with a message. */
int file_reopen_all(struct daxio *io, const char *cmd)
{
	struct tfile **old = io->files, *cur = io->file, *newcur = NULL;
	int n = io->nfiles, rc = 0;

	io->files = NULL;
	io->nfiles = 0;
	io->file = NULL;
	for (int i = 0; i < n; i++) {
		struct tfile *f = old[i];
		int flags = f->flags & ~(IO_CREAT | IO_TRUNC);
		int err = file_open(io, f->name, flags, true);

		if (err < 0) {
			printf("%s: reopen %s: %s\n", cmd, f->name,
			       strerror(-err));
			rc = -1;
		} else {
			io->file->flags = f->flags;
			if (f == cur)
				newcur = io->file;
		}
		/* The old handle is stale; closing it only frees it. */
		io->target.ops->close(f);
		free(f->name);
		free(f);
	}
	free(old);
	if (newcur)
		io->file = newcur;
	return rc;
}

static void list_files(struct daxio *io)
{
	char flags[128];

	for (int i = 0; i < io->nfiles; i++) {
		struct tfile *f = io->files[i];

		file_flags_str(f->flags, flags, sizeof(flags));
		printf("%c%03d%c %-14s (%s,%s)\n",
		       f == io->file ? '[' : ' ', i, f == io->file ? ']' : ' ',
		       f->name, f->kind, flags);
	}
}

int open_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("open");
	int c, flags = 0;
	mode_t saved = io->create_mode;

	if (argc == 1) {
		if (io->file)
			return stat_f(io, argc, argv);
		fflush(stdout);
		fprintf(stderr, "no files are open, try 'help open'\n");
		io->exitcode = 1;
		return 0;
	}
	while ((c = getopt(argc, argv, "FLPRTacdfm:nrstx")) != -1) {
		switch (c) {
		case 'F':
			break;
		case 'a': flags |= IO_APPEND; break;
		case 'c':
		case 'f': flags |= IO_CREAT; break;
		case 'd': flags |= IO_DIRECT; break;
		case 'n': flags |= IO_NONBLOCK; break;
		case 'r': flags |= IO_READONLY; break;
		case 's': flags |= IO_OSYNC; break;
		case 't': flags |= IO_TRUNC; break;
		case 'L': flags |= IO_NOFOLLOW; break;
		case 'm': {
			char *end;
			unsigned long m = strtoul(optarg, &end, 0);

			if (end == optarg) {
				printf("non-numeric mode -- %s\n", optarg);
				io->exitcode = 1;
				return 0;
			}
			io->create_mode = (mode_t)m;
			break;
		}
		default:
			io->create_mode = saved;
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (optind != argc - 1) {
		io->create_mode = saved;
		return arg_usage(io, ct);
	}
	if (flags & ~io->target.ops->open_flags) {
		printf("open: the %s target cannot open with those flags\n",
		       io->target.ops->name);
		io->exitcode = 1;
	} else if (file_open(io, argv[optind], flags, false) < 0) {
		io->exitcode = 1;
	}
	io->create_mode = saved;
	return 0;
}

int close_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	file_close(io, io->file);
	list_files(io);
	return 0;
}

int file_f(struct daxio *io, int argc, char **argv)
{
	int i;

	if (argc <= 1) {
		list_files(io);
		return 0;
	}
	i = atoi(argv[1]);
	if (i < 0 || i >= io->nfiles) {
		printf("value %d is out of range (0-%d)\n", i, io->nfiles - 1);
		io->exitcode = 1;
		return 0;
	}
	io->file = io->files[i];
	list_files(io);
	return 0;
}

void open_help(void)
{
	printf("\n"
" Opens another file, which becomes the current one; commands given with\n"
" -c then run on every open file in turn, -C ones on the current file.\n"
" On the ref target the file is a name in the reference filesystem.\n"
"\n"
" Example:\n"
" 'open -f other' - create (if needed) and open 'other' read-write\n"
"\n"
" -f, -c -- create the file if it does not exist (O_CREAT)\n"
" -r     -- read-only\n"
" -t     -- truncate to zero length (O_TRUNC)\n"
" -m mode -- permissions of a created file (default 0600)\n"
" -a, -d, -s, -n, -L -- O_APPEND, O_DIRECT, O_SYNC, O_NONBLOCK, O_NOFOLLOW\n"
"        (real files only)\n"
" With no argument, open shows stat of the current file.\n"
"\n");
}
