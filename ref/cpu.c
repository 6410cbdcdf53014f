// SPDX-License-Identifier: MIT
/*
 * cpu.c - the CPU probe (CPUID + XGETBV) and the ISA / flush choice.
 *
 * This file is built for baseline x86-64: the probe itself must run on any
 * CPU, and under valgrind.  CPUID and XGETBV are plain instructions here;
 * XGETBV is executed only when CPUID says the OS has enabled it (OSXSAVE).
 */
#include <cpuid.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"

static const char *const isa_names[DX_ISA_COUNT] = {
	[DX_ISA_SSE2] = "sse2", [DX_ISA_AVX2] = "avx2",
	[DX_ISA_AVX512] = "avx512",
};
static const char *const flush_names[DX_FLUSH_COUNT] = {
	[DX_FLUSH_CLFLUSH] = "clflush", [DX_FLUSH_CLFLUSHOPT] = "clflushopt",
	[DX_FLUSH_CLWB] = "clwb",
};

#define WHY_CPUID	"not in CPUID"
#define WHY_HIDDEN	"hidden by DAXBENCH_CPU_HIDE"

static struct cpu_caps caps;
static char hide_err[128];	/* a bad DAXBENCH_CPU_HIDE, for cpu_choose() */
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
	__cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void probe_brand(void)
{
	unsigned r[4], b[12];
	char *s = caps.model, *e;

	cpuid(0, 0, r);
	memcpy(caps.vendor + 0, &r[1], 4);
	memcpy(caps.vendor + 4, &r[3], 4);
	memcpy(caps.vendor + 8, &r[2], 4);
	caps.vendor[12] = 0;

	cpuid(0x80000000u, 0, r);
	if (r[0] < 0x80000004u) {
		snprintf(caps.model, sizeof(caps.model), "unknown %s CPU",
			 caps.vendor);
		return;
	}
	for (unsigned i = 0; i < 3; i++)
		cpuid(0x80000002u + i, 0, b + 4 * i);
	memcpy(caps.model, b, 48);
	caps.model[48] = 0;
	while (*s == ' ')
		s++;
	memmove(caps.model, s, strlen(s) + 1);
	e = caps.model + strlen(caps.model);
	while (e > caps.model && e[-1] == ' ')
		*--e = 0;
}

/* Masks the features named in DAXBENCH_CPU_HIDE; remembers a bad name
 * for cpu_choose() to report (the probe itself cannot fail). */
static void apply_hide(void)
{
	const char *env = getenv("DAXBENCH_CPU_HIDE");
	char buf[256], *tok, *save = NULL;
	enum dx_isa i;
	enum dx_flush f;

	if (!env || !*env)
		return;
	snprintf(buf, sizeof(buf), "%s", env);
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		if (!dx_isa_parse(tok, &i)) {
			if (i == DX_ISA_SSE2) {
				if (!hide_err[0])
					snprintf(hide_err, sizeof(hide_err),
						 "DAXBENCH_CPU_HIDE: sse2 is "
						 "the x86-64 baseline and "
						 "cannot be hidden");
				continue;
			}
			/* AVX-512 code may use AVX2: hiding AVX2 hides it. */
			for (enum dx_isa j = i; j < DX_ISA_COUNT; j++)
				if (caps.isa[j]) {
					caps.isa[j] = false;
					caps.isa_why[j] = WHY_HIDDEN;
				}
		} else if (!dx_flush_parse(tok, &f)) {
			if (caps.flush[f]) {
				caps.flush[f] = false;
				caps.flush_why[f] = WHY_HIDDEN;
			}
		} else if (!hide_err[0]) {
			snprintf(hide_err, sizeof(hide_err),
				 "unknown name '%.40s' in DAXBENCH_CPU_HIDE; "
				 "valid: avx512 avx2 clwb clflushopt clflush",
				 tok);
		}
	}
}

static void probe(void)
{
	unsigned r1[4] = { 0 }, r7[4] = { 0 }, r0[4];
	uint64_t xcr0 = 0;
	bool osxsave, avx, ymm_os, zmm_os;

	probe_brand();
	cpuid(0, 0, r0);
	if (r0[0] >= 1)
		cpuid(1, 0, r1);
	if (r0[0] >= 7)
		cpuid(7, 0, r7);

	osxsave = r1[2] & (1u << 27);
	avx = r1[2] & (1u << 28);
	if (osxsave)
		xcr0 = xgetbv0();
	ymm_os = (xcr0 & 0x6) == 0x6;		/* SSE + AVX state */
	zmm_os = (xcr0 & 0xe6) == 0xe6;		/* + opmask, ZMM_Hi256, Hi16_ZMM */

	caps.isa[DX_ISA_SSE2] = r1[3] & (1u << 26);
	caps.isa_why[DX_ISA_SSE2] = caps.isa[DX_ISA_SSE2] ? NULL : WHY_CPUID;

	if (!(avx && (r7[1] & (1u << 5))))
		caps.isa_why[DX_ISA_AVX2] = WHY_CPUID;
	else if (!ymm_os)
		caps.isa_why[DX_ISA_AVX2] = "OS has not enabled YMM state (XCR0)";
	else
		caps.isa[DX_ISA_AVX2] = true;

	/* -mavx512f code may also use AVX2 instructions, so require both. */
	if (!(r7[1] & (1u << 16)))
		caps.isa_why[DX_ISA_AVX512] = WHY_CPUID;
	else if (!zmm_os)
		caps.isa_why[DX_ISA_AVX512] =
			"OS has not enabled ZMM/opmask state (XCR0)";
	else if (!caps.isa[DX_ISA_AVX2])
		caps.isa_why[DX_ISA_AVX512] = "AVX2 is not usable";
	else
		caps.isa[DX_ISA_AVX512] = true;

	/* Fast string copies: `rep movsb` is fast with ERMS, and for short
	 * copies too with FSRM (copy_string.c). */
	caps.erms = r7[1] & (1u << 9);
	caps.fsrm = r7[3] & (1u << 4);
	caps.signature = r1[0];

	caps.flush[DX_FLUSH_CLFLUSH] = r1[3] & (1u << 19);
	caps.flush[DX_FLUSH_CLFLUSHOPT] = r7[1] & (1u << 23);
	caps.flush[DX_FLUSH_CLWB] = r7[1] & (1u << 24);
	for (int f = 0; f < DX_FLUSH_COUNT; f++)
		caps.flush_why[f] = caps.flush[f] ? NULL : WHY_CPUID;

	apply_hide();
}

const struct cpu_caps *cpu_caps(void)
{
	pthread_once(&probe_once, probe);
	return &caps;
}

const char *dx_isa_name(enum dx_isa isa)
{
	return (unsigned)isa < DX_ISA_COUNT ? isa_names[isa] : "?";
}

const char *dx_flush_name(enum dx_flush f)
{
	return (unsigned)f < DX_FLUSH_COUNT ? flush_names[f] : "?";
}

static int parse_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -EINVAL;
}

int dx_isa_parse(const char *name, enum dx_isa *out)
{
	int i = parse_name(isa_names, DX_ISA_COUNT, name);

	if (i < 0)
		return i;
	*out = (enum dx_isa)i;
	return 0;
}

int dx_flush_parse(const char *name, enum dx_flush *out)
{
	int i = parse_name(flush_names, DX_FLUSH_COUNT, name);

	if (i < 0)
		return i;
	*out = (enum dx_flush)i;
	return 0;
}

/* One axis of the choice (ISA or flush), so both share one resolver. */
struct axis {
	const char		*what;		/* "ISA", "flush" */
	const char		*env;		/* "DAXBENCH_ISA" */
	const char		*env_from;	/* "env DAXBENCH_ISA" */
	const char *const	*names;
	int			n;
	const bool		*avail;
	const char *const	*why;
};

static const struct axis isa_axis = {
	"ISA", "DAXBENCH_ISA", "env DAXBENCH_ISA", isa_names, DX_ISA_COUNT,
	caps.isa, caps.isa_why,
};
static const struct axis flush_axis = {
	"flush", "DAXBENCH_FLUSH", "env DAXBENCH_FLUSH", flush_names,
	DX_FLUSH_COUNT, caps.flush, caps.flush_why,
};

/* "avx512 avx2 sse2": preferred first, as the probe ranks them. */
static void list_names(const struct axis *ax, bool only_avail, char *buf,
		       size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = ax->n - 1; i >= 0; i--) {
		if (only_avail && !ax->avail[i])
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0,
				 "%s%s", used ? " " : "", ax->names[i]);
	}
	if (!used)
		snprintf(buf, len, "none");
}

static bool given(const char *s)
{
	return s && *s && strcmp(s, "auto");
}

static int resolve(const struct axis *ax, const char *opt, int *out,
		   const char **from, char *err, size_t errlen)
{
	const char *name = NULL, *env = getenv(ax->env);
	char list[96];
	int i;

	if (given(opt)) {
		name = opt;
		*from = "option";
	} else if (given(env)) {
		name = env;
		*from = ax->env_from;
	}
	if (!name) {
		for (i = ax->n - 1; i >= 0 && !ax->avail[i]; i--)
			;
		if (i < 0) {
			snprintf(err, errlen, "this CPU has no usable %s "
				 "instruction", ax->what);
			return -ENOTSUP;
		}
		*out = i;
		*from = "probe";
		return 0;
	}
	i = parse_name(ax->names, ax->n, name);
	if (i < 0) {
		list_names(ax, false, list, sizeof(list));
		snprintf(err, errlen, "unknown %s '%s' (from %s); valid: %s auto",
			 ax->what, name, *from, list);
		return -EINVAL;
	}
	if (!ax->avail[i]) {
		list_names(ax, true, list, sizeof(list));
		snprintf(err, errlen, "%s '%s' (from %s) is not usable on this "
			 "CPU: %s; available: %s", ax->what, name, *from,
			 ax->why[i], list);
		return -ENOTSUP;
	}
	*out = i;
	return 0;
}

int cpu_choose(const char *isa_opt, const char *flush_opt,
	       struct cpu_choice *out, char *err, size_t errlen)
{
	int isa, flush, rc;

	cpu_caps();
	if (hide_err[0]) {
		snprintf(err, errlen, "%s", hide_err);
		return -EINVAL;
	}
	rc = resolve(&isa_axis, isa_opt, &isa, &out->isa_from, err, errlen);
	if (rc)
		return rc;
	rc = resolve(&flush_axis, flush_opt, &flush, &out->flush_from, err,
		     errlen);
	if (rc)
		return rc;
	out->isa = (enum dx_isa)isa;
	out->flush = (enum dx_flush)flush;
	return 0;
}

static void describe_axis(FILE *out, const struct axis *ax, int chosen,
			  const char *from)
{
	char list[96];
	bool any_missing = false;

	list_names(ax, true, list, sizeof(list));
	fprintf(out, "%s: ", ax == &isa_axis ? "isa" : "flush");
	if (chosen >= 0)
		fprintf(out, "%s (%s; available: %s", ax->names[chosen], from,
			list);
	else
		fprintf(out, "(not chosen) (available: %s", list);
	for (int i = ax->n - 1; i >= 0; i--) {
		if (ax->avail[i])
			continue;
		fprintf(out, "%s%s (%s)", any_missing ? ", " : "; missing: ",
			ax->names[i], ax->why[i]);
		any_missing = true;
	}
	fprintf(out, ")\n");
}

void cpu_describe(FILE *out, const struct cpu_choice *c)
{
	const struct cpu_caps *cc = cpu_caps();

	fprintf(out, "cpu: %s (%s)%s%s\n", cc->model, cc->vendor,
		cc->erms ? " erms" : "", cc->fsrm ? " fsrm" : "");
	describe_axis(out, &isa_axis, c ? (int)c->isa : -1,
		      c ? c->isa_from : NULL);
	describe_axis(out, &flush_axis, c ? (int)c->flush : -1,
		      c ? c->flush_from : NULL);
}
