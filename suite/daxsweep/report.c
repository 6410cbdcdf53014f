// SPDX-License-Identifier: MIT
/* report.c - daxsweep's medians, human tables and CSV rows. */
#include <stdlib.h>
#include <string.h>

#include "daxsweep.h"
#include "spread.h"

/* Median, min, max and CV of @n samples (spread.h). */
static void stats(const double *v, int n, double *med, double *min,
		  double *max, double *cv)
{
	struct spread sp;

	spread_of(v, n, 1, &sp);
	*med = sp.median;
	*min = sp.min;
	*max = sp.max;
	if (cv)
		*cv = sp.cv;
}

void sw_finish(struct sw_run *r)
{
	double lo, hi;

	for (int i = 0; i < r->nfigs; i++) {
		struct sw_fig *f = &r->figs[i];

		stats(f->gibps, r->o.reps, &f->median, &f->min, &f->max,
		      &f->cv);
		if (f->metric == SW_STREAM && r->o.study == SW_SIZES) {
			stats(f->write_gibps, r->o.reps, &f->write_median,
			      &f->write_min, &f->write_max, &f->write_cv);
			stats(f->fsync_s, r->o.reps, &f->fsync_median, &lo,
			      &hi, NULL);
		}
	}
}

void sw_size_label(long long size, char *buf, size_t len)
{
	if (size >= (1 << 20) && size % (1 << 20) == 0)
		snprintf(buf, len, "%lld MiB", size >> 20);
	else if (size >= 1024 && size % 1024 == 0)
		snprintf(buf, len, "%lld KiB", size >> 10);
	else
		snprintf(buf, len, "%lld B", size);
}

static const struct sw_fig *find(const struct sw_run *r, int mode,
				 long long size, int threads,
				 enum sw_metric metric)
{
	for (int i = 0; i < r->nfigs; i++) {
		const struct sw_fig *f = &r->figs[i];

		if (f->mode == mode && f->size == size &&
		    f->threads == threads && f->metric == metric)
			return f;
	}
	return NULL;
}

/* Which number of a figure a table shows. */
enum col { C_WRITE, C_STREAM, C_EACH, C_EACH_US };

static double value(const struct sw_fig *f, enum col c)
{
	switch (c) {
	case C_WRITE:	return f->write_median;
	case C_EACH_US:	return (double)f->size / (f->median * (1 << 30)) * 1e6;
	default:	return f->median;
	}
}

static void table(FILE *out, const struct sw_run *r, const char *title,
		  enum sw_metric metric, enum col c)
{
	char label[32];

	fprintf(out, "\n%s\n%-10s", title, "size");
	for (int m = 0; m < r->o.nmodes; m++)
		fprintf(out, " %10s", r->o.modes[m]);
	fputc('\n', out);
	for (int s = 0; s < r->o.nsizes; s++) {
		sw_size_label(r->o.sizes[s], label, sizeof(label));
		fprintf(out, "%-10s", label);
		for (int m = 0; m < r->o.nmodes; m++) {
			const struct sw_fig *f = find(r, m, r->o.sizes[s], 1,
						      metric);

			fprintf(out, " %10.*f", c == C_EACH_US ? 1 : 3,
				f ? value(f, c) : 0.0);
		}
		fputc('\n', out);
	}
}

void sw_print(FILE *out, const struct sw_run *r)
{
	const struct sw_opts *o = &r->o;
	char label[32], span[32];

	fprintf(out, "%s", r->describe);
	sw_size_label(r->span, span, sizeof(span));
	if (o->study == SW_SIZES) {
		fprintf(out, "method: each mode on its own prefaulted memfd "
			"region, overwriting a %s file written and fsync'd "
			"beforehand; a figure makes min(%lld calls, %s / size) "
			"calls; median of %d repetitions after 1 warm-up, "
			"modes interleaved\n", span, o->calls, span, o->reps);
		table(out, r, "write: the pwrite calls alone, GiB/s",
		      SW_STREAM, C_WRITE);
		table(out, r, "write+fsync: the calls, then one fsync "
		      "(cost to durability of a stream), GiB/s", SW_STREAM,
		      C_STREAM);
		table(out, r, "write+fsync-each: fsync after every call, "
		      "GiB/s", SW_EACH, C_EACH);
		table(out, r, "one durable write (pwrite + fsync), "
		      "microseconds", SW_EACH, C_EACH_US);
		return;
	}
	sw_size_label(o->sizes[0], label, sizeof(label));
	fprintf(out, "method: %s calls, %s per thread, each thread its own "
		"file, %s; a pass is every thread's writes plus its fsync, "
		"timed from the first start to the last end; median of %d "
		"repetitions after 1 warm-up, modes interleaved\n", label,
		span, o->alloc ? "allocating (files truncated before each "
		"pass)" : "overwriting (files written beforehand)", o->reps);
	fprintf(out, "\naggregate write+fsync GiB/s\n%-10s", "threads");
	for (int m = 0; m < o->nmodes; m++)
		fprintf(out, " %10s", o->modes[m]);
	fputc('\n', out);
	for (int t = 0; t < o->nthreads; t++) {
		fprintf(out, "%-10d", o->threads[t]);
		for (int m = 0; m < o->nmodes; m++) {
			const struct sw_fig *f = find(r, m, o->sizes[0],
						      o->threads[t], SW_STREAM);

			fprintf(out, " %10.3f", f ? f->median : 0.0);
		}
		fputc('\n', out);
	}
}

int sw_write_csv(const struct sw_run *r, FILE *f)
{
	const struct sw_opts *o = &r->o;
	const char *io = o->study == SW_THREADS && o->alloc ? "alloc"
							    : "overwrite";

	fprintf(f, "study,mode,zeroing,io,size,threads,calls,bytes,reps,"
		"metric,gibps_median,gibps_min,gibps_max,gibps_cv,us_per_call,"
		"fsync_s_median\n");
	for (int i = 0; i < r->nfigs; i++) {
		const struct sw_fig *g = &r->figs[i];
		const char *study = o->study == SW_SIZES ? "sizes" : "threads";
		const char *mode = o->modes[g->mode];
		const char *zero = dx_zeroing_name(o->zeroing);
		long long bytes = g->size * g->calls;

		/* us_per_call: the time one call (with its fsync, for -each)
		 * takes in one thread, from the median rate. */
		if (g->metric == SW_STREAM && o->study == SW_SIZES)
			fprintf(f, "%s,%s,%s,%s,%lld,%d,%lld,%lld,%d,write,"
				"%.4f,%.4f,%.4f,%.4f,%.3f,\n", study, mode, zero,
				io, g->size, g->threads, g->calls, bytes,
				o->reps, g->write_median, g->write_min,
				g->write_max, g->write_cv, (double)g->size /
				(g->write_median * (1 << 30)) * 1e6);
		fprintf(f, "%s,%s,%s,%s,%lld,%d,%lld,%lld,%d,%s,%.4f,%.4f,"
			"%.4f,%.4f,%.3f,", study, mode, zero, io, g->size,
			g->threads, g->calls, bytes, o->reps,
			g->metric == SW_EACH ? "write+fsync-each"
					     : "write+fsync",
			g->median, g->min, g->max, g->cv, (double)g->size *
			g->threads / (g->median * (1 << 30)) * 1e6);
		if (g->metric == SW_STREAM && o->study == SW_SIZES)
			fprintf(f, "%.6f\n", g->fsync_median);
		else
			fputc('\n', f);
	}
	return fflush(f) || ferror(f) ? -1 : 0;
}
