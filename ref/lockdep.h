/* SPDX-License-Identifier: MIT */
/*
 * lockdep.h - a small lock-order checker, after the kernel's lockdep.
 *
 * It learns the class-to-class order at run time: acquiring class B while
 * holding class A records the edge A -> B with the chain of classes held.
 * Acquiring B while holding A when a path B -> ... -> A was recorded
 * before is a possible deadlock; it is reported with both chains, whether
 * or not the threads ever actually deadlock.  It also enforces the ranks
 * of ref/README.md's table when a lock is taken: a class of lower rank
 * (further out) taken while one of higher rank is held is reported at
 * once, before any second path exists.  Off by default (one branch per
 * lock operation); the race engine and the explorer turn it on.
 *
 * lockdep_assert_held(cls) states a "caller holds X" contract in code:
 * with the checker on, a call without it is reported like an inversion.
 */
#ifndef DAXREF_LOCKDEP_H
#define DAXREF_LOCKDEP_H

#include <stdbool.h>
#include "lock.h"

extern bool dx_lockdep_on;

void lockdep_enable(bool on);
/* Forgets the learned order and the reports (not the held locks). */
void lockdep_reset(void);
void lockdep_acquire_slow(const struct lock_class *c);
void lockdep_release_slow(const struct lock_class *c);

static inline void lockdep_acquire(const struct lock_class *c)
{
	if (__builtin_expect(dx_lockdep_on, 0))
		lockdep_acquire_slow(c);
}

static inline void lockdep_release(const struct lock_class *c)
{
	if (__builtin_expect(dx_lockdep_on, 0))
		lockdep_release_slow(c);
}

void lockdep_assert_held_slow(const struct lock_class *c, const char *where);

/* Reports (when on) unless this thread holds class @c. */
#define lockdep_assert_held(c)						\
	do {								\
		if (__builtin_expect(dx_lockdep_on, 0))			\
			lockdep_assert_held_slow((c), __func__);	\
	} while (0)

unsigned lockdep_nreports(void);
/* The i-th report, several lines; valid until lockdep_reset(). */
const char *lockdep_report(unsigned i);

#endif
