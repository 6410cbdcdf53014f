// SPDX-License-Identifier: MIT
/* refopts.c - the reference's option table (contract: refopts.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "daxref_hooks.h"
#include "refopts.h"
#include "xfsfmt.h"

static void list_zeroing(FILE *out, const char *sep)
{
	fprintf(out, "%s%s%s", dx_zeroing_name(DX_ZERO_ON_ALLOC), sep,
		dx_zeroing_name(DX_ZERO_UNWRITTEN));
}

/* "auto": the probe's choice, as no option (ref/cpu.c) */
static void list_isa(FILE *out, const char *sep)
{
	for (int i = DX_ISA_COUNT - 1; i >= 0; i--)
		fprintf(out, "%s%s", dx_isa_name((enum dx_isa)i), sep);
	fputs("auto", out);
}

static void list_flush(FILE *out, const char *sep)
{
	for (int i = DX_FLUSH_COUNT - 1; i >= 0; i--)
		fprintf(out, "%s%s", dx_flush_name((enum dx_flush)i), sep);
	fputs("auto", out);
}

#define F(field) offsetof(struct dx_opts, field)

/* The table.  Order: how --help lists them. */
static const struct refopt table[] = {
	{ "ref", "MODE", RO_NAME, F(mode), 0, "movnt",
	  "copy mode (ref/modes.def; daxio --list-modes)", dx_mode_list },
	{ "zeroing", "POLICY", RO_ZEROING, F(zeroing), 0, "zero-on-alloc",
	  "how new blocks are made safe to expose", list_zeroing },
	{ "region-size", "SIZE", RO_SIZE, F(region_size), 0, NULL,
	  "size of the pmem region (xfs_io size suffixes)", NULL },
	{ "image", "PATH", RO_BACKING, F(path), DX_BACK_IMAGE, NULL,
	  "keep the region in a regular file between runs", NULL },
	{ "pmem", "PATH", RO_BACKING, F(path), DX_BACK_PMEM, NULL,
	  "a devdax device or a file on a DAX mount (MAP_SYNC)", NULL },
	{ "hugetlb", NULL, RO_BACKING, F(path), DX_BACK_HUGETLB, NULL,
	  "back the region with 2 MiB huge pages", NULL },
	{ "mkfs", NULL, RO_FLAG, F(mkfs), true, NULL,
	  "format PATH even if it holds something else", NULL },
	{ "track", NULL, RO_FLAG, F(track), true, NULL,
	  "the persistence model (needed by crash)", NULL },
	{ "profile", "NAME", RO_NAME, F(profile), 0, "fixed",
	  "semantics profile (daxrace --list-profiles)", dx_profile_names },
	{ "isa", "NAME", RO_NAME, F(isa), 0, "auto: the probe's",
	  "copy kernels' instruction set (precedence: option >\n"
	  "DAXBENCH_ISA > probe)", list_isa },
	{ "flush", "NAME", RO_NAME, F(flush), 0, "auto: the probe's",
	  "cache-line flush instruction (option > DAXBENCH_FLUSH >\n"
	  "probe)", list_flush },
	{ "copy", "KIND=KERNEL,...", RO_TEXT, F(copy), 0, "the fastest here",
	  "the copy kernel of a kind (nt, cached+flush, cached) by its\n"
	  "daxcopy --list name; measured once per CPU (DAXBENCH_COPY,\n"
	  "DAXBENCH_CALIBRATE=off|again; --describe says which)", NULL },
	{ "prefill", "PATTERN", RO_NAME, F(prefill), 0, "none",
	  "at format, fill the data blocks as used media", dx_prefill_list },
	{ "prefault", NULL, RO_FLAG, F(prefault), true, NULL,
	  "populate the region at mount (untimed set-up, as real pmem\n"
	  "has no page faults); run.sh always passes it", NULL },
	{ "no-prefault", NULL, RO_FLAG, F(prefault), false, NULL,
	  "do not (the default: host page faults land in the first writes)",
	  NULL },
	{ "repair", NULL, RO_FLAG, F(repair), true, NULL,
	  "if the journal holds a transaction that does not fit the\n"
	  "metadata, keep everything before it, drop it and what follows\n"
	  "(each named on stderr), and go on", NULL },
};
#define NOPTS (int)(sizeof(table) / sizeof(table[0]))

int refopts_count(void)
{
	return NOPTS;
}

const struct refopt *refopts_at(int i)
{
	return i >= 0 && i < NOPTS ? &table[i] : NULL;
}

void refopts_init(struct refopts *r)
{
	memset(r, 0, sizeof(*r));
	dx_opts_init(&r->o);
}

static bool wanted(const char *only, const char *name)
{
	size_t n = strlen(name);

	if (!only)
		return true;
	for (const char *p = only; (p = strstr(p, name)); p += n)
		if ((p == only || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

int refopts_longopts(struct option *out, int max, const char *only,
		     int base)
{
	int k = 0;

	for (int i = 0; i < NOPTS && k < max; i++)
		if (wanted(only, table[i].name))
			out[k++] = (struct option){ table[i].name,
				table[i].arg ? required_argument : no_argument,
				NULL, base + i };
	return k;
}

/* list()'s names joined by @sep, malloc'ed ("" when there is no list). */
static char *names_of(const struct refopt *t, const char *sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	if (t->list)
		t->list(m, sep);
	fclose(m);
	return buf;
}

const struct option *refopts_getopt(const struct option *own, int nown,
				    const char *only, int base)
{
	struct option *all = calloc((size_t)(nown + NOPTS + 1), sizeof(*all));

	if (all) {
		memcpy(all, own, (size_t)nown * sizeof(*own));
		refopts_longopts(all + nown, NOPTS, only, base);
	}
	return all;
}

static bool in_list(const struct refopt *t, const char *v)
{
	char *names = names_of(t, "\n");
	bool found = false;

	for (char *s = names ? strtok(names, "\n") : NULL; s && !found;
	     s = strtok(NULL, "\n"))
		found = !strcmp(s, v);
	free(names);
	return found;
}

static int bad(const struct refopt *t, const char *arg, const char *why,
	       char *err, size_t len)
{
	char *valid = names_of(t, ", ");

	snprintf(err, len, "--%s '%s': %s%s%s%s", t->name, arg, why,
		 valid && valid[0] ? " (valid: " : "", valid ? valid : "",
		 valid && valid[0] ? ")" : "");
	free(valid);
	return -EINVAL;
}

int refopts_set(struct refopts *r, int i, const char *arg, char *err,
		size_t len)
{
	const struct refopt *t = refopts_at(i);
	char *field;
	long long size;

	if (!t)
		return -EINVAL;
	field = (char *)&r->o + t->off;
	switch (t->type) {
	case RO_NAME:
		if (t->list && !in_list(t, arg))
			return bad(t, arg, "unknown name", err, len);
		*(const char **)field = arg;
		break;
	case RO_TEXT:
		*(const char **)field = arg;
		break;
	case RO_FLAG:
		*(bool *)field = t->value;
		break;
	case RO_SIZE:
		if (xfs_cvtnum(arg, 4096, 512, &size) || size <= 0)
			return bad(t, arg, "not a size", err, len);
		*(uint64_t *)field = (uint64_t)size;
		break;
	case RO_ZEROING:
		if (dx_zeroing_parse(arg, (enum dx_zeroing *)field) < 0)
			return bad(t, arg, "unknown policy", err, len);
		break;
	case RO_BACKING:
		if (r->backing && strcmp(r->backing, t->name)) {
			snprintf(err, len, "--%s and --%s: give one region "
				 "backing, not two", r->backing, t->name);
			return -EINVAL;
		}
		r->backing = t->name;
		r->o.backing = (enum dx_backing)t->value;
		*(const char **)field = arg;
		break;
	}
	if (!r->first && strcmp(t->name, "ref"))
		r->first = t->name;
	return 0;
}

void refopts_help(FILE *out, const char *only)
{
	for (int i = 0; i < NOPTS; i++) {
		const struct refopt *t = &table[i];
		const char *h = t->help;
		char head[64], *valid;
		bool list;

		if (!wanted(only, t->name))
			continue;
		snprintf(head, sizeof(head), "--%s%s%s", t->name,
			 t->arg ? " " : "", t->arg ? t->arg : "");
		fprintf(out, "  %-20s", head);
		if (strlen(head) > 20)
			fprintf(out, "\n  %-20s", "");
		for (;;) {	/* the help, line by line */
			size_t n = strcspn(h, "\n");

			fprintf(out, " %.*s", (int)n, h);
			if (!h[n])
				break;
			fprintf(out, "\n  %-20s", "");
			h += n + 1;
		}
		/* the valid names where they fit on a line (a long list,
		 * like the profiles', has its own --list option) */
		valid = names_of(t, ", ");
		list = valid && valid[0] && strlen(valid) <= 56;
		if (list || t->deflt)
			fprintf(out, "\n  %-20s ", "");
		if (list)
			fprintf(out, "%s", valid);
		if (t->deflt)
			fprintf(out, "%s(default %s)", list ? " " : "", t->deflt);
		fputc('\n', out);
		free(valid);
	}
}
