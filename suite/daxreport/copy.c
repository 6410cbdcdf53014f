/* SPDX-License-Identifier: MIT */
/*
 * copy.c - the copy-strategy study's summary: the call-size sweep of the
 * chosen bare kernels, PMDK and every mode; the crossover where NT beats
 * cached+flush; the thread's claims, each against the best cached kernel
 * and against the kernel's own rep movsb; each mode's cost to durability;
 * thread scaling.  Console, Markdown (report.md) and JSON (summary.json).
 *
 * Every figure is a median from the CSVs this run wrote.  The crossover is
 * the smallest call size from which NT is at least as fast as cached+flush
 * at that size and every larger one measured, "as fast" allowing 5% (the
 * noise of one median on a shared machine); the sizes where cached+flush
 * is more than 5% faster are named.
 */
#include "copy.h"
#include "copy_data.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "daxref.h"
#include "emit.h"
#include "fmt.h"
#include "spread.h"
#include "table.h"

static const char *szl(double s)
{
	char *b = fmt_buf();

	if (s >= 1048576 && !fmod(s, 1048576))
		snprintf(b, FMT_BUF, "%s MiB", awknum(s / 1048576));
	else if (s >= 1024 && !fmod(s, 1024))
		snprintf(b, FMT_BUF, "%s KiB", awknum(s / 1024));
	else
		snprintf(b, FMT_BUF, "%s B", awknum(s));
	return b;
}

static const char *g(double x)
{
	return num(x, 2);
}

static const char *jnul(double x)
{
	return have(x) ? awknum(x) : "null";
}

static void add_size(double *list, int *n, double s)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == s)
			return;
	if (*n < MAX_SIZES)
		list[(*n)++] = s;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static bool load_kernels(struct copy *c, const char *path)
{
	struct csv_reader r;

	if (!csv_open_said(&r, path, "daxreport"))
		return false;
	while (csv_next(&r)) {
		if (!c->kset[0])
			snprintf(c->kset, sizeof(c->kset), "%s", csv_str(&r, "kernels"));
		if (strcmp(csv_str(&r, "op"), "copy") || strcmp(csv_str(&r, "source"), "hot"))
			continue;
		const char *k = csv_str(&r, "copy_kernel");
		double s = atof(csv_str(&r, "size"));
		int th = atoi(csv_str(&r, "threads"));
		ft_set_raw(&c->kg, csv_str(&r, "gibps_median"), "%s|%.0f|%d", k, s, th);
		if (th == 1)
			add_size(c->ks, &c->nks, s);
		if (th > c->maxth)
			c->maxth = th;
		int i;
		for (i = 0; i < c->nk && strcmp(c->kern[i], k); i++)
			;
		if (i == c->nk && c->nk < MAX_KERNELS) {
			snprintf(c->kern[c->nk], sizeof(c->kern[0]), "%s", k);
			snprintf(c->kkind[c->nk], sizeof(c->kkind[0]), "%s", csv_str(&r, "kind"));
			c->nk++;
		}
	}
	csv_close(&r);
	return true;
}

static bool load_modes(struct copy *c, const char *path)
{
	struct csv_reader r;
	bool seen[MAX_MODES] = { false };

	if (!csv_open_said(&r, path, "daxreport"))
		return false;
	while (csv_next(&r)) {
		const char *m = csv_str(&r, "mode"), *met = csv_str(&r, "metric"), *io = csv_str(&r, "io");
		double s = atof(csv_str(&r, "size"));
		int th = atoi(csv_str(&r, "threads"));
		for (int i = 0; i < dx_mode_count() && i < MAX_MODES; i++)
			if (!strcmp(dx_mode_at(i, NULL), m))
				seen[i] = true;
		if (!strcmp(csv_str(&r, "study"), "sizes")) {
			ft_set_raw(&c->mg, csv_str(&r, "gibps_median"), "%s|%.0f|%s", m, s, met);
			ft_set_raw(&c->mus, csv_str(&r, "us_per_call"), "%s|%.0f|%s", m, s, met);
			add_size(c->ms, &c->nms, s);
		} else {
			ft_set_raw(&c->tg, csv_str(&r, "gibps_median"), "%s|%s|%d", m, io, th);
			if (th > c->maxth)
				c->maxth = th;
		}
	}
	csv_close(&r);
	/* the columns: the modes the run has, in ref/modes.def's order */
	for (int i = 0; i < dx_mode_count() && i < MAX_MODES; i++)
		if (seen[i])
			snprintf(c->mode[c->nm++], sizeof(c->mode[0]), "%s", dx_mode_at(i, NULL));
	return true;
}

/* the deferred mode again, its cached kernel forced to cached-movsb */
static bool load_movsb(struct copy *c, const char *path)
{
	struct csv_reader r;

	if (!csv_open_said(&r, path, "daxreport"))
		return false;
	while (csv_next(&r))
		if (!strcmp(csv_str(&r, "study"), "sizes"))
			ft_set_raw(&c->mv, csv_str(&r, "gibps_median"), "%s|%.0f|%s", csv_str(&r, "mode"),
			       atof(csv_str(&r, "size")), csv_str(&r, "metric"));
	csv_close(&r);
	return true;
}

/* the scenarios' no-DAX overwrite at 4 KiB, for the cold/warm cache note */
static bool load_cold(struct copy *c, const char *path)
{
	struct csv_reader r;
	const char *pc = dx_mode_with_role(DX_ROLE_NODAX);

	if (!csv_open_said(&r, path, "daxreport"))
		return false;
	while (csv_next(&r)) {
		double ops = figure_of(csv_str(&r, "ops"));
		if (strcmp(csv_str(&r, "mode"), pc ? pc : "") || strcmp(csv_str(&r, "scenario"), "overwrite-4k") ||
		    strcmp(csv_str(&r, "variant"), "email") || !(ops > 0))
			continue;
		if (c->ncold < (int)(sizeof(c->cold) / sizeof(c->cold[0])))
			c->cold[c->ncold++] = atof(csv_str(&r, "pwrite_s")) / ops * 1e6;
	}
	csv_close(&r);
	return true;
}

static bool has_mode(const struct copy *c, const char *m)
{
	for (int i = 0; i < c->nm; i++)
		if (!strcmp(c->mode[i], m))
			return true;
	return false;
}

/* Where @an (a[]) beats @bn (b[]) over @n sizes: the text, and in *xo the
 * size, -1 when @an never wins at the large end, 0 when it wins everywhere. */
static void crossover(char *out, size_t len, const char *an, const char *bn, const double *sz,
		      const double *a, const double *b, int n, double *xo)
{
	int k = -1;
	char lose[256] = "";

	for (int i = n - 1; i >= 0; i--) {
		if (!have(a[i]) || !have(b[i]))
			continue;
		if (a[i] >= SLACK * b[i])
			k = i;
		else
			break;
	}
	if (k < 0) {
		*xo = -1;
		snprintf(out, len, "no crossover: %s is faster at the largest size measured (%s)", bn,
			 n ? szl(sz[n - 1]) : "none");
		return;
	}
	if (k == 0) {
		*xo = 0;
		snprintf(out, len, "%s is as fast or faster at every size measured, from %s (within 5%%)", an, szl(sz[0]));
		return;
	}
	*xo = sz[k];
	for (int i = 0; i < k; i++) {
		double ai = have(a[i]) ? a[i] : 0, bi = have(b[i]) ? b[i] : 0;
		if (ai < SLACK * bi)
			snprintf(lose + strlen(lose), sizeof(lose) - strlen(lose), "%s%s", *lose ? ", " : "", szl(sz[i]));
	}
	snprintf(out, len, "%s is as fast or faster from %s up (within 5%%); %s is faster by more than 5%% at %s",
		 an, szl(sz[k]), bn, lose);
}

static void crossovers(struct copy *c)
{
	double a[MAX_SIZES], b[MAX_SIZES];

	for (int i = 0; i < c->nks; i++) {
		a[i] = ft_get(&c->kg, "%s|%.0f|1", c->in->nt, c->ks[i]);
		b[i] = ft_get(&c->kg, "%s|%.0f|1", c->in->cf, c->ks[i]);
	}
	crossover(c->xb, sizeof(c->xb), "NT", "cached+flush", c->ks, a, b, c->nks, &c->xb_size);
	if (!has_mode(c, M_NT) || !has_mode(c, M_CLWB))
		return;
	for (int i = 0; i < c->nms; i++) {
		a[i] = ft_get(&c->mg, "%s|%.0f|write+fsync-each", M_NT, c->ms[i]);
		b[i] = ft_get(&c->mg, "%s|%.0f|write+fsync-each", M_CLWB, c->ms[i]);
	}
	crossover(c->xm, sizeof(c->xm), M_NT, M_CLWB, c->ms, a, b, c->nms, &c->xm_size);
	for (int i = 0; i < c->nms; i++) {
		a[i] = ft_get(&c->mg, "%s|%.0f|write", M_NT, c->ms[i]);
		b[i] = ft_get(&c->mg, "%s|%.0f|write", M_CLWB, c->ms[i]);
	}
	crossover(c->xw, sizeof(c->xw), M_NT, M_CLWB, c->ms, a, b, c->nms, &c->xw_size);
}

static double kget(const struct copy *c, const char *k, double s, int th)
{
	return ft_get(&c->kg, "%s|%.0f|%d", k, s, th);
}

static const char *pmdk_line(const struct copy *c)
{
	double lo = FIGURE_MISSING, hi = FIGURE_MISSING, los = 0, his = 0;
	char *b = fmt_buf();

	for (int i = 0; i < c->nks; i++) {
		double p = kget(c, K_PMDK, c->ks[i], 1), n = kget(c, c->in->nt, c->ks[i], 1);
		if (!have(p) || !have(n) || n == 0)
			continue;
		double r = p / n;
		if (!have(lo) || r < lo) {
			lo = r;
			los = c->ks[i];
		}
		if (!have(hi) || r > hi) {
			hi = r;
			his = c->ks[i];
		}
	}
	if (!have(lo))
		return "PMDK's pmem_memcpy_persist was not measured (libpmem missing? see raw/daxcopy-sizes.txt)";
	snprintf(b, FMT_BUF, "pmem_memcpy_persist runs at %.2fx (%s) to %.2fx (%s) of %s",
		 lo, szl(los), hi, szl(his), c->in->nt);
	return b;
}

/* What the bare crossover says about the two published thresholds. */
static const char *threshold_line(const struct copy *c)
{
	char *b = fmt_buf();
	double x = c->xb_size;

	if (x == 0)
		snprintf(b, FMT_BUF, "so PMDK's 256 B and dm-writecache's 768 B thresholds do not pay here: below them NT is as fast or faster (at %s: %s vs %s GiB/s); DRAM stands in for pmem here, and on real pmem the balance may differ",
			 szl(c->ks[0]), g(kget(c, c->in->nt, c->ks[0], 1)), g(kget(c, c->in->cf, c->ks[0], 1)));
	else if (x < 0)
		return "so cached+flush wins at the large end here, against both published thresholds";
	else
		snprintf(b, FMT_BUF, "so the crossover here, %s, lies %s PMDK's 256 B and %s dm-writecache's 768 B", szl(x),
			 x < 256 ? "below" : x == 256 ? "at" : "above", x < 768 ? "below" : x == 768 ? "at" : "above");
	return b;
}

/* The fastest cached bare kernel at @s, its name in @best. */
static double best_cached(const struct copy *c, double s, const char **best)
{
	double b = FIGURE_MISSING;

	*best = "";
	for (int i = 0; i < c->nk; i++) {
		double v = kget(c, c->kern[i], s, 1);
		if (strcmp(c->kkind[i], "cached") || !have(v))
			continue;
		if (!have(b) || v > b) {
			b = v;
			*best = c->kern[i];
		}
	}
	return b;
}

static double ratio(double a, double b)
{
	return !have(a) || !have(b) || b <= 0 ? FIGURE_MISSING : a / b;
}

/* A claim's verdict: its direction holds by more than 5%, even, or not;
 * a "costs little" claim (@little) holds when the ratio is at least even. */
static const char *verdict(double r, bool little)
{
	if (!have(r))
		return "-";
	if (little)
		return r >= SLACK ? "holds" : "does not hold";
	return r > 1.05 ? "holds" : r >= SLACK ? "even" : "does not hold";
}

static bool near(double x, double y)
{
	return x / y < 1.05 && y / x < 1.05;
}

struct claim {
	const char *title, *what1, *what2;
	double a4, a1, m4, m1;	/* at 4 KiB and 1 MiB: against what1, what2 */
	bool	little;
};

static void claim_lines(struct copy *c, const char *b, const char *ind, const struct claim *k, FILE *o)
{
	char flip[32] = "";
	bool edge = true;

	fprintf(o, "%s%s\n", b, k->title);
	fprintf(o, "%s  %s: %s | %s: %s at 4 KiB, %s at 1 MiB\n", ind, k->what1, xf(k->a4), xf(k->a1),
		verdict(k->a4, k->little), verdict(k->a1, k->little));
	if (!have(k->m4) && !have(k->m1)) {
		fprintf(o, "%s  against rep movsb: not measured\n", ind);
		return;
	}
	fprintf(o, "%s  %s: %s | %s: %s at 4 KiB, %s at 1 MiB\n", ind, k->what2, xf(k->m4), xf(k->m1),
		verdict(k->m4, k->little), verdict(k->m1, k->little));
	if (have(k->a4) && have(k->m4) && strcmp(verdict(k->a4, k->little), verdict(k->m4, k->little))) {
		strcpy(flip, "4 KiB");
		edge = edge && near(k->a4, k->m4);
	}
	if (have(k->a1) && have(k->m1) && strcmp(verdict(k->a1, k->little), verdict(k->m1, k->little))) {
		strcat(flip, *flip ? " and 1 MiB" : "1 MiB");
		edge = edge && near(k->a1, k->m1);
	}
	if (!*flip)
		return;
	c->nflip++;
	if (edge)
		fprintf(o, "%s  the verdict flips at %s with the kernel's own copy, but the two ratios are within 5%% of each other: on the verdict's edge; re-measure (more runs) before calling it a finding\n", ind, flip);
	else
		fprintf(o, "%s  THE VERDICT FLIPS at %s with the kernel's own copy: the ratios differ by more than 5%%, a finding, not noise\n", ind, flip);
}

/* The thread's own numbers for the copy strategies, against this run's,
 * twice: with the best cached kernel of each size (the fairest
 * hand-written cached copy) and with the kernel's own rep movsb. */
static void claims(struct copy *c, bool md, const char *b, const char *ind, FILE *o)
{
	const char *k4, *k1, *nt = c->in->nt;
	char best[160], ranked[96], on_movsb[64];
	double b4 = best_cached(c, 4096, &k4), b1 = best_cached(c, 1048576, &k1);
	double n4 = kget(c, nt, 4096, 1), n1 = kget(c, nt, 1048576, 1);
	double v4 = kget(c, K_MOVSB, 4096, 1), v1 = kget(c, K_MOVSB, 1048576, 1);
	char cind[16];
#define MG(m, s, met) ft_get(&c->mg, "%s|%d|%s", m, s, met)
#define MV(m, s, met) ft_get(&c->mv, "%s|%d|%s", m, s, met)

	snprintf(cind, sizeof(cind), "%s  ", md ? "" : ind);
	snprintf(best, sizeof(best), "best cached (%s | %s)", k4, k1);
	snprintf(ranked, sizeof(ranked), "%s on the ranked %s", M_DEFERRED, c->in->cached);
	snprintf(on_movsb, sizeof(on_movsb), "%s on %s", M_DEFERRED, K_MOVSB);
	const struct claim list[] = {
		{ "Harrosh: NT copy \"faster than cached writes by 20%\": NT / cached (bare, never flushed)",
		  best, K_MOVSB, ratio(n4, b4), ratio(n1, b1), ratio(n4, v4), ratio(n1, v1), false },
		{ "Chinner: a cached copy runs \"50x faster\" than the NT one; Kani: \"slightly faster\": cached / NT",
		  best, K_MOVSB, ratio(b4, n4), ratio(b1, n1), ratio(v4, n4), ratio(v1, n1), false },
		{ "Harrosh: with dirty tracking and flushes, cached is \"x2 slower\": movnt / deferred, write + fsync",
		  ranked, on_movsb,
		  ratio(MG(M_NT, 4096, "write+fsync"), MG(M_DEFERRED, 4096, "write+fsync")),
		  ratio(MG(M_NT, 1048576, "write+fsync"), MG(M_DEFERRED, 1048576, "write+fsync")),
		  ratio(MG(M_NT, 4096, "write+fsync"), MV(M_DEFERRED, 4096, "write+fsync")),
		  ratio(MG(M_NT, 1048576, "write+fsync"), MV(M_DEFERRED, 1048576, "write+fsync")), false },
		{ "Chinner: dirty tracking costs write() little: deferred / movnt, the pwrite calls alone (holds when at least 0.95x)",
		  ranked, on_movsb,
		  ratio(MG(M_DEFERRED, 4096, "write"), MG(M_NT, 4096, "write")),
		  ratio(MG(M_DEFERRED, 1048576, "write"), MG(M_NT, 1048576, "write")),
		  ratio(MV(M_DEFERRED, 4096, "write"), MG(M_NT, 4096, "write")),
		  ratio(MV(M_DEFERRED, 1048576, "write"), MG(M_NT, 1048576, "write")), true },
	};
#undef MG
#undef MV
	fprintf(o, "\n%sthe thread's claims, against this run (ratios at 4 KiB | 1 MiB calls; a verdict: the claimed direction holds by more than 5%%, even, or not), each against the best cached kernel and against the kernel's own rep movsb:\n%s",
		md ? "### " : ind, md ? "\n" : "");
	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		claim_lines(c, b, cind, &list[i], o);
	if (c->nflip)
		fprintf(o, "%s%d verdict(s) flip between the best cached kernel and rep movsb\n", b, c->nflip);
	else
		fprintf(o, "%sno verdict flips between the best cached kernel and rep movsb\n", b);
}

static const char *dur(const struct copy *c, const char *m, double s)
{
	double w = ft_get(&c->mg, "%s|%.0f|write", m, s), d = ft_get(&c->mg, "%s|%.0f|write+fsync", m, s);
	char *b;

	if (!have(w) || !have(d) || d == 0)
		return "-";
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%+.0f%%", (w / d - 1) * 100);
	return b;
}

static const char *scale(double a, double b)
{
	char *o;

	if (!have(b) || b <= 0 || !have(a))
		return "-";
	o = fmt_buf();
	snprintf(o, FMT_BUF, "%.2fx", a / b);
	return o;
}

static void section(bool md, const char *ind, const char *title, FILE *o)
{
	fprintf(o, "\n%s%s\n%s", md ? "### " : ind, title, md ? "\n" : "");
}

#define MAX_COLS (2 * MAX_MODES + 8)

/* The head of a table of one row per size and one column per mode. */
static void size_by_mode_header(const struct copy *c, bool md, const int *w, const char *ind, FILE *o)
{
	const char *cell[MAX_COLS];
	int n = 0;

	cell[n++] = "size";
	for (int j = 0; j < c->nm; j++)
		cell[n++] = c->mode[j];
	tab_row(o, cell, n, md, w, ind);
	tab_rule(o, n, md, NULL);
}

/* The summary on the console or in Markdown: the same tables and
 * sentences, rendered by tab_row(). */
static void report(struct copy *c, bool md, FILE *o)
{
	const char *ind = "   ", *b = md ? "- " : "   - ", *cell[MAX_COLS];
	int w[MAX_COLS] = { 0 }, n;
	char tbuf[32];

	w[0] = 9;
	if (md) {
		fputs("## The copy-strategy study\n\n", o);
		fputs("Bare kernels: `daxcopy` (hot source, each call fenced as a write() is); modes: `daxsweep` through `dx_pwrite`/`dx_fsync`.  GiB/s, medians; full tables in `raw/`.\n", o);
	}
	section(md, ind, "call-size sweep, 1 thread, GiB/s (median): bare kernels | modes, write + one fsync", o);
	/* the console gets a "|" column between the kernels and the modes */
	n = 0;
	cell[n++] = "size"; cell[n++] = "NT"; cell[n++] = "cached+fl"; cell[n++] = "cached"; cell[n++] = "pmdk";
	if (!md) {
		w[n] = 1;
		cell[n++] = "|";
	}
	for (int j = 0; j < c->nm; j++)
		cell[n++] = c->mode[j];
	tab_row(o, cell, n, md, w, ind);
	tab_rule(o, n, md, NULL);
	for (int i = 0; i < c->nks; i++) {
		double s = c->ks[i];
		n = 0;
		cell[n++] = szl(s);
		cell[n++] = g(kget(c, c->in->nt, s, 1));
		cell[n++] = g(kget(c, c->in->cf, s, 1));
		cell[n++] = g(kget(c, c->in->cached, s, 1));
		cell[n++] = g(kget(c, K_PMDK, s, 1));
		if (!md)
			cell[n++] = "|";
		for (int j = 0; j < c->nm; j++)
			cell[n++] = g(ft_get(&c->mg, "%s|%.0f|write+fsync", c->mode[j], s));
		tab_row(o, cell, n, md, w, ind);
	}
	memset(w, 0, sizeof(w));
	w[0] = 9;
	fprintf(o, "%s(NT = %s, cached+fl = %s, cached = %s, each call fenced as a write() is;\n%s pmdk = pmem_memcpy_persist; the cached kernel never flushes, so it is not durable)\n",
		md ? "\n" : ind, c->in->nt, c->in->cf, c->in->cached, md ? "" : ind);

	section(md, ind, "one durable write (pwrite + fsync), microseconds", o);
	size_by_mode_header(c, md, w, ind, o);
	for (int i = 0; i < c->nms; i++) {
		n = 0;
		cell[n++] = szl(c->ms[i]);
		for (int j = 0; j < c->nm; j++) {
			double us = ft_get(&c->mus, "%s|%.0f|write+fsync-each", c->mode[j], c->ms[i]);
			cell[n++] = num(us, 1);
		}
		tab_row(o, cell, n, md, w, ind);
	}

	section(md, ind, "where NT beats cached+flush (PMDK's default threshold: 256 B; dm-writecache measured ~768 B):", o);
	fprintf(o, "%sbare kernels: %s\n", b, c->xb);
	if (*c->xm)
		fprintf(o, "%smodes, one durable write (pwrite+fsync): %s\n", b, c->xm);
	if (*c->xw)
		fprintf(o, "%smodes, the pwrite alone: %s\n", b, c->xw);
	fprintf(o, "%s%s\n", b, pmdk_line(c));
	fprintf(o, "%s%s\n", b, threshold_line(c));

	claims(c, md, b, ind, o);

	section(md, ind, "cost to durability: write + one fsync against the write alone", o);
	size_by_mode_header(c, md, w, ind, o);
	for (int i = 0; i < c->nms; i++) {
		double s = c->ms[i];
		if (s != 4096 && s != 1048576 && s != 64 && s != 67108864)
			continue;
		n = 0;
		cell[n++] = szl(s);
		for (int j = 0; j < c->nm; j++)
			cell[n++] = dur(c, c->mode[j], s);
		tab_row(o, cell, n, md, w, ind);
	}
	fprintf(o, "%s(movnt and clwb are durable when write() returns; deferred flushes at fsync; pagecache copies again at fsync)\n",
		md ? "\n" : ind);
	const char *pc = dx_mode_with_role(DX_ROLE_NODAX);
	double warm = ft_get(&c->mus, "%s|4096|write", pc ? pc : "");
	if (c->ncold && have(warm)) {
		struct spread sp;
		spread_of(c->cold, c->ncold, 1, &sp);
		fprintf(o, "%s%s, 4 KiB overwrite: %.2f us a call with the page cache warm (here) against %.2f us in the\n%sscenario runs, where each daxio process starts with an empty cache and allocates every page\n",
			md ? "\n" : ind, pc, warm, sp.median, md ? "" : ind);
	}

	section(md, ind, "threads on separate files, 4 KiB calls, write + fsync, aggregate GiB/s (a: = allocating)", o);
	char alloc_name[MAX_MODES][40];
	n = 0;
	cell[n++] = "threads";
	for (int io = 0; io < 2; io++)
		for (int j = 0; j < c->nm; j++) {
			snprintf(alloc_name[j], sizeof(alloc_name[j]), "a:%s", c->mode[j]);
			cell[n++] = io ? alloc_name[j] : c->mode[j];
		}
	if (!md) {
		w[n] = 1;
		cell[n++] = "|";
	}
	cell[n++] = "bare NT"; cell[n++] = "cached+fl"; cell[n++] = "pmdk";
	tab_row(o, cell, n, md, w, ind);
	tab_rule(o, n, md, NULL);
	const char *kcol[3] = { c->in->nt, c->in->cf, K_PMDK };
	int mt = c->maxth;
	for (int t = 1; t <= mt + (mt > 1); t++) {
		bool sc = t > mt;
		n = 0;
		if (sc)
			snprintf(tbuf, sizeof(tbuf), "%d/1", mt);
		else
			snprintf(tbuf, sizeof(tbuf), "%d", t);
		cell[n++] = tbuf;
		for (int io = 0; io < 2; io++)
			for (int j = 0; j < c->nm; j++) {
				const char *ion = io ? "alloc" : "overwrite";
				cell[n++] = sc ? scale(ft_get(&c->tg, "%s|%s|%d", c->mode[j], ion, mt),
						       ft_get(&c->tg, "%s|%s|1", c->mode[j], ion))
					       : g(ft_get(&c->tg, "%s|%s|%d", c->mode[j], ion, t));
			}
		if (!md)
			cell[n++] = "|";
		for (int k = 0; k < 3; k++)
			cell[n++] = sc ? scale(kget(c, kcol[k], 4096, mt), kget(c, kcol[k], 4096, 1))
				       : g(kget(c, kcol[k], 4096, t));
		tab_row(o, cell, n, md, w, ind);
	}
	fprintf(o, "%s(a: = allocating: files truncated before each pass, so every call allocates and journals)\n",
		md ? "\n" : ind);
}

static void json_out(struct copy *c, FILE *o)
{
	fputs("\"copy\": {\"kernels\": {\"nt\": ", o);
	json_string(o, c->in->nt);
	fputs(", \"cached_flush\": ", o);
	json_string(o, c->in->cf);
	fputs(", \"cached\": ", o);
	json_string(o, c->in->cached);
	fprintf(o, "},\n  \"crossover\": {\"bare_bytes\": %s, \"bare\": ", awknum(c->xb_size));
	json_string(o, c->xb);
	if (*c->xm) {
		fprintf(o, ", \"durable_write_bytes\": %s, \"durable_write\": ", awknum(c->xm_size));
		json_string(o, c->xm);
	}
	if (*c->xw) {
		fprintf(o, ", \"write_bytes\": %s, \"write\": ", awknum(c->xw_size));
		json_string(o, c->xw);
	}
	fputs(", \"pmdk_threshold_bytes\": 256, \"dm_writecache_bytes\": 768, \"note\": \"bytes: 0 = NT wins at every size measured, -1 = no crossover\"},\n  \"pmdk\": ", o);
	json_string(o, pmdk_line(c));
	fputs(",\n  \"sizes\": [", o);
	for (int i = 0; i < c->nks; i++) {
		double s = c->ks[i];
		fprintf(o, "%s\n    {\"size\": %.0f, \"nt\": %s, \"cached_flush\": %s, \"cached\": %s, \"pmdk\": %s", i ? "," : "", s,
			jnul(kget(c, c->in->nt, s, 1)), jnul(kget(c, c->in->cf, s, 1)), jnul(kget(c, c->in->cached, s, 1)),
			jnul(kget(c, K_PMDK, s, 1)));
		for (int j = 0; j < c->nm; j++)
			fprintf(o, ", \"%s\": {\"write\": %s, \"write_fsync\": %s, \"durable_write_us\": %s}", c->mode[j],
				jnul(ft_get(&c->mg, "%s|%.0f|write", c->mode[j], s)),
				jnul(ft_get(&c->mg, "%s|%.0f|write+fsync", c->mode[j], s)),
				jnul(ft_get(&c->mus, "%s|%.0f|write+fsync-each", c->mode[j], s)));
		fputc('}', o);
	}
	fputs("],\n  \"threads\": [", o);
	for (int t = 1; t <= c->maxth; t++) {
		fprintf(o, "%s\n    {\"threads\": %d", t > 1 ? "," : "", t);
		for (int j = 0; j < c->nm; j++)
			fprintf(o, ", \"%s\": %s, \"%s_alloc\": %s", c->mode[j],
				jnul(ft_get(&c->tg, "%s|overwrite|%d", c->mode[j], t)), c->mode[j],
				jnul(ft_get(&c->tg, "%s|alloc|%d", c->mode[j], t)));
		fprintf(o, ", \"bare_nt_4k\": %s, \"bare_cached_flush_4k\": %s, \"pmdk_4k\": %s}",
			jnul(kget(c, c->in->nt, 4096, t)), jnul(kget(c, c->in->cf, 4096, t)), jnul(kget(c, K_PMDK, 4096, t)));
	}
	fputs("\n  ]}", o);
}

struct copy *copy_load(const struct copy_inputs *in)
{
	struct copy *c = calloc(1, sizeof(*c));

	if (!c) {
		perror("daxreport");
		return NULL;
	}
	c->in = in;
	if (!load_kernels(c, in->kernels_csv) || (in->modes_csv && !load_modes(c, in->modes_csv)) ||
	    (in->movsb_csv && !load_movsb(c, in->movsb_csv)) ||
	    (in->scenarios_csv && !load_cold(c, in->scenarios_csv))) {
		copy_free(c);
		return NULL;
	}
	qsort(c->ks, c->nks, sizeof(double), by_value);
	qsort(c->ms, c->nms, sizeof(double), by_value);
	return c;
}

void copy_free(struct copy *c)
{
	if (!c)
		return;
	ft_free(&c->kg);
	ft_free(&c->mg);
	ft_free(&c->mus);
	ft_free(&c->tg);
	ft_free(&c->mv);
	free(c);
}

int copy_report(const struct copy_inputs *in, const char *format, FILE *o)
{
	struct copy *c;

	if (strcmp(format, "text") && strcmp(format, "md") && strcmp(format, "json")) {
		fprintf(stderr, "daxreport: copy: unknown format '%s' (valid: text, md, json)\n", format);
		return 2;
	}
	if (!(c = copy_load(in)))
		return 1;
	crossovers(c);
	if (!strcmp(format, "json"))
		json_out(c, o);
	else
		report(c, !strcmp(format, "md"), o);
	copy_free(c);
	return 0;
}
