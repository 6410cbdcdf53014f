/* SPDX-License-Identifier: MIT */
/*
 * pgtable.h - user mappings of reference files and their software page
 * tables; the lowest layer of mappings (mmap.c makes and removes them,
 * fault.c fills them, writeback and truncate write-protect and zap them).
 *
 * dx_mmap() reserves an address range (PROT_NONE) aligned so that its PMD
 * colour matches the file offset's.  A load or store there traps; the
 * SIGSEGV handler (mmap.c) finds the mapping under mm_lock (read), as the
 * kernel's fault path holds mmap_lock, and calls the fault handler
 * (fault.c), which maps region blocks (or page-cache pages, or the shared
 * zero page) into the range with mmap(MAP_FIXED|MAP_SHARED) through
 * vma_map().
 *
 * Each mapping keeps a software page table (one word per mapped page: pfn
 * and state) under its page-table lock, the leaf "pte" lock class, so the
 * fault path can tell a first fault from a write to a read-only page
 * (pfn_mkwrite) and writeback can write-protect exactly the writable
 * pages (pfn_mkclean).  Like the kernel's page tables it is sparse - a
 * radix tree (mtree.h) holding only the pages that are mapped - so memory
 * and time follow the pages touched, not the length mapped: a 2 TiB
 * mapping of which one page was touched costs one leaf.
 *
 * Under valgrind: the handler is reached and a first fault is served (the
 * hole test of tests/unit/test_ref_mmap.c passes), but valgrind re-raises
 * some retried accesses with si_addr = NULL (seen from glibc string
 * functions it replaces, and in daxio's mread), which ends the program.
 * Run mmap workloads natively; the copy kernels and file I/O are fine
 * under valgrind (tests/cli/valgrind.sh).
 */
#ifndef DAXREF_PGTABLE_H
#define DAXREF_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include "lock.h"
#include "mtree.h"

struct dx_fs;
struct dx_inode;

enum pte_state { PTE_NONE = 0, PTE_RO = 1, PTE_RW = 2, PTE_ZERO = 3 };
#define PTE_STATE(w)	((enum pte_state)((w) & 0xf))
#define PTE_PMD		0x10u		/* mapped as part of a PMD */
#define PTE_PFN(w)	((w) >> 8)
#define PTE_MK(pfn, st)	(((uint64_t)(pfn) << 8) | (st))

struct dx_vma {
	struct dx_fs	*fs;
	struct dx_inode	*ip;		/* NULL once dead (dx_crash) */
	uint8_t		*start;
	uint64_t	len;		/* bytes, page multiple */
	uint64_t	pgoff;		/* file page at start */
	int		prot;		/* DX_PROT_* */
	struct mtree	pte;		/* page (from start) -> PTE_MK word;
					 * under ptl, not the tree's own lock */
	struct dx_mutex	ptl;
	struct dx_vma	*i_next;	/* the inode's list, under i_mmap */
};

/* One mapping's pages.  @pg is a file page.  vma_map, vma_map_zero and
 * vma_pte take the ptl; vma_unmap_pages expects the caller to hold it. */
void vma_map(struct dx_vma *vma, uint64_t pg, uint64_t npages, uint64_t pfn,
	     enum pte_state st, bool pmd);
void vma_map_zero(struct dx_vma *vma, uint64_t pg);
uint64_t vma_pte(struct dx_vma *vma, uint64_t pg);
void vma_unmap_pages(struct dx_vma *vma, uint64_t pg, uint64_t n);
bool vma_covers(const struct dx_vma *vma, uint64_t pg);
uint8_t *vma_addr(const struct dx_vma *vma, uint64_t pg);

/*
 * Across every mapping of @ip (each takes i_mmap for reading):
 *   zap_range      unmap pages [first, last] (unmap_mapping_range)
 *   zap_zero       unmap only zero-page mappings of [first, last]
 *   mkclean_range  write-protect the writable pages of [first, last]
 */
void zap_range(struct dx_inode *ip, uint64_t first, uint64_t last);
/* zap_range for one mapping only (madvise(MADV_DONTNEED)'s zap): takes
 * its inode's i_mmap and the ptl. */
void zap_vma(struct dx_vma *v, uint64_t first, uint64_t last);
void zap_zero(struct dx_inode *ip, uint64_t first, uint64_t last);
void mkclean_range(struct dx_inode *ip, uint64_t first, uint64_t last);

/* Detaches the mappings of @ip before it is freed. */
void vma_detach_inode(struct dx_inode *ip);

#endif
