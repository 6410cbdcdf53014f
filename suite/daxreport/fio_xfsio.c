/* SPDX-License-Identifier: MIT */
/*
 * fio_xfsio.c - fio's psync engine beside xfs_io on one mount: the same
 * pwrite(2) loop, so their write bandwidths should be of one size.  Where
 * they differ by more than 2x, say why, from what this run measured.
 *
 * Per (fs, DAX, scenario): the median of xfs_io's "pwrite" B/W and of
 * fio-psync's "write bw".  The reasons, each only when its figure says so:
 *  - fio's runtime is counted in whole milliseconds (job_runtime): under
 *    5 ms its bandwidth is coarse (+-1 ms is 20% of it or more);
 *  - fio's psync job ends with end_fsync=1, and fio counts that fsync in
 *    the runtime its bandwidth divides by (backend.c: do_io() issues it
 *    before it returns, and the runtime is taken after); xfs_io's pwrite
 *    B/W ends before its -c fsync.  Without DAX the fsync writes the whole
 *    page cache back, so fio's figure is a write-plus-writeback figure;
 *  - the file state differs (xfs_io's fresh file for alloc-*, fio's
 *    prepared one for overwrite-*): named from the rows' notes.
 * Prints nothing when every pair is within 2x (or there is no pair).
 */
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "fmt.h"
#include "spread.h"
#include "tools.h"

#define MAX_KEYS 64
#define MAX_RUNS 64

struct pair {
	char	fs[48], dax[8], scenario[48];
	double	v[2][MAX_RUNS];		/* [xfs_io, fio-psync] MiB/s */
	int	n[2];
	double	rt[MAX_RUNS], bytes;	/* fio's pwrite seconds, bytes */
	bool	prepared[2];
};

static double median(const double *a, int n)
{
	struct spread s;

	spread_of(a, n, 1, &s);
	return s.median;
}

int fio_vs_xfsio(const char *csv, const char *format, FILE *o)
{
	struct pair *p = calloc(MAX_KEYS, sizeof(*p));
	struct csv_reader r;
	char out[MAX_KEYS][2048];
	int np = 0, nout = 0;

	if (!p)
		return 1;
	if (!csv_open_said(&r, csv, "daxreport")) {
		free(p);
		return 1;
	}
	while (csv_next(&r)) {
		const char *tool = csv_str(&r, "tool"), *var = csv_str(&r, "variant");
		int t = !strcmp(tool, "xfs_io") ? 0 : !strcmp(tool, "fio-psync") ? 1 : -1;
		int k;
		if (t < 0 || (strcmp(var, "email") && *var))
			continue;
		for (k = 0; k < np; k++)
			if (!strcmp(p[k].fs, csv_str(&r, "fs")) && !strcmp(p[k].dax, csv_str(&r, "dax")) &&
			    !strcmp(p[k].scenario, csv_str(&r, "scenario")))
				break;
		if (k == np) {
			if (np == MAX_KEYS)
				continue;
			snprintf(p[k].fs, sizeof(p[k].fs), "%s", csv_str(&r, "fs"));
			snprintf(p[k].dax, sizeof(p[k].dax), "%s", csv_str(&r, "dax"));
			snprintf(p[k].scenario, sizeof(p[k].scenario), "%s", csv_str(&r, "scenario"));
			np++;
		}
		double m = atof(csv_str(&r, "pwrite_mibps"));
		if (m <= 0 || p[k].n[t] == MAX_RUNS)
			continue;
		if (t == 1) {
			p[k].rt[p[k].n[t]] = atof(csv_str(&r, "pwrite_s"));
			p[k].bytes = atof(csv_str(&r, "bytes"));
		}
		p[k].v[t][p[k].n[t]++] = m;
		if (strstr(csv_str(&r, "notes"), "prepared untimed"))
			p[k].prepared[t] = true;
	}
	csv_close(&r);
	for (int k = 0; k < np; k++) {
		struct pair *x = &p[k];
		char why[900] = "";
		size_t w = 0;
		if (!x->n[0] || !x->n[1])
			continue;
		double mx = median(x->v[0], x->n[0]), mf = median(x->v[1], x->n[1]), rr = mf / mx;
		bool dax = atof(x->dax) == 1;
		if (rr <= 2 && rr >= 0.5)
			continue;
		double minrt = 1e9;
		for (int i = 0; i < x->n[1]; i++)
			if (x->rt[i] < minrt)
				minrt = x->rt[i];
#define WHY(...) (w += snprintf(why + w, w < sizeof(why) ? sizeof(why) - w : 0, __VA_ARGS__))
		if (minrt < 0.005)
			WHY("; fio timed the writes over %.0f ms and counts whole milliseconds, so its bandwidth at %d MiB is coarse (1 ms is %.0f%% of it)",
			    minrt * 1000, (int)(x->bytes / 1048576), minrt > 0 ? 0.1 / minrt : 100);
		if (!dax && rr < 1)
			WHY("; fio's psync job ends with end_fsync=1 and fio counts that fsync in its runtime, while xfs_io's pwrite B/W stops before -c fsync: without DAX that fsync writes the whole page cache back, so fio's figure includes the writeback");
		if (dax && rr < 1)
			WHY("; fio's runtime includes its end_fsync (on DAX: the log force and, for new blocks, the allocation commit); xfs_io's pwrite B/W stops before -c fsync");
		size_t sl = strlen(x->scenario);
		if (sl >= 3 && !strcmp(x->scenario + sl - 3, "-4k") && rr < 1)
			WHY("; at 4 KiB per call fio also reads the clock around every I/O for its latency statistics (gtod_reduce is off), which xfs_io does not, and which is slow in a TCG guest");
		if (x->prepared[1] != x->prepared[0])
			WHY("; the two started from a different file state (one prepared its file untimed)");
		if (!w)
			WHY("; no measured figure of this run explains it (look at raw/fio-psync-*.json and the xfs_io log)");
#undef WHY
		snprintf(out[nout++], sizeof(out[0]), "%s-%s %s: fio-psync %.0f MiB/s vs xfs_io %.0f MiB/s (%.2fx)%s",
			 x->fs, dax ? "dax" : "nodax", x->scenario, mf, mx, rr, why);
	}
	if (nout && !strcmp(format, "md")) {
		fputs("### fio and xfs_io differ by more than 2x\n\n"
		      "fio's psync engine makes the same pwrite(2) calls as xfs_io; where the two\n"
		      "bandwidths differ by more than 2x on one mount, these are the differences between\n"
		      "the two measurements that apply (this run does not split fio's runtime into them):\n\n", o);
		for (int i = 0; i < nout; i++)
			fprintf(o, "- %s\n", out[i]);
		fputc('\n', o);
	} else if (nout) {
		fputs("fio and xfs_io differ by more than 2x on one mount (the same pwrite(2) loop); the differences\n"
		      "between the two measurements that apply (not a measured split of fio's runtime):\n", o);
		for (int i = 0; i < nout; i++)
			fprintf(o, "  %s\n", out[i]);
	}
	free(p);
	return 0;
}
