/* SPDX-License-Identifier: MIT */
/*
 * summary.c - a run's summary.json, report.md and report.html, from the
 * run's facts and what its steps left in WORK:
 *
 *   FACTS            a CSV (key,value) run.sh writes: the machine, the
 *                    options, the elapsed time, the failed steps
 *   WORK/headline.md the truth first, under the title (daxreport scenarios
 *                    headline)
 *   WORK/report.d/NN-*.md   the steps' sections of report.md, in name order
 *   WORK/json.d/NN-*.json   the steps' members of summary.json, in name order
 *   OUT/NAME.png       the plots; ratios.png goes under the headline
 *
 * The facts are one table (facts[] below): its key, how summary.json
 * writes it, and the line of report.md's machine table it appears on.
 * Every string goes through emit.c's json_string.
 */
#include "summary.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "emit.h"
#include "html.h"

struct run;
static const char *fact(const struct run *r, const char *key);

enum fact_kind { FK_STRING, FK_NUMBER, FK_BOOL, FK_LIST, FK_SECONDS };

/* In summary.json's order: "group.name" keys are members of "group". */
static const struct fact {
	const char	*key;
	enum fact_kind	kind;
} facts[] = {
	{ "schema_version", FK_NUMBER },	/* RESULTS_SCHEMA, suite/mainjob/lib.sh */
	{ "tool", FK_STRING },
	{ "complete", FK_BOOL },
	{ "failed_steps", FK_LIST },
	{ "elapsed_s", FK_SECONDS },
	{ "target", FK_STRING },
	{ "machine.host", FK_STRING },
	{ "machine.date", FK_STRING },
	{ "machine.git_rev", FK_STRING },
	{ "machine.kernel", FK_STRING },
	{ "machine.cpu_model", FK_STRING },
	{ "machine.cpu_flags", FK_STRING },
	{ "machine.isa", FK_STRING },
	{ "machine.flush", FK_STRING },
	{ "machine.kernels", FK_STRING },
	{ "options.quick", FK_BOOL },
	{ "options.size", FK_STRING },
	{ "options.runs", FK_NUMBER },
	{ "options.modes", FK_LIST },
	{ "options.scenarios", FK_LIST },
	{ "options.steps", FK_LIST },
};
#define NFACTS (int)(sizeof(facts) / sizeof(facts[0]))

struct run {
	char	*value[NFACTS];
	const char *out, *work, *name;
};

static const char *fact(const struct run *r, const char *key)
{
	for (int i = 0; i < NFACTS; i++)
		if (!strcmp(facts[i].key, key))
			return r->value[i] ? r->value[i] : "";
	return "";
}

static bool load_facts(struct run *r, const char *path)
{
	struct csv_reader c;

	if (!csv_open_said(&c, path, "daxreport")) {
		return false;
	}
	while (csv_next(&c)) {
		const char *k = csv_get(&c, "key"), *v = csv_get(&c, "value");
		int i;
		for (i = 0; i < NFACTS && strcmp(facts[i].key, k ? k : ""); i++)
			;
		if (i == NFACTS) {
			fprintf(stderr, "daxreport: %s:%ld: unknown fact '%s' (summary.c's facts[])\n",
				path, c.lineno, k ? k : "");
			csv_close(&c);
			return false;
		}
		free(r->value[i]);
		r->value[i] = strdup(v ? v : "");
	}
	csv_close(&c);
	/* derived when run.sh does not say */
	for (int i = 0; i < NFACTS; i++) {
		if (r->value[i])
			continue;
		if (!strcmp(facts[i].key, "tool"))
			r->value[i] = strdup("daxbench run.sh");
		else if (!strcmp(facts[i].key, "complete"))
			r->value[i] = strdup(*fact(r, "failed_steps") ? "false" : "true");
	}
	return true;
}

static bool is_true(const char *v)
{
	return !strcmp(v, "1") || !strcmp(v, "true");
}

static void json_list(FILE *o, const char *words)
{
	char *copy = strdup(words), *save, *w;
	const char *sep = "";

	fputc('[', o);
	for (w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		fputs(sep, o);
		json_string(o, w);
		sep = ", ";
	}
	fputc(']', o);
	free(copy);
}

static void json_fact(FILE *o, const struct fact *f, const char *v)
{
	char *end;

	switch (f->kind) {
	case FK_STRING:
		json_string(o, v);
		break;
	case FK_BOOL:
		fputs(is_true(v) ? "true" : "false", o);
		break;
	case FK_LIST:
		json_list(o, v);
		break;
	case FK_NUMBER:
	case FK_SECONDS:
		strtod(v, &end);
		if (!*v || *end)
			json_string(o, v);	/* not a number: kept, as text */
		else if (f->kind == FK_SECONDS)
			fprintf(o, "%.1f", strtod(v, NULL));
		else
			fputs(v, o);
		break;
	}
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcoll((*a)->d_name, (*b)->d_name);
}

/* The names in @dir ending in @suffix, sorted; n, or -1. */
static int names(const char *dir, const char *suffix, struct dirent ***list)
{
	struct dirent **all;
	int n = scandir(dir, &all, NULL, by_name), k = 0;
	size_t ls = strlen(suffix);

	if (n < 0)
		return errno == ENOENT ? 0 : -1;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(all[i]->d_name);
		if (all[i]->d_name[0] != '.' && l >= ls && !strcmp(all[i]->d_name + l - ls, suffix))
			all[k++] = all[i];
		else
			free(all[i]);
	}
	*list = all;
	return k;
}

static void free_names(struct dirent **list, int n)
{
	for (int i = 0; i < n; i++)
		free(list[i]);
	if (n >= 0)
		free(list);
}

static bool copy_file(FILE *o, const char *path)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(path, "r");

	if (!in)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, o);
	fclose(in);
	return true;
}

static bool exists_nonempty(const char *path)
{
	FILE *f = fopen(path, "r");
	int c = f ? fgetc(f) : EOF;

	if (f)
		fclose(f);
	return c != EOF;
}

static void write_json(const struct run *r, FILE *o)
{
	char path[4096];
	struct dirent **l = NULL;
	const char *group = NULL;
	int n;

	fputs("{\n", o);
	for (int i = 0; i < NFACTS; i++) {
		const char *dot = strchr(facts[i].key, '.');
		size_t gl = dot ? (size_t)(dot - facts[i].key) : 0;
		bool same = group && dot && !strncmp(group, facts[i].key, gl) && group[gl] == '.';
		if (group && !same)
			fputs("},\n", o);
		if (dot && !same)
			fprintf(o, "  \"%.*s\": {", (int)gl, facts[i].key);
		else if (same)
			fputs(", ", o);
		else
			fputs("  ", o);
		fprintf(o, "\"%s\": ", dot ? dot + 1 : facts[i].key);
		json_fact(o, &facts[i], fact(r, facts[i].key));
		if (!dot)
			fputs(",\n", o);
		group = dot ? facts[i].key : NULL;
	}
	if (group)
		fputs("},\n", o);
	/* the folder's files under their final names */
	fputs("  \"files\": [", o);
	n = names(r->out, "", &l);
	for (int i = 0, k = 0; i < n; i++) {
		char *name = l[i]->d_name;
		size_t len = strlen(name);
		if (!strcmp(name, "INCOMPLETE"))
			continue;
		if (len > 5 && !strcmp(name + len - 5, ".part"))
			name[len - 5] = '\0';
		fputs(k++ ? ", " : "", o);
		json_string(o, name);
	}
	free_names(l, n);
	fputs("],\n  \"steps\": {", o);
	snprintf(path, sizeof(path), "%s/json.d", r->work);
	n = names(path, ".json", &l);
	for (int i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", o);
		snprintf(path, sizeof(path), "%s/json.d/%s", r->work, l[i]->d_name);
		copy_file(o, path);
	}
	free_names(l, n);
	fputs("\n  }\n}\n", o);
}

static void write_md(const struct run *r, FILE *o)
{
	char path[4096];
	struct dirent **l = NULL;
	int n;

	fprintf(o, "# daxbench main job: %s\n\n", r->name);
	snprintf(path, sizeof(path), "%s/headline.md", r->work);
	copy_file(o, path);
	/* the number that carries the argument, under the headline: the
	 * DAX/no-DAX ratios, published against measured */
	snprintf(path, sizeof(path), "%s/ratios.png", r->out);
	if (exists_nonempty(path))
		fputs("![ratios](ratios.png)\n\n", o);
	fprintf(o, "| | |\n|---|---|\n| target | %s |\n| machine | %s, %s |\n| kernel | %s |\n",
		fact(r, "target"), fact(r, "machine.host"), fact(r, "machine.cpu_model"), fact(r, "machine.kernel"));
	fprintf(o, "| CPU flags | %s |\n| kernels chosen | isa %s, flush %s; %s |\n",
		fact(r, "machine.cpu_flags"), fact(r, "machine.isa"), fact(r, "machine.flush"), fact(r, "machine.kernels"));
	fprintf(o, "| git | %s |\n| date | %s |\n| options | size %s, %s run(s), modes %s, steps %s%s |\n",
		fact(r, "machine.git_rev"), fact(r, "machine.date"), fact(r, "options.size"),
		fact(r, "options.runs"), fact(r, "options.modes"), fact(r, "options.steps"),
		is_true(fact(r, "options.quick")) ? ", --quick" : "");
	fprintf(o, "| elapsed | %.1f s |\n", atof(fact(r, "elapsed_s")));
	if (*fact(r, "failed_steps"))
		fprintf(o, "| **failed steps** | %s |\n", fact(r, "failed_steps"));
	snprintf(path, sizeof(path), "%s/report.d", r->work);
	n = names(path, ".md", &l);
	for (int i = 0; i < n; i++) {
		fputc('\n', o);
		snprintf(path, sizeof(path), "%s/report.d/%s", r->work, l[i]->d_name);
		copy_file(o, path);
	}
	free_names(l, n);
	n = names(r->out, ".png", &l);
	if (n > 0) {
		fputs("\n## Plots\n\n", o);
		for (int i = 0; i < n; i++) {
			size_t len = strlen(l[i]->d_name);
			if (!strcmp(l[i]->d_name, "ratios.png"))	/* under the headline */
				continue;
			fprintf(o, "![%.*s](%s)\n\n", (int)(len - 4), l[i]->d_name, l[i]->d_name);
		}
	} else {
		fputs("\n## Plots\n\nNone were drawn in this run (see console.txt for why).\n", o);
	}
	free_names(l, n);
}

/* Writes @path from @write; a message and false when it cannot. */
static bool write_file(const char *path, void (*write)(const struct run *, FILE *), const struct run *r)
{
	FILE *o = fopen(path, "w");

	if (!o) {
		fprintf(stderr, "daxreport: %s: %s\n", path, strerror(errno));
		return false;
	}
	write(r, o);
	if (fclose(o)) {
		fprintf(stderr, "daxreport: %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

int write_summary(const char *facts_csv, const char *out, const char *work)
{
	struct run r = { .out = out, .work = work };
	char path[4096], title[512];
	const char *slash;
	bool ok;
	FILE *in, *o;

	slash = strrchr(out, '/');
	r.name = slash && slash[1] ? slash + 1 : out;
	if (!load_facts(&r, facts_csv))
		return 1;
	/* summary.json lists itself: it is in the folder once written */
	snprintf(path, sizeof(path), "%s/summary.json", out);
	o = fopen(path, "a");
	if (o)
		fclose(o);
	snprintf(path, sizeof(path), "%s/report.md", out);
	ok = write_file(path, write_md, &r);
	/* one self-contained page: the same report, the plots inlined */
	if (ok && (in = fopen(path, "r"))) {
		snprintf(path, sizeof(path), "%s/report.html", out);
		snprintf(title, sizeof(title), "daxbench: %s", r.name);
		if ((o = fopen(path, "w"))) {
			if (md_to_html(in, o, out, title) || fclose(o)) {
				fprintf(stderr, "daxreport: %s could not be written\n", path);
				ok = false;
			}
		} else {
			fprintf(stderr, "daxreport: %s: %s\n", path, strerror(errno));
			ok = false;
		}
		fclose(in);
	}
	snprintf(path, sizeof(path), "%s/summary.json", out);
	ok = write_file(path, write_json, &r) && ok;
	for (int i = 0; i < NFACTS; i++)
		free(r.value[i]);
	return ok ? 0 : 1;
}
