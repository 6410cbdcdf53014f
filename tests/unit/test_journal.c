// SPDX-License-Identifier: MIT
/* The journal on its own: replay, torn transactions, stale records. */
#include <stdlib.h>
#include <sys/mman.h>
#include "harness.h"
#include "journal.h"

#define SIZE (8u << 20)

struct env {
	struct pm	pm;
	uint8_t		*r;
	struct journal	j;
};

static int env_init(struct env *e)
{
	struct cpu_choice c;
	char err[200];

	memset(e, 0, sizeof(*e));
	if (cpu_choose(NULL, NULL, &c, err, sizeof(err)))
		return -1;
	pm_kset_init(&e->pm.ks, &c);
	e->r = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (e->r == MAP_FAILED)
		return -1;
	if (jnl_format(&e->pm, e->r, SIZE, err, sizeof(err)) ||
	    jnl_recover(&e->j, &e->pm, e->r, SIZE, NULL, err, sizeof(err)))
		return -1;
	return 0;
}

static void create_rec(struct dxr_rec *r, uint64_t ino, const char *name)
{
	size_t len = strlen(name);

	memset(r, 0, 3 * sizeof(*r));
	r[0].type = DXR_CREATE;
	r[0].u.create.ino = ino;
	r[0].u.create.name_len = (uint32_t)len;
	for (size_t c = 0; c * DXR_NAME_CHUNK < len; c++) {
		r[1 + c].type = DXR_NAME;
		memcpy(r[1 + c].u.name, name + c * DXR_NAME_CHUNK,
		       len - c * DXR_NAME_CHUNK < DXR_NAME_CHUNK ?
		       len - c * DXR_NAME_CHUNK : DXR_NAME_CHUNK);
	}
}

TEST(replay_rebuilds_committed_transactions)
{
	struct env e;
	struct dxr_rec r[3];
	char err[200];

	REQUIRE(env_init(&e) == 0, "setup");
	create_rec(r, 1, "one");
	REQUIRE_OK(jnl_commit(&e.j, r, 2));
	memset(r, 0, sizeof(r[0]));
	r[0].type = DXR_SETSIZE;
	r[0].u.setsize.ino = 1;
	r[0].u.setsize.size = 12345;
	REQUIRE_OK(jnl_commit(&e.j, r, 1));
	jnl_close(&e.j);
	REQUIRE_OK(jnl_recover(&e.j, &e.pm, e.r, SIZE, NULL, err, sizeof(err)));
	struct meta_inode *mi = meta_get(&e.j.meta, 1);

	REQUIRE(mi && mi->name && !strcmp(mi->name, "one"), "inode 1");
	CHECK(mi->size == 12345, "size %llu", (unsigned long long)mi->size);
	jnl_close(&e.j);
	munmap(e.r, SIZE);
}

/*
 * A torn crash kept the last records of a transaction but lost its first
 * one.  Replay must stop at the hole, and once new records are appended
 * there, the stale tail must never be replayed as if it followed them.
 */
TEST(stale_records_after_the_replay_point_are_never_replayed)
{
	struct env e;
	struct dxr_rec r[3];
	char err[200];
	const char *long_name = "a-name-that-needs-two-name-records-to-hold-it";

	REQUIRE(env_init(&e) == 0, "setup");
	uint64_t slot = e.j.head;

	create_rec(r, 1, long_name);
	REQUIRE_OK(jnl_commit(&e.j, r, 3));
	/* Lose the CREATE record only, as a torn crash might. */
	memset(&e.j.recs[slot], 0, sizeof(struct dxr_rec));
	jnl_close(&e.j);
	REQUIRE_OK(jnl_recover(&e.j, &e.pm, e.r, SIZE, NULL, err, sizeof(err)));
	CHECK(meta_get(&e.j.meta, 1) == NULL, "half a transaction replayed");
	CHECK(e.j.head == slot, "replay went past the hole");
	/* A one-record transaction lands in the hole... */
	create_rec(r, 2, "two");
	REQUIRE_OK(jnl_commit(&e.j, r, 2));
	jnl_close(&e.j);
	/* ...and the next recovery must not run into the old tail. */
	int rc = jnl_recover(&e.j, &e.pm, e.r, SIZE, NULL, err, sizeof(err));

	REQUIRE(rc == 0, "recovery failed: %s", err);
	CHECK(meta_get(&e.j.meta, 2) != NULL, "new transaction lost");
	CHECK(meta_get(&e.j.meta, 1) == NULL, "stale records replayed");
	jnl_close(&e.j);
	munmap(e.r, SIZE);
}

TEST(checkpoint_then_replay)
{
	struct env e;
	struct dxr_rec r[3];
	char err[200];

	REQUIRE(env_init(&e) == 0, "setup");
	create_rec(r, 1, "x");
	REQUIRE_OK(jnl_commit(&e.j, r, 2));
	REQUIRE_OK(jnl_checkpoint(&e.j));
	memset(r, 0, sizeof(r[0]));
	r[0].type = DXR_ALLOC;
	r[0].u.alloc.ino = 1;
	r[0].u.alloc.fblk = 0;
	r[0].u.alloc.pblk = jnl_data_start(&e.j);
	r[0].u.alloc.len = 3;
	REQUIRE_OK(jnl_commit(&e.j, r, 1));
	jnl_close(&e.j);
	REQUIRE_OK(jnl_recover(&e.j, &e.pm, e.r, SIZE, NULL, err, sizeof(err)));
	struct meta_inode *mi = meta_get(&e.j.meta, 1);

	REQUIRE(mi, "inode from the checkpoint");
	CHECK(ext_blocks(&mi->ext) == 3, "extent from the journal tail");
	jnl_close(&e.j);
	munmap(e.r, SIZE);
}

TEST(foreign_data_is_not_a_filesystem)
{
	uint8_t *r = calloc(1, 4096);
	char err[200] = "";

	CHECK(jnl_probe(r, 4096, err, sizeof(err)) == 0, "zeros = empty");
	r[100] = 1;
	CHECK(jnl_probe(r, 4096, err, sizeof(err)) == -EUCLEAN &&
	      strstr(err, "not a daxref"), "foreign: '%s'", err);
	free(r);
}

TEST_MAIN()
