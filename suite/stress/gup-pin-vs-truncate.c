// SPDX-License-Identifier: MIT
/*
 * gup-pin-vs-truncate.c - the catalogue's gup-pin-vs-truncate check on a
 * real mount (Dan Williams, Re: [PATCH 00/13] Fix the DAX-gup mistake,
 * 2022-09-09): a block pinned as the buffer of an O_DIRECT transfer is not
 * freed and handed to another file while the transfer can still write it;
 * truncate waits for the pin (the layout break), and nothing crashes.
 *
 * Two pinner threads keep doing O_DIRECT transfers whose user buffer is a
 * shared mapping of file A: reads from a DIO source into A's pages (the
 * device writes into pinned pages) and writes from A's pages to a sink.
 * Meanwhile the main thread truncates A to zero or punches it, then writes
 * and fsyncs a victim file B, which (with --fill, nearly always) gets A's
 * freed blocks.  B must read back exactly what was written: a block of the
 * DIO source's data in B is the DMA that landed after the free.
 *
 * Where the pin comes from matters.  O_DIRECT to a file on a DAX mount is
 * no DMA at all: the kernel copies through the user mapping and takes no
 * GUP pin.  A real pin needs a block device under the transfer: the DIO
 * source and sink are then --dio-dev (a scratch block device the job owns,
 * /dev/ram0 from brd in the vm guest; its first 2 MiB are overwritten), or
 * files on a non-DAX mount of a block device.  The result line says which.
 *
 * --break late-dma: after B is written, 4 KiB of the DIO source's data are
 * written into it (the symptom of a DMA into a freed, reused block).  The
 * check must fail and name the source.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stress.h"

#define ABYTES	(1UL << 20)
#define CHUNK	(256UL << 10)
#define NPIN	2
#define MAXEXT	512

static const char *dio_dev, *dio_ops = "both";

static const struct stress_break breaks[] = {
	{ "late-dma", "write 4 KiB of the DIO source's data into the victim file after it is written", true },
	{ "wrong-pattern", "verify the victim file against another pattern", true },
	{ 0 }
};

static const struct stress_extra extras[] = {
	{ "dio-dev", "DEV", "the DIO source/sink: a scratch block device (its first 2 MiB are overwritten)", &dio_dev },
	{ "dio-ops", "OPS", "read (device -> mapping), write (mapping -> device) or both (default)", &dio_ops },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-gup-pin-vs-truncate",
	.check = "gup-pin-vs-truncate",
	.summary = "O_DIRECT with its buffer in a mapping of a file that is truncated or punched meanwhile: no other file's data corrupted, no crash.",
	.breaks = breaks,
	.extras = extras,
	.def_iterations = 20000,
	.def_seconds = 10,
};

static struct {
	uint8_t		*a;		/* the mapping of file A: the DIO buffer */
	int		src, sink;	/* O_DIRECT fds */
	off_t		src_off, sink_off;
	int		go, stop;
	unsigned long	epoch;		/* bumped each time go is set */
	unsigned	quota;		/* transfers per pinner and iteration */
	unsigned long	idle[NPIN], reads, writes, efault, other_err;
	int		last_err;
	uint64_t	rng_seed;
	int		verbose;
	int		ops;		/* 0 read, 1 write, 2 both */
	double		next_report;
} P;

static void *pinner(void *arg)
{
	int me = (int)(uintptr_t)arg;
	struct stress_rng rng = { P.rng_seed ^ (uint64_t)(me + 1) };

	unsigned long epoch = 0;
	unsigned done = 0;

	while (!__atomic_load_n(&P.stop, __ATOMIC_SEQ_CST)) {
		unsigned long e = __atomic_load_n(&P.epoch, __ATOMIC_SEQ_CST);

		if (e != epoch) {
			epoch = e;
			done = 0;
		}
		/* Idle when told to, and after this iteration's quota: pins
		 * that never stop would starve the truncate, which waits for
		 * them (the layout break) and is the only one to stop them. */
		if (P.verbose && me == 0 && stress_now() > P.next_report) {
			P.next_report = stress_now() + 2;
			printf("pinner: epoch %lu quota %u done %u; reads %lu writes %lu efault %lu errors %lu; go %d\n",
			       epoch, P.quota, done, P.reads, P.writes, P.efault, P.other_err, P.go);
		}
		if (!__atomic_load_n(&P.go, __ATOMIC_SEQ_CST) || done >= P.quota) {
			__atomic_add_fetch(&P.idle[me], 1, __ATOMIC_SEQ_CST);
			continue;
		}
		done++;
		size_t off = (stress_rand(&rng) % (ABYTES / CHUNK)) * CHUNK;
		off_t doff = (off_t)((stress_rand(&rng) % (ABYTES / CHUNK)) * CHUNK);
		int rd = P.ops == 2 ? (int)(stress_rand(&rng) & 1) : P.ops == 0;
		ssize_t n = rd ? pread(P.src, P.a + off, CHUNK, P.src_off + doff)
			       : pwrite(P.sink, P.a + off, CHUNK, P.sink_off + doff);

		if (n >= 0) {
			__atomic_add_fetch(rd ? &P.reads : &P.writes, 1, __ATOMIC_RELAXED);
		} else if (errno == EFAULT) {
			/* the buffer's file was truncated: GUP found no page */
			__atomic_add_fetch(&P.efault, 1, __ATOMIC_RELAXED);
		} else {
			P.last_err = errno;
			__atomic_add_fetch(&P.other_err, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

/* Returns once every pinner has seen go == 0: no transfer is in flight. */
static void park(void)
{
	__atomic_store_n(&P.go, 0, __ATOMIC_SEQ_CST);
	for (int k = 0; k < NPIN; k++) {
		unsigned long seen = __atomic_load_n(&P.idle[k], __ATOMIC_SEQ_CST);

		stress_wait_moved(&P.idle[k], seen, 1e9);	/* yields */
	}
}

int main(int argc, char **argv)
{
	static uint8_t buf[ABYTES] __attribute__((aligned(4096)));
	static uint8_t got[ABYTES];
	struct stress_opts o;
	struct stress_result r;
	struct fiemap_ext ea[MAXEXT], eb[MAXEXT];
	struct stress_filler fl;
	struct stress_rng rng;
	pthread_t t[NPIN];
	unsigned long i, n_trunc = 0, n_punch = 0, bad_src = 0, bad_other = 0,
		      reuse_iters = 0;
	uint64_t reuse_bytes = 0, ssrc;
	double max_wait = 0;
	char first[320] = "", pa[4096], pb[4096], ps[4096], pk[4096], how[200];
	int fa, fb, rc, dax, src_dax = -1;

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	stress_result_init(&r, prog.check);
	rng.s = o.seed ^ 0x5555;
	P.rng_seed = o.seed;
	P.verbose = o.verbose;
	P.ops = !strcmp(dio_ops, "read") ? 0 : !strcmp(dio_ops, "write") ? 1 : 2;
	if (strcmp(dio_ops, "read") && strcmp(dio_ops, "write") && strcmp(dio_ops, "both")) {
		fprintf(stderr, "%s: --dio-ops takes read, write or both, not '%s'\n", prog.name, dio_ops);
		return 2;
	}
	ssrc = stress_mix(o.seed ^ 0xd10);
	stress_path(&o, "gup.buf", pa, sizeof(pa));
	stress_path(&o, "gup.victim", pb, sizeof(pb));
	stress_path(&o, "gup.src", ps, sizeof(ps));
	stress_path(&o, "gup.sink", pk, sizeof(pk));

	/* The DIO source holds pattern ssrc in its first ABYTES. */
	pat_fill(buf, ABYTES, ssrc, 0);
	if (dio_dev) {
		struct stat st;

		if (stat(dio_dev, &st) < 0 || !S_ISBLK(st.st_mode))
			stress_die("--dio-dev: not a block device", errno ? errno : ENOTBLK);
		P.src = open(dio_dev, O_RDWR | O_DIRECT | O_CLOEXEC);
		if (P.src < 0)
			stress_die("open --dio-dev O_DIRECT", errno);
		P.sink = P.src;
		P.sink_off = (off_t)ABYTES;
		snprintf(how, sizeof(how), "DIO to and from block device %s (GUP pins the mapping's pages)", dio_dev);
	} else {
		int s = open(ps, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (s < 0 || stress_pwrite_all(s, buf, ABYTES, 0) < 0 || fsync(s) < 0)
			stress_die("write the DIO source file", errno);
		src_dax = stress_file_dax(s);
		close(s);
		/* The sink is written in full first, so DIO only overwrites. */
		s = open(pk, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (s < 0 || stress_pwrite_all(s, buf, ABYTES, 0) < 0 || fsync(s) < 0)
			stress_die("write the DIO sink file", errno);
		close(s);
		P.src = open(ps, O_RDONLY | O_DIRECT | O_CLOEXEC);
		P.sink = open(pk, O_RDWR | O_DIRECT | O_CLOEXEC);
		if (P.src < 0 || P.sink < 0)
			stress_die("open O_DIRECT on this mount", errno);
		snprintf(how, sizeof(how), src_dax == 1 ?
			 "DIO source and sink are files on this DAX mount: the kernel copies through the mapping and takes no GUP pin (give --dio-dev for a real pin)" :
			 "DIO source and sink are files on this non-DAX mount (block I/O: GUP pins the mapping's pages)");
	}
	if (dio_dev && stress_pwrite_all(P.src, buf, ABYTES, 0) < 0)
		stress_die("pwrite --dio-dev", errno);

	fa = stress_open(&o, "gup.buf", O_RDWR | O_CREAT | O_TRUNC);
	fb = stress_open(&o, "gup.victim", O_RDWR | O_CREAT | O_TRUNC);
	dax = stress_file_dax(fa);
	P.a = mmap(NULL, ABYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fa, 0);
	if (P.a == MAP_FAILED)
		stress_die("mmap", errno);
	/* --fill: A's megabyte and a little is all the room there is. */
	pat_fill(buf, ABYTES, stress_mix(o.seed), 0);
	if (stress_pwrite_all(fa, buf, ABYTES, 0) < 0 || fsync(fa) < 0)
		stress_die("pwrite+fsync (buffer file)", errno);
	if ((rc = stress_fill(&o, &fl, 64 << 10)) < 0)
		stress_die("fallocate (--fill)", -rc);
	/* A truncate waits for the pins of at most 16 transfers of 256 KiB:
	 * well under a second, so 10 s (or --seconds) more is a hang. */
	stress_watchdog(&o, o.seconds < 10 ? 10 : (unsigned)o.seconds);
	for (long k = 0; k < NPIN; k++)
		pthread_create(&t[k], NULL, pinner, (void *)k);

	for (i = 0; stress_more(&o, i); i++) {
		uint64_t sb = stress_mix(o.seed + 3 * i + 1);
		size_t blen = (1 + stress_rand(&rng) % (ABYTES / STRESS_PAGE - 16)) * STRESS_PAGE;
		int punch = stress_rand(&rng) & 1, na, nb;

		/* A: a full megabyte of data again. */
		if (ftruncate(fa, (off_t)ABYTES) < 0)
			stress_die("ftruncate (buffer file)", errno);
		pat_fill(buf, ABYTES, stress_mix(sb), 0);
		if ((rc = stress_pwrite_room(&fl, fa, buf, ABYTES, 0)) < 0)
			stress_die("pwrite (buffer file)", -rc);
		na = fiemap_read(fa, ea, MAXEXT);

		P.quota = 1 + (unsigned)(stress_rand(&rng) % 16);
		__atomic_add_fetch(&P.epoch, 1, __ATOMIC_SEQ_CST);
		__atomic_store_n(&P.go, 1, __ATOMIC_SEQ_CST);
		for (volatile unsigned k = 0, n = (unsigned)(stress_rand(&rng) % 50000); k < n; k++)
			;
		double tt = stress_now();

		stress_step = punch ? "fallocate(PUNCH_HOLE) of the pinned buffer file" :
				      "ftruncate of the pinned buffer file";
		if (punch) {
			if (fallocate(fa, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)ABYTES) < 0)
				stress_die("fallocate(PUNCH_HOLE)", errno);
			n_punch++;
		} else {
			if (ftruncate(fa, 0) < 0)
				stress_die("ftruncate (buffer file to 0)", errno);
			n_trunc++;
		}
		tt = stress_now() - tt;
		if (tt > max_wait)
			max_wait = tt;
		stress_step = "the victim file's write and check";
		if (fsync(fa) < 0)
			stress_die("fsync (buffer file)", errno);

		/* B, written while the pinners go on, may get A's blocks. */
		pat_fill(buf, blen, sb, 0);
		if ((rc = stress_pwrite_room(&fl, fb, buf, blen, 0)) < 0)
			stress_die("pwrite (victim file)", -rc);
		if (fsync(fb) < 0)
			stress_die("fsync (victim file)", errno);
		park();

		if (stress_breaking(&o, "late-dma")) {
			off_t at = (off_t)((stress_rand(&rng) % (blen / STRESS_PAGE)) * STRESS_PAGE);

			pat_fill(got, STRESS_PAGE, ssrc, (uint64_t)at);
			if (stress_pwrite_all(fb, got, STRESS_PAGE, at) < 0)
				stress_die("pwrite (--break late-dma)", errno);
		}
		if (stress_pread_all(fb, got, blen, 0) < 0)
			stress_die("pread (victim file)", errno);
		uint64_t want = stress_breaking(&o, "wrong-pattern") ? stress_mix(sb) : sb, at = 0;

		if (pat_check(got, blen, want, 0, &at)) {
			size_t a8 = at & ~7ULL;
			int from_src = a8 + 8 <= blen && pat_find(got + a8, a8, ssrc, ABYTES) >= 0;

			from_src ? bad_src++ : bad_other++;
			if (!first[0])
				snprintf(first, sizeof(first),
					 "iteration %lu: the victim file is wrong at %llu%s, after A was %s",
					 i, (unsigned long long)at,
					 from_src ? ": it holds the DIO source's data" : "",
					 punch ? "punched" : "truncated");
		}
		nb = fiemap_read(fb, eb, MAXEXT);
		if (na > 0 && nb > 0) {
			uint64_t ov = stress_overlap(ea, na, eb, nb);

			if (ov) {
				reuse_iters++;
				reuse_bytes += ov;
			}
		}
		if (ftruncate(fb, 0) < 0)
			stress_die("ftruncate (victim file)", errno);
	}
	__atomic_store_n(&P.stop, 1, __ATOMIC_SEQ_CST);
	for (int k = 0; k < NPIN; k++)
		pthread_join(t[k], NULL);

	r.iterations = i;
	r.seconds = stress_now() - o.t0;
	if (bad_src + bad_other) {
		r.status = ST_FAIL;
		stress_note(&r, "the victim file was corrupted in %lu iterations (%lu with the DIO source's data)",
			    bad_src + bad_other, bad_src);
		stress_note(&r, "first: %s", first);
	} else {
		stress_note(&r, "no corruption of the file that got the freed blocks in %lu iterations", i);
	}
	if (P.other_err)
		stress_note(&r, "%lu O_DIRECT transfers failed other than EFAULT (last: %s)",
			    P.other_err, strerror(P.last_err));
	stress_note(&r, "%lu truncates, %lu punches (the longest took %.3f s: it waits for the pins); O_DIRECT: %lu reads into the mapping, %lu writes from it, %lu EFAULT after the truncate",
		    n_trunc, n_punch, max_wait, P.reads, P.writes, P.efault);
	stress_note(&r, "A's freed blocks went to the victim in %lu iterations (%llu KiB)%s",
		    reuse_iters, (unsigned long long)(reuse_bytes >> 10), o.fill ? " with --fill" : "");
	stress_note(&r, "%s", how);
	stress_note(&r, "fs %s, STATX_ATTR_DAX=%d", stress_fs_name(fa), dax);
	/* The minimum: pins (O_DIRECT transfers through the mapping) and
	 * truncates or punches while they may be held. */
	stress_need(&r, "O_DIRECT transfers through the mapping (pins)", P.reads + P.writes, 1);
	stress_need(&r, "truncates or punches", n_trunc + n_punch, 1);
	if (o.brk)
		stress_note(&r, "--break %s", o.brk);
	stress_report(&r);
	munmap(P.a, ABYTES);
	close(fa);
	close(fb);
	close(P.src);
	if (P.sink != P.src)
		close(P.sink);
	unlink(pa);
	unlink(pb);
	if (!dio_dev) {
		unlink(ps);
		unlink(pk);
	}
	stress_unfill(&fl);
	return stress_finish();
}
