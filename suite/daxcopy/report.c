// SPDX-License-Identifier: MIT
/*
 * report.c - daxcopy's output: the run header, one table per op and
 * thread count (GiB/s and ratio to the best bare NT kernel of the column),
 * the verdict against PMDK, --list, and --csv rows.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "daxcopy.h"
#include "copy_rank.h"
#include "emit.h"

#define NAME_W	27	/* kernel column: "cached-avx512+clflushopt *" */
#define CELL_W	14	/* "%6.2f %5.2fx" and a gap */

void dc_size_label(long long size, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (u < 4 && size >= 1024 && size % 1024 == 0) {
		size /= 1024;
		u++;
	}
	snprintf(buf, len, "%lld %s", size, unit[u]);
}

static void column_label(const struct dc_cell *c, char *buf, size_t len)
{
	char sz[32];

	dc_size_label(c->size, sz, sizeof(sz));
	if (c->op == DC_COPY)
		snprintf(buf, len, "%s %s", sz, dc_src_name[c->src]);
	else
		snprintf(buf, len, "%s", sz);
}

static const char *kernel_label(const struct dc_run *r, int k, char *buf,
				size_t len)
{
	snprintf(buf, len, "%s%s", r->kern[k].name,
		 r->kern[k].chosen ? " *" : "");
	return buf;
}

void dc_print_header(FILE *out, const struct dc_run *r)
{
	const struct dc_opts *o = &r->o;
	struct utsname u;
	char total[32], cold[32], llc[32];

	uname(&u);
	dc_size_label(o->total, total, sizeof(total));
	dc_size_label(r->cold_bytes, cold, sizeof(cold));
	dc_size_label(r->llc_bytes, llc, sizeof(llc));
	fprintf(out, "daxcopy: libdaxref copy kernels and PMDK's "
		"pmem_memcpy_persist, one run\n");
	cpu_describe(out, &r->kset.cpu);
	fprintf(out, "chosen set (*): %s, %s, %s\n", r->kset.nt->name,
		r->kset.cached_flush->name, r->kset.cached->name);
	pm_kset_describe_choice(out, &r->kset);
	fprintf(out, "kernel: %s %s %s\n", u.sysname, u.release, u.machine);
	fprintf(out, "method: %s per figure per thread, median of %d "
		"repetitions after 1 warm-up, kernels interleaved; every call "
		"fences (flags 0) except the cached kernels, which never do\n",
		total, o->reps);
	fprintf(out, "dst: one memfd per thread, fallocated and prefaulted; "
		"src: hot = one call-size buffer reused, cold = streams "
		"through %s (last-level cache %s)\n", cold, llc);
	if (r->peer.available)
		fprintf(out, "pmdk: %s%s%s%s, PMEM_IS_PMEM_FORCE=1; path: %s "
			"(%s)\n", r->peer.lib,
			r->peer.version[0] ? " (" : "", r->peer.version,
			r->peer.version[0] ? ")" : "", r->peer.path,
			r->peer.path_how);
	else
		fprintf(out, "pmdk: skipped: %s\n", r->peer.why);
}

/* The cells of one table: op x thread count, in plan order. */
static bool in_table(const struct dc_cell *c, enum dc_op op, int threads)
{
	return c->op == op && c->threads == threads;
}

/* Distinct columns of a table, in plan order: indexes of first cells. */
static int table_columns(const struct dc_run *r, enum dc_op op, int threads,
			 int *cols, int max)
{
	int n = 0;

	for (int i = 0; i < r->ncells && n < max; i++) {
		const struct dc_cell *c = &r->cells[i];

		if (!in_table(c, op, threads))
			continue;
		if (n && c->size == r->cells[cols[n - 1]].size &&
		    c->src == r->cells[cols[n - 1]].src)
			continue;
		cols[n++] = i;
	}
	return n;
}

static const struct dc_cell *find_cell(const struct dc_run *r,
				       const struct dc_cell *col, int k)
{
	for (int i = 0; i < r->ncells; i++) {
		const struct dc_cell *c = &r->cells[i];

		if (c->kernel == k && c->op == col->op &&
		    c->size == col->size && c->src == col->src &&
		    c->threads == col->threads)
			return c;
	}
	return NULL;
}

static void print_table(FILE *out, const struct dc_run *r, enum dc_op op,
			int threads, bool per_thread)
{
	int cols[DC_MAX_LIST * DC_SRC_COUNT], ncols;
	int cw = CELL_W;
	char lab[64];

	ncols = table_columns(r, op, threads, cols, DC_MAX_LIST * 2);
	if (!ncols)
		return;
	if (per_thread && threads * 7 + 1 > cw)
		cw = threads * 7 + 1;
	if (per_thread)
		fprintf(out, "\n%s, %d threads, per thread: GiB/s of each "
			"thread (median)\n", dc_op_name[op], threads);
	else
		fprintf(out, "\n%s, %d thread%s%s: GiB/s, and x = ratio to "
			"the best bare NT kernel of the column\n",
			dc_op_name[op], threads, threads > 1 ? "s" : "",
			threads > 1 ? " (aggregate)" : "");
	fprintf(out, "%-*s", NAME_W, "kernel");
	for (int j = 0; j < ncols; j++) {
		column_label(&r->cells[cols[j]], lab, sizeof(lab));
		fprintf(out, "%*s", cw, lab);
	}
	fputc('\n', out);

	for (int k = 0; k < r->nkern; k++) {
		const struct dc_kernel *kk = &r->kern[k];

		if (!kk->selected)
			continue;
		fprintf(out, "%-*s", NAME_W, kernel_label(r, k, lab,
							  sizeof(lab)));
		if (!kk->runnable) {
			fprintf(out, "  skipped: %s\n", kk->why);
			continue;
		}
		for (int j = 0; j < ncols; j++) {
			const struct dc_cell *c = find_cell(r,
						&r->cells[cols[j]], k);
			char cell[128] = "";
			size_t used = 0;

			if (!c)
				snprintf(cell, sizeof(cell), "-");
			else if (!per_thread && c->ratio > 0)
				snprintf(cell, sizeof(cell), "%6.2f %5.2fx",
					 c->median, c->ratio);
			else if (!per_thread)
				snprintf(cell, sizeof(cell), "%6.2f", c->median);
			else
				for (int t = 0; t < threads; t++)
					used += snprintf(cell + used,
						sizeof(cell) - used, "%s%.1f",
						t ? "/" : "", c->per_median[t]);
			fprintf(out, "%*s", cw, cell);
		}
		fputc('\n', out);
	}
}

/*
 * The requirement, per copy column: the best bare NT kernel at
 * least as fast as pmdk.  The best of nine NT figures has a head start
 * over pmdk's one figure on a noisy machine, so the chosen NT kernel
 * (AVX-512 + CLWB here, what pmdk picks too) is shown beside it.
 */
static void print_verdict(FILE *out, const struct dc_run *r, int threads)
{
	int cols[DC_MAX_LIST * DC_SRC_COUNT], ncols, pk = r->nkern - 1;
	int chosen = (int)(r->kset.nt - copy_kernels);
	char lab[64];

	ncols = table_columns(r, DC_COPY, threads, cols, DC_MAX_LIST * 2);
	if (!ncols || !r->kern[pk].selected)
		return;
	fprintf(out, "\nNT kernels vs pmdk, copy, %d thread%s (wanted: best >= "
		"pmdk):\n  %-14s %6s  %-22s %6s %6s  %6s %6s\n", threads,
		threads > 1 ? "s" : "", "column", "pmdk", "best NT kernel",
		"GiB/s", "ratio", "chosen", "ratio");
	for (int j = 0; j < ncols; j++) {
		const struct dc_cell *col = &r->cells[cols[j]];
		const struct dc_cell *p = find_cell(r, col, pk), *b, *c;

		column_label(col, lab, sizeof(lab));
		if (!p || col->best_nt < 0) {
			fprintf(out, "  %-14s %s\n", lab, !p ?
				"pmdk not measured" : "no NT kernel measured");
			continue;
		}
		b = find_cell(r, col, col->best_nt);
		c = find_cell(r, col, chosen);
		fprintf(out, "  %-14s %6.2f  %-22s %6.2f %5.2fx", lab,
			p->median, r->kern[b->kernel].name, b->median,
			b->median / p->median);
		if (c)
			fprintf(out, "  %6.2f %5.2fx", c->median,
				c->median / p->median);
		else
			fprintf(out, "  %6s %6s", "-", "-");
		fprintf(out, "  %s\n", b->median >= p->median ? "ok" :
			"SLOWER than pmdk");
	}
}

void dc_print_tables(FILE *out, const struct dc_run *r)
{
	const struct dc_opts *o = &r->o;

	for (int t = 0; t < o->nthreads; t++) {
		for (int op = 0; op < DC_OP_COUNT; op++) {
			print_table(out, r, op, o->threads[t], false);
			if (o->threads[t] > 1)
				print_table(out, r, op, o->threads[t], true);
		}
		print_verdict(out, r, o->threads[t]);
	}
	fprintf(out, "\n* = the kernel set the modes use (ranking or override)."
		" Figures: median of %d; measuring took %.1f s.\n", o->reps,
		r->seconds);
	fprintf(out, "machine while measuring: load average %.2f before, "
		"%.2f after; daxcopy got %.0f%% of a CPU per timed thread%s\n",
		r->load_before, r->load_after, 100 * r->cpu_share,
		r->cpu_share < 0.9 ? " - OTHER WORK TOOK THE CPU: these "
		"figures are low and noisy" : "");
}

void dc_print_list(FILE *out, const struct dc_run *r)
{
	cpu_describe(out, &r->kset.cpu);
	fprintf(out, "\n%-*s %-13s %-7s %-11s %-8s %s\n", NAME_W, "kernel",
		"kind", "isa", "flush", "runnable", "stands for / why not");
	for (int k = 0; k < r->nkern; k++) {
		const struct dc_kernel *kk = &r->kern[k];
		const struct copy_kernel *ck = kk->k;
		char lab[64];

		fprintf(out, "%-*s %-13s %-7s %-11s %-8s %s\n", NAME_W,
			kernel_label(r, k, lab, sizeof(lab)),
			ck ? copy_kind_name(ck->kind) : "peer",
			ck ? dx_isa_name(ck->isa) : "-",
			ck && ck->kind != CK_CACHED ? dx_flush_name(ck->flush)
						    : "-",
			kk->runnable ? "yes" : "no", !kk->runnable ? kk->why :
			ck && ck->stands_for ? ck->stands_for : "");
	}
	if (r->peer.available)
		fprintf(out, "\npmdk = pmem_memcpy_persist / pmem_memset_persist"
			" from %s; path: %s (%s)\n", r->peer.lib, r->peer.path,
			r->peer.path_how);
	pm_kset_describe_choice(out, &r->kset);
	fprintf(out, "* = the kernel set the modes use (ranking or override)\n");
}

/* A CSV field (suite/common/emit.h), then the separator. */
static void csv_str(FILE *f, const char *s, bool last)
{
	csv_field(f, s);
	fputc(last ? '\n' : ',', f);
}

static void git_rev(char *buf, size_t len)
{
	char exe[PATH_MAX], cmd[PATH_MAX + 64];
	const char *env = getenv("DAXBENCH_GIT_REV");
	ssize_t n;
	FILE *p;

	snprintf(buf, len, "unknown");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return;
	exe[n] = 0;
	snprintf(cmd, sizeof(cmd), "git -C '%s' describe --always --dirty "
		 "2>/dev/null", dirname(exe));
	p = popen(cmd, "r");
	if (!p)
		return;
	if (fgets(buf, len, p))
		buf[strcspn(buf, "\n")] = 0;
	else
		snprintf(buf, len, "unknown");
	pclose(p);
}

static const char *const csv_columns[] = {
	"tool", "date", "git_rev", "cpu_model", "cpu_vendor",
	"kernel_release", "chosen_isa", "isa_from", "chosen_flush",
	"flush_from", "copy_kernel", "kind", "isa", "flush", "op", "size",
	"source", "threads", "reps", "bytes_per_thread", "gibps_median",
	"gibps_min", "gibps_max", "gibps_cv", "ratio_best_nt", "best_nt_kernel",
	"per_thread_gibps", "pmdk_path", "load_before", "cpu_share",
};

int dc_write_csv(const struct dc_run *r, FILE *f, char *err, size_t errlen)
{
	const struct cpu_caps *cc = cpu_caps();
	const struct cpu_choice *ch = &r->kset.cpu;
	unsigned ncol = sizeof(csv_columns) / sizeof(csv_columns[0]);
	char rev[64], date[32], buf[512];
	struct utsname u;
	time_t now = time(NULL);

	uname(&u);
	git_rev(rev, sizeof(rev));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	for (unsigned i = 0; i < ncol; i++)
		csv_str(f, csv_columns[i], i == ncol - 1);
	for (int i = 0; i < r->ncells; i++) {
		const struct dc_cell *c = &r->cells[i];
		const struct dc_kernel *k = &r->kern[c->kernel];
		const struct copy_kernel *ck = k->k;
		long long calls = r->o.total / c->size ? r->o.total / c->size : 1;
		size_t used = 0;

		csv_str(f, "daxcopy", false);
		csv_str(f, date, false);
		csv_str(f, rev, false);
		csv_str(f, cc->model, false);
		csv_str(f, cc->vendor, false);
		csv_str(f, u.release, false);
		csv_str(f, dx_isa_name(ch->isa), false);
		csv_str(f, ch->isa_from, false);
		csv_str(f, dx_flush_name(ch->flush), false);
		csv_str(f, ch->flush_from, false);
		csv_str(f, k->name, false);
		csv_str(f, ck ? copy_kind_name(ck->kind) : "peer", false);
		csv_str(f, ck ? dx_isa_name(ck->isa) : "", false);
		csv_str(f, ck && ck->kind != CK_CACHED ?
			dx_flush_name(ck->flush) : "", false);
		csv_str(f, dc_op_name[c->op], false);
		fprintf(f, "%lld,", c->size);
		csv_str(f, c->op == DC_COPY ? dc_src_name[c->src] : "", false);
		fprintf(f, "%d,%d,%lld,%.3f,%.3f,%.3f,%.4f,", c->threads,
			r->o.reps, calls * c->size, c->median, c->min, c->max,
			c->cv);
		if (c->ratio > 0)
			fprintf(f, "%.4f,", c->ratio);
		else
			fputc(',', f);
		csv_str(f, c->best_nt >= 0 ? r->kern[c->best_nt].name : "",
			false);
		buf[0] = 0;
		for (int t = 0; t < c->threads && used < sizeof(buf); t++)
			used += snprintf(buf + used, sizeof(buf) - used,
					 "%s%.3f", t ? ";" : "",
					 c->per_median[t]);
		csv_str(f, buf, false);
		csv_str(f, ck ? "" : r->peer.path, false);
		fprintf(f, "%.2f,%.3f\n", r->load_before, r->cpu_share);
	}
	if (fflush(f) || ferror(f)) {
		snprintf(err, errlen, "write: %s", strerror(errno));
		return -EIO;
	}
	return 0;
}
