// SPDX-License-Identifier: MIT
/* The allocator: 2 MiB alignment, contiguity, ENOSPC, reservations. */
#include "harness.h"
#include "alloc.h"

TEST(new_file_lands_2m_aligned)
{
	struct alloc a;
	uint64_t p;

	REQUIRE_OK(alloc_init(&a, 100, 100 + 8 * ALLOC_CHUNK));
	REQUIRE(alloc_extent(&a, 0, UINT64_MAX, 1, 0, &p) == 1, "alloc");
	CHECK(p % ALLOC_CHUNK == 0, "pblk %llu not aligned",
	      (unsigned long long)p);
	uint64_t q;

	REQUIRE(alloc_extent(&a, 1, p + 1, 1, 0, &q) == 1, "alloc 2");
	CHECK(q == p + 1, "goal not honoured: %llu", (unsigned long long)q);
	/* A file starting at block 7 keeps p = f (mod 512). */
	REQUIRE(alloc_extent(&a, 7, UINT64_MAX, 1, 0, &q) == 1, "alloc 3");
	CHECK(q % ALLOC_CHUNK == 7, "congruence lost: %llu",
	      (unsigned long long)(q % ALLOC_CHUNK));
	alloc_destroy(&a);
}

TEST(enospc_and_reservations)
{
	struct alloc a;
	uint64_t p;

	REQUIRE_OK(alloc_init(&a, 0, 16));
	CHECK(alloc_reserve(&a, 10) == 0, "reserve 10 of 16");
	int64_t n = alloc_extent(&a, 0, UINT64_MAX, 16, 0, &p);

	CHECK(n == 6, "unreserved allocation got %lld, want 6", (long long)n);
	CHECK(alloc_extent(&a, 0, UINT64_MAX, 1, 0, &p) == -ENOSPC,
	      "reserved blocks were handed out");
	CHECK(alloc_extent(&a, 0, UINT64_MAX, 10, 1, &p) == 10,
	      "delalloc writeback could not use its reservation");
	CHECK(alloc_reserve(&a, 1) == -ENOSPC, "reserve past the end");
	alloc_free(&a, p, 10);
	CHECK(alloc_free_blocks(&a) == 10, "free %llu",
	      (unsigned long long)alloc_free_blocks(&a));
	alloc_destroy(&a);
}

TEST_MAIN()
