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

/*
 * Every point, with the locks held when a thread passes it.  Fault points
 * name the fault size: "pte" (a 4 KiB fault: DAX PTE, or a page-cache
 * page) or "pmd" (a 2 MiB DAX fault), so a schedule can park one and not
 * the other.  The explorer (suite/daxrace) treats each point as a place
 * where the running thread may be preempted.
 */
#define DX_RACE_POINTS(X)						\
	X(FAULT_START,		"fault:start")		/* mm_lock r */	\
	X(PTE_AFTER_GRAB,	"fault:pte:after_grab_entry") /* + invalidate r, entry */ \
	X(PTE_AFTER_GET_BLOCK,	"fault:pte:after_get_block") /* same */ \
	X(PMD_AFTER_GRAB,	"fault:pmd:after_grab_entry") /* + invalidate r, PMD entry */ \
	X(PMD_AFTER_GET_BLOCK,	"fault:pmd:after_get_block") /* same */ \
	X(PMD_AFTER_ZAP,	"fault:pmd:after_zap")	/* same; 4 KiB zero pages gone, PMD not in */ \
	X(MKWRITE_BEFORE_ENTRY,	"mkwrite:before_entry")	/* mm_lock r */	\
	X(WRITE_AFTER_ALLOC,	"write:after_alloc")	/* i_rwsem w */	\
	X(WRITE_AFTER_INVALIDATE, "write:after_invalidate") /* i_rwsem w */ \
	X(WRITE_AFTER_COPY,	"write:after_copy")	/* i_rwsem w */	\
	X(INVALIDATE_AFTER_REMOVE, "invalidate:after_remove") /* i_rwsem w: entries gone, mappings not yet unmapped */ \
	X(TRUNCATE_BEFORE_UNMAP, "truncate:before_unmap") /* i_rwsem w, invalidate w */ \
	X(TRUNCATE_WAIT_PIN,	"truncate:wait_pin")	/* i_rwsem w */	\
	X(TRUNCATE_BEFORE_FREE,	"truncate:before_free")	/* i_rwsem w, invalidate w */ \
	X(WRITEBACK_BEFORE_FLUSH, "writeback:before_flush") /* entry */ \
	X(WRITEBACK_AFTER_FLUSH, "writeback:after_flush") /* entry: flushed, tag not yet cleared */ \
	X(MEMFAIL_AFTER_LOOKUP,	"memfail:after_lookup")	/* none */

enum dx_race_point {
#define X(id, name) RP_##id,
	DX_RACE_POINTS(X)
#undef X
	RP_COUNT
};


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
