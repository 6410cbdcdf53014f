// SPDX-License-Identifier: MIT
/* race.c - race point names. */
#include "race.h"

#include <string.h>
#include "daxref_hooks.h"

const struct dx_race_ops *dx_race_engine;
void *dx_race_arg;

static const char *const names[] = {
#define X(id, name) name,
	DX_RACE_POINTS(X)
#undef X
};

int dx_race_npoints(void) { return RP_COUNT; }

int dx_race_point_id(const char *name)
{
	for (int i = 0; name && i < RP_COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

const char *dx_race_point_at(int id)
{
	return id >= 0 && id < RP_COUNT ? names[id] : NULL;
}

void dx_race_attach(const struct dx_race_ops *ops, void *arg)
{
	dx_race_arg = arg;
	__atomic_store_n(&dx_race_engine, ops, __ATOMIC_RELEASE);
}

void race_hit_slow(enum dx_race_point rp)
{
	const struct dx_race_ops *e = dx_race_engine;

	if (e && e->point)
		e->point(dx_race_arg, names[rp]);
}

bool race_wait_slow(const char *what, const void *obj,
		    bool (*retry)(const void *obj))
{
	const struct dx_race_ops *e = dx_race_engine;

	if (e && e->wait)
		return e->wait(dx_race_arg, what, obj, retry);
	return retry(obj);
}

void race_block_slow(const char *what, const void *obj)
{
	const struct dx_race_ops *e = dx_race_engine;

	if (e && e->block)
		e->block(dx_race_arg, what, obj);
}

void race_wake_slow(const void *obj)
{
	const struct dx_race_ops *e = dx_race_engine;

	if (e && e->wake)
		e->wake(dx_race_arg, obj);
}

void race_unblock_slow(void)
{
	const struct dx_race_ops *e = dx_race_engine;

	if (e && e->unblock)
		e->unblock(dx_race_arg);
}

void dx_race_points(FILE *out, const char *sep)
{
	for (int i = 0; i < RP_COUNT; i++)
		fprintf(out, "%s%s", i ? sep : "", names[i]);
}

bool dx_race_point_valid(const char *name)
{
	return dx_race_point_id(name) >= 0;
}
