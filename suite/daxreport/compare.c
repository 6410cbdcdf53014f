/* SPDX-License-Identifier: MIT */
/*
 * compare.c - two results folders side by side (./run.sh --compare A B):
 * the scenario medians, the conformance outcomes and the bare copy
 * kernels both runs have, from A to B.
 *
 *  scenarios    the median pwrite MiB/s and runtime of each table, variant
 *               and column (mode, or filesystem and DAX state) in A and B,
 *               B/A, and "changed" when B/A is outside 0.95..1.05 (the
 *               noise of one median on a shared machine);
 *  conformance  every case (check, implementation, variant) whose outcome
 *               differs: WORSE when it moved away from what the row
 *               expects (a broken variant that stops failing is WORSE);
 *  copy         the bare kernels' median GiB/s per size (hot, 1 thread).
 *
 * A figure that moved is reported, never a failure; an outcome that got
 * worse is one.  The layout of each folder is summary.json's
 * schema_version: a newer one than this daxbench writes is refused with
 * its version, an older one is read (the conformance columns of every
 * version are known here), and a CSV whose columns differ between the
 * runs is named with the difference.  Ends with the runner's count line.
 */
#include "compare.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "fmt.h"
#include "spread.h"
#include "table.h"

#define MAX_KEYS 8192
#define KEY_LEN 384
#define NOISE_LO 0.95
#define NOISE_HI 1.05

struct side {
	const char *dir, *label;
	int	schema;		/* -1: no summary.json */
};

struct keys {
	int	n;
	char	k[MAX_KEYS][KEY_LEN];
};

static int key_index(struct keys *k, const char *key)
{
	for (int i = 0; i < k->n; i++)
		if (!strcmp(k->k[i], key))
			return i;
	if (k->n == MAX_KEYS)
		return -1;
	snprintf(k->k[k->n], sizeof(k->k[0]), "%s", key);
	return k->n++;
}

/* DIR/NAME, or DIR/NAME.part while the run is under way; NULL if neither. */
static char *result_file(const char *dir, const char *name)
{
	static char paths[4][4096];
	static int next;
	char *p = paths[next++ % 4];
	struct stat st;

	snprintf(p, 4096, "%s/%s", dir, name);
	if (!stat(p, &st))
		return p;
	snprintf(p, 4096, "%s/%s.part", dir, name);
	return stat(p, &st) ? NULL : p;
}

static int schema_of(const char *dir)
{
	char path[4096], line[512];
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	while (v < 0 && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "\"schema_version\":");
		if (p)
			v = atoi(p + strlen("\"schema_version\":"));
	}
	fclose(f);
	return v;
}

static bool holds_results(const char *dir)
{
	char pat[4096];
	glob_t g;
	bool any;

	snprintf(pat, sizeof(pat), "%s/*.csv*", dir);
	any = !glob(pat, 0, NULL, &g) && g.gl_pathc > 0;
	globfree(&g);
	return any;
}

/* A machine fact: that column of the first row of the run's first CSV. */
static void fact(const char *dir, const char *col, char *out, size_t len)
{
	static const char *const files[] = { "scenarios.csv", "conformance.csv", "copy-kernels.csv" };
	struct csv_reader r;
	char err[256];

	*out = '\0';
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *p = result_file(dir, files[i]);
		if (!p)
			continue;
		if (csv_open(&r, p, err, sizeof(err))) {
			if (csv_next(&r))
				snprintf(out, len, "%s", csv_str(&r, col));
			csv_close(&r);
		}
		return;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "columns differ: only in A: x,y ; only in B: z" when the headers do. */
static void column_difference(const struct csv_reader *a, const struct csv_reader *b)
{
	const struct csv_reader *side[2] = { a, b };
	bool same = a->nhead == b->nhead;

	for (int i = 0; same && i < a->nhead; i++)
		same = !strcmp(a->head[i], b->head[i]);
	if (same)
		return;
	fputs("columns differ:", stdout);
	for (int s = 0; s < 2; s++) {
		const char *only[CSV_MAX_FIELDS];
		int n = 0;
		for (int i = 0; i < side[s]->nhead; i++)
			if (!csv_get(side[!s], side[s]->head[i]) && n < CSV_MAX_FIELDS)
				only[n++] = side[s]->head[i];
		qsort(only, n, sizeof(only[0]), by_name);
		printf("%s only in %s: ", s ? " ;" : "", s ? "B" : "A");
		for (int i = 0; i < n; i++)
			printf("%s%s", i ? "," : "", only[i]);
	}
	putchar('\n');
}

static double ratio(double x, double y)
{
	return !have(x) || !have(y) || x <= 0 ? FIGURE_MISSING : y / x;
}

static bool moved(double r)
{
	return have(r) && (r < NOISE_LO || r > NOISE_HI);
}

/* A case's key parts are joined with \x1f, a byte no CSV field holds. */
#define SEP "\x1f"

static void scenario_rows(struct csv_reader *r, int side, struct keys *k, struct figure_table *t)
{
	char key[KEY_LEN], fk[KEY_LEN + 16];

	while (csv_next(r)) {
		if (!strncmp(csv_str(r, "tool"), "fio", 3))
			continue;
		snprintf(key, sizeof(key), "%s" SEP "%s" SEP "%s" SEP "%s", csv_str(r, "table"), csv_str(r, "variant"),
			 csv_str(r, "mode"), csv_str(r, "tool"));
		key_index(k, key);
		snprintf(fk, sizeof(fk), "%d%s|bw", side, key);
		ft_push(t, fk, csv_str(r, "pwrite_mibps"));
		snprintf(fk, sizeof(fk), "%d%s|rt", side, key);
		ft_push(t, fk, csv_str(r, "runtime_s"));
	}
}

static int scenarios(struct csv_reader *ra, struct csv_reader *rb, const char *la, const char *lb)
{
	struct keys *k = calloc(1, sizeof(*k));
	struct figure_table t = { 0 };
	int changes = 0;
	char hb[32], hs[32], fk[KEY_LEN + 16];

	if (!k)
		return 0;
	scenario_rows(ra, 1, k, &t);
	scenario_rows(rb, 2, k, &t);
	snprintf(hb, sizeof(hb), "%s MiB/s", la);
	snprintf(hs, sizeof(hs), "%s s", la);
	printf("%-6s %-8s %-18s %10s ", "table", "variant", "column", hb);
	snprintf(hb, sizeof(hb), "%s MiB/s", lb);
	printf("%10s %7s  %8s ", hb, "B/A", hs);
	snprintf(hs, sizeof(hs), "%s s", lb);
	printf("%8s %7s\n", hs, "B/A");
	for (int i = 0; i < k->n; i++) {
		char p[4][KEY_LEN], col[2 * KEY_LEN];
		const char *s = k->k[i];
		int n1, n2, n3, n4;
		for (int j = 0; j < 4; j++) {
			size_t l = strcspn(s, SEP);
			snprintf(p[j], sizeof(p[j]), "%.*s", (int)l, s);
			s += l + (s[l] != '\0');
		}
		snprintf(fk, sizeof(fk), "1%s|bw", k->k[i]);
		double x = ft_median(&t, fk, &n1);
		snprintf(fk, sizeof(fk), "2%s|bw", k->k[i]);
		double y = ft_median(&t, fk, &n2);
		snprintf(fk, sizeof(fk), "1%s|rt", k->k[i]);
		double u = ft_median(&t, fk, &n3);
		snprintf(fk, sizeof(fk), "2%s|rt", k->k[i]);
		double v = ft_median(&t, fk, &n4);
		double r1 = ratio(x, y), r2 = ratio(u, v);
		char mark[64] = "";
		if (moved(r1) || moved(r2))
			strcpy(mark, "  changed");
		if (!n1 || !n2)
			snprintf(mark, sizeof(mark), "  only in %s", n1 ? la : lb);
		changes += *mark != '\0';
		snprintf(col, sizeof(col), "%s%s%s", p[2], strcmp(p[3], "daxio") ? "/" : "", strcmp(p[3], "daxio") ? p[3] : "");
		printf("%-6s %-8s %-18s %10s %10s %7s  %8s %8s %7s%s\n", p[0], p[1], col,
		       num(x, 1), num(y, 1), num(r1, 2), num(u, 3), num(v, 3), num(r2, 2), mark);
	}
	printf("changes: %d of %d\n", changes, k->n);
	int n = k->n;
	ft_free(&t);
	free(k);
	return n;
}

static void copy_rows(struct csv_reader *r, int side, struct keys *k, struct figure_table *t)
{
	char key[KEY_LEN];

	while (csv_next(r)) {
		if (strcmp(csv_str(r, "op"), "copy") || strcmp(csv_str(r, "source"), "hot") || strcmp(csv_str(r, "threads"), "1"))
			continue;
		snprintf(key, sizeof(key), "%s" SEP "%s", csv_str(r, "copy_kernel"), csv_str(r, "size"));
		key_index(k, key);
		ft_set_raw(t, csv_str(r, "gibps_median"), "%d%s", side, key);
	}
}

static int copy_kernels(struct csv_reader *ra, struct csv_reader *rb, const char *la, const char *lb)
{
	struct keys *k = calloc(1, sizeof(*k));
	struct figure_table t = { 0 };
	int changes = 0;

	if (!k)
		return 0;
	copy_rows(ra, 1, k, &t);
	copy_rows(rb, 2, k, &t);
	printf("%-28s %9s %8s %8s %7s\n", "copy kernel", "size", la, lb, "B/A");
	for (int i = 0; i < k->n; i++) {
		size_t l = strcspn(k->k[i], SEP);
		double x = ft_get(&t, "1%s", k->k[i]), y = ft_get(&t, "2%s", k->k[i]), r = ratio(x, y);
		changes += moved(r);
		printf("%-28.*s %9s %8s %8s %7s%s\n", (int)l, k->k[i], k->k[i] + l + 1, num(x, 2), num(y, 2),
		       num(r, 2), moved(r) ? "  changed" : "");
	}
	printf("changes: %d of %d\n", changes, k->n);
	int n = k->n;
	ft_free(&t);
	free(k);
	return n;
}

/* How close an outcome is to what its row expects: 2 as expected (a
 * broken variant's fail is), 1 skipped or a known failure, 0 unexpected
 * or an error. */
static int rank(const char *o, const char *e)
{
	if (!strcmp(o, "error"))
		return 0;
	if (!strcmp(o, e) || !strcmp(e, "any") || (!strcmp(e, "measure") && !strcmp(o, "pass")))
		return 2;
	return !strcmp(o, "skip") || !strcmp(o, "known") ? 1 : 0;
}

struct outcome {
	char	out[16], want[16];
};

/* The case of a conformance row, in whichever schema it was written:
 * schema 2 names the implementation (ref:PROFILE or the kernel) and the
 * variant; schema 1 had profile (the reference) or variant/fs/dax (a real
 * target), and status. */
static void conformance_rows(struct csv_reader *r, int side, struct keys *k, struct outcome (*o)[2])
{
	char key[KEY_LEN], w[KEY_LEN - 64];

	while (csv_next(r)) {
		if (csv_get(r, "implementation")) {
			const char *im = csv_str(r, "implementation");
			if (!strncmp(im, "ref:", 4))
				im += 4;
			if (!strcmp(csv_str(r, "fs"), "ref"))
				snprintf(w, sizeof(w), "%s", im);
			else
				snprintf(w, sizeof(w), "%.200s %.30s/%.30s/%.10s", im, csv_str(r, "variant"), csv_str(r, "fs"), csv_str(r, "dax"));
		} else if (csv_get(r, "profile")) {
			snprintf(w, sizeof(w), "%s", csv_str(r, "profile"));
		} else {
			snprintf(w, sizeof(w), "%.100s/%.100s/%.10s", csv_str(r, "variant"), csv_str(r, "fs"), csv_str(r, "dax"));
		}
		snprintf(key, sizeof(key), "%s" SEP "%s", csv_str(r, "check"), w);
		int i = key_index(k, key);
		if (i < 0)
			continue;
		snprintf(o[i][side].out, sizeof(o[i][side].out), "%s",
			 csv_get(r, "outcome") ? csv_str(r, "outcome") : csv_str(r, "status"));
		snprintf(o[i][side].want, sizeof(o[i][side].want), "%s",
			 csv_get(r, "expected") ? csv_str(r, "expected") : csv_get(r, "want") ? csv_str(r, "want") :
			 csv_get(r, "expect") ? csv_str(r, "expect") : "pass");
	}
}

static void conformance(struct csv_reader *ra, struct csv_reader *rb, int *same, int *worse, int *better)
{
	struct keys *k = calloc(1, sizeof(*k));
	struct outcome (*o)[2] = calloc(MAX_KEYS, sizeof(*o));

	*same = *worse = *better = 0;
	if (!k || !o) {
		free(k);
		free(o);
		return;
	}
	conformance_rows(ra, 0, k, o);
	conformance_rows(rb, 1, k, o);
	for (int i = 0; i < k->n; i++) {
		const char *x = o[i][0].out, *y = o[i][1].out, *d;
		size_t l = strcspn(k->k[i], SEP);
		if (!strcmp(x, y)) {
			(*same)++;
			continue;
		}
		d = !*x || !*y ? "only in one run" :
		    rank(y, o[i][1].want) < rank(x, o[i][0].want) ? "WORSE" : "better";
		if (!strcmp(d, "WORSE"))
			(*worse)++;
		else
			(*better)++;
		printf("%-36.*s %-28s %-8s -> %-8s %s\n", (int)l, k->k[i], k->k[i] + l + 1, *x ? x : "-", *y ? y : "-", d);
	}
	printf("outcomes: %d same, %d worse, %d better or new\n", *same, *worse, *better);
	free(k);
	free(o);
}

int compare_runs(const char *a, const char *b, int schema)
{
	struct side s[2] = { { a, "A", -1 }, { b, "B", -1 } };
	static const char *const facts[] = { "git_rev", "kernel", "cpu_model", "kernels" };
	int passed = 0, failed = 0, files = 0;

	for (int i = 0; i < 2; i++) {
		struct stat st;
		if (stat(s[i].dir, &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "compare: '%s' is not a results folder (no such directory)\n", s[i].dir);
			return 2;
		}
		if (!holds_results(s[i].dir)) {
			fprintf(stderr, "compare: '%s' holds no results (*.csv)\n", s[i].dir);
			return 2;
		}
		s[i].schema = schema_of(s[i].dir);
		if (s[i].schema > schema) {
			fprintf(stderr, "compare: '%s' has schema_version %d, newer than this daxbench reads (%d): compare it with the daxbench that wrote it\n",
				s[i].dir, s[i].schema, schema);
			return 2;
		}
	}
	for (int i = 0; i < 2; i++) {
		char in[4096];
		snprintf(in, sizeof(in), "%s/INCOMPLETE", s[i].dir);
		struct stat st;
		printf("%s = %s%s  schema_version ", s[i].label, s[i].dir, stat(in, &st) ? "" : " (INCOMPLETE)");
		if (s[i].schema < 0)
			puts("unknown (no summary.json)");
		else
			printf("%d\n", s[i].schema);
	}
	if (s[0].schema != s[1].schema)
		puts("schemas differ: each file is read in its own columns; the differences are named below");
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		char va[1024], vb[1024];
		fact(a, facts[i], va, sizeof(va));
		fact(b, facts[i], vb, sizeof(vb));
		if (!strcmp(va, vb))
			printf("%s: %s (both)\n", facts[i], va);
		else
			printf("%s: A %s\n%*s  B %s\n", facts[i], va, (int)strlen(facts[i]), "", vb);
	}
	/* the files both runs have: the three of the main job, then every
	 * real target's conformance file of A */
	char *names[64];
	int nn = 0;
	names[nn++] = strdup("scenarios.csv");
	names[nn++] = strdup("copy-kernels.csv");
	names[nn++] = strdup("conformance.csv");
	char pat[4096];
	glob_t g;
	for (int part = 0; part < 2; part++) {
		snprintf(pat, sizeof(pat), "%s/conformance-*.csv%s", a, part ? ".part" : "");
		if (!glob(pat, 0, NULL, &g))
			for (size_t i = 0; i < g.gl_pathc && nn < 64; i++) {
				char *base = strrchr(g.gl_pathv[i], '/') + 1, *dot = strstr(base, ".part");
				names[nn] = strdup(base);
				if (dot && names[nn])
					names[nn][dot - base] = '\0';
				nn++;
			}
		globfree(&g);
	}
	for (int i = 0; i < nn; i++) {
		const char *fa = result_file(a, names[i]), *fb = result_file(b, names[i]);
		struct csv_reader ra, rb;
		char err[256];
		if (!names[i] || !fa || !fb)
			continue;
		files++;
		const char *what = !strcmp(names[i], "scenarios.csv") ? "scenarios" :
				   !strcmp(names[i], "copy-kernels.csv") ? "copy" : "conformance";
		printf("\n== %s (%s)\n", names[i], what);
		if (!csv_open(&ra, fa, err, sizeof(err)) || !csv_open(&rb, fb, err, sizeof(err))) {
			fprintf(stderr, "compare: %s could not be read: %s\n", names[i], err);
			return 2;
		}
		column_difference(&ra, &rb);
		if (!strcmp(what, "scenarios")) {
			passed += scenarios(&ra, &rb, "A", "B");
		} else if (!strcmp(what, "copy")) {
			passed += copy_kernels(&ra, &rb, "A", "B");
		} else {
			int same, worse, better;
			conformance(&ra, &rb, &same, &worse, &better);
			passed += same + better;
			failed += worse;
		}
		csv_close(&ra);
		csv_close(&rb);
	}
	for (int i = 0; i < nn; i++)
		free(names[i]);
	if (!files) {
		fprintf(stderr, "compare: the two runs have no results file in common\n");
		return 2;
	}
	printf("\n%d passed, %d failed, 0 skipped\n", passed, failed);
	return failed ? 1 : 0;
}
