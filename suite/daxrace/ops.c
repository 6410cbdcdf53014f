// SPDX-License-Identifier: MIT
/*
 * ops.c - what a race-script step can do.  One table; each entry runs in
 * the thread whose column holds the step (set-up ones in the main thread
 * before the diagram).  Sizes take xfs_io's suffixes; bytes are numbers
 * (0x11).  Return: 0 ok, 1 a check failed, -1 the step could not run.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "xfsfmt.h"

#define MSG(...) (snprintf(msg, len, __VA_ARGS__), -1)
#define CHECKFAIL(...) (snprintf(msg, len, __VA_ARGS__), 1)

/* --- SIGBUS from mapped accesses ------------------------------------ */

static __thread sigjmp_buf bus_env;
static __thread volatile sig_atomic_t bus_armed;
static pthread_once_t bus_once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)si;
	(void)ctx;
	if (bus_armed) {
		bus_armed = 0;
		siglongjmp(bus_env, 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void bus_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
}

static __thread volatile size_t bus_done;

/* Copies @n bytes (or sets them to @c when @src is NULL); returns false
 * if an access raised SIGBUS, with the bytes done before it in bus_done. */
static bool guarded(void *dst, const void *src, int c, size_t n)
{
	pthread_once(&bus_once, bus_init);
	bus_done = 0;
	if (sigsetjmp(bus_env, 1))
		return false;
	bus_armed = 1;
	for (size_t i = 0; i < n; i++, bus_done = i)
		((volatile uint8_t *)dst)[i] =
			src ? ((const volatile uint8_t *)src)[i] : (uint8_t)c;
	bus_armed = 0;
	bus_done = n;
	return true;
}

static bool guarded_copy(void *dst, const void *src, size_t n)
{
	return guarded(dst, src, 0, n);
}

static bool guarded_set(void *dst, int c, size_t n)
{
	return guarded(dst, NULL, c, n);
}

/* --- arguments ------------------------------------------------------ */

static bool size_arg(const char *s, uint64_t *v)
{
	long long x;

	if (xfs_cvtnum(s, 4096, 512, &x))
		return false;
	*v = (uint64_t)x;
	return true;
}

static bool byte_arg(const char *s, uint8_t *b)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*end || end == s || v > 255)
		return false;
	*b = (uint8_t)v;
	return true;
}

#define SIZE(s, v) do { if (!size_arg((s), &(v))) \
	return MSG("bad size -- %s", (s)); } while (0)
#define BYTE(s, v) do { if (!byte_arg((s), &(v))) \
	return MSG("bad byte -- %s (a number 0..255, e.g. 0x11)", (s)); } \
	while (0)

static struct dx_file *file_of(struct run *r, const char *name)
{
	for (int i = 0; i < r->nfiles; i++) {
		if (strcmp(r->files[i].name, name))
			continue;
		struct dx_stat st;

		/* After a crash every handle is stale: reopen by name. */
		if (dx_fstat(r->files[i].f, &st) == -ESTALE) {
			dx_close(r->files[i].f);
			if (dx_open(r->fs, name, 0, &r->files[i].f))
				return NULL;
		}
		return r->files[i].f;
	}
	return NULL;
}

#define FILE_OF(name, f) do { if (!((f) = file_of(r, (name)))) \
	return MSG("no file named '%s' (create it with 'file %s SIZE')", \
		   (name), (name)); } while (0)

static int map_idx(struct run *r, const char *name)
{
	for (int i = 0; i < r->nmaps; i++)
		if (r->maps[i].name && !strcmp(r->maps[i].name, name))
			return i;
	return -1;
}

#define MAP_OF(name, i) do { if (((i) = map_idx(r, (name))) < 0) \
	return MSG("no mapping named '%s'", (name)); } while (0)

static int in_map(struct run *r, int i, uint64_t off, uint64_t n, char *msg,
		  size_t len)
{
	if (off + n > r->maps[i].len || off + n < off)
		return MSG("%llu bytes at %llu are outside mapping '%s' (%llu "
			   "bytes)", (unsigned long long)n,
			   (unsigned long long)off, r->maps[i].name,
			   (unsigned long long)r->maps[i].len);
	return 0;
}

static void note(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(struct run *r, const char *fmt, ...)
{
	size_t n = strlen(r->notes);
	va_list ap;

	if (n + 2 >= r->notes_len)
		return;
	if (n)
		r->notes[n++] = ';', r->notes[n++] = ' ', r->notes[n] = 0;
	va_start(ap, fmt);
	vsnprintf(r->notes + n, r->notes_len - n, fmt, ap);
	va_end(ap);
}

/* --- the operation log (engine.h, for the oracle) -------------------- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static int file_idx(struct run *r, const char *name)
{
	for (int i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].name, name))
			return i;
	return -1;
}

/* Starts a log record (once the diagram began; set-up is not logged).
 * Returns its index, or -1. */
static int log_start(struct run *r, enum ol_kind kind, int file, uint64_t off,
		     uint64_t len, uint8_t val)
{
	int i = -1;

	if (!r->began)
		return -1;
	pthread_mutex_lock(&log_lock);
	if (r->nlog == r->caplog) {
		int cap = r->caplog ? 2 * r->caplog : 32;
		struct olog *v = realloc(r->log, (size_t)cap * sizeof(*v));

		if (v) {
			r->log = v;
			r->caplog = cap;
		}
	}
	if (r->nlog < r->caplog) {
		i = r->nlog++;
		r->log[i] = (struct olog){ .kind = kind, .file = file,
			.off = off, .len = len, .val = val,
			.thread = engine_thread(), .line = engine_line(),
			.t0 = engine_now(), .f0 = dx_fence_count(r->fs) };
	}
	pthread_mutex_unlock(&log_lock);
	return i;
}

/* Ends record @i: result, bytes done, a copy of what was read. */
static void log_end(struct run *r, int i, int rc, uint64_t done,
		    const uint8_t *data, uint64_t dlen)
{
	if (i < 0)
		return;
	uint8_t *copy = NULL;

	if (data && dlen && (copy = malloc(dlen)))
		memcpy(copy, data, dlen);
	pthread_mutex_lock(&log_lock);
	r->log[i].t1 = engine_now();
	r->log[i].f1 = dx_fence_count(r->fs);
	r->log[i].rc = rc;
	r->log[i].done = done;
	r->log[i].data = copy;
	pthread_mutex_unlock(&log_lock);
}

/* --- set-up --------------------------------------------------------- */

static int op_file(struct run *r, int argc, char **argv, char *msg, size_t len)
{
	struct dx_file *f;
	uint64_t size = 0;
	int rc;

	if (r->nfiles == MAX_NAMED)
		return MSG("too many files");
	if (argc == 2)
		SIZE(argv[1], size);
	if ((rc = dx_open(r->fs, argv[0], DX_O_CREAT | DX_O_EXCL, &f)))
		return MSG("create %s: %s", argv[0], strerror(-rc));
	if ((size && (rc = dx_truncate(f, (off_t)size))) ||
	    (rc = dx_fsync(f, false)))
		return MSG("%s: %s", argv[0], strerror(-rc));
	r->files[r->nfiles].name = strdup(argv[0]);
	r->files[r->nfiles++].f = f;
	return 0;
}

/* One pwrite call per 4 KiB; logged as one write of @n bytes. */
/*
 * One write() of @n bytes of @b: the oracle orders a pwrite whole (under
 * i_rwsem), so it must be one call, not one per 4 KiB - which would also
 * give a 2 MiB write 512 times the race points.  Only a length past
 * FILL_ONE_CALL is written in pieces (set-up fills of big regions).
 */
#define FILL_ONE_CALL	(64ULL << 20)

static int do_fill(struct run *r, struct dx_file *f, int fi, uint64_t off,
		   uint64_t n, uint8_t b, char *msg, size_t len)
{
	uint64_t piece = n < FILL_ONE_CALL ? n : FILL_ONE_CALL;
	uint8_t *buf = malloc(piece ? piece : 1);
	int li = log_start(r, OL_PWRITE, fi, off, n, b);

	if (!buf) {
		log_end(r, li, -ENOMEM, 0, NULL, 0);
		return MSG("pwrite: a %llu-byte buffer: out of memory",
			   (unsigned long long)piece);
	}
	memset(buf, b, piece);
	for (uint64_t done = 0; done < n;) {
		uint64_t k = n - done < piece ? n - done : piece;
		ssize_t w = dx_pwrite(f, buf, k, (off_t)(off + done));

		if (w != (ssize_t)k) {
			log_end(r, li, w < 0 ? (int)w : -EIO,
				done + (w > 0 ? (uint64_t)w : 0), NULL, 0);
			free(buf);
			return MSG("pwrite: %s", w < 0 ? strerror((int)-w)
							: "short write");
		}
		done += k;
	}
	free(buf);
	log_end(r, li, 0, n, NULL, 0);
	return 0;
}

static int op_fill(struct run *r, int argc DX_UNUSED, char **argv, char *msg, size_t len)
{
	struct dx_file *f;
	uint64_t off, n;
	uint8_t b;
	int rc;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	BYTE(argv[3], b);
	if ((rc = do_fill(r, f, file_idx(r, argv[0]), off, n, b, msg, len)))
		return rc;
	if ((rc = dx_fsync(f, false)))
		return MSG("fsync: %s", strerror(-rc));
	return 0;
}

static int op_lockdep(struct run *r DX_UNUSED, int argc DX_UNUSED, char **argv, char *msg,
		      size_t len)
{
	if (strcmp(argv[0], "on") && strcmp(argv[0], "off"))
		return MSG("lockdep on|off");
	dx_lockdep_enable(!strcmp(argv[0], "on"));
	return 0;
}

/* --- mappings ------------------------------------------------------- */

static int op_mmap(struct run *r, int argc, char **argv, char *msg, size_t len)
{
	struct dx_file *f;
	uint64_t off, n;
	void *a;
	int rc, prot = DX_PROT_READ | DX_PROT_WRITE;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (strcmp(argv[3], "as"))
		return MSG("expected 'mmap FILE OFF LEN as NAME [ro]'");
	if (argc == 6 && strcmp(argv[5], "ro"))
		return MSG("the last word may only be 'ro'");
	if (argc == 6)
		prot = DX_PROT_READ;
	if (map_idx(r, argv[4]) >= 0 || r->nmaps == MAX_NAMED)
		return MSG("mapping name '%s' in use, or too many", argv[4]);
	if ((rc = dx_mmap(f, (off_t)off, n, prot, &a)))
		return MSG("mmap: %s", strerror(-rc));
	r->maps[r->nmaps].name = strdup(argv[4]);
	r->maps[r->nmaps].addr = a;
	r->maps[r->nmaps].file = file_idx(r, argv[0]);
	r->maps[r->nmaps].off = off;
	r->maps[r->nmaps++].len = (n + 4095) & ~4095ULL;
	return 0;
}

static int op_munmap(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	int i, rc;

	MAP_OF(argv[0], i);
	if ((rc = dx_munmap(r->fs, r->maps[i].addr)))
		return MSG("munmap: %s", strerror(-rc));
	free(r->maps[i].name);
	r->maps[i].name = NULL;
	return 0;
}

static int op_mread(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	uint64_t off, n;
	int i;
	static __thread uint8_t sink[1 << 16];

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (in_map(r, i, off, n, msg, len))
		return -1;
	for (uint64_t done = 0; done < n;) {
		uint64_t k = n - done < sizeof(sink) ? n - done : sizeof(sink);

		if (!guarded_copy(sink, r->maps[i].addr + off + done, k))
			return MSG("SIGBUS reading '%s' at %llu", argv[0],
				   (unsigned long long)(off + done + bus_done));
		done += k;
	}
	return 0;
}

/*
 * mload / mstore: a load or store through a mapping whose outcome the
 * oracle judges - SIGBUS included, which is then logged, not failed: a
 * load that races truncate may rightly fault past EOF.  (mread, mwrite
 * and mtouch are the hand-written scripts' own checks.)
 */
static int map_access(struct run *r, char **argv, bool store, uint8_t b,
		      char *msg, size_t len)
{
	uint64_t off, n;
	int i;

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (in_map(r, i, off, n, msg, len))
		return -1;
	uint8_t *buf = store ? NULL : malloc(n ? n : 1);

	if (!store && !buf)
		return MSG("out of memory");
	int li = log_start(r, store ? OL_STORE : OL_LOAD, r->maps[i].file,
			   r->maps[i].off + off, n, b);
	bool ok = store ? guarded_set(r->maps[i].addr + off, b, n)
			: guarded_copy(buf, r->maps[i].addr + off, n);

	log_end(r, li, ok ? 0 : 1, bus_done, buf, ok ? n : bus_done);
	free(buf);
	return 0;
}

static int op_mload(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	return map_access(r, argv, false, 0, msg, len);
}

static int op_mstore(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	uint8_t b;

	BYTE(argv[3], b);
	return map_access(r, argv, true, b, msg, len);
}

/* An access whose outcome the script does not care about: when a fault
 * races truncate, the load may retry after truncate unmapped the page and
 * get SIGBUS, which is as right as reading the old data. */
static int op_mtouch(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	uint64_t off;
	uint8_t b;
	int i;

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	if (in_map(r, i, off, 1, msg, len))
		return -1;
	(void)guarded_copy(&b, r->maps[i].addr + off, 1);
	return 0;
}

static int op_mwrite(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	uint64_t off, n;
	uint8_t b;
	int i;

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	BYTE(argv[3], b);
	if (in_map(r, i, off, n, msg, len))
		return -1;
	int li = log_start(r, OL_STORE, r->maps[i].file, r->maps[i].off + off,
			   n, b);
	bool ok = guarded_set(r->maps[i].addr + off, b, n);

	log_end(r, li, ok ? 0 : 1, bus_done, NULL, 0);
	if (!ok)
		return MSG("SIGBUS writing '%s' at %llu", argv[0],
			   (unsigned long long)(off + bus_done));
	return 0;
}

static int op_msync(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	struct dx_fault_stats a, b;
	uint64_t off, n;
	int i, rc;

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (in_map(r, i, off, n, msg, len))
		return -1;
	dx_fault_stats(r->fs, &a);
	int li = log_start(r, OL_MSYNC, r->maps[i].file,
			   r->maps[i].off + (off & ~4095ULL), n + (off & 4095),
			   0);

	rc = dx_msync(r->fs, r->maps[i].addr + (off & ~4095ULL),
		      n + (off & 4095), DX_MS_SYNC);
	log_end(r, li, rc, 0, NULL, 0);
	dx_fault_stats(r->fs, &b);
	r->last_flush = b.flushed_bytes - a.flushed_bytes;
	return rc ? MSG("msync: %s", strerror(-rc)) : 0;
}

/* --- file operations ------------------------------------------------ */

static int op_pwrite(struct run *r, int argc, char **argv, char *msg,
		     size_t len)
{
	struct dx_file *f;
	uint64_t off, n;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (argc == 4) {
		uint8_t b;

		BYTE(argv[3], b);
		return do_fill(r, f, file_idx(r, argv[0]), off, n, b, msg, len);
	}
	/* pwrite FILE OFF LEN from MAP MOFF: the source is a mapping, so
	 * the copy inside write() can fault (the lock-order case). */
	if (argc != 6 || strcmp(argv[3], "from"))
		return MSG("expected 'pwrite FILE OFF LEN BYTE' or 'pwrite FILE "
			   "OFF LEN from MAP MOFF'");
	int i;
	uint64_t moff;

	MAP_OF(argv[4], i);
	SIZE(argv[5], moff);
	if (in_map(r, i, moff, n, msg, len))
		return -1;
	/* Logged with the bytes it wrote, read from the source after the
	 * write: reading before would fault the source in, and the fault
	 * inside write()'s copy is the point of this form. */
	int li = log_start(r, OL_PWRITE, file_idx(r, argv[0]), off, n, 0);
	ssize_t w = dx_pwrite(f, r->maps[i].addr + moff, n, (off_t)off);
	uint8_t *src = li >= 0 ? malloc(n ? n : 1) : NULL;

	log_end(r, li, w < 0 ? (int)w : 0, w > 0 ? (uint64_t)w : 0,
		src && guarded_copy(src, r->maps[i].addr + moff, n) ? src
								    : NULL, n);
	free(src);
	if (w != (ssize_t)n)
		return MSG("pwrite: %s", w < 0 ? strerror((int)-w)
					       : "short write");
	return 0;
}

static int op_truncate(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		       size_t len)
{
	struct dx_file *f;
	uint64_t size;
	int rc;

	FILE_OF(argv[0], f);
	SIZE(argv[1], size);
	int li = log_start(r, OL_TRUNCATE, file_idx(r, argv[0]), 0, 0, 0);

	if (li >= 0)
		r->log[li].arg = size;
	rc = dx_truncate(f, (off_t)size);
	log_end(r, li, rc, 0, NULL, 0);
	return rc ? MSG("truncate: %s", strerror(-rc)) : 0;
}

static int op_fpunch(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	struct dx_file *f;
	uint64_t off, n;
	int rc;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	int li = log_start(r, OL_PUNCH, file_idx(r, argv[0]), off, n, 0);

	rc = dx_fallocate(f, DX_FALLOC_PUNCH_HOLE | DX_FALLOC_KEEP_SIZE,
			  (off_t)off, (off_t)n);
	log_end(r, li, rc, 0, NULL, 0);
	return rc ? MSG("fpunch: %s", strerror(-rc)) : 0;
}

/* fzero FILE OFF LEN [keep], falloc FILE OFF LEN [keep]: zero range and
 * preallocation, as fallocate(2) with FALLOC_FL_ZERO_RANGE or mode 0. */
static int falloc_like(struct run *r, int argc, char **argv, int mode,
		       enum ol_kind kind, char *msg, size_t len)
{
	struct dx_file *f;
	uint64_t off, n;
	int rc;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (argc == 4 && strcmp(argv[3], "keep"))
		return MSG("the last word may only be 'keep'");
	if (argc == 4)
		mode |= DX_FALLOC_KEEP_SIZE;
	int li = log_start(r, kind, file_idx(r, argv[0]), off, n, 0);

	if (li >= 0)
		r->log[li].arg = (uint64_t)mode;
	rc = dx_fallocate(f, mode, (off_t)off, (off_t)n);
	log_end(r, li, rc, 0, NULL, 0);
	return rc ? MSG("%s: %s", argv[-1], strerror(-rc)) : 0;
}

static int op_fzero(struct run *r, int argc, char **argv, char *msg,
		    size_t len)
{
	return falloc_like(r, argc, argv, DX_FALLOC_ZERO_RANGE, OL_ZERO, msg,
			   len);
}

static int op_falloc(struct run *r, int argc, char **argv, char *msg,
		     size_t len)
{
	return falloc_like(r, argc, argv, 0, OL_FALLOC, msg, len);
}

static int op_pread(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	struct dx_file *f;
	uint64_t off, n;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	uint8_t *buf = malloc(n ? n : 1);

	if (!buf)
		return MSG("out of memory");
	int li = log_start(r, OL_PREAD, file_idx(r, argv[0]), off, n, 0);
	ssize_t got = dx_pread(f, buf, n, (off_t)off);

	log_end(r, li, got < 0 ? (int)got : 0, got > 0 ? (uint64_t)got : 0,
		buf, got > 0 ? (uint64_t)got : 0);
	free(buf);
	return got < 0 ? MSG("pread: %s", strerror((int)-got)) : 0;
}

static int op_unlink(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	int i = file_idx(r, argv[0]), rc;

	if (i < 0)
		return MSG("no file named '%s'", argv[0]);
	dx_close(r->files[i].f);
	r->files[i].f = NULL;
	if ((rc = dx_unlink(r->fs, argv[0])))
		return MSG("unlink %s: %s", argv[0], strerror(-rc));
	/* The name stays taken in the table: a later 'file NAME' is a new
	 * file under a new slot. */
	r->files[i].name[0] = 0;
	return 0;
}

static int op_sync(struct run *r, int argc DX_UNUSED, char **argv DX_UNUSED, char *msg,
		   size_t len)
{
	int rc = dx_syncfs(r->fs);

	return rc ? MSG("syncfs: %s", strerror(-rc)) : 0;
}

static int fsync_like(struct run *r, char **argv, bool datasync, char *msg,
		      size_t len)
{
	struct dx_fault_stats a, b;
	struct dx_file *f;
	int rc;

	FILE_OF(argv[0], f);
	dx_fault_stats(r->fs, &a);
	int li = log_start(r, OL_FSYNC, file_idx(r, argv[0]), 0, 0, 0);

	rc = dx_fsync(f, datasync);
	log_end(r, li, rc, 0, NULL, 0);
	dx_fault_stats(r->fs, &b);
	r->last_flush = b.flushed_bytes - a.flushed_bytes;
	return rc ? MSG("fsync: %s", strerror(-rc)) : 0;
}

static int op_fsync(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	return fsync_like(r, argv, false, msg, len);
}

static int op_fdatasync(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
			size_t len)
{
	return fsync_like(r, argv, true, msg, len);
}

/* --- pins and memory failure ---------------------------------------- */

static int op_pin(struct run *r, int argc, char **argv, char *msg, size_t len)
{
	uint64_t off, n;
	int i, rc;

	MAP_OF(argv[0], i);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (strcmp(argv[3], "as") || r->npins == MAX_NAMED ||
	    (argc == 6 && strcmp(argv[5], "maybe")))
		return MSG("expected 'pin MAP OFF LEN as NAME [maybe]'");
	if (in_map(r, i, off, n, msg, len))
		return -1;
	struct dx_pin *p = NULL;

	/* "maybe": the range may be past EOF by now (EFAULT, as GUP fails);
	 * then nothing is pinned, and dma and unpin of it do nothing. */
	rc = dx_pin(r->fs, r->maps[i].addr + off, n, &p);
	if (rc && !(argc == 6 && rc == -EFAULT))
		return MSG("pin: %s", strerror(-rc));
	r->pins[r->npins].name = strdup(argv[4]);
	r->pins[r->npins].file = r->maps[i].file;
	r->pins[r->npins].off = r->maps[i].off + (off & ~4095ULL);
	r->pins[r->npins++].p = p;
	return 0;
}

static int pin_idx(struct run *r, const char *name)
{
	for (int i = 0; i < r->npins; i++)
		if (r->pins[i].name && !strcmp(r->pins[i].name, name))
			return i;
	return -1;
}

static struct dx_pin **pin_of(struct run *r, const char *name)
{
	int i = pin_idx(r, name);

	return i < 0 ? NULL : &r->pins[i].p;
}

static int op_dma(struct run *r, int argc DX_UNUSED, char **argv, char *msg, size_t len)
{
	struct dx_pin **p = pin_of(r, argv[0]);
	uint64_t off, n;
	uint8_t b, buf[4096];

	if (!p)
		return MSG("no pin named '%s'", argv[0]);
	if (!*p)
		return 0;	/* a "maybe" pin that did not happen */
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	BYTE(argv[3], b);
	int pi = pin_idx(r, argv[0]);
	int li = log_start(r, OL_DMA, r->pins[pi].file, r->pins[pi].off + off,
			   n, b);

	memset(buf, b, sizeof(buf));
	for (uint64_t done = 0; done < n;) {
		uint64_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);
		int rc = dx_pin_write(*p, off + done, buf, k);

		if (rc) {
			log_end(r, li, rc, done, NULL, 0);
			return MSG("dma: %s", strerror(-rc));
		}
		done += k;
	}
	log_end(r, li, 0, n, NULL, 0);
	return 0;
}

static int op_unpin(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		    size_t len)
{
	struct dx_pin **p = pin_of(r, argv[0]);

	if (!p)
		return MSG("no pin named '%s'", argv[0]);
	dx_unpin(*p);		/* NULL: a "maybe" pin that did not happen */
	*p = NULL;
	return 0;
}

static int op_memfail(struct run *r, int argc, char **argv, char *msg,
		      size_t len)
{
	struct dx_file *f;
	uint64_t off, pblk;
	int rc;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	if (strcmp(argv[2], "as") || r->nmemfails == MAX_NAMED ||
	    (argc == 5 && strcmp(argv[4], "maybe")))
		return MSG("expected 'memfail FILE OFF as NAME [maybe]'");
	/* "maybe": the block may be gone by now; then there is nothing to
	 * look up. */
	if ((rc = dx_bmap(f, (off_t)off, &pblk)))
		return argc == 5 && rc == -ENODATA ? 0 :
			MSG("%s has no block at %llu: %s", argv[0],
			    (unsigned long long)off, strerror(-rc));
	int k = r->nmemfails++;
	int li = log_start(r, OL_MEMFAIL, file_idx(r, argv[0]), off, 0, 0);

	r->memfails[k].name = strdup(argv[3]);
	r->memfails[k].pblk = pblk;
	rc = dx_memory_failure(r->fs, pblk, &r->memfails[k].mf);
	/* Is the owner it blamed the owner now, as it returns?  Nothing runs
	 * between (one thread at a time), so this is its answer's moment. */
	const struct dx_memfail *mf = &r->memfails[k].mf;
	uint64_t now = UINT64_MAX;
	int fi = mf->mapped ? file_idx(r, mf->name) : -1;

	if (li >= 0 && mf->mapped &&
	    (fi < 0 || !r->files[fi].f ||
	     dx_bmap(r->files[fi].f, (off_t)(mf->index * 4096), &now) ||
	     now != pblk))
		snprintf(r->log[li].note, sizeof(r->log[li].note), "memory "
			 "failure on block %llu blamed page %llu of '%.40s', which "
			 "does not own it when the lookup returns",
			 (unsigned long long)pblk,
			 (unsigned long long)mf->index, mf->name);
	log_end(r, li, rc, 0, NULL, 0);
	return rc ? MSG("memory failure: %s", strerror(-rc)) : 0;
}

static int op_crash(struct run *r, int argc, char **argv, char *msg,
		    size_t len)
{
	enum dx_crash_kind kind = DX_CRASH_CLEAN;
	uint64_t seed = 0;
	int rc;

	if (argc >= 1 && strcmp(argv[0], "torn"))
		return MSG("expected 'crash' or 'crash torn [SEED]'");
	if (!engine_alone())
		return MSG("crash while other threads are busy: they would be "
			   "left holding what the crash frees");
	if (argc >= 1)
		kind = DX_CRASH_TORN;
	if (argc == 2 && !size_arg(argv[1], &seed))
		return MSG("bad seed -- %s", argv[1]);
	rc = dx_crash(r->fs, kind, seed);
	if (r->began)
		r->crashed = true;
	return rc ? MSG("crash: %s", strerror(-rc)) : 0;
}

static int op_report(struct run *r, int argc DX_UNUSED, char **argv, char *msg,
		     size_t len)
{
	if (strcmp(argv[0], "flush"))
		return MSG("expected 'report flush'");
	note(r, "the last fsync/msync flushed %llu bytes",
	     (unsigned long long)r->last_flush);
	return 0;
}

/* --- checks --------------------------------------------------------- */

static int expect_bytes(const uint8_t *got, uint64_t n, uint8_t want,
			uint64_t base, char *msg, size_t len)
{
	for (uint64_t i = 0; i < n; i++)
		if (got[i] != want)
			return CHECKFAIL("byte %llu is 0x%02x, not 0x%02x",
					 (unsigned long long)(base + i), got[i],
					 want);
	return 0;
}

/* Reads @k bytes at @at into @buf for expect_range(); a message on failure. */
typedef int (*reader_fn)(void *ctx, uint8_t *buf, uint64_t at, uint64_t k,
			 char *msg, size_t len);

/* Every byte of [off, off+n) must be @want, read 4 KiB at a time. */
static int expect_range(reader_fn read, void *ctx, uint64_t off, uint64_t n,
			uint8_t want, char *msg, size_t len)
{
	uint8_t buf[4096];

	for (uint64_t done = 0; done < n;) {
		uint64_t k = n - done < sizeof(buf) ? n - done : sizeof(buf);
		int rc = read(ctx, buf, off + done, k, msg, len);

		if (!rc)
			rc = expect_bytes(buf, k, want, off + done, msg, len);
		if (rc)
			return rc;
		done += k;
	}
	return 0;
}

static int read_file(void *ctx, uint8_t *buf, uint64_t at, uint64_t k,
		     char *msg, size_t len)
{
	ssize_t got = dx_pread(ctx, buf, k, (off_t)at);

	if (got != (ssize_t)k)
		return CHECKFAIL("read %zd of %llu bytes at %llu", got,
				 (unsigned long long)k, (unsigned long long)at);
	return 0;
}

struct map_ctx { const char *name; uint8_t *addr; };

static int read_map(void *ctx, uint8_t *buf, uint64_t at, uint64_t k,
		    char *msg, size_t len)
{
	struct map_ctx *m = ctx;

	if (!guarded_copy(buf, m->addr + at, k))
		return CHECKFAIL("SIGBUS reading mapping '%s' at %llu",
				 m->name, (unsigned long long)at);
	return 0;
}

static int expect_file(struct run *r, char **argv, char *msg, size_t len)
{
	struct dx_file *f;
	uint64_t off, n;
	uint8_t want;

	FILE_OF(argv[0], f);
	SIZE(argv[1], off);
	SIZE(argv[2], n);
	if (strcmp(argv[3], "=="))
		return MSG("expected 'expect FILE OFF LEN == BYTE'");
	BYTE(argv[4], want);
	return expect_range(read_file, f, off, n, want, msg, len);
}

static int expect_map(struct run *r, char **argv, char *msg, size_t len)
{
	uint64_t off, n;
	uint8_t want;
	int i;

	MAP_OF(argv[1], i);
	SIZE(argv[2], off);
	SIZE(argv[3], n);
	if (strcmp(argv[4], "=="))
		return MSG("expected 'expect map NAME OFF LEN == BYTE'");
	BYTE(argv[5], want);
	if (in_map(r, i, off, n, msg, len))
		return -1;
	struct map_ctx m = { argv[1], r->maps[i].addr };

	return expect_range(read_map, &m, off, n, want, msg, len);
}

static int expect_sigbus(struct run *r, char **argv, char *msg, size_t len)
{
	uint64_t off;
	uint8_t b;
	int i;

	MAP_OF(argv[1], i);
	SIZE(argv[2], off);
	if (in_map(r, i, off, 1, msg, len))
		return -1;
	if (guarded_copy(&b, r->maps[i].addr + off, 1))
		return CHECKFAIL("reading mapping '%s' at %llu did not SIGBUS "
				 "(it read 0x%02x)", argv[1],
				 (unsigned long long)off, b);
	return 0;
}

static int expect_entry(struct run *r, int argc, char **argv, char *msg,
			size_t len)
{
	struct dx_file *f;
	uint64_t pg, pblk;
	const char *kind;
	bool dirty;
	int rc;

	FILE_OF(argv[1], f);
	SIZE(argv[2], pg);
	if ((rc = dx_entry_kind(f, pg, &kind, &dirty)))
		return MSG("entry: %s", strerror(-rc));
	if (!strcmp(argv[3], "matches") && argc == 5 &&
	    !strcmp(argv[4], "bmap")) {
		/* An entry must name the block the file has there now. */
		uint64_t epfn;
		int b = dx_bmap(f, (off_t)(pg * 4096), &pblk);

		if (dx_entry_pfn(f, pg, &epfn))
			return 0;		/* no block entry: nothing stale */
		if (b)
			return CHECKFAIL("page %llu of %s has a %s entry for "
					 "block %llu but no block (a freed "
					 "block is still in the mapping tree)",
					 (unsigned long long)pg, argv[1], kind,
					 (unsigned long long)epfn);
		if (epfn != pblk)
			return CHECKFAIL("page %llu of %s: the %s entry points "
					 "at block %llu, the file has block %llu",
					 (unsigned long long)pg, argv[1], kind,
					 (unsigned long long)epfn,
					 (unsigned long long)pblk);
		return 0;
	}
	if (strcmp(argv[3], "is") || argc < 5)
		return MSG("expected 'expect entry FILE PAGE is KIND [dirty|"
			   "clean]' or 'expect entry FILE PAGE matches bmap'");
	if (strcmp(kind, argv[4]))
		return CHECKFAIL("page %llu of %s: the entry is %s, not %s",
				 (unsigned long long)pg, argv[1], kind,
				 argv[4]);
	if (argc == 6 && !strcmp(argv[5], "dirty") != dirty)
		return CHECKFAIL("page %llu of %s: the %s entry is %s, not %s",
				 (unsigned long long)pg, argv[1], kind,
				 dirty ? "dirty" : "clean", argv[5]);
	return 0;
}

static int expect_memfail(struct run *r, char **argv, char *msg, size_t len)
{
	for (int k = 0; k < r->nmemfails; k++) {
		if (strcmp(r->memfails[k].name, argv[1]))
			continue;
		const struct dx_memfail *mf = &r->memfails[k].mf;
		struct dx_file *f;
		uint64_t pblk;

		if (!mf->mapped)
			return 0;
		f = file_of(r, mf->name);
		if (!f || dx_bmap(f, (off_t)(mf->index * 4096), &pblk) ||
		    pblk != r->memfails[k].pblk)
			return CHECKFAIL("memory failure on block %llu blamed "
					 "page %llu of '%s', which does not own "
					 "that block now",
					 (unsigned long long)r->memfails[k].pblk,
					 (unsigned long long)mf->index,
					 mf->name);
		return 0;
	}
	return MSG("no memory failure named '%s'", argv[1]);
}

static int op_expect(struct run *r, int argc, char **argv, char *msg,
		     size_t len)
{
	if (!strcmp(argv[0], "map") && argc == 6)
		return expect_map(r, argv, msg, len);
	if (!strcmp(argv[0], "sigbus") && argc == 3)
		return expect_sigbus(r, argv, msg, len);
	if (!strcmp(argv[0], "entry") && argc >= 5)
		return expect_entry(r, argc, argv, msg, len);
	if (!strcmp(argv[0], "memfail") && argc == 4 &&
	    !strcmp(argv[2], "is") && !strcmp(argv[3], "current"))
		return expect_memfail(r, argv, msg, len);
	if (!strcmp(argv[0], "oracle") && argc == 1) {
		if (!engine_alone())
			return MSG("expect oracle: other threads are busy; "
				   "wait for them first");
		struct result res = { 0 };
		int rc = oracle_check(r, &res);

		if (rc < 0)
			return MSG("%s", res.msg);
		if (rc)
			return CHECKFAIL("%s", res.msg);
		return 0;
	}
	if (!strcmp(argv[0], "invariants") && argc == 1) {
		char why[512];

		if (dx_check_invariants(r->fs, why, sizeof(why)))
			return CHECKFAIL("%s", why);
		return 0;
	}
	if (!strcmp(argv[0], "lockdep") && argc == 2 &&
	    !strcmp(argv[1], "clean")) {
		if (dx_lockdep_nreports())
			return CHECKFAIL("%s", dx_lockdep_report(0));
		return 0;
	}
	if (!strcmp(argv[0], "flush") && argc == 3 && !strcmp(argv[1], "<=")) {
		uint64_t max;

		SIZE(argv[2], max);
		if (r->last_flush > max)
			return CHECKFAIL("the last fsync flushed %llu bytes, "
					 "more than %llu",
					 (unsigned long long)r->last_flush,
					 (unsigned long long)max);
		return 0;
	}
	if (argc == 5)
		return expect_file(r, argv, msg, len);
	return MSG("unknown check (see 'daxrace --help')");
}

static const struct op ops[] = {
	{ "file", 1, 2, "NAME [SIZE]", true, op_file },
	{ "fill", 4, 4, "FILE OFF LEN BYTE", true, op_fill },
	{ "unlink", 1, 1, "FILE", true, op_unlink },
	{ "sync", 0, 0, "(syncfs)", true, op_sync },
	{ "lockdep", 1, 1, "on|off", true, op_lockdep },
	{ "mmap", 5, 6, "FILE OFF LEN as NAME [ro]", true, op_mmap },
	{ "munmap", 1, 1, "NAME", true, op_munmap },
	{ "mread", 3, 3, "MAP OFF LEN", true, op_mread },
	{ "mwrite", 4, 4, "MAP OFF LEN BYTE", true, op_mwrite },
	{ "mtouch", 2, 2, "MAP OFF   (a load that may SIGBUS)", false,
	  op_mtouch },
	{ "mload", 3, 3, "MAP OFF LEN   (judged by the oracle)", false,
	  op_mload },
	{ "mstore", 4, 4, "MAP OFF LEN BYTE   (judged by the oracle)", false,
	  op_mstore },
	{ "msync", 3, 3, "MAP OFF LEN", true, op_msync },
	{ "pwrite", 4, 6, "FILE OFF LEN BYTE | FILE OFF LEN from MAP MOFF",
	  true, op_pwrite },
	{ "pread", 3, 3, "FILE OFF LEN   (judged by the oracle)", false,
	  op_pread },
	{ "truncate", 2, 2, "FILE SIZE", true, op_truncate },
	{ "fpunch", 3, 3, "FILE OFF LEN", true, op_fpunch },
	{ "fzero", 3, 4, "FILE OFF LEN [keep]", true, op_fzero },
	{ "falloc", 3, 4, "FILE OFF LEN [keep]", true, op_falloc },
	{ "fsync", 1, 1, "FILE", true, op_fsync },
	{ "fdatasync", 1, 1, "FILE", false, op_fdatasync },
	{ "pin", 5, 6, "MAP OFF LEN as NAME [maybe]", false, op_pin },
	{ "dma", 4, 4, "PIN OFF LEN BYTE", false, op_dma },
	{ "unpin", 1, 1, "PIN", false, op_unpin },
	{ "memfail", 4, 5, "FILE OFF as NAME [maybe]", false, op_memfail },
	{ "crash", 0, 2, "[torn [SEED]]", false, op_crash },
	{ "report", 1, 1, "flush", false, op_report },
	{ "expect", 1, 6, "FILE OFF LEN == BYTE | map MAP OFF LEN == BYTE | "
	  "sigbus MAP OFF | entry FILE PAGE is KIND [dirty|clean] | entry "
	  "FILE PAGE matches bmap | memfail NAME is current | lockdep clean | "
	  "invariants | oracle | flush <= SIZE", false, op_expect },
};

const struct op *op_find(const char *name)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

void op_list(FILE *out)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		fprintf(out, "%s%s", i ? ", " : "", ops[i].name);
}

void op_usage(FILE *out)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		fprintf(out, "  %-9s %s%s\n", ops[i].name, ops[i].usage,
			ops[i].setup ? "   (set-up)" : "");
}
