/* SPDX-License-Identifier: MIT */
/*
 * scen.h - Chinner's 2016 tables, measured beside published: the model
 * daxreport's scenario report is written from.
 *
 * Inputs (scen_load): workloads/chinner-2016/{tables,scenarios,
 * published.csv} and the scenarios step's CSV (results/README.md names its
 * columns; they are read by name).  Every measured figure comes from that
 * CSV, every 2016 figure from published.csv.
 *
 * Columns are modes: the reference's copy modes (ref/modes.def; its roles
 * say which is the 2016 "DAX" and which the "no DAX" column) and, on a real
 * target, one per filesystem and DAX state (FS-nodax, FS-dax, and
 * FS-dax/TOOL for another tool), paired by filesystem for the ratios.  fio
 * rows are not columns (the tools plot has them).
 *
 * Verdicts: a ratio within 5% of 1 is "even"; the email and the run agree
 * in direction when both fall in the same class (above, even, below).
 */
#ifndef DAXREPORT_SCEN_H
#define DAXREPORT_SCEN_H

#include <stdbool.h>
#include <stdio.h>

#define SCEN_MAX_TABLES	8
#define SCEN_MAX_MODES	24
#define SCEN_MAX_RUNS	32
#define SCEN_MAX_RATIOS	128
#define SCEN_PUB_RUNS	3	/* the email ran each column three times */

/* The measured fields a report reads, by their CSV column names. */
#define SCEN_FIELDS(X) X(pwrite_mibps) X(runtime_s) X(setup_s) X(pwrite_cmd_s) \
	X(sync_s) X(teardown_s) X(other_s) X(journal_txns) X(blocks_allocated) \
	X(pwrite_s) X(ops) X(bytes) X(zero_s)
enum scen_field {
#define SCEN_F_ENUM(n) F_##n,
	SCEN_FIELDS(SCEN_F_ENUM)
#undef SCEN_F_ENUM
	SCEN_NFIELDS
};
extern const char *const scen_field_name[SCEN_NFIELDS];

enum scen_variant { V_EMAIL, V_NOFSYNC, SCEN_NVARIANTS };
enum pub_column { P_NODAX, P_DAX, SCEN_NPUBCOLS };
enum pub_metric { PM_MIBPS, PM_RUNTIME, SCEN_NPUBMETRICS };

enum ratio_kind { R_BW, R_RUNTIME, R_RUNTIME_NOFSYNC, R_RUNTIME_NOFSYNC_NOUMOUNT };
extern const char *const ratio_kind_name[];

struct scen_cell {		/* one table, variant and mode: its runs */
	int	n;
	double	v[SCEN_MAX_RUNS][SCEN_NFIELDS];	/* NAN = empty */
};

struct scen_table {
	char	num[8], scenario[32], title[160];
	bool	seen;				/* the run has rows of it */
	char	cmd[SCEN_NVARIANTS][3][200];	/* [variant][dax 0, 1, any] */
	/* published: as written (the tables print it so) and as a number */
	char	pub_s[SCEN_NPUBCOLS][SCEN_NPUBMETRICS][SCEN_PUB_RUNS][24];
	double	pub_lo, pub_hi;			/* no DAX, fsync dropped */
	char	pub_lo_s[24], pub_hi_s[24];
	struct scen_cell cell[SCEN_NVARIANTS][SCEN_MAX_MODES];
};

struct scen_ratio {
	int	table;			/* index into tables */
	int	mode;			/* index into modes */
	enum ratio_kind kind;
	double	published, measured;	/* NAN = missing */
};

struct scen {
	int	ntables;
	struct scen_table t[SCEN_MAX_TABLES];
	int	nmodes;			/* columns, in report order */
	char	mode[SCEN_MAX_MODES][64];
	bool	is_ref[SCEN_MAX_MODES];	/* a reference copy mode */
	int	nref_modes;		/* of which the reference's */
	int	nodax_mode, dax_mode;	/* the 2016 roles' columns, or -1 */
	const char *nodax_name, *dax_name;	/* the roles' mode names */
	int	runs;			/* the most runs of any figure */
	double	size;			/* bytes per run */
	char	prefill[32];
	int	nratios;
	struct scen_ratio r[SCEN_MAX_RATIOS];
	int	agree, compared, real_agree, real_compared;
	const char *target_note;
};

/* Reads the four files into @s; false with a message on stderr naming the
 * file and line otherwise. */
bool scen_load(struct scen *s, const char *workloads, const char *csv,
	       const char *target_note);

/* The median of a cell's field over its runs (NAN when none). */
double scen_med(const struct scen *s, int t, enum scen_variant v, int m,
		enum scen_field f);
/* The CV of a cell's field as the tables print it: "4.2%", "4.2% n<3",
 * or "-" for fewer than 2 runs. */
const char *scen_cv(const struct scen *s, int t, enum scen_variant v, int m,
		    enum scen_field f);
/* A published figure, its runtimes scaled to the run's size. */
const char *scen_pubs(const struct scen *s, int t, enum pub_column c,
		      enum pub_metric m, int run);
double scen_pmed(const struct scen *s, int t, enum pub_column c, enum pub_metric m);
const char *scen_pcv(const struct scen *s, int t, enum pub_column c, enum pub_metric m);
bool scen_scaled(const struct scen *s);
int scen_table_by_scenario(const struct scen *s, const char *scenario);
bool scen_ratio_agrees(const struct scen_ratio *r);
int ratio_class(double r);
const char *scen_label(const struct scen *s, const char *mode);

/* The renderings (scen_text.c, scen_md.c, scen_json.c, scen_headline.c). */
void scen_text(const struct scen *s, FILE *o);
void scen_md(const struct scen *s, FILE *o);
void scen_json(const struct scen *s, FILE *o);
void scen_headline(const struct scen *s, FILE *o);
void scen_ratios_dat(const struct scen *s, FILE *o);
/* What follows a table in the console and Markdown renderings. */
void scen_table_tail(const struct scen *s, int t, bool md, FILE *o);

#endif
