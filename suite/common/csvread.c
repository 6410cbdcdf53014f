// SPDX-License-Identifier: MIT
/* csvread.c - the CSV reader (contract: csvread.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* Splits @s in place into @out (at most @max fields); returns the count. */
static int split(char *s, char **out, int max)
{
	int n = 0;
	char *w = s;

	s[strcspn(s, "\r\n")] = '\0';
	while (n < max) {
		out[n++] = w;
		if (*s == '"') {
			s++;
			for (;;) {
				if (*s == '"' && s[1] == '"') {
					*w++ = '"';
					s += 2;
				} else if (*s == '"' || !*s) {
					s += *s == '"';
					break;
				} else {
					*w++ = *s++;
				}
			}
			while (*s && *s != ',')
				*w++ = *s++;	/* after the quote: kept as it is */
		} else {
			while (*s && *s != ',')
				*w++ = *s++;
		}
		bool more = *s == ',';

		*w = '\0';
		if (!more)
			break;
		w = ++s;
	}
	return n;
}

bool csv_open(struct csv_reader *r, const char *path, char *err, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->f = fopen(path, "r");
	if (!r->f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return false;
	}
	if (getline(&r->line, &r->cap, r->f) < 0) {
		snprintf(err, len, "%s: empty (no header line)", path);
		csv_close(r);
		return false;
	}
	r->lineno = 1;
	char *tmp[CSV_MAX_FIELDS];

	r->nhead = split(r->line, tmp, CSV_MAX_FIELDS);
	for (int i = 0; i < r->nhead; i++)
		r->head[i] = strdup(tmp[i]);
	return true;
}

bool csv_next(struct csv_reader *r)
{
	do {	/* blank lines are skipped */
		if (getline(&r->line, &r->cap, r->f) < 0)
			return false;
		r->lineno++;
	} while (r->line[strspn(r->line, "\r\n")] == '\0');
	r->nfield = split(r->line, r->field, CSV_MAX_FIELDS);
	return true;
}

const char *csv_get(const struct csv_reader *r, const char *name)
{
	for (int i = 0; i < r->nhead; i++)
		if (!strcmp(r->head[i], name))
			return i < r->nfield ? r->field[i] : "";
	return NULL;
}

void csv_close(struct csv_reader *r)
{
	if (r->f)
		fclose(r->f);
	for (int i = 0; i < r->nhead; i++)
		free(r->head[i]);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

const char *csv_str(const struct csv_reader *r, const char *name)
{
	const char *v = csv_get(r, name);

	return v ? v : "";
}

bool csv_open_said(struct csv_reader *r, const char *path, const char *who)
{
	char err[512];

	if (csv_open(r, path, err, sizeof(err)))
		return true;
	fprintf(stderr, "%s: %s\n", who, err);
	return false;
}
