// SPDX-License-Identifier: MIT
/*
 * test_cpu.c - the CPU probe and the ISA / flush choice (ref/cpu.c).
 *
 * Each case runs in a fresh child (harness.h), so setting DAXBENCH_* before
 * the first cpu_caps() call gives that case its own probe.
 */
#include <errno.h>
#include <stdbool.h>

#include "cpu.h"
#include "../harness.h"

static void clean_env(void)
{
	unsetenv("DAXBENCH_ISA");
	unsetenv("DAXBENCH_FLUSH");
	unsetenv("DAXBENCH_CPU_HIDE");
}

/* valgrind preloads its own libraries; its CPUID is synthetic. */
static bool under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");

	return p && strstr(p, "vgpreload");
}

static int best_isa(const struct cpu_caps *c)
{
	int i = DX_ISA_COUNT - 1;

	while (i > 0 && !c->isa[i])
		i--;
	return i;
}

static int best_flush(const struct cpu_caps *c)
{
	int i = DX_FLUSH_COUNT - 1;

	while (i > 0 && !c->flush[i])
		i--;
	return i;
}

static char *describe(const struct cpu_choice *c)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	cpu_describe(f, c);
	fclose(f);
	return buf;
}

TEST(probe_is_consistent)
{
	const struct cpu_caps *c;

	clean_env();
	c = cpu_caps();
	CHECK(c == cpu_caps(), "cpu_caps() is not cached");
	CHECK(c->isa[DX_ISA_SSE2], "SSE2 missing: it is the x86-64 baseline");
	CHECK(c->flush[DX_FLUSH_CLFLUSH], "CLFLUSH missing on x86-64");
	CHECK(c->model[0] && c->model[0] != ' ', "brand string '%s'",
	      c->model);
	CHECK(strlen(c->vendor) == 12, "vendor '%s'", c->vendor);
	CHECK(!c->isa[DX_ISA_AVX512] || c->isa[DX_ISA_AVX2],
	      "AVX-512 granted without AVX2, but -mavx512f code uses AVX2");
	for (int i = 0; i < DX_ISA_COUNT; i++)
		CHECK(!c->isa[i] == !!c->isa_why[i], "isa %s: usable %d, why %s",
		      dx_isa_name(i), c->isa[i], c->isa_why[i]);
	for (int f = 0; f < DX_FLUSH_COUNT; f++)
		CHECK(!c->flush[f] == !!c->flush_why[f],
		      "flush %s: usable %d, why %s", dx_flush_name(f),
		      c->flush[f], c->flush_why[f]);
}

/* The kernel's view (/proc/cpuinfo) is an independent oracle for CPUID. */
TEST(probe_matches_proc_cpuinfo)
{
	static const struct { const char *flag; bool isa; int idx; } m[] = {
		{ "avx2", true, DX_ISA_AVX2 },
		{ "avx512f", true, DX_ISA_AVX512 },
		{ "clflushopt", false, DX_FLUSH_CLFLUSHOPT },
		{ "clwb", false, DX_FLUSH_CLWB },
	};
	char line[8192] = "";
	const struct cpu_caps *c;
	FILE *f;

	if (under_valgrind())
		SKIP("under valgrind CPUID is synthetic and differs from "
		     "/proc/cpuinfo by design");
	clean_env();
	c = cpu_caps();
	f = fopen("/proc/cpuinfo", "r");
	if (!f)
		SKIP("no /proc/cpuinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f) && strncmp(line, "flags", 5))
		;
	fclose(f);
	REQUIRE(!strncmp(line, "flags", 5), "no flags line in /proc/cpuinfo");
	strcat(line, " ");
	for (unsigned i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		char want[32];
		bool kernel_says, probe_says;

		snprintf(want, sizeof(want), " %s ", m[i].flag);
		kernel_says = strstr(line, want) != NULL;
		probe_says = m[i].isa ? c->isa[m[i].idx] : c->flush[m[i].idx];
		CHECK(kernel_says == probe_says, "%s: /proc/cpuinfo says %d, "
		      "probe says %d (%s)", m[i].flag, kernel_says, probe_says,
		      m[i].isa ? c->isa_why[m[i].idx] : c->flush_why[m[i].idx]);
	}
}

TEST(names_round_trip)
{
	enum dx_isa i;
	enum dx_flush f;

	for (int k = 0; k < DX_ISA_COUNT; k++) {
		REQUIRE_OK(dx_isa_parse(dx_isa_name(k), &i));
		CHECK((int)i == k, "isa %d -> %s -> %d", k, dx_isa_name(k), i);
	}
	for (int k = 0; k < DX_FLUSH_COUNT; k++) {
		REQUIRE_OK(dx_flush_parse(dx_flush_name(k), &f));
		CHECK((int)f == k, "flush %d -> %s -> %d", k,
		      dx_flush_name(k), f);
	}
	CHECK(dx_isa_parse("AVX2", &i) == -EINVAL, "names are case-sensitive");
	CHECK(dx_isa_parse("", &i) == -EINVAL, "empty isa name accepted");
	CHECK(dx_flush_parse("clwbx", &f) == -EINVAL, "clwbx accepted");
	CHECK(dx_flush_parse(NULL, &f) == -EINVAL, "NULL accepted");
}

TEST(probe_picks_the_best)
{
	struct cpu_choice c;
	char err[256];

	clean_env();
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	CHECK((int)c.isa == best_isa(cpu_caps()), "isa %s, best usable %s",
	      dx_isa_name(c.isa), dx_isa_name(best_isa(cpu_caps())));
	CHECK((int)c.flush == best_flush(cpu_caps()), "flush %s, best %s",
	      dx_flush_name(c.flush), dx_flush_name(best_flush(cpu_caps())));
	CHECK(!strcmp(c.isa_from, "probe") && !strcmp(c.flush_from, "probe"),
	      "from %s / %s", c.isa_from, c.flush_from);
}

TEST(env_overrides_probe)
{
	struct cpu_choice c;
	char err[256];

	clean_env();
	setenv("DAXBENCH_ISA", "sse2", 1);
	setenv("DAXBENCH_FLUSH", "clflush", 1);
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	CHECK(c.isa == DX_ISA_SSE2 && c.flush == DX_FLUSH_CLFLUSH,
	      "got %s/%s", dx_isa_name(c.isa), dx_flush_name(c.flush));
	CHECK(!strcmp(c.isa_from, "env DAXBENCH_ISA"), "from %s", c.isa_from);
	CHECK(!strcmp(c.flush_from, "env DAXBENCH_FLUSH"), "from %s",
	      c.flush_from);
	CHECK(strstr(describe(&c), "flush: clflush (env DAXBENCH_FLUSH;"),
	      "describe says:\n%s", describe(&c));
}

/* Option > env: needs two usable values on one axis. */
TEST(option_overrides_env)
{
	const struct cpu_caps *caps;
	struct cpu_choice c;
	char err[256];

	clean_env();
	caps = cpu_caps();
	if (caps->isa[DX_ISA_AVX2]) {
		setenv("DAXBENCH_ISA", "avx2", 1);
		REQUIRE_OK(cpu_choose("sse2", NULL, &c, err, sizeof(err)));
		CHECK(c.isa == DX_ISA_SSE2 && !strcmp(c.isa_from, "option"),
		      "option sse2 over env avx2 gave %s from %s",
		      dx_isa_name(c.isa), c.isa_from);
	}
	setenv("DAXBENCH_FLUSH", dx_flush_name(best_flush(caps)), 1);
	REQUIRE_OK(cpu_choose(NULL, "clflush", &c, err, sizeof(err)));
	CHECK(c.flush == DX_FLUSH_CLFLUSH && !strcmp(c.flush_from, "option"),
	      "option clflush over env %s gave %s from %s",
	      getenv("DAXBENCH_FLUSH"), dx_flush_name(c.flush), c.flush_from);
	/* "auto" passes the decision down a level. */
	REQUIRE_OK(cpu_choose("auto", "auto", &c, err, sizeof(err)));
	CHECK(!strcmp(c.flush_from, "env DAXBENCH_FLUSH"),
	      "option auto should defer to env, from %s", c.flush_from);
	setenv("DAXBENCH_FLUSH", "auto", 1);
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	CHECK(!strcmp(c.flush_from, "probe"), "env auto should defer to the "
	      "probe, from %s", c.flush_from);
}

TEST(unknown_names_list_valid_ones)
{
	struct cpu_choice c;
	char err[256] = "";

	clean_env();
	CHECK(cpu_choose("avx1", NULL, &c, err, sizeof(err)) == -EINVAL,
	      "avx1 accepted");
	CHECK(strstr(err, "'avx1'") && strstr(err, "option") &&
	      strstr(err, "avx512 avx2 sse2"), "message: %s", err);

	setenv("DAXBENCH_FLUSH", "clfoo", 1);
	CHECK(cpu_choose(NULL, NULL, &c, err, sizeof(err)) == -EINVAL,
	      "DAXBENCH_FLUSH=clfoo accepted");
	CHECK(strstr(err, "'clfoo'") && strstr(err, "DAXBENCH_FLUSH") &&
	      strstr(err, "clwb clflushopt clflush"), "message: %s", err);
	/* An option wins before the bad env is even looked at. */
	CHECK(cpu_choose(NULL, "clflush", &c, err, sizeof(err)) == 0,
	      "option should override a bad env: %s", err);
}

TEST(hidden_feature_is_not_runnable)
{
	const struct cpu_caps *caps;
	struct cpu_choice c;
	char err[256] = "";

	clean_env();
	setenv("DAXBENCH_CPU_HIDE", "clwb,avx512", 1);
	caps = cpu_caps();
	CHECK(!caps->flush[DX_FLUSH_CLWB] && !caps->isa[DX_ISA_AVX512],
	      "hidden features still usable");
	CHECK(caps->flush[DX_FLUSH_CLFLUSH], "clflush hidden too");
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	CHECK(c.flush != DX_FLUSH_CLWB && c.isa != DX_ISA_AVX512,
	      "probe chose %s/%s", dx_isa_name(c.isa),
	      dx_flush_name(c.flush));

	CHECK(cpu_choose(NULL, "clwb", &c, err, sizeof(err)) == -ENOTSUP,
	      "option clwb accepted on a CPU without it");
	/* "not in CPUID" where the CPU lacks it anyway (valgrind). */
	CHECK(strstr(err, "clwb") && (strstr(err, "hidden by "
	      "DAXBENCH_CPU_HIDE") || strstr(err, "not in CPUID")) &&
	      strstr(err, "available: ") &&
	      !strstr(strstr(err, "available: "), "clwb"), "message: %s", err);

	setenv("DAXBENCH_ISA", "avx512", 1);
	CHECK(cpu_choose(NULL, NULL, &c, err, sizeof(err)) == -ENOTSUP,
	      "env avx512 accepted on a CPU without it");
	CHECK(strstr(err, "env DAXBENCH_ISA"), "message: %s", err);
}

TEST(hiding_avx2_hides_avx512)
{
	clean_env();
	setenv("DAXBENCH_CPU_HIDE", "avx2", 1);
	CHECK(!cpu_caps()->isa[DX_ISA_AVX2] && !cpu_caps()->isa[DX_ISA_AVX512],
	      "avx2 %d avx512 %d", cpu_caps()->isa[DX_ISA_AVX2],
	      cpu_caps()->isa[DX_ISA_AVX512]);
}

TEST(bad_hide_list_is_an_error)
{
	struct cpu_choice c;
	char err[256] = "";

	clean_env();
	setenv("DAXBENCH_CPU_HIDE", "clwb,bogus", 1);
	CHECK(cpu_choose(NULL, NULL, &c, err, sizeof(err)) == -EINVAL,
	      "bogus name in DAXBENCH_CPU_HIDE accepted");
	CHECK(strstr(err, "'bogus'") && strstr(err, "DAXBENCH_CPU_HIDE"),
	      "message: %s", err);
}

TEST(cannot_hide_sse2)
{
	struct cpu_choice c;
	char err[256] = "";

	clean_env();
	setenv("DAXBENCH_CPU_HIDE", "sse2", 1);
	CHECK(cpu_choose(NULL, NULL, &c, err, sizeof(err)) == -EINVAL,
	      "hiding sse2 accepted");
	CHECK(cpu_caps()->isa[DX_ISA_SSE2], "sse2 hidden");
	CHECK(strstr(err, "baseline"), "message: %s", err);
}

TEST(describe_says_what_and_why)
{
	struct cpu_choice c;
	char err[256], want[128], *out;

	clean_env();
	setenv("DAXBENCH_CPU_HIDE", "clwb", 1);
	REQUIRE_OK(cpu_choose(NULL, NULL, &c, err, sizeof(err)));
	out = describe(&c);
	snprintf(want, sizeof(want), "cpu: %s (%s)", cpu_caps()->model,
		 cpu_caps()->vendor);
	CHECK(!strncmp(out, want, strlen(want)), "first line of:\n%s", out);
	snprintf(want, sizeof(want), "\nflush: %s (probe; available: ",
		 dx_flush_name(c.flush));
	CHECK(strstr(out, want), "no '%s' in:\n%s", want + 1, out);
	snprintf(want, sizeof(want), "\nisa: %s (probe; available: ",
		 dx_isa_name(c.isa));
	CHECK(strstr(out, want), "no '%s' in:\n%s", want + 1, out);
	CHECK(strstr(out, "clwb (hidden by DAXBENCH_CPU_HIDE)") ||
	      strstr(out, "clwb (not in CPUID)"),
	      "missing clwb not reported in:\n%s", out);
	CHECK(strstr(describe(NULL), "(not chosen)"), "describe(NULL):\n%s",
	      describe(NULL));
}

TEST_MAIN()
