/* SPDX-License-Identifier: MIT */
/*
 * scen_json.c - the scenarios step's member of summary.json: per table,
 * each column's runs and medians, the email's figures as published, and
 * the ratios with their verdicts (results/README.md documents it).
 */
#include "emit.h"
#include "fmt.h"
#include "scen.h"

/* the fields summary.json carries, in its order */
static const enum scen_field json_fields[] = {
	F_pwrite_mibps, F_runtime_s, F_setup_s, F_pwrite_cmd_s, F_sync_s,
	F_teardown_s, F_journal_txns, F_blocks_allocated,
};

static void runs_array(const struct scen_cell *c, enum scen_field f, FILE *o)
{
	fputc('[', o);
	for (int r = 0; r < c->n; r++)
		fprintf(o, "%s%s", r ? "," : "", have(c->v[r][f]) ? awknum(c->v[r][f]) : "null");
	fputc(']', o);
}

/* A published figure as the email wrote it; null when it has none. */
static const char *pub_json(const char *v)
{
	return *v ? v : "null";
}

void scen_json(const struct scen *s, FILE *o)
{
	static const char *const col[SCEN_NPUBCOLS] = { "nodax", "dax" };
	bool first = true;

	fprintf(o, "\"scenarios\": {\"runs\": %d, \"bytes\": %s, \"agree\": %d, \"compared\": %d, \"real_agree\": %d, \"real_compared\": %d, \"tables\": [",
		s->runs, awknum(s->size), s->agree, s->compared, s->real_agree, s->real_compared);
	for (int t = 0; t < s->ntables; t++) {
		const struct scen_table *tb = &s->t[t];
		int k = 0;

		if (!tb->seen)
			continue;
		fprintf(o, "%s\n  {\"table\": %s, \"scenario\": ", first ? "" : ",", tb->num);
		json_string(o, tb->scenario);
		fputs(", \"title\": ", o);
		json_string(o, tb->title);
		fputs(", \"measured\": {", o);
		first = false;
		for (int m = 0; m < s->nmodes; m++)
			for (int v = 0; v < SCEN_NVARIANTS; v++) {
				const struct scen_cell *c = &tb->cell[v][m];
				char name[80];
				if (!c->n)
					continue;
				snprintf(name, sizeof(name), "%s%s", s->mode[m], v == V_NOFSYNC ? "-nofsync" : "");
				fputs(k++ ? ", " : "", o);
				json_string(o, name);
				fputs(": {", o);
				for (size_t f = 0; f < sizeof(json_fields) / sizeof(json_fields[0]); f++) {
					const char *fn = scen_field_name[json_fields[f]];
					fprintf(o, "%s\"%s\": ", f ? ", " : "", fn);
					runs_array(c, json_fields[f], o);
					fprintf(o, ", \"%s_median\": %s", fn, jnum(scen_med(s, t, v, m, json_fields[f])));
				}
				fputc('}', o);
			}
		fputs("}, \"published\": {", o);
		for (int c = 0; c < SCEN_NPUBCOLS; c++) {
			const char (*p)[SCEN_PUB_RUNS][24] = tb->pub_s[c];
			fprintf(o, "%s\"%s\": {\"pwrite_mibps\": [%s,%s,%s], \"runtime_s\": [%s,%s,%s]}",
				c ? ", " : "", col[c],
				pub_json(p[PM_MIBPS][0]), pub_json(p[PM_MIBPS][1]), pub_json(p[PM_MIBPS][2]),
				pub_json(p[PM_RUNTIME][0]), pub_json(p[PM_RUNTIME][1]), pub_json(p[PM_RUNTIME][2]));
		}
		fputs("}, \"ratios\": [", o);
		k = 0;
		for (int i = 0; i < s->nratios; i++) {
			const struct scen_ratio *r = &s->r[i];
			if (r->table != t)
				continue;
			fprintf(o, "%s{\"ratio\": \"%s\", \"mode\": ", k++ ? ", " : "", ratio_kind_name[r->kind]);
			json_string(o, s->mode[r->mode]);
			fprintf(o, ", \"published\": %s, \"measured\": %s, \"agrees\": %s}",
				jnum(r->published), jnum(r->measured),
				!have(r->published) || !have(r->measured) ? "null" :
				scen_ratio_agrees(r) ? "true" : "false");
		}
		fputs("]}", o);
	}
	fputs("\n]}", o);
}
