/* SPDX-License-Identifier: MIT */
/*
 * fault.h - the page-fault handler (fault.c): PTE and PMD faults, the
 * zero page, pfn_mkwrite.  Called by mmap.c (the SIGSEGV handler and
 * get_user_pages-like fault-in); calls down into entry.c and pgtable.c.
 */
#ifndef DAXREF_FAULT_H
#define DAXREF_FAULT_H

#include <stdbool.h>
#include <stdint.h>
#include "pgtable.h"

enum fault_result { FAULT_OK, FAULT_SIGBUS, FAULT_SEGV, FAULT_RETRY,
		    FAULT_FALLBACK };

/* Handles a fault at file page @pg of @vma.  Caller holds mm_lock for
 * reading (as the kernel's fault path holds mmap_lock). */
enum fault_result dx_fault(struct dx_vma *vma, uint64_t pg, bool write);

#endif
