// SPDX-License-Identifier: MIT
/*
 * pattern.c - the one I/O buffer that pwrite and pread share, as in
 * xfs_io: page-aligned, grown to the largest block size asked for and
 * never shrunk, filled with the seed's low byte (memset semantics, so
 * "-S 0x1234" writes 0x34 bytes and the default 0xcdcdcdcd writes 0xcd).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daxio.h"

static void *buf;
static size_t highwater;

/* Returns NULL with errno set when the buffer cannot be allocated. */
void *iobuf_get(size_t bsize, bool fill, unsigned seed)
{
	if (bsize > highwater || !buf) {
		void *p;
		int rc = posix_memalign(&p, (size_t)sysconf(_SC_PAGESIZE),
					bsize ? bsize : 1);

		if (rc) {
			errno = rc;
			return NULL;
		}
		free(buf);
		buf = p;
		highwater = bsize;
	}
	if (fill)
		memset(buf, (int)(unsigned char)seed, bsize);
	return buf;
}

void iobuf_free(void)
{
	free(buf);
	buf = NULL;
	highwater = 0;
}
