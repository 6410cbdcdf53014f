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
	uint32_t	flags;		/* fe_flags as the kernel gave them */
};

/* fe_flags values daxio prints and the reference sets (linux/fiemap.h) */
#define FIEMAP_EXT_LAST		0x0001
#define FIEMAP_EXT_UNWRITTEN	0x0800

/**
 * fiemap_read() - the extents of @fd in file order, after the kernel has
 * written back its dirty data (FIEMAP_FLAG_SYNC), at most @max of them.
 * Returns how many were stored, or a negative errno.
 */
int fiemap_read(int fd, struct fiemap_ext *out, int max);

/* The same for the extents of [@start, @start + @len) only, as the kernel
 * reports them for that range (xfs_io's fiemap asks this way; the last one
 * of the range carries FIEMAP_EXTENT_LAST); @xattr: the attribute fork
 * (FIEMAP_FLAG_XATTR). */
int fiemap_read_range(int fd, uint64_t start, uint64_t len, bool xattr,
		      struct fiemap_ext *out, int max);

#endif
