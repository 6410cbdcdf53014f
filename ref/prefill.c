// SPDX-License-Identifier: MIT
/*
 * prefill.c - media that held data: at format, every data block of the
 * region gets a pattern, as used pmem would hold old data.  Zeroing a new
 * block then costs what it costs on such media (NT stores over data are
 * far slower than over zeros on this machine class), and a block that is
 * exposed without zeroing shows the pattern (the old data of some file).
 *
 * One table of patterns; dx_prefill_list() prints it for messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "prefill.h"

struct pattern {
	const char	*name;
	const char	*what;
};

static const struct pattern patterns[] = {
	{ "none",	"leave the region as it is (a new memfd reads zeros)" },
	{ "old",	"0xee in every byte: recognisable old data" },
	{ "random",	"a seeded pseudo-random stream (incompressible)" },
	{ "ones",	"0xff in every byte" },
};
#define NPATTERNS (sizeof(patterns) / sizeof(patterns[0]))

bool dx_prefill_valid(const char *name)
{
	for (size_t i = 0; name && i < NPATTERNS; i++)
		if (!strcmp(patterns[i].name, name))
			return true;
	return false;
}

void dx_prefill_list(FILE *out, const char *sep)
{
	for (size_t i = 0; i < NPATTERNS; i++)
		fprintf(out, "%s%s", i ? sep : "", patterns[i].name);
}

static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int prefill_region(void *base, uint64_t from, uint64_t to, const char *name)
{
	uint8_t *p = (uint8_t *)base + from;
	uint64_t n = to - from;

	if (!name || !strcmp(name, "none"))
		return 0;
	if (!strcmp(name, "old") || !strcmp(name, "ones")) {
		memset(p, name[0] == 'o' && name[1] == 'l' ? 0xee : 0xff, n);
		return 0;
	}
	if (!strcmp(name, "random")) {
		uint64_t s = 0x5eed;

		for (uint64_t i = 0; i + 8 <= n; i += 8) {
			uint64_t v = mix(&s);

			memcpy(p + i, &v, 8);
		}
		return 0;
	}
	return -EINVAL;
}
