// SPDX-License-Identifier: MIT
/*
 * stress.c - the shared part of the real-kernel conformance programs
 * (stress.h says what each piece is for).
 */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "stress.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif
#ifndef XFS_SUPER_MAGIC
#define XFS_SUPER_MAGIC 0x58465342
#endif

static const struct stress_prog *prog;

static void usage(FILE *f)
{
	const struct stress_extra *e;
	const struct stress_break *b;

	fprintf(f,
"Usage: %s [options]\n"
"\n"
"%s\n"
"Conformance check '%s' on a real mount, as a bounded stress loop.\n"
"\n"
"  --dir DIR          make the test files in DIR (default: .)\n"
"  --iterations N     at most N iterations (default %lu)\n"
"  --seconds S        at most S seconds (default %g); whichever ends first\n"
"  --seed N           pattern and schedule seed (default: from the clock)\n"
"  --break MODE       a deliberately broken variant that must fail\n"
"                     (--break list shows them)\n"
"  --fill             fallocate a filler so that freed blocks are the next\n"
"                     ones handed out (only on a filesystem you own)\n"
"  --watchdog S       give up S seconds after --seconds are up when a system\n"
"                     call never returns (default 120; some checks less)\n"
"  --verbose          say more\n",
		prog->name, prog->summary, prog->check, prog->def_iterations,
		prog->def_seconds);
	for (e = prog->extras; e && e->name; e++) {
		char opt[48];

		snprintf(opt, sizeof(opt), "--%s%s%s", e->name,
			 e->arg ? " " : "", e->arg ? e->arg : "");
		fprintf(f, "  %-18s %s\n", opt, e->help);
	}
	fprintf(f, "  -h, --help         this text\n\nBreak variants:\n");
	for (b = prog->breaks; b && b->name; b++)
		fprintf(f, "  %-18s %s%s\n", b->name, b->what,
			b->injected ? " (symptom injected in user space)" : "");
	fprintf(f,
"\nPrints PASS/FAIL/SKIP and RESULT lines, then \"N passed, N failed, N\n"
"skipped\".  Exit status: 0 pass, 1 fail, 77 skip, 2 bad usage.\n");
}

static void bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	exit(2);
}

static double parse_num(const char *opt, const char *s, bool integer)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < 0 || (integer && v != (double)(unsigned long)v))
		bad_usage("--%s wants a %snumber, not '%s'", opt,
			  integer ? "whole " : "", s);
	return v;
}

void stress_parse(const struct stress_prog *p, struct stress_opts *o,
		  int argc, char **argv)
{
	enum { O_DIR = 256, O_ITER, O_SECS, O_SEED, O_BREAK, O_VERB, O_HELP, O_FILL,
	       O_WDOG, O_EXTRA };
	struct option lo[40];
	const struct stress_extra *e;
	const struct stress_break *b;
	int n = 0, c, nx = 0;

	prog = p;
	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->iterations = p->def_iterations;
	o->seconds = p->def_seconds;
	o->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	lo[n++] = (struct option){ "dir", required_argument, NULL, O_DIR };
	lo[n++] = (struct option){ "iterations", required_argument, NULL, O_ITER };
	lo[n++] = (struct option){ "seconds", required_argument, NULL, O_SECS };
	lo[n++] = (struct option){ "seed", required_argument, NULL, O_SEED };
	lo[n++] = (struct option){ "break", required_argument, NULL, O_BREAK };
	lo[n++] = (struct option){ "verbose", no_argument, NULL, O_VERB };
	lo[n++] = (struct option){ "fill", no_argument, NULL, O_FILL };
	lo[n++] = (struct option){ "watchdog", required_argument, NULL, O_WDOG };
	lo[n++] = (struct option){ "help", no_argument, NULL, O_HELP };
	for (e = p->extras; e && e->name; e++, nx++)
		lo[n++] = (struct option){ e->name, e->arg ? required_argument :
					   no_argument, NULL, O_EXTRA + nx };
	lo[n] = (struct option){ 0 };

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case O_DIR: o->dir = optarg; break;
		case O_ITER: o->iterations = (unsigned long)parse_num("iterations", optarg, true); break;
		case O_SECS: o->seconds = parse_num("seconds", optarg, false); break;
		case O_SEED: o->seed = (uint64_t)parse_num("seed", optarg, true); break;
		case O_VERB: o->verbose++; break;
		case O_FILL: o->fill = 1; break;
		case O_WDOG: o->watchdog = parse_num("watchdog", optarg, false); break;
		case 'h': case O_HELP: usage(stdout); exit(0);
		case O_BREAK:
			if (!strcmp(optarg, "list")) {
				for (b = p->breaks; b && b->name; b++)
					printf("%s\t%s%s\n", b->name, b->what,
					       b->injected ? " (symptom injected in user space)" : "");
				exit(0);
			}
			for (b = p->breaks; b && b->name; b++)
				if (!strcmp(b->name, optarg))
					break;
			if (!b || !b->name) {
				char valid[256] = "";

				for (b = p->breaks; b && b->name; b++)
					snprintf(valid + strlen(valid), sizeof(valid) - strlen(valid),
						 "%s%s", valid[0] ? ", " : "", b->name);
				bad_usage("unknown --break variant '%s'; valid: %s", optarg, valid);
			}
			o->brk = optarg;
			break;
		case '?':
			if (optopt)
				bad_usage("option -%c is unknown or wants a value", optopt);
			bad_usage("unknown option or missing value: '%s'", argv[optind - 1]);
			break;
		default:
			if (c >= O_EXTRA && c < O_EXTRA + nx)
				*p->extras[c - O_EXTRA].value = optarg ? optarg : "1";
			break;
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (o->iterations == 0 || o->seconds <= 0)
		bad_usage("--iterations and --seconds must be more than 0");
	setvbuf(stdout, NULL, _IOLBF, 0);
	o->t_start = o->t0 = stress_now();
	stress_watchdog(o, 120);
}

double stress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

bool stress_wait_moved(const unsigned long *counter, unsigned long from,
		       double max_s)
{
	double end = stress_now() + max_s;

	while (__atomic_load_n(counter, __ATOMIC_SEQ_CST) == from) {
		if (stress_now() > end)
			return false;
		sched_yield();
	}
	return true;
}

/*
 * DAXBENCH_STRESS_SELFTEST (tests/cli/stress.sh), besides hang-after-fill:
 *   slow-setup  set-up takes 2 s more: the loop must still get --seconds;
 *   starve      the loop gets no time at all (what a set-up that ate the
 *               budget did before the budget started after it): the row
 *               must be an ERROR, never a pass.
 */
static bool self_test(const char *what)
{
	const char *t = getenv("DAXBENCH_STRESS_SELFTEST");

	return t && !strcmp(t, what);
}

static bool loop_begun;		/* stress_more() was called: set-up is over */
static double setup_seconds = -1;	/* for stress_report(); -1: no loop */

static void watchdog_rearm(const struct stress_opts *o);

bool stress_more(struct stress_opts *o, unsigned long i)
{
	if (!loop_begun) {
		if (self_test("slow-setup"))
			sleep(2);
		loop_begun = true;
		o->t0 = stress_now();
		o->setup_s = setup_seconds = o->t0 - o->t_start;
		watchdog_rearm(o);
	}
	if (self_test("starve"))
		return false;
	return i < o->iterations && stress_now() - o->t0 < o->seconds;
}

bool stress_breaking(const struct stress_opts *o, const char *name)
{
	return o->brk && !strcmp(o->brk, name);
}

uint64_t stress_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* The pattern word covering file offset @off (8-byte aligned). */
static uint64_t pat_word(uint64_t seed, uint64_t off)
{
	uint64_t w = stress_mix(seed * 0x9e3779b97f4a7c15ULL ^ (off >> 3));

	/* No zero bytes: a zero byte would pass for a hole. */
	for (int i = 0; i < 8; i++)
		if (!((w >> (8 * i)) & 0xff))
			w |= 1ULL << (8 * i);
	return w;
}

uint8_t pat_byte(uint64_t seed, uint64_t off)
{
	if (!seed)
		return 0;
	return (uint8_t)(pat_word(seed, off & ~7ULL) >> (8 * (off & 7)));
}

void pat_fill(void *buf, size_t len, uint64_t seed, uint64_t off)
{
	uint8_t *b = buf;
	size_t i = 0;

	if (!seed) {
		memset(buf, 0, len);
		return;
	}
	while (i < len && ((off + i) & 7))
		b[i] = pat_byte(seed, off + i), i++;
	for (; i + 8 <= len; i += 8) {
		uint64_t w = pat_word(seed, off + i);

		memcpy(b + i, &w, 8);
	}
	for (; i < len; i++)
		b[i] = pat_byte(seed, off + i);
}

size_t pat_check(const void *buf, size_t len, uint64_t seed, uint64_t off,
		 uint64_t *first)
{
	const uint8_t *b = buf;
	size_t i = 0, bad = 0;

	while (i < len) {
		if (!((off + i) & 7) && i + 8 <= len) {
			uint64_t w = seed ? pat_word(seed, off + i) : 0, g;

			memcpy(&g, b + i, 8);
			if (g == w) {
				i += 8;
				continue;
			}
		}
		if (b[i] != pat_byte(seed, off + i)) {
			if (!bad && first)
				*first = off + i;
			bad++;
		}
		i++;
	}
	return bad;
}

int64_t pat_find(const void *buf, uint64_t off, uint64_t seed, uint64_t range)
{
	uint64_t w;

	memcpy(&w, buf, 8);
	for (uint64_t y = off & (STRESS_PAGE - 1) & ~7ULL; y + 8 <= range; y += STRESS_PAGE)
		if (pat_word(seed, y) == w)
			return (int64_t)y;
	return -1;
}

/* --- SIGBUS / SIGSEGV probes ------------------------------------------- */

static __thread sigjmp_buf probe_jmp;
static __thread volatile sig_atomic_t probe_armed;

static void probe_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (probe_armed) {
		probe_armed = 0;
		siglongjmp(probe_jmp, sig);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void stress_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

int probe_copy(void *dst, const volatile void *src, size_t len, size_t *done)
{
	volatile size_t i = 0;
	int sig;

	if ((sig = sigsetjmp(probe_jmp, 1)) != 0) {
		if (done)
			*done = i;
		return sig;
	}
	probe_armed = 1;
	for (; i < len; i++)
		((uint8_t *)dst)[i] = ((const volatile uint8_t *)src)[i];
	probe_armed = 0;
	if (done)
		*done = len;
	return 0;
}

int probe_fill(volatile void *dst, const void *src, size_t len)
{
	volatile size_t i = 0;
	int sig;

	if ((sig = sigsetjmp(probe_jmp, 1)) != 0)
		return sig;
	probe_armed = 1;
	/* Word stores where aligned: a 2 MiB store loop stays fast. */
	for (; i < len && ((uintptr_t)dst + i) & 7; i++)
		((volatile uint8_t *)dst)[i] = ((const uint8_t *)src)[i];
	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, (const uint8_t *)src + i, 8);
		*(volatile uint64_t *)((volatile uint8_t *)dst + i) = w;
	}
	for (; i < len; i++)
		((volatile uint8_t *)dst)[i] = ((const uint8_t *)src)[i];
	probe_armed = 0;
	return 0;
}

int probe_load(const volatile void *p, uint8_t *out)
{
	return probe_copy(out, p, 1, NULL);
}

int probe_store(volatile void *p, uint8_t v)
{
	return probe_fill(p, &v, 1);
}

/* --- the watchdog ------------------------------------------------------- */


const char *volatile stress_step = "the loop";
static volatile double wd_deadline;	/* stress_now() at which to give up */
static unsigned wd_secs;		/* the deadline, from its start */
static unsigned wd_grace;
/* Set-up (a --fill of gigabytes under TCG) gets this long on top of the
 * loop's --seconds and grace before the watchdog calls it stuck. */
#define WD_SETUP_ALLOWANCE 600
static char wd_wchan[64];		/* /proc/self/task/<main tid>/wchan */
static int wd_started;
/*
 * The --fill filler in use, if any.  A process whose thread is stuck in a
 * system call cannot exit, so its open filler would keep the filesystem
 * full for every later check (seen: hole-to-pmd after the gup hang on 6.1
 * found no 2 MiB-aligned free space).  The watchdog gives it back first.
 * Set and cleared by the main thread; read by the watchdog only after the
 * deadline, when the main thread is stuck.
 */
static struct stress_filler *volatile wd_filler;

/* The deadline: from the loop's start once it began (stress_more()), else
 * from the start with the set-up's allowance. */
static void watchdog_rearm(const struct stress_opts *o)
{
	/* An explicit --watchdog is the set-up's allowance too. */
	wd_secs = (unsigned)o->seconds + wd_grace +
		  (loop_begun ? 0 : o->watchdog > 0 ? wd_grace : WD_SETUP_ALLOWANCE);
	wd_deadline = (loop_begun ? o->t0 : o->t_start) + wd_secs;
}

/*
 * A thread of its own, so that the stuck thread stays in its system call
 * and /proc shows where the kernel has it waiting.
 */
static void *wd_thread(void *arg)
{
	char w[128] = "?";
	int fd;
	ssize_t n;

	(void)arg;
	while (stress_now() < wd_deadline)
		usleep(200000);
	fd = open(wd_wchan, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, w, sizeof(w) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n > 0)
		w[n] = 0;
	else
		strcpy(w, "?");
	char detail[600];
	struct stress_filler *fl = wd_filler;
	int freed = 0;

	if (fl && fl->fd >= 0)
		freed = ftruncate(fl->fd, 0) == 0 && unlink(fl->path) == 0;
	snprintf(detail, sizeof(detail),
		 "still running %u s after %s, stuck in %s (a system call that does not return; the kernel has the thread waiting in %s)%s",
		 wd_secs, loop_begun ? "the loop started" : "the start (in set-up)",
		 (const char *)stress_step, w,
		 fl ? (freed ? "; the --fill filler was truncated and unlinked so later checks get the space back"
			     : "; the --fill filler could NOT be released: the filesystem stays full while this process is stuck") : "");
	printf("FAIL %s: %s\n", prog->check, detail);
	printf("RESULT check=%s status=fail iterations=0 seconds=%u pmd=n/a detail=%s\n",
	       prog->check, wd_secs, detail);
	printf("0 passed, 1 failed, 0 skipped\n");
	fflush(stdout);
	_exit(1);
}

void stress_watchdog(const struct stress_opts *o, unsigned grace)
{
	pthread_t t;

	if (o->watchdog > 0)
		grace = o->watchdog < 1 ? 1 : (unsigned)o->watchdog;
	wd_grace = grace;
	watchdog_rearm(o);
	if (wd_started++)
		return;
	snprintf(wd_wchan, sizeof(wd_wchan), "/proc/self/task/%d/wchan", (int)gettid());
	if (pthread_create(&t, NULL, wd_thread, NULL) == 0)
		pthread_detach(t);
}

/* --- files ------------------------------------------------------------- */

void stress_die(const char *call, int err)
{
	const char *where = loop_begun ? "" : " (in set-up)";

	printf("ERROR %s: %s%s: %s: the check could not do its work\n",
	       prog ? prog->check : "stress", call, where, strerror(err));
	printf("RESULT check=%s status=error iterations=0 seconds=0 pmd=n/a detail=%s%s: %s: the check could not do its work\n",
	       prog ? prog->check : "stress", call, where, strerror(err));
	printf("0 passed, 1 failed, 0 skipped\n");
	exit(1);
}

void stress_path(const struct stress_opts *o, const char *name, char *buf,
		 size_t len)
{
	snprintf(buf, len, "%s/%s", o->dir, name);
}

int stress_open(const struct stress_opts *o, const char *name, int flags)
{
	char path[4096], call[4200];
	int fd;

	stress_path(o, name, path, sizeof(path));
	fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(call, sizeof(call), "open %s", path);
		stress_die(call, errno);
	}
	return fd;
}

int stress_pwrite_all(int fd, const void *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		buf = (const char *)buf + n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

int stress_pread_all(int fd, void *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {		/* past EOF: the rest reads as nothing */
			memset(buf, 0, len);
			return -ENODATA;
		}
		buf = (char *)buf + n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

void *stress_mmap_aligned(size_t len, int prot, int flags, int fd, off_t off,
			  size_t align, size_t skew)
{
	size_t resv = len + align + skew;
	uint8_t *r, *a;
	void *m;

	r = mmap(NULL, resv, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED)
		return MAP_FAILED;
	a = (uint8_t *)(((uintptr_t)r + align - 1) & ~(uintptr_t)(align - 1)) + skew;
	m = mmap(a, len, prot, flags | MAP_FIXED, fd, off);
	if (m == MAP_FAILED) {
		int e = errno;

		munmap(r, resv);
		errno = e;
		return MAP_FAILED;
	}
	if (a > r)
		munmap(r, (size_t)(a - r));
	if (a + len < r + resv)
		munmap(a + len, (size_t)(r + resv - (a + len)));
	return m;
}

uint64_t stress_overlap(const struct fiemap_ext *a, int na,
			const struct fiemap_ext *b, int nb)
{
	uint64_t sum = 0;

	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++) {
			uint64_t lo = a[i].physical > b[j].physical ? a[i].physical : b[j].physical;
			uint64_t ea = a[i].physical + a[i].length, eb = b[j].physical + b[j].length;
			uint64_t hi = ea < eb ? ea : eb;

			if (hi > lo)
				sum += hi - lo;
		}
	return sum;
}

/*
 * DAXBENCH_STRESS_SELFTEST=hang-after-fill: the test suite's stand-in for
 * a system call that never returns (tests/cli/stress.sh), so that the
 * watchdog's release of the filler can be seen.  Blocks in a read of a
 * pipe nobody writes.
 */
static void self_test_hang(void)
{
	int p[2];
	char c;

	if (!self_test("hang-after-fill") || pipe(p) < 0)
		return;
	stress_step = "a self-test hang after --fill (a read of an empty pipe)";
	while (read(p[0], &c, 1) < 0 && errno == EINTR)
		;
}

int stress_fill(const struct stress_opts *o, struct stress_filler *f, uint64_t leave)
{
	struct statvfs sv;
	uint64_t freeb;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (!o->fill)
		return 0;
	stress_path(o, "stress-filler", f->path, sizeof(f->path));
	f->fd = open(f->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return -errno;
	wd_filler = f;
	if (fsync(f->fd) < 0 || fstatvfs(f->fd, &sv) < 0)
		return -errno;
	/* root may use the blocks reserved for it (ext4's 5 %) */
	freeb = (uint64_t)(geteuid() == 0 ? sv.f_bfree : sv.f_bavail) * sv.f_frsize;
	if (freeb <= leave)
		return 0;
	f->bytes = (freeb - leave) & ~(STRESS_PAGE - 1);
	/* Some of "free" is metadata the filler itself needs: back off. */
	while (f->bytes && fallocate(f->fd, 0, 0, (off_t)f->bytes) < 0) {
		if (errno != ENOSPC)
			return -errno;
		f->bytes = f->bytes > (1UL << 20) ? f->bytes - (1UL << 20) : 0;
		if (ftruncate(f->fd, 0) < 0)
			return -errno;
	}
	/* Top up in smaller steps until only @leave is left. */
	for (uint64_t step = 1UL << 20; step >= STRESS_PAGE; step >>= 2) {
		if (fstatvfs(f->fd, &sv) < 0)
			return -errno;
		freeb = (uint64_t)(geteuid() == 0 ? sv.f_bfree : sv.f_bavail) * sv.f_frsize;
		while (freeb > leave + step && fallocate(f->fd, 0, (off_t)f->bytes, (off_t)step) == 0) {
			f->bytes += step;
			freeb -= step;
		}
	}
	if (fsync(f->fd) < 0)
		return -errno;
	self_test_hang();
	return 0;
}

int stress_fill_relax(struct stress_filler *f, uint64_t bytes)
{
	if (f->fd < 0 || !f->bytes)
		return -ENOSPC;
	f->bytes = f->bytes > bytes ? f->bytes - bytes : 0;
	f->relaxed++;
	if (ftruncate(f->fd, (off_t)f->bytes) < 0 || fsync(f->fd) < 0)
		return -errno;
	return 0;
}

void stress_unfill(struct stress_filler *f)
{
	if (wd_filler == f)
		wd_filler = NULL;
	if (f->fd >= 0) {
		close(f->fd);
		unlink(f->path);
		f->fd = -1;
	}
}

int stress_pwrite_room(struct stress_filler *f, int fd, const void *buf,
		       size_t len, off_t off)
{
	int rc;

	while ((rc = stress_pwrite_all(fd, buf, len, off)) == -ENOSPC)
		if (stress_fill_relax(f, 1UL << 20) < 0)
			break;
	return rc;
}

int stress_file_dax(int fd)
{
	struct statx sx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx) < 0)
		return -1;
	if (!(sx.stx_attributes_mask & STATX_ATTR_DAX))
		return -1;
	return !!(sx.stx_attributes & STATX_ATTR_DAX);
}

const char *stress_fs_name(int fd)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) < 0)
		return "?";
	switch ((unsigned long)sf.f_type) {
	case XFS_SUPER_MAGIC: return "xfs";
	case EXT4_SUPER_MAGIC: return "ext4";
	case TMPFS_MAGIC: return "tmpfs";
	case BTRFS_SUPER_MAGIC: return "btrfs";
	default: return "other";
	}
}

/* --- results ------------------------------------------------------------ */

static int n_pass, n_fail, n_skip;

void stress_result_init(struct stress_result *r, const char *check)
{
	memset(r, 0, sizeof(*r));
	r->check = check;
	r->status = ST_PASS;
	snprintf(r->pmd, sizeof(r->pmd), "n/a");
}

void stress_note(struct stress_result *r, const char *fmt, ...)
{
	size_t l = strlen(r->detail);
	va_list ap;

	if (l && l + 2 < sizeof(r->detail)) {
		strcpy(r->detail + l, "; ");
		l += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->detail + l, sizeof(r->detail) - l, fmt, ap);
	va_end(ap);
}

void stress_need(struct stress_result *r, const char *what, unsigned long got,
		 unsigned long min)
{
	size_t n = strlen(r->too_little);

	if (got >= min)
		return;
	snprintf(r->too_little + n, sizeof(r->too_little) - n, "%s%lu %s (at least %lu)",
		 n ? ", " : "", got, what, min);
}

void stress_report(struct stress_result *r)
{
	static const char *const word[] = { "PASS", "FAIL", "SKIP", "ERROR" };
	static const char *const low[] = { "pass", "fail", "skip", "error" };
	char detail[sizeof(r->detail)];

	/* Work done: a pass that did (almost) nothing is an ERROR. */
	if (r->status == ST_PASS && r->iterations == 0)
		stress_need(r, "iterations", 0, 1);
	if (r->status == ST_PASS && r->too_little[0]) {
		char was[sizeof(r->detail)];
		int n;

		memcpy(was, r->detail, sizeof(was));
		n = snprintf(r->detail, sizeof(r->detail),
			     "did too little work to judge: %s; ", r->too_little);
		if (n > 0 && (size_t)n < sizeof(r->detail))
			memcpy(r->detail + n, was,
			       strnlen(was, sizeof(r->detail) - (size_t)n - 1) + 1);
		r->detail[sizeof(r->detail) - 1] = 0;
		r->status = ST_ERROR;
	}
	if (setup_seconds >= 0)
		stress_note(r, "set-up %.1f s (not counted in --seconds)", setup_seconds);

	/* One line each: no line breaks inside the detail. */
	snprintf(detail, sizeof(detail), "%s", r->detail);
	for (char *c = detail; *c; c++)
		if (*c == '\n')
			*c = ' ';
	printf("%s %s: %s\n", word[r->status], r->check, detail);
	printf("RESULT check=%s status=%s iterations=%lu seconds=%.2f pmd=%s detail=%s\n",
	       r->check, low[r->status], r->iterations, r->seconds, r->pmd, detail);
	if (r->status == ST_PASS)
		n_pass++;
	else if (r->status == ST_SKIP)
		n_skip++;
	else
		n_fail++;	/* FAIL and ERROR */
}

int stress_finish(void)
{
	printf("%d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	if (n_fail)
		return 1;
	if (!n_pass && n_skip)
		return 77;
	return 0;
}
