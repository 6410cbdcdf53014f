// SPDX-License-Identifier: MIT
/*
 * hole-to-pmd.c - the catalogue's hole-to-pmd check on a real DAX mount
 * (Ross Zwisler, [PATCH v7 2/9] dax: fix conversion of holes to PMDs,
 * 2016-01-06): when a PMD write fault fills a 2 MiB range in which 4 KiB
 * zero pages were mapped, those are unmapped from every mapping, so the
 * other mappings see the data.
 *
 * The file is sparse, 2 MiB aligned (on XFS with a 2 MiB extent size hint
 * so the blocks are too).  Each iteration takes one 2 MiB unit that is
 * still a hole:
 *  - mapping A covers it at an address 4 KiB off a 2 MiB boundary, so its
 *    faults can only be 4 KiB ones: a few random pages are read (hole:
 *    the zero page);
 *  - mapping B covers it at a 2 MiB-aligned address and the whole unit is
 *    written through it: the first store is the PMD write fault;
 *  - A (all of it), B and pread() must show the data.
 *
 * PMD or PTE?  The kernel has no counter for DAX PMD faults (smaps'
 * FilePmdMapped and thp_* do not count DAX).  Two witnesses are used:
 *  - the fs_dax:dax_pmd_fault_done tracepoint, in a private tracefs
 *    instance (needs root and tracefs mounted): NOPAGE is a PMD mapping,
 *    FALLBACK is PTEs;
 *  - VmPTE in /proc/self/status around B's first store: a PMD fault
 *    allocates no page table page, a PTE fallback allocates one (A's
 *    faults have already made the PMD table of that gigabyte).
 * The result's pmd= field says what they saw, or that it cannot tell.
 *
 * Every other iteration is a control: A is mapped but no hole is read, so
 * B's fault meets no 4 KiB entries.  A kernel that refuses a PMD over a
 * range holding 4 KiB entries (today's fs/dax.c falls back to PTEs on
 * such a conflict) shows PMDs in the controls and fallbacks in the
 * others; one whose blocks are not 2 MiB aligned (XFS without a 2 MiB
 * stripe unit, mkfs.xfs -d su=2m,sw=1) shows fallbacks in both.
 *
 * On a mount without DAX the check is a skip: there are no DAX PMD faults.
 *
 * --break private-cow: A is a MAP_PRIVATE mapping and stores back what it
 * read, so its zero pages become private copies no PMD fault can unmap
 * (the view the bug left).  The check must fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "stress.h"

#define NUNITS	16

static const char *tracefs_opt, *any_fs;

static const struct stress_break breaks[] = {
	{ "private-cow", "mapping A is MAP_PRIVATE and copies its zero pages on a store, so the PMD fault cannot unmap them", false },
	{ "wrong-pattern", "verify against another pattern", true },
	{ 0 }
};

static const struct stress_extra extras[] = {
	{ "tracefs", "DIR", "tracefs mount (default /sys/kernel/tracing, then /sys/kernel/debug/tracing)", &tracefs_opt },
	{ "any-fs", NULL, "run on a non-DAX file too (the invariant holds for the page cache; there is no DAX PMD fault to see)", &any_fs },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-hole-to-pmd",
	.check = "hole-to-pmd",
	.summary = "4 KiB hole pages in a range a PMD write fault fills are unmapped: the other mapping sees the data.",
	.breaks = breaks,
	.extras = extras,
	.def_iterations = 2000,
	.def_seconds = 10,
};

/* --- the tracepoint witness ---------------------------------------------- */

static char inst[4200];		/* our tracefs instance, "" when none */

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

static void trace_start(char *why, size_t len)
{
	const char *roots[] = { tracefs_opt, "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char p[4400];

	for (size_t k = 0; k < 3; k++) {
		struct stat st;

		if (!roots[k])
			continue;
		snprintf(p, sizeof(p), "%s/instances", roots[k]);
		if (stat(p, &st) < 0)
			continue;
		snprintf(inst, sizeof(inst), "%s/instances/daxbench-hole-to-pmd.%d", roots[k], (int)getpid());
		if (mkdir(inst, 0700) < 0) {
			snprintf(why, len, "cannot make a tracefs instance in %.200s: %s", p, strerror(errno));
			inst[0] = 0;
			return;
		}
		snprintf(p, sizeof(p), "%s/events/fs_dax/dax_pmd_fault_done/enable", inst);
		if (write_str(p, "1") < 0) {
			snprintf(why, len, "no fs_dax:dax_pmd_fault_done tracepoint (%.200s)", p);
			rmdir(inst);
			inst[0] = 0;
			return;
		}
		return;
	}
	snprintf(why, len, "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
}

/* Counts the PMD fault results logged since the last call, then clears. */
static void trace_take(unsigned long *nopage, unsigned long *fallback, unsigned long *other)
{
	char p[4400], line[1024];
	FILE *f;

	snprintf(p, sizeof(p), "%s/trace", inst);
	f = fopen(p, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "dax_pmd_fault_done"))
			continue;
		if (strstr(line, "FALLBACK"))
			(*fallback)++;
		else if (strstr(line, "NOPAGE"))
			(*nopage)++;
		else
			(*other)++;
	}
	fclose(f);
	write_str(p, "");
}

static void trace_stop(void)
{
	char p[4400];

	if (!inst[0])
		return;
	snprintf(p, sizeof(p), "%s/events/fs_dax/dax_pmd_fault_done/enable", inst);
	write_str(p, "0");
	rmdir(inst);
}

/*
 * Whether the blocks behind the 2 MiB unit at @base are one physically
 * 2 MiB-aligned run (FIEMAP): 1 yes, 0 no, -1 cannot tell.  A PMD needs it.
 */
static int unit_aligned(int fd, off_t base)
{
	struct fiemap_ext ext[64];
	int n = fiemap_read(fd, ext, 64);

	if (n <= 0)
		return -1;
	for (int k = 0; k < n; k++) {
		uint64_t lo = ext[k].logical, hi = lo + ext[k].length;

		if ((uint64_t)base < lo || (uint64_t)base >= hi)
			continue;
		return hi >= (uint64_t)base + STRESS_PMD &&
		       (ext[k].physical + ((uint64_t)base - lo)) % STRESS_PMD == 0;
	}
	return 0;
}

/* --- the VmPTE witness ------------------------------------------------------ */

static long vmpte_kb(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPTE: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* An XFS extent size hint of 2 MiB, so the blocks come 2 MiB aligned. */
static int set_extsize(int fd)
{
	struct fsxattr fa;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) < 0)
		return -errno;
	fa.fsx_xflags |= FS_XFLAG_EXTSIZE;
	fa.fsx_extsize = STRESS_PMD;
	return ioctl(fd, FS_IOC_FSSETXATTR, &fa) < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[STRESS_PMD], got[STRESS_PMD];
	struct stress_opts o;
	struct stress_result r;
	struct stress_rng rng;
	/* witnesses per kind of iteration: [0] 4 KiB holes read, [1] control */
	unsigned long i, bad = 0, nopage[2] = { 0 }, fallback[2] = { 0 }, tother = 0,
		      pte_same[2] = { 0 }, pte_grew[2] = { 0 }, pte_unknown = 0, holes_read = 0,
		      ctl_al[3] = { 0 };	/* controls' units: [0] not, [1] 2 MiB aligned, [2] unknown */
	char first[320] = "", twhy[300] = "", path[4096];
	int fd, dax, cow, ext_rc = -EOPNOTSUPP;
	const char *fs;
	struct statvfs sv;
	unsigned long long free_mib = 0, size_mib = 0;

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	stress_result_init(&r, prog.check);
	rng.s = o.seed ^ 0x6666;
	cow = stress_breaking(&o, "private-cow");
	stress_path(&o, "hole-to-pmd.dat", path, sizeof(path));

	fd = stress_open(&o, "hole-to-pmd.dat", O_RDWR | O_CREAT | O_TRUNC);
	dax = stress_file_dax(fd);
	fs = stress_fs_name(fd);
	if (dax != 1 && !any_fs) {
		r.status = ST_SKIP;
		stress_note(&r, "PMD faults of file data need DAX: STATX_ATTR_DAX=%d on this %s mount", dax, fs);
		stress_report(&r);
		close(fd);
		unlink(path);
		return stress_finish();
	}
	/* A nearly full filesystem has no 2 MiB-aligned free extent: say so */
	if (fstatvfs(fd, &sv) == 0) {
		free_mib = (unsigned long long)sv.f_bfree * sv.f_frsize >> 20;
		size_mib = (unsigned long long)sv.f_blocks * sv.f_frsize >> 20;
	}
	if (!strcmp(fs, "xfs"))
		ext_rc = set_extsize(fd);
	if (ftruncate(fd, (off_t)(NUNITS * STRESS_PMD)) < 0)
		stress_die("ftruncate", errno);
	trace_start(twhy, sizeof(twhy));

	for (i = 0; stress_more(&o, i); i++) {
		unsigned long u = i % NUNITS;
		off_t base = (off_t)(u * STRESS_PMD);
		uint64_t seed = stress_mix(o.seed + i + 1), at = 0;
		uint8_t *resv, *a, *b, v;
		long before, after;
		size_t done;
		int touched[8], ctl = (int)(i & 1), nt = ctl ? 0 : 1 + (int)(stress_rand(&rng) % 8);

		if (u == 0 && i) {
			if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
				      (off_t)(NUNITS * STRESS_PMD)) < 0)
				stress_die("fallocate(PUNCH_HOLE)", errno);
		}
		/* 8 MiB of address space, 2 MiB aligned: A at +4 KiB, B at +4 MiB. */
		resv = stress_mmap_aligned(4 * STRESS_PMD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
					   STRESS_PMD, 0);
		if (resv == MAP_FAILED)
			stress_die("mmap (reservation)", errno);
		a = mmap(resv + STRESS_PAGE, STRESS_PMD, cow ? PROT_READ | PROT_WRITE : PROT_READ,
			 (cow ? MAP_PRIVATE : MAP_SHARED) | MAP_FIXED, fd, base);
		b = mmap(resv + 2 * STRESS_PMD, STRESS_PMD, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, base);
		if (a == MAP_FAILED || b == MAP_FAILED)
			stress_die("mmap", errno);

		for (int k = 0; k < nt; k++) {
			touched[k] = (int)(stress_rand(&rng) % (STRESS_PMD / STRESS_PAGE));
			if (probe_load(a + (size_t)touched[k] * STRESS_PAGE, &v))
				stress_die("load of a hole through mapping A (SIGBUS)", EFAULT);
			if (cow)
				probe_store(a + (size_t)touched[k] * STRESS_PAGE, v);
			holes_read++;
		}
		if (inst[0]) {	/* A's faults are PTE ones: not counted */
			unsigned long x = 0, y = 0, z = 0;

			trace_take(&x, &y, &z);
		}

		pat_fill(buf, STRESS_PMD, seed, (uint64_t)base);
		before = vmpte_kb();
		if (probe_fill(b, buf, STRESS_PMD))
			stress_die("store through mapping B (SIGBUS: no space?)", ENOSPC);
		after = vmpte_kb();
		if (inst[0])
			trace_take(&nopage[ctl], &fallback[ctl], &tother);
		if (ctl && !cow) {
			int al = unit_aligned(fd, base);

			ctl_al[al < 0 ? 2 : al]++;
		}
		/* A's faults made the PMD table of this gigabyte, unless A
		 * was not touched (a control) or B sits in another gigabyte. */
		if (ctl || before < 0 || after < 0 ||
		    ((uintptr_t)resv >> 30) != (((uintptr_t)resv + 4 * STRESS_PMD - 1) >> 30))
			pte_unknown++;
		else if (after == before)
			pte_same[ctl]++;
		else
			pte_grew[ctl]++;

		uint64_t want = stress_breaking(&o, "wrong-pattern") ? stress_mix(seed) : seed;
		const char *vn[3] = { "mapping A (4 KiB faults)", "mapping B (the PMD fault)", "pread" };

		for (int view = 0; view < 3; view++) {
			if (view == 2) {
				if (stress_pread_all(fd, got, STRESS_PMD, base) < 0)
					stress_die("pread", errno);
			} else if (probe_copy(got, view ? b : a, STRESS_PMD, &done)) {
				stress_die("load through a mapping (SIGBUS within EOF)", EFAULT);
			}
			if (!pat_check(got, STRESS_PMD, want, (uint64_t)base, &at))
				continue;
			bad++;
			if (!first[0]) {
				int was_read = 0;

				for (int k = 0; k < nt; k++)
					was_read |= (uint64_t)touched[k] == (at - (uint64_t)base) / STRESS_PAGE;
				snprintf(first, sizeof(first),
					 "iteration %lu: %s shows %s at file offset %llu%s",
					 i, vn[view],
					 pat_check(got + ((at - (uint64_t)base) & ~(STRESS_PAGE - 1)), STRESS_PAGE, 0,
						   0, NULL) == 0 ? "a zero page" : "wrong data",
					 (unsigned long long)at,
					 was_read ? " (a page it had read while it was a hole)" : "");
			}
		}
		munmap(resv, 4 * STRESS_PMD);
	}
	trace_stop();

	r.iterations = i;
	r.seconds = stress_now() - o.t0;
	if (bad) {
		r.status = ST_FAIL;
		stress_note(&r, "%lu stale or wrong views in %lu iterations", bad, i);
		stress_note(&r, "first: %s", first);
	} else {
		stress_note(&r, "every mapping saw the data written over %lu hole pages in %lu iterations",
			    holes_read, i);
	}

	/* What the witnesses say about PMD against PTE. */
	if (!twhy[0] && nopage[0] + fallback[0] + nopage[1] + fallback[1]) {
		snprintf(r.pmd, sizeof(r.pmd), "%s(tracepoint:after-4k-holes:%lu-pmd/%lu-fallback;control:%lu-pmd/%lu-fallback)",
			 nopage[0] && !fallback[0] ? "yes" : !nopage[0] ? "no" : "some",
			 nopage[0], fallback[0], nopage[1], fallback[1]);
	} else if (pte_same[0] + pte_grew[0]) {
		snprintf(r.pmd, sizeof(r.pmd), "%s(vmpte:after-4k-holes:%lu-no-pte-table/%lu-pte-table)",
			 pte_same[0] && !pte_grew[0] ? "likely" : !pte_same[0] ? "no" : "some",
			 pte_same[0], pte_grew[0]);
	} else {
		snprintf(r.pmd, sizeof(r.pmd), "unknown");
	}
	stress_note(&r, "PMD witness: tracepoint fs_dax:dax_pmd_fault_done %s",
		    twhy[0] ? twhy : "read");
	if (!twhy[0]) {
		stress_note(&r, "B's PMD faults after 4 KiB holes were read: %lu NOPAGE (PMD mapped), %lu FALLBACK (PTEs)%s",
			    nopage[0], fallback[0], tother ? ", others too" : "");
		stress_note(&r, "in the controls (no hole read first): %lu NOPAGE, %lu FALLBACK%s",
			    nopage[1], fallback[1],
			    nopage[1] && !nopage[0] ? ": PMDs are possible here, and the kernel falls back to PTEs over a range that holds 4 KiB entries" :
			    !nopage[1] && fallback[1] ? (ctl_al[1] && !ctl_al[0] ? ": no PMD at all here, although the blocks were 2 MiB aligned: the kernel declined for another reason"
			    : size_mib && free_mib < 64 ? ": no PMD at all here: the filesystem was nearly full (see free space), so no free extent was 2 MiB aligned"
			    : ctl_al[0] ? ": no PMD at all here (blocks not 2 MiB aligned, see FIEMAP below: for XFS on pmem, mkfs.xfs -d su=2m,sw=1, ./run.sh --mkfs-xfs)"
			    : ": no PMD at all here (blocks not 2 MiB aligned? FIEMAP could not tell)") : "");
		if (ctl_al[0] + ctl_al[1] + ctl_al[2])
			stress_note(&r, "the controls' 2 MiB units after the store (FIEMAP): %lu physically 2 MiB aligned, %lu not, %lu unknown",
				    ctl_al[1], ctl_al[0], ctl_al[2]);
	}
	stress_note(&r, "VmPTE around B's first store after 4 KiB holes: unchanged %lu, grew %lu (unchanged = no PTE table = PMD); not measured %lu",
		    pte_same[0], pte_grew[0], pte_unknown);
	if (size_mib)
		stress_note(&r, "free space at the start: %llu MiB of %llu MiB", free_mib, size_mib);
	if (!strcmp(fs, "xfs"))
		stress_note(&r, "XFS extent size hint 2 MiB: %s", ext_rc ? strerror(-ext_rc) : "set");
	stress_note(&r, "fs %s, STATX_ATTR_DAX=%d", fs, dax);
	if (o.brk)
		stress_note(&r, "--break %s", o.brk);
	/* The minimum: hole pages read, then written over by a PMD fault. */
	stress_need(&r, "hole pages read before the write", holes_read, 1);
	stress_report(&r);
	close(fd);
	unlink(path);
	return stress_finish();
}
