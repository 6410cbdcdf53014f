// SPDX-License-Identifier: MIT
/*
 * test_copy.c - the copy-kernel table (ref/copy_table.c) and every
 * runnable kernel's copy and zero.
 *
 * Results are checked against byte loops over known patterns, never
 * against another kernel.  The instruction-count cases single-step a
 * child with ptrace and count the SFENCE / CLFLUSH / CLFLUSHOPT / CLWB
 * instructions it really executes, which is how "one fence per call" and
 * "every line flushed" are tested.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "copy.h"
#include "copy_rank.h"
#include "../harness.h"

#define GUARD	128		/* checked bytes either side of a call */
#define MAXLEN	(2u << 20)

/* The loop body runs for each kernel this CPU can run. */
#define FOR_EACH_RUNNABLE(k)						\
	for (const struct copy_kernel *k = copy_kernels;		\
	     k < copy_kernels + n_copy_kernels; k++)			\
		if (!copy_kernel_runnable(k))				\
			continue;					\
		else

static unsigned char src_byte(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 8) + 3);
}

static bool under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "vgpreload");
}

/* ---- table ---------------------------------------------------------- */

TEST(table_has_every_combination_once)
{
	char want[64];
	unsigned n = 0;

	for (int k = 0; k < CK_COUNT; k++)
	for (int i = 0; i < DX_ISA_COUNT; i++)
	for (int f = 0; f < DX_FLUSH_COUNT; f++) {
		const struct copy_kernel *e = NULL;
		int hits = 0;

		if (k == CK_CACHED && f > 0)
			continue;
		if (k == CK_NT)
			snprintf(want, sizeof(want), "nt-%s+%s",
				 dx_isa_name(i), dx_flush_name(f));
		else if (k == CK_CACHED_FLUSH)
			snprintf(want, sizeof(want), "cached-%s+%s",
				 dx_isa_name(i), dx_flush_name(f));
		else
			snprintf(want, sizeof(want), "cached-%s",
				 dx_isa_name(i));
		for (unsigned j = 0; j < n_copy_kernels; j++) {
			const struct copy_kernel *c = &copy_kernels[j];

			if (!c->stands_for && (int)c->kind == k &&
			    (int)c->isa == i &&
			    (k == CK_CACHED || (int)c->flush == f)) {
				hits++;
				e = c;
			}
		}
		REQUIRE(hits == 1, "%s: %d entries", want, hits);
		CHECK(!strcmp(e->name, want), "entry for %s is named %s", want,
		      e->name);
		CHECK(e->copy && e->zero, "%s lacks a function", e->name);
		CHECK(copy_kernel_get(k, i, f) == e, "copy_kernel_get(%s)",
		      want);
		n++;
	}
	for (unsigned j = 0; j < n_copy_kernels; j++)
		n += copy_kernels[j].stands_for != NULL;
	CHECK(n == n_copy_kernels, "%u combinations and kernel copies, %u "
	      "entries", n, n_copy_kernels);
}

/* The kernel's own copies: each body in each kind it has, every flush,
 * baseline ISA, and the Linux function it stands for named. */
TEST(kernel_copies_are_in_the_table)
{
	static const struct { const char *body; bool nt, cached; } v[] = {
		{ "movsb", false, true }, { "movsq", false, true },
		{ "movq", false, true }, { "movnti", true, false },
	};
	char name[64];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const struct copy_kernel *e;

		snprintf(name, sizeof(name), "cached-%s", v[i].body);
		e = copy_kernel_find(name);
		CHECK(!!e == v[i].cached, "%s: %s", name, e ? "found" : "absent");
		for (int f = 0; f < DX_FLUSH_COUNT; f++) {
			snprintf(name, sizeof(name), "%s-%s+%s",
				 v[i].nt ? "nt" : "cached", v[i].body,
				 dx_flush_name(f));
			e = copy_kernel_find(name);
			REQUIRE(e, "%s is not in the table", name);
			CHECK(e->stands_for && strstr(e->stands_for, "()"),
			      "%s names no Linux function", name);
			CHECK(e->isa == DX_ISA_SSE2 && !strcmp(e->body,
			      v[i].body) && (int)e->flush == f,
			      "%s: isa %d body %s", name, e->isa, e->body);
			CHECK(e->kind == (v[i].nt ? CK_NT : CK_CACHED_FLUSH),
			      "%s: kind %s", name, copy_kind_name(e->kind));
		}
	}
}

/* The calibration's rule (copy_rank.c), on made-up figures. */
TEST(rank_rule_balances_sizes_and_keeps_the_static_kernel_on_noise)
{
	/* 0 wins at 4 KiB, 1 at 16 MiB, 2 is never best but never far. */
	double s1[] = { 10.0, 7.0, 9.6 }, b1[] = { 8.0, 12.0, 11.6 };
	/* 1 beats the static 0 by 2% at both sizes: noise, 0 stays. */
	double s2[] = { 10.0, 10.2 }, b2[] = { 12.0, 12.24 };
	/* by 5%: the challenger wins. */
	double s3[] = { 10.0, 10.5 }, b3[] = { 12.0, 12.6 };

	CHECK(copy_rank_winner(s1, b1, 3, -1) == 2, "balanced kernel: %d",
	      copy_rank_winner(s1, b1, 3, -1));
	CHECK(copy_rank_winner(s2, b2, 2, 0) == 0, "2%% is noise: %d",
	      copy_rank_winner(s2, b2, 2, 0));
	CHECK(copy_rank_winner(s2, b2, 2, -1) == 1, "no static: the best");
	CHECK(copy_rank_winner(s3, b3, 2, 0) == 1, "5%% wins: %d",
	      copy_rank_winner(s3, b3, 2, 0));
	CHECK(copy_rank_winner(s1, b1, 0, -1) == -1, "n = 0");
}

/* A second choice in the same process reuses the first's ranking: no
 * calibration and no cache file (it is removed in between). */
TEST(ranking_is_reused_inside_a_process)
{
	char dir[] = "/tmp/daxbench-rank.XXXXXX", cmd[128], err[256];
	struct pm_kset a, b;
	struct cpu_choice c;

	if (under_valgrind())
		SKIP("a calibration under valgrind outlasts the case");
	REQUIRE(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	setenv("XDG_CACHE_HOME", dir, 1);
	setenv("DAXBENCH_CALIBRATE", "on", 1);
	unsetenv("DAXBENCH_COPY");
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	REQUIRE_OK(pm_kset_choose(&a, &c, NULL, NULL, NULL, err, sizeof(err)));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	REQUIRE(system(cmd) == 0, "%s", cmd);
	REQUIRE_OK(pm_kset_choose(&b, &c, NULL, NULL, NULL, err, sizeof(err)));
	CHECK(a.nt == b.nt && a.cached_flush == b.cached_flush &&
	      a.cached == b.cached, "second choice differs: %s/%s",
	      a.nt->name, b.nt->name);
	CHECK(!strcmp(a.how[CK_NT], b.how[CK_NT]), "how: %s vs %s",
	      a.how[CK_NT], b.how[CK_NT]);
	CHECK(b.calib_ms == 0, "calibrated again (%.0f ms)", b.calib_ms);
	setenv("DAXBENCH_CALIBRATE", "off", 1);
}

TEST(names_are_unique_and_found)
{
	for (unsigned i = 0; i < n_copy_kernels; i++) {
		const char *name = copy_kernels[i].name;

		for (unsigned j = i + 1; j < n_copy_kernels; j++)
			CHECK(strcmp(name, copy_kernels[j].name), "%s twice",
			      name);
		CHECK(copy_kernel_find(name) == &copy_kernels[i],
		      "copy_kernel_find(%s)", name);
	}
	CHECK(!copy_kernel_find("nt-avx3+clwb"), "found a bogus name");
	CHECK(!copy_kernel_find(""), "found the empty name");
	CHECK(!copy_kernel_find(NULL), "found NULL");
	CHECK(!strcmp(copy_kind_name(CK_NT), "nt") &&
	      !strcmp(copy_kind_name(CK_CACHED), "cached"), "kind names");
}

TEST(runnable_follows_the_probe)
{
	const struct cpu_caps *c;
	char why[160];

	setenv("DAXBENCH_CPU_HIDE", "clwb", 1);
	c = cpu_caps();
	for (unsigned i = 0; i < n_copy_kernels; i++) {
		const struct copy_kernel *k = &copy_kernels[i];
		bool want = c->isa[k->isa] &&
			    (k->kind == CK_CACHED || c->flush[k->flush]);
		const char *w = copy_kernel_why_not(k, why, sizeof(why));

		CHECK(copy_kernel_runnable(k) == want, "%s runnable %d",
		      k->name, !want);
		CHECK(!w == want, "%s: why_not '%s'", k->name, w);
		if (k->kind != CK_CACHED && k->flush == DX_FLUSH_CLWB)
			CHECK(!copy_kernel_runnable(k) && w &&
			      strstr(w, "clwb"), "%s with clwb hidden: %s",
			      k->name, w);
	}
	CHECK(copy_kernel_runnable(copy_kernel_find("cached-sse2")),
	      "cached-sse2 needs nothing but SSE2");
}

TEST(kset_matches_the_choice)
{
	struct cpu_choice c;
	struct pm_kset ks;
	char err[256];

	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	pm_kset_init(&ks, &c);
	REQUIRE(ks.nt && ks.cached_flush && ks.cached && ks.flush,
		"a NULL member");
	CHECK(ks.nt->kind == CK_NT && ks.nt->isa == c.isa &&
	      ks.nt->flush == c.flush, "nt is %s", ks.nt->name);
	CHECK(ks.cached_flush->kind == CK_CACHED_FLUSH &&
	      ks.cached_flush->isa == c.isa &&
	      ks.cached_flush->flush == c.flush, "cached_flush is %s",
	      ks.cached_flush->name);
	CHECK(ks.cached->kind == CK_CACHED && ks.cached->isa == c.isa,
	      "cached is %s", ks.cached->name);
	CHECK(ks.flush == pm_flush_fn_for(c.flush), "flush fn");
	CHECK(copy_kernel_runnable(ks.nt) &&
	      copy_kernel_runnable(ks.cached_flush) &&
	      copy_kernel_runnable(ks.cached), "kset not runnable");
	CHECK(ks.cpu.isa == c.isa && ks.cpu.flush == c.flush, "cpu copy");
}

TEST(flush_primitives_keep_data)
{
	unsigned char *buf = aligned_alloc(64, 4096);

	REQUIRE(buf, "alloc");
	for (int i = 0; i < 4096; i++)
		buf[i] = (unsigned char)(i * 13 + 1);
	CHECK(!pm_flush_fn_for(DX_FLUSH_COUNT), "flush for a bad value");
	for (int f = 0; f < DX_FLUSH_COUNT; f++) {
		pm_flush_fn fn = pm_flush_fn_for(f);

		if (!cpu_caps()->flush[f])
			continue;
		REQUIRE(fn, "no flush fn for %s", dx_flush_name(f));
		fn(buf, 0);
		fn(buf + 3, 1);
		fn(buf + 60, 10);
		fn(buf + 1, 4000);
		pm_fence();
	}
	for (int i = 0; i < 4096; i++)
		REQUIRE(buf[i] == (unsigned char)(i * 13 + 1),
			"byte %d changed by a flush", i);
	free(buf);
}

/* ---- correctness ------------------------------------------------------ */

/* dst: GUARD + 64 (alignment) + len + GUARD, from a pattern copy. */
struct bufs {
	unsigned char	*dst, *pat, *src;
	size_t		size;
};

static void bufs_init(struct bufs *b, size_t maxlen)
{
	b->size = GUARD + 64 + maxlen + GUARD;
	b->dst = aligned_alloc(4096, (b->size + 4095) & ~4095ul);
	b->pat = aligned_alloc(4096, (b->size + 4095) & ~4095ul);
	b->src = aligned_alloc(4096, (maxlen + 64 + 4095) & ~4095ul);
	for (size_t i = 0; i < b->size; i++)
		b->pat[i] = (unsigned char)(0xa5 ^ (i * 29));
	for (size_t i = 0; i < maxlen + 64; i++)
		b->src[i] = src_byte(i);
	memcpy(b->dst, b->pat, b->size);
}

static void bufs_free(struct bufs *b)
{
	free(b->dst);
	free(b->pat);
	free(b->src);
}

/*
 * Checks [GUARD + da - GUARD, GUARD + da + len + GUARD) of dst: the copied
 * (or zeroed, when !src) bytes and the untouched pattern around them, with
 * plain byte loops.  Restores the pattern.  Returns the first bad offset
 * relative to dst + GUARD + da, or INT64_MIN when all is well.
 */
static int64_t verify(struct bufs *b, size_t da, const unsigned char *src,
		      size_t len)
{
	unsigned char *d = b->dst + GUARD + da, *p = b->pat + GUARD + da;
	unsigned diff = 0;

	for (size_t i = 0; i < len; i++)
		diff |= d[i] ^ (src ? src[i] : 0);
	for (size_t i = 1; i <= GUARD; i++)
		diff |= (d[-(ptrdiff_t)i] ^ p[-(ptrdiff_t)i]) |
			(d[len + i - 1] ^ p[len + i - 1]);
	if (diff) {
		for (ptrdiff_t i = -GUARD; i < (ptrdiff_t)(len + GUARD); i++) {
			unsigned char want = i >= 0 && (size_t)i < len ?
				(src ? src[i] : 0) : p[i];

			if (d[i] != want)
				return i;
		}
	}
	memcpy(d, p, len);
	return INT64_MIN;
}

static bool whole_dst_intact(const struct bufs *b)
{
	return !memcmp(b->dst, b->pat, b->size);
}

static int n_runnable(void)
{
	int n = 0;

	FOR_EACH_RUNNABLE(k)
		n++;
	return n;
}

static void copy_case(const struct copy_kernel *k, struct bufs *b,
		      size_t da, size_t sa, size_t len, unsigned flags)
{
	int64_t bad;

	k->copy(b->dst + GUARD + da, b->src + sa, len, flags);
	bad = verify(b, da, b->src + sa, len);
	if (bad != INT64_MIN)
		t_fail(__FILE__, __LINE__, "%s copy dst%%64=%zu src%%64=%zu "
		       "len=%zu flags=%u: byte %lld wrong%s", k->name, da, sa,
		       len, flags, (long long)bad, bad < 0 ||
		       (size_t)bad >= len ? " (outside the range)" : "");
}

static void zero_case(const struct copy_kernel *k, struct bufs *b,
		      size_t da, size_t len, unsigned flags)
{
	int64_t bad;

	k->zero(b->dst + GUARD + da, len, flags);
	bad = verify(b, da, NULL, len);
	if (bad != INT64_MIN)
		t_fail(__FILE__, __LINE__, "%s zero dst%%64=%zu len=%zu "
		       "flags=%u: byte %lld wrong%s", k->name, da, len, flags,
		       (long long)bad, bad < 0 || (size_t)bad >= len ?
		       " (outside the range)" : "");
}

static bool src_intact(const struct bufs *b, size_t maxlen)
{
	for (size_t i = 0; i < maxlen + 64; i++)
		if (b->src[i] != src_byte(i))
			return false;
	return true;
}

/*
 * The flush variants of one (kind, ISA) share every data-moving line of
 * code; only the flush instruction differs.  One of them - the best flush
 * this CPU has - gets the full cross product below; the others get a
 * covering set (see copy_every_alignment_and_small_length).
 */
static bool exhaustive(const struct copy_kernel *k)
{
	const struct cpu_caps *c = cpu_caps();
	int best = DX_FLUSH_COUNT - 1;

	while (best > 0 && !c->flush[best])
		best--;
	return k->kind == CK_CACHED || (int)k->flush == best;
}

/*
 * Every dst alignment 0..63 x every length 0..300.  For the exhaustive
 * kernels also every src alignment 0..63 (1.2 M calls each); for the
 * other flush variants four src alignments per (dst, length), chosen so
 * that every (dst, src), (src, length) and (dst, length) pair still
 * occurs.  Each call is a memory round trip (NT stores and flushes evict
 * the lines), so the full cube for all 18 flushing kernels would take
 * half a minute.
 */
TEST(copy_every_alignment_and_small_length)
{
	struct bufs b;

	REQUIRE(n_runnable() > 0, "no runnable kernel");
	bufs_init(&b, 300);
	FOR_EACH_RUNNABLE(k) {
		bool all = exhaustive(k);

		for (size_t da = 0; da < 64; da++)
			for (size_t len = 0; len <= 300; len++) {
				if (all) {
					for (size_t sa = 0; sa < 64; sa++)
						copy_case(k, &b, da, sa, len, 0);
					continue;
				}
				copy_case(k, &b, da, (da + len) % 64, len, 0);
				copy_case(k, &b, da, (da * 7 + len * 3 + 1) % 64,
					  len, 0);
				copy_case(k, &b, da, (len * 5 + 32) % 64, len,
					  0);
				copy_case(k, &b, da, 63 - da, len, 0);
			}
		REQUIRE(whole_dst_intact(&b), "%s wrote far outside", k->name);
		REQUIRE(src_intact(&b, 300), "%s changed its source", k->name);
		if (t_failed_here)
			return;
	}
	bufs_free(&b);
}

static const size_t big_lens[] = {
	511, 512, 513, 767, 768, 1023, 1024, 1025, 2047, 2048, 4095, 4096,
	4097, 65536 + 33, (1u << 20) + 5, MAXLEN,
};
static const size_t some_aligns[] = { 0, 1, 8, 16, 31, 32, 33, 63 };
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Fewer alignments from 64 KiB up: those calls move megabytes. */
static size_t n_aligns(size_t len)
{
	return len < 65536 ? N(some_aligns) : 2;
}

TEST(copy_large_sizes)
{
	struct bufs b;

	bufs_init(&b, MAXLEN);
	FOR_EACH_RUNNABLE(k) {
		for (size_t l = 0; l < N(big_lens); l++)
			for (size_t d = 0; d < n_aligns(big_lens[l]); d++)
				for (size_t s = 0; s < n_aligns(big_lens[l]);
				     s += 3)
					copy_case(k, &b, some_aligns[7 - d],
						  some_aligns[s], big_lens[l],
						  0);
		REQUIRE(whole_dst_intact(&b), "%s wrote far outside", k->name);
		REQUIRE(src_intact(&b, MAXLEN), "%s changed its source",
			k->name);
		if (t_failed_here)
			return;
	}
	bufs_free(&b);
}

TEST(zero_every_alignment_and_length)
{
	struct bufs b;

	bufs_init(&b, MAXLEN);
	FOR_EACH_RUNNABLE(k) {
		for (size_t da = 0; da < 64; da++) {
			for (size_t len = 0; len <= 300; len++)
				zero_case(k, &b, da, len, 0);
			for (size_t l = 0; l < N(big_lens); l++)
				if (big_lens[l] < 65536 || da % 16 == 15)
					zero_case(k, &b, da, big_lens[l], 0);
		}
		REQUIRE(whole_dst_intact(&b), "%s wrote far outside", k->name);
		if (t_failed_here)
			return;
	}
	bufs_free(&b);
}

TEST(nodrain_changes_no_data)
{
	struct bufs b;

	bufs_init(&b, 4200);
	FOR_EACH_RUNNABLE(k) {
		for (size_t da = 0; da < 64; da += 7)
			for (size_t len = 0; len <= 4200; len += 61) {
				copy_case(k, &b, da, 63 - da, len, PM_NODRAIN);
				zero_case(k, &b, da, len, PM_NODRAIN);
			}
		pm_fence();
	}
	CHECK(whole_dst_intact(&b), "wrote far outside");
	bufs_free(&b);
}

/* A few cases per kernel: what valgrind.sh runs (T_FILTER=smoke). */
TEST(smoke_every_runnable_kernel)
{
	struct bufs b;

	bufs_init(&b, 8192);
	FOR_EACH_RUNNABLE(k) {
		for (size_t d = 0; d < N(some_aligns); d++)
			for (size_t len = 0; len <= 8192; len = len * 3 + 1) {
				copy_case(k, &b, some_aligns[d], 5, len, 0);
				zero_case(k, &b, some_aligns[d], len, 0);
			}
	}
	CHECK(whole_dst_intact(&b), "wrote far outside");
	bufs_free(&b);
}

/* ---- instruction counts (ptrace) ------------------------------------ */

enum { I_SFENCE, I_CLFLUSH, I_CLFLUSHOPT, I_CLWB, I_COUNT };

/*
 * Decodes the instruction at @b: SFENCE is NP 0F AE F8; CLFLUSH is
 * NP 0F AE /7, CLFLUSHOPT 66 0F AE /7, CLWB 66 0F AE /6 (memory forms).
 */
static int classify(const unsigned char *b)
{
	bool op66 = false;
	unsigned char modrm;
	int i = 0;

	for (;; i++) {
		if (b[i] == 0x66)
			op66 = true;
		else if (!(b[i] == 0xf2 || b[i] == 0xf3 || b[i] == 0x2e ||
			   b[i] == 0x3e || b[i] == 0x26 || b[i] == 0x36 ||
			   b[i] == 0x64 || b[i] == 0x65 || b[i] == 0x67))
			break;
	}
	if ((b[i] & 0xf0) == 0x40)	/* REX */
		i++;
	if (b[i] != 0x0f || b[i + 1] != 0xae)
		return -1;
	modrm = b[i + 2];
	if ((modrm >> 6) == 3)
		return !op66 && ((modrm >> 3) & 7) == 7 ? I_SFENCE : -1;
	if (((modrm >> 3) & 7) == 7)
		return op66 ? I_CLFLUSHOPT : I_CLFLUSH;
	if (((modrm >> 3) & 7) == 6 && op66)
		return I_CLWB;
	return -1;
}

struct call {
	const struct copy_kernel *k;
	bool		zero;
	size_t		da, len;
	unsigned	flags;
};

#define MAX_CALLS 512
static struct call calls[MAX_CALLS];
static int ncalls;
static unsigned char *pt_dst, *pt_src;

static void child_calls(void)
{
	raise(SIGSTOP);			/* the parent starts counting */
	for (int i = 0; i < ncalls; i++) {
		const struct call *c = &calls[i];

		if (c->zero)
			c->k->zero(pt_dst + c->da, c->len, c->flags);
		else
			c->k->copy(pt_dst + c->da, pt_src + 3, c->len,
				   c->flags);
		raise(SIGSTOP);		/* the end of call i */
	}
	_exit(0);
}

/* What the contract says call @c executes. */
static void expected(const struct call *c, int want[I_COUNT])
{
	int fl = c->k->flush == DX_FLUSH_CLWB ? I_CLWB :
		 c->k->flush == DX_FLUSH_CLFLUSHOPT ? I_CLFLUSHOPT : I_CLFLUSH;
	size_t head = (64 - c->da % 64) % 64, lines;

	memset(want, 0, sizeof(int) * I_COUNT);
	if (head > c->len)
		head = c->len;
	lines = c->len ? (c->da + c->len - 1) / 64 - c->da / 64 + 1 : 0;
	if (!strcmp(c->k->body, "movnti")) {
		/* __copy_user_flushcache(): the bytes before the first
		 * 8-byte boundary and after the last whole word are cached
		 * stores, each run flushed (one line each); words go NT. */
		size_t h8 = (8 - c->da % 8) % 8;

		if (h8 > c->len)
			h8 = c->len;
		want[fl] = (h8 > 0) + ((c->len - h8) % 8 > 0);
		want[I_SFENCE] = !(c->flags & PM_NODRAIN);
		return;
	}
	switch (c->k->kind) {
	case CK_NT:		/* partial head and tail lines only */
		want[fl] = (head > 0) + ((c->len - head) % 64 > 0);
		want[I_SFENCE] = !(c->flags & PM_NODRAIN);
		break;
	case CK_CACHED_FLUSH:	/* every line touched, once */
		want[fl] = lines;
		want[I_SFENCE] = !(c->flags & PM_NODRAIN);
		break;
	default:		/* nothing */
		break;
	}
}

static void add_calls(const struct copy_kernel *k)
{
	static const struct { size_t da, len; unsigned flags; } v[] = {
		{ 0, 4096, 0 },		/* whole lines, one page */
		{ 5, 4096 + 7, 0 },	/* partial head and tail */
		{ 60, 10, 0 },		/* 10 bytes over two lines */
		{ 0, 0, 0 },
		{ 17, 1000, PM_NODRAIN },
	};

	for (size_t i = 0; i < N(v) && ncalls + 2 <= MAX_CALLS; i++)
		for (int z = 0; z < 2; z++)
			calls[ncalls++] = (struct call){ k, z, v[i].da,
							 v[i].len, v[i].flags };
}

TEST(one_fence_per_call_and_flushes_per_contract)
{
	static const char *const iname[I_COUNT] = { "sfence", "clflush",
						    "clflushopt", "clwb" };
	int status, cur = -1, count[I_COUNT] = { 0 };
	pid_t pid;

	if (under_valgrind())
		SKIP("ptrace single-stepping does not work under valgrind");
#if defined(__SANITIZE_ADDRESS__)
	SKIP("AddressSanitizer build: single-stepping every instrumented "
	     "instruction of every kernel outlasts the case's time limit; "
	     "the ordinary build (make test) counts the fences");
#endif
	pt_dst = aligned_alloc(4096, 16384);
	pt_src = aligned_alloc(4096, 16384);
	REQUIRE(pt_dst && pt_src, "alloc");
	memset(pt_src, 0x5a, 16384);
	FOR_EACH_RUNNABLE(k)
		add_calls(k);

	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
			_exit(2);
		child_calls();
	}
	for (;;) {
		struct user_regs_struct regs;
		unsigned char code[24];
		long w;
		int sig, ci;

		if (waitpid(pid, &status, 0) < 0 || !WIFSTOPPED(status))
			break;
		sig = WSTOPSIG(status);
		if (sig == SIGSTOP) {
			if (cur >= 0) {	/* call cur has ended: compare */
				int want[I_COUNT];

				expected(&calls[cur], want);
				for (int k = 0; k < I_COUNT; k++)
					CHECK(count[k] == want[k], "%s %s "
					      "dst%%64=%zu len=%zu flags=%u: "
					      "%d %s, want %d",
					      calls[cur].k->name,
					      calls[cur].zero ? "zero" : "copy",
					      calls[cur].da, calls[cur].len,
					      calls[cur].flags, count[k],
					      iname[k], want[k]);
			}
			cur++;
			memset(count, 0, sizeof(count));
		} else if (sig != SIGTRAP) {
			t_fail(__FILE__, __LINE__, "child stopped by signal "
			       "%d (%s) in call %d", sig, strsignal(sig), cur);
			break;
		} else {
			ptrace(PTRACE_GETREGS, pid, NULL, &regs);
			for (int k = 0; k < 3; k++) {
				w = ptrace(PTRACE_PEEKTEXT, pid,
					   (void *)(regs.rip + 8 * k), NULL);
				memcpy(code + 8 * k, &w, 8);
			}
			ci = classify(code);
			if (ci >= 0)
				count[ci]++;
		}
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL))
			break;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		SKIP("PTRACE_TRACEME refused here (ptrace restricted)");
	CHECK(cur == ncalls, "checked %d of %d calls (child status 0x%x)",
	      cur, ncalls, status);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The decoder the test above relies on, on known encodings. */
TEST(classify_knows_the_encodings)
{
	static const struct { unsigned char b[8]; int want; } v[] = {
		{ { 0x0f, 0xae, 0xf8 }, I_SFENCE },
		{ { 0x0f, 0xae, 0x38 }, I_CLFLUSH },		/* (%rax) */
		{ { 0x41, 0x0f, 0xae, 0x3a }, I_CLFLUSH },	/* (%r10) */
		{ { 0x66, 0x0f, 0xae, 0x39 }, I_CLFLUSHOPT },	/* (%rcx) */
		{ { 0x66, 0x0f, 0xae, 0x31 }, I_CLWB },		/* (%rcx) */
		{ { 0x66, 0x41, 0x0f, 0xae, 0x30 }, I_CLWB },	/* (%r8) */
		{ { 0x0f, 0xae, 0xf0 }, -1 },			/* mfence */
		{ { 0x0f, 0xae, 0xe8 }, -1 },			/* lfence */
		{ { 0x0f, 0xae, 0x30 }, -1 },			/* xsaveopt */
		{ { 0xc5, 0xfd, 0xe7, 0x00 }, -1 },		/* vmovntdq */
	};

	for (size_t i = 0; i < N(v); i++)
		CHECK(classify(v[i].b) == v[i].want, "encoding %zu: %d, want "
		      "%d", i, classify(v[i].b), v[i].want);
}

TEST_MAIN()
