/* SPDX-License-Identifier: MIT */
/*
 * lock.h - the reference's locks, each tagged with its class so the
 * lock-order checker can learn the class-to-class order (README.md has the
 * order).  Read/write semaphores prefer writers, as kernel rwsems do: a
 * waiting writer blocks new readers.
 */
#ifndef DAXREF_LOCK_H
#define DAXREF_LOCK_H

#include <pthread.h>

struct lock_class {
	const char *name;
	int rank;		/* position in README.md's order, 0 = outermost */
};

extern const struct lock_class lc_i_rwsem, lc_mm, lc_invalidate, lc_entry,
	lc_i_mmap, lc_ilock, lc_alloc, lc_journal, lc_tree, lc_fs;

struct dx_rwsem {
	pthread_rwlock_t		rw;
	const struct lock_class		*cls;
};

struct dx_mutex {
	pthread_mutex_t			m;
	const struct lock_class		*cls;
};

void dx_rwsem_init(struct dx_rwsem *s, const struct lock_class *cls);
void dx_rwsem_destroy(struct dx_rwsem *s);
void dx_down_read(struct dx_rwsem *s);
void dx_down_write(struct dx_rwsem *s);
void dx_up_read(struct dx_rwsem *s);
void dx_up_write(struct dx_rwsem *s);

void dx_mutex_init(struct dx_mutex *m, const struct lock_class *cls);
void dx_mutex_destroy(struct dx_mutex *m);
void dx_mutex_lock(struct dx_mutex *m);
void dx_mutex_unlock(struct dx_mutex *m);

#endif
