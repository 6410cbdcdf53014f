// SPDX-License-Identifier: MIT
/*
 * copy_rank.c - choose each kind's copy kernel by measuring it here.
 *
 * Why: the ISA rank (AVX-512 > AVX2 > SSE2) is not the speed rank.  On a
 * core that splits 512-bit stores, AVX2 NT copies faster at 16 MiB; the
 * kernel's own `rep movsb` may beat every hand-written cached loop.  A mode
 * built on the rank alone compares strategies with a handicapped kernel.
 *
 * The calibration (at most about 200 ms, once per CPU): every runnable
 * kernel of each kind that uses the chosen flush instruction copies 4 KiB
 * calls from a hot 4 KiB source and one 16 MiB call from a 16 MiB source,
 * into a 64 MiB ring it walks so no call finds its lines left in the cache
 * by the previous one; rounds interleave the kernels, and each cell keeps
 * its best round; inside a round each kind's kernels run together, in an
 * order rotated from round to round, after one untimed call.  A kernel's
 * score is the smaller of its two ratios to the best of its kind (4 KiB,
 * 16 MiB): the winner is never far behind at either size; it replaces
 * the static rank's kernel only when it scores 3% higher (noise).  The winners are written, with their figures, to a small
 * text file per CPU; a file that is corrupt, made for another CPU or names
 * a kernel this CPU cannot run is reported and measured again.
 *
 * Precedence: copy_rank.h.  Thread safety: call before any file I/O of
 * the filesystem (dx_mount() does); the cache file is replaced by rename,
 * so two processes racing to write it leave one whole ranking.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "copy_rank.h"

#define RANK_MAGIC	"daxbench copy ranking v1"
#define RING		(32u << 20)	/* the destination ring */
#define BIG		(16u << 20)	/* the large call, and its source */
#define SMALL		4096u
#define SMALL_CALLS	256		/* per 4 KiB cell and round */
#define ROUNDS		3
#define CONFIRM		3		/* paired rounds of a challenger */
#define CONFIRM_MS	40.0		/* kept for the rematches */
#define BUDGET_MS	190.0		/* no round starts that would end later */

struct cand {
	const struct copy_kernel *k;
	double	g_small, g_big;		/* GiB/s, best round */
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void say(void (*notice)(void *, const char *), void *arg,
		const char *line)
{
	if (notice)
		notice(arg, line);
	else
		fprintf(stderr, "daxbench: %s\n", line);
}

/* ---- overrides --------------------------------------------------------- */

static int kind_parse(const char *s, size_t n)
{
	for (int k = 0; k < CK_COUNT; k++)
		if (strlen(copy_kind_name(k)) == n &&
		    !strncmp(copy_kind_name(k), s, n))
			return k;
	return -1;
}

static void list_kind(enum copy_kind kind, enum dx_flush fl, char *buf,
		      size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < n_copy_kernels; i++) {
		const struct copy_kernel *e = &copy_kernels[i];

		if (e->kind != kind || !copy_kernel_runnable(e) ||
		    (kind != CK_CACHED && e->flush != fl))
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0,
				 "%s%s", used ? " " : "", e->name);
	}
}

static void set_kind(struct pm_kset *ks, enum copy_kind k,
		     const struct copy_kernel *e, const char *how)
{
	if (k == CK_NT)
		ks->nt = e;
	else if (k == CK_CACHED_FLUSH)
		ks->cached_flush = e;
	else
		ks->cached = e;
	snprintf(ks->how[k], sizeof(ks->how[k]), "%s", how);
}

/*
 * Applies "kind=NAME,..." from @src (named @from in messages) to @ks;
 * @done marks the kinds it set.  Kernels with another flush than the
 * choice are allowed: the user named them.
 */
static int apply_list(struct pm_kset *ks, const char *list, const char *from,
		      bool done[CK_COUNT], char *err, size_t errlen)
{
	char buf[512], *tok, *save = NULL, valid[600], why[160], how[40];

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		const char *eq = strchr(tok, '=');
		const struct copy_kernel *e;
		int kind = eq ? kind_parse(tok, eq - tok) : -1;

		if (kind < 0) {
			snprintf(err, errlen, "%s: '%s' is not KIND=KERNEL; "
				 "kinds: nt, cached+flush, cached", from, tok);
			return -EINVAL;
		}
		e = copy_kernel_find(eq + 1);
		list_kind(kind, ks->cpu.flush, valid, sizeof(valid));
		if (!e) {
			snprintf(err, errlen, "%s: unknown kernel '%s'; "
				 "runnable %s kernels here: %s", from, eq + 1,
				 copy_kind_name(kind), valid);
			return -EINVAL;
		}
		if ((int)e->kind != kind) {
			snprintf(err, errlen, "%s: %s is a %s kernel, not %s",
				 from, e->name, copy_kind_name(e->kind),
				 copy_kind_name(kind));
			return -EINVAL;
		}
		if (copy_kernel_why_not(e, why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s cannot run on this CPU: "
				 "%s; runnable here: %s", from, e->name, why,
				 valid);
			return -ENOTSUP;
		}
		snprintf(how, sizeof(how), "override (%s)", from);
		set_kind(ks, kind, e, how);
		done[kind] = true;
	}
	return 0;
}

/* ---- the cache file ---------------------------------------------------- */

/* The microcode revision as /proc/cpuinfo shows it, or "?". */
static void microcode(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(buf, len, "?");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "microcode", 9) && strchr(line, ':')) {
			snprintf(buf, len, "%s", strchr(line, ':') + 2);
			buf[strcspn(buf, "\n")] = 0;
			break;
		}
	fclose(f);
}

/* Everything the ranking depends on, one line. */
static void cpu_key(char *buf, size_t len)
{
	const struct cpu_caps *c = cpu_caps();
	char mc[32];
	unsigned feat = 0;

	microcode(mc, sizeof(mc));
	for (int i = 0; i < DX_ISA_COUNT; i++)
		feat |= (unsigned)c->isa[i] << i;
	for (int i = 0; i < DX_FLUSH_COUNT; i++)
		feat |= (unsigned)c->flush[i] << (8 + i);
	feat |= (unsigned)c->erms << 16 | (unsigned)c->fsrm << 17;
	snprintf(buf, len, "%s|%s|sig %#x|microcode %s|features %#x|"
		 "kernels %u", c->vendor, c->model, c->signature, mc, feat,
		 n_copy_kernels);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* $XDG_CACHE_HOME/daxbench, or ~/.cache/daxbench; made if missing. */
static int cache_path(const char *key, char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char dir[400];

	if (xdg && *xdg)
		snprintf(dir, sizeof(dir), "%s/daxbench", xdg);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.cache/daxbench", home);
	else
		return -ENOENT;
	if (mkdir(dir, 0755) && errno != EEXIST) {
		char parent[400];

		snprintf(parent, sizeof(parent), "%s", dir);
		*strrchr(parent, '/') = 0;
		if (mkdir(parent, 0755) && errno != EEXIST)
			return -errno;
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	snprintf(buf, len, "%s/copy-ranking-%016llx.txt", dir,
		 (unsigned long long)fnv1a(key));
	return 0;
}

/* The flush field of a pick line: the flush name, or "-" for cached. */
static const char *group_flush(enum copy_kind k, enum dx_flush fl)
{
	return k == CK_CACHED ? "-" : dx_flush_name(fl);
}

/*
 * Reads the picks of @fl from @path into @pick.  Returns 1 when all three
 * are there, 0 when the file is missing or lacks this flush's picks, -1
 * (and @why) when it is corrupt or foreign.  @others gets the file's
 * pick lines of other flushes, to keep when it is rewritten.
 */
static int read_cache(const char *path, const char *key, enum dx_flush fl,
		      const struct copy_kernel *pick[CK_COUNT], char *date,
		      size_t datelen, char *others, size_t olen, char *why,
		      size_t whylen)
{
	FILE *f = fopen(path, "r");
	char line[600], kind[32], flush[32], name[64], wn[160];
	size_t oused = 0;
	int lineno = 0, found = 0;

	others[0] = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		const struct copy_kernel *e;
		int k;

		lineno++;
		line[strcspn(line, "\n")] = 0;
		if (lineno == 1 && strcmp(line, RANK_MAGIC)) {
			snprintf(why, whylen, "line 1 is not '%s'", RANK_MAGIC);
			goto bad;
		}
		if (lineno == 2 && (strncmp(line, "cpu: ", 5) ||
				    strcmp(line + 5, key))) {
			snprintf(why, whylen, "made for another CPU or "
				 "microcode ('%.120s')", line);
			goto bad;
		}
		if (lineno <= 2)
			continue;
		if (sscanf(line, "pick %31s %31s %63s", kind, flush, name) != 3 ||
		    (k = kind_parse(kind, strlen(kind))) < 0 ||
		    !(e = copy_kernel_find(name)) || (int)e->kind != k ||
		    strcmp(flush, group_flush(k, e->flush))) {
			snprintf(why, whylen, "line %d is not a pick of a "
				 "known kernel: '%.80s'", lineno, line);
			goto bad;
		}
		if (copy_kernel_why_not(e, wn, sizeof(wn))) {
			snprintf(why, whylen, "line %d names %s, which cannot "
				 "run here: %s", lineno, name, wn);
			goto bad;
		}
		if (strcmp(flush, group_flush(k, fl))) {
			oused += snprintf(others + oused, oused < olen ?
					  olen - oused : 0, "%s\n", line);
			continue;
		}
		if (!pick[k])
			found++;
		pick[k] = e;
		if (strstr(line, " date="))
			snprintf(date, datelen, "%.24s",
				 strstr(line, " date=") + 6);
	}
	fclose(f);
	if (lineno < 2) {
		snprintf(why, whylen, "it is truncated (%d lines)", lineno);
		return -1;
	}
	return found == CK_COUNT;
bad:
	fclose(f);
	return -1;
}

static void write_cache(const char *path, const char *key,
			const char *others, const struct cand *win[CK_COUNT],
			enum dx_flush fl, double ms, const char *date,
			void (*notice)(void *, const char *), void *arg)
{
	char tmp[700], line[800];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		snprintf(line, sizeof(line), "copy ranking not cached: %s: %s",
			 tmp, strerror(errno));
		say(notice, arg, line);
		return;
	}
	fprintf(f, "%s\ncpu: %s\n%s", RANK_MAGIC, key, others);
	for (int k = 0; k < CK_COUNT; k++)
		fprintf(f, "pick %s %s %s 4k=%.2f 16m=%.2f ms=%.0f date=%s\n",
			copy_kind_name(k), group_flush(k, fl), win[k]->k->name,
			win[k]->g_small, win[k]->g_big, ms, date);
	if (fclose(f) || rename(tmp, path)) {
		snprintf(line, sizeof(line), "copy ranking not cached: %s: %s",
			 path, strerror(errno));
		say(notice, arg, line);
		unlink(tmp);
	}
}

/* ---- the calibration ---------------------------------------------------- */

/* Populated at mmap: no page fault lands in a timed call.  (Huge pages
 * were tried: with MADV_HUGEPAGE the set-up took 7 to 124 ms here, the
 * kernel compacting memory for them; MAP_POPULATE takes about 15.) */
static void *map_buf(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static double gibs(double bytes, double ms)
{
	return ms > 0 ? bytes / (ms * 1e-3) / (1 << 30) : 0;
}

/* One round of one candidate: 4 KiB calls walking the ring, then one
 * 16 MiB call into the next slot; each cell keeps its best round. */
static void measure_one(struct cand *c, const char *src, char *ring,
			size_t *at, size_t *slot)
{
	double t0, t;

	t0 = now_ms();
	for (int j = 0; j < SMALL_CALLS; j++) {
		if (*at + SMALL > RING)
			*at = 0;
		c->k->copy(ring + *at, src, SMALL, 0);
		*at += SMALL;
	}
	t = gibs((double)SMALL * SMALL_CALLS, now_ms() - t0);
	if (t > c->g_small)
		c->g_small = t;
	*slot = (*slot + 1) % (RING / BIG);
	t0 = now_ms();
	c->k->copy(ring + *slot * BIG, src, BIG, 0);
	t = gibs(BIG, now_ms() - t0);
	if (t > c->g_big)
		c->g_big = t;
}

/*
 * Measures every candidate of @c (n of them, grouped by kind), rounds
 * interleaved.
 * Returns the rounds done, or -ENOMEM.
 */
static const struct cand *winner(const struct cand *c, int n,
				 const struct copy_kernel *stat);

/*
 * Head to head: @w (the first stage's winner) against @st (the static
 * rank's kernel), CONFIRM paired rounds, alternating which goes first.
 * True when @w still scores HYSTERESIS above @st on these rounds alone.
 */
static bool confirm(const struct cand *w, const struct cand *st,
		    const char *src, char *ring, size_t *at, size_t *slot)
{
	struct cand two[2] = { { .k = w->k }, { .k = st->k } };

	for (int r = 0; r < CONFIRM; r++)
		for (int q = 0; q < 2; q++)
			measure_one(&two[(q + r) % 2], src, ring, at, slot);
	return winner(two, 2, st->k) == &two[0];
}

static int measure(struct cand *c, int n, const struct copy_kernel *stat[CK_COUNT],
		   const struct cand *pick[CK_COUNT], int *confirmed,
		   double *spent_ms, double *setup_ms)
{
	double t_start = now_ms(), t_round = 0;
	char *src = map_buf(BIG), *ring = map_buf(RING);
	size_t at = 0, slot = 0;
	int r;


	if (!src || !ring) {
		if (src)
			munmap(src, BIG);
		if (ring)
			munmap(ring, RING);
		return -ENOMEM;
	}
	for (size_t i = 0; i < BIG; i += 8)
		*(uint64_t *)(src + i) = i * 0x9e3779b97f4a7c15ull;
	*setup_ms = now_ms() - t_start;
	for (r = 0; r < ROUNDS; r++) {
		double t = now_ms();

		/* One round always runs; another only if it fits and leaves
		 * CONFIRM_MS for the rematches (three kinds, two kernels,
		 * CONFIRM rounds: about 10 ms each here). */
		if (r && t + (t - t_round) / r - t_start > BUDGET_MS - CONFIRM_MS)
			break;
		if (!r)
			t_round = t;
		for (int g = 0; g < n; ) {
			int e = g;	/* [g, e): one kind */

			while (e < n && c[e].k->kind == c[g].k->kind)
				e++;
			/* Untimed: the group does not pay for the dirty lines
			 * a cached kernel before it left in the cache. */
			slot = (slot + 1) % (RING / BIG);
			c[g].k->copy(ring + slot * BIG, src, BIG, 0);
			/* Rotated each round, so no kernel is always first. */
			for (int q = 0; q < e - g; q++)
				measure_one(&c[g + (q + r) % (e - g)], src, ring,
					    &at, &slot);
			g = e;
		}
	}
	/* Each kind: the winner, and - when it is not the static rank's
	 * kernel - a head-to-head confirmation, so noise in one round does
	 * not change the kernel every later run uses. */
	*confirmed = 0;
	for (int k = 0; k < CK_COUNT; k++) {
		int g = 0, e;
		const struct cand *w, *st = NULL;

		while (g < n && (int)c[g].k->kind != k)
			g++;
		for (e = g; e < n && (int)c[e].k->kind == k; e++)
			if (c[e].k == stat[k])
				st = &c[e];
		pick[k] = NULL;
		if (g == e)
			continue;
		w = winner(c + g, e - g, stat[k]);
		if (st && w != st && !confirm(w, st, src, ring, &at, &slot))
			w = st;
		else if (st && w != st)
			(*confirmed)++;
		pick[k] = w;
	}
	munmap(src, BIG);
	munmap(ring, RING);
	*spent_ms = now_ms() - t_start;
	return r;
}

/*
 * The winner of one kind: the best min(ratio at 4 KiB, ratio at 16 MiB).
 * It displaces @stat, the kernel the static rank would use, only when its
 * score is at least HYSTERESIS higher: kernels within noise of each other
 * (a few per cent on a shared machine) do not flip the choice from one
 * calibration to the next.
 */
#define HYSTERESIS	0.03

int copy_rank_winner(const double *g_small, const double *g_big, int n,
		     int stat)
{
	double b_small = 0, b_big = 0, best = -1, sc[64];
	int w = -1;

	if (n <= 0 || n > 64)
		return -1;
	for (int i = 0; i < n; i++) {
		if (g_small[i] > b_small)
			b_small = g_small[i];
		if (g_big[i] > b_big)
			b_big = g_big[i];
	}
	for (int i = 0; i < n; i++) {
		double a = b_small > 0 ? g_small[i] / b_small : 0;
		double b = b_big > 0 ? g_big[i] / b_big : 0;

		sc[i] = a < b ? a : b;
		if (sc[i] > best + 1e-9) {
			best = sc[i];
			w = i;
		}
	}
	if (stat >= 0 && stat < n && sc[stat] + HYSTERESIS > best)
		return stat;
	return w;
}

static const struct cand *winner(const struct cand *c, int n,
				 const struct copy_kernel *stat)
{
	double gs[64], gb[64];
	int st = -1, w;

	for (int i = 0; i < n && i < 64; i++) {
		gs[i] = c[i].g_small;
		gb[i] = c[i].g_big;
		if (c[i].k == stat)
			st = i;
	}
	w = copy_rank_winner(gs, gb, n, st);
	return w < 0 ? NULL : &c[w];
}

/* Candidates: runnable kernels of every kind with the chosen flush. */
static int candidates(enum dx_flush fl, struct cand *c, int max)
{
	int n = 0;

	for (unsigned i = 0; i < n_copy_kernels && n < max; i++) {
		const struct copy_kernel *e = &copy_kernels[i];

		if (copy_kernel_runnable(e) &&
		    (e->kind == CK_CACHED || e->flush == fl))
			c[n++] = (struct cand){ .k = e };
	}
	return n;
}


static int rank_uncached(struct pm_kset *ks, const bool done[CK_COUNT],
			 bool again, void (*notice)(void *, const char *),
			 void *arg)
{
	const struct copy_kernel *pick[CK_COUNT] = { NULL };
	const struct cand *win[CK_COUNT];
	const struct copy_kernel *stat[CK_COUNT];
	struct cand c[64];
	int confirmed = 0;
	char key[400], path[600] = "", date[32] = "", others[2048] = "";
	char why[400], line[1100];
	int n, rc, have = 0, path_rc;
	double ms = 0, setup = 0;

	cpu_key(key, sizeof(key));
	path_rc = cache_path(key, path, sizeof(path));
	if (!path_rc && !again) {
		have = read_cache(path, key, ks->cpu.flush, pick, date,
				  sizeof(date), others, sizeof(others), why,
				  sizeof(why));
		if (have < 0) {
			snprintf(line, sizeof(line), "copy ranking %s: %s; it "
				 "will be measured again", path, why);
			say(notice, arg, line);
			others[0] = 0;
		}
	}
	if (have == 1) {
		for (int k = 0; k < CK_COUNT; k++)
			if (!done[k])
				set_kind(ks, k, pick[k], "cached ranking");
		snprintf(ks->rank_note, sizeof(ks->rank_note), "ranking of %s "
			 "in %s", date, path);
		return 0;
	}

	n = candidates(ks->cpu.flush, c, 64);
	for (int k = 0; k < CK_COUNT; k++)
		stat[k] = copy_kernel_get(k, ks->cpu.isa, ks->cpu.flush);
	rc = measure(c, n, stat, win, &confirmed, &ms, &setup);
	if (rc <= 0) {
		snprintf(ks->rank_note, sizeof(ks->rank_note), "calibration "
			 "could not run (%s): static rank", strerror(-rc));
		return 0;
	}
	for (int k = 0; k < CK_COUNT; k++) {
		if (!win[k]) {
			snprintf(ks->rank_note, sizeof(ks->rank_note),
				 "calibration found no runnable %s kernel: "
				 "static rank", copy_kind_name(k));
			return 0;
		}
		if (!done[k])
			set_kind(ks, k, win[k]->k, "measured");
	}
	ks->calib_ms = ms;
	if (getenv("DAXBENCH_RANK_DEBUG"))	/* every figure, for a reader */
		for (int i = 0; i < n; i++)
			fprintf(stderr, "rank: %-24s 4k %6.2f 16m %6.2f GiB/s\n",
				c[i].k->name, c[i].g_small, c[i].g_big);
	{
		time_t t = time(NULL);
		struct tm tm;

		strftime(date, sizeof(date), "%Y-%m-%dT%H:%MZ",
			 gmtime_r(&t, &tm));
	}
	if (path_rc) {
		snprintf(ks->rank_note, sizeof(ks->rank_note), "calibration "
			 "of %.0f ms (%.0f ms set-up, %d rounds); not cached "
			 "(no HOME or XDG_CACHE_HOME, or: %s)", ms, setup, rc,
			 strerror(-path_rc));
		return 0;
	}
	write_cache(path, key, others, win, ks->cpu.flush, ms, date, notice,
		    arg);
	snprintf(ks->rank_note, sizeof(ks->rank_note), "calibration of %.0f "
		 "ms (%.0f ms set-up, %d rounds of %d kernels, %d challenger(s) "
		 "confirmed), cached in %s", ms, setup, rc, n, confirmed, path);
	return 0;
}

/*
 * The ranking does not change inside a process: the first mount reads the
 * cache file (or calibrates), later mounts - the explorer and the fuzzers
 * mount thousands of times - take this copy, per flush instruction, with
 * no file I/O.  Kept only when the ranking chose all three kinds.
 */
static struct {
	pthread_mutex_t		lock;
	bool			have[DX_FLUSH_COUNT];
	struct pm_kset		ks[DX_FLUSH_COUNT];
} memo = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int rank(struct pm_kset *ks, const bool done[CK_COUNT], bool again,
		void (*notice)(void *, const char *), void *arg)
{
	enum dx_flush fl = ks->cpu.flush;
	bool none_done = !done[CK_NT] && !done[CK_CACHED_FLUSH] &&
			 !done[CK_CACHED];
	int rc;

	pthread_mutex_lock(&memo.lock);
	if (!again && memo.have[fl]) {
		const struct pm_kset *m = &memo.ks[fl];

		if (!done[CK_NT])
			set_kind(ks, CK_NT, m->nt, m->how[CK_NT]);
		if (!done[CK_CACHED_FLUSH])
			set_kind(ks, CK_CACHED_FLUSH, m->cached_flush,
				 m->how[CK_CACHED_FLUSH]);
		if (!done[CK_CACHED])
			set_kind(ks, CK_CACHED, m->cached, m->how[CK_CACHED]);
		snprintf(ks->rank_note, sizeof(ks->rank_note), "%s",
			 m->rank_note);
		pthread_mutex_unlock(&memo.lock);
		return 0;
	}
	rc = rank_uncached(ks, done, again, notice, arg);
	if (!rc && none_done) {
		memo.ks[fl] = *ks;
		memo.have[fl] = true;
	}
	pthread_mutex_unlock(&memo.lock);
	return rc;
}

int pm_kset_choose(struct pm_kset *ks, const struct cpu_choice *c,
		   const char *copy_opt,
		   void (*notice)(void *arg, const char *line), void *arg,
		   char *err, size_t errlen)
{
	const char *env = getenv("DAXBENCH_COPY");
	const char *cal = getenv("DAXBENCH_CALIBRATE");
	bool done[CK_COUNT] = { false }, all = true, again = false;
	int rc;

	pm_kset_init(ks, c);
	if (cal && *cal && strcmp(cal, "on") && strcmp(cal, "off") &&
	    strcmp(cal, "again")) {
		snprintf(err, errlen, "DAXBENCH_CALIBRATE: '%s' is not on, off "
			 "or again", cal);
		return -EINVAL;
	}
	/* The environment first, so the option wins for a kind both name. */
	if (env && *env && (rc = apply_list(ks, env, "env DAXBENCH_COPY",
					     done, err, errlen)))
		return rc;
	if (copy_opt && *copy_opt &&
	    (rc = apply_list(ks, copy_opt, "option", done, err, errlen)))
		return rc;
	for (int k = 0; k < CK_COUNT; k++)
		all = all && done[k];
	if (all)
		return 0;
	if (strcmp(c->isa_from, "probe")) {
		for (int k = 0; k < CK_COUNT; k++)
			if (!done[k])
				snprintf(ks->how[k], sizeof(ks->how[k]),
					 "override (%s)", c->isa_from);
		return 0;
	}
	if (cal && !strcmp(cal, "off")) {
		snprintf(ks->rank_note, sizeof(ks->rank_note), "calibration "
			 "off (DAXBENCH_CALIBRATE=off)");
		return 0;
	}
	again = cal && !strcmp(cal, "again");
	return rank(ks, done, again, notice, arg);
}

void pm_kset_describe_choice(FILE *out, const struct pm_kset *ks)
{
	fprintf(out, "kernel choice: nt %s, cached+flush %s, cached %s",
		ks->how[CK_NT], ks->how[CK_CACHED_FLUSH], ks->how[CK_CACHED]);
	if (ks->rank_note[0])
		fprintf(out, " (%s)", ks->rank_note);
	fprintf(out, "\n");
}
