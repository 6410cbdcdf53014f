// SPDX-License-Identifier: MIT
/*
 * The fault path: real loads and stores on mappings of reference files,
 * trapped by the SIGSEGV handler and served by ref/fault.c.
 */
#include <setjmp.h>
#include <signal.h>
#include "daxref_hooks.h"
#include "refutil.h"

#define MiB (1ULL << 20)

static sigjmp_buf bus_jmp;
static volatile sig_atomic_t got_bus;

static void on_bus(int sig)
{
	(void)sig;
	got_bus = 1;
	siglongjmp(bus_jmp, 1);
}

/* True if reading *p raised SIGBUS. */
static bool read_bus(volatile uint8_t *p)
{
	struct sigaction sa = { .sa_handler = on_bus }, old;

	got_bus = 0;
	sigaction(SIGBUS, &sa, &old);
	if (!sigsetjmp(bus_jmp, 1))
		(void)*p;
	sigaction(SIGBUS, &old, NULL);
	return got_bus;
}

static struct dx_fs *mount_mode(const char *mode, uint64_t size)
{
	return ref_mount(mode, DX_ZERO_ON_ALLOC, size, true);
}

TEST(hole_reads_zero_through_the_zero_page)
{
	struct dx_fs *fs = mount_mode("movnt", 16 * MiB);
	struct dx_file *f;
	struct dx_fault_stats st;
	const char *kind;
	bool dirty;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_truncate(f, 64 * 1024));
	REQUIRE_OK(dx_mmap(f, 0, 64 * 1024, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&m));
	CHECK(m[100] == 0 && m[5000] == 0, "hole not zero");
	REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
	CHECK(!strcmp(kind, "zero") && !dirty, "entry %s dirty %d", kind, dirty);
	dx_fault_stats(fs, &st);
	CHECK(st.zero_maps == 2, "zero maps %llu",
	      (unsigned long long)st.zero_maps);
	uint64_t pblk;

	CHECK(dx_bmap(f, 0, &pblk) == -ENODATA, "a read allocated a block");
	REQUIRE_OK(dx_munmap(fs, m));
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(stores_are_durable_after_fsync_and_lost_without)
{
	for (size_t mi = 0; mi < NMODES; mi++) {
		struct dx_fs *fs = mount_mode(all_modes[mi], 16 * MiB);
		struct dx_file *f;
		uint8_t *m;
		const char *kind;
		bool dirty;

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
		REQUIRE_OK(dx_truncate(f, 8192));
		REQUIRE_OK(dx_fsync(f, false));
		REQUIRE_OK(dx_mmap(f, 0, 8192, DX_PROT_READ | DX_PROT_WRITE,
				   (void **)&m));
		memset(m, 0x5a, 4096);		/* write fault on a hole */
		uint8_t b = 0;

		REQUIRE(dx_pread(f, &b, 1, 10) == 1 && b == 0x5a,
			"%s: pread does not see the store", all_modes[mi]);
		REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
		CHECK(dirty, "%s: the write fault did not dirty the entry (%s)",
		      all_modes[mi], kind);
		REQUIRE_OK(dx_msync(fs, m, 4096, DX_MS_SYNC));
		REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
		CHECK(!dirty, "%s: msync left the entry dirty", all_modes[mi]);
		memset(m + 4096, 0x77, 4096);	/* never synced */
		REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 3));
		dx_close(f);
		REQUIRE_OK(dx_open(fs, "f", 0, &f));
		CHECK(verify_byte_run(f, 0, 4096, 0x5a) < 0,
		      "%s: msync'd store lost", all_modes[mi]);
		CHECK(verify(f, 4096, 4096, 0) < 0,
		      "%s: unsynced store survived the crash", all_modes[mi]);
		CHECK(read_bus(m), "%s: a mapping of a crashed filesystem must "
		      "SIGBUS", all_modes[mi]);
		dx_munmap(fs, m);
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
}

/* Found by daxio's mmap tests: only MS_SYNC writes back, as msync(2). */
TEST(msync_writes_back_only_with_ms_sync)
{
	static const int flags[] = { 0, DX_MS_ASYNC, DX_MS_INVALIDATE };
	struct dx_fs *fs = mount_mode("deferred", 16 * MiB);
	struct dx_file *f;
	const char *kind;
	bool dirty;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_truncate(f, 4096));
	REQUIRE_OK(dx_mmap(f, 0, 4096, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&m));
	m[0] = 1;
	for (unsigned i = 0; i < 3; i++) {
		REQUIRE_OK(dx_msync(fs, m, 4096, flags[i]));
		REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
		CHECK(dirty, "msync flags %#x wrote back", flags[i]);
	}
	REQUIRE_OK(dx_msync(fs, m, 0, DX_MS_SYNC));
	REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
	CHECK(dirty, "msync of an empty range wrote back");
	REQUIRE_OK(dx_msync(fs, m, 1, DX_MS_SYNC));
	REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
	CHECK(!dirty, "MS_SYNC did not write back");
	dx_munmap(fs, m);
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(writeback_write_protects_so_later_stores_redirty)
{
	struct dx_fs *fs = mount_mode("movnt", 16 * MiB);
	struct dx_file *f;
	struct dx_fault_stats a, b;
	const char *kind;
	bool dirty;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_truncate(f, 4096));
	REQUIRE_OK(dx_mmap(f, 0, 4096, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&m));
	m[0] = 1;
	REQUIRE_OK(dx_fsync(f, false));
	dx_fault_stats(fs, &a);
	m[1] = 2;			/* write-protected: pfn_mkwrite */
	dx_fault_stats(fs, &b);
	CHECK(b.mkwrite_faults == a.mkwrite_faults + 1,
	      "no mkwrite fault after writeback (%llu -> %llu)",
	      (unsigned long long)a.mkwrite_faults,
	      (unsigned long long)b.mkwrite_faults);
	REQUIRE_OK(dx_entry_kind(f, 0, &kind, &dirty));
	CHECK(dirty, "the store after writeback did not re-dirty");
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	dx_close(f);
	REQUIRE_OK(dx_open(fs, "f", 0, &f));
	uint8_t got[2];

	REQUIRE(dx_pread(f, got, 2, 0) == 2, "read");
	CHECK(got[0] == 1 && got[1] == 2, "got %d %d", got[0], got[1]);
	dx_munmap(fs, m);
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(access_past_eof_raises_sigbus)
{
	struct dx_fs *fs = mount_mode("movnt", 16 * MiB);
	struct dx_file *f;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 3 * 4096, 1, 4096) == 3 * 4096, "write");
	REQUIRE_OK(dx_mmap(f, 0, 4 * 4096, DX_PROT_READ, (void **)&m));
	CHECK(!read_bus(m + 2 * 4096), "SIGBUS inside the file");
	CHECK(read_bus(m + 3 * 4096), "no SIGBUS past EOF");
	REQUIRE_OK(dx_truncate(f, 4096));
	CHECK(read_bus(m + 2 * 4096), "no SIGBUS after truncate: the page is "
	      "still mapped");
	CHECK(!read_bus(m + 100) && m[100] == pat(1, 100), "kept page");
	dx_munmap(fs, m);
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

/* POSIX: the bytes of the EOF page beyond the size read as zeros through
 * a mapping, so a truncate down to the middle of a block zeroes the rest
 * of it (ref/truncate.c); a later extend would hide a tail kept there. */
TEST(truncate_down_zeroes_the_rest_of_the_eof_page)
{
	static const char *const modes[] = { "movnt", "deferred", "pagecache" };

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct dx_fs *fs = mount_mode(modes[i], 16 * MiB);
		struct dx_file *f;
		uint8_t *m;
		size_t bad = 0;

		REQUIRE(fs, "mount");
		REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
		REQUIRE(write_pat(f, 0, 2 * 4096, 7, 4096) == 2 * 4096, "write");
		REQUIRE_OK(dx_fsync(f, false));
		REQUIRE_OK(dx_truncate(f, 4096 + 100));
		REQUIRE_OK(dx_mmap(f, 0, 2 * 4096, DX_PROT_READ, (void **)&m));
		CHECK(!read_bus(m + 4096 + 99) && m[4096 + 99] == pat(7, 4096 + 99),
		      "%s: the kept byte before the new EOF", modes[i]);
		for (size_t o = 4096 + 100; o < 2 * 4096; o++)
			bad += m[o] != 0;
		CHECK(!bad, "%s: %zu bytes of the EOF page past the new size are "
		      "not zero after a truncate down", modes[i], bad);
		dx_munmap(fs, m);
		dx_close(f);
		REQUIRE_OK(dx_umount(fs));
	}
}

TEST(pmd_fault_maps_2m_when_aligned)
{
	struct dx_fs *fs = mount_mode("movnt", 64 * MiB);
	struct dx_file *f;
	struct dx_fault_stats st;
	const char *kind;
	bool dirty;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_truncate(f, 4 * MiB));
	REQUIRE_OK(dx_mmap(f, 0, 4 * MiB, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&m));
	CHECK(((uintptr_t)m & (2 * MiB - 1)) == 0, "mapping not PMD-aligned");
	m[2 * MiB + 5] = 9;		/* write fault on a 2 MiB hole */
	dx_fault_stats(fs, &st);
	CHECK(st.pmd_faults == 1, "pmd faults %llu fallbacks %llu",
	      (unsigned long long)st.pmd_faults,
	      (unsigned long long)st.pmd_fallbacks);
	REQUIRE_OK(dx_entry_kind(f, 512 + 100, &kind, &dirty));
	CHECK(!strcmp(kind, "pmd") && dirty, "entry %s dirty %d", kind, dirty);
	m[2 * MiB + 4 * 4096] = 8;	/* inside the PMD: no new fault */
	struct dx_fault_stats st2;

	dx_fault_stats(fs, &st2);
	CHECK(st2.write_faults + st2.pmd_faults == st.write_faults +
	      st.pmd_faults, "a store inside a mapped PMD faulted");
	REQUIRE_OK(dx_fsync(f, false));
	dx_fault_stats(fs, &st2);
	CHECK(st2.flushed_bytes == 2 * MiB, "fsync flushed %llu bytes",
	      (unsigned long long)st2.flushed_bytes);
	dx_munmap(fs, m);
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

/* deferred: write() tags entries for fsync; once flushed they go, so
 * the tree does not grow and a later PMD fault is not blocked by them. */
TEST(deferred_write_entries_go_after_fsync)
{
	struct dx_fs *fs = mount_mode("deferred", 64 * MiB);
	struct dx_file *f;
	struct dx_fault_stats st;
	struct dx_stat s;
	const char *kind;
	bool dirty;
	uint8_t *m;

	REQUIRE(fs, "mount");
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE(write_pat(f, 0, 4 * MiB, 3, 4096) == (ssize_t)(4 * MiB), "w");
	REQUIRE_OK(dx_entry_kind(f, 7, &kind, &dirty));
	CHECK(!strcmp(kind, "pte") && dirty, "before fsync: %s dirty %d", kind,
	      dirty);
	REQUIRE_OK(dx_fsync(f, false));
	REQUIRE_OK(dx_entry_kind(f, 7, &kind, &dirty));
	CHECK(!strcmp(kind, "none"), "after fsync the entry is still %s", kind);
	REQUIRE_OK(dx_mmap(f, 0, 4 * MiB, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&m));
	m[2 * MiB] = 1;
	dx_fault_stats(fs, &st);
	CHECK(st.pmd_faults == 1 && st.pmd_fallbacks == 0,
	      "pmd faults %llu fallbacks %llu",
	      (unsigned long long)st.pmd_faults,
	      (unsigned long long)st.pmd_fallbacks);
	REQUIRE_OK(dx_fstat(f, &s));
	dx_munmap(fs, m);
	dx_close(f);
	REQUIRE_OK(dx_crash(fs, DX_CRASH_CLEAN, 0));
	REQUIRE_OK(dx_open(fs, "f", 0, &f));
	CHECK(verify(f, 0, 2 * MiB, 3) < 0, "fsync'd data lost");
	dx_close(f);
	REQUIRE_OK(dx_umount(fs));
}

TEST(pwrite_from_a_mapping_keeps_the_lock_order)
{
	struct dx_fs *fs = mount_mode("deferred", 16 * MiB);
	struct dx_file *f, *g;
	uint8_t *src;

	REQUIRE(fs, "mount");
	dx_lockdep_reset();
	dx_lockdep_enable(true);
	REQUIRE_OK(dx_open(fs, "f", DX_O_CREAT, &f));
	REQUIRE_OK(dx_open(fs, "g", DX_O_CREAT, &g));
	REQUIRE(write_pat(g, 0, 8192, 4, 8192) == 8192, "write g");
	REQUIRE_OK(dx_mmap(g, 0, 8192, DX_PROT_READ | DX_PROT_WRITE,
			   (void **)&src));
	(void)*(volatile uint8_t *)src;	/* a fault outside write() first */
	REQUIRE(dx_pwrite(f, src + 4096, 4096, 0) == 4096, "pwrite");
	CHECK(dx_lockdep_nreports() == 0, "lockdep: %s",
	      dx_lockdep_report(0));
	CHECK(verify(f, 0, 4096, 0) >= 0 && file_size(f) == 4096, "size");
	dx_lockdep_enable(false);
	dx_munmap(fs, src);
	dx_close(f);
	dx_close(g);
	REQUIRE_OK(dx_umount(fs));
}

TEST(unknown_profile_lists_the_valid_ones)
{
	struct dx_opts o;
	struct dx_fs *fs;
	char err[512];

	dx_opts_init(&o);
	o.profile = "buggy";
	CHECK(dx_mount(&o, &fs, err, sizeof(err)) == -EINVAL &&
	      strstr(err, "buggy") && strstr(err, "fixed") &&
	      strstr(err, "invalidate-drops-dirty"), "'%s'", err);
}

TEST_MAIN()
