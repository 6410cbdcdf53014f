// SPDX-License-Identifier: MIT
/*
 * crash.c - power failure on the model: dx_crash() drops what the
 * persistence model says never reached the media, kills every mapping,
 * and mounts again from the region (fs_load, mount.c); crash images at a
 * chosen fence, saved to a file for `daxio --image` or a real mount.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fs.h"
#include "mmap.h"

int dx_crash(struct dx_fs *fs, enum dx_crash_kind kind, uint64_t seed)
{
	char err[256];
	int rc;

	if (!fs->pm.track)
		return -EOPNOTSUPP;
	persist_crash(fs->pm.track, kind == DX_CRASH_TORN, seed, NULL);
	vma_kill_fs(fs);
	/* This process wrote every journal slot there is: recovery need
	 * scan no further than the highest (journal.h). */
	fs->jnl_hwm = fs->jnl.hwm;
	fs->jnl_hwm_known = true;
	fs_unload(fs);
	if (fs->owner)
		memset(fs->owner, 0, fs->region.size / BLK * sizeof(uint64_t));
	fs->boot++;
	rc = fs_load(fs, err, sizeof(err));
	fs->jnl_hwm_known = false;
	if (rc) {
		fprintf(stderr, "daxref: recovery after crash failed: %s\n",
			err);
		return rc;
	}
	return 0;
}

int dx_crash_arm(struct dx_fs *fs, uint64_t n, enum dx_crash_kind kind,
		 uint64_t seed)
{
	if (!fs->pm.track)
		return -EOPNOTSUPP;
	persist_arm(fs->pm.track, n, kind == DX_CRASH_TORN, seed);
	return 0;
}

int dx_crash_freeze(struct dx_fs *fs, uint64_t n)
{
	if (!fs->pm.track)
		return -EOPNOTSUPP;
	persist_freeze_at(fs->pm.track, n);
	return 0;
}

int dx_crash_image_save(struct dx_fs *fs, const char *path)
{
	uint64_t size = fs->region.size;
	uint8_t *img;
	int fd, rc = 0;

	if (!fs->pm.track)
		return -EOPNOTSUPP;
	img = persist_take_image(fs->pm.track);
	if (!img)
		return -ENOENT;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	for (uint64_t done = 0; done < size;) {
		ssize_t w = write(fd, img + done, size - done);

		if (w < 0) {
			rc = -errno;
			break;
		}
		done += (uint64_t)w;
	}
	if (close(fd) < 0 && !rc)
		rc = -errno;
out:
	persist_image_free(img, size);
	return rc;
}

uint64_t dx_fence_count(struct dx_fs *fs)
{
	return fs->pm.track ? persist_fences(fs->pm.track) : 0;
}
