// SPDX-License-Identifier: MIT
/*
 * cmd_file.c - the commands that act on a whole file or a range of it
 * without moving data: fsync, fdatasync, sync, syncfs, truncate, falloc,
 * fpunch, fzero and stat.
 */
#include <getopt.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "daxio.h"

/* A target without the operation gets a clear error, not a fake success. */
static bool have_op(struct daxio *io, const void *op, const char *cmd)
{
	if (op)
		return true;
	printf("%s: not supported by the %s target\n", cmd,
	       io->target.ops->name);
	io->exitcode = 1;
	return false;
}

static int simple_op(struct daxio *io, int (*op)(struct tfile *),
		     const char *cmd, const char *call)
{
	int rc;

	if (!have_op(io, op, cmd))
		return 0;
	rc = op(io->file);
	if (rc < 0)
		op_error(io, call, rc);
	return 0;
}

int fsync_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	return simple_op(io, io->target.ops->fsync, "fsync", "fsync");
}

int fdatasync_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	return simple_op(io, io->target.ops->fdatasync, "fdatasync",
			 "fdatasync");
}

int syncfs_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	return simple_op(io, io->target.ops->syncfs, "syncfs", "syncfs");
}

/* sync(2) cannot fail; on the ref target it is a syncfs of the one
 * filesystem there is. */
int sync_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	if (have_op(io, io->target.ops->sync, "sync"))
		io->target.ops->sync(&io->target);
	return 0;
}

int truncate_f(struct daxio *io, int argc DX_UNUSED, char **argv)
{
	long long size;
	int rc;

	if (arg_size(io, argv[0], "truncate argument", argv[1], &size))
		return 0;
	if (!have_op(io, io->target.ops->truncate, argv[0]))
		return 0;
	rc = io->target.ops->truncate(io->file, (off_t)size);
	if (rc < 0)
		op_error(io, "ftruncate", rc);
	return 0;
}

static int do_fallocate(struct daxio *io, char **argv, int at, int mode)
{
	long long off, len;
	int rc;

	if (arg_size(io, argv[0], "offset argument", argv[at], &off) ||
	    arg_size(io, argv[0], "length argument", argv[at + 1], &len) ||
	    arg_range(io, argv[0], off, len))
		return 0;
	if (!have_op(io, io->target.ops->fallocate, argv[0]))
		return 0;
	rc = io->target.ops->fallocate(io->file, mode, (off_t)off, (off_t)len);
	if (rc < 0)
		op_error(io, "fallocate", rc);
	return 0;
}

int falloc_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("falloc");
	int c, mode = 0;

	/* As xfs_io, the last mode option wins. */
	while ((c = getopt(argc, argv, "cikpu")) != -1) {
		switch (c) {
		case 'c':
			mode = FALLOC_COLLAPSE_RANGE;
			break;
		case 'i':
			mode = FALLOC_INSERT_RANGE;
			break;
		case 'u':
			mode = FALLOC_UNSHARE_RANGE;
			break;
		case 'k':
			mode = FALLOC_KEEP_SIZE;
			break;
		case 'p':
			mode = FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE;
			break;
		default:
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (optind != argc - 2)
		return arg_usage(io, ct);
	return do_fallocate(io, argv, optind, mode);
}

int fpunch_f(struct daxio *io, int argc DX_UNUSED, char **argv)
{
	return do_fallocate(io, argv, 1, FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE);
}

int fzero_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("fzero");
	int c, mode = FALLOC_ZERO_RANGE;

	while ((c = getopt(argc, argv, "k")) != -1) {
		if (c != 'k')
			return arg_bad_option(io, ct, c, argv);
		mode |= FALLOC_KEEP_SIZE;
	}
	if (optind != argc - 2)
		return arg_usage(io, ct);
	return do_fallocate(io, argv, optind, mode);
}

const char *stat_filetype(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFSOCK:	return "socket";
	case S_IFDIR:	return "directory";
	case S_IFCHR:	return "char device";
	case S_IFBLK:	return "block device";
	case S_IFREG:	return "regular file";
	case S_IFLNK:	return "symbolic link";
	case S_IFIFO:	return "fifo";
	}
	return "(null)";	/* what xfs_io's printf("%s", NULL) shows */
}

/* xfs_io's "stat -r": every field of struct stat. */
static void print_raw(const struct stat *st)
{
	printf("stat.blksize = %lu\n", (unsigned long)st->st_blksize);
	printf("stat.nlink = %lu\n", (unsigned long)st->st_nlink);
	printf("stat.uid = %u\n", st->st_uid);
	printf("stat.gid = %u\n", st->st_gid);
	printf("stat.mode: 0%o\n", st->st_mode);
	printf("stat.ino = %llu\n", (unsigned long long)st->st_ino);
	printf("stat.size = %lld\n", (long long)st->st_size);
	printf("stat.blocks = %lld\n", (long long)st->st_blocks);
	printf("stat.atime.tv_sec = %ld\n", (long)st->st_atim.tv_sec);
	printf("stat.atime.tv_nsec = %ld\n", (long)st->st_atim.tv_nsec);
	printf("stat.ctime.tv_sec = %ld\n", (long)st->st_ctim.tv_sec);
	printf("stat.ctime.tv_nsec = %ld\n", (long)st->st_ctim.tv_nsec);
	printf("stat.mtime.tv_sec = %ld\n", (long)st->st_mtim.tv_sec);
	printf("stat.mtime.tv_nsec = %ld\n", (long)st->st_mtim.tv_nsec);
	printf("stat.rdev_major = %u\n", major(st->st_rdev));
	printf("stat.rdev_minor = %u\n", minor(st->st_rdev));
	printf("stat.dev_major = %u\n", major(st->st_dev));
	printf("stat.dev_minor = %u\n", minor(st->st_dev));
}

/* The inode flags, as chattr/lsattr letters and xfs_io's long names, in
 * the order xfs_io prints them. */
/* The lines xfs_io's stat adds for a file on XFS, errors as it has them. */
static void print_xfs(const struct tstat *st, bool verbose)
{
	if (st->fsx_err) {
		fflush(stdout);
		fprintf(stderr, "FS_IOC_FSGETXATTR: %s\n", strerror(st->fsx_err));
	} else {
		printf("fsxattr.xflags = 0x%x ", st->xflags);
		print_xflags(st->xflags, verbose);
		printf("fsxattr.projid = %u\n", st->projid);
		printf("fsxattr.extsize = %u\n", st->extsize);
		printf("fsxattr.cowextsize = %u\n", st->cowextsize);
		printf("fsxattr.nextents = %u\n", st->nextents);
		printf("fsxattr.naextents = %u\n", st->naextents);
	}
	if (st->dio_err) {
		fflush(stdout);
		fprintf(stderr, "XFS_IOC_DIOINFO: %s\n", strerror(st->dio_err));
	} else {
		printf("dioattr.mem = 0x%x\n", st->dio_mem);
		printf("dioattr.miniosz = %u\n", st->dio_miniosz);
		printf("dioattr.maxiosz = %u\n", st->dio_maxiosz);
	}
}

/*
 * xfs_io's lines first, in its order and words (with its fsxattr and
 * dioattr lines for a file on XFS), so a parser of xfs_io's stat reads
 * ours; then the reference's own facts as "ref.*" lines.
 */
int stat_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("stat");
	struct tstat st = { 0 };
	bool verbose = false, raw = false;
	char flags[128];
	int c, rc;

	while ((c = getopt(argc, argv, "rv")) != -1) {
		switch (c) {
		case 'r':
			raw = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			return arg_usage(io, ct);
		}
	}
	rc = io->target.ops->stat(io->file, &st);
	if (rc < 0) {
		op_error(io, "fstat", rc);
		return 0;
	}
	if (raw) {
		if (!st.has_raw) {
			printf("stat: -r needs a real file; the %s target has"
			       " only the lines of plain stat\n",
			       io->target.ops->name);
			io->exitcode = 1;
			return 0;
		}
		print_raw(&st.raw);
		return 0;
	}
	file_flags_str(io->file->flags, flags, sizeof(flags));
	printf("fd.path = \"%s\"\n", io->file->name);
	printf("fd.flags = %s\n", flags);
	printf("stat.ino = %lld\n", (long long)st.ino);
	printf("stat.type = %s\n", stat_filetype(st.mode));
	printf("stat.size = %lld\n", (long long)st.size);
	printf("stat.blocks = %lld\n", (long long)st.blocks);
	if (verbose && st.has_raw) {
		printf("stat.atime = %s", ctime(&st.raw.st_atime));
		printf("stat.mtime = %s", ctime(&st.raw.st_mtime));
		printf("stat.ctime = %s", ctime(&st.raw.st_ctime));
	}
	if (st.has_xfs)
		print_xfs(&st, verbose);
	if (st.has_ref) {
		printf("ref.extents = %llu\n",
		       (unsigned long long)st.ref_extents);
		printf("ref.dirty_entries = %llu\n",
		       (unsigned long long)st.ref_dirty_entries);
		printf("ref.cached_pages = %llu\n",
		       (unsigned long long)st.ref_cached_pages);
	}
	return 0;
}

void falloc_help(void)
{
	printf("\n"
" Allocates space for a range of the current file with fallocate(2);\n"
" offsets and lengths are in bytes, with xfs_io's size suffixes.\n"
"\n"
" Example:\n"
" 'falloc -k 0 1m' - allocate the first MiB without changing the size\n"
"\n"
" -k -- keep the file size (FALLOC_FL_KEEP_SIZE)\n"
" -p -- punch a hole instead (as fpunch)\n"
" -c -- collapse the range: remove it and shift the rest down\n"
" -i -- insert a hole of len bytes at off, shifting the rest up\n"
" -u -- unshare shared extents in the range\n"
" Only the last of these options counts.  The reference filesystem has\n"
" no collapse, insert or unshare and says so (Operation not supported).\n"
"\n");
}

void stat_help(void)
{
	printf("\n"
" Prints xfs_io's stat lines for the current file: fd.path, fd.flags,\n"
" stat.ino, stat.type, stat.size, stat.blocks, and for a file on XFS its\n"
" fsxattr.* and dioattr.* lines.  On the ref target they are\n"
" followed by the reference's own facts: ref.extents (extent-map records),\n"
" ref.dirty_entries (mapping-tree entries tagged dirty, which fsync will\n"
" flush) and ref.cached_pages (DRAM pages held by the pagecache mode).\n"
"\n"
" -v -- also atime, mtime and ctime (real files only)\n"
" -r -- every field of struct stat, raw (real files only)\n"
"\n");
}
