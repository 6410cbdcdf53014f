/* SPDX-License-Identifier: MIT */
/*
 * scen_plot.c - the scenario plots' data files, from scenarios.csv:
 *
 *   table   one line per column of one table: its label, then published
 *           and measured pwrite B/W and runtime, each as median, min, max
 *           (the published runtimes scaled from the email's 1 GiB to the
 *           bytes this run wrote)
 *   split   per table and reference mode, the medians of setup, pwrite,
 *           sync, teardown and other (s), a blank line between tables
 *   names   the scenario names of the tables present, in table order
 *   tools   a real target's rows of one filesystem and DAX state: per
 *           scenario, the median write B/W of each tool that ran there
 *   combos  the real target's FS-dax/FS-nodax combinations with rows
 */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "daxref.h"
#include "fmt.h"
#include "modes.h"
#include "plot.h"
#include "spread.h"
#include "table.h"

#define GIB 1073741824.0
#define MAX_KEYS 64

/* the tools a real target runs, in the tools plot's order */
static const char *const tools[] = { "xfs_io", "daxio", "fio-psync", "fio-mmap", "fio-libpmem" };
#define NTOOLS (int)(sizeof(tools) / sizeof(tools[0]))

/* Remembers @key in @list (first-seen order); its index. */
static int remember(char (*list)[64], int *n, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(list[i], key))
			return i;
	if (*n == MAX_KEYS)
		return -1;
	snprintf(list[*n], 64, "%.63s", key);
	return (*n)++;
}

/* Appends a figure to the list @key of @t (its count in "key|n"). */
/* The values of list @key, scaled; their count. */
static int values(const struct figure_table *t, const char *key, double scale, double *a, int max)
{
	double n = ft_get(t, "%s|n", key);
	int k = 0;

	for (int i = 0; have(n) && i < (int)n && k < max; i++) {
		double x = ft_get(t, "%s|%d", key, i);
		if (have(x))
			a[k++] = x * scale;
	}
	return k;
}

/* "median min max" of list @key, or NaN three times. */
static const char *stats(const struct figure_table *t, const char *key, double scale)
{
	double a[256];
	struct spread s;
	int n = values(t, key, scale, a, 256);
	char *b = fmt_buf();

	if (!n)
		return "NaN NaN NaN";
	spread_of(a, n, 1, &s);
	snprintf(b, FMT_BUF, "%s %s %s", awknum(s.median), awknum(s.min), awknum(s.max));
	return b;
}

static int plot_table(const struct scen_plot_args *a, FILE *o)
{
	struct figure_table pub = { 0 }, meas = { 0 };
	struct csv_reader r;
	char real[MAX_KEYS][64], key[96], lab[96];
	const char *plo = "", *phi = "", *m[16];
	char plo_s[32] = "", phi_s[32] = "";
	int nreal = 0, nm = report_modes(m, 16);
	double rbytes = 0;
	const char *pc = dx_mode_with_role(DX_ROLE_NODAX), *dx = dx_mode_with_role(DX_ROLE_DAX);

	if (!csv_open_said(&r, a->published, "daxreport"))
		return 1;
	while (csv_next(&r)) {
		if (strcmp(csv_str(&r, "table"), a->table))
			continue;
		if (!strcmp(csv_str(&r, "variant"), "email")) {
			snprintf(key, sizeof(key), "%s|%s", csv_str(&r, "column"), csv_str(&r, "metric"));
			ft_push(&pub, key, csv_str(&r, "value"));
		} else if (!strcmp(csv_str(&r, "metric"), "runtime_s_lo")) {
			snprintf(plo_s, sizeof(plo_s), "%s", csv_str(&r, "value"));
		} else if (!strcmp(csv_str(&r, "metric"), "runtime_s_hi")) {
			snprintf(phi_s, sizeof(phi_s), "%s", csv_str(&r, "value"));
		}
	}
	csv_close(&r);
	plo = plo_s;
	phi = phi_s;
	if (!csv_open_said(&r, a->csv, "daxreport")) {
		ft_free(&pub);
		return 1;
	}
	while (csv_next(&r)) {
		const char *tool = csv_str(&r, "tool");
		bool ref = !strcmp(csv_str(&r, "target"), "ref"), nofsync = !strcmp(csv_str(&r, "variant"), "nofsync");
		char mode[80];
		if (strcmp(csv_str(&r, "table"), a->table))
			continue;
		if (strcmp(tool, "daxio") && strcmp(tool, "xfs_io"))	/* fio: the tools plot */
			continue;
		snprintf(mode, sizeof(mode), "%s%s", csv_str(&r, "mode"), nofsync ? "-nofsync" : "");
		if (!ref && (strcmp(csv_str(&r, "variant"), "email") || strchr(mode, '/')))	/* xfs_io only */
			continue;
		if (!ref)
			remember(real, &nreal, mode);
		snprintf(key, sizeof(key), "%s|bw", mode);
		ft_push(&meas, key, csv_str(&r, "pwrite_mibps"));
		snprintf(key, sizeof(key), "%s|rt", mode);
		ft_push(&meas, key, csv_str(&r, "runtime_s"));
		ft_set(&meas, 1, "%s|seen", mode);
		if (!rbytes)
			rbytes = atof(csv_str(&r, "bytes"));
	}
	csv_close(&r);
	double sc = rbytes > 0 ? rbytes / GIB : 1;
	fputs("# group pub_bw(med min max) meas_bw(med min max) pub_rt(med min max) meas_rt(med min max)\n", o);
	for (int i = 0; i < nm; i++) {
		char nf[80];
		if (!have(ft_get(&meas, "%s|seen", m[i])))
			continue;
		const char *col = pc && !strcmp(m[i], pc) ? "nodax" : dx && !strcmp(m[i], dx) ? "dax" : NULL;
		if (col && !strcmp(col, "nodax"))
			snprintf(lab, sizeof(lab), "\"no DAX\\n(%s)\"", m[i]);
		else
			snprintf(lab, sizeof(lab), "\"DAX\\n(%s)\"", m[i]);
		snprintf(key, sizeof(key), "%s|pwrite_mibps", col ? col : "");
		char pb[FMT_BUF], pr[FMT_BUF];
		snprintf(pb, sizeof(pb), "%s", col ? stats(&pub, key, 1) : "NaN NaN NaN");
		snprintf(key, sizeof(key), "%s|runtime_s", col ? col : "");
		snprintf(pr, sizeof(pr), "%s", col ? stats(&pub, key, sc) : "NaN NaN NaN");
		snprintf(key, sizeof(key), "%s|bw", m[i]);
		fprintf(o, "%s %s %s", lab, pb, stats(&meas, key, 1));
		snprintf(key, sizeof(key), "%s|rt", m[i]);
		fprintf(o, " %s %s\n", pr, stats(&meas, key, 1));
		snprintf(nf, sizeof(nf), "%s-nofsync", m[i]);
		if (!have(ft_get(&meas, "%s|seen", nf)))
			continue;
		snprintf(key, sizeof(key), "%s|bw", nf);
		fprintf(o, "\"no DAX\\nno fsync\" NaN NaN NaN %s ", stats(&meas, key, 1));
		if (*plo)
			fprintf(o, "%s %s %s", awknum((atof(plo) + atof(phi)) / 2 * sc), awknum(atof(plo) * sc),
				awknum(atof(phi) * sc));
		else
			fputs("NaN NaN NaN", o);
		snprintf(key, sizeof(key), "%s|rt", nf);
		fprintf(o, " %s\n", stats(&meas, key, 1));
	}
	/* a real target's columns (FS-nodax, FS-dax) after the reference's,
	 * each beside the published figure of its side */
	for (int i = 0; i < nreal; i++) {
		bool nd = strstr(real[i], "-nodax") != NULL;
		const char *col = nd ? "nodax" : "dax";
		char pb[FMT_BUF];
		fprintf(o, "\"%.*s\\n(%s)\"", (int)strcspn(real[i], "-"), real[i], nd ? "no DAX" : "DAX");
		snprintf(key, sizeof(key), "%s|pwrite_mibps", col);
		snprintf(pb, sizeof(pb), "%s", stats(&pub, key, 1));
		fprintf(o, " %s", pb);
		snprintf(key, sizeof(key), "%.63s|bw", real[i]);
		fprintf(o, " %s", stats(&meas, key, 1));
		snprintf(key, sizeof(key), "%s|runtime_s", col);
		fprintf(o, " %s", stats(&pub, key, sc));
		snprintf(key, sizeof(key), "%.63s|rt", real[i]);
		fprintf(o, " %s\n", stats(&meas, key, 1));
	}
	ft_free(&pub);
	ft_free(&meas);
	return 0;
}

static const char *const phases[] = { "setup_s", "pwrite_cmd_s", "sync_s", "teardown_s", "other_s" };

static int plot_split(const struct scen_plot_args *a, FILE *o)
{
	struct figure_table t = { 0 };
	struct csv_reader r;
	const char *m[16], *pc = dx_mode_with_role(DX_ROLE_NODAX), *dx = dx_mode_with_role(DX_ROLE_DAX);
	int nm = report_modes(m, 16), maxt = 0;
	char key[128];

	if (!csv_open_said(&r, a->csv, "daxreport"))
		return 1;
	while (csv_next(&r)) {
		int tn = atoi(csv_str(&r, "table"));
		const char *nf = !strcmp(csv_str(&r, "variant"), "nofsync") ? "-nofsync" : "";
		if (tn > maxt)
			maxt = tn;
		for (int p = 0; p < 5; p++) {
			snprintf(key, sizeof(key), "%d|%s%s|%s", tn, csv_str(&r, "mode"), nf, phases[p]);
			ft_push(&t, key, csv_str(&r, phases[p]));
		}
	}
	csv_close(&r);
	fputs("# label setup pwrite sync teardown other  (medians, s; a blank line between tables)\n", o);
	for (int tn = 1; tn <= maxt; tn++) {
		for (int i = 0; i < nm; i++)
			for (int j = 0; j < 2; j++) {
				char mode[80];
				snprintf(mode, sizeof(mode), "%s%s", m[i], j ? "-nofsync" : "");
				snprintf(key, sizeof(key), "%d|%s|%s|n", tn, mode, phases[0]);
				if (!have(ft_get(&t, "%s", key)))
					continue;
				const char *lab = !j && pc && !strcmp(m[i], pc) ? "no DAX" :
						  !j && dx && !strcmp(m[i], dx) ? "DAX" :
						  j && pc && !strcmp(m[i], pc) ? "no fsync" : mode;
				fprintf(o, "\"%s\"", lab);
				for (int p = 0; p < 5; p++) {
					snprintf(key, sizeof(key), "%d|%s|%s", tn, mode, phases[p]);
					double x = ft_median(&t, key, NULL);
					fprintf(o, " %s", have(x) ? awknum(x) : "0");
				}
				fputc('\n', o);
			}
		fputs("\n\n", o);
	}
	ft_free(&t);
	return 0;
}

static int plot_names(const struct scen_plot_args *a, FILE *o)
{
	char name[MAX_KEYS][64] = { { 0 } };
	struct csv_reader r;
	int maxt = 0, n = 0;

	if (!csv_open_said(&r, a->csv, "daxreport"))
		return 1;
	while (csv_next(&r)) {
		int tn = atoi(csv_str(&r, "table"));
		if (tn < 1 || tn >= MAX_KEYS || name[tn][0])
			continue;
		snprintf(name[tn], sizeof(name[tn]), "%s", csv_str(&r, "scenario"));
		if (tn > maxt)
			maxt = tn;
	}
	csv_close(&r);
	for (int tn = 1; tn <= maxt; tn++)
		if (name[tn][0])
			fprintf(o, "%s%s", n++ ? " " : "", name[tn]);
	fputc('\n', o);
	return 0;
}

/* tools and combos: the real target's rows of the email's variant */
static int plot_tools(const struct scen_plot_args *a, bool combos, FILE *o)
{
	struct figure_table t = { 0 };
	struct csv_reader r;
	char combo[MAX_KEYS][64], scen[MAX_KEYS][64], key[160];
	int nc = 0, ns = 0, list[NTOOLS], nl = 0;

	if (!csv_open_said(&r, a->csv, "daxreport"))
		return 1;
	while (csv_next(&r)) {
		char cb[80];
		if (!strcmp(csv_str(&r, "target"), "ref") || strcmp(csv_str(&r, "variant"), "email"))
			continue;
		snprintf(cb, sizeof(cb), "%s-%s", csv_str(&r, "fs"), !strcmp(csv_str(&r, "dax"), "1") ? "dax" : "nodax");
		remember(combo, &nc, cb);
		if (combos || strcmp(cb, a->combo))
			continue;
		remember(scen, &ns, csv_str(&r, "scenario"));
		snprintf(key, sizeof(key), "%s|%s", csv_str(&r, "scenario"), csv_str(&r, "tool"));
		ft_push(&t, key, csv_str(&r, "pwrite_mibps"));
	}
	csv_close(&r);
	if (combos) {
		for (int i = 0; i < nc; i++)
			fprintf(o, "%s%s", i ? " " : "", combo[i]);
		fputc('\n', o);
		return 0;
	}
	/* only the tools that ran on this combination: gnuplot refuses a
	 * histogram column without a valid point */
	for (int j = 0; j < NTOOLS; j++)
		for (int i = 0; i < ns; i++)
			if (have(ft_get(&t, "%s|%s|n", scen[i], tools[j]))) {
				list[nl++] = j;
				break;
			}
	fputs("# scenario", o);
	for (int j = 0; j < nl; j++)
		fprintf(o, " %s", tools[list[j]]);
	fputc('\n', o);
	for (int i = 0; i < ns; i++) {
		fputs(scen[i], o);
		for (int j = 0; j < nl; j++) {
			snprintf(key, sizeof(key), "%.63s|%.40s", scen[i], tools[list[j]]);
			double x = ft_median(&t, key, NULL);
			fprintf(o, " %s", have(x) ? awknum(x) : "NaN");
		}
		fputc('\n', o);
	}
	ft_free(&t);
	return 0;
}

int scen_plot(const struct scen_plot_args *a, FILE *o)
{
	if (!strcmp(a->what, "table"))
		return plot_table(a, o);
	if (!strcmp(a->what, "split"))
		return plot_split(a, o);
	if (!strcmp(a->what, "names"))
		return plot_names(a, o);
	return plot_tools(a, !strcmp(a->what, "combos"), o);
}
