// SPDX-License-Identifier: MIT
/*
 * hole-load-vs-alloc.c - the catalogue's hole-load-vs-alloc check on a real
 * mount (Jan Kara / Ross Zwisler, Re: [PATCH v7 2/9], 2016-01-07): a read
 * fault that found a hole must not leave a zero page mapped over a block
 * that a racing write has just allocated.
 *
 * Each iteration takes a page of a sparse file that is still a hole and
 * starts two threads at once: the reader read-faults that page through two
 * shared read-only mappings, the writer fills it with a fresh pattern,
 * either with pwrite() or with stores through a third, writable mapping
 * (a write fault that allocates).  Afterwards every mapping and pread()
 * must show the pattern.  When every page has been used, the file is
 * punched back to holes.  Jitter before each access moves the two threads
 * across each other's window.
 *
 * --break private-cow: the reader's first mapping is MAP_PRIVATE and it
 * stores back what it read, so its page becomes a private copy (of zeros,
 * when it won the race) that no later write can reach: exactly the view a
 * left-over zero page gives.  The check must fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stress.h"

#define NPAGES	256

static const struct stress_break breaks[] = {
	{ "private-cow", "the reader's mapping is MAP_PRIVATE and copies the page on a store: it keeps what it read (zeros) over the new data", false },
	{ "wrong-pattern", "verify against the pattern of the next iteration", true },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-hole-load-vs-alloc",
	.check = "hole-load-vs-alloc",
	.summary = "A read fault of a hole racing a write that allocates the block: every mapping must see the data.",
	.breaks = breaks,
	.def_iterations = 100000,
	.def_seconds = 10,
};

static struct {
	pthread_barrier_t	start, done;
	volatile int		stop;
	unsigned long		page;
	uint64_t		seed;
	int			by_mapping;	/* write fault instead of pwrite */
	uint8_t			*ra, *rc, *wb;	/* reader A, reader C, writer B */
	int			fd;
	int			cow;
	int			werr;
	uint8_t			buf[STRESS_PAGE];
	struct stress_rng	rng_r, rng_w;
} S;

static void jitter(struct stress_rng *r)
{
	unsigned n = (unsigned)(stress_rand(r) % 3000);

	for (volatile unsigned i = 0; i < n; i++)
		;
}

static void *reader(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_barrier_wait(&S.start);
		if (S.stop)
			return NULL;
		size_t off = S.page * STRESS_PAGE + (stress_rand(&S.rng_r) % (STRESS_PAGE / 8)) * 8;
		uint8_t v;

		jitter(&S.rng_r);
		v = *(volatile uint8_t *)(S.ra + off);		/* read fault */
		(void)*(volatile uint8_t *)(S.rc + off);
		if (S.cow)
			*(volatile uint8_t *)(S.ra + off) = v;	/* private copy */
		pthread_barrier_wait(&S.done);
	}
}

static void *writer(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_barrier_wait(&S.start);
		if (S.stop)
			return NULL;
		off_t off = (off_t)(S.page * STRESS_PAGE);

		jitter(&S.rng_w);
		if (S.by_mapping)
			S.werr = probe_fill(S.wb + off, S.buf, STRESS_PAGE) ? -EFAULT : 0;
		else
			S.werr = stress_pwrite_all(S.fd, S.buf, STRESS_PAGE, off);
		pthread_barrier_wait(&S.done);
	}
}

int main(int argc, char **argv)
{
	struct stress_opts o;
	struct stress_result r;
	pthread_t tr, tw;
	size_t len = NPAGES * STRESS_PAGE;
	unsigned long i, nbad = 0, npw = 0, nmw = 0, npunch = 0;
	uint8_t got[STRESS_PAGE];
	char first[256] = "";
	int dax;

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	stress_result_init(&r, prog.check);
	S.cow = stress_breaking(&o, "private-cow");
	S.rng_r.s = o.seed ^ 0x1111;
	S.rng_w.s = o.seed ^ 0x2222;

	S.fd = stress_open(&o, "hole-load-vs-alloc.dat", O_RDWR | O_CREAT | O_TRUNC);
	if (ftruncate(S.fd, (off_t)len) < 0)
		stress_die("ftruncate", errno);
	dax = stress_file_dax(S.fd);
	S.ra = mmap(NULL, len, S.cow ? PROT_READ | PROT_WRITE : PROT_READ,
		    S.cow ? MAP_PRIVATE : MAP_SHARED, S.fd, 0);
	S.rc = mmap(NULL, len, PROT_READ, MAP_SHARED, S.fd, 0);
	S.wb = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, S.fd, 0);
	if (S.ra == MAP_FAILED || S.rc == MAP_FAILED || S.wb == MAP_FAILED)
		stress_die("mmap", errno);
	pthread_barrier_init(&S.start, NULL, 3);
	pthread_barrier_init(&S.done, NULL, 3);
	pthread_create(&tr, NULL, reader, NULL);
	pthread_create(&tw, NULL, writer, NULL);

	for (i = 0; stress_more(&o, i); i++) {
		S.page = i % NPAGES;
		if (S.page == 0 && i) {
			/* Holes again: punch, or truncate and re-extend. */
			if (fallocate(S.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)len) < 0) {
				if (ftruncate(S.fd, 0) < 0 || ftruncate(S.fd, (off_t)len) < 0)
					stress_die("ftruncate", errno);
			}
			npunch++;
		}
		S.seed = stress_mix(o.seed + i + 1);
		S.by_mapping = (int)(stress_rand(&S.rng_w) & 1);
		pat_fill(S.buf, STRESS_PAGE, S.seed, S.page * STRESS_PAGE);
		pthread_barrier_wait(&S.start);
		pthread_barrier_wait(&S.done);
		if (S.by_mapping)
			nmw++;
		else
			npw++;
		if (S.werr)
			stress_die(S.by_mapping ? "store through the writable mapping" : "pwrite",
				   -S.werr);

		uint64_t want = stress_breaking(&o, "wrong-pattern") ? stress_mix(o.seed + i + 2) : S.seed;
		const struct { const char *name; const uint8_t *m; } views[] = {
			{ "reader mapping A", S.ra }, { "reader mapping C", S.rc },
			{ "writer mapping B", S.wb }, { "pread", NULL },
		};
		for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
			uint64_t off = S.page * STRESS_PAGE, at = 0;
			size_t bad;

			if (views[v].m)
				memcpy(got, views[v].m + off, STRESS_PAGE);
			else if (stress_pread_all(S.fd, got, STRESS_PAGE, (off_t)off) < 0)
				stress_die("pread", errno);
			bad = pat_check(got, STRESS_PAGE, want, off, &at);
			if (!bad)
				continue;
			nbad++;
			if (!first[0])
				snprintf(first, sizeof(first),
					 "first: iteration %lu, page %lu: %s shows %s at offset %llu (%zu bytes wrong) after a %s",
					 i, S.page, views[v].name,
					 pat_check(got, STRESS_PAGE, 0, off, NULL) == 0 ? "zeros (a stale hole page)" : "wrong data",
					 (unsigned long long)at, bad,
					 S.by_mapping ? "write fault through mapping B" : "pwrite");
		}
	}
	S.stop = 1;
	pthread_barrier_wait(&S.start);
	pthread_join(tr, NULL);
	pthread_join(tw, NULL);

	r.iterations = i;
	r.seconds = stress_now() - o.t0;
	if (nbad) {
		r.status = ST_FAIL;
		stress_note(&r, "%lu stale or wrong views in %lu iterations", nbad, i);
		stress_note(&r, "%s", first);
	} else {
		stress_note(&r, "every mapping and pread saw the data in %lu iterations", i);
	}
	stress_note(&r, "%lu by pwrite, %lu by write fault, %lu punches; fs %s, STATX_ATTR_DAX=%d",
		    npw, nmw, npunch, stress_fs_name(S.fd), dax);
	if (o.brk)
		stress_note(&r, "--break %s", o.brk);
	/* The minimum: a hole read, then an allocation over it. */
	stress_need(&r, "allocating writes (pwrite or write fault)", npw + nmw, 1);
	stress_report(&r);
	close(S.fd);
	{
		char p[4096];

		stress_path(&o, "hole-load-vs-alloc.dat", p, sizeof(p));
		unlink(p);
	}
	return stress_finish();
}
