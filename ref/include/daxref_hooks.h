/* SPDX-License-Identifier: MIT */
/*
 * daxref_hooks.h - what the conformance engine (suite/daxrace) needs
 * beyond the file API: race-point hooks, the lock-order checker, GUP-like
 * pins, memory-failure lookup, and a look into the mapping tree.
 */
#ifndef DAXREF_HOOKS_H
#define DAXREF_HOOKS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "daxref.h"

/*
 * The race engine.  Process-wide: one schedule runs at a time.
 *   point()   a thread reached the named race point (see dx_race_points);
 *             the engine may park it there until the script resumes it.
 *   wait()    a lock is taken: the thread sleeps in the engine until a
 *             wake() for @obj, unless @retry (a trylock, called under the
 *             engine's own lock) succeeds first; returns true if it did.
 *   block()   the thread is about to sleep on a condition of the library's
 *             own (an entry lock, a pin); unblock() when it runs again.
 *   wake()    @obj was released: every thread waiting on it runs again.
 * Because whoever releases a thread marks it running before going on,
 * the engine never mistakes a thread that is about to run for a blocked
 * one, and schedules need no timing.  Without an engine every hook costs
 * one branch.
 */
struct dx_race_ops {
	void (*point)(void *arg, const char *point);
	bool (*wait)(void *arg, const char *what, const void *obj,
		     bool (*retry)(const void *obj));
	void (*block)(void *arg, const char *what, const void *obj);
	void (*unblock)(void *arg);
	void (*wake)(void *arg, const void *obj);
};
void dx_race_attach(const struct dx_race_ops *ops, void *arg);
/* Writes the names of all race points, separated by @sep. */
void dx_race_points(FILE *out, const char *sep);
bool dx_race_point_valid(const char *name);
/* Race points by number, 0 .. dx_race_npoints()-1: the number of a name
 * (-1 if none), and the name of a number (NULL if out of range). */
int dx_race_npoints(void);
int dx_race_point_id(const char *name);
const char *dx_race_point_at(int id);

/* Profiles: names, and the one-line mistake and source of each. */
void dx_profile_names(FILE *out, const char *sep);
bool dx_profile_valid(const char *name);
const char *dx_profile_mistake(const char *name);
const char *dx_profile_source(const char *name);

/* The lock-order checker (ref/lockdep.c). */
void dx_lockdep_enable(bool on);
void dx_lockdep_reset(void);
unsigned dx_lockdep_nreports(void);
const char *dx_lockdep_report(unsigned i);

/*
 * GUP-like pins: dx_pin() faults the range in for writing and takes a
 * long-term reference on its blocks, as get_user_pages(FOLL_LONGTERM)
 * does for an O_DIRECT or RDMA buffer.  dx_pin_write() is the device
 * writing into the pinned pages (DMA); it goes to whatever blocks were
 * pinned, whoever owns them now.  Truncate and punch wait for the pins of
 * the range to drop (a layout break).
 */
struct dx_pin;
int dx_pin(struct dx_fs *fs, void *addr, size_t len, struct dx_pin **out);
int dx_pin_write(struct dx_pin *p, size_t off, const void *buf, size_t len);
void dx_unpin(struct dx_pin *p);

/*
 * Memory failure on region block @pblk: find the file and offset that own
 * it (revalidated under the entry lock, as dax_lock_folio() does), unmap
 * it from every mapping, and report the owner.
 */
struct dx_memfail {
	bool		mapped;		/* false: no file maps the block */
	uint64_t	ino;
	uint64_t	index;		/* file page */
	char		name[DX_NAME_MAX + 1];
};
int dx_memory_failure(struct dx_fs *fs, uint64_t pblk, struct dx_memfail *out);

/*
 * The mapping tree's and the mappings' invariants (ref/invariants.c): no
 * 4 KiB entry under a PMD entry, no entry left locked, no entry naming a
 * block the file no longer has, no zero page mapped without its ZERO
 * entry, no writable mapping of an entry not tagged DIRTY, and no DIRTY
 * entry with neither a writable mapping nor a pending flush.  Call with no
 * operation in flight.  0, or -EUCLEAN with the first violation in @why.
 */
int dx_check_invariants(struct dx_fs *fs, char *why, size_t len);

/*
 * The memory a filesystem shares with the children of fork(): its region
 * and its page-cache pool are memfds mapped MAP_SHARED, so a child's
 * writes reach them.  Take a snapshot in the parent; after a child is
 * gone, dx_snapshot_restore() puts back every page that differs.  The
 * explorer forks each run from one prepared case this way.
 */
struct dx_snapshot;
struct dx_snapshot *dx_snapshot_take(struct dx_fs *fs);
int dx_snapshot_restore(struct dx_fs *fs, struct dx_snapshot *s);
void dx_snapshot_free(struct dx_snapshot *s);

/* Is the page at @addr, in a mapping of @fs, mapped now (its page-table
 * entry present)?  Reading it would not fault.  False outside mappings. */
bool dx_mapped(struct dx_fs *fs, const void *addr);

/* The region block backing a file offset; -ENODATA for a hole. */
int dx_bmap(struct dx_file *f, off_t off, uint64_t *pblk);

/* The mapping-tree entry covering page @index: kind "none", "pte", "pmd",
 * "zero", "page" or "empty", and whether it is tagged DIRTY. */
int dx_entry_kind(struct dx_file *f, uint64_t index, const char **kind,
		  bool *dirty);
/* The region block the entry covering page @index points at, for PTE
 * and PMD entries; -ENODATA otherwise. */
int dx_entry_pfn(struct dx_file *f, uint64_t index, uint64_t *pblk);

#endif
