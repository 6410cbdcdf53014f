// SPDX-License-Identifier: MIT
/*
 * sweep.c - daxsweep's mounts and timed passes.
 *
 * Every mode gets its own reference filesystem: a memfd region, prefaulted
 * at mount so no host page fault lands inside a timed pass.  Its files are
 * written and fsync'd once before any pass (untimed), so a pass overwrites
 * allocated blocks and measures the copy and flush strategy of the mode,
 * not the allocator; the threads study with --alloc instead truncates the
 * files before each pass, so every call allocates (zeroing per policy, one
 * journal transaction per allocation).
 *
 * A pass writes its calls at sequential offsets from 0, wrapping at the end
 * of the file; the source is one buffer of the largest call size, so it
 * stays in the caches that can hold it (a write() of hot user data).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daxsweep.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long long max_size(const struct sw_opts *o)
{
	long long m = 0;

	for (int i = 0; i < o->nsizes; i++)
		if (o->sizes[i] > m)
			m = o->sizes[i];
	return m;
}

static int max_threads(const struct sw_opts *o)
{
	int m = 1;

	for (int i = 0; i < o->nthreads; i++)
		if (o->threads[i] > m)
			m = o->threads[i];
	return o->study == SW_THREADS ? m : 1;
}

/* Bytes of region a mode needs: its files plus a quarter for the journal,
 * metadata and 2 MiB extent alignment, rounded up to 2 MiB. */
static uint64_t region_bytes(const struct sw_run *r)
{
	uint64_t files = (uint64_t)r->span * (uint64_t)max_threads(&r->o);
	uint64_t b = files + files / 4 + (64ULL << 20);

	return (b + DX_PMD_SIZE - 1) & ~(uint64_t)(DX_PMD_SIZE - 1);
}

int sw_mount_all(struct sw_run *r, char *err, size_t errlen)
{
	const struct sw_opts *o = &r->o;
	long long big = max_size(o);
	char why[256];

	r->span = o->study == SW_SIZES ? (o->total > big ? o->total : big)
				       : o->total;
	if (posix_memalign(&r->src, 4096, (size_t)big)) {
		snprintf(err, errlen, "source buffer of %lld bytes: %s", big,
			 strerror(ENOMEM));
		return -ENOMEM;
	}
	for (long long i = 0; i < big; i++)
		((unsigned char *)r->src)[i] = (unsigned char)(i * 131 + 7);

	for (int m = 0; m < o->nmodes; m++) {
		struct dx_opts d;
		int rc;

		dx_opts_init(&d);
		d.mode = o->modes[m];
		d.zeroing = o->zeroing;
		d.region_size = region_bytes(r);
		d.prefault = true;
		rc = dx_mount(&d, &r->fs[m], why, sizeof(why));
		if (rc < 0) {
			snprintf(err, errlen, "mount (%s, %llu MiB region): %s",
				 o->modes[m],
				 (unsigned long long)(d.region_size >> 20),
				 why[0] ? why : strerror(-rc));
			return rc;
		}
		if (m == 0) {
			FILE *f = fmemopen(r->describe, sizeof(r->describe),
					   "w");

			if (f) {
				dx_describe(r->fs[m], f);
				fclose(f);
			}
		}
	}
	return 0;
}

void sw_umount_all(struct sw_run *r)
{
	for (int m = 0; m < r->o.nmodes; m++) {
		if (!r->fs[m])
			continue;
		for (int i = 0; i < SW_MAX_LIST; i++)
			if (r->file[m][i])
				dx_close(r->file[m][i]);
		dx_umount(r->fs[m]);
		r->fs[m] = NULL;
	}
	free(r->src);
	r->src = NULL;
}

/* @calls writes of @size from @src at sequential offsets in [0, @span). */
static int write_pass(struct dx_file *f, const void *src, long long size,
		      long long calls, long long span, bool fsync_each)
{
	long long off = 0;

	for (long long i = 0; i < calls; i++) {
		ssize_t n;

		if (off + size > span)
			off = 0;
		n = dx_pwrite(f, src, (size_t)size, off);
		if (n != size)
			return n < 0 ? (int)n : -EIO;
		if (fsync_each) {
			int rc = dx_fsync(f, false);

			if (rc)
				return rc;
		}
		off += size;
	}
	return 0;
}

static int fill(struct dx_file *f, const void *src, long long srclen,
		long long bytes)
{
	long long chunk = srclen < (1 << 20) ? srclen : (1 << 20);
	int rc = write_pass(f, src, chunk, (bytes + chunk - 1) / chunk,
			    bytes, false);

	return rc ? rc : dx_fsync(f, false);
}

int sw_prepare(struct sw_run *r, char *err, size_t errlen)
{
	const struct sw_opts *o = &r->o;
	int nfiles = max_threads(o);

	for (int m = 0; m < o->nmodes; m++) {
		for (int i = 0; i < nfiles; i++) {
			char name[32];
			int rc;

			snprintf(name, sizeof(name), "%s%d",
				 o->study == SW_SIZES ? "sweep" : "thread", i);
			rc = dx_open(r->fs[m], name, DX_O_CREAT,
				     &r->file[m][i]);
			if (!rc && !(o->study == SW_THREADS && o->alloc))
				rc = fill(r->file[m][i], r->src,
					  max_size(o), r->span);
			if (rc) {
				snprintf(err, errlen, "%s: preparing file %s: "
					 "%s", o->modes[m], name,
					 strerror(-rc));
				return rc;
			}
		}
	}
	return 0;
}

struct worker {
	struct dx_file		*f;
	const void		*src;
	long long		size, calls, span;
	pthread_barrier_t	*gate;
	double			t0, t1;
	int			rc;
};

/* Writes its file, then fsyncs it: one thread's share of a pass. */
static void *worker_fn(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->gate);
	w->t0 = now();
	w->rc = write_pass(w->f, w->src, w->size, w->calls, w->span, false);
	if (!w->rc)
		w->rc = dx_fsync(w->f, false);
	w->t1 = now();
	return NULL;
}

static int threads_pass(struct sw_run *r, struct sw_fig *f, double *secs,
			char *err, size_t errlen)
{
	struct worker w[SW_MAX_LIST];
	pthread_t tid[SW_MAX_LIST];
	pthread_barrier_t gate;
	double t0 = 0, t1 = 0;
	int started = 0, rc = 0;

	for (int i = 0; i < f->threads; i++) {
		if (r->o.alloc && (rc = dx_truncate(r->file[f->mode][i], 0))) {
			snprintf(err, errlen, "%s: truncate before a pass: %s",
				 r->o.modes[f->mode], strerror(-rc));
			return rc;
		}
	}
	pthread_barrier_init(&gate, NULL, (unsigned)f->threads);
	for (int i = 0; i < f->threads; i++) {
		w[i] = (struct worker){ .f = r->file[f->mode][i],
			.src = r->src, .size = f->size, .calls = f->calls,
			.span = r->span, .gate = &gate };
		if (pthread_create(&tid[i], NULL, worker_fn, &w[i])) {
			/* The barrier cannot be released early: give up. */
			fprintf(stderr, "daxsweep: pthread_create: %s\n",
				strerror(errno));
			exit(1);
		}
		started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		if (w[i].rc && !rc)
			rc = w[i].rc;
		if (i == 0 || w[i].t0 < t0)
			t0 = w[i].t0;
		if (w[i].t1 > t1)
			t1 = w[i].t1;
	}
	pthread_barrier_destroy(&gate);
	if (rc) {
		snprintf(err, errlen, "%s, %d threads: dx_pwrite/dx_fsync: %s",
			 r->o.modes[f->mode], f->threads, strerror(-rc));
		return rc;
	}
	*secs = t1 - t0;
	return 0;
}

int sw_measure(struct sw_run *r, struct sw_fig *f, int rep, char *err,
	       size_t errlen)
{
	struct dx_file *file = r->file[f->mode][0];
	double bytes = (double)f->size * (double)f->calls * f->threads;
	double t0, t1, t2 = 0;
	int rc;

	if (r->o.study == SW_THREADS) {
		rc = threads_pass(r, f, &t1, err, errlen);
		if (!rc && rep >= 0)
			f->gibps[rep] = bytes / t1 / (1 << 30);
		return rc;
	}
	/* rep < 0: the warm-up pass, measured and thrown away. */
	t0 = now();
	rc = write_pass(file, r->src, f->size, f->calls, r->span,
			f->metric == SW_EACH);
	t1 = now();
	if (!rc && f->metric == SW_STREAM) {
		rc = dx_fsync(file, false);
		t2 = now() - t1;
	} else if (!rc) {
		rc = dx_fsync(file, false);	/* untimed: leave it clean */
	}
	if (rc) {
		snprintf(err, errlen, "%s, %lld-byte calls: %s",
			 r->o.modes[f->mode], f->size, strerror(-rc));
		return rc;
	}
	if (rep >= 0) {
		f->gibps[rep] = bytes / (t1 - t0 + t2) / (1 << 30);
		if (f->metric == SW_STREAM) {
			f->write_gibps[rep] = bytes / (t1 - t0) / (1 << 30);
			f->fsync_s[rep] = t2;
		}
	}
	return 0;
}
