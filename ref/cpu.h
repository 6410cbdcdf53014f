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
 * DAXBENCH_FLUSH) > probe.  An override naming an instruction this CPU
 * lacks is an error, never a SIGILL.
 */
#ifndef DAXREF_CPU_H
#define DAXREF_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum dx_isa { DX_ISA_SSE2, DX_ISA_AVX2, DX_ISA_AVX512, DX_ISA_COUNT };
enum dx_flush { DX_FLUSH_CLFLUSH, DX_FLUSH_CLFLUSHOPT, DX_FLUSH_CLWB,
		DX_FLUSH_COUNT };

struct cpu_caps {
	bool	isa[DX_ISA_COUNT];	/* usable: CPUID and OS state agree */
	bool	flush[DX_FLUSH_COUNT];
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
 * Returns 0, or -EINVAL with @err naming the bad value and the valid
 * ones, or -ENOTSUP with @err saying this CPU lacks the instruction.
 */
int cpu_choose(const char *isa_opt, const char *flush_opt,
	       struct cpu_choice *out, char *err, size_t errlen);

const char *dx_isa_name(enum dx_isa isa);
const char *dx_flush_name(enum dx_flush f);
int dx_isa_parse(const char *name, enum dx_isa *out);
int dx_flush_parse(const char *name, enum dx_flush *out);

/* Prints what the probe found and what was chosen, and why. */
void cpu_describe(FILE *out, const struct cpu_choice *c);

#endif
