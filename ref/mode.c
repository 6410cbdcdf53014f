// SPDX-License-Identifier: MIT
/* mode.c - the copy-mode table (see mode.h and ref/README.md). */
#include "mode.h"

#include <string.h>
#include "daxref.h"

static const struct dx_mode modes[] = {
#define DX_MODE(n, d, wc, td, w, f, a, r) \
	{ .name = #n, .dax = d, .write_copy = wc, .tag_dirty = td, \
	  .write_does = w, .fsync_does = f, .argued_by = a, .role = r },
#include "modes.def"
#undef DX_MODE
};
#define NMODES (int)(sizeof(modes) / sizeof(modes[0]))

const struct dx_mode *dx_mode_find(const char *name)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(modes[i].name, name))
			return &modes[i];
	return NULL;
}

bool dx_mode_valid(const char *name)
{
	return name && dx_mode_find(name);
}

void dx_mode_list(FILE *out, const char *sep)
{
	const char *s = "";

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		fprintf(out, "%s%s", s, modes[i].name);
		s = sep;
	}
}

int dx_mode_count(void)
{
	return NMODES;
}

const char *dx_mode_at(int i, bool *dax)
{
	if (i < 0 || i >= NMODES)
		return NULL;
	if (dax)
		*dax = modes[i].dax;
	return modes[i].name;
}

const char *dx_mode_with_role(enum dx_mode_role role)
{
	for (int i = 0; i < NMODES; i++)
		if (modes[i].role == role)
			return modes[i].name;
	return NULL;
}

void dx_mode_describe(FILE *out)
{
	for (int i = 0; i < NMODES; i++)
		fprintf(out, "%s\t%s\t%s\t%s\t%s\n", modes[i].name,
			modes[i].dax ? "dax" : "nodax", modes[i].write_does,
			modes[i].fsync_does, modes[i].argued_by);
}
