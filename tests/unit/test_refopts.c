// SPDX-License-Identifier: MIT
/*
 * test_refopts.c - the reference's option table (suite/common/refopts.c):
 * names unique, each value lands in its dx_opts field, bad values are
 * refused naming the option, the value and the valid names, two backings
 * are refused, and getopt entries are made only for the options asked for.
 */
#include <stdlib.h>

#include "../harness.h"
#include "refopts.h"

static int idx(const char *name)
{
	for (int i = 0; i < refopts_count(); i++)
		if (!strcmp(refopts_at(i)->name, name))
			return i;
	return -1;
}

TEST(names_unique_and_fields_inside)
{
	for (int i = 0; i < refopts_count(); i++) {
		const struct refopt *a = refopts_at(i);

		CHECK(a->off < sizeof(struct dx_opts), "%s: offset %zu",
		      a->name, a->off);
		CHECK(a->help && a->help[0], "%s: no help", a->name);
		for (int j = i + 1; j < refopts_count(); j++)
			CHECK(strcmp(a->name, refopts_at(j)->name), "%s twice",
			      a->name);
	}
	CHECK(refopts_at(refopts_count()) == NULL, "past the end");
}

TEST(values_land_in_their_fields)
{
	struct refopts r;
	char err[256];

	refopts_init(&r);
	REQUIRE(!refopts_set(&r, idx("ref"), "deferred", err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("zeroing"), "unwritten", err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("region-size"), "64m", err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("image"), "/tmp/x.img", err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("prefault"), NULL, err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("isa"), "sse2", err, sizeof(err)), "%s", err);
	REQUIRE(!refopts_set(&r, idx("prefill"), "old", err, sizeof(err)), "%s", err);
	CHECK(!strcmp(r.o.mode, "deferred"), "mode %s", r.o.mode);
	CHECK(r.o.zeroing == DX_ZERO_UNWRITTEN, "zeroing");
	CHECK(r.o.region_size == 64u << 20, "region %llu",
	      (unsigned long long)r.o.region_size);
	CHECK(r.o.backing == DX_BACK_IMAGE && !strcmp(r.o.path, "/tmp/x.img"),
	      "backing");
	CHECK(r.o.prefault, "prefault");
	CHECK(!strcmp(r.o.isa, "sse2") && !strcmp(r.o.prefill, "old"), "names");
	CHECK(r.first && !strcmp(r.first, "zeroing"), "first %s",
	      r.first ? r.first : "(none)");
	REQUIRE(!refopts_set(&r, idx("no-prefault"), NULL, err, sizeof(err)), "%s", err);
	CHECK(!r.o.prefault, "no-prefault");
}

TEST(bad_values_named)
{
	struct refopts r;
	char err[512];

	refopts_init(&r);
	CHECK(refopts_set(&r, idx("ref"), "dax", err, sizeof(err)) == -EINVAL &&
	      !strcmp(err, "--ref 'dax': unknown name (valid: movnt, clwb, "
		      "deferred, pagecache)"), "%s", err);
	CHECK(refopts_set(&r, idx("zeroing"), "never", err, sizeof(err)) &&
	      strstr(err, "--zeroing 'never': unknown policy"), "%s", err);
	CHECK(refopts_set(&r, idx("region-size"), "0", err, sizeof(err)) &&
	      strstr(err, "--region-size '0': not a size"), "%s", err);
	CHECK(refopts_set(&r, idx("region-size"), "1x", err, sizeof(err)),
	      "1x taken");
	CHECK(!strcmp(r.o.mode, "movnt") && r.o.region_size == 0,
	      "a refused value changed the options");
	REQUIRE(!refopts_set(&r, idx("hugetlb"), NULL, err, sizeof(err)), "%s", err);
	CHECK(refopts_set(&r, idx("pmem"), "/dev/dax0.0", err, sizeof(err)) &&
	      !strcmp(err, "--hugetlb and --pmem: give one region backing, "
		      "not two"), "%s", err);
}

TEST(longopts_only_those_asked)
{
	struct option lo[8];
	int n = refopts_longopts(lo, 8, "isa,flush", 0x200);

	CHECK(n == 2, "%d entries", n);
	CHECK(n == 2 && !strcmp(lo[0].name, "isa") && lo[0].val == 0x200 + idx("isa") &&
	      lo[0].has_arg == required_argument, "isa entry");
	n = refopts_longopts(lo, 8, "mkfs", 0);
	CHECK(n == 1 && lo[0].has_arg == no_argument, "mkfs: a flag");
	n = refopts_longopts(lo, 8, "is", 0);	/* a prefix is not a name */
	CHECK(n == 0, "'is' matched %d", n);
}

TEST_MAIN()
