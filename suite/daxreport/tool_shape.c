/* SPDX-License-Identifier: MIT */
/*
 * tool_shape.c - the same xfs_io command lines run by the real xfs_io and
 * by daxio (on a real file, POSIX calls) on one real target: do the two
 * tools tell the same story?
 *
 * Absolute figures of one tool against the other are shown, not judged: a
 * loop device's page cache swings several-fold between runs of one tool.
 * The judged property is the shape: for each filesystem and DAX state,
 * every pair of scenario lines (A, B) and the ratio A/B of the medians,
 * for pwrite B/W and for runtime.  When xfs_io's ratio is clear (at least
 * CLEAR, or at most 1/CLEAR), daxio's must lie on the same side of 1;
 * pairs xfs_io does not separate clearly are not judged.
 *
 * A cell (fs, DAX state, scenario line, tool) needs MIN_RUNS runs before
 * its median is judged: on a loop mount over /dev/shm a page-cache write
 * of 64 MiB now and then stalls ~0.1 s in the host's page allocator (about
 * 20x its usual time, with either tool), and with one sample that stall
 * alone decides a pair.  With fewer runs the comparison is printed as
 * indicative and the verdict is "not judged".
 */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "emit.h"
#include "fmt.h"
#include "spread.h"
#include "table.h"
#include "tools.h"

#define CLEAR		1.5
#define MIN_RUNS	3
#define MAX_LINES	32
#define MAX_COMBOS	16
#define MAX_DIS		128

static const char *const tool_name[2] = { "xfs_io", "daxio" };

struct shape {
	struct figure_table f;	/* combo|line|tool|bw|i, ...|n, runs */
	char	combo[MAX_COMBOS][96];
	char	line[MAX_COMBOS][MAX_LINES][96];
	int	nc, nl[MAX_COMBOS];
	char	target[64];
	bool	has[2];
	int	judged, agree, unclear, ndis;
	char	dis[MAX_DIS][256];
};

static double med(const struct shape *s, const char *metric, const char *combo, const char *line, int tool)
{
	char key[400];

	snprintf(key, sizeof(key), "%s|%s|%s|%s", combo, line, tool_name[tool], metric);
	return ft_median(&s->f, key, NULL);
}

static double ratio(double a, double b)
{
	return !have(a) || !have(b) || b == 0 ? FIGURE_MISSING : a / b;
}

static int remember(char (*list)[96], int *n, int max, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(list[i], key))
			return i;
	if (*n == max)
		return -1;
	snprintf(list[*n], 96, "%s", key);
	return (*n)++;
}

static void judge(struct shape *s, const char *metric, const char *name)
{
	for (int c = 0; c < s->nc; c++)
		for (int i = 0; i < s->nl[c]; i++)
			for (int j = i + 1; j < s->nl[c]; j++) {
				const char *a = s->line[c][i], *b = s->line[c][j];
				double rx = ratio(med(s, metric, s->combo[c], a, 0), med(s, metric, s->combo[c], b, 0));
				double rd = ratio(med(s, metric, s->combo[c], a, 1), med(s, metric, s->combo[c], b, 1));
				if (!have(rx) || !have(rd))
					continue;
				if (rx < CLEAR && rx > 1 / CLEAR) {
					s->unclear++;
					continue;
				}
				s->judged++;
				if ((rx > 1) == (rd > 1))
					s->agree++;
				else if (s->ndis < MAX_DIS) {
					char d[sizeof(s->dis[0])];	/* s->dis and the names share s */
					snprintf(d, sizeof(d), "%.40s, %s of %.48s over %.48s: xfs_io %.2fx, daxio %.2fx",
						 s->combo[c], name, a, b, rx, rd);
					memcpy(s->dis[s->ndis++], d, sizeof(d));
				}
			}
}

static bool load(struct shape *s, const char *path)
{
	struct csv_reader r;
	char key[256];

	if (!csv_open_said(&r, path, "daxreport")) {
		return false;
	}
	while (csv_next(&r)) {
		const char *tool = csv_str(&r, "tool");
		int t = !strcmp(tool, "xfs_io") ? 0 : !strcmp(tool, "daxio") ? 1 : -1;
		char combo[96], line[96];
		if (!strcmp(csv_str(&r, "target"), "ref") || t < 0)
			continue;
		snprintf(combo, sizeof(combo), "%.60s-%s", csv_str(&r, "fs"), !strcmp(csv_str(&r, "dax"), "1") ? "dax" : "nodax");
		if (!strcmp(csv_str(&r, "variant"), "email"))
			snprintf(line, sizeof(line), "%.80s", csv_str(&r, "scenario"));
		else
			snprintf(line, sizeof(line), "%.40s/%.40s", csv_str(&r, "scenario"), csv_str(&r, "variant"));
		int c = remember(s->combo, &s->nc, MAX_COMBOS, combo);
		if (c < 0 || remember(s->line[c], &s->nl[c], MAX_LINES, line) < 0)
			continue;
		if (!s->target[0])
			snprintf(s->target, sizeof(s->target), "%s", csv_str(&r, "target"));
		s->has[t] = true;
		double n = ft_get(&s->f, "%s|%s|%s|runs", combo, line, tool);
		ft_set(&s->f, have(n) ? n + 1 : 1, "%s|%s|%s|runs", combo, line, tool);
		if (*csv_str(&r, "pwrite_mibps")) {
			snprintf(key, sizeof(key), "%s|%s|%s|bw", combo, line, tool);
			ft_push(&s->f, key, csv_str(&r, "pwrite_mibps"));
		}
		if (*csv_str(&r, "runtime_s")) {
			snprintf(key, sizeof(key), "%s|%s|%s|rt", combo, line, tool);
			ft_push(&s->f, key, csv_str(&r, "runtime_s"));
		}
	}
	csv_close(&r);
	return true;
}

int tool_shape(const char *csv, const char *format, FILE *o)
{
	struct shape *s = calloc(1, sizeof(*s));
	char verdict[256];
	int minruns = -1;
	bool md = !strcmp(format, "md"), few;

	if (!s || !load(s, csv)) {
		if (s)
			ft_free(&s->f);
		free(s);
		return 1;
	}
	if (!s->has[0] || !s->has[1])
		goto out;
	for (int i = 0; i < s->f.n; i++) {
		size_t l = strlen(s->f.f[i].key);
		if (l > 5 && !strcmp(s->f.f[i].key + l - 5, "|runs") && (minruns < 0 || s->f.f[i].v < minruns))
			minruns = (int)s->f.f[i].v;
	}
	judge(s, "bw", "pwrite B/W");
	judge(s, "rt", "runtime");
	few = minruns < MIN_RUNS;
	if (few)
		snprintf(verdict, sizeof(verdict), "not judged (%d run(s) in a cell; the shape is judged on medians of %d or more: --runs %d)",
			 minruns, MIN_RUNS, MIN_RUNS);
	else if (!s->judged)
		snprintf(verdict, sizeof(verdict), "not judged (no pair of scenario lines that xfs_io separates by %sx or more)",
			 awknum(CLEAR));
	else if (s->ndis)
		snprintf(verdict, sizeof(verdict), "DISAGREES on %d of %d judged pairs", s->ndis, s->judged);
	else
		snprintf(verdict, sizeof(verdict), "agrees in shape: all %d judged pairs", s->judged);
	int would_judge = s->judged, would_dis = s->ndis;
	if (few)
		s->judged = s->agree = 0;
	if (!strcmp(format, "json")) {
		fputs("  \"tool_shape\": {\"target\": ", o);
		json_string(o, s->target);
		fprintf(o, ", \"clear\": %s, \"min_runs\": %d, \"runs_per_cell\": %d, \"judged\": %d, \"agree\": %d, \"unclear\": %d, \"verdict\": ",
			awknum(CLEAR), MIN_RUNS, minruns, s->judged, s->agree, s->unclear);
		json_string(o, verdict);
		fprintf(o, ", \"%s\": [", few ? "indicative_disagreements" : "disagreements");
		for (int i = 0; i < s->ndis; i++) {
			fputs(i ? ", " : "", o);
			json_string(o, s->dis[i]);
		}
		fputs("]}\n", o);
		goto out;
	}
	if (md)
		fprintf(o, "## xfs_io and daxio on the same mount (target %s)\n\n"
			"The same command lines through the real xfs_io and through daxio on a real file (medians, MiB/s and s;\n"
			"each tool first makes one untimed warm-up write, as each reference mode does).\n"
			"Judged: the shape. For every pair of scenario lines that xfs_io separates by %sx or more\n"
			"(pwrite B/W or runtime), daxio must order them the same way. Absolute figures are shown, not judged.\n\n"
			"| fs | scenario | xfs_io MiB/s | daxio MiB/s | daxio/xfs_io | xfs_io s | daxio s |\n"
			"|---|---|---:|---:|---:|---:|---:|\n", s->target, awknum(CLEAR));
	else
		fprintf(o, "\n   xfs_io and daxio on the same mount (target %s; medians): the shape must agree\n"
			"   %-11s %-22s %10s %10s %8s %9s %9s\n", s->target,
			"fs", "scenario", "xfs_io", "daxio", "ratio", "xfs_io s", "daxio s");
	for (int c = 0; c < s->nc; c++)
		for (int i = 0; i < s->nl[c]; i++) {
			const char *l = s->line[c][i], *cb = s->combo[c];
			double bx = med(s, "bw", cb, l, 0), bd = med(s, "bw", cb, l, 1);
			double tx = med(s, "rt", cb, l, 0), td = med(s, "rt", cb, l, 1);
			fprintf(o, md ? "| %s | %s | %s | %s | %s | %s | %s |\n" : "   %-11s %-22s %10s %10s %8s %9s %9s\n",
				cb, l, num(bx, 1), num(bd, 1), xf(ratio(bd, bx)), num(tx, 2), num(td, 2));
		}
	const char *pre = md ? "" : "   ";
	fprintf(o, "\n%s%s%s%s", pre, md ? "**" : "", verdict, md ? "**" : "");
	if (!few)
		fprintf(o, " (%d pair(s) not clear in xfs_io, not judged)", s->unclear);
	fputs(".\n", o);
	if (few && would_judge)
		fprintf(o, "%sIndicative only: of %d pairs xfs_io separates, %d are ordered otherwise by daxio in %s:\n", pre,
			would_judge, would_dis, minruns == 1 ? "these single samples (one ~0.1 s page-allocation stall flips a pair)" : "these few runs");
	for (int i = 0; i < s->ndis; i++)
		fprintf(o, "%s- %s\n", pre, s->dis[i]);
out:
	ft_free(&s->f);
	free(s);
	return 0;
}
