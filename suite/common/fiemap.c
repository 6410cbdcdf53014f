// SPDX-License-Identifier: MIT
/* fiemap.c - FS_IOC_FIEMAP for daxio's fiemap and the stress checks. */
#include <errno.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "fiemap.h"

int fiemap_read(int fd, struct fiemap_ext *out, int max)
{
	return fiemap_read_range(fd, 0, FIEMAP_MAX_OFFSET, false, out, max);
}

int fiemap_read_range(int fd, uint64_t start, uint64_t len, bool xattr,
		      struct fiemap_ext *out, int max)
{
	size_t sz = sizeof(struct fiemap) +
		    (size_t)max * sizeof(struct fiemap_extent);
	struct fiemap *fm = calloc(1, sz);
	int n;

	if (!fm)
		return -ENOMEM;
	fm->fm_start = start;
	fm->fm_length = len;
	fm->fm_flags = FIEMAP_FLAG_SYNC | (xattr ? FIEMAP_FLAG_XATTR : 0);
	fm->fm_extent_count = (unsigned)max;
	if (ioctl(fd, FS_IOC_FIEMAP, fm) < 0) {
		n = -errno;
		free(fm);
		return n;
	}
	n = (int)fm->fm_mapped_extents;
	for (int i = 0; i < n; i++)
		out[i] = (struct fiemap_ext){
			.logical = fm->fm_extents[i].fe_logical,
			.physical = fm->fm_extents[i].fe_physical,
			.length = fm->fm_extents[i].fe_length,
			.unwritten = fm->fm_extents[i].fe_flags &
				     FIEMAP_EXTENT_UNWRITTEN,
			.flags = fm->fm_extents[i].fe_flags,
		};
	free(fm);
	return n;
}
