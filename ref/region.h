/* SPDX-License-Identifier: MIT */
/*
 * region.h - the persistent-memory region a reference filesystem lives in.
 *
 * The region is one shared mapping of a file descriptor (memfd, hugetlb
 * memfd, image file, devdax or a MAP_SYNC file on a DAX mount).  The
 * filesystem reaches it through region.base; user mappings of reference
 * files map the same descriptor again at other addresses (pgtable.c),
 * so both views alias the same memory, as a DAX mapping aliases pmem.
 */
#ifndef DAXREF_REGION_H
#define DAXREF_REGION_H

#include <stdbool.h>
#include <stdint.h>
#include "daxref.h"

#define REGION_DEFAULT_SIZE	(2ULL << 30)
#define REGION_MIN_SIZE		(8ULL << 20)

struct region {
	void			*base;
	uint64_t		size;
	int			fd;
	enum dx_backing		kind;
	bool			created;	/* we created the file at path */
	bool			real_pmem;	/* devdax or MAP_SYNC */
	bool			devdax;
	char			desc[160];	/* for dx_describe() */
};

/**
 * region_open() - create or attach the region described by @o.
 * Refuses, with a message naming the path or size: a missing path for
 * image/pmem backings, a block device, a non-DAX file for DX_BACK_PMEM,
 * a size below REGION_MIN_SIZE, and hugetlb without free huge pages.
 */
int region_open(struct region *r, const struct dx_opts *o, char *err,
		size_t errlen);
void region_close(struct region *r);

const char *dx_backing_name(enum dx_backing b);

#endif
