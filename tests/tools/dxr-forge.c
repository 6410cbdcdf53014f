// SPDX-License-Identifier: MIT
/*
 * dxr-forge - appends one committed journal record to a daxref region
 * image, with a good CRC, as a buggy daxref would have written it.  For
 * tests of recovery and repair only (tests/cli/daxio_repair.sh): daxref
 * itself never writes a record that does not fit its metadata.
 *
 *   dxr-forge IMAGE alloc INO FBLK PBLK LEN
 *   dxr-forge IMAGE setsize INO SIZE
 *
 * Prints the slot it wrote.  Exit 0, or 2 on bad usage, 1 on a bad image.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "layout.h"

static int usage(void)
{
	fprintf(stderr, "usage: dxr-forge IMAGE alloc INO FBLK PBLK LEN\n"
			"       dxr-forge IMAGE setsize INO SIZE\n");
	return 2;
}

static int num(const char *s, uint64_t *v)
{
	char *end;

	*v = strtoull(s, &end, 0);
	return *s && !*end ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct dxr_rec r = { 0 };
	uint64_t a[4];
	struct stat st;

	if (argc < 4)
		return usage();
	int n = argc - 3;

	for (int i = 0; i < n; i++)
		if (n > 4 || num(argv[3 + i], &a[i]))
			return usage();
	if (!strcmp(argv[2], "alloc") && n == 4) {
		r.type = DXR_ALLOC;
		r.u.alloc.ino = a[0];
		r.u.alloc.fblk = a[1];
		r.u.alloc.pblk = a[2];
		r.u.alloc.len = a[3];
	} else if (!strcmp(argv[2], "setsize") && n == 2) {
		r.type = DXR_SETSIZE;
		r.u.setsize.ino = a[0];
		r.u.setsize.size = a[1];
	} else {
		return usage();
	}
	int fd = open(argv[1], O_RDWR);

	if (fd < 0 || fstat(fd, &st) || st.st_size < 4096) {
		perror(argv[1]);
		return 1;
	}
	uint8_t *img = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
	const struct dxr_super *sb = (const void *)img;

	if (img == MAP_FAILED || sb->magic != DXR_MAGIC) {
		fprintf(stderr, "%s: not a daxref image\n", argv[1]);
		return 1;
	}
	struct dxr_rec *recs = (void *)(img + sb->jnl_start * sb->blksz);
	uint64_t slots = sb->jnl_blocks * sb->blksz / sizeof(*recs), slot = 0;
	uint64_t epoch = DXR_STATE_EPOCH(sb->state);

	while (slot < slots && recs[slot].epoch == epoch &&
	       recs[slot].seq == slot)
		slot++;
	if (slot == slots) {
		fprintf(stderr, "%s: the journal is full\n", argv[1]);
		return 1;
	}
	r.epoch = epoch;
	r.seq = slot;
	r.flags = DXR_F_COMMIT;
	r.crc = crc32c((uint32_t)(sb->uuid ^ (sb->uuid >> 32)),
		       (const uint8_t *)&r + 4, sizeof(r) - 4);
	recs[slot] = r;
	munmap(img, (size_t)st.st_size);
	close(fd);
	printf("%llu\n", (unsigned long long)slot);
	return 0;
}
