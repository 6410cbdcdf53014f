// SPDX-License-Identifier: MIT
/* The mapping tree: store/load, tags and their summaries, gang lookup. */
#include "harness.h"
#include "mtree.h"

TEST(store_load_erase_across_levels)
{
	struct mtree t;
	uint64_t big = 1ULL << 40;

	mt_init(&t);
	REQUIRE_OK(mt_store(&t, 5, MT_MK(MT_PTE, 77)));
	REQUIRE_OK(mt_store(&t, big, MT_MK(MT_PMD, 512)));
	CHECK(MT_PFN(mt_load(&t, 5)) == 77, "entry 5");
	CHECK(MT_KIND(mt_load(&t, big)) == MT_PMD, "entry at 2^40");
	CHECK(mt_load(&t, 6) == 0, "empty slot");
	CHECK(t.nr_entries == 2, "count %llu",
	      (unsigned long long)t.nr_entries);
	REQUIRE_OK(mt_store(&t, big, 0));
	REQUIRE_OK(mt_store(&t, 5, 0));
	CHECK(t.nr_entries == 0 && t.nr_nodes == 0,
	      "empty tree keeps %llu nodes", (unsigned long long)t.nr_nodes);
	mt_destroy(&t, NULL, NULL);
}

TEST(tags_are_found_without_full_walk)
{
	struct mtree t;
	uint64_t idx[8], ent[8];

	mt_init(&t);
	for (uint64_t i = 0; i < 10000; i++)
		REQUIRE_OK(mt_store(&t, i, MT_MK(MT_PTE, i)));
	mt_tag_set(&t, 17, MT_TAG_DIRTY);
	mt_tag_set(&t, 9000, MT_TAG_DIRTY);
	unsigned n = mt_find(&t, 0, UINT64_MAX, MT_TAG_DIRTY, idx, ent, 8);

	CHECK(n == 2 && idx[0] == 17 && idx[1] == 9000, "found %u", n);
	CHECK(mt_tag_move(&t, 0, 100, MT_TAG_DIRTY, MT_TAG_TOWRITE) == 1,
	      "tag_move over [0,100] should move one");
	CHECK(mt_tag_get(&t, 17, MT_TAG_TOWRITE) &&
	      !mt_tag_get(&t, 9000, MT_TAG_TOWRITE), "TOWRITE placement");
	mt_tag_clear(&t, 17, MT_TAG_DIRTY);
	CHECK(t.ntagged[MT_TAG_DIRTY] == 1, "dirty count %llu",
	      (unsigned long long)t.ntagged[MT_TAG_DIRTY]);
	REQUIRE_OK(mt_store(&t, 9000, 0));
	CHECK(t.ntagged[MT_TAG_DIRTY] == 0, "erasing drops the tag");
	n = mt_find(&t, 0, UINT64_MAX, MT_TAG_DIRTY, idx, ent, 8);
	CHECK(n == 0, "summary left stale: found %u", n);
	mt_destroy(&t, NULL, NULL);
}

TEST(gang_lookup_respects_range_and_max)
{
	struct mtree t;
	uint64_t idx[4], ent[4];

	mt_init(&t);
	for (uint64_t i = 0; i < 100; i += 10)
		REQUIRE_OK(mt_store(&t, i, MT_MK(MT_PTE, i)));
	unsigned n = mt_find(&t, 15, 55, -1, idx, ent, 4);

	CHECK(n == 4 && idx[0] == 20 && idx[3] == 50, "n=%u first=%llu", n,
	      (unsigned long long)idx[0]);
	n = mt_find(&t, 51, 59, -1, idx, ent, 4);
	CHECK(n == 0, "found %u in an empty range", n);
	mt_destroy(&t, NULL, NULL);
}

TEST_MAIN()
