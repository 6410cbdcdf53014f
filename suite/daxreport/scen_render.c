/* SPDX-License-Identifier: MIT */
/*
 * scen_render.c - the scenario report on the console and in report.md:
 * each of the email's tables measured beside published, where the
 * reference's runtime went, the ratios with a verdict each, and why, from
 * the reference's own counters.  The console and Markdown share the tail
 * of each table (scen_table_tail); fmt.h's tab_row renders both.
 */
#include <string.h>

#include "fmt.h"
#include "scen.h"

#define GIB 1073741824.0
#define MIB 1048576.0

static bool have_nodax(const struct scen *s)
{
	return s->nodax_mode >= 0;
}

static bool real_columns(const struct scen *s)
{
	return s->nmodes > s->nref_modes;
}

static int nrun(const struct scen *s, int t, enum scen_variant v, int m)
{
	return t < 0 || m < 0 ? 0 : s->t[t].cell[v][m].n;
}

/* The time of one write call, in microseconds. */
static double per_call_us(const struct scen *s, int t, enum scen_variant v, int m)
{
	return scen_med(s, t, v, m, F_pwrite_s) / scen_med(s, t, v, m, F_ops) * 1e6;
}

/* What one call of the email's figures took: the call size over its
 * bandwidth, in microseconds. */
static double pub_call_us(const struct scen *s, int t, double call, enum pub_column c)
{
	return call / (scen_pmed(s, t, c, PM_MIBPS) * MIB) * 1e6;
}

static const char *dir_word(bool bw, int k)
{
	if (bw)
		return k > 0 ? "DAX faster" : k < 0 ? "DAX slower" : "about even";
	return k > 0 ? "DAX takes longer" : k < 0 ? "DAX takes less time" : "about even";
}

static const char *verdict(bool bw, double p, double r)
{
	char *b = fmt_buf();
	int kp, kr;

	if (!have(p) || !have(r))
		return "no verdict (a figure is missing)";
	kp = ratio_class(p);
	kr = ratio_class(r);
	if (kp == kr)
		snprintf(b, FMT_BUF, "agrees (%s); this run's ratio is %.2fx the email's",
			 dir_word(bw, kr), r / p);
	else
		snprintf(b, FMT_BUF, "DISAGREES: here %s, in 2016 %s; this run's ratio is %.2fx the email's",
			 dir_word(bw, kr), dir_word(bw, kp), r / p);
	return b;
}

static const char *prefill(const struct scen *s)
{
	return s->prefill[0] ? s->prefill : "none";
}

/* Where each of the reference's columns spent its runtime, with its
 * per-call time and counters. */
static void split_table(const struct scen *s, int t, bool md, FILE *o)
{
	static const int w[] = { 36, 6, 7, 13, 6, 8, 6, 9, 13, 15 };
	const char *c[10] = { "mode", "setup", "pwrite", "of it zeroing", "sync", "teardown",
			      "other", "us/call", "journal txns", "blocks alloc'd" };
	char first[160];

	fprintf(o, "\n%swhere the measured runtime went (medians, s; region prefilled '%s' before the first run)\n%s",
		md ? "" : "  ", prefill(s), md ? "\n" : "");
	tab_row(o, c, 10, md, w, "  ");
	tab_rule(o, 10, md, NULL);
	for (int m = 0; m < s->nmodes; m++)
		for (int v = 0; v < SCEN_NVARIANTS; v++) {
			if (!nrun(s, t, v, m) || !s->is_ref[m])
				continue;
			const char *lab = scen_label(s, s->mode[m]);
			if (strcmp(lab, s->mode[m]))
				snprintf(first, sizeof(first), "%s (%s)%s", lab, s->mode[m],
					 v == V_NOFSYNC ? ", fsync dropped" : "");
			else
				snprintf(first, sizeof(first), "%s%s", s->mode[m],
					 v == V_NOFSYNC ? ", fsync dropped" : "");
			c[0] = first;
			c[1] = num(scen_med(s, t, v, m, F_setup_s), 2);
			c[2] = num(scen_med(s, t, v, m, F_pwrite_cmd_s), 2);
			/* the reference's own zeroing counters: NT zeroing of
			 * new blocks, edges and the journal, inside the pwrite
			 * and sync times */
			c[3] = num(scen_med(s, t, v, m, F_zero_s), 2);
			c[4] = num(scen_med(s, t, v, m, F_sync_s), 2);
			c[5] = num(scen_med(s, t, v, m, F_teardown_s), 2);
			c[6] = num(scen_med(s, t, v, m, F_other_s), 2);
			c[7] = num(per_call_us(s, t, v, m), 2);
			c[8] = num(scen_med(s, t, v, m, F_journal_txns), 0);
			c[9] = num(scen_med(s, t, v, m, F_blocks_allocated), 0);
			tab_row(o, c, 10, md, w, "  ");
		}
}

static const char *const ratio_heading[] = {
	[R_BW] = "pwrite B/W DAX/no DAX", [R_RUNTIME] = "runtime DAX/no DAX",
	[R_RUNTIME_NOFSYNC] = "runtime DAX/no DAX, no fsync",
	[R_RUNTIME_NOFSYNC_NOUMOUNT] = "  the same, w/o unmount",
};

/* The ratios that carry the email's argument, with a verdict each. */
static void ratio_table(const struct scen *s, int t, bool md, FILE *o)
{
	static const int w[] = { 28, -10, 6, 9, -1 };
	const char *c[5] = { "ratio", "mode", "2016", "this run", "verdict" };
	int k = 0;

	for (int i = 0; i < s->nratios; i++)
		k += s->r[i].table == t;
	if (!k) {
		fprintf(o, "\n%sno ratios: they need a no-DAX and a DAX column (%s and %s, or FS-nodax and FS-dax)\n",
			md ? "" : "  ", s->nodax_name, s->dax_name);
		return;
	}
	fputc('\n', o);
	tab_row(o, c, 5, md, w, "  ");
	tab_rule(o, 5, md, w);
	for (int i = 0; i < s->nratios; i++) {
		const struct scen_ratio *r = &s->r[i];
		if (r->table != t)
			continue;
		c[0] = ratio_heading[r->kind];
		c[1] = s->mode[r->mode];
		c[2] = xf(r->published);
		c[3] = xf(r->measured);
		c[4] = verdict(r->kind == R_BW, r->published, r->measured);
		tab_row(o, c, 5, md, w, "  ");
	}
}

/* What the counters say: per-call cost, transactions, zeroing and
 * allocation.  @b is the bullet, @c the indent of a continued line. */
static void explain(const struct scen *s, int t, const char *b, const char *c, FILE *o)
{
	int pc = s->nodax_mode, dx = s->dax_mode;
	double call = scen_med(s, t, V_EMAIL, dx, F_bytes) / scen_med(s, t, V_EMAIL, dx, F_ops);
	double mu_n = per_call_us(s, t, V_EMAIL, pc), mu_d = per_call_us(s, t, V_EMAIL, dx);
	double pu_n = pub_call_us(s, t, call, P_NODAX), pu_d = pub_call_us(s, t, call, P_DAX);
	double blocks = scen_med(s, t, V_EMAIL, dx, F_blocks_allocated);
	char ot[40];

	fprintf(o, "%sper %s call: no DAX %.2f us, DAX %.2f us here; 2016: %.2f us and %.2f us.\n",
		b, size_label(call), mu_n, mu_d, pu_n, pu_d);
	if (blocks > 0)
		fprintf(o, "%sDAX allocated %s blocks in %s journal transactions (NT-zeroing %.0f MiB first, zero-on-alloc:\n"
			"%s%.3f s of the pwrite time by the reference's counters, over a region prefilled '%s');\n"
			"%sno DAX allocated at writeback in %s transactions and zeroed nothing.\n",
			b, num(blocks, 0), num(scen_med(s, t, V_EMAIL, dx, F_journal_txns), 0),
			blocks * 4096 / MIB, c, scen_med(s, t, V_EMAIL, dx, F_zero_s), prefill(s),
			c, num(scen_med(s, t, V_EMAIL, pc, F_journal_txns), 0));
	else
		fprintf(o, "%sno blocks were allocated (0 journal transactions): DAX is one NT copy and a fence per call; no DAX\n"
			"%sis a cached copy into a DRAM page per 4 KiB.  The reference's page cache lives in the daxio process, so\n"
			"%severy run starts with it empty and takes every page anew from its pool (a memfd grown 16 MiB at a time:\n"
			"%sthe host kernel allocates and zeroes each page); a kernel may still hold the file's pages.\n",
			b, c, c, c);
	/* the overwrite table of the same call size isolates the allocation */
	if (!strncmp(s->t[t].scenario, "alloc-", 6)) {
		snprintf(ot, sizeof(ot), "overwrite-%s", s->t[t].scenario + 6);
		int t2 = scen_table_by_scenario(s, ot);
		if (t2 >= 0 && nrun(s, t2, V_EMAIL, dx)) {
			double oa = per_call_us(s, t2, V_EMAIL, dx), ob = pub_call_us(s, t2, call, P_DAX);
			fprintf(o, "%sallocating costs DAX %.2f us per call here (this table minus table %s), %.2f us in 2016:\n",
				b, mu_d - oa, s->t[t2].num, pu_d - ob);
			fprintf(o, "%sthe reference's allocation is one journal record, flushed and fenced, plus the zeroing;\n", c);
			fprintf(o, "%sthe email blames XFS's per-page allocation transaction and zeroing for DAX's slowness.\n", c);
		}
	}
	double st = scen_med(s, t, V_EMAIL, dx, F_setup_s), td = scen_med(s, t, V_EMAIL, dx, F_teardown_s);
	double pc_td = scen_med(s, t, V_EMAIL, pc, F_teardown_s);
	double cmdn = scen_med(s, t, V_EMAIL, pc, F_runtime_s) - scen_med(s, t, V_EMAIL, pc, F_setup_s) - pc_td;
	double cmdd = scen_med(s, t, V_EMAIL, dx, F_runtime_s) - st - td;
	fprintf(o, "%sthe wall time holds the reference's mount (DAX %.2f s: mapping the region) and unmount (DAX %.2f s,\n",
		b, st, td);
	fprintf(o, "%sno DAX %.2f s: writing back what is dirty, unmapping); without both: no DAX %.2f s, DAX %.2f s.\n",
		c, pc_td, cmdn, cmdd);
}

void scen_table_tail(const struct scen *s, int t, bool md, FILE *o)
{
	const char *ind = md ? "" : "  ", *q = md ? "`" : "";
	int pc = s->nodax_mode;

	if (nrun(s, t, V_NOFSYNC, pc)) {
		double a = scen_med(s, t, V_NOFSYNC, pc, F_runtime_s);
		double b = a - scen_med(s, t, V_NOFSYNC, pc, F_teardown_s);
		fprintf(o, "\n%sno DAX with the fsync dropped (%s%s%s): runtime median %s s, %s s without the\n",
			ind, q, s->t[t].cmd[V_NOFSYNC][0], q, num(a, 2), num(b, 2));
		fprintf(o, "%sunmount's writeback at exit; pwrite %s MiB/s.  The email: %s-%s s.\n", ind,
			num(scen_med(s, t, V_NOFSYNC, pc, F_pwrite_mibps), 1),
			s->t[t].pub_lo_s, s->t[t].pub_hi_s);
	}
	if (have_nodax(s))
		split_table(s, t, md, o);
	ratio_table(s, t, md, o);
	if (have_nodax(s) && nrun(s, t, V_EMAIL, s->dax_mode)) {
		fprintf(o, "\n%s\n%s", md ? "Why, from what was measured:" : "  why, from what was measured:",
			md ? "\n" : "");
		explain(s, t, md ? "- " : "  - ", md ? "  " : "    ", o);
	}
}

/* --- the console ------------------------------------------------------- */

static void text_block(const struct scen *s, int t, const char *what, enum scen_field field,
		       enum pub_metric pm, int d, FILE *o)
{
	char head[64];
	int rows = s->runs > SCEN_PUB_RUNS ? s->runs : SCEN_PUB_RUNS;

	snprintf(head, sizeof(head), "%s", what);
	fprintf(o, "\n  %-*s  | published 2016", 7 + 11 * s->nmodes, head);
	if (pm == PM_RUNTIME && scen_scaled(s))
		fprintf(o, ", scaled from 1 GiB to %s", size_label(s->size));
	fprintf(o, "\n  %-7s", "run");
	for (int m = 0; m < s->nmodes; m++)
		fprintf(o, " %10s", scen_label(s, s->mode[m]));
	fprintf(o, "  |%10s %10s\n", "no DAX", "DAX");
	for (int r = 0; r < rows; r++) {
		fprintf(o, "  %-7d", r + 1);
		for (int m = 0; m < s->nmodes; m++) {
			const struct scen_cell *c = &s->t[t].cell[V_EMAIL][m];
			fprintf(o, " %10s", r >= c->n ? "" : have(c->v[r][field]) ? num(c->v[r][field], d) : "FAILED");
		}
		fprintf(o, "  |%10s %10s\n", scen_pubs(s, t, P_NODAX, pm, r), scen_pubs(s, t, P_DAX, pm, r));
	}
	fprintf(o, "  %-7s", "median");
	for (int m = 0; m < s->nmodes; m++)
		fprintf(o, " %10s", num(scen_med(s, t, V_EMAIL, m, field), d));
	fprintf(o, "  |%10s %10s\n", num(scen_pmed(s, t, P_NODAX, pm), d), num(scen_pmed(s, t, P_DAX, pm), d));
	fprintf(o, "  %-7s", "CV");
	for (int m = 0; m < s->nmodes; m++)
		fprintf(o, " %10s", scen_cv(s, t, V_EMAIL, m, field));
	fprintf(o, "  |%10s %10s\n", scen_pcv(s, t, P_NODAX, pm), scen_pcv(s, t, P_DAX, pm));
}

void scen_text(const struct scen *s, FILE *o)
{
	for (int t = 0; t < s->ntables; t++) {
		const struct scen_table *tb = &s->t[t];
		if (!tb->seen)
			continue;
		fprintf(o, "\nTable %s: %s  [%s]\n", tb->num, tb->title, tb->scenario);
		if (tb->cmd[V_EMAIL][2][0])
			fprintf(o, "  no DAX and DAX: %s\n", tb->cmd[V_EMAIL][2]);
		else
			fprintf(o, "  no DAX: %s\n  DAX:    %s\n", tb->cmd[V_EMAIL][0], tb->cmd[V_EMAIL][1]);
		if (have_nodax(s))
			fprintf(o, "  this run: reference, median of %d run(s) of %s each (1 untimed warm-up run per mode first); %s = %s, %s = %s\n",
				s->runs, size_label(s->size), scen_label(s, s->nodax_name), s->nodax_name,
				scen_label(s, s->dax_name), s->dax_name);
		if (s->runs < 3)
			fprintf(o, "  NOTE: %d run(s) per figure: no spread, and a median of fewer than 3 runs is not one (--runs 3 or more)\n", s->runs);
		if (scen_scaled(s))
			fprintf(o, "  NOTE: %s per run, the email 1 GiB: its runtimes are scaled to %s (x%.4f); bandwidths are as published\n",
				size_label(s->size), size_label(s->size), s->size / GIB);
		if (real_columns(s))
			fprintf(o, "  %s\n", s->target_note);
		text_block(s, t, "pwrite B/W (MiB/s)", F_pwrite_mibps, PM_MIBPS, 1, o);
		text_block(s, t, "runtime (s)", F_runtime_s, PM_RUNTIME, 2, o);
		scen_table_tail(s, t, false, o);
	}
	if (s->compared)
		fprintf(o, "\nThe email's directions (DAX = %s): this run agrees on %d of %d ratios%s.\n",
			s->dax_name, s->agree, s->compared, real_columns(s) ? " on the reference" : "");
	if (s->real_compared)
		fprintf(o, "The email's directions on the real target (FS-dax / FS-nodax, xfs_io): %d of %d ratios agree.\n",
			s->real_agree, s->real_compared);
}

/* --- report.md --------------------------------------------------------- */

/* "`clwb` and `deferred`": the DAX modes that play no 2016 column. */
static void further_dax_modes(const struct scen *s, FILE *o)
{
	int n = 0, k = 0;

	for (int m = 0; m < s->nref_modes; m++)
		n += m != s->dax_mode && m != s->nodax_mode;
	for (int m = 0; m < s->nref_modes; m++) {
		if (m == s->dax_mode || m == s->nodax_mode)
			continue;
		fprintf(o, "%s`%s`", k == 0 ? "" : k == n - 1 ? " and " : ", ", s->mode[m]);
		k++;
	}
	if (n)
		fprintf(o, " %s further DAX column%s", n > 1 ? "are" : "is a", n > 1 ? "s" : "");
}

void scen_md(const struct scen *s, FILE *o)
{
	int rows = s->runs > SCEN_PUB_RUNS ? s->runs : SCEN_PUB_RUNS;
	const char *scaled = scen_scaled(s) ? " (scaled)" : "";

	fprintf(o, "## Chinner's 2016 tables, measured on the reference%s\n\n",
		real_columns(s) ? " and a real target" : "");
	fprintf(o, "Median of %d run(s) of %s per scenario (after one untimed warm-up run per mode); no DAX = `%s`, DAX = `%s` (the 2016 kernel)",
		s->runs, size_label(s->size), s->nodax_name, s->dax_name);
	if (s->nref_modes > 2) {
		fputs("; ", o);
		further_dax_modes(s, o);
	}
	fputs(".  Published: Dave Chinner, 2016-08-02 (`workloads/chinner-2016/published.csv`).\n", o);
	if (real_columns(s))
		fprintf(o, "\n%s\n", s->target_note);
	for (int t = 0; t < s->ntables; t++) {
		const struct scen_table *tb = &s->t[t];
		if (!tb->seen)
			continue;
		fprintf(o, "\n### Table %s: %s\n\n", tb->num, tb->title);
		if (tb->cmd[V_EMAIL][2][0])
			fprintf(o, "`%s`\n\n", tb->cmd[V_EMAIL][2]);
		else
			fprintf(o, "no DAX: `%s`; DAX: `%s`\n\n", tb->cmd[V_EMAIL][0], tb->cmd[V_EMAIL][1]);
		if (s->runs < 3)
			fprintf(o, "%d run(s) per figure: no spread, and a median of fewer than 3 runs is not one.\n\n", s->runs);
		if (scen_scaled(s))
			fprintf(o, "The email wrote 1 GiB, this run %s: the 2016 runtimes are scaled to %s.\n\n",
				size_label(s->size), size_label(s->size));
		fputs("| run |", o);
		for (int m = 0; m < s->nmodes; m++)
			fprintf(o, " %s MiB/s |", scen_label(s, s->mode[m]));
		for (int m = 0; m < s->nmodes; m++)
			fprintf(o, " %s s |", scen_label(s, s->mode[m]));
		fprintf(o, " 2016 no DAX MiB/s | 2016 DAX MiB/s | 2016 no DAX s%s | 2016 DAX s%s |\n|---|", scaled, scaled);
		for (int m = 0; m < 2 * s->nmodes + 4; m++)
			fputs("---:|", o);
		fputc('\n', o);
		for (int r = 0; r < rows; r++) {
			fprintf(o, "| %d |", r + 1);
			for (int f = 0; f < 2; f++)
				for (int m = 0; m < s->nmodes; m++) {
					const struct scen_cell *c = &tb->cell[V_EMAIL][m];
					fprintf(o, " %s |", r < c->n ? num(c->v[r][f ? F_runtime_s : F_pwrite_mibps], f ? 2 : 1) : "");
				}
			fprintf(o, " %s | %s | %s | %s |\n",
				r < SCEN_PUB_RUNS ? tb->pub_s[P_NODAX][PM_MIBPS][r] : "",
				r < SCEN_PUB_RUNS ? tb->pub_s[P_DAX][PM_MIBPS][r] : "",
				scen_pubs(s, t, P_NODAX, PM_RUNTIME, r), scen_pubs(s, t, P_DAX, PM_RUNTIME, r));
		}
		fputs("| **median** |", o);
		for (int f = 0; f < 2; f++)
			for (int m = 0; m < s->nmodes; m++)
				fprintf(o, " **%s** |", num(scen_med(s, t, V_EMAIL, m, f ? F_runtime_s : F_pwrite_mibps), f ? 2 : 1));
		fprintf(o, " %s | %s | %s | %s |\n",
			num(scen_pmed(s, t, P_NODAX, PM_MIBPS), 1), num(scen_pmed(s, t, P_DAX, PM_MIBPS), 1),
			num(scen_pmed(s, t, P_NODAX, PM_RUNTIME), 2), num(scen_pmed(s, t, P_DAX, PM_RUNTIME), 2));
		fputs("| CV |", o);
		for (int f = 0; f < 2; f++)
			for (int m = 0; m < s->nmodes; m++)
				fprintf(o, " %s |", scen_cv(s, t, V_EMAIL, m, f ? F_runtime_s : F_pwrite_mibps));
		fprintf(o, " %s | %s | %s | %s |\n",
			scen_pcv(s, t, P_NODAX, PM_MIBPS), scen_pcv(s, t, P_DAX, PM_MIBPS),
			scen_pcv(s, t, P_NODAX, PM_RUNTIME), scen_pcv(s, t, P_DAX, PM_RUNTIME));
		scen_table_tail(s, t, true, o);
	}
	if (s->compared)
		fprintf(o, "\nThis run agrees with the email's direction on %d of %d DAX (%s) ratios%s.\n",
			s->agree, s->compared, s->dax_name, real_columns(s) ? " on the reference" : "");
	if (s->real_compared)
		fprintf(o, "\nThe real target agrees with the email's direction on %d of %d FS-dax/FS-nodax ratios (xfs_io).\n",
			s->real_agree, s->real_compared);
}

/* --- the headline and the ratio plot's data ----------------------------- */

/* The truth first, under the report's title: what this target can and
 * cannot reproduce (with the per-call costs this run measured), which
 * target would reproduce the tables, the agreement of each target, and
 * what the disagreements teach.  Markdown; the console prints the same. */
void scen_headline(const struct scen *s, FILE *o)
{
	int t1 = scen_table_by_scenario(s, "alloc-4k"), t2 = scen_table_by_scenario(s, "overwrite-4k");
	int dx = s->dax_mode;
	double dax1, pub1, dax2 = 0, pub2 = 0;
	bool over;

	if (!nrun(s, t1, V_EMAIL, dx))
		return;
	dax1 = per_call_us(s, t1, V_EMAIL, dx);
	pub1 = pub_call_us(s, t1, scen_med(s, t1, V_EMAIL, dx, F_bytes) / scen_med(s, t1, V_EMAIL, dx, F_ops), P_DAX);
	over = nrun(s, t2, V_EMAIL, dx) > 0;
	if (over) {
		dax2 = per_call_us(s, t2, V_EMAIL, dx);
		pub2 = pub_call_us(s, t2, scen_med(s, t2, V_EMAIL, dx, F_bytes) / scen_med(s, t2, V_EMAIL, dx, F_ops), P_DAX);
	}
	fprintf(o, "**What this run can show.** The reference is a model of a DAX filesystem in DRAM, not XFS on 2016 pmem: a 4 KiB allocating DAX write costs %.2f us here against %.2f us in 2016",
		dax1, pub1);
	if (over)
		fprintf(o, " (overwriting: %.2f us against %.2f us)", dax2, pub2);
	fputs(", so its timings cannot reproduce the email's tables; it reproduces what each path does (copies, zeroing, journal records: the counters below) and says where the direction of a ratio differs.", o);
	if (real_columns(s))
		fprintf(o, " The real target's columns (%s) run the kernel's own XFS/ext4 code; under TCG their timings are qualitative.",
			s->target_note);
	fputs("\n\n**What would reproduce the tables.** XFS on a DAX device as in the email: `./run.sh --target vm` on a host with KVM (the guest's kernel code is real; under TCG only its behaviour is), or `--target dev:/dev/pmemN` on real pmem.\n\n", o);
	if (s->compared || s->real_compared) {
		fputs("**Agreement with the email's directions.** ", o);
		if (s->compared)
			fprintf(o, "The reference (DAX = %s): %d of %d ratios", s->dax_name, s->agree, s->compared);
		if (s->compared && s->real_compared)
			fputs("; ", o);
		if (s->real_compared)
			fprintf(o, "%s real target (%s, xfs_io): %d of %d", s->compared ? "the" : "The",
				s->target_note, s->real_agree, s->real_compared);
		fputs(".\n\n", o);
	}
	if (over)
		fprintf(o, "**What the disagreements teach.** In 2016 the allocation was the cost: %.2f us of each allocating 4 KiB DAX write beyond an overwrite (XFS's per-block allocation transaction and zeroing); here it is %.2f us (one journal record and an NT zero of the block), so where this run's directions disagree with the email's, that allocation cost is the difference.\n\n",
			pub1 - pub2, dax1 - dax2);
}

/* One line per ratio of the 2016 DAX mode (and of the real target's
 * xfs_io columns): "label" published measured, for plots/ratios.gp. */
void scen_ratios_dat(const struct scen *s, FILE *o)
{
	static const char *const what[] = {
		[R_BW] = "B/W", [R_RUNTIME] = "runtime", [R_RUNTIME_NOFSYNC] = "runtime,\\nno fsync",
	};

	fputs("# label published measured\n", o);
	for (int i = 0; i < s->nratios; i++) {
		const struct scen_ratio *r = &s->r[i];
		if (!have(r->published) || !have(r->measured) || r->kind == R_RUNTIME_NOFSYNC_NOUMOUNT)
			continue;
		if (r->mode != s->dax_mode && (s->is_ref[r->mode] || strchr(s->mode[r->mode], '/')))
			continue;
		fprintf(o, "\"table %s\\n%s", s->t[r->table].num, what[r->kind]);
		if (!s->is_ref[r->mode])
			fprintf(o, "\\n%s", s->mode[r->mode]);
		fprintf(o, "\" %.4f %.4f\n", r->published, r->measured);
	}
}
