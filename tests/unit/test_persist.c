// SPDX-License-Identifier: MIT
/* The persistence model on its own: what a crash keeps and reverts. */
#include <pthread.h>
#include <stdlib.h>
#include "harness.h"
#include "persist.h"

static uint8_t *region(size_t n, int c)
{
	uint8_t *p = aligned_alloc(64, n);

	memset(p, c, n);
	return p;
}

TEST(only_fenced_lines_survive)
{
	uint8_t *r = region(4096, 0);
	struct persist *p = persist_create(r, 4096);

	REQUIRE(p, "create");
	memset(r, 1, 64);		/* stored, never flushed */
	persist_stored(p, r, 64);
	memset(r + 128, 3, 64);		/* flushed and fenced */
	persist_stored(p, r + 128, 64);
	persist_flushed(p, r + 128, 64);
	persist_fenced(p);
	memset(r + 64, 2, 64);		/* flushed after the last fence */
	persist_stored(p, r + 64, 64);
	persist_flushed(p, r + 64, 64);
	memset(r + 192, 4, 64);		/* NT stored, never fenced */
	persist_nt_stored(p, r + 192, 64);
	CHECK(persist_nondurable(p) == 3, "nondurable %llu",
	      (unsigned long long)persist_nondurable(p));
	persist_crash(p, false, 0, NULL);
	CHECK(r[0] == 0 && r[64] == 0 && r[128] == 3 && r[192] == 0,
	      "after crash: %d %d %d %d", r[0], r[64], r[128], r[192]);
	persist_destroy(p);
	free(r);
}

/*
 * A store after a flush, before the fence: the line is dirty again and the
 * new store is not durable, but the flush still wrote the line back as it
 * was, and the fence makes that durable - as CLWB then SFENCE do.  (Stores
 * are reported to the model before they happen: pmem.h.)
 */
TEST(a_store_after_a_flush_is_lost_but_the_flush_is_durable)
{
	uint8_t *r = region(128, 0);
	struct persist *p = persist_create(r, 128);

	persist_stored(p, r, 1);
	r[0] = 7;
	persist_flushed(p, r, 1);
	persist_stored(p, r + 1, 1);	/* after the flush, before the fence */
	r[1] = 8;
	persist_fenced(p);
	CHECK(!persist_is_durable(p, r, 1), "line should be dirty again");
	persist_crash(p, false, 0, NULL);
	CHECK(r[0] == 7 && r[1] == 0, "after crash %d %d, want 7 0", r[0],
	      r[1]);
	persist_destroy(p);
	free(r);
}

/* The same across threads: another thread's store lands on a line after
 * our NT store and before our fence (the explorer's first false alarm:
 * a write fault's store over write()'s NT zeroing of an edge). */
static struct persist *shared;
static uint8_t *shared_r;

static void *store_over(void *arg)
{
	(void)arg;
	persist_stored(shared, shared_r, 1);
	shared_r[0] = 5;		/* never flushed */
	return NULL;
}

TEST(another_threads_store_does_not_undo_our_nt_store)
{
	uint8_t *r = region(128, 0xee);
	struct persist *p = persist_create(r, 128);
	pthread_t t;

	shared = p;
	shared_r = r;
	persist_nt_stored(p, r, 64);
	memset(r, 0, 64);		/* the NT zeroing */
	pthread_create(&t, NULL, store_over, NULL);
	pthread_join(t, NULL);
	persist_fenced(p);		/* our fence: the zeros are durable */
	persist_crash(p, false, 0, NULL);
	CHECK(r[0] == 0 && r[1] == 0, "after crash %#x %#x: the old data "
	      "came back", r[0], r[1]);
	persist_destroy(p);
	free(r);
}

static void *other_thread(void *arg)
{
	(void)arg;
	shared_r[64] = 9;
	persist_stored(shared, shared_r + 64, 1);
	persist_flushed(shared, shared_r + 64, 1);
	return NULL;		/* exits without fencing */
}

TEST(a_fence_only_drains_its_own_thread)
{
	pthread_t t;

	shared_r = region(256, 0);
	shared = persist_create(shared_r, 256);
	pthread_create(&t, NULL, other_thread, NULL);
	pthread_join(t, NULL);
	persist_fenced(shared);		/* this thread's fence */
	CHECK(!persist_is_durable(shared, shared_r + 64, 1),
	      "another thread's flush was drained by this fence");
	persist_crash(shared, false, 0, NULL);
	CHECK(shared_r[64] == 0, "kept %d", shared_r[64]);
	persist_destroy(shared);
	free(shared_r);
}

TEST(torn_crash_keeps_a_seeded_subset)
{
	uint8_t *r = region(64 * 256, 0);
	struct persist *p = persist_create(r, 64 * 256);
	struct persist_crash_stats st;

	memset(r, 1, 64 * 256);
	persist_stored(p, r, 64 * 256);
	persist_crash(p, true, 1234, &st);
	CHECK(st.kept > 64 && st.reverted > 64, "kept %llu reverted %llu",
	      (unsigned long long)st.kept, (unsigned long long)st.reverted);
	unsigned ones = 0;

	for (int i = 0; i < 256; i++)
		ones += r[i * 64] == 1;
	CHECK(ones == st.kept, "region shows %u kept lines, stats %llu", ones,
	      (unsigned long long)st.kept);
	persist_destroy(p);
	free(r);
}

TEST_MAIN()
