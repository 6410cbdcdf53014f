// SPDX-License-Identifier: MIT
/*
 * Durability through dx_crash(): what each copy mode promises, and proof
 * that the model catches a mode that does not keep its promise.
 */
#include "refutil.h"

#define MiB (1ULL << 20)

static struct dx_file *reopen(struct dx_fs *fs, const char *name)
{
	struct dx_file *f = NULL;

	if (dx_open(fs, name, 0, &f))
		return NULL;
	return f;
}

TEST(fsynced_writes_survive_crash_in_every_mode)
{
	static const enum dx_zeroing zs[] = { DX_ZERO_ON_ALLOC,
					      DX_ZERO_UNWRITTEN };
	for (size_t m = 0; m < NMODES; m++) {
		for (int z = 0; z < 2; z++) {
			for (int torn = 0; torn < 2; torn++) {
				struct dx_fs *fs = ref_mount(all_modes[m], zs[z],
							     32 * MiB, true);
				struct dx_file *f;

				REQUIRE(fs, "mount");
				REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
				REQUIRE(write_pat(f, 777, 5 * MiB, 11, 4096) ==
					(ssize_t)(5 * MiB), "write");
				REQUIRE_OK(dx_fsync(f, false));
				REQUIRE_OK(dx_crash(fs, torn ? DX_CRASH_TORN
							     : DX_CRASH_CLEAN,
						    42));
				CHECK(dx_pread(f, &(uint8_t){0}, 1, 0) == -ESTALE,
				      "old handle must be stale");
				dx_close(f);
				f = reopen(fs, "f");
				REQUIRE(f, "%s: file gone after crash",
					all_modes[m]);
				CHECK(file_size(f) == 777 + 5 * MiB,
				      "%s/%s: size %llu", all_modes[m],
				      dx_zeroing_name(zs[z]),
				      (unsigned long long)file_size(f));
				long long bad = verify(f, 777, 5 * MiB, 11);

				CHECK(bad < 0, "%s/%s%s: byte %lld lost",
				      all_modes[m], dx_zeroing_name(zs[z]),
				      torn ? " (torn)" : "", bad);
				CHECK(verify(f, 0, 777, 0) < 0, "head");
				dx_close(f);
				REQUIRE_OK(dx_umount(fs));
			}
		}
	}
}

/*
 * Overwrite fsync'd data with a new pattern and crash without fsync:
 * movnt and clwb made it durable inside write(); deferred and pagecache
 * had only put it in the CPU cache or the page cache, so it is gone.
 */
TEST(unsynced_overwrite_lost_only_where_promised)
{
	for (size_t m = 0; m < NMODES; m++) {
		struct dx_fs *fs = ref_mount(all_modes[m], DX_ZERO_ON_ALLOC,
					     32 * MiB, true);
		struct dx_file *f;
		bool durable_at_write = !strcmp(all_modes[m], "movnt") ||
					!strcmp(all_modes[m], "clwb");

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
		REQUIRE(write_pat(f, 0, 2 * MiB, 1, 1 << 20) == 2 * MiB, "w1");
		REQUIRE_OK(dx_fsync(f, false));
		REQUIRE(write_pat(f, 0, 2 * MiB, 2, 4096) == 2 * MiB, "w2");
		REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 1));
		dx_close(f);
		f = reopen(fs, "f");
		REQUIRE(f, "reopen");
		long long new_bad = verify(f, 0, 2 * MiB, 2);
		long long old_bad = verify(f, 0, 2 * MiB, 1);

		if (durable_at_write)
			CHECK(new_bad < 0, "%s: overwrite lost at %lld, but "
			      "write() had made it durable", all_modes[m],
			      new_bad);
		else
			CHECK(old_bad < 0, "%s: unsynced overwrite survived "
			      "(byte %lld is not the old data): the model "
			      "missed a non-durable write", all_modes[m],
			      old_bad);
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
}

TEST(unsynced_extension_loses_the_size)
{
	for (size_t m = 0; m < NMODES; m++) {
		struct dx_fs *fs = ref_mount(all_modes[m], DX_ZERO_ON_ALLOC,
					     32 * MiB, true);
		struct dx_file *f;

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
		REQUIRE(write_pat(f, 0, MiB, 1, 4096) == MiB, "w");
		REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 1));
		dx_close(f);
		f = reopen(fs, "f");
		REQUIRE(f, "%s: a created file is durable at create",
			all_modes[m]);
		CHECK(file_size(f) == 0, "%s: size %llu survived without fsync",
		      all_modes[m], (unsigned long long)file_size(f));
		/* The blocks written past the durable EOF must not come back
		 * when the file is extended over them. */
		REQUIRE_OK(dx_truncate(f, MiB));
		CHECK(verify(f, 0, MiB, 0) < 0, "%s: truncate up after the "
		      "crash shows data written past EOF", all_modes[m]);
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
}

/* The deliberately broken mode: cached copy, no flush, ever.  If the
 * model let this survive, no durability result of the suite would mean
 * anything. */
TEST(cached_copy_without_flush_loses_data)
{
	struct dx_fs *fs = ref_mount("nocflush", DX_ZERO_ON_ALLOC, 32 * MiB,
				     true);
	struct dx_file *f;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 2 * MiB, 5, 4096) == 2 * MiB, "write");
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 1));
	dx_close(f);
	f = reopen(fs, "f");
	REQUIRE(f, "reopen");
	CHECK(file_size(f) == 2 * MiB, "the size was logged by fsync");
	CHECK(verify(f, 0, 2 * MiB, 5) >= 0,
	      "nocflush data survived a crash: the model cannot fail");
	CHECK(verify(f, 0, 2 * MiB, 0) < 0,
	      "lost data must read as the zeros of zero-on-alloc");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(sizes_and_extents_survive_recovery)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 64 * MiB, true);
	struct dx_file *f;
	struct dx_stat a, b;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	/* Allocation churn: enough journal records to wrap the journal
	 * twice, so recovery reads a checkpoint and replays a tail. */
	for (int i = 0; i < 20; i++) {
		REQUIRE(write_pat(f, 40 * MiB, 8 * MiB, 1, 4096) ==
			(ssize_t)(8 * MiB), "churn %d", i);
		REQUIRE_OK(dx_fallocate(f, DX_FALLOC_PUNCH_HOLE |
					DX_FALLOC_KEEP_SIZE, 40 * MiB, 8 * MiB));
	}
	REQUIRE_OK(dx_truncate(f, 0));
	for (int i = 0; i < 3; i++) {
		REQUIRE(write_pat(f, (uint64_t)i * 12 * MiB, 8 * MiB, 3, 4096) ==
			(ssize_t)(8 * MiB), "write %d", i);
	}
	REQUIRE_OK(dx_fallocate(f, DX_FALLOC_PUNCH_HOLE | DX_FALLOC_KEEP_SIZE,
				MiB, MiB));
	REQUIRE_OK(dx_truncate(f, 30 * MiB + 5));
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_fstat(f, &a));
	struct dx_info in;

	dx_info(fs, &in);
	CHECK(in.checkpoints >= 2, "only %llu checkpoints: the journal "
	      "never wrapped", (unsigned long long)in.checkpoints);
	REQUIRE_OK(dx_crash(fs, DX_CRASH_TORN, 7));
	dx_close(f);
	f = reopen(fs, "f");
	REQUIRE(f, "reopen");
	REQUIRE_OK(dx_fstat(f, &b));
	CHECK(a.size == b.size && a.blocks == b.blocks &&
	      a.extents == b.extents, "size %llu->%llu blocks %llu->%llu "
	      "extents %llu->%llu", (unsigned long long)a.size,
	      (unsigned long long)b.size, (unsigned long long)a.blocks,
	      (unsigned long long)b.blocks, (unsigned long long)a.extents,
	      (unsigned long long)b.extents);
	CHECK(verify(f, MiB, MiB, 0) < 0, "punched range");
	CHECK(verify(f, 24 * MiB, 6 * MiB + 5, 3) < 0, "last write");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

/* A torn crash may keep any subset of unsynced lines, but a block that a
 * deleted file used must never come back with that file's data. */
TEST(torn_crash_never_exposes_freed_data)
{
	static const enum dx_zeroing zs[] = { DX_ZERO_ON_ALLOC,
					      DX_ZERO_UNWRITTEN };
	for (size_t m = 0; m < NMODES; m++) {
		for (int z = 0; z < 2; z++) {
			struct dx_fs *fs = ref_mount(all_modes[m], zs[z],
						     16 * MiB, true);
			struct dx_file *a, *b;
			struct dx_info in;
			static uint8_t buf[4096];

			REQUIRE(fs, "mount");
			dx_info(fs, &in);
			uint64_t most = (in.free_blocks - 8) * 4096;

			/* The deleted file is all 0xA5: no pattern makes a
			 * run of eight of those by chance. */
			memset(buf, 0xA5, sizeof(buf));
			REQUIRE_OK(dx_open(fs, "a", DX_O_CREAT, &a));
			for (uint64_t o = 0; o < most; o += 4096)
				REQUIRE(dx_pwrite(a, buf, 4096, (off_t)o) == 4096,
					"fill");
			REQUIRE_OK(dx_fsync(a, false));
			dx_close(a);
			REQUIRE_OK(dx_unlink(fs, "a"));
			REQUIRE_OK(dx_open(fs, "b", DX_O_CREAT, &b));
			for (uint64_t o = 0; o + 4096 <= most; o += 8192)
				REQUIRE(write_pat(b, o + 1000, 200, 4, 200) ==
					200, "write");
			REQUIRE_OK(dx_truncate(b, (off_t)most));
			REQUIRE_OK(dx_fsync(b, false));
			/* More unsynced writes, then a torn crash. */
			for (uint64_t o = 4096; o + 4096 <= most; o += 8192)
				REQUIRE(write_pat(b, o + 50, 100, 8, 100) == 100,
					"write 2");
			REQUIRE_OK(dx_crash(fs, DX_CRASH_TORN, 99 + m));
			dx_close(b);
			b = reopen(fs, "b");
			REQUIRE(b, "reopen");
			for (uint64_t o = 0; o + 4096 <= most; o += 4096) {
				REQUIRE(dx_pread(b, buf, 4096, (off_t)o) == 4096,
					"read");
				for (int i = 0; i < 4096; i += 8) {
					uint64_t w;

					memcpy(&w, buf + i, 8);
					if (w == 0xA5A5A5A5A5A5A5A5ULL) {
						CHECK(0, "%s/%s: block at %llu "
						      "shows the deleted "
						      "file's data",
						      all_modes[m],
						      dx_zeroing_name(zs[z]),
						      (unsigned long long)o);
						goto next;
					}
				}
			}
next:
			dx_close(b);
			REQUIRE_OK(dx_umount(fs));
		}
	}
}

TEST(open_unlinked_file_is_reclaimed_by_recovery)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 16 * MiB, true);
	struct dx_file *f;
	struct dx_info before, after;

	REQUIRE(fs, "mount");
	dx_info(fs, &before);
	REQUIRE_OK(dx_open(fs, "tmp", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 4 * MiB, 1, 1 << 20) == 4 * MiB, "write");
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_unlink(fs, "tmp"));
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	dx_close(f);
	dx_info(fs, &after);
	CHECK(after.free_blocks == before.free_blocks,
	      "orphan kept %llu blocks",
	      (unsigned long long)(before.free_blocks - after.free_blocks));
	CHECK(reopen(fs, "tmp") == NULL, "unlinked name came back");
	REQUIRE_OK(dx_umount(fs));
}

TEST(crash_needs_tracking)
{
	struct dx_fs *fs = ref_mount("movnt", DX_ZERO_ON_ALLOC, 16 * MiB, false);

	REQUIRE(fs, "mount");
	CHECK(dx_crash(fs, DX_CRASH_CLEAN, 0) == -EOPNOTSUPP,
	      "crash without the model must be refused");
	REQUIRE_OK(dx_umount(fs));
}

TEST_MAIN()
