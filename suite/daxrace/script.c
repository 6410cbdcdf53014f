// SPDX-License-Identifier: MIT
/* script.c - the race-script parser (format in script.h). */
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xfsfmt.h"

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);

	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static bool fail(char *err, size_t errlen, const char *path, int line,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static bool fail(char *err, size_t errlen, const char *path, int line,
		 const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s:%d: ", path, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

/* Splits @s in place on whitespace; returns the count or -1 if too many. */
static int split(char *s, char **argv)
{
	int argc = 0;

	for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == MAX_ARGS)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}

/* "# Key: value" header comments. */
static void header(struct script *s, char *c)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "source:", offsetof(struct script, source) },
		{ "expected result:", offsetof(struct script, expected) },
		{ "buggy result:", offsetof(struct script, buggy) },
		{ "profile:", offsetof(struct script, profiles) },
		{ "needs:", offsetof(struct script, needs) },
		{ "kind:", offsetof(struct script, kind) },
		{ "kernel:", offsetof(struct script, kernel) },
	};

	c = trim(c + 1);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t n = strlen(keys[i].key);

		if (strncasecmp(c, keys[i].key, n))
			continue;
		char **slot = (char **)((char *)s + keys[i].off);

		if (!*slot)
			*slot = strdup(trim(c + n));
		return;
	}
}

static bool is_column_header(char *line, struct script *s)
{
	char buf[512], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *cell = strtok_r(buf, "|", &save); cell;
	     cell = strtok_r(NULL, "|", &save)) {
		char *t = trim(cell);

		if (t[0] != 'P' || !isdigit((unsigned char)t[1]) || t[2])
			return false;
		if (t[1] - '0' != n || n == MAX_THREADS)
			return false;
		n++;
	}
	if (n == 0)
		return false;
	s->nthreads = n;
	for (int i = 0; i < n; i++) {
		char name[4] = { 'P', (char)('0' + i), 0, 0 };

		s->thread_names[i] = strdup(name);
	}
	return true;
}

/* @cell lies inside @buf, a copy of the line the step keeps (argv points
 * into it) and frees with the script. */
static bool add_step(struct script *s, int line, int thread, char *cell,
		     char *buf, char *err, size_t errlen)
{
	struct step st = { .line = line, .thread = thread };

	st.text = strdup(cell);
	st.words = buf;
	st.argc = split(cell, st.argv);
	if (st.argc < 0) {
		free(st.text);
		return fail(err, errlen, s->path, line, "too many words (at "
			    "most %d)", MAX_ARGS);
	}
	if (st.argc && !strcmp(st.argv[st.argc - 1], "&")) {
		st.async = true;
		st.argc--;
	}
	if (st.argc >= 2 && !strcmp(st.argv[st.argc - 2], "until")) {
		char *hash, *end;

		st.until = st.argv[st.argc - 1];
		st.until_n = 1;
		st.argc -= 2;
		if ((hash = strchr(st.until, '#'))) {
			unsigned long n = strtoul(hash + 1, &end, 10);

			if (*end || end == hash + 1 || !n || n > 1000) {
				free(st.text);
				return fail(err, errlen, s->path, line, "bad "
					    "occurrence in 'until %s' (POINT#N, N "
					    "from 1)", st.until);
			}
			*hash = 0;
			st.until_n = (unsigned)n;
		}
	}
	if (st.argc == 0) {
		free(st.text);
		return fail(err, errlen, s->path, line, "a step needs a "
			    "command before 'until' or '&'");
	}
	if (st.until && st.async) {
		free(st.text);
		return fail(err, errlen, s->path, line, "'until' and '&' "
			    "cannot be combined");
	}
	s->steps = realloc(s->steps, (size_t)(s->nsteps + 1) * sizeof(st));
	s->steps[s->nsteps++] = st;
	return true;
}

static bool diagram_line(struct script *s, int line, char *l, char *err,
			 size_t errlen)
{
	char *cells[MAX_THREADS + 1];
	int n = 0, found = -1;
	char *p = l;

	/* Split on '|' by hand: strtok would merge empty cells. */
	cells[n++] = p;
	for (; *p; p++) {
		if (*p != '|')
			continue;
		*p = 0;
		if (n == MAX_THREADS + 1)
			return fail(err, errlen, s->path, line, "more columns "
				    "than the header's %d", s->nthreads);
		cells[n++] = p + 1;
	}
	if (n > s->nthreads)
		return fail(err, errlen, s->path, line, "%d columns, but the "
			    "header names %d threads", n, s->nthreads);
	for (int i = 0; i < n; i++) {
		char *hash = strchr(cells[i], '#');

		if (hash)
			*hash = 0;
		cells[i] = trim(cells[i]);
		if (!*cells[i])
			continue;
		if (found >= 0)
			return fail(err, errlen, s->path, line, "steps for %s "
				    "and %s on one line: one thread per line",
				    s->thread_names[found],
				    s->thread_names[i]);
		found = i;
	}
	if (found < 0)
		return true;
	return add_step(s, line, found, cells[found], l, err, errlen);
}

static bool setup_line(struct script *s, int line, char *l, char *err,
		       size_t errlen)
{
	struct setup_line sl = { .line = line };
	char *hash = strchr(l, '#');

	if (hash)
		*hash = 0;
	sl.argc = split(l, sl.argv);
	if (sl.argc <= 0)
		return sl.argc == 0 ? true :
			fail(err, errlen, s->path, line, "too many words");
	if (!strcmp(sl.argv[0], "mode") || !strcmp(sl.argv[0], "zeroing") ||
	    !strcmp(sl.argv[0], "region") || !strcmp(sl.argv[0], "prefill")) {
		if (sl.argc != 2)
			return fail(err, errlen, s->path, line, "'%s' takes one "
				    "value", sl.argv[0]);
		if (!strcmp(sl.argv[0], "mode")) {
			free(s->mode);		/* the last one counts */
			s->mode = strdup(sl.argv[1]);
		} else if (!strcmp(sl.argv[0], "zeroing")) {
			free(s->zeroing);
			s->zeroing = strdup(sl.argv[1]);
		} else if (!strcmp(sl.argv[0], "prefill")) {
			free(s->prefill);
			s->prefill = strdup(sl.argv[1]);
		} else {
			long long v;

			if (xfs_cvtnum(sl.argv[1], 4096, 512, &v) || v <= 0)
				return fail(err, errlen, s->path, line, "bad "
					    "region size -- %s", sl.argv[1]);
			s->region = (unsigned long long)v;
		}
		return true;
	}
	/* Keep the words: the line buffer is reused. */
	for (int i = 0; i < sl.argc; i++)
		sl.argv[i] = strdup(sl.argv[i]);
	s->setup = realloc(s->setup, (size_t)(s->nsetup + 1) * sizeof(sl));
	s->setup[s->nsetup++] = sl;
	return true;
}

struct script *script_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct script *s;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	s = script_parse(f, path, err, errlen);
	fclose(f);
	return s;
}

struct script *script_parse(FILE *f, const char *path, char *err,
			    size_t errlen)
{
	struct script *s;
	char *buf = NULL;
	size_t cap = 0;
	int line = 0;
	bool ok = true;

	s = calloc(1, sizeof(*s));
	s->path = strdup(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	s->name = strdup(base);
	char *dot = strrchr(s->name, '.');

	if (dot && !strcmp(dot, ".race"))
		*dot = 0;
	while (ok && getline(&buf, &cap, f) >= 0) {
		line++;
		buf[strcspn(buf, "\n")] = 0;
		if (strlen(buf) > 4096) {
			ok = fail(err, errlen, path, line, "a line longer than "
				  "4096 bytes");
			break;
		}
		char *l = trim(buf);

		if (!*l)
			continue;
		if (*l == '#') {
			header(s, l);
			continue;
		}
		if (!s->nthreads) {
			if (!is_column_header(l, s))
				ok = setup_line(s, line, l, err, errlen);
			continue;
		}
		/* Steps keep pointers into their own copy of the cell. */
		char *copy = strdup(l);

		int before = s->nsteps;

		ok = diagram_line(s, line, copy, err, errlen);
		if (s->nsteps == before)
			free(copy);	/* no step took it */
	}
	free(buf);
	if (ok && !s->source)
		ok = fail(err, errlen, path, 1, "missing '# Source:' (the "
			  "message the race comes from)");
	else if (ok && !s->expected)
		ok = fail(err, errlen, path, 1, "missing '# Expected result:'");
	else if (ok && !s->buggy)
		ok = fail(err, errlen, path, 1, "missing '# Buggy result:'");
	else if (ok && !s->profiles)
		ok = fail(err, errlen, path, 1, "missing '# Profile:' (the "
			  "profile that must fail this check)");
	else if (ok && !s->nthreads)
		ok = fail(err, errlen, path, line, "no column header (a line "
			  "like 'P0 | P1') before the steps");
	else if (ok && !s->nsteps)
		ok = fail(err, errlen, path, line, "no steps");
	if (!ok) {
		script_free(s);
		return NULL;
	}
	return s;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nsetup; i++)
		for (int a = 0; a < s->setup[i].argc; a++)
			free(s->setup[i].argv[a]);
	free(s->setup);
	for (int i = 0; i < s->nsteps; i++) {
		free(s->steps[i].text);
		free(s->steps[i].words);
	}
	free(s->steps);
	for (int i = 0; i < s->nthreads; i++)
		free(s->thread_names[i]);
	free(s->path);
	free(s->name);
	free(s->source);
	free(s->expected);
	free(s->buggy);
	free(s->profiles);
	free(s->needs);
	free(s->kernel);
	free(s->kind);
	free(s->mode);
	free(s->zeroing);
	free(s->prefill);
	free(s);
}
