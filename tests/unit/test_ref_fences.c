// SPDX-License-Identifier: MIT
/*
 * Crash at every fence of an operation (pmreorder-style).  The file holds
 * OLD bytes of data and is sparse up to NEW; the operation overwrites it
 * and fills the holes, then fsyncs.  For each fence, the crash image must
 * mount, and every byte must be old data, new data or zero - never the
 * data of a file deleted before, whose blocks fill the holes.  This is
 * what catches a metadata commit fenced together with (instead of after)
 * the data it exposes.  After the last fence, the data must be all new.
 */
#include <unistd.h>
#include "refutil.h"

#define KiB	1024ULL
#define REGION	(8ULL << 20)
#define OLD	(64 * KiB)
#define NEW	(192 * KiB)
#define STALE	0xA5A5A5A5A5A5A5A5ULL

struct setup {
	const char	*mode;
	enum dx_zeroing	z;
};

/* Everything before the operation under test. */
static struct dx_fs *prepare(const struct setup *s, struct dx_file **out)
{
	static uint8_t buf[64 * KiB];
	struct dx_fs *fs = ref_mount(s->mode, s->z, REGION, true);
	struct dx_file *a;
	struct dx_info in;

	if (!fs)
		return NULL;
	dx_info(fs, &in);
	memset(buf, 0xA5, sizeof(buf));
	if (dx_open(fs, "a", DX_O_CREAT, &a))
		return NULL;
	for (uint64_t o = 0; o + sizeof(buf) <= (in.free_blocks - 64) * 4096;
	     o += sizeof(buf))
		if (dx_pwrite(a, buf, sizeof(buf), (off_t)o) != sizeof(buf))
			return NULL;
	if (dx_fsync(a, false) || dx_close(a) || dx_unlink(fs, "a") ||
	    dx_open(fs, "b", DX_O_CREAT, out) ||
	    write_pat(*out, 0, OLD, 1, OLD) != (ssize_t)OLD ||
	    dx_truncate(*out, NEW) || dx_fsync(*out, false))
		return NULL;
	return fs;
}

static int operation(struct dx_file *f)
{
	if (write_pat(f, 0, NEW, 2, 64 * KiB) != (ssize_t)NEW)
		return -EIO;
	return dx_fsync(f, false);
}

/* Checks a crash image; returns a message or NULL when it is sound. */
static const char *check_image(const char *path, char *msg, size_t len)
{
	static uint8_t buf[NEW];
	struct dx_opts o;
	struct dx_fs *fs;
	struct dx_file *f;
	char err[256];
	const char *bad = NULL;

	dx_opts_init(&o);
	o.backing = DX_BACK_IMAGE;
	o.path = path;
	if (dx_mount(&o, &fs, err, sizeof(err))) {
		snprintf(msg, len, "image does not mount: %.200s", err);
		return msg;
	}
	if (dx_open(fs, "b", 0, &f)) {
		snprintf(msg, len, "file b is gone");
		bad = msg;
		goto out_umount;
	}
	uint64_t size = file_size(f);

	if (size != NEW) {
		snprintf(msg, len, "size %llu, not the fsync'd %llu",
			 (unsigned long long)size,
			 (unsigned long long)NEW);
		bad = msg;
	} else if (dx_pread(f, buf, size, 0) != (ssize_t)size) {
		snprintf(msg, len, "short read");
		bad = msg;
	}
	for (uint64_t i = 0; !bad && i < size; i += 8) {
		uint64_t w, wo = 0, wn = 0;

		memcpy(&w, buf + i, 8);
		for (int k = 0; k < 8; k++) {
			((uint8_t *)&wo)[k] = pat(1, i + k);
			((uint8_t *)&wn)[k] = pat(2, i + k);
		}
		if (w == STALE || (w != wn && w != 0 && (i >= OLD || w != wo))) {
			snprintf(msg, len, "bytes at %llu are %s",
				 (unsigned long long)i, w == STALE ?
				 "a deleted file's data" : "neither old nor new");
			bad = msg;
		}
	}
	dx_close(f);
out_umount:
	dx_umount(fs);
	return bad;
}

static void every_fence(const struct setup *s)
{
	struct dx_file *f;
	struct dx_fs *fs = prepare(s, &f);
	char img[128], msg[256];

	REQUIRE(fs, "%s: setup", s->mode);
	uint64_t before = dx_fence_count(fs);

	REQUIRE_OK(operation(f));
	uint64_t fences = dx_fence_count(fs) - before;

	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	dx_close(f);
	REQUIRE_OK(dx_open(fs, "b", 0, &f));
	long long lost = verify(f, 0, NEW, 2);

	dx_close(f);
	dx_umount(fs);
	REQUIRE(lost < 0, "%s/%s: fsync'd data lost at byte %lld", s->mode,
		dx_zeroing_name(s->z), lost);
	REQUIRE(fences > 0, "%s: the operation fenced nothing", s->mode);
	snprintf(img, sizeof(img), "%s/daxbench-fence-%d.img", t_tmpdir(),
		 getpid());
	for (uint64_t n = 1; n <= fences; n++) {
		for (int torn = 0; torn < 3; torn++) {
			fs = prepare(s, &f);
			REQUIRE(fs, "setup");
			REQUIRE_OK(dx_crash_arm(fs, n, torn ? DX_CRASH_TORN
							    : DX_CRASH_CLEAN,
						(uint64_t)torn * 7919 + n));
			REQUIRE_OK(operation(f));
			unlink(img);
			int rc = dx_crash_image_save(fs, img);

			dx_close(f);
			dx_umount(fs);
			REQUIRE(rc == 0, "fence %llu: no image (%d)",
				(unsigned long long)n, rc);
			const char *bad = check_image(img, msg, sizeof(msg));

			unlink(img);
			REQUIRE(!bad, "%s/%s: crash at fence %llu of %llu%s: "
				"%s", s->mode, dx_zeroing_name(s->z),
				(unsigned long long)n,
				(unsigned long long)fences,
				torn ? " (torn)" : "", bad);
		}
	}
}

TEST(movnt_zero_on_alloc)  { every_fence(&(struct setup){ "movnt", DX_ZERO_ON_ALLOC }); }
TEST(movnt_unwritten)      { every_fence(&(struct setup){ "movnt", DX_ZERO_UNWRITTEN }); }
TEST(clwb_zero_on_alloc)   { every_fence(&(struct setup){ "clwb", DX_ZERO_ON_ALLOC }); }
TEST(clwb_unwritten)       { every_fence(&(struct setup){ "clwb", DX_ZERO_UNWRITTEN }); }
TEST(deferred_zero_on_alloc) { every_fence(&(struct setup){ "deferred", DX_ZERO_ON_ALLOC }); }
TEST(deferred_unwritten)   { every_fence(&(struct setup){ "deferred", DX_ZERO_UNWRITTEN }); }
TEST(pagecache_delalloc)   { every_fence(&(struct setup){ "pagecache", DX_ZERO_ON_ALLOC }); }

TEST_MAIN()
