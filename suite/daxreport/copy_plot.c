/* SPDX-License-Identifier: MIT */
/*
 * copy_plot.c - the copy study's data files for plots/size-sweep.gp and
 * plots/threads.gp: whitespace-separated, one line per call size or
 * thread count, every mode of ref/modes.def in its column (NaN where the
 * run has no figure), figures as the CSVs wrote them.
 */
#include <string.h>

#include "copy_data.h"
#include "daxref.h"
#include "modes.h"
#include "plot.h"

static const char *v(const char *raw)
{
	return *raw ? raw : "NaN";
}

static void sizes(const struct copy *c, FILE *o)
{
	const char *m[MAX_MODES];
	int nm = report_modes(m, MAX_MODES);

	fputs("# size nt cached+flush cached pmdk", o);
	for (int i = 0; i < nm; i++)
		fprintf(o, " %s_write+fsync %s_durable_us %s_write", m[i], m[i], m[i]);
	fputc('\n', o);
	for (int i = 0; i < c->nks; i++) {
		double s = c->ks[i];
		fprintf(o, "%.0f %s %s %s %s", s, v(ft_raw(&c->kg, "%s|%.0f|1", c->in->nt, s)),
			v(ft_raw(&c->kg, "%s|%.0f|1", c->in->cf, s)), v(ft_raw(&c->kg, "%s|%.0f|1", c->in->cached, s)),
			v(ft_raw(&c->kg, "%s|%.0f|1", K_PMDK, s)));
		for (int j = 0; j < nm; j++)
			fprintf(o, " %s %s %s", v(ft_raw(&c->mg, "%s|%.0f|write+fsync", m[j], s)),
				v(ft_raw(&c->mus, "%s|%.0f|write+fsync-each", m[j], s)),
				v(ft_raw(&c->mg, "%s|%.0f|write", m[j], s)));
		fputc('\n', o);
	}
}

static void threads(const struct copy *c, FILE *o)
{
	const char *m[MAX_MODES];
	int nm = report_modes(m, MAX_MODES);

	fputs("# threads", o);
	for (int i = 0; i < nm; i++)
		fprintf(o, " %s %s_alloc", m[i], m[i]);
	fputs(" nt cached+flush pmdk  (aggregate GiB/s, 4 KiB calls)\n", o);
	for (int t = 1; t <= c->maxth; t++) {
		fprintf(o, "%d", t);
		for (int i = 0; i < nm; i++)
			fprintf(o, " %s %s", v(ft_raw(&c->tg, "%s|overwrite|%d", m[i], t)),
				v(ft_raw(&c->tg, "%s|alloc|%d", m[i], t)));
		fprintf(o, " %s %s %s\n", v(ft_raw(&c->kg, "%s|4096|%d", c->in->nt, t)),
			v(ft_raw(&c->kg, "%s|4096|%d", c->in->cf, t)), v(ft_raw(&c->kg, "%s|4096|%d", K_PMDK, t)));
	}
}

int copy_plot(const struct copy_inputs *in, const char *what, FILE *o)
{
	struct copy *c = copy_load(in);

	if (!c)
		return 1;
	if (!strcmp(what, "kernels"))
		fprintf(o, "%s\n", c->kset);
	else if (!strcmp(what, "sizes"))
		sizes(c, o);
	else
		threads(c, o);
	copy_free(c);
	return 0;
}
