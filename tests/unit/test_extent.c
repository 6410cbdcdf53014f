// SPDX-License-Identifier: MIT
/* Extent maps: lookup, merge, split on remove and on flag changes. */
#include "harness.h"
#include "extent.h"

TEST(insert_merges_contiguous_runs)
{
	struct extmap m;
	struct extent e;
	uint64_t hole;

	ext_init(&m);
	REQUIRE_OK(ext_insert(&m, 0, 1000, 4, 0));
	REQUIRE_OK(ext_insert(&m, 4, 1004, 4, 0));	/* joins */
	REQUIRE_OK(ext_insert(&m, 8, 2000, 4, 0));	/* pblk jump */
	CHECK(m.n == 2, "expected 2 extents, got %zu", m.n);
	REQUIRE(ext_lookup(&m, 5, &e, &hole), "block 5 should be mapped");
	CHECK(e.pblk == 1005 && e.len == 3, "pblk %llu len %llu",
	      (unsigned long long)e.pblk, (unsigned long long)e.len);
	CHECK(!ext_lookup(&m, 12, &e, &hole) && hole == EXT_HOLE_END,
	      "block 12 should be a hole to the end");
	CHECK(ext_insert(&m, 2, 5000, 1, 0) == -EEXIST, "overlap accepted");
	ext_free(&m);
}

TEST(lookup_reports_hole_length)
{
	struct extmap m;
	struct extent e;
	uint64_t hole = 0;

	ext_init(&m);
	REQUIRE_OK(ext_insert(&m, 10, 100, 5, 0));
	CHECK(!ext_lookup(&m, 3, &e, &hole) && hole == 7, "hole %llu",
	      (unsigned long long)hole);
	ext_free(&m);
}

static uint64_t freed;
static void count(void *arg, uint64_t pblk, uint64_t len)
{
	(void)arg;
	(void)pblk;
	freed += len;
}

TEST(remove_splits_and_reports_freed_blocks)
{
	struct extmap m;
	struct extent e;
	uint64_t hole;

	ext_init(&m);
	REQUIRE_OK(ext_insert(&m, 0, 100, 10, 0));
	freed = 0;
	REQUIRE_OK(ext_remove(&m, 3, 4, count, NULL));
	CHECK(freed == 4, "freed %llu", (unsigned long long)freed);
	CHECK(m.n == 2, "expected a split into 2, got %zu", m.n);
	CHECK(ext_lookup(&m, 7, &e, &hole) && e.pblk == 107, "right half");
	CHECK(!ext_lookup(&m, 4, &e, &hole) && hole == 3, "hole in middle");
	CHECK(ext_blocks(&m) == 6, "blocks %llu",
	      (unsigned long long)ext_blocks(&m));
	ext_free(&m);
}

TEST(set_flags_splits_then_remerges)
{
	struct extmap m;
	struct extent e;
	uint64_t hole;

	ext_init(&m);
	REQUIRE_OK(ext_insert(&m, 0, 100, 8, EXT_UNWRITTEN));
	REQUIRE_OK(ext_set_flags(&m, 2, 2, 0));
	CHECK(m.n == 3, "expected 3 pieces, got %zu", m.n);
	CHECK(ext_lookup(&m, 2, &e, &hole) && !(e.flags & EXT_UNWRITTEN),
	      "converted piece");
	REQUIRE_OK(ext_set_flags(&m, 0, 8, 0));
	CHECK(m.n == 1, "expected a re-merge into 1, got %zu", m.n);
	ext_free(&m);
}

TEST_MAIN()
