// SPDX-License-Identifier: MIT
/*
 * The reference's file operations in every copy mode and zeroing policy:
 * read-back, truncate, punch, fallocate, zeroing of new blocks, ENOSPC,
 * remount.
 */
#include "refutil.h"

#define MiB (1ULL << 20)

static const enum dx_zeroing policies[] = { DX_ZERO_ON_ALLOC,
					    DX_ZERO_UNWRITTEN };

TEST(write_read_every_mode_and_policy)
{
	for (size_t m = 0; m < NMODES; m++) {
		for (size_t z = 0; z < 2; z++) {
			struct dx_fs *fs = ref_mount(all_modes[m], policies[z],
						     64 * MiB, false);
			struct dx_file *f;

			REQUIRE(fs, "mount");
			REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
			/* Unaligned start, odd block size, a hole between. */
			REQUIRE(write_pat(f, 1000, 3 * MiB + 123, 1, 5000) ==
				(ssize_t)(3 * MiB + 123), "write");
			REQUIRE(write_pat(f, 8 * MiB + 7, 4096, 2, 4096) == 4096,
				"second write");
			long long bad = verify(f, 1000, 3 * MiB + 123, 1);

			CHECK(bad < 0, "%s/%s: byte %lld wrong", all_modes[m],
			      dx_zeroing_name(policies[z]), bad);
			CHECK(verify(f, 0, 1000, 0) < 0, "head not zero");
			CHECK(verify(f, 3 * MiB + 1123,
				     8 * MiB + 7 - (3 * MiB + 1123), 0) < 0,
			      "%s: hole not zero", all_modes[m]);
			CHECK(verify(f, 8 * MiB + 7, 4096, 2) < 0, "tail write");
			CHECK(file_size(f) == 8 * MiB + 7 + 4096, "size");
			REQUIRE_OK(dx_fsync(f, false));
			CHECK(verify(f, 1000, 3 * MiB + 123, 1) < 0,
			      "%s: changed by fsync", all_modes[m]);
			dx_close(f);
			REQUIRE_OK(dx_umount(fs));
		}
	}
}

TEST(truncate_and_punch_read_zeros)
{
	for (size_t m = 0; m < NMODES; m++) {
		struct dx_fs *fs = ref_mount(all_modes[m], DX_ZERO_ON_ALLOC,
					     64 * MiB, false);
		struct dx_file *f;

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
		REQUIRE(write_pat(f, 0, 4 * MiB, 3, 1 << 20) == 4 * MiB, "w");
		REQUIRE_OK(dx_fsync(f, false));
		/* Punch an unaligned range: partial blocks zeroed too. */
		REQUIRE_OK(dx_fallocate(f, DX_FALLOC_PUNCH_HOLE |
					DX_FALLOC_KEEP_SIZE, 5000, 3 * 4096 + 10));
		CHECK(verify(f, 5000, 3 * 4096 + 10, 0) < 0,
		      "%s: punched range not zero", all_modes[m]);
		CHECK(verify(f, 0, 5000, 3) < 0, "%s: before punch",
		      all_modes[m]);
		CHECK(verify(f, 5000 + 3 * 4096 + 10, 4096, 3) < 0,
		      "%s: after punch", all_modes[m]);
		/* Shrink to an unaligned size, then grow: the tail of the
		 * EOF block and everything after read as zeros. */
		REQUIRE_OK(dx_truncate(f, 1 * MiB + 100));
		REQUIRE_OK(dx_truncate(f, 3 * MiB));
		CHECK(file_size(f) == 3 * MiB, "size after grow");
		CHECK(verify(f, 1 * MiB + 100, 2 * MiB - 100, 0) < 0,
		      "%s: grown range not zero", all_modes[m]);
		CHECK(verify(f, 1 * MiB, 100, 3) < 0, "%s: kept bytes",
		      all_modes[m]);
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
}

TEST(new_blocks_never_show_another_files_data)
{
	for (size_t m = 0; m < NMODES; m++) {
		for (size_t z = 0; z < 2; z++) {
			/* 16 MiB region: the second file must reuse blocks
			 * the first one freed. */
			struct dx_fs *fs = ref_mount(all_modes[m], policies[z],
						     16 * MiB, false);
			struct dx_file *a, *b;
			struct dx_info in;

			REQUIRE(fs, "mount");
			dx_info(fs, &in);
			uint64_t most = (in.free_blocks - 16) * 4096;

			REQUIRE_OK(dx_open(fs, "a", DX_O_CREAT, &a));
			REQUIRE(write_pat(a, 0, most, 9, 1 << 20) ==
				(ssize_t)most, "fill");
			REQUIRE_OK(dx_fsync(a, false));
			dx_close(a);
			REQUIRE_OK(dx_unlink(fs, "a"));
			REQUIRE_OK(dx_open(fs, "b", DX_O_CREAT, &b));
			/* Partial-block writes leave most of each new block
			 * unwritten by the caller. */
			for (uint64_t o = 0; o < most; o += 64 * 1024)
				REQUIRE(write_pat(b, o + 100, 10, 4, 10) == 10,
					"sparse write");
			for (uint64_t o = 0; o < most; o += 64 * 1024) {
				long long bad = verify(b, o, 100, 0);

				if (bad < 0)
					bad = verify(b, o + 110, 64 * 1024 - 110, 0);
				if (o + 64 * 1024 >= most)
					break;
				CHECK(bad < 0, "%s/%s: old data at %lld",
				      all_modes[m], dx_zeroing_name(policies[z]),
				      bad);
				if (bad >= 0)
					break;
			}
			dx_close(b);
			REQUIRE_OK(dx_umount(fs));
		}
	}
}

TEST(fallocate_reads_zero_and_sets_size)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_UNWRITTEN, 32 * MiB,
				     false);
	struct dx_file *f;
	struct dx_stat st;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_fallocate(f, 0, 0, 2 * MiB));
	REQUIRE_OK(dx_fstat(f, &st));
	CHECK(st.size == 2 * MiB && st.blocks == 2 * MiB / 512,
	      "size %llu blocks %llu", (unsigned long long)st.size,
	      (unsigned long long)st.blocks);
	CHECK(verify(f, 0, 2 * MiB, 0) < 0, "preallocated data not zero");
	REQUIRE(write_pat(f, 4096 + 17, 100, 5, 100) == 100, "write");
	CHECK(verify(f, 4096, 17, 0) < 0 && verify(f, 4096 + 117,
						    4096 - 117, 0) < 0,
	      "block edges around a write into unwritten space");
	CHECK(dx_fallocate(f, DX_FALLOC_PUNCH_HOLE, 0, 4096) == -EOPNOTSUPP,
	      "punch without KEEP_SIZE must be refused, as in Linux");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(enospc_gives_a_short_write_and_keeps_data)
{
	for (size_t m = 0; m < NMODES; m++) {
		struct dx_fs *fs = ref_mount(all_modes[m], DX_ZERO_ON_ALLOC,
					     16 * MiB, false);
		struct dx_file *f, *g;
		struct dx_info in;

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "keep", DX_O_CREAT, &g));
		REQUIRE(write_pat(g, 0, 1 * MiB, 6, 4096) == 1 * MiB, "keep");
		REQUIRE_OK(dx_fsync(g, false));
		dx_info(fs, &in);
		uint64_t room = in.free_blocks * 4096;

		REQUIRE_OK(dx_open(fs, "big", DX_O_CREAT, &f));
		ssize_t n = write_pat(f, 0, room + 8 * MiB, 7, 1 << 20);

		CHECK(n == (ssize_t)room, "%s: wrote %zd of room %llu",
		      all_modes[m], n, (unsigned long long)room);
		uint8_t b = 1;

		CHECK(dx_pwrite(f, &b, 1, (off_t)(room + MiB)) == -ENOSPC,
		      "%s: a write with no room must fail with ENOSPC",
		      all_modes[m]);
		REQUIRE_OK(dx_fsync(f, false));
		CHECK(verify(f, 0, (size_t)n, 7) < 0, "%s: short write data",
		      all_modes[m]);
		CHECK(verify(g, 0, 1 * MiB, 6) < 0, "%s: other file damaged",
		      all_modes[m]);
		dx_close(f);
		dx_close(g);
		REQUIRE_OK(dx_umount(fs));
	}
}

TEST(bad_arguments_are_refused)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 16 * MiB,
				     false);
	struct dx_file *f, *r;
	uint8_t b[8] = { 0 };

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	CHECK(dx_pwrite(f, b, 8, -1) == -EINVAL, "negative offset");
	CHECK(dx_pwrite(f, b, 8, INT64_MAX - 4) == -EFBIG, "overflow");
	CHECK(dx_truncate(f, -5) == -EINVAL, "negative size");
	CHECK(dx_fallocate(f, 0, 0, 0) == -EINVAL, "zero-length falloc");
	CHECK(dx_open(fs, "missing", 0, &r) == -ENOENT, "missing file");
	CHECK(dx_open(fs, "f", DX_O_CREAT | DX_O_EXCL, &r) == -EEXIST,
	      "O_EXCL");
	REQUIRE_OK(dx_open(fs, "f", DX_O_RDONLY, &r));
	CHECK(dx_pwrite(r, b, 8, 0) == -EBADF, "write on read-only handle");
	dx_close(r);
	CHECK(dx_umount(fs) == -EBUSY, "umount with an open file");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(mount_refuses_bad_options)
{
	struct dx_opts o;
	struct dx_fs *fs;
	char err[256];

	dx_opts_init(&o);
	o.mode = "turbo";
	CHECK(dx_mount(&o, &fs, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "turbo") && strstr(err, "movnt") &&
	      strstr(err, "pagecache"), "unknown mode: '%s'", err);
	dx_opts_init(&o);
	o.region_size = 1 << 20;
	CHECK(dx_mount(&o, &fs, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "too small"), "tiny region: '%s'", err);
	dx_opts_init(&o);
	o.backing = DX_BACK_IMAGE;
	o.path = "/proc/self/status";
	CHECK(dx_mount(&o, &fs, err, sizeof(err)) < 0 &&
	      strstr(err, "/proc/self/status"), "bad image: '%s'", err);
}

TEST_MAIN()
