/* SPDX-License-Identifier: MIT */
/* fiemap.h - a file's extents through FS_IOC_FIEMAP (fiemap.c). */
#ifndef SUITE_FIEMAP_H
#define SUITE_FIEMAP_H

#include <stdbool.h>
#include <stdint.h>

/* One extent, in bytes (fe_logical, fe_physical, fe_length). */
struct fiemap_ext {
	uint64_t	logical, physical, length;
	bool		unwritten;	/* FIEMAP_EXTENT_UNWRITTEN */
};

/**
 * fiemap_read() - the extents of @fd in file order, after the kernel has
 * written back its dirty data (FIEMAP_FLAG_SYNC), at most @max of them.
 * Returns how many were stored, or a negative errno.
 */
int fiemap_read(int fd, struct fiemap_ext *out, int max);

#endif
