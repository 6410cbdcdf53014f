// SPDX-License-Identifier: MIT
/* mode.c - the copy-mode table (see mode.h and ref/README.md). */
#include "mode.h"

#include <string.h>
#include "daxref.h"

static const struct dx_mode modes[] = {
	{
		.name = "movnt",
		.write_does = "NT copy (+ NT zero of new blocks), fence",
		.fsync_does = "fence",
		.argued_by = "the 2016 kernel; Boaz Harrosh, 2016-08-01",
		.dax = true, .write_copy = CK_NT,
	},
	{
		.name = "clwb",
		.write_does = "cached copy, CLWB the range, fence",
		.fsync_does = "fence",
		.argued_by = "Toshi Kani, 2016-08-04 (cached + flush)",
		.dax = true, .write_copy = CK_CACHED_FLUSH,
	},
	{
		.name = "deferred",
		.write_does = "cached copy, tag the entries dirty",
		.fsync_does = "CLWB the dirty ranges, fence",
		.argued_by = "Dave Chinner, 2016-07-30",
		.dax = true, .write_copy = CK_CACHED, .tag_dirty = true,
	},
	{
		.name = "pagecache",
		.write_does = "cached copy into DRAM pages, tag dirty (delalloc)",
		.fsync_does = "allocate, NT copy to pmem, fence",
		.argued_by = "the 'no DAX' column of Chinner's tables",
		.dax = false, .write_copy = CK_CACHED,
	},
};

const struct dx_mode *dx_mode_find(const char *name)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

bool dx_mode_valid(const char *name)
{
	return name && dx_mode_find(name);
}

void dx_mode_list(FILE *out, const char *sep)
{
	const char *s = "";

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fprintf(out, "%s%s", s, modes[i].name);
		s = sep;
	}
}
