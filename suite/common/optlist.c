// SPDX-License-Identifier: MIT
/* optlist.c - option values with named errors (see optlist.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optlist.h"
#include "xfsfmt.h"

int opt_bad(const char *tool, const char *opt, const char *val,
	    const char *why)
{
	fprintf(stderr, "%s: %s: '%s': %s\n", tool, opt, val, why);
	return -EINVAL;
}

int opt_size(const char *tool, const char *opt, const char *s,
	     long long max, long long *out)
{
	char why[64];

	if (xfs_cvtnum(s, 4096, 512, out) || *out < 1)
		return opt_bad(tool, opt, s, "not a size (xfs_io syntax: "
			       "64, 4k, 16m)");
	if (*out > max) {
		snprintf(why, sizeof(why), "out of range (at most %lld bytes)",
			 max);
		return opt_bad(tool, opt, s, why);
	}
	return 0;
}

int opt_num(const char *tool, const char *opt, const char *s, long long lo,
	    long long hi, long long *out)
{
	char *end, why[64];

	errno = 0;
	*out = strtoll(s, &end, 10);
	if (!*s || *end)
		return opt_bad(tool, opt, s, "not a whole number");
	if (errno || *out < lo || *out > hi) {
		snprintf(why, sizeof(why), "out of range (%lld..%lld)", lo, hi);
		return opt_bad(tool, opt, s, why);
	}
	return 0;
}

int opt_list(const char *tool, const char *opt, const char *s, int max,
	     int (*each)(const char *item, int i, void *ctx), void *ctx,
	     int *count)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int n = 0, rc = 0;

	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n >= max)
			rc = opt_bad(tool, opt, s, "too many items");
		else
			rc = each(tok, n++, ctx);
	}
	if (!rc && !n)
		rc = opt_bad(tool, opt, s, "empty list");
	free(copy);
	if (!rc)
		*count = n;
	return rc;
}
