// SPDX-License-Identifier: MIT
/* lock.c - lock wrappers and the lock classes (order: README.md). */
#include "lock.h"
#include "lockdep.h"
#include "race.h"

const struct lock_class lc_fs         = { "fs",         0 };
const struct lock_class lc_i_rwsem    = { "i_rwsem",     1 };
const struct lock_class lc_mm         = { "mm_lock",     2 };
const struct lock_class lc_invalidate = { "invalidate",  3 };
const struct lock_class lc_entry      = { "entry",       4 };
const struct lock_class lc_i_mmap     = { "i_mmap",      5 };
const struct lock_class lc_ilock      = { "ilock",       6 };
const struct lock_class lc_alloc      = { "alloc",       7 };
const struct lock_class lc_journal    = { "journal",     8 };
const struct lock_class lc_tree       = { "tree",        9 };
const struct lock_class lc_pte        = { "pte",        10 };
const struct lock_class lc_pin        = { "pin",        11 };

void dx_rwsem_init(struct dx_rwsem *s, const struct lock_class *cls)
{
	pthread_rwlockattr_t a;

	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&s->rw, &a);
	pthread_rwlockattr_destroy(&a);
	s->cls = cls;
}

void dx_rwsem_destroy(struct dx_rwsem *s) { pthread_rwlock_destroy(&s->rw); }
static bool try_rd(const void *o)
{
	return !pthread_rwlock_tryrdlock((pthread_rwlock_t *)o);
}

static bool try_wr(const void *o)
{
	return !pthread_rwlock_trywrlock((pthread_rwlock_t *)o);
}

static bool try_mutex(const void *o)
{
	return !pthread_mutex_trylock((pthread_mutex_t *)o);
}

/*
 * The checker looks before the lock is taken, so it reports an inversion
 * even when this acquisition would deadlock.  Under a race engine a
 * contended lock is waited for in the engine (trylock, then sleep until
 * the holder's release wakes us), so the engine always knows who waits.
 */
void dx_down_read(struct dx_rwsem *s)
{
	lockdep_acquire(s->cls);
	if (!race_engine()) {
		pthread_rwlock_rdlock(&s->rw);
		return;
	}
	while (pthread_rwlock_tryrdlock(&s->rw))
		if (race_wait_slow(s->cls->name, &s->rw, try_rd))
			break;
}

void dx_down_write(struct dx_rwsem *s)
{
	lockdep_acquire(s->cls);
	if (!race_engine()) {
		pthread_rwlock_wrlock(&s->rw);
		return;
	}
	while (pthread_rwlock_trywrlock(&s->rw))
		if (race_wait_slow(s->cls->name, &s->rw, try_wr))
			break;
}

void dx_up_read(struct dx_rwsem *s)
{
	pthread_rwlock_unlock(&s->rw);
	if (race_engine())
		race_wake_slow(&s->rw);
	lockdep_release(s->cls);
}

void dx_up_write(struct dx_rwsem *s)
{
	pthread_rwlock_unlock(&s->rw);
	if (race_engine())
		race_wake_slow(&s->rw);
	lockdep_release(s->cls);
}

void dx_mutex_init(struct dx_mutex *m, const struct lock_class *cls)
{
	pthread_mutex_init(&m->m, NULL);
	m->cls = cls;
}

void dx_mutex_destroy(struct dx_mutex *m) { pthread_mutex_destroy(&m->m); }
void dx_mutex_lock(struct dx_mutex *m)
{
	lockdep_acquire(m->cls);
	if (!race_engine()) {
		pthread_mutex_lock(&m->m);
		return;
	}
	while (pthread_mutex_trylock(&m->m))
		if (race_wait_slow(m->cls->name, &m->m, try_mutex))
			break;
}

void dx_mutex_unlock(struct dx_mutex *m)
{
	pthread_mutex_unlock(&m->m);
	if (race_engine())
		race_wake_slow(&m->m);
	lockdep_release(m->cls);
}
