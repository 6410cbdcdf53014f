/* SPDX-License-Identifier: MIT */
/*
 * mmap.h - what the rest of the filesystem needs from the mapping system
 * calls (mmap.c): dx_mmap/dx_munmap/dx_msync are public (daxref.h).
 */
#ifndef DAXREF_MMAP_H
#define DAXREF_MMAP_H

#include <stdbool.h>
#include <stdint.h>

struct dx_fs;

/* Marks every mapping of @fs dead and unmaps it (dx_crash). */
void vma_kill_fs(struct dx_fs *fs);

/* Faults @addr in as get_user_pages() does (takes mm_lock for reading)
 * and returns its pfn: -EFAULT when it is not a live mapping of @fs or
 * the access is not allowed. */
int vma_fault_in(struct dx_fs *fs, void *addr, bool write, uint64_t *pfn);

#endif
