/* SPDX-License-Identifier: MIT */
/*
 * mode.h - the copy modes: the 2016 argument as switchable code.
 *
 *   mode       write() does                           fsync does
 *   movnt      NT copy (+NT zero of new blocks), fence  fence
 *   clwb       cached copy, CLWB the range, fence       fence
 *   deferred   cached copy, tag the entries dirty       CLWB dirty ranges, fence
 *   pagecache  cached copy into DRAM pages, tag dirty   allocate, NT copy, fence
 *              (delayed allocation)
 */
#ifndef DAXREF_MODE_H
#define DAXREF_MODE_H

#include <stdbool.h>
#include "copy.h"
#include "daxref.h"	/* enum dx_mode_role */

struct dx_mode {
	const char	*name;
	const char	*write_does;
	const char	*fsync_does;
	const char	*argued_by;
	bool		dax;		/* false: through the DRAM page cache */
	enum copy_kind	write_copy;	/* kernel write() copies with */
	bool		tag_dirty;	/* write() tags mapping entries dirty */
	enum dx_mode_role role;		/* its column in the 2016 tables */
};

const struct dx_mode *dx_mode_find(const char *name);

#endif
