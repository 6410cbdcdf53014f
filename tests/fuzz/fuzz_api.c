// SPDX-License-Identifier: MIT
/*
 * fuzz_api - the dx_* API, driven by fuzz bytes, checked against a flat
 * model (a byte array and a size per file).
 *
 * Byte 0 picks the configuration: copy mode (every one), zeroing policy
 * (both), region size.  The rest is a program of operations on up to three
 * files: open/create, close, unlink, pwrite, pread, truncate, fallocate
 * (plain, keep-size, punch, zero range), fsync, fdatasync, syncfs, mmap,
 * stores and loads through the mapping, msync, munmap, clean and torn
 * crashes, and a clean remount of the region image (--image).
 *
 * What is checked, and where the promise comes from:
 *   - every read (pread, a load through a mapping) and every size equals
 *     the model exactly while nothing crashed;
 *   - after a crash, for each file: it exists (create and unlink are
 *     journaled before they return), its size is one the file had since
 *     its last sync point, and each byte is what the sync point held or a
 *     value some operation since wrote there (0 for truncate, punch, zero
 *     range) - so whatever fsync, fdatasync or syncfs covered is durable,
 *     and no byte is one that no one wrote;
 *   - each file writes only values of its own (file i: 64*i+1 .. 64*i+63),
 *     so another file's old data is recognised as such;
 *   - after a clean remount every file equals the model exactly;
 *   - nothing fails with EUCLEAN or EIO and the filesystem never shuts
 *     down; ENOSPC is allowed, and then the model adopts what the file
 *     holds after checking each byte is an old or a new value.
 * A violation prints what was expected and found, then aborts, so the
 * fuzzer keeps the input.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daxref.h"

#define NFILES	3
#define MAXSZ	(192u * 1024)	/* offsets and sizes stay below this */
#define MAXLOG	64		/* changes remembered since a sync point */
#define MAXOPS	96

struct change {
	uint64_t	off, len;	/* bytes [off, off+len) became val */
	uint8_t		val;
	uint64_t	size;		/* the file's size after the change */
};

struct mfile {
	bool		exists;
	uint64_t	size, dsize;	/* now, and at the last sync point */
	uint8_t		cur[MAXSZ], dur[MAXSZ];
	struct change	log[MAXLOG];
	int		nlog;
	bool		overflow;	/* more changes than the log holds */
	uint8_t		seq;
	struct dx_file	*f;
	uint8_t		*map;
};

static struct {
	struct dx_fs	*fs;
	struct dx_opts	o;
	char		image[96];
	struct mfile	m[NFILES];
	const uint8_t	*in;
	size_t		len, pos;
	int		op;		/* index of the current operation */
	char		trace[MAXOPS][80];
} S;

static const char *const names[NFILES] = { "a", "b", "c" };

/* What the whole process checked, printed at exit: how much work the
 * fuzzer's runs did (tests/fuzz/run.sh reports it). */
static struct {
	unsigned long inputs, ops, crashes, torn, remounts, files_checked;
} total;

static void print_totals(void)
{
	fprintf(stderr, "fuzz_api: totals: %lu inputs, %lu operations, %lu "
		"crashes (%lu torn) and %lu remounts, each followed by a check "
		"of every file (%lu file checks)\n", total.inputs, total.ops,
		total.crashes, total.torn, total.remounts,
		total.files_checked);
}

/* --- reporting --------------------------------------------------------- */

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void violation(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_api: VIOLATION (%s, %s, op %d): ",
		S.o.mode, dx_zeroing_name(S.o.zeroing), S.op);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nfuzz_api: the operations so far:\n");
	for (int i = 0; i <= S.op && i < MAXOPS; i++)
		if (S.trace[i][0])
			fprintf(stderr, "  %2d %s\n", i, S.trace[i]);
	abort();
}

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void trace(const char *fmt, ...)
{
	va_list ap;

	if (S.op >= MAXOPS)
		return;
	va_start(ap, fmt);
	vsnprintf(S.trace[S.op], sizeof(S.trace[0]), fmt, ap);
	va_end(ap);
}

/* An error the model allows: ENOSPC.  Anything else is a finding. */
static bool allowed(long rc, const char *what)
{
	if (rc >= 0 || rc == -ENOSPC)
		return true;
	violation("%s failed: %s", what, strerror((int)-rc));
}

static void alive(void)
{
	struct dx_info in;

	dx_info(S.fs, &in);
	if (in.shutdown)
		violation("the filesystem shut down: %s", in.shutdown);
}

/* --- input ------------------------------------------------------------- */

static bool more(void) { return S.pos < S.len; }
static uint8_t u8(void) { return S.pos < S.len ? S.in[S.pos++] : 0; }
static uint16_t u16(void) { return (uint16_t)(u8() | u8() << 8); }

/* An offset or size below MAXSZ, often at a page or block edge. */
static uint64_t where(void)
{
	uint16_t v = u16();

	switch (v & 3) {
	case 0: return ((uint64_t)(v >> 2) * 4096) % MAXSZ;
	case 1: return ((uint64_t)(v >> 2) * 4096 + 4095) % MAXSZ;
	default: return ((uint64_t)(v >> 2) * 13) % MAXSZ;
	}
}

static uint64_t length(uint64_t off)
{
	uint64_t n = (u16() % 20000) + 1;

	return off + n > MAXSZ ? MAXSZ - off : n;
}

/* --- the model --------------------------------------------------------- */

static void note(struct mfile *m, uint64_t off, uint64_t len, uint8_t val)
{
	if (m->nlog == MAXLOG) {
		m->overflow = true;
		return;
	}
	m->log[m->nlog++] = (struct change){ off, len, val, m->size };
}

static void set(struct mfile *m, uint64_t off, uint64_t len, uint8_t val)
{
	memset(m->cur + off, val, len);
	note(m, off, len, val);
}

static void resize(struct mfile *m, uint64_t size)
{
	if (size < m->size) {
		memset(m->cur + size, 0, m->size - size);
		m->size = size;
		note(m, size, MAXSZ - size, 0);
	} else if (size > m->size) {
		m->size = size;
		note(m, 0, 0, 0);	/* only the size changed */
	}
}

static void sync_point(struct mfile *m)
{
	memcpy(m->dur, m->cur, MAXSZ);
	m->dsize = m->size;
	m->nlog = 0;
	m->overflow = false;
}

/* May byte @i of file @k read @v after a crash? */
static bool byte_ok(int k, struct mfile *m, uint64_t i, uint8_t v)
{
	if (v && (v < 64 * k + 1 || v > 64 * k + 63))
		return false;		/* another file's value */
	if (m->overflow)
		return true;
	if (v == (i < m->dsize ? m->dur[i] : 0))
		return true;
	for (int c = 0; c < m->nlog; c++) {
		const struct change *x = &m->log[c];

		if (i >= x->off && i - x->off < x->len && v == x->val)
			return true;
		if (v == 0 && i >= x->size)	/* truncated past it */
			return true;
	}
	return false;
}

static bool size_ok(struct mfile *m, uint64_t size)
{
	if (m->overflow || size == m->dsize)
		return true;
	for (int c = 0; c < m->nlog; c++)
		if (m->log[c].size == size)
			return true;
	return false;
}

/* Reads file @k whole and compares it with the model's current state. */
static void compare(int k, const char *when)
{
	struct mfile *m = &S.m[k];
	static uint8_t buf[MAXSZ];
	struct dx_stat st;

	if (dx_fstat(m->f, &st) || st.size != m->size)
		violation("%s: %s has size %llu, the model %llu", when,
			  names[k], (unsigned long long)st.size,
			  (unsigned long long)m->size);
	ssize_t n = dx_pread(m->f, buf, MAXSZ, 0);

	if (n != (ssize_t)m->size)
		violation("%s: pread of %s returned %zd, size %llu", when,
			  names[k], n, (unsigned long long)m->size);
	for (uint64_t i = 0; i < m->size; i++)
		if (buf[i] != m->cur[i])
			violation("%s: byte %llu of %s is 0x%02x, the model "
				  "has 0x%02x", when, (unsigned long long)i,
				  names[k], buf[i], m->cur[i]);
}

/* After a failed change to [off, off+len): every byte is its old value
 * or @alt; adopt what the file holds. */
static void adopt(int k, uint64_t off, uint64_t len, uint8_t alt,
		  uint64_t size_alt)
{
	struct mfile *m = &S.m[k];
	static uint8_t buf[MAXSZ];
	struct dx_stat st;

	if (dx_fstat(m->f, &st))
		violation("fstat of %s failed", names[k]);
	if (st.size != m->size && st.size != size_alt)
		violation("after a failed change %s has size %llu (old %llu, "
			  "new %llu)", names[k], (unsigned long long)st.size,
			  (unsigned long long)m->size,
			  (unsigned long long)size_alt);
	resize(m, st.size);
	if (off >= m->size)
		return;
	if (off + len > m->size)
		len = m->size - off;
	if (dx_pread(m->f, buf, len, (off_t)off) != (ssize_t)len)
		violation("pread of %s after a failed change", names[k]);
	for (uint64_t i = 0; i < len; i++) {
		if (buf[i] != m->cur[off + i] && buf[i] != alt)
			violation("after a failed change byte %llu of %s is "
				  "0x%02x: neither old 0x%02x nor 0x%02x",
				  (unsigned long long)(off + i), names[k],
				  buf[i], m->cur[off + i], alt);
		if (buf[i] != m->cur[off + i])
			set(m, off + i, 1, buf[i]);
	}
}

/* --- SIGBUS from mapped accesses --------------------------------------- */

static sigjmp_buf bus_env;
static volatile sig_atomic_t bus_armed;

static void on_bus(int sig)
{
	if (bus_armed) {
		bus_armed = 0;
		siglongjmp(bus_env, 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Copies through a mapping; false on SIGBUS. */
static bool guarded(uint8_t *dst, const uint8_t *src, int val, size_t n)
{
	if (sigsetjmp(bus_env, 1))
		return false;
	bus_armed = 1;
	for (size_t i = 0; i < n; i++)
		((volatile uint8_t *)dst)[i] = src ? src[i] : (uint8_t)val;
	bus_armed = 0;
	return true;
}

/* --- the operations ---------------------------------------------------- */

static void do_open(int k)
{
	struct mfile *m = &S.m[k];
	int rc;

	if (m->f)
		return;
	trace("open %s", names[k]);
	rc = dx_open(S.fs, names[k], DX_O_CREAT, &m->f);
	allowed(rc, "open");
	if (rc) {
		m->f = NULL;
		return;
	}
	if (!m->exists) {	/* create is journaled before it returns */
		m->exists = true;
		m->size = 0;
		memset(m->cur, 0, MAXSZ);
		sync_point(m);
		m->seq = 0;
	}
}

static void do_unmap(int k)
{
	struct mfile *m = &S.m[k];

	if (!m->map)
		return;
	int rc = dx_munmap(S.fs, m->map);

	if (rc)
		violation("munmap of %s: %s", names[k], strerror(-rc));
	m->map = NULL;
}

static void do_close(int k)
{
	struct mfile *m = &S.m[k];

	do_unmap(k);
	if (!m->f)
		return;
	int rc = dx_close(m->f);

	m->f = NULL;
	if (rc)
		violation("close of %s: %s", names[k], strerror(-rc));
}

static void do_unlink(int k)
{
	struct mfile *m = &S.m[k];

	if (!m->exists)
		return;
	trace("unlink %s", names[k]);
	do_close(k);
	int rc = dx_unlink(S.fs, names[k]);

	if (rc)
		violation("unlink of %s: %s", names[k], strerror(-rc));
	m->exists = false;
}

static void do_pwrite(int k)
{
	struct mfile *m = &S.m[k];
	uint64_t off = where(), len = length(off);
	uint8_t val = (uint8_t)(64 * k + 1 + m->seq++ % 63);
	static uint8_t buf[MAXSZ];

	trace("pwrite %s %llu %llu 0x%02x", names[k], (unsigned long long)off,
	      (unsigned long long)len, val);
	memset(buf, val, len);
	ssize_t n = dx_pwrite(m->f, buf, len, (off_t)off);

	allowed(n, "pwrite");
	if (n > 0) {
		set(m, off, (uint64_t)n, val);
		if (off + (uint64_t)n > m->size) {
			m->size = off + (uint64_t)n;
			m->log[m->nlog ? m->nlog - 1 : 0].size = m->size;
		}
	}
}

static void do_pread(int k)
{
	struct mfile *m = &S.m[k];
	uint64_t off = where(), len = length(off);
	static uint8_t buf[MAXSZ];

	trace("pread %s %llu %llu", names[k], (unsigned long long)off,
	      (unsigned long long)len);
	ssize_t n = dx_pread(m->f, buf, len, (off_t)off);
	uint64_t want = off >= m->size ? 0 :
			off + len > m->size ? m->size - off : len;

	if (n != (ssize_t)want)
		violation("pread %s %llu %llu returned %zd, not %llu", names[k],
			  (unsigned long long)off, (unsigned long long)len, n,
			  (unsigned long long)want);
	for (uint64_t i = 0; i < want; i++)
		if (buf[i] != m->cur[off + i])
			violation("pread: byte %llu of %s is 0x%02x, the model "
				  "has 0x%02x", (unsigned long long)(off + i),
				  names[k], buf[i], m->cur[off + i]);
}

static void do_truncate(int k)
{
	struct mfile *m = &S.m[k];
	uint64_t size = where();

	trace("truncate %s %llu", names[k], (unsigned long long)size);
	int rc = dx_truncate(m->f, (off_t)size);

	allowed(rc, "truncate");
	if (rc)
		adopt(k, size, MAXSZ - size, 0, size);
	else
		resize(m, size);
}

static void do_fallocate(int k)
{
	static const int fmodes[] = {
		0, DX_FALLOC_KEEP_SIZE, DX_FALLOC_PUNCH_HOLE | DX_FALLOC_KEEP_SIZE,
		DX_FALLOC_ZERO_RANGE, DX_FALLOC_ZERO_RANGE | DX_FALLOC_KEEP_SIZE,
	};
	struct mfile *m = &S.m[k];
	int mode = fmodes[u8() % 5];
	uint64_t off = where(), len = length(off);
	bool zero = mode & (DX_FALLOC_PUNCH_HOLE | DX_FALLOC_ZERO_RANGE);
	bool grow = !(mode & DX_FALLOC_KEEP_SIZE) && off + len > m->size;

	trace("fallocate %s mode 0x%x %llu %llu", names[k], mode,
	      (unsigned long long)off, (unsigned long long)len);
	int rc = dx_fallocate(m->f, mode, (off_t)off, (off_t)len);

	allowed(rc, "fallocate");
	if (rc) {
		adopt(k, off, len, 0, grow ? off + len : m->size);
		return;
	}
	if (zero && off < m->size)
		set(m, off, (off + len > m->size ? m->size : off + len) - off, 0);
	if (grow)
		resize(m, off + len);
}

static void do_fsync(int k, bool datasync)
{
	trace("%s %s", datasync ? "fdatasync" : "fsync", names[k]);
	int rc = dx_fsync(S.m[k].f, datasync);

	if (rc)
		violation("fsync of %s: %s", names[k], strerror(-rc));
	sync_point(&S.m[k]);
}

static void do_syncfs(void)
{
	trace("syncfs");
	int rc = dx_syncfs(S.fs);

	if (rc)
		violation("syncfs: %s", strerror(-rc));
	for (int k = 0; k < NFILES; k++)
		if (S.m[k].exists)
			sync_point(&S.m[k]);
}

static void do_mmap(int k)
{
	struct mfile *m = &S.m[k];
	void *a;

	if (m->map)
		return;
	trace("mmap %s", names[k]);
	int rc = dx_mmap(m->f, 0, MAXSZ, DX_PROT_READ | DX_PROT_WRITE, &a);

	if (rc)
		violation("mmap of %s: %s", names[k], strerror(-rc));
	m->map = a;
}

/* A store through the mapping, below EOF.  In the page-cache mode a
 * store to a hole needs a reservation, and SIGBUS is its ENOSPC. */
static void do_mstore(int k)
{
	struct mfile *m = &S.m[k];
	uint64_t off = where(), len = length(off);
	uint8_t val = (uint8_t)(64 * k + 1 + m->seq++ % 63);

	if (!m->map || off >= m->size)
		return;
	if (off + len > m->size)
		len = m->size - off;
	trace("mstore %s %llu %llu 0x%02x", names[k], (unsigned long long)off,
	      (unsigned long long)len, val);
	if (guarded(m->map + off, NULL, val, len)) {
		set(m, off, len, val);
		return;
	}
	struct dx_info in;

	dx_info(S.fs, &in);
	if (in.free_blocks > 64)
		violation("SIGBUS storing to %s at %llu with %llu blocks free",
			  names[k], (unsigned long long)off,
			  (unsigned long long)in.free_blocks);
	adopt(k, off, len, val, m->size);
}

static void do_mload(int k)
{
	struct mfile *m = &S.m[k];
	uint64_t off = where(), len = length(off);
	static uint8_t buf[MAXSZ];

	if (!m->map || off >= m->size)
		return;
	if (off + len > m->size)
		len = m->size - off;
	trace("mload %s %llu %llu", names[k], (unsigned long long)off,
	      (unsigned long long)len);
	if (!guarded(buf, m->map + off, 0, len))
		violation("SIGBUS loading %s at %llu below EOF %llu", names[k],
			  (unsigned long long)off, (unsigned long long)m->size);
	for (uint64_t i = 0; i < len; i++)
		if (buf[i] != m->cur[off + i])
			violation("mapping of %s: byte %llu is 0x%02x, the "
				  "model has 0x%02x", names[k],
				  (unsigned long long)(off + i), buf[i],
				  m->cur[off + i]);
}

static void do_msync(int k)
{
	struct mfile *m = &S.m[k];

	if (!m->map)
		return;
	trace("msync %s", names[k]);
	int rc = dx_msync(S.fs, m->map, MAXSZ, DX_MS_SYNC);

	if (rc)
		violation("msync of %s: %s", names[k], strerror(-rc));
}

/* After a crash or a remount: reopen every file the model has and check
 * it against what the model allows (@exact: a clean remount). */
static void recheck(bool exact, const char *when)
{
	static uint8_t buf[MAXSZ];

	for (int k = 0; k < NFILES; k++) {
		struct mfile *m = &S.m[k];
		struct dx_file *f;
		int rc = dx_open(S.fs, names[k], 0, &f);

		total.files_checked++;
		if (!m->exists) {
			if (rc != -ENOENT)
				violation("%s: unlinked %s is back (%s)", when,
					  names[k], rc ? strerror(-rc) : "open");
			continue;
		}
		if (rc)
			violation("%s: %s is gone: %s", when, names[k],
				  strerror(-rc));
		m->f = f;
		if (exact) {
			compare(k, when);
			sync_point(m);
			continue;
		}
		struct dx_stat st;

		if (dx_fstat(f, &st) || !size_ok(m, st.size))
			violation("%s: %s has size %llu; the sync point had "
				  "%llu, and nothing since set it", when,
				  names[k], (unsigned long long)st.size,
				  (unsigned long long)m->dsize);
		if (dx_pread(f, buf, MAXSZ, 0) != (ssize_t)st.size)
			violation("%s: pread of %s", when, names[k]);
		for (uint64_t i = 0; i < st.size; i++)
			if (!byte_ok(k, m, i, buf[i]))
				violation("%s: byte %llu of %s is 0x%02x: the "
					  "sync point had 0x%02x and nothing "
					  "since wrote that value there", when,
					  (unsigned long long)i, names[k],
					  buf[i], i < m->dsize ? m->dur[i] : 0);
		memcpy(m->cur, buf, st.size);
		memset(m->cur + st.size, 0, MAXSZ - st.size);
		m->size = st.size;
		sync_point(m);
	}
}

static void do_crash(bool torn)
{
	uint8_t seed = u8();

	trace("crash%s", torn ? " torn" : "");
	for (int k = 0; k < NFILES; k++)
		do_unmap(k);	/* dead after the crash anyway */
	int rc = dx_crash(S.fs, torn ? DX_CRASH_TORN : DX_CRASH_CLEAN, seed);

	total.crashes++;
	total.torn += torn;
	if (rc)
		violation("crash: recovery failed: %s", strerror(-rc));
	for (int k = 0; k < NFILES; k++) {
		if (S.m[k].f)
			dx_close(S.m[k].f);	/* stale handles */
		S.m[k].f = NULL;
	}
	recheck(false, torn ? "after a torn crash" : "after a crash");
}

static int mount(void)
{
	char err[256];
	int rc = dx_mount(&S.o, &S.fs, err, sizeof(err));

	if (rc)
		fprintf(stderr, "fuzz_api: mount: %s\n", err);
	return rc;
}

static void do_remount(void)
{
	trace("remount");
	for (int k = 0; k < NFILES; k++)
		do_close(k);
	int rc = dx_umount(S.fs);

	if (rc)
		violation("umount: %s", strerror(-rc));
	S.fs = NULL;
	if (mount())
		violation("the region does not mount again");
	total.remounts++;
	recheck(true, "after a remount");
}

/* --- the harness ------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool registered;

	if (!registered) {
		atexit(print_totals);
		registered = true;
	}
	if (size < 2)
		return 0;
	total.inputs++;
	memset(&S.m, 0, sizeof(S.m));
	memset(S.trace, 0, sizeof(S.trace));
	S.in = data;
	S.len = size;
	S.pos = 1;
	dx_opts_init(&S.o);
	S.o.mode = dx_mode_at(data[0] % dx_mode_count(), NULL);	/* ref/modes.def */
	S.o.zeroing = data[0] & 4 ? DX_ZERO_UNWRITTEN : DX_ZERO_ON_ALLOC;
	S.o.region_size = data[0] & 8 ? 16u << 20 : 8u << 20;
	S.o.track = true;
	S.o.prefault = true;	/* one populate beats a fault per page */
	S.o.backing = DX_BACK_IMAGE;
	static bool swept;

	if (!swept) {	/* images of runs that died (a finding, a timeout) */
		DIR *d = opendir("/dev/shm");
		struct dirent *de;
		int pid;
		char path[300];

		swept = true;
		while (d && (de = readdir(d)))
			if (sscanf(de->d_name, "daxbench-fuzz-api-%d.img", &pid) == 1 &&
			    pid > 0 && kill(pid, 0) < 0 && errno == ESRCH) {
				snprintf(path, sizeof(path), "/dev/shm/%s", de->d_name);
				unlink(path);
			}
		if (d)
			closedir(d);
	}
	snprintf(S.image, sizeof(S.image), "/dev/shm/daxbench-fuzz-api-%d.img",
		 (int)getpid());
	unlink(S.image);
	S.o.path = S.image;
	signal(SIGBUS, on_bus);
	if (mount())
		abort();	/* a fresh image always mounts */
	for (S.op = 0; more() && S.op < MAXOPS; S.op++) {
		uint8_t b = u8();
		int k = (b >> 5) % NFILES;

		total.ops++;
		switch (b % 20) {
		case 0: case 1: do_open(k); break;
		case 2: if (S.m[k].f) do_close(k); break;
		case 3: do_unlink(k); break;
		case 4: case 5: if (S.m[k].f) do_pwrite(k); break;
		case 6: if (S.m[k].f) do_pread(k); break;
		case 7: if (S.m[k].f) do_truncate(k); break;
		case 8: if (S.m[k].f) do_fallocate(k); break;
		case 9: if (S.m[k].f) do_fsync(k, b & 0x80); break;
		case 10: do_syncfs(); break;
		case 11: if (S.m[k].f) do_mmap(k); break;
		case 12: case 13: do_mstore(k); break;
		case 14: do_mload(k); break;
		case 15: do_msync(k); break;
		case 16: do_unmap(k); break;
		case 17: do_crash(false); break;
		case 18: do_crash(true); break;
		case 19: do_remount(); break;
		}
		alive();
	}
	/* The end is a clean remount: everything equals the model. */
	do_remount();
	for (int k = 0; k < NFILES; k++)
		do_close(k);
	if (dx_umount(S.fs))
		violation("final umount");
	S.fs = NULL;
	unlink(S.image);
	return 0;
}
