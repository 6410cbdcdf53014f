// SPDX-License-Identifier: MIT
/* spread.c - median, min, max and CV (contract: spread.h). */
#include <math.h>
#include <stdlib.h>

#include "spread.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void spread_of(const double *v, int n, int stride, struct spread *s)
{
	double *t = malloc((size_t)(n > 0 ? n : 1) * sizeof(*t));
	double sum = 0, sq = 0, mean;

	*s = (struct spread){ .n = n };
	if (!t || n < 1) {
		free(t);
		return;
	}
	for (int i = 0; i < n; i++) {
		t[i] = v[(long)i * stride];
		sum += t[i];
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	s->min = t[0];
	s->max = t[n - 1];
	s->median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	mean = sum / n;
	for (int i = 0; i < n; i++)
		sq += (t[i] - mean) * (t[i] - mean);
	if (n > 1 && mean != 0)
		s->cv = sqrt(sq / (n - 1)) / fabs(mean);
	free(t);
}
