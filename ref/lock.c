// SPDX-License-Identifier: MIT
/* lock.c - lock wrappers and the lock classes (order: README.md). */
#include "lock.h"

const struct lock_class lc_fs         = { "fs",         -1 };
const struct lock_class lc_i_rwsem    = { "i_rwsem",     0 };
const struct lock_class lc_mm         = { "mm_lock",     1 };
const struct lock_class lc_invalidate = { "invalidate",  2 };
const struct lock_class lc_entry      = { "entry",       3 };
const struct lock_class lc_i_mmap     = { "i_mmap",      4 };
const struct lock_class lc_ilock      = { "ilock",       5 };
const struct lock_class lc_alloc      = { "alloc",       6 };
const struct lock_class lc_journal    = { "journal",     7 };
const struct lock_class lc_tree       = { "tree",        8 };

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
void dx_down_read(struct dx_rwsem *s)  { pthread_rwlock_rdlock(&s->rw); }
void dx_down_write(struct dx_rwsem *s) { pthread_rwlock_wrlock(&s->rw); }
void dx_up_read(struct dx_rwsem *s)    { pthread_rwlock_unlock(&s->rw); }
void dx_up_write(struct dx_rwsem *s)   { pthread_rwlock_unlock(&s->rw); }

void dx_mutex_init(struct dx_mutex *m, const struct lock_class *cls)
{
	pthread_mutex_init(&m->m, NULL);
	m->cls = cls;
}

void dx_mutex_destroy(struct dx_mutex *m) { pthread_mutex_destroy(&m->m); }
void dx_mutex_lock(struct dx_mutex *m)    { pthread_mutex_lock(&m->m); }
void dx_mutex_unlock(struct dx_mutex *m)  { pthread_mutex_unlock(&m->m); }
