/* SPDX-License-Identifier: MIT */
/*
 * profile.h - semantics profiles.  `fixed` is today's kernel; every other
 * profile puts back exactly one mistake from the threads, so that each
 * conformance check can be shown to fail on the profile that carries its
 * bug and pass on `fixed`.
 */
#ifndef DAXREF_PROFILE_H
#define DAXREF_PROFILE_H

#include <stdio.h>

enum dx_bug {
	BUG_HOLE_LOAD_RACE	   = 1u << 0,
	BUG_INVALIDATE_DROPS_DIRTY = 1u << 1,
	BUG_NO_PMD_HOLE_CONVERSION = 1u << 2,
	BUG_NO_DIRTY_TRACKING	   = 1u << 3,
	BUG_MKWRITE_INSERTS	   = 1u << 4,
	BUG_TRUNCATE_IGNORES_PINS  = 1u << 5,
	BUG_LOCK_INVERSION	   = 1u << 6,
	BUG_MEMFAIL_NO_REVALIDATE  = 1u << 7,
	BUG_TRUNCATE_NO_UNMAP	   = 1u << 8,
	BUG_FAULT_NO_MMAP_LOCK	   = 1u << 9,
	BUG_PMD_FSYNC_RANGE	   = 1u << 10,
	BUG_PTE_INSIDE_PMD	   = 1u << 11,
	BUG_NO_ZEROING		   = 1u << 12,
	BUG_WRITE_NO_FLUSH	   = 1u << 13,
	BUG_NO_MKCLEAN		   = 1u << 14,
	BUG_PTE_IGNORES_PMD_LOCK   = 1u << 15,
	BUG_INVALIDATE_UNMAP_FIRST = 1u << 16,
	BUG_WRITE_STALE_UNWRITTEN  = 1u << 17,
	BUG_DAX_DO_IO_2016	   = 1u << 18,
	BUG_CONVERT_NO_INVALIDATE  = 1u << 19,
	BUG_EOF_TAIL_EXPOSED	   = 1u << 20,
	BUG_MSYNC_REF_UNDER_MM	   = 1u << 21,
	BUG_PC_NO_ENTRY_LOCK	   = 1u << 22,
	BUG_TREE_LOCK_NOT_LEAF	   = 1u << 23,
	BUG_PMD_PARTIAL_ZAP	   = 1u << 24,
	BUG_PUNCH_NO_FLUSH	   = 1u << 25,
	BUG_WB_EOF_TAIL		   = 1u << 26,
};

struct dx_profile {
	const char	*name;
	unsigned	bugs;
	const char	*mistake;	/* one line: what goes wrong */
	const char	*source;	/* the message it comes from */
};

const struct dx_profile *dx_profile_find(const char *name);
/* Writes every profile name, separated by @sep. */
void dx_profile_list(FILE *out, const char *sep);

#endif
