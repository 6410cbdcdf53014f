/* SPDX-License-Identifier: MIT */
/*
 * daxio.h - state and command table of daxio, the xfs_io-compatible driver.
 *
 * The command model is xfs_io's (libxcmd): a table of commands with name,
 * alias, handler, argument-count limits, synopsis, one-line description and
 * a help function.  A handler returns 1 to end the batch (quit) and 0
 * otherwise; a failure prints its message and sets io->exitcode, and the
 * batch goes on.
 */
#ifndef DAXIO_H
#define DAXIO_H

#include <stdbool.h>
#include <stddef.h>

#include "target.h"

#define DAXIO_VERSION	"0.1"
#define XFSIO_VERSION	"6.1.0"	/* the xfs_io whose syntax and output we match */

struct daxio {
	const char	*progname;
	int		exitcode;
	struct target	target;
	int		open_flags;	/* IO_* of the command line, for open */
	mode_t		create_mode;	/* -m */
	struct tfile	**files;	/* xfs_io's file table */
	int		nfiles;
	struct tfile	*file;		/* the current file, or NULL */
	struct tmap	**maps;		/* xfs_io's map table, in mmap order */
	int		nmaps;
	int		curmap;		/* the current mapping, -1 if none */
};

struct daxio_cmd;
typedef int (*cmdfn_t)(struct daxio *io, int argc, char **argv);

enum {
	CMD_NOFILE_OK	= 1 << 0,	/* runs with no open file */
	CMD_ONESHOT	= 1 << 1,	/* runs once, not once per open file */
	CMD_REF_ONLY	= 1 << 2,	/* needs the ref target */
	CMD_EXTENSION	= 1 << 3,	/* not in xfs_io; help lists it apart */
	CMD_NEEDMAP	= 1 << 4,	/* needs a current mapping (xfs_io's
					 * commands without CMD_NOMAP_OK) */
};

struct daxio_cmd {
	const char	*name;
	const char	*alias;		/* xfs_io's altname, or NULL */
	cmdfn_t		fn;
	int		argmin;		/* -1: no check */
	int		argmax;		/* -1: no limit */
	const char	*args;		/* synopsis of options and arguments */
	const char	*oneline;
	void		(*help)(void);
	unsigned	flags;
};

/* main.c: the whole program, minus process start (entry.c), so that a
 * fuzzer can run it again and again in one process.  Returns the exit
 * status; never calls exit(). */
int daxio_main(int argc, char **argv);

/* cmdtab.c */
const struct daxio_cmd *cmd_find(const char *name);
int cmd_usage(const struct daxio_cmd *ct);
/* Runs one command line (split on spaces, as xfs_io does); with @iterate,
 * once per open file.  Returns 1 when the batch should end. */
int cmd_run_line(struct daxio *io, const char *line, bool iterate);
void cmd_list(FILE *out, bool extensions);

/* args.c: parsing with xfs_io's messages.  Each prints its message and
 * sets io->exitcode on failure, and returns -1; 0 on success. */
int arg_size(struct daxio *io, const char *cmd, const char *what,
	     const char *s, long long *out);
int arg_range(struct daxio *io, const char *cmd, long long off,
	      long long len);
int arg_seed(struct daxio *io, const char *s, unsigned long *out);
/* Wrong arguments: the usage line, status 1; returns 0 ("go on"). */
int arg_usage(struct daxio *io, const struct daxio_cmd *ct);
/* For a getopt() result a command does not handle: xfs_io's message for
 * an option it knows but we do not implement, else the usage line. */
int arg_bad_option(struct daxio *io, const struct daxio_cmd *ct, int c,
		   char **argv);
/* Reports a failed target operation as perror(@call) would. */
void op_error(struct daxio *io, const char *call, int err);

/*
 * mapfault.c: loads and stores through a mapping that may fault.
 *
 * mapfault_install() must run before the first dx_* call: libdaxref
 * installs its own SIGSEGV handler (its fault path) at the first mapping
 * and chains to the one it found, so ours must already be there.  Then a
 * store to a read-only reference mapping reaches us through the library,
 * and SIGBUS (past EOF) comes to us directly, from the kernel or from the
 * library.
 *
 * mapfault_run() calls fn(arg) and returns 0, or, when an access inside
 * [lo, lo + len) raised SIGBUS or SIGSEGV, abandons fn at once and returns
 * the signal number with the faulting address in *at.  fn must hold no
 * lock and no allocation that an abandoned call would leak.  A fault
 * outside the range, or outside mapfault_run(), kills the program with
 * that signal, as if daxio had no handler.
 */
void mapfault_install(void);
int mapfault_run(void (*fn)(void *), void *arg, const void *lo, size_t len,
		 void **at);

/* pattern.c: xfs_io's single I/O buffer. */
void *iobuf_get(size_t bsize, bool fill, unsigned seed);
void iobuf_free(void);

/* files.c */
int file_open(struct daxio *io, const char *name, int flags, bool quiet);
void file_close(struct daxio *io, struct tfile *f);
void file_close_all(struct daxio *io);
int file_reopen_all(struct daxio *io, const char *cmd);
void file_flags_str(int flags, char *buf, size_t len);

/* Command handlers and their help texts, for the table in cmdtab.c. */
int pwrite_f(struct daxio *io, int argc, char **argv);	/* cmd_rw.c */
int pread_f(struct daxio *io, int argc, char **argv);
void pwrite_help(void);
void pread_help(void);
int fsync_f(struct daxio *io, int argc, char **argv);	/* cmd_file.c */
int fdatasync_f(struct daxio *io, int argc, char **argv);
int sync_f(struct daxio *io, int argc, char **argv);
int syncfs_f(struct daxio *io, int argc, char **argv);
int truncate_f(struct daxio *io, int argc, char **argv);
int falloc_f(struct daxio *io, int argc, char **argv);
int fpunch_f(struct daxio *io, int argc, char **argv);
int fzero_f(struct daxio *io, int argc, char **argv);
int stat_f(struct daxio *io, int argc, char **argv);
const char *stat_filetype(mode_t mode);			/* "regular file" */
int lsattr_f(struct daxio *io, int argc, char **argv);	/* cmd_attr.c */
int chattr_f(struct daxio *io, int argc, char **argv);
int statx_f(struct daxio *io, int argc, char **argv);
/* cmd_map.c */
int fiemap_f(struct daxio *io, int argc, char **argv);
void fiemap_help(void);
int bmap_f(struct daxio *io, int argc, char **argv);
void bmap_help(void);
void lsattr_help(void);
void chattr_help(void);
void statx_help(void);
/* "[-----x---]", or with @verbose "[dax, has-xattr]", and a newline. */
void print_xflags(uint32_t flags, bool verbose);
void falloc_help(void);
void stat_help(void);
int open_f(struct daxio *io, int argc, char **argv);	/* files.c */
int close_f(struct daxio *io, int argc, char **argv);
int file_f(struct daxio *io, int argc, char **argv);
void open_help(void);
int crash_f(struct daxio *io, int argc, char **argv);	/* cmd_ref.c */
int info_f(struct daxio *io, int argc, char **argv);
void crash_help(void);
int mstat_f(struct daxio *io, int argc, char **argv);
void mstat_help(void);
int mmap_f(struct daxio *io, int argc, char **argv);	/* cmd_mmap.c */
int mread_f(struct daxio *io, int argc, char **argv);
int mwrite_f(struct daxio *io, int argc, char **argv);
int madvise_f(struct daxio *io, int argc, char **argv);
void madvise_help(void);
int msync_f(struct daxio *io, int argc, char **argv);
int munmap_f(struct daxio *io, int argc, char **argv);
void mmap_help(void);
void mread_help(void);
void mwrite_help(void);
void msync_help(void);
/* Unmaps every mapping (before the files close at exit); returns -1 if an
 * unmap failed, after saying so. */
int map_unmap_all(struct daxio *io);
int help_f(struct daxio *io, int argc, char **argv);	/* main.c: the whole program, minus process start (entry.c), so that a
 * fuzzer can run it again and again in one process.  Returns the exit
 * status; never calls exit(). */
int daxio_main(int argc, char **argv);

/* cmdtab.c */
int quit_f(struct daxio *io, int argc, char **argv);

#endif
