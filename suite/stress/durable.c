// SPDX-License-Identifier: MIT
/*
 * durable.c - the catalogue's write-durable and fsync-mmap-durable checks
 * on a real mount, as a real crash test: data written and then made durable
 * (fsync, fdatasync, O_DSYNC, msync, or MAP_SYNC stores and a cache flush)
 * must be there after the filesystem is shut down without flushing its log
 * (FS_IOC_SHUTDOWN, `xfs_io -x -c shutdown`; XFS and ext4 both have it)
 * and mounted again.  Sources: Kani / Harrosh / Chinner 2016-08 (write
 * paths), Zwisler v7 0/9 2016-01-06 (fsync/msync of DAX mappings).
 *
 * The crash is the job's: this program runs twice.
 *
 *   stress-durable --phase prepare --dir DIR --state FILE
 *       writes files in DIR, each in one way (below), and lists them in
 *       FILE, which must live on another filesystem;
 *   (the job: xfs_io -x -c shutdown MNT; umount; mount again)
 *   stress-durable --phase verify --dir DIR --state FILE
 *       checks every file and prints one result per check.
 *
 * Ways (the check they belong to):
 *   write-durable        pwrite+fsync, pwrite+fdatasync, O_DSYNC pwrite,
 *                        append+fsync, overwrite of a durable file+fsync
 *   fsync-mmap-durable   mmap stores+msync(MS_SYNC), mmap stores+fsync,
 *                        overwrite through a mapping+msync, and, on DAX
 *                        only, MAP_SYNC stores + CLFLUSH + SFENCE with no
 *                        fsync at all (a skip on a page-cache mount, where
 *                        mmap refuses MAP_SYNC)
 *   unsynced (reported)  pwrite and mmap stores with no sync: they may be
 *                        lost or kept; the result says which, and never
 *                        fails for it.
 *
 * Under TCG the guest's CPU caches are not modelled, so a missing cache
 * flush cannot lose data there; what this test catches is metadata (the
 * allocation, the size) and data left in the page cache.  The reference's
 * persistence model covers the cache-flush side.
 *
 * --break no-sync: the last two files, written just before the crash, are
 * a pwrite+fsync and an mmap+msync file whose fsync and msync are left
 * out.  They must be lost (their allocation and size are still in the
 * journal's memory) and both checks must fail.  Only the last files: on
 * DAX an unsynced write reaches the media at once and its allocation is
 * soon in the log by itself (a background push, a periodic commit), so
 * files written earlier without a sync mostly survive - which is allowed,
 * and is why they cannot prove anything.
 * --break wrong-pattern: verify expects another pattern.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stress.h"

#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif

static const char *phase, *state;

static const struct stress_break breaks[] = {
	{ "no-sync", "the last pwrite+fsync and mmap+msync files, written just before the crash, skip their fsync and msync", false },
	{ "wrong-pattern", "verify against another pattern", true },
	{ 0 }
};

static const struct stress_extra extras[] = {
	{ "phase", "prepare|verify", "write the files, or check them after the crash and remount", &phase },
	{ "state", "FILE", "the list of files written (must not be on the crashed filesystem)", &state },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-durable",
	.check = "write-durable,fsync-mmap-durable",
	.summary = "Written, then fsync/msync/O_DSYNC/MAP_SYNC: still there after FS_IOC_SHUTDOWN and a remount.",
	.breaks = breaks,
	.extras = extras,
	.def_iterations = 24,
	.def_seconds = 30,
};

enum way { W_FSYNC, W_FDATASYNC, W_DSYNC, W_APPEND, W_OVERWRITE,
	   M_MSYNC, M_FSYNC, M_OVERWRITE, M_MAPSYNC, U_PWRITE, U_MMAP, NWAYS };

static const struct {
	const char *name, *check;
} ways[NWAYS] = {
	[W_FSYNC]	= { "pwrite+fsync", "write-durable" },
	[W_FDATASYNC]	= { "pwrite+fdatasync", "write-durable" },
	[W_DSYNC]	= { "O_DSYNC-pwrite", "write-durable" },
	[W_APPEND]	= { "append+fsync", "write-durable" },
	[W_OVERWRITE]	= { "overwrite+fsync", "write-durable" },
	[M_MSYNC]	= { "mmap+msync", "fsync-mmap-durable" },
	[M_FSYNC]	= { "mmap+fsync", "fsync-mmap-durable" },
	[M_OVERWRITE]	= { "mmap-overwrite+msync", "fsync-mmap-durable" },
	[M_MAPSYNC]	= { "MAP_SYNC+clflush", "fsync-mmap-durable" },
	[U_PWRITE]	= { "pwrite-unsynced", "unsynced" },
	[U_MMAP]	= { "mmap-unsynced", "unsynced" },
};

static enum way way_named(const char *s)
{
	for (int w = 0; w < NWAYS; w++)
		if (!strcmp(ways[w].name, s))
			return (enum way)w;
	return NWAYS;
}

static uint8_t *buf;
#define MAXSIZE	(4UL << 20)

/* Flushes [p, p+len) from the CPU caches and fences (MAP_SYNC's contract:
 * the stores are durable once they leave the cache). */
static void flush_range(const void *p, size_t len)
{
#if defined(__x86_64__)
	for (uintptr_t a = (uintptr_t)p & ~63UL; a < (uintptr_t)p + len; a += 64)
		__asm__ volatile("clflush %0" : "+m"(*(volatile char *)a));
	__asm__ volatile("sfence" ::: "memory");
#else
	msync((void *)((uintptr_t)p & ~(STRESS_PAGE - 1)), len, MS_SYNC);
#endif
}

struct entry {
	enum way	way;
	char		name[64];
	uint64_t	size, seed, seed2, off2, len2;	/* overwrite: seed2 at [off2, +len2) */
};

/* Writes one file in way @w; returns 0, 77 (way not possible here) or
 * fails the program. */
static int prepare_one(const struct stress_opts *o, struct entry *e, struct stress_rng *rng,
		       int nosync, char *why, size_t wlen)
{
	int flags = O_RDWR | O_CREAT | O_TRUNC, fd, rc = 0;
	size_t size = e->size;
	uint8_t *m;

	if (e->way == W_DSYNC && !nosync)
		flags |= O_DSYNC;
	fd = stress_open(o, e->name, flags);
	switch (e->way) {
	case W_FSYNC:
	case W_FDATASYNC:
	case W_DSYNC:
	case U_PWRITE:
		pat_fill(buf, size, e->seed, 0);
		for (size_t off = 0, bs = (stress_rand(rng) & 1) ? STRESS_PAGE : (1UL << 20); off < size; off += bs)
			if (stress_pwrite_all(fd, buf + off, off + bs > size ? size - off : bs, (off_t)off) < 0)
				stress_die("pwrite", errno);
		if (!nosync && e->way == W_FSYNC && fsync(fd) < 0)
			stress_die("fsync", errno);
		if (!nosync && e->way == W_FDATASYNC && fdatasync(fd) < 0)
			stress_die("fdatasync", errno);
		break;
	case W_APPEND:
		pat_fill(buf, size, e->seed, 0);
		for (size_t off = 0; off < size; ) {
			size_t n = 1 + stress_rand(rng) % 65536;

			if (off + n > size)
				n = size - off;
			if (stress_pwrite_all(fd, buf + off, n, (off_t)off) < 0)
				stress_die("pwrite (append)", errno);
			off += n;
		}
		if (!nosync && fsync(fd) < 0)
			stress_die("fsync", errno);
		break;
	case W_OVERWRITE:
	case M_OVERWRITE:
		/* durable base first (always synced: it is the "before") */
		pat_fill(buf, size, e->seed, 0);
		if (stress_pwrite_all(fd, buf, size, 0) < 0 || fsync(fd) < 0)
			stress_die("pwrite+fsync (the file to overwrite)", errno);
		e->off2 = stress_rand(rng) % size;
		e->len2 = 1 + stress_rand(rng) % (size - e->off2);
		pat_fill(buf, e->len2, e->seed2, e->off2);
		if (e->way == W_OVERWRITE) {
			if (stress_pwrite_all(fd, buf, e->len2, (off_t)e->off2) < 0)
				stress_die("pwrite (overwrite)", errno);
			if (!nosync && fsync(fd) < 0)
				stress_die("fsync", errno);
		} else {
			m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (m == MAP_FAILED)
				stress_die("mmap", errno);
			memcpy(m + e->off2, buf, e->len2);
			if (!nosync && msync(m, size, MS_SYNC) < 0)
				stress_die("msync", errno);
			munmap(m, size);
		}
		break;
	case M_MSYNC:
	case M_FSYNC:
	case U_MMAP:
	case M_MAPSYNC:
		if (ftruncate(fd, (off_t)size) < 0)
			stress_die("ftruncate", errno);
		if (e->way == M_MAPSYNC) {
			/* The size must be durable first: MAP_SYNC covers the
			 * blocks a fault allocates, not i_size. */
			if (!nosync && fsync(fd) < 0)
				stress_die("fsync (the size)", errno);
			m = mmap(NULL, size, PROT_READ | PROT_WRITE,
				 nosync ? MAP_SHARED : MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
			if (m == MAP_FAILED && (errno == EOPNOTSUPP || errno == EINVAL)) {
				snprintf(why, wlen, "mmap(MAP_SYNC): %s (a mount without DAX)", strerror(errno));
				rc = 77;
				break;
			}
		} else {
			m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		}
		if (m == MAP_FAILED)
			stress_die("mmap", errno);
		pat_fill(buf, size, e->seed, 0);
		if (probe_fill(m, buf, size))
			stress_die("stores through the mapping (SIGBUS)", ENOSPC);
		if (e->way == M_MAPSYNC && !nosync)
			flush_range(m, size);
		if (!nosync && e->way == M_MSYNC && msync(m, size, MS_SYNC) < 0)
			stress_die("msync", errno);
		if (!nosync && e->way == M_FSYNC && fsync(fd) < 0)
			stress_die("fsync", errno);
		munmap(m, size);
		break;
	default:
		break;
	}
	close(fd);
	return rc;
}

static int do_prepare(struct stress_opts *o)
{
	struct stress_rng rng = { o->seed ^ 0x7777 };
	int nosync = stress_breaking(o, "no-sync");
	unsigned long i, nskip = 0, n;
	char why[200] = "";
	FILE *st = fopen(state, "we");

	if (!st)
		stress_die("fopen --state", errno);
	fprintf(st, "# stress-durable state: way name size seed seed2 off2 len2\n");
	fprintf(st, "seed %llu nosync %d\n", (unsigned long long)o->seed, nosync);
	for (i = 0, n = 0; (stress_more(o, n) && !(nosync && n >= 1)) || (nosync && n < 3); i++, n++) {
		/* with --break no-sync: one synced file, then the two last ones */
		int last = nosync && n >= 1;
		struct entry e = { .way = last ? (n == 1 ? W_FSYNC : M_MSYNC) : (enum way)(i % NWAYS) };

		e.size = (1 + stress_rand(&rng) % (MAXSIZE / STRESS_PAGE)) * STRESS_PAGE;
		if (last)
			e.size = 64 << 10;
		else if (stress_rand(&rng) & 1)
			e.size -= stress_rand(&rng) % STRESS_PAGE;	/* not block aligned */
		e.seed = stress_mix(o->seed + 2 * i + 1);
		e.seed2 = stress_mix(o->seed + 2 * i + 2);
		snprintf(e.name, sizeof(e.name), "durable.%03lu.%s%s", i, ways[e.way].name,
			 last ? ".unsynced-by-mistake" : "");
		if (prepare_one(o, &e, &rng, last, why, sizeof(why)) == 77) {
			char p[4096];

			stress_path(o, e.name, p, sizeof(p));
			unlink(p);
			fprintf(st, "skip %s %s\n", ways[e.way].name, why);
			nskip++;
			continue;
		}
		fprintf(st, "file %s %s %llu %llu %llu %llu %llu\n", ways[e.way].name, e.name,
			(unsigned long long)e.size, (unsigned long long)e.seed,
			(unsigned long long)e.seed2, (unsigned long long)e.off2,
			(unsigned long long)e.len2);
	}
	if (fflush(st) || fsync(fileno(st)) || fclose(st))
		stress_die("write --state", errno);
	printf("prepared %lu files in %s (%lu ways not possible here)%s; state in %s\n",
	       i - nskip, o->dir, nskip,
	       nosync ? "; the last two WITHOUT their fsync/msync (--break no-sync)" : "", state);
	printf("next: shut the filesystem down without a log flush, unmount, mount, then --phase verify\n");
	return 0;
}

static int do_verify(const struct stress_opts *o)
{
	struct stress_result r[2];
	const char *checks[2] = { "write-durable", "fsync-mmap-durable" };
	unsigned long ok[NWAYS] = { 0 }, bad[NWAYS] = { 0 }, lost = 0, kept = 0, total = 0;
	char line[512], first[2][300] = { "", "" }, skips[2][300] = { "", "" };
	int wrongpat = stress_breaking(o, "wrong-pattern"), nosync = 0;
	FILE *st = fopen(state, "re");

	if (!st)
		stress_die("fopen --state (did --phase prepare run?)", errno);
	for (int c = 0; c < 2; c++)
		stress_result_init(&r[c], checks[c]);
	while (fgets(line, sizeof(line), st)) {
		char wn[64], name[64], why[200];
		unsigned long long size, seed, seed2, off2, len2;
		struct entry e;

		if (sscanf(line, "seed %*u nosync %d", &nosync) == 1)
			continue;
		if (sscanf(line, "skip %63s %199[^\n]", wn, why) == 2) {
			int c = !strcmp(ways[way_named(wn) < NWAYS ? way_named(wn) : 0].check, "fsync-mmap-durable");

			snprintf(skips[c], sizeof(skips[c]), "%s skipped: %s", wn, why);
			continue;
		}
		if (sscanf(line, "file %63s %63s %llu %llu %llu %llu %llu", wn, name, &size, &seed,
			   &seed2, &off2, &len2) != 7)
			continue;
		e.way = way_named(wn);
		if (e.way == NWAYS)
			continue;
		total++;

		/* What the file must hold, and what it holds. */
		char p[4096], what[200] = "";
		uint64_t at = 0;
		struct stat sb;
		int fd, good;

		pat_fill(buf, size, wrongpat ? stress_mix(seed) : seed, 0);
		if (e.way == W_OVERWRITE || e.way == M_OVERWRITE)
			pat_fill(buf + off2, len2, wrongpat ? stress_mix(seed2) : seed2, off2);
		stress_path(o, name, p, sizeof(p));
		fd = open(p, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			snprintf(what, sizeof(what), "%s is gone (%s)", name, strerror(errno));
		} else if (fstat(fd, &sb) < 0 || (uint64_t)sb.st_size != size) {
			snprintf(what, sizeof(what), "%s has size %lld, want %llu", name,
				 (long long)sb.st_size, size);
		} else {
			static uint8_t *got;

			if (!got && !(got = malloc(MAXSIZE)))
				stress_die("malloc", ENOMEM);
			if (stress_pread_all(fd, got, size, 0) < 0)
				stress_die("pread", errno);
			good = memcmp(got, buf, size) == 0;
			if (!good) {
				for (at = 0; at < size && got[at] == buf[at]; at++)
					;
				snprintf(what, sizeof(what), "%s differs at byte %llu of %llu (0x%02x, want 0x%02x%s)",
					 name, (unsigned long long)at, size, got[at], buf[at],
					 got[at] ? "" : ": zeros, the data did not reach the block");
			}
		}
		if (fd >= 0)
			close(fd);
		if (!strcmp(ways[e.way].check, "unsynced")) {
			what[0] ? lost++ : kept++;
			continue;
		}
		int c = !strcmp(ways[e.way].check, "fsync-mmap-durable");

		if (what[0]) {
			bad[e.way]++;
			r[c].status = ST_FAIL;
			if (!first[c][0])
				snprintf(first[c], sizeof(first[c]), "first: %s: %s", ways[e.way].name, what);
		} else {
			ok[e.way]++;
		}
	}
	fclose(st);

	for (int c = 0; c < 2; c++) {
		char ways_s[400] = "";
		unsigned long nok = 0, nbad = 0;

		for (int w = 0; w < NWAYS; w++) {
			if (strcmp(ways[w].check, checks[c]) || ok[w] + bad[w] == 0)
				continue;
			nok += ok[w];
			nbad += bad[w];
			snprintf(ways_s + strlen(ways_s), sizeof(ways_s) - strlen(ways_s), "%s%s %lu/%lu",
				 ways_s[0] ? ", " : "", ways[w].name, ok[w], ok[w] + bad[w]);
		}
		r[c].iterations = nok + nbad;
		r[c].seconds = stress_now() - o->t0;
		if (!total) {	/* nothing to verify: an ERROR, not a skip */
			stress_need(&r[c], "files listed in the --state file", 0, 1);
		} else if (!nok && !nbad) {
			r[c].status = ST_SKIP;
			stress_note(&r[c], "no file of this check was prepared");
		} else if (nbad) {
			stress_note(&r[c], "%lu of %lu files lost data written before their sync", nbad, nok + nbad);
			stress_note(&r[c], "%s", first[c]);
		} else {
			stress_note(&r[c], "all %lu files intact after the shutdown and remount", nok);
		}
		if (ways_s[0])
			stress_note(&r[c], "intact per way: %s", ways_s);
		if (skips[c][0])
			stress_note(&r[c], "%s", skips[c]);
		stress_note(&r[c], "unsynced files (allowed to go either way): %lu kept, %lu lost", kept, lost);
		if (nosync)
			stress_note(&r[c], "prepared with --break no-sync");
		if (o->brk)
			stress_note(&r[c], "--break %s", o->brk);
		stress_report(&r[c]);
	}
	if (!total)
		printf("note: the state file lists no files\n");
	return stress_finish();
}

int main(int argc, char **argv)
{
	struct stress_opts o;

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	if (!phase || !state || (strcmp(phase, "prepare") && strcmp(phase, "verify"))) {
		fprintf(stderr, "%s: --phase prepare|verify and --state FILE are required (see --help)\n",
			prog.name);
		return 2;
	}
	buf = malloc(MAXSIZE);
	if (!buf)
		stress_die("malloc", ENOMEM);
	if (!strcmp(phase, "prepare"))
		return do_prepare(&o);
	return do_verify(&o);
}
