// SPDX-License-Identifier: MIT
/*
 * bench.c - daxcopy's buffers and timed passes.
 *
 * Each thread owns its buffers:
 *   dst   a memfd of max(--total, largest size) bytes, allocated with
 *         fallocate, mapped MAP_SHARED|MAP_POPULATE and then written once
 *         per page, so no host page fault lands inside a timed pass (the
 *         reference's region is a memfd too);
 *   hot   one buffer of the largest call size; every call reads it from
 *         its start, so it stays in the caches that can hold it;
 *   cold  a buffer of max(4 x LLC, 64 MiB) read sequentially call after
 *         call, so each call's source comes from DRAM.
 * A pass makes max(1, total / size) calls, walking the destination
 * sequentially (and wrapping), each call with flags 0: every NT or
 * cached+flush call ends with its own fence, as a write() would.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "daxcopy.h"

struct tbuf {
	char	*dst, *hot, *cold;
	size_t	dst_len, hot_len, cold_len;
};

/* Holds the workers of one cell until all exist, then lets them go at once
 * (or tells them to give up when one could not be created). */
struct gate {
	pthread_mutex_t	lock;
	pthread_cond_t	cond;
	int		ready;
	int		state;		/* 0 wait, 1 go, -1 abort */
};

struct job {
	const struct dc_kernel	*k;
	enum dc_op		op;
	enum dc_src		src;
	long long		size, calls;
	struct tbuf		*b;
	struct gate		*gate;
	int			cpu;		/* -1: not pinned */
	double			t0, t1;
};

static struct tbuf *bufs;
static int nbufs;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

size_t dc_llc_bytes(void)
{
	size_t best = 0;

	for (int i = 0; i < 8; i++) {
		char path[96], buf[32];
		unsigned long v = 0;
		char unit = 0;
		FILE *f;

		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		f = fopen(path, "r");
		if (!f)
			break;
		if (fgets(buf, sizeof(buf), f) &&
		    sscanf(buf, "%lu%c", &v, &unit) >= 1) {
			if (unit == 'K')
				v <<= 10;
			else if (unit == 'M')
				v <<= 20;
			if (v > best)
				best = v;
		}
		fclose(f);
	}
	return best ? best : 32u << 20;
}

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void fill(char *p, size_t len, unsigned seed)
{
	uint64_t x = 0x9e3779b97f4a7c15ull * (seed + 1);

	for (size_t i = 0; i + 8 <= len; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(p + i, &x, 8);
	}
}

static char *map_dst(size_t len, char *err, size_t errlen)
{
	int fd = memfd_create("daxcopy-dst", MFD_CLOEXEC);
	char *p;

	if (fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		return NULL;
	}
	if (ftruncate(fd, len) || fallocate(fd, 0, 0, len)) {
		snprintf(err, errlen, "allocating a %zu-byte memfd: %s", len,
			 strerror(errno));
		close(fd);
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_POPULATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap of a %zu-byte memfd: %s", len,
			 strerror(errno));
		return NULL;
	}
	for (size_t i = 0; i < len; i += 4096)	/* write-fault every page */
		p[i] = 1;
	return p;
}

int dc_bench_setup(struct dc_run *r, char *err, size_t errlen)
{
	const struct dc_opts *o = &r->o;
	long long maxsize = 0;
	int maxthreads = 0;
	bool cold = o->ops[DC_COPY] && o->srcs[DC_COLD];

	for (int i = 0; i < o->nsizes; i++)
		if (o->sizes[i] > maxsize)
			maxsize = o->sizes[i];
	for (int i = 0; i < o->nthreads; i++)
		if (o->threads[i] > maxthreads)
			maxthreads = o->threads[i];

	r->llc_bytes = dc_llc_bytes();
	r->cold_bytes = 4 * r->llc_bytes;
	if (r->cold_bytes < (64u << 20))
		r->cold_bytes = 64u << 20;
	if (r->cold_bytes < (size_t)maxsize)
		r->cold_bytes = maxsize;

	bufs = calloc(maxthreads, sizeof(*bufs));
	if (!bufs) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	nbufs = maxthreads;
	for (int t = 0; t < maxthreads; t++) {
		struct tbuf *b = &bufs[t];

		b->dst_len = (o->total > maxsize ? o->total : maxsize);
		b->dst_len = (b->dst_len + 4095) & ~(size_t)4095;
		b->dst = map_dst(b->dst_len, err, errlen);
		if (!b->dst)
			return -ENOMEM;
		b->hot_len = (maxsize + 4095) & ~(size_t)4095;
		b->hot = map_anon(b->hot_len);
		if (cold) {
			b->cold_len = r->cold_bytes;
			b->cold = map_anon(b->cold_len);
		}
		if (!b->hot || (cold && !b->cold)) {
			snprintf(err, errlen, "mmap of source buffers (%zu + "
				 "%zu bytes): %s", b->hot_len, b->cold_len,
				 strerror(errno));
			return -ENOMEM;
		}
		fill(b->hot, b->hot_len, t);
		if (cold)
			fill(b->cold, b->cold_len, t + 100);
	}
	return 0;
}

void dc_bench_teardown(struct dc_run *r)
{
	(void)r;
	for (int t = 0; t < nbufs; t++) {
		struct tbuf *b = &bufs[t];

		if (b->dst)
			munmap(b->dst, b->dst_len);
		if (b->hot)
			munmap(b->hot, b->hot_len);
		if (b->cold)
			munmap(b->cold, b->cold_len);
	}
	free(bufs);
	bufs = NULL;
	nbufs = 0;
}

/* The timed pass.  Nothing but the kernel calls is inside t0..t1. */
static void pass(struct job *j)
{
	struct tbuf *b = j->b;
	size_t size = j->size, off = 0, soff = 0;
	pm_copy_fn copy = j->k->copy;
	pm_zero_fn zero = j->k->zero;
	const char *src = j->src == DC_HOT ? b->hot : b->cold;
	size_t slen = j->src == DC_HOT ? size : b->cold_len;

	j->t0 = now();
	for (long long i = 0; i < j->calls; i++) {
		if (off + size > b->dst_len)
			off = 0;
		if (j->op == DC_COPY) {
			if (soff + size > slen)
				soff = 0;
			copy(b->dst + off, src + soff, size, 0);
			soff += size;
		} else {
			zero(b->dst + off, size, 0);
		}
		off += size;
	}
	j->t1 = now();
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct gate *g = j->gate;
	int state;

	if (j->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(j->cpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	pthread_mutex_lock(&g->lock);
	g->ready++;
	pthread_cond_broadcast(&g->cond);
	while (!g->state)
		pthread_cond_wait(&g->cond, &g->lock);
	state = g->state;
	pthread_mutex_unlock(&g->lock);
	if (state > 0)
		pass(j);
	return NULL;
}

/*
 * Measures one cell once (rep < 0: a warm-up pass of at most 16 MiB whose
 * result is thrown away) and stores the figures in the cell's samples.
 */
int dc_bench_measure(struct dc_run *r, int ci, int rep, char *err,
		     size_t errlen)
{
	struct dc_cell *c = &r->cells[ci];
	const struct dc_opts *o = &r->o;
	int nt = c->threads, rc = 0, started = 0;
	long long total = rep < 0 && o->total > (16 << 20) ? 16 << 20 : o->total;
	struct job jobs[DC_MAX_LIST];
	pthread_t tid[DC_MAX_LIST];
	struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			  0, 0 };
	double t0 = 1e300, t1 = 0, bytes;

	for (int t = 0; t < nt; t++) {
		jobs[t] = (struct job){
			.k = &r->kern[c->kernel], .op = c->op, .src = c->src,
			.size = c->size,
			.calls = total / c->size ? total / c->size : 1,
			.b = &bufs[t], .gate = &g,
			.cpu = o->ncpus ? o->cpus[t % o->ncpus] : -1,
		};
		rc = pthread_create(&tid[t], NULL, worker, &jobs[t]);
		if (rc) {
			snprintf(err, errlen, "pthread_create: %s",
				 strerror(rc));
			break;
		}
		started++;
	}
	pthread_mutex_lock(&g.lock);
	while (!rc && g.ready < nt)
		pthread_cond_wait(&g.cond, &g.lock);
	g.state = rc ? -1 : 1;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	if (rc)
		return -rc;
	if (rep < 0)
		return 0;

	bytes = (double)jobs[0].calls * c->size;
	for (int t = 0; t < nt; t++) {
		if (jobs[t].t0 < t0)
			t0 = jobs[t].t0;
		if (jobs[t].t1 > t1)
			t1 = jobs[t].t1;
		c->per[rep * nt + t] = bytes / (jobs[t].t1 - jobs[t].t0) /
				       (1 << 30);
	}
	c->agg[rep] = bytes * nt / (t1 - t0) / (1 << 30);
	return 0;
}
