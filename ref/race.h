/* SPDX-License-Identifier: MIT */
/*
 * race.h - named race points.  The race engine (suite/daxrace) attaches a
 * hook; at each point the calling thread may be parked and resumed in a
 * scripted order, which turns every race in the threads into a
 * deterministic schedule.  Without a hook a point costs one branch.
 *
 * A point is passed with the locks noted beside it held; a script that
 * parks a thread there can deadlock other threads on those locks, which
 * the engine's watchdog reports.
 */
#ifndef DAXREF_RACE_H
#define DAXREF_RACE_H

#include <stdbool.h>
#include <stddef.h>

#define DX_RACE_POINTS(X)						\
	X(FAULT_START,		"fault:start")		/* mm_lock r */	\
	X(FAULT_AFTER_GRAB,	"fault:after_grab_entry") /* + invalidate r, entry */ \
	X(FAULT_AFTER_GET_BLOCK, "fault:after_get_block") /* same */	\
	X(MKWRITE_BEFORE_ENTRY,	"mkwrite:before_entry")	/* mm_lock r */	\
	X(WRITE_AFTER_ALLOC,	"write:after_alloc")	/* i_rwsem w */	\
	X(WRITE_AFTER_INVALIDATE, "write:after_invalidate") /* i_rwsem w */ \
	X(WRITE_AFTER_COPY,	"write:after_copy")	/* i_rwsem w */	\
	X(TRUNCATE_BEFORE_UNMAP, "truncate:before_unmap") /* i_rwsem w, invalidate w */ \
	X(TRUNCATE_WAIT_PIN,	"truncate:wait_pin")	/* i_rwsem w */	\
	X(TRUNCATE_BEFORE_FREE,	"truncate:before_free")	/* i_rwsem w, invalidate w */ \
	X(WRITEBACK_BEFORE_FLUSH, "writeback:before_flush") /* entry */ \
	X(MEMFAIL_AFTER_LOOKUP,	"memfail:after_lookup")	/* none */

enum dx_race_point {
#define X(id, name) RP_##id,
	DX_RACE_POINTS(X)
#undef X
	RP_COUNT
};

const char *dx_race_point_name(enum dx_race_point rp);
/* -1 if @name is not a race point. */
int dx_race_point_parse(const char *name);

struct dx_race_ops;
extern const struct dx_race_ops *dx_race_engine;
extern void *dx_race_arg;

void race_hit_slow(enum dx_race_point rp);
bool race_wait_slow(const char *what, const void *obj,
		    bool (*retry)(const void *obj));
void race_block_slow(const char *what, const void *obj);
void race_unblock_slow(void);
void race_wake_slow(const void *obj);

/* A race point: the engine may park the calling thread here. */
static inline void RACE(enum dx_race_point rp)
{
	if (__builtin_expect(dx_race_engine != NULL, 0))
		race_hit_slow(rp);
}

static inline bool race_engine(void)
{
	return __builtin_expect(dx_race_engine != NULL, 0);
}

#endif
