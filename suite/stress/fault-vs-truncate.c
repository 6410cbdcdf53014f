// SPDX-License-Identifier: MIT
/*
 * fault-vs-truncate.c - the catalogue's fault-vs-truncate check on a real
 * mount (Dave Chinner via Ross Zwisler, 2015-09-28): no fault may map a
 * block that truncate or hole punch has freed; an access past EOF is
 * SIGBUS; a freed block that another file reuses is never visible through
 * the old mapping.
 *
 * Each iteration fills a 256 KiB file with a fresh pattern and maps it
 * with one page to spare past EOF.  A racer thread keeps faulting the pages
 * beyond a random cut point (loads everywhere; stores only into whole pages
 * past the cut, and only when truncating) while the main thread truncates
 * the file to the cut (or, one time in four, punches it from the cut).
 * Then, with the racer stopped:
 *  - loads from the page past EOF and from the first page past the new EOF
 *    must raise SIGBUS (truncate);
 *  - another file is written and fsync'd, which may reuse the freed blocks
 *    (FIEMAP tells how many it did);
 *  - the file is extended back to its old size;
 *  - through the old mapping and pread, the bytes past the cut must be
 *    zeros: neither the old pattern (stale) nor the other file's (reused
 *    block); the bytes before it must be unchanged.
 *
 * --break no-truncate: the truncate and punch are left out (as if they
 * did not unmap and free).  The SIGBUS and the no-stale-data checks must
 * fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stress.h"

#define FULL	(64 * STRESS_PAGE)
#define MAXEXT	256

static const struct stress_break breaks[] = {
	{ "no-truncate", "leave out the truncate and punch, as if they neither unmapped nor freed the blocks", false },
	{ "wrong-pattern", "expect the old pattern where zeros must be", true },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-fault-vs-truncate",
	.check = "fault-vs-truncate",
	.summary = "Faults racing truncate and hole punch: SIGBUS past EOF, no stale data, no view of a reused block.",
	.breaks = breaks,
	.def_iterations = 20000,
	.def_seconds = 10,
};

static struct {
	uint8_t			*map;
	int			go, stop;
	unsigned long		idle;		/* times the racer saw go == 0 */
	volatile size_t		lo, hi, store_from;	/* racer window, bytes */
	unsigned long		loads, stores, sigbus;
	unsigned long		accesses;	/* atomic: all three */
	struct stress_rng	rng;
} R;

static void *racer(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&R.stop, __ATOMIC_SEQ_CST)) {
		if (!__atomic_load_n(&R.go, __ATOMIC_SEQ_CST)) {
			__atomic_add_fetch(&R.idle, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		size_t span = R.hi - R.lo, off;
		uint8_t v;

		if (!span)
			continue;
		off = R.lo + stress_rand(&R.rng) % span;
		__atomic_add_fetch(&R.accesses, 1, __ATOMIC_SEQ_CST);
		if (probe_load(R.map + off, &v)) {
			R.sigbus++;
			continue;
		}
		R.loads++;
		if (R.store_from && off >= R.store_from && (stress_rand(&R.rng) & 3) == 0) {
			if (probe_store(R.map + off, v))
				R.sigbus++;
			else
				R.stores++;
		}
	}
	return NULL;
}

/* Returns once the racer has seen go == 0 at the top of its loop, so it
 * makes no access until go is set again. */
static void park_racer(void)
{
	unsigned long seen;

	__atomic_store_n(&R.go, 0, __ATOMIC_SEQ_CST);
	seen = __atomic_load_n(&R.idle, __ATOMIC_SEQ_CST);
	stress_wait_moved(&R.idle, seen, 1e9);	/* yields: one vCPU is enough */
}

int main(int argc, char **argv)
{
	struct stress_opts o;
	struct stress_result r;
	struct fiemap_ext eo[MAXEXT], eg[MAXEXT];
	static uint8_t buf[FULL], got[FULL];
	pthread_t t;
	unsigned long i, n_trunc = 0, n_punch = 0, no_sigbus = 0, stale = 0,
		      reused_view = 0, other_bad = 0, head_bad = 0, reuse_iters = 0,
		      raced = 0;
	uint64_t reuse_bytes = 0;
	char first[320] = "";
	char pf[4096], pg[4096];
	struct stress_filler fl;
	int fd, g, dax, notrunc, rc;

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	stress_result_init(&r, prog.check);
	notrunc = stress_breaking(&o, "no-truncate");
	R.rng.s = o.seed ^ 0x3333;
	stress_path(&o, "fault-vs-truncate.dat", pf, sizeof(pf));
	stress_path(&o, "fault-vs-truncate.reuse", pg, sizeof(pg));

	fd = stress_open(&o, "fault-vs-truncate.dat", O_RDWR | O_CREAT | O_TRUNC);
	g = stress_open(&o, "fault-vs-truncate.reuse", O_RDWR | O_CREAT | O_TRUNC);
	if (ftruncate(fd, FULL) < 0)
		stress_die("ftruncate", errno);
	/* --fill: the file plus 64 KiB is all the room there is. */
	pat_fill(buf, FULL, o.seed, 0);
	if (stress_pwrite_all(fd, buf, FULL, 0) < 0 || fsync(fd) < 0)
		stress_die("pwrite+fsync", errno);
	if ((rc = stress_fill(&o, &fl, 64 << 10)) < 0)
		stress_die("fallocate (--fill)", -rc);
	dax = stress_file_dax(fd);
	R.map = mmap(NULL, FULL + STRESS_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (R.map == MAP_FAILED)
		stress_die("mmap", errno);
	pthread_create(&t, NULL, racer, NULL);

#define BAD(counter, ...) do {						\
		counter++;						\
		if (!first[0])						\
			snprintf(first, sizeof(first), __VA_ARGS__);	\
	} while (0)

	for (i = 0; stress_more(&o, i); i++) {
		uint64_t sold = stress_mix(o.seed + 2 * i + 1);
		uint64_t snew = stress_mix(o.seed + 2 * i + 2);
		struct stress_rng *rng = &R.rng;
		size_t cut, cut_page, next_page;
		int punch = (stress_rand(rng) & 3) == 0, ne, ng;
		uint8_t v;

		/* A fresh file: FULL bytes of the old pattern. */
		if (ftruncate(fd, FULL) < 0)
			stress_die("ftruncate", errno);
		pat_fill(buf, FULL, sold, 0);
		if ((rc = stress_pwrite_room(&fl, fd, buf, FULL, 0)) < 0)
			stress_die("pwrite", -rc);
		ne = fiemap_read(fd, eo, MAXEXT);

		cut = STRESS_PAGE + stress_rand(rng) % (FULL - 2 * STRESS_PAGE);
		if (stress_rand(rng) & 1)
			cut &= ~(STRESS_PAGE - 1);		/* page aligned half the time */
		cut_page = cut & ~(STRESS_PAGE - 1);
		next_page = (cut + STRESS_PAGE - 1) & ~(STRESS_PAGE - 1);

		/* The racer faults past the cut while it goes away. */
		R.lo = cut_page;
		R.hi = FULL + STRESS_PAGE;
		R.store_from = punch ? 0 : next_page + STRESS_PAGE;
		unsigned long before = __atomic_load_n(&R.accesses, __ATOMIC_SEQ_CST);

		__atomic_store_n(&R.go, 1, __ATOMIC_SEQ_CST);
		/* The racer must be faulting when the cut comes. */
		raced += stress_wait_moved(&R.accesses, before, 0.05);
		for (volatile unsigned k = 0, n = (unsigned)(stress_rand(rng) % 20000); k < n; k++)
			;
		stress_step = "the truncate or punch while the racer faults";
		if (notrunc) {
			/* the broken variant: nothing happens */
		} else if (punch) {
			if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				      (off_t)cut, (off_t)(FULL - cut)) < 0)
				stress_die("fallocate(PUNCH_HOLE)", errno);
		} else if (ftruncate(fd, (off_t)cut) < 0) {
			stress_die("ftruncate (shrink)", errno);
		}
		park_racer();
		stress_step = "the checks after the truncate";
		punch ? n_punch++ : n_trunc++;

		/* Past EOF is SIGBUS: the page after the old EOF always, and
		 * the first page past the new EOF after a truncate. */
		if (!probe_load(R.map + FULL, &v))
			BAD(no_sigbus, "iteration %lu: a load one page past EOF (offset %lu) did not raise SIGBUS",
			    i, (unsigned long)FULL);
		if (!punch && next_page < FULL && !probe_load(R.map + next_page, &v))
			BAD(no_sigbus, "iteration %lu: after truncate to %zu, a load at %zu (past EOF) did not raise SIGBUS",
			    i, cut, next_page);

		/* Commit the free (blocks freed in an open transaction are not
		 * handed out again), then another file, written and made
		 * durable, may get the blocks. */
		if (fsync(fd) < 0)
			stress_die("fsync", errno);
		pat_fill(buf, FULL - next_page, snew, 0);
		if ((rc = stress_pwrite_room(&fl, g, buf, FULL - next_page, 0)) < 0)
			stress_die("pwrite (reuse file)", -rc);
		if (fsync(g) < 0)
			stress_die("fsync (reuse file)", errno);
		ng = fiemap_read(g, eg, MAXEXT);
		if (ne > 0 && ng > 0) {
			uint64_t ov = stress_overlap(eo, ne, eg, ng);

			if (ov) {
				reuse_iters++;
				reuse_bytes += ov;
			}
		}

		if (!punch && ftruncate(fd, FULL) < 0)
			stress_die("ftruncate (re-extend)", errno);

		/* Past the cut: zeros, through the old mapping and pread. */
		for (int view = 0; view < 2; view++) {
			const char *vn = view ? "pread" : "the old mapping";
			uint64_t want = stress_breaking(&o, "wrong-pattern") ? sold : 0, at = 0;
			size_t done;

			if (view == 0) {
				if (probe_copy(got, R.map, FULL, &done)) {
					BAD(other_bad, "iteration %lu: SIGBUS reading the old mapping at %zu within the re-extended size",
					    i, done);
					continue;
				}
			} else if (stress_pread_all(fd, got, FULL, 0) < 0) {
				stress_die("pread", errno);
			}
			if (pat_check(got, cut, sold, 0, &at))
				BAD(head_bad, "iteration %lu: %s: data before the cut (%zu) changed at %llu",
				    i, vn, cut, (unsigned long long)at);
			if (!pat_check(got + cut, FULL - cut, want, cut, &at))
				continue;
			size_t a8 = (at + 7) & ~7ULL;
			int which = a8 + 8 > FULL ? -1 :
				    pat_find(got + a8, a8, sold, FULL) >= 0 ? 0 :
				    pat_find(got + a8, a8, snew, FULL) >= 0 ? 1 : -1;

			if (which == 0)
				BAD(stale, "iteration %lu: %s after %s to %zu and re-extend: stale data of the file at %llu",
				    i, vn, punch ? "punch" : "truncate", cut, (unsigned long long)at);
			else if (which == 1)
				BAD(reused_view, "iteration %lu: %s shows the data of the file that reused the freed block, at %llu",
				    i, vn, (unsigned long long)at);
			else
				BAD(other_bad, "iteration %lu: %s: non-zero bytes past the cut at %llu",
				    i, vn, (unsigned long long)at);
		}
		if (ftruncate(g, 0) < 0)
			stress_die("ftruncate (reuse file)", errno);
	}
	__atomic_store_n(&R.stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);

	r.iterations = i;
	r.seconds = stress_now() - o.t0;
	if (no_sigbus + stale + reused_view + other_bad + head_bad) {
		r.status = ST_FAIL;
		stress_note(&r, "missing SIGBUS %lu, stale data %lu, reused block visible %lu, other wrong data %lu, head changed %lu",
			    no_sigbus, stale, reused_view, other_bad, head_bad);
		stress_note(&r, "first: %s", first);
	} else {
		stress_note(&r, "SIGBUS past EOF and zeros past the cut in %lu iterations", i);
	}
	stress_note(&r, "%lu truncates, %lu punches, %lu of them with the racer faulting already; racer: %lu loads, %lu stores, %lu SIGBUS; freed blocks reused by the other file in %lu iterations (%llu KiB)%s; fs %s, STATX_ATTR_DAX=%d",
		    n_trunc, n_punch, raced, R.loads, R.stores, R.sigbus, reuse_iters,
		    (unsigned long long)(reuse_bytes >> 10),
		    o.fill ? " with --fill" : "", stress_fs_name(fd), dax);
	if (o.fill)
		stress_note(&r, "filler %llu MiB, made room %lu times",
			    (unsigned long long)(fl.bytes >> 20), fl.relaxed);
	if (o.brk)
		stress_note(&r, "--break %s", o.brk);
	/* The minimum: the mistake needs a cut and a racer touching the pages. */
	stress_need(&r, "truncates or punches", n_trunc + n_punch, 1);
	/* a racer access that raised SIGBUS raced the cut too: it counts */
	stress_need(&r, "racer accesses (loads, stores, SIGBUS)",
		    R.loads + R.stores + R.sigbus, 1);
	stress_need(&r, "cuts with the racer faulting already", raced, 1);
	stress_report(&r);
	munmap(R.map, FULL + STRESS_PAGE);
	close(fd);
	close(g);
	unlink(pf);
	unlink(pg);
	stress_unfill(&fl);
	return stress_finish();
}
