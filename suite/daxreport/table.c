/* SPDX-License-Identifier: MIT */
#include "table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "spread.h"

static struct figure *find(const struct figure_table *t, const char *key)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->f[i].key, key))
			return &t->f[i];
	return NULL;
}

static struct figure *slot(struct figure_table *t, const char *key)
{
	struct figure *f = find(t, key);

	if (!f) {
		if (t->n == t->cap) {
			int cap = t->cap ? 2 * t->cap : 256;
			struct figure *nf = realloc(t->f, cap * sizeof(*nf));
			if (!nf) {
				perror("daxreport");
				exit(1);
			}
			t->f = nf;
			t->cap = cap;
		}
		f = &t->f[t->n++];
		snprintf(f->key, sizeof(f->key), "%s", key);
	}
	return f;
}


#define KEY_OF(key, fmt) do {			\
		va_list ap;				\
		va_start(ap, fmt);			\
		vsnprintf(key, sizeof(key), fmt, ap);	\
		va_end(ap);				\
	} while (0)

void ft_set(struct figure_table *t, double v, const char *fmt, ...)
{
	char key[128];
	struct figure *f;

	KEY_OF(key, fmt);
	f = slot(t, key);
	f->v = v;
	snprintf(f->raw, sizeof(f->raw), "%s", have(v) ? awknum(v) : "");
}

void ft_set_raw(struct figure_table *t, const char *raw, const char *fmt, ...)
{
	char key[128];
	struct figure *f;

	KEY_OF(key, fmt);
	f = slot(t, key);
	f->v = figure_of(raw);
	snprintf(f->raw, sizeof(f->raw), "%s", raw ? raw : "");
}

const char *ft_raw(const struct figure_table *t, const char *fmt, ...)
{
	char key[128];
	struct figure *f;

	KEY_OF(key, fmt);
	f = find(t, key);
	return f ? f->raw : "";
}

double ft_get(const struct figure_table *t, const char *fmt, ...)
{
	char key[128];
	struct figure *f;

	KEY_OF(key, fmt);
	f = find(t, key);
	return f ? f->v : FIGURE_MISSING;
}

void ft_free(struct figure_table *t)
{
	free(t->f);
	t->f = NULL;
	t->n = t->cap = 0;
}

void ft_push(struct figure_table *t, const char *list, const char *raw)
{
	double n = ft_get(t, "%s|n", list);
	int k = have(n) ? (int)n : 0;

	ft_set_raw(t, raw, "%s|%d", list, k);
	ft_set(t, k + 1, "%s|n", list);
}

double ft_median(const struct figure_table *t, const char *list, int *count)
{
	double n = ft_get(t, "%s|n", list), a[FT_MAX_LIST];
	struct spread s;
	int k = 0, c = have(n) ? (int)n : 0;

	if (count)
		*count = c;
	for (int i = 0; i < c && k < FT_MAX_LIST; i++) {
		double x = ft_get(t, "%s|%d", list, i);
		if (have(x))
			a[k++] = x;
	}
	if (!k)
		return FIGURE_MISSING;
	spread_of(a, k, 1, &s);
	return s.median;
}
