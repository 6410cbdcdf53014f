// SPDX-License-Identifier: MIT
/*
 * Nothing durable is lost: a transaction that does not fit the metadata is
 * never written (the filesystem shuts down instead), recovery names a bad
 * record and repair keeps everything before it, fallocate over page-cache
 * reservations commits no second block, and a mapping costs memory by the
 * pages touched, not its length.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include "daxref_hooks.h"
#include "fs.h"
#include "journal.h"
#include "refutil.h"

#define MiB (1ULL << 20)

static const enum dx_zeroing zeroings[] = { DX_ZERO_ON_ALLOC,
					    DX_ZERO_UNWRITTEN };

/* --- the journal refuses what recovery would refuse ------------------- */

static bool slot_empty(struct journal *j, uint64_t slot)
{
	static const struct dxr_rec zero;

	return !memcmp(&j->recs[slot], &zero, sizeof(zero));
}

TEST(a_transaction_that_does_not_fit_is_never_written)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 16 * MiB, true);
	struct dx_file *f, *g;
	struct dx_info in;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_open(fs, "g", DX_O_CREAT, &g));
	REQUIRE(write_pat(f, 0, 8192, 3, 4096) == 8192, "write");
	REQUIRE_OK(dx_fsync(f, false));
	uint64_t pblk, head = fs->jnl.head;

	REQUIRE_OK(dx_bmap(f, 0, &pblk));
	/* Each refused for its own reason: a mapped file block, a block
	 * another file owns, a block outside the data area, no inode. */
	struct { uint64_t ino, fblk, pblk; const char *why; } bad[] = {
		{ f->ip->ino, 1, pblk + 100, "mapped already" },
		{ g->ip->ino, 0, pblk, "already owns" },
		{ g->ip->ino, 0, 1, "outside the data area" },
		{ 999, 0, pblk + 200, "does not exist" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dxr_rec r = { .type = DXR_ALLOC };
		char why[200];

		r.u.alloc.ino = bad[i].ino;
		r.u.alloc.fblk = bad[i].fblk;
		r.u.alloc.pblk = bad[i].pblk;
		r.u.alloc.len = 1;
		CHECK(meta_check(&fs->jnl.meta, &r, 1, why, sizeof(why)) ==
		      -EUCLEAN && strstr(why, bad[i].why),
		      "case %zu: '%s'", i, why);
	}
	struct dxr_rec r = { .type = DXR_ALLOC };

	r.u.alloc.ino = f->ip->ino;
	r.u.alloc.fblk = 1;
	r.u.alloc.pblk = pblk + 100;
	r.u.alloc.len = 1;
	CHECK(jnl_commit(&fs->jnl, &r, 1) == -EUCLEAN, "commit not refused");
	CHECK(fs->jnl.head == head && slot_empty(&fs->jnl, head),
	      "the refused record reached the journal");
	dx_info(fs, &in);
	REQUIRE(in.shutdown && strstr(in.shutdown, "ALLOC inode"),
		"no shutdown reason: %s", in.shutdown ? in.shutdown : "(none)");
	/* Shut down: nothing more changes, reads included, and faults
	 * raise SIGBUS (XFS after a shutdown). */
	CHECK(dx_pwrite(f, "x", 1, 0) == -EIO, "pwrite after shutdown");
	CHECK(dx_pread(f, &(char){0}, 1, 0) == -EIO, "pread after shutdown");
	CHECK(dx_fsync(f, false) == -EIO, "fsync after shutdown");
	CHECK(dx_truncate(f, 0) == -EIO, "truncate after shutdown");
	CHECK(dx_unlink(fs, "f") == -EIO, "unlink after shutdown");
	CHECK(jnl_commit(&fs->jnl, &r, 1) == -EIO, "second commit");
	/* A crash recovers from the region: the fsync'd data is there and
	 * the mount works again. */
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	dx_close(f);
	dx_close(g);
	REQUIRE_OK(dx_open(fs, "f", 0, &f));
	CHECK(verify(f, 0, 8192, 3) < 0, "fsync'd data lost");
	CHECK(dx_pwrite(f, "x", 1, 0) == 1, "not writable after recovery");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

/*
 * The command line: pagecache write (a reservation), fallocate of
 * the same block, fsync.  Before the fix writeback allocated a second
 * block and committed it, and every later mount of the image failed.
 */
TEST(fallocate_over_pagecache_reservations_keeps_one_block)
{
	for (int z = 0; z < 2; z++) {
		for (int keep = 0; keep < 2; keep++) {
			struct dx_fs *fs = ref_mount("pagecache", zeroings[z],
						     16 * MiB, true);
			struct dx_file *f;
			struct dx_info before, after;
			struct dx_stat st;

			REQUIRE(fs, "mount");
			dx_info(fs, &before);
			REQUIRE_OK(dx_open(fs, "foo", DX_O_CREAT, &f));
			REQUIRE(write_pat(f, 0, 4096, 5, 4096) == 4096, "write");
			REQUIRE_OK(dx_fallocate(f, keep ? DX_FALLOC_KEEP_SIZE
							: 0, 0, 16384));
			/* Four blocks allocated; the page's reservation is
			 * not held on top of its block. */
			dx_info(fs, &after);
			CHECK(after.free_blocks == before.free_blocks - 4,
			      "%llu blocks free after fallocate, not %llu",
			      (unsigned long long)after.free_blocks,
			      (unsigned long long)before.free_blocks - 4);
			REQUIRE_OK(dx_fsync(f, false));
			REQUIRE_OK(dx_fstat(f, &st));
			CHECK(st.blocks == 4 * 8, "%s%s: %llu sectors, not 32",
			      dx_zeroing_name(zeroings[z]), keep ? " -k" : "",
			      (unsigned long long)st.blocks);
			REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
			dx_close(f);
			REQUIRE_OK(dx_open(fs, "foo", 0, &f));
			CHECK(verify(f, 0, 4096, 5) < 0, "%s%s: data lost",
			      dx_zeroing_name(zeroings[z]), keep ? " -k" : "");
			CHECK(file_size(f) == (keep ? 4096 : 16384), "size");
			CHECK(verify(f, 4096, file_size(f) - 4096, 0) < 0,
			      "preallocated blocks do not read as zeros");
			dx_close(f);
			/* No reservation leaked: what is free is what is not
			 * owned. */
			REQUIRE_OK(dx_unlink(fs, "foo"));
			dx_info(fs, &after);
			CHECK(after.free_blocks == before.free_blocks,
			      "free blocks %llu, were %llu",
			      (unsigned long long)after.free_blocks,
			      (unsigned long long)before.free_blocks);
			REQUIRE_OK(dx_umount(fs));
		}
	}
}

/* Every mode and policy: write, fallocate, write again, zero range and
 * punch around cached data, then fsync and crash: what was fsync'd is
 * there, and the mount never shuts down. */
TEST(fallocate_mixed_with_writes_in_every_mode)
{
	for (size_t m = 0; m < NMODES; m++) {
		for (int z = 0; z < 2; z++) {
			struct dx_fs *fs = ref_mount(all_modes[m], zeroings[z],
						     16 * MiB, true);
			struct dx_file *f;
			struct dx_info in;

			REQUIRE(fs, "mount");
			REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
			REQUIRE(write_pat(f, 0, 65536, 7, 4096) == 65536, "w");
			REQUIRE_OK(dx_fallocate(f, 0, 4096, 200000));
			REQUIRE(write_pat(f, 100000, 20000, 7, 4096) == 20000,
				"w2");
			REQUIRE_OK(dx_fallocate(f, DX_FALLOC_ZERO_RANGE,
						8192, 8192));
			REQUIRE_OK(dx_fallocate(f, DX_FALLOC_PUNCH_HOLE |
						DX_FALLOC_KEEP_SIZE, 20480,
						4096));
			REQUIRE_OK(dx_fsync(f, false));
			dx_info(fs, &in);
			CHECK(!in.shutdown, "%s/%s: shut down: %s",
			      all_modes[m], dx_zeroing_name(zeroings[z]),
			      in.shutdown);
			REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
			dx_close(f);
			REQUIRE_OK(dx_open(fs, "f", 0, &f));
			CHECK(verify(f, 0, 8192, 7) < 0 &&
			      verify(f, 8192, 8192, 0) < 0 &&
			      verify(f, 16384, 4096, 7) < 0 &&
			      verify(f, 20480, 4096, 0) < 0 &&
			      verify(f, 24576, 65536 - 24576, 7) < 0 &&
			      verify(f, 65536, 100000 - 65536, 0) < 0 &&
			      verify(f, 100000, 20000, 7) < 0,
			      "%s/%s: content after crash",
			      all_modes[m], dx_zeroing_name(zeroings[z]));
			dx_close(f);
			REQUIRE_OK(dx_umount(fs));
		}
	}
}

/* --- recovery that degrades ------------------------------------------ */

/* Writes @r at the next free journal slot of a region image, with a good
 * CRC, as a buggy daxref would have. */
static void forge(uint8_t *img, const struct dxr_rec *r)
{
	const struct dxr_super *sb = (const void *)img;
	struct dxr_rec *recs = (void *)(img + sb->jnl_start * DX_BLOCK_SIZE);
	uint64_t n = sb->jnl_blocks * DX_BLOCK_SIZE / sizeof(*recs), slot = 0;
	uint64_t epoch = DXR_STATE_EPOCH(sb->state);
	uint32_t seed = (uint32_t)(sb->uuid ^ (sb->uuid >> 32));

	while (slot < n && recs[slot].epoch == epoch && recs[slot].seq == slot)
		slot++;
	recs[slot] = *r;
	recs[slot].epoch = epoch;
	recs[slot].seq = slot;
	recs[slot].flags = DXR_F_COMMIT;
	recs[slot].crc = crc32c(seed, (const uint8_t *)&recs[slot] + 4,
				sizeof(*r) - 4);
}

static char notices[4096];

static void collect(void *arg, const char *line)
{
	size_t n = strlen(notices);

	(void)arg;
	snprintf(notices + n, sizeof(notices) - n, "%s\n", line);
}

static int mount_image(const char *path, bool repair, struct dx_fs **fs,
		       char *err, size_t errlen)
{
	struct dx_opts o;

	dx_opts_init(&o);
	o.backing = DX_BACK_IMAGE;
	o.path = path;
	o.region_size = 16 * MiB;
	o.repair = repair;
	o.notice = collect;
	notices[0] = 0;
	return dx_mount(&o, fs, err, errlen);
}

TEST(a_bad_record_is_named_and_repair_keeps_what_came_before)
{
	char path[256], err[512];
	struct dx_fs *fs;
	struct dx_file *f, *g;
	uint64_t pblk, gino;

	snprintf(path, sizeof(path), "%s/daxbench-repair-%d.img", t_tmpdir(),
		 getpid());
	unlink(path);
	REQUIRE(mount_image(path, false, &fs, err, sizeof(err)) == 0,
		"%s", err);
	REQUIRE_OK(dx_open(fs, "kept", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 12288, 9, 4096) == 12288, "write");
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_bmap(f, 4096, &pblk));
	REQUIRE_OK(dx_open(fs, "victim", DX_O_CREAT, &g));
	gino = g->ip->ino;
	dx_close(f);
	dx_close(g);
	REQUIRE_OK(dx_umount(fs));

	/* A record giving victim a block of kept, then one that would be
	 * fine on its own. */
	int fd = open(path, O_RDWR);

	REQUIRE(fd >= 0, "open image");
	uint8_t *img = mmap(NULL, 16 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0);

	REQUIRE(img != MAP_FAILED, "map image");
	struct dxr_rec r = { .type = DXR_ALLOC };

	r.u.alloc.ino = gino;
	r.u.alloc.fblk = 0;
	r.u.alloc.pblk = pblk;
	r.u.alloc.len = 1;
	forge(img, &r);
	r = (struct dxr_rec){ .type = DXR_SETSIZE };
	r.u.setsize.ino = gino;
	r.u.setsize.size = 4096;
	forge(img, &r);
	munmap(img, 16 * MiB);
	close(fd);

	/* Without repair: refused, naming slot, record, inode and block. */
	char ino_s[32], blk_s[64];

	snprintf(ino_s, sizeof(ino_s), "inode %llu", (unsigned long long)gino);
	snprintf(blk_s, sizeof(blk_s), "region blocks %llu",
		 (unsigned long long)pblk);
	CHECK(mount_image(path, false, &fs, err, sizeof(err)) == -EUCLEAN,
	      "a bad journal mounted");
	CHECK(strstr(err, "slot") && strstr(err, "ALLOC") &&
	      strstr(err, ino_s) && strstr(err, blk_s) &&
	      strstr(err, "already owns") && strstr(err, "repair"),
	      "message: %s", err);
	/* Refusing wrote nothing: the same again. */
	CHECK(mount_image(path, false, &fs, err, sizeof(err)) == -EUCLEAN,
	      "second refusal");
	/* With repair: both dropped, each named; kept is intact. */
	REQUIRE(mount_image(path, true, &fs, err, sizeof(err)) == 0,
		"repair: %s", err);
	CHECK(strstr(notices, "does not apply") &&
	      strstr(notices, "dropped the transaction") &&
	      strstr(notices, "SETSIZE"), "notices:\n%s", notices);
	struct dx_info in;

	dx_info(fs, &in);
	CHECK(in.repaired == 2, "repaired %llu, not 2",
	      (unsigned long long)in.repaired);
	REQUIRE_OK(dx_open(fs, "kept", 0, &f));
	CHECK(verify(f, 0, 12288, 9) < 0, "kept lost data");
	dx_close(f);
	REQUIRE_OK(dx_open(fs, "victim", 0, &g));
	CHECK(file_size(g) == 0, "victim's dropped size came back");
	dx_close(g);
	REQUIRE_OK(dx_umount(fs));
	/* The region mounts again without repair, and nothing is dropped. */
	CHECK(mount_image(path, false, &fs, err, sizeof(err)) == 0,
	      "after repair: %s", err);
	CHECK(!notices[0], "notices on a clean mount: %s", notices);
	if (!t_failed_here) {
		REQUIRE_OK(dx_open(fs, "kept", 0, &f));
		CHECK(verify(f, 0, 12288, 9) < 0, "kept lost data");
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
	unlink(path);
}

/* --- mappings cost what they touch ----------------------------------- */

static long maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

TEST(a_huge_mapping_costs_the_pages_touched)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 8 * MiB, true);
	struct dx_file *f;
	uint8_t *a;
	long before;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "foo", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 4096, 1, 4096) == 4096, "write");
	REQUIRE_OK(dx_fsync(f, false));
	before = maxrss_kib();
	/* 2 TiB: a dense table would be 4 GiB of words. */
	REQUIRE_OK(dx_mmap(f, 0, 2ULL << 40, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&a));
	CHECK(a[0] == pat(1, 0), "mapped data");
	a[1] = pat(1, 1);
	REQUIRE_OK(dx_msync(fs, a, 2ULL << 40, DX_MS_SYNC));
	REQUIRE_OK(dx_truncate(f, 8192));
	REQUIRE_OK(dx_truncate(f, 4096));
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	CHECK(maxrss_kib() - before < 64 * 1024, "a 2 TiB mapping grew the "
	      "process by %ld KiB", maxrss_kib() - before);
	REQUIRE_OK(dx_munmap(fs, a));
	dx_close(f);
	REQUIRE_OK(dx_open(fs, "foo", 0, &f));
	CHECK(verify(f, 0, 4096, 1) < 0, "data");
	/* Lengths mmap(2) refuses are refused the same way. */
	CHECK(dx_mmap(f, 0, SIZE_MAX - 4095, DX_PROT_READ, (void **)&a) ==
	      -ENOMEM, "a length that cannot be reserved");
	CHECK(dx_mmap(f, INT64_MAX & ~4095LL, 8192, DX_PROT_READ,
		      (void **)&a) == -EOVERFLOW, "an end past the largest "
	      "file offset");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST_MAIN()
