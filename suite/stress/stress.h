/* SPDX-License-Identifier: MIT */
/*
 * stress.h - what the real-kernel conformance programs (suite/stress/)
 * share: options, the bounded loop, position-dependent patterns, SIGBUS
 * probes, FIEMAP, statx DAX, and the result lines.
 *
 * Every program is one catalogue check (workloads/races/README.md, the
 * catalogue) in the form user space can observe on a real mount: a
 * stress loop bounded by --iterations and --seconds (whichever ends
 * first) that asserts the same invariant as the reference's race script.
 * Each one prints, per check it makes,
 *
 *   PASS|FAIL|SKIP CHECK: detail
 *   RESULT check=CHECK status=pass|fail|skip iterations=N seconds=S pmd=P detail=...
 *
 * and ends with "N passed, N failed, N skipped", exit 0 / 1 / 77 (2 for
 * bad usage).  `--break MODE` runs a deliberately broken variant that must
 * turn the check red: that is how each check shows it can fail.
 */
#ifndef DAXBENCH_STRESS_H
#define DAXBENCH_STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fiemap.h"	/* fiemap_read(), struct fiemap_ext */
#include <sys/types.h>

#define STRESS_PAGE	4096UL
#define STRESS_PMD	(2UL << 20)

/* A program's --break variants: name, what it breaks, and whether it acts
 * on the kernel's behaviour (a real mistake a user could make) or injects
 * the symptom in user space (when no user-space mistake reproduces it). */
struct stress_break {
	const char	*name;
	const char	*what;
	bool		injected;
};

/* An option of one program only (--phase, --dio-dev, ...). */
struct stress_extra {
	const char	*name;
	const char	*arg;		/* metavariable, NULL for a flag */
	const char	*help;
	const char	**value;	/* set to the argument, or "1" for a flag */
};

struct stress_prog {
	const char			*name;	/* stress-<check> */
	const char			*check;	/* catalogue id */
	const char			*summary;
	const struct stress_break	*breaks;	/* NULL-terminated */
	const struct stress_extra	*extras;	/* NULL-terminated */
	unsigned long			def_iterations;
	double				def_seconds;
};

struct stress_opts {
	const char	*dir;		/* where the files go (on the mount) */
	unsigned long	iterations;
	double		seconds;
	const char	*brk;		/* NULL: the real check */
	uint64_t	seed;
	int		verbose;
	int		fill;		/* --fill: make freed blocks the next ones out */
	double		watchdog;	/* --watchdog: grace in s; 0 = the program's */
	double		t_start;	/* when the options were parsed */
	double		t0;		/* start of the loop: the first
					 * stress_more(); --seconds count from
					 * here, never from t_start */
	double		setup_s;	/* t0 - t_start: the set-up's time */
};

/**
 * stress_parse() - parse the common options and @p's extras.
 * Exits 0 for --help / --break list, 2 for bad usage (naming the option
 * and, for --break, the valid variants).
 */
void stress_parse(const struct stress_prog *p, struct stress_opts *o,
		  int argc, char **argv);

/* Seconds since an arbitrary point (CLOCK_MONOTONIC). */
double stress_now(void);

/*
 * stress_wait_moved() - wait until *@counter (atomic) differs from @from,
 * yielding the CPU, for at most @max_s seconds.  Returns true if it moved.
 * A check calls it after it lets a racer thread go and before the
 * operation the racer must overlap: on a guest with few vCPUs the racer
 * may otherwise get the CPU only when the main thread waits with go == 0,
 * and never race at all (seen under TCG: 46 iterations, 0 accesses).
 */
bool stress_wait_moved(const unsigned long *counter, unsigned long from,
		       double max_s);

/*
 * True while iteration @i may start: @i < iterations and the time is not
 * up.  The first call ends the set-up: the --seconds budget (and the
 * watchdog's deadline) start there, so a slow set-up (filling 4 GB under
 * TCG) never eats the loop's time, and the set-up's seconds are printed.
 */
bool stress_more(struct stress_opts *o, unsigned long i);

/* True if --break MODE was given and is @name. */
bool stress_breaking(const struct stress_opts *o, const char *name);

/* Deterministic 64-bit mixer (splitmix64 finaliser). */
uint64_t stress_mix(uint64_t x);

/* A small per-thread random number generator. */
struct stress_rng { uint64_t s; };
static inline uint64_t stress_rand(struct stress_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return stress_mix(r->s);
}

/*
 * Patterns: the byte at file offset @off of pattern @seed depends on both,
 * so data at the wrong place is caught as well as stale or zero data.
 * Seed 0 is reserved for "zeros".
 */
uint8_t pat_byte(uint64_t seed, uint64_t off);
void pat_fill(void *buf, size_t len, uint64_t seed, uint64_t off);

/**
 * pat_check() - compare @buf (file offset @off) with pattern @seed
 * (0: zeros).  Returns the number of bytes that differ; *@first gets the
 * file offset of the first (untouched when none).
 */
size_t pat_check(const void *buf, size_t len, uint64_t seed, uint64_t off,
		 uint64_t *first);

/*
 * pat_find() - does the 8-byte-aligned word at @buf (file offset @off)
 * come from pattern @seed at some offset below @range?  Data of a reused
 * block sits at another file offset than it was written at, but keeps its
 * offset within the block.  Returns that offset, or -1.
 */
int64_t pat_find(const void *buf, uint64_t off, uint64_t seed, uint64_t range);

/*
 * SIGBUS/SIGSEGV probes: a load or store through a mapping that reports
 * the signal instead of dying.  Per thread; stress_signals_init() first.
 */
void stress_signals_init(void);
/* Returns 0, or the signal number (SIGBUS, SIGSEGV) the access raised. */
int probe_load(const volatile void *p, uint8_t *out);
int probe_store(volatile void *p, uint8_t v);
/* Copies @len bytes from a mapping; returns 0 or the signal (bytes before
 * it are copied, *@done says how many). */
int probe_copy(void *dst, const volatile void *src, size_t len, size_t *done);
/* memset through a mapping; 0 or the signal. */
int probe_fill(volatile void *dst, const void *src, size_t len);

/* Physical extents of @fd (FIEMAP); returns the count or -errno. */
/* Bytes that the two extent lists share physically. */
uint64_t stress_overlap(const struct fiemap_ext *a, int na,
			const struct fiemap_ext *b, int nb);

/*
 * --fill: a filler file, fallocated so that only @leave bytes of the
 * filesystem stay free.  Then the blocks a truncate, punch or unlink frees
 * are the ones the next allocation must take, so "a freed block reused by
 * another file" really happens (allocators otherwise prefer fresh space).
 * Only on a filesystem the suite owns: the job passes --fill on loop, vm
 * and dev: targets, not on a user's mount.  A write that meets ENOSPC
 * calls stress_fill_relax() and retries.
 */
struct stress_filler { int fd; uint64_t bytes; unsigned long relaxed; char path[4096]; };
int stress_fill(const struct stress_opts *o, struct stress_filler *f, uint64_t leave);
/* Frees @bytes of the filler; returns 0, or -ENOSPC when it is empty. */
int stress_fill_relax(struct stress_filler *f, uint64_t bytes);
void stress_unfill(struct stress_filler *f);
/* A pwrite that makes room (stress_fill_relax) on ENOSPC; -errno. */
int stress_pwrite_room(struct stress_filler *f, int fd, const void *buf,
		       size_t len, off_t off);

/* STATX_ATTR_DAX of @fd: 1, 0, or -1 when the kernel does not report it. */
int stress_file_dax(int fd);
/* "xfs", "ext4", "tmpfs", ... of the filesystem under @fd. */
const char *stress_fs_name(int fd);

/*
 * Open @dir/@name with @flags (O_CREAT adds mode 0644).  Exits with a
 * failure line naming the call when it fails: the programs cannot go on
 * without their files.
 */
int stress_open(const struct stress_opts *o, const char *name, int flags);
void stress_path(const struct stress_opts *o, const char *name, char *buf,
		 size_t len);
/* Write / read all of @len at @off, retrying short counts; -errno. */
int stress_pwrite_all(int fd, const void *buf, size_t len, off_t off);
int stress_pread_all(int fd, void *buf, size_t len, off_t off);

/* mmap at an address aligned to @align (plus @skew bytes); MAP_FAILED on
 * error.  The unused rest of the reservation is unmapped. */
void *stress_mmap_aligned(size_t len, int prot, int flags, int fd, off_t off,
			  size_t align, size_t skew);

/*
 * The watchdog (stress_parse() starts it with 120 s of grace; a program
 * may call it again): if the program is still running @grace seconds after its
 * --seconds are up (a system call that never returns), it prints a FAIL
 * and RESULT line naming stress_step and the kernel's wait channel of the
 * thread that called it, and exits 1.  It runs in a thread of its own.
 */
extern const char *volatile stress_step;
void stress_watchdog(const struct stress_opts *o, unsigned grace);

/* An unexpected error of a system call (the environment: no file, ENOSPC
 * in set-up, ...): prints an ERROR naming the call and exits 1. */
void stress_die(const char *call, int err) __attribute__((noreturn));

/*
 * ST_ERROR: the check did not do its work (too few iterations or
 * operations, a set-up or environment call that failed).  It is counted
 * as failed and never reads as a pass: a check that tested nothing must
 * not look like one that found nothing.
 */
enum stress_status { ST_PASS, ST_FAIL, ST_SKIP, ST_ERROR };

struct stress_result {
	const char		*check;
	enum stress_status	status;
	unsigned long		iterations;
	double			seconds;
	char			pmd[160];	/* "n/a" unless the check maps PMDs */
	char			detail[640];
	char			too_little[200];	/* stress_need()'s shortfalls */
};

void stress_result_init(struct stress_result *r, const char *check);
/* Appends to r->detail ("; " between parts). */
void stress_note(struct stress_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * stress_need() - the minimum work of a check: @got of @what, at least
 * @min.  Below it, stress_report() turns a pass (not a fail: a wrong
 * result seen is real however little ran) into an ERROR naming it.
 */
void stress_need(struct stress_result *r, const char *what, unsigned long got,
		 unsigned long min);

/*
 * Prints the PASS/FAIL/SKIP/ERROR and RESULT lines and counts the result.
 * A pass with zero iterations or a stress_need() shortfall is an ERROR;
 * the set-up's seconds go in the detail.
 */
void stress_report(struct stress_result *r);
/* Prints "N passed, N failed, N skipped"; returns the exit status. */
int stress_finish(void);

#endif
