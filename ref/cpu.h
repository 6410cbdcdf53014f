/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - CPU probe and the choice of flush instruction and copy width.
 *
 * The probe reads CPUID (and XGETBV for the OS's AVX state), so it sees what
 * valgrind's synthetic CPU reports: there CLWB, CLFLUSHOPT and AVX-512 are
 * absent and the choice falls back to CLFLUSH and AVX2.  Nothing outside
 * the dispatched kernels may use an instruction the probe did not grant.
 *
 * Precedence of a choice: explicit option > environment (DAXBENCH_ISA,
 * DAXBENCH_FLUSH) > probe.  The value "auto" (or an empty one) at either
 * level means "not given here".  The probe prefers AVX-512 > AVX2 > SSE2
 * and CLWB > CLFLUSHOPT > CLFLUSH.  An override naming an instruction this
 * CPU lacks is an error, never a SIGILL.
 *
 * DAXBENCH_CPU_HIDE="clwb,avx512,..." masks features out of the probe, as
 * if CPUID lacked them (PMDK's PMEM_NO_CLWB, generalised).  It lets one
 * machine exercise every fallback, and the tests use it.
 */
#ifndef DAXREF_CPU_H
#define DAXREF_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Both enums are in ascending order of preference: the probe picks the
 * highest usable value. */
enum dx_isa { DX_ISA_SSE2, DX_ISA_AVX2, DX_ISA_AVX512, DX_ISA_COUNT };
enum dx_flush { DX_FLUSH_CLFLUSH, DX_FLUSH_CLFLUSHOPT, DX_FLUSH_CLWB,
		DX_FLUSH_COUNT };

struct cpu_caps {
	bool	isa[DX_ISA_COUNT];	/* usable: CPUID and OS state agree */
	bool	flush[DX_FLUSH_COUNT];
	/* Why a feature is not usable ("not in CPUID", "OS has not
	 * enabled ZMM/opmask state", "hidden by DAXBENCH_CPU_HIDE");
	 * NULL when it is usable. */
	const char *isa_why[DX_ISA_COUNT];
	const char *flush_why[DX_FLUSH_COUNT];
	bool	erms, fsrm;		/* fast `rep movsb` (long; and short) */
	unsigned signature;		/* CPUID.1:EAX: family, model, stepping */
	char	vendor[13];		/* "GenuineIntel", "AuthenticAMD" */
	char	model[64];		/* brand string, trimmed */
};

struct cpu_choice {
	enum dx_isa	isa;
	enum dx_flush	flush;
	const char	*isa_from;	/* "probe", "env DAXBENCH_ISA", "option" */
	const char	*flush_from;
};

/* Probes once and caches; safe to call from any thread. */
const struct cpu_caps *cpu_caps(void);

/**
 * cpu_choose() - resolve the ISA and flush instruction to use.
 * @isa_opt, @flush_opt: explicit names from the command line, or NULL.
 * @out:	the choice and where each half came from.
 * @err:	on failure, one line naming the bad value, where it came from
 *		and the valid (or available) names.
 *
 * Returns 0, or -EINVAL for an unknown name (in an option, DAXBENCH_ISA,
 * DAXBENCH_FLUSH or DAXBENCH_CPU_HIDE), or -ENOTSUP when this CPU lacks
 * the named instruction.
 */
int cpu_choose(const char *isa_opt, const char *flush_opt,
	       struct cpu_choice *out, char *err, size_t errlen);

const char *dx_isa_name(enum dx_isa isa);
const char *dx_flush_name(enum dx_flush f);
/* Exact, case-sensitive names as dx_*_name() prints them; -EINVAL else. */
int dx_isa_parse(const char *name, enum dx_isa *out);
int dx_flush_parse(const char *name, enum dx_flush *out);

/**
 * cpu_describe() - print what the probe found and what was chosen, and why.
 * @c:	the choice, or NULL to print the probe alone.
 *
 * Three lines, stable for scripts to grep:
 *   cpu: AMD EPYC (AuthenticAMD) erms fsrm
 *   isa: avx512 (probe; available: avx512 avx2 sse2)
 *   flush: clflush (probe; available: clflush; missing: clwb clflushopt (not in CPUID))
 */
void cpu_describe(FILE *out, const struct cpu_choice *c);

#endif
