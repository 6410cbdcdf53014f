/* SPDX-License-Identifier: MIT */
/*
 * scen_load.c - reads the email's tables, its command lines, its figures
 * and a run's scenario rows into the model of scen.h, and works out the
 * ratios that carry the email's argument.
 */
#include "scen.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "daxref.h"
#include "fmt.h"
#include "modes.h"
#include "spread.h"

const char *const scen_field_name[SCEN_NFIELDS] = {
#define SCEN_F_NAME(n) #n,
	SCEN_FIELDS(SCEN_F_NAME)
#undef SCEN_F_NAME
};
const char *const ratio_kind_name[] = {
	[R_BW] = "bw", [R_RUNTIME] = "runtime",
	[R_RUNTIME_NOFSYNC] = "runtime-nofsync",
	[R_RUNTIME_NOFSYNC_NOUMOUNT] = "runtime-nofsync-noumount",
};
static const char *const variant_name[SCEN_NVARIANTS] = { "email", "nofsync" };
static const char *const pub_col_name[SCEN_NPUBCOLS] = { "nodax", "dax" };
static const char *const pub_metric_name[SCEN_NPUBMETRICS] = { "pwrite_mibps", "runtime_s" };

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* The first @n blank-separated words of @line, each ended in place, and
 * in *@rest what follows them (from its first non-blank); the number of
 * words found, plus one when there is a rest. */
static int words(char *line, char **w, int n, const char **rest)
{
	char *p = line;
	int k = 0;

	for (; k < n; k++) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		w[k] = p;
		p += strcspn(p, " \t");
		if (*p)
			*p++ = '\0';
	}
	p += strspn(p, " \t");
	*rest = p;
	return k + (k == n && *p);
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static FILE *open_input(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		fprintf(stderr, "daxreport: %s: %s\n", path, strerror(errno));
	return f;
}

int scen_table_by_scenario(const struct scen *s, const char *scenario)
{
	for (int i = 0; i < s->ntables; i++)
		if (!strcmp(s->t[i].scenario, scenario))
			return i;
	return -1;
}

static int table_by_num(const struct scen *s, const char *num)
{
	for (int i = 0; i < s->ntables; i++)
		if (!strcmp(s->t[i].num, num))
			return i;
	return -1;
}

static bool load_tables(struct scen *s, const char *path)
{
	char line[512], *w[2];
	const char *rest;
	FILE *f = open_input(path);

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		chomp(line);
		if (line[0] == '#')
			continue;
		if (words(line, w, 2, &rest) < 3)
			continue;
		if (s->ntables == SCEN_MAX_TABLES) {
			fprintf(stderr, "daxreport: %s: more than %d tables\n", path, SCEN_MAX_TABLES);
			fclose(f);
			return false;
		}
		struct scen_table *t = &s->t[s->ntables++];
		snprintf(t->num, sizeof(t->num), "%s", w[0]);
		snprintf(t->scenario, sizeof(t->scenario), "%s", w[1]);
		snprintf(t->title, sizeof(t->title), "%s", rest);
	}
	fclose(f);
	return true;
}

/* The command lines, as the email writes them, per table, variant and DAX
 * state (0, 1 or any); the first line of each wins. */
static bool load_commands(struct scen *s, const char *path)
{
	char line[512], *w[4];
	const char *rest;
	FILE *f = open_input(path);

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		chomp(line);
		if (line[0] == '#' || words(line, w, 4, &rest) < 5)
			continue;
		int t = scen_table_by_scenario(s, w[0]);
		int v = name_index(variant_name, SCEN_NVARIANTS, w[1]);
		int d = !strcmp(w[3], "any") ? 2 : !strcmp(w[3], "1") ? 1 : !strcmp(w[3], "0") ? 0 : -1;
		if (t < 0 || v < 0 || d < 0 || s->t[t].cmd[v][d][0])
			continue;
		snprintf(s->t[t].cmd[v][d], sizeof(s->t[t].cmd[v][d]), "xfs_io %s foo", rest);
	}
	fclose(f);
	return true;
}

static bool load_published(struct scen *s, const char *path)
{
	struct csv_reader r;

	if (!csv_open_said(&r, path, "daxreport")) {
		return false;
	}
	while (csv_next(&r)) {
		int t = table_by_num(s, csv_get(&r, "table") ?: "");
		const char *met = csv_get(&r, "metric") ?: "", *val = csv_get(&r, "value") ?: "";
		if (t < 0)
			continue;
		struct scen_table *tb = &s->t[t];
		if (!strcmp(csv_get(&r, "variant") ?: "", "email")) {
			int c = name_index(pub_col_name, SCEN_NPUBCOLS, csv_get(&r, "column") ?: "");
			int m = name_index(pub_metric_name, SCEN_NPUBMETRICS, met);
			int run = atoi(csv_get(&r, "run") ?: "0");
			if (c >= 0 && m >= 0 && run >= 1 && run <= SCEN_PUB_RUNS)
				snprintf(tb->pub_s[c][m][run - 1], sizeof(tb->pub_s[c][m][run - 1]), "%s", val);
		} else if (!strcmp(met, "runtime_s_lo")) {
			snprintf(tb->pub_lo_s, sizeof(tb->pub_lo_s), "%s", val);
			tb->pub_lo = atof(val);
		} else if (!strcmp(met, "runtime_s_hi")) {
			snprintf(tb->pub_hi_s, sizeof(tb->pub_hi_s), "%s", val);
			tb->pub_hi = atof(val);
		}
	}
	csv_close(&r);
	return true;
}

static int mode_index(struct scen *s, const char *mode, bool add)
{
	for (int i = 0; i < s->nmodes; i++)
		if (!strcmp(s->mode[i], mode))
			return i;
	if (!add || s->nmodes == SCEN_MAX_MODES)
		return -1;
	snprintf(s->mode[s->nmodes], sizeof(s->mode[0]), "%s", mode);
	s->is_ref[s->nmodes] = dx_mode_valid(mode);
	return s->nmodes++;
}

static bool load_results(struct scen *s, const char *path)
{
	struct csv_reader r;
	/* the reference's modes first, no-DAX before DAX, in modes.def's
	 * order; then the real target's, in the order the run wrote them */
	const char *order[SCEN_MAX_MODES];
	for (int i = 0, n = report_modes(order, SCEN_MAX_MODES); i < n; i++)
		mode_index(s, order[i], true);
	s->nref_modes = s->nmodes;
	bool used[SCEN_MAX_MODES] = { false };

	if (!csv_open_said(&r, path, "daxreport")) {
		return false;
	}
	for (int f = 0; f < SCEN_NFIELDS; f++)
		if (!csv_get(&r, scen_field_name[f])) {
			fprintf(stderr, "daxreport: %s: no column %s (results/README.md)\n",
				path, scen_field_name[f]);
			csv_close(&r);
			return false;
		}
	while (csv_next(&r)) {
		if (!strncmp(csv_get(&r, "tool") ?: "", "fio", 3))
			continue;
		int t = table_by_num(s, csv_get(&r, "table") ?: "");
		int v = name_index(variant_name, SCEN_NVARIANTS, csv_get(&r, "variant") ?: "");
		int m = mode_index(s, csv_get(&r, "mode") ?: "", true);
		if (t < 0 || v < 0 || m < 0)
			continue;
		struct scen_cell *c = &s->t[t].cell[v][m];
		if (c->n == SCEN_MAX_RUNS)
			continue;
		for (int f = 0; f < SCEN_NFIELDS; f++)
			c->v[c->n][f] = figure_of(csv_get(&r, scen_field_name[f]));
		c->n++;
		if (c->n > s->runs)
			s->runs = c->n;
		used[m] = true;
		s->t[t].seen = true;
		if (!s->size)
			s->size = figure_of(csv_get(&r, "bytes"));
		const char *pf = csv_get(&r, "prefill");
		if (pf && *pf && s->is_ref[m])
			snprintf(s->prefill, sizeof(s->prefill), "%s", pf);
	}
	csv_close(&r);
	if (!have(s->size))
		s->size = 0;
	/* keep the columns the run has, in their order */
	int n = 0, nref = 0;
	for (int i = 0; i < s->nmodes; i++) {
		if (!used[i])
			continue;
		if (i != n) {
			memcpy(s->mode[n], s->mode[i], sizeof(s->mode[0]));
			s->is_ref[n] = s->is_ref[i];
			for (int t = 0; t < s->ntables; t++)
				for (int v = 0; v < SCEN_NVARIANTS; v++)
					s->t[t].cell[v][n] = s->t[t].cell[v][i];
		}
		nref += s->is_ref[n];
		n++;
	}
	for (int i = n; i < s->nmodes; i++)
		for (int t = 0; t < s->ntables; t++)
			for (int v = 0; v < SCEN_NVARIANTS; v++)
				s->t[t].cell[v][i].n = 0;
	s->nmodes = n;
	s->nref_modes = nref;
	return true;
}

double scen_med(const struct scen *s, int t, enum scen_variant v, int m, enum scen_field f)
{
	const struct scen_cell *c;
	double a[SCEN_MAX_RUNS];
	struct spread sp;
	int n = 0;

	if (t < 0 || m < 0)
		return FIGURE_MISSING;
	c = &s->t[t].cell[v][m];
	for (int i = 0; i < c->n; i++)
		if (have(c->v[i][f]))
			a[n++] = c->v[i][f];
	if (!n)
		return FIGURE_MISSING;
	spread_of(a, n, 1, &sp);
	return sp.median;
}

static const char *cv_of(const double *a, int n)
{
	struct spread sp;
	char *b;

	if (n < 2)
		return "-";
	spread_of(a, n, 1, &sp);
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%.1f%%%s", sp.cv * 100, spread_too_few(&sp) ? " n<3" : "");
	return b;
}

const char *scen_cv(const struct scen *s, int t, enum scen_variant v, int m, enum scen_field f)
{
	const struct scen_cell *c = &s->t[t].cell[v][m];
	double a[SCEN_MAX_RUNS];
	int n = 0;

	for (int i = 0; i < c->n; i++)
		if (have(c->v[i][f]))
			a[n++] = c->v[i][f];
	return cv_of(a, n);
}

bool scen_scaled(const struct scen *s)
{
	return s->size && s->size != 1073741824.0;
}

/* Runtimes scale with the bytes written (the email wrote 1 GiB);
 * bandwidths do not. */
const char *scen_pubs(const struct scen *s, int t, enum pub_column c, enum pub_metric m, int run)
{
	const char *v;
	char *b;

	if (run < 0 || run >= SCEN_PUB_RUNS)
		return "";
	v = s->t[t].pub_s[c][m][run];
	if (!*v || m != PM_RUNTIME || !scen_scaled(s))
		return v;
	b = fmt_buf();
	snprintf(b, FMT_BUF, "%.3f", atof(v) * s->size / 1073741824.0);
	return b;
}

static int pub_values(const struct scen *s, int t, enum pub_column c, enum pub_metric m, double *a)
{
	int n = 0;

	for (int r = 0; r < SCEN_PUB_RUNS; r++) {
		const char *v = scen_pubs(s, t, c, m, r);
		if (*v)
			a[n++] = atof(v);
	}
	return n;
}

double scen_pmed(const struct scen *s, int t, enum pub_column c, enum pub_metric m)
{
	double a[SCEN_PUB_RUNS];
	struct spread sp;
	int n = pub_values(s, t, c, m, a);

	if (!n)
		return FIGURE_MISSING;
	spread_of(a, n, 1, &sp);
	return sp.median;
}

const char *scen_pcv(const struct scen *s, int t, enum pub_column c, enum pub_metric m)
{
	double a[SCEN_PUB_RUNS];

	return cv_of(a, pub_values(s, t, c, m, a));
}

int ratio_class(double r)
{
	return r >= 1.05 ? 1 : r <= 1 / 1.05 ? -1 : 0;
}

bool scen_ratio_agrees(const struct scen_ratio *r)
{
	return ratio_class(r->published) == ratio_class(r->measured);
}

/* A column's heading: the 2016 roles' modes by their role ("ref DAX"
 * beside a real target's columns), the others by name. */
const char *scen_label(const struct scen *s, const char *mode)
{
	bool real = s->nmodes > s->nref_modes;

	if (s->nodax_name && !strcmp(mode, s->nodax_name))
		return real ? "ref noDAX" : "no DAX";
	if (s->dax_name && !strcmp(mode, s->dax_name))
		return real ? "ref DAX" : "DAX";
	return mode;
}

/* The no-DAX column a DAX column is compared with: the reference's no-DAX
 * role for its modes, FS-nodax[/tool] for FS-dax[/tool]; -1 for none. */
static int partner(const struct scen *s, int m)
{
	char p[64];
	const char *d;

	if (s->is_ref[m])
		return m == s->nodax_mode ? -1 : s->nodax_mode;
	d = strstr(s->mode[m], "-dax");
	if (!d)
		return -1;
	snprintf(p, sizeof(p), "%.*s-nodax%s", (int)(d - s->mode[m]), s->mode[m], d + 4);
	for (int i = 0; i < s->nmodes; i++)
		if (!strcmp(s->mode[i], p))
			return i;
	return -1;
}

static double ratio(double a, double b)
{
	return have(a) && have(b) && b > 0 ? a / b : FIGURE_MISSING;
}

static struct scen_ratio *add_ratio(struct scen *s, int t, int m, enum ratio_kind k)
{
	struct scen_ratio *r;

	if (s->nratios == SCEN_MAX_RATIOS)
		return NULL;
	r = &s->r[s->nratios++];
	r->table = t;
	r->mode = m;
	r->kind = k;
	return r;
}

/* The ratios: each DAX column over its no-DAX partner, measured and
 * published; for the tables with an fsync-dropped no-DAX run, also that. */
static void work_out_ratios(struct scen *s)
{
	struct scen_ratio *r;

	for (int t = 0; t < s->ntables; t++) {
		if (!s->t[t].seen)
			continue;
		for (int m = 0; m < s->nmodes; m++) {
			int p = partner(s, m);
			if (p < 0)
				continue;
			double a, b, pd = scen_pmed(s, t, P_DAX, PM_RUNTIME);
			if (!(r = add_ratio(s, t, m, R_BW)))
				return;
			r->published = scen_pmed(s, t, P_DAX, PM_MIBPS) / scen_pmed(s, t, P_NODAX, PM_MIBPS);
			r->measured = ratio(scen_med(s, t, V_EMAIL, m, F_pwrite_mibps),
					    scen_med(s, t, V_EMAIL, p, F_pwrite_mibps));
			if (!(r = add_ratio(s, t, m, R_RUNTIME)))
				return;
			r->published = pd / scen_pmed(s, t, P_NODAX, PM_RUNTIME);
			a = scen_med(s, t, V_EMAIL, m, F_runtime_s);
			b = scen_med(s, t, V_EMAIL, p, F_runtime_s);
			r->measured = ratio(a, b);
			if (!s->t[t].cell[V_NOFSYNC][p].n || !s->t[t].pub_lo_s[0])
				continue;
			if (!(r = add_ratio(s, t, m, R_RUNTIME_NOFSYNC)))
				return;
			r->published = pd / ((s->t[t].pub_lo + s->t[t].pub_hi) / 2);
			b = scen_med(s, t, V_NOFSYNC, p, F_runtime_s);
			r->measured = ratio(a, b);
			if (!s->is_ref[m])	/* the unmount is the reference's */
				continue;
			/* the same without the reference's unmount on either
			 * side: a kernel's xfs_io exits and leaves the dirty
			 * pages cached */
			double pub = r->published;
			if (!(r = add_ratio(s, t, m, R_RUNTIME_NOFSYNC_NOUMOUNT)))
				return;
			r->published = pub;
			r->measured = ratio(a - scen_med(s, t, V_EMAIL, m, F_teardown_s),
					    b - scen_med(s, t, V_NOFSYNC, s->nodax_mode, F_teardown_s));
		}
	}
	for (int i = 0; i < s->nratios; i++) {
		r = &s->r[i];
		if (!have(r->published) || !have(r->measured))
			continue;
		if (r->mode == s->dax_mode && r->kind != R_RUNTIME_NOFSYNC_NOUMOUNT) {
			s->compared++;
			s->agree += scen_ratio_agrees(r);
		}
		if (!s->is_ref[r->mode] && !strchr(s->mode[r->mode], '/')) {	/* xfs_io */
			s->real_compared++;
			s->real_agree += scen_ratio_agrees(r);
		}
	}
}

bool scen_load(struct scen *s, const char *workloads, const char *csv, const char *target_note)
{
	char path[4096];

	memset(s, 0, sizeof(*s));
	s->target_note = target_note ? target_note : "";
	s->nodax_name = dx_mode_with_role(DX_ROLE_NODAX);
	s->dax_name = dx_mode_with_role(DX_ROLE_DAX);
	snprintf(path, sizeof(path), "%s/tables", workloads);
	if (!load_tables(s, path))
		return false;
	snprintf(path, sizeof(path), "%s/scenarios", workloads);
	if (!load_commands(s, path))
		return false;
	snprintf(path, sizeof(path), "%s/published.csv", workloads);
	if (!load_published(s, path) || !load_results(s, csv))
		return false;
	s->nodax_mode = s->nodax_name ? mode_index(s, s->nodax_name, false) : -1;
	s->dax_mode = s->dax_name ? mode_index(s, s->dax_name, false) : -1;
	work_out_ratios(s);
	return true;
}
