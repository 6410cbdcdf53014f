// SPDX-License-Identifier: MIT
/* journal.c - metadata transactions, checkpoints and recovery. */
#include "journal.h"
#include "errf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include "daxref.h"

#define BLK		DX_BLOCK_SIZE
#define BLKS_2M		(DX_PMD_SIZE / DX_BLOCK_SIZE)

static uint32_t super_crc(const struct dxr_super *sb)
{
	return crc32c(0, sb, offsetof(struct dxr_super, crc));
}

static uint32_t rec_crc(uint32_t seed, const struct dxr_rec *r)
{
	return crc32c(seed, (const uint8_t *)r + 4, sizeof(*r) - 4);
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The geometry of a region of @nblocks blocks. */
static void geometry(uint64_t nblocks, uint64_t *jnl, uint64_t *ckpt,
		     uint64_t *data)
{
	/* A slot holds one 32-byte extent per data block: the worst case. */
	*ckpt = clamp(nblocks / 128 + 4, 16, 65536);
	*jnl = clamp(nblocks / 128, 16, 16384);
	*data = (1 + *jnl + 2 * *ckpt + BLKS_2M - 1) & ~(BLKS_2M - 1);
}

uint64_t jnl_data_start_for(uint64_t size)
{
	uint64_t jnl, ckpt, data;

	geometry(size / BLK, &jnl, &ckpt, &data);
	return data + BLKS_2M > size / BLK ? 0 : data;
}

int jnl_format(struct pm *pm, void *region, uint64_t size, char *err,
	       size_t errlen)
{
	struct dxr_super sb = { 0 };
	uint64_t nblocks = size / BLK, ckpt, jnl, data;

	geometry(nblocks, &jnl, &ckpt, &data);
	if (data + BLKS_2M > nblocks)
		return errf(err, errlen, -ENOSPC, "region of %llu MiB is too "
			    "small for the journal, checkpoints and data",
			    (unsigned long long)(size >> 20));
	/* Give the alignment slack to the journal. */
	jnl = data - 1 - 2 * ckpt;
	sb.magic = DXR_MAGIC;
	sb.version = DXR_VERSION;
	sb.blksz = BLK;
	sb.nblocks = nblocks;
	sb.jnl_start = 1;
	sb.jnl_blocks = jnl;
	sb.ckpt_start[0] = 1 + jnl;
	sb.ckpt_start[1] = 1 + jnl + ckpt;
	sb.ckpt_blocks = ckpt;
	sb.data_start = data;
	if (getrandom(&sb.uuid, sizeof(sb.uuid), 0) != sizeof(sb.uuid))
		sb.uuid = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&sb;
	sb.crc = super_crc(&sb);
	sb.state = DXR_STATE(0, 0);
	pm_copy_nt(pm, region, &sb, sizeof(sb), 0);
	return 0;
}

int jnl_probe(const void *region, uint64_t size, char *err, size_t errlen)
{
	const struct dxr_super *sb = region;
	const uint64_t *w = region;

	if (sb->magic == DXR_MAGIC) {
		if (sb->version != DXR_VERSION || sb->blksz != BLK ||
		    super_crc(sb) != sb->crc || sb->nblocks * BLK > size ||
		    sb->data_start >= sb->nblocks ||
		    sb->ckpt_start[1] + sb->ckpt_blocks > sb->data_start)
			return errf(err, errlen, -EUCLEAN, "the superblock is "
				    "damaged (bad version, CRC or geometry)");
		return 1;
	}
	for (unsigned i = 0; i < BLK / 8; i++)
		if (w[i])
			return errf(err, errlen, -EUCLEAN, "it holds data that "
				    "is not a daxref filesystem");
	return 0;
}

static int scratch(struct journal *j, uint64_t len)
{
	if (len <= j->scratch_len)
		return 0;
	void *p = realloc(j->scratch, len);

	if (!p)
		return -ENOMEM;
	j->scratch = p;
	j->scratch_len = len;
	return 0;
}

/*
 * Order: the payload and header go to the inactive slot and are fenced;
 * only then does the one state word switch slot and epoch (flushed and
 * fenced).  A crash before the switch leaves the old checkpoint and the
 * old journal in force.
 */
static int checkpoint_locked(struct journal *j)
{
	unsigned slot = j->live ^ 1;
	uint64_t len = meta_size(&j->meta);
	struct dxr_ckpt_hdr h = { 0 };
	uint64_t state;
	int rc;

	if (len + sizeof(h) > j->ckpt_bytes)
		return -ENOSPC;
	if ((rc = scratch(j, len ? len : 8)))
		return rc;
	meta_serialize(&j->meta, j->scratch);
	h.magic = DXR_CKPT_MAGIC;
	h.epoch = j->epoch + 1;
	h.len = len;
	h.next_ino = j->meta.next_ino;
	h.crc = crc32c(j->seed, j->scratch, len);
	h.hcrc = crc32c(j->seed, &h, offsetof(struct dxr_ckpt_hdr, hcrc));
	if (len)
		pm_copy_nt(j->pm, j->ckpt[slot] + sizeof(h), j->scratch, len,
			   PM_NODRAIN);
	pm_copy_nt(j->pm, j->ckpt[slot], &h, sizeof(h), 0);

	state = DXR_STATE(j->epoch + 1, slot);
	pm_copy_flush(j->pm, &j->sb->state, &state, sizeof(state), 0);
	j->epoch++;
	j->live = slot;
	j->head = 0;
	j->checkpoints++;
	return 0;
}

int jnl_checkpoint(struct journal *j)
{
	dx_mutex_lock(&j->lock);
	int rc = checkpoint_locked(j);

	dx_mutex_unlock(&j->lock);
	return rc;
}

static int load_checkpoint(struct journal *j, char *err, size_t errlen)
{
	const struct dxr_ckpt_hdr *h = (const void *)j->ckpt[j->live];
	char why[200] = "";

	if (j->epoch == 0)	/* freshly formatted: nothing yet */
		return 0;
	if (h->magic != DXR_CKPT_MAGIC || h->epoch != j->epoch ||
	    h->hcrc != crc32c(j->seed, h, offsetof(struct dxr_ckpt_hdr, hcrc)) ||
	    h->len + sizeof(*h) > j->ckpt_bytes ||
	    h->crc != crc32c(j->seed, h + 1, h->len))
		return errf(err, errlen, -EUCLEAN, "checkpoint %u of epoch "
			    "%llu is damaged", j->live,
			    (unsigned long long)j->epoch);
	int rc = meta_deserialize(&j->meta, h + 1, h->len, h->next_ino, why,
				  sizeof(why));

	if (rc)
		return errf(err, errlen, rc, "checkpoint %u does not parse: %s",
			    j->live, rc == -ENOMEM ? "out of memory" : why);
	return 0;
}

/* Calls @fn for each complete transaction from slot @start on, in slot
 * order, until a record whose CRC, epoch or slot is wrong; stops early
 * when @fn returns non-zero and returns that. */
static int for_each_txn(struct journal *j, uint64_t start,
			int (*fn)(struct journal *, uint64_t, unsigned, void *),
			void *arg)
{
	for (uint64_t i = start; i < j->nslots; i++) {
		const struct dxr_rec *r = &j->recs[i];

		if (r->epoch != j->epoch || r->seq != i ||
		    r->crc != rec_crc(j->seed, r))
			break;
		if (!(r->flags & DXR_F_COMMIT))
			continue;
		int rc = fn(j, start, (unsigned)(i + 1 - start), arg);

		if (rc)
			return rc;
		start = i + 1;
	}
	return 0;
}

struct replay_ctx {
	struct jnl_recovery	*rv;
	char			why[200];
	uint64_t		bad;	/* first slot of the bad transaction */
};

static int replay_one(struct journal *j, uint64_t slot, unsigned n, void *arg)
{
	struct replay_ctx *c = arg;
	int rc = meta_apply(&j->meta, &j->recs[slot], n, c->why,
			    sizeof(c->why));

	if (rc) {
		c->bad = slot;
		return rc;
	}
	j->replayed++;
	j->head = slot + n;
	return 0;
}

/* One notice per transaction @repair drops. */
static int drop_one(struct journal *j, uint64_t slot, unsigned n, void *arg)
{
	struct jnl_recovery *rv = arg;
	char what[200], line[320];

	meta_describe(&j->recs[slot], what, sizeof(what));
	snprintf(line, sizeof(line), "dropped the transaction at journal "
		 "slot %llu (%u record%s): %s", (unsigned long long)slot, n,
		 n == 1 ? "" : "s", what);
	if (rv->notice)
		rv->notice(rv->arg, line);
	rv->dropped++;
	return 0;
}

/* Replays complete transactions of the current epoch, in slot order. */
static int replay(struct journal *j, struct jnl_recovery *rv, char *err,
		  size_t errlen)
{
	struct replay_ctx c = { .rv = rv };
	char what[200], line[600];
	int rc;

	j->head = 0;
	rc = for_each_txn(j, 0, replay_one, &c);
	if (!rc)
		return 0;
	if (rc != -EUCLEAN)
		return errf(err, errlen, rc, "replaying the journal: %s",
			    strerror(-rc));
	meta_describe(&j->recs[c.bad], what, sizeof(what));
	if (!rv || !rv->repair)
		return errf(err, errlen, rc, "journal transaction at slot %llu "
			    "does not apply (%s): %s; mount with repair "
			    "(daxio --repair) to keep everything before it and "
			    "drop it and what follows", (unsigned long long)c.bad,
			    what, c.why);
	snprintf(line, sizeof(line), "journal transaction at slot %llu does "
		 "not apply (%s): %s; keeping the %llu transaction(s) before "
		 "it", (unsigned long long)c.bad, what, c.why,
		 (unsigned long long)j->replayed);
	if (rv->notice)
		rv->notice(rv->arg, line);
	/* j->head is the bad transaction's slot: the zeroing in
	 * jnl_recover() removes it and everything after it. */
	return for_each_txn(j, c.bad, drop_one, rv);
}

int jnl_recover(struct journal *j, struct pm *pm, void *region,
		uint64_t size, struct jnl_recovery *rv, char *err,
		size_t errlen)
{
	int rc;

	memset(j, 0, sizeof(*j));
	j->pm = pm;
	j->region = region;
	j->sb = region;
	/* jnl_probe() checked the superblock against @size; a caller that
	 * did not gets a refusal here, never a read past the region. */
	if (j->sb->nblocks * BLK > size ||
	    j->sb->ckpt_start[1] + j->sb->ckpt_blocks > j->sb->data_start)
		return errf(err, errlen, -EUCLEAN, "recovery: the superblock "
			    "describes %llu blocks, the region holds %llu",
			    (unsigned long long)j->sb->nblocks,
			    (unsigned long long)(size / BLK));
	j->recs = (struct dxr_rec *)(j->region + j->sb->jnl_start * BLK);
	j->nslots = j->sb->jnl_blocks * BLK / sizeof(struct dxr_rec);
	j->ckpt[0] = j->region + j->sb->ckpt_start[0] * BLK;
	j->ckpt[1] = j->region + j->sb->ckpt_start[1] * BLK;
	j->ckpt_bytes = j->sb->ckpt_blocks * BLK;
	j->seed = (uint32_t)(j->sb->uuid ^ (j->sb->uuid >> 32));
	j->epoch = DXR_STATE_EPOCH(j->sb->state);
	j->live = DXR_STATE_SLOT(j->sb->state);
	dx_mutex_init(&j->lock, &lc_journal);
	if (meta_init(&j->meta, j->sb->data_start, j->sb->nblocks)) {
		rc = errf(err, errlen, -ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = load_checkpoint(j, err, errlen)) ||
	    (rc = replay(j, rv, err, errlen)))
		goto out;
	/* A torn crash may have kept records of this epoch after the
	 * replay point; new records go at head, so clear the rest first -
	 * up to the last slot that is not all zeros (the rest already is). */
	uint64_t end = rv && rv->hwm_known && rv->hwm < j->nslots ? rv->hwm
							      : j->nslots;
	static const struct dxr_rec zero;
	const uint8_t *base = (const uint8_t *)j->recs;
	const uint64_t per = 4096 / sizeof(zero);	/* slots a page */

	/* Whole pages of zeros first (one vector compare each: a byte equal
	 * to its neighbour all along and zero at the start), then slots. */
	while (end >= j->head + per) {
		const uint8_t *p = base + (end - per) * sizeof(zero);

		if (p[0] || memcmp(p, p + 1, per * sizeof(zero) - 1))
			break;
		end -= per;
	}
	while (end > j->head && !memcmp(&j->recs[end - 1], &zero, sizeof(zero)))
		end--;
	if (end > j->head)
		pm_zero_nt(pm, &j->recs[j->head],
			   (end - j->head) * sizeof(struct dxr_rec), 0);
	j->hwm = j->head;
	return 0;
out:
	jnl_close(j);
	return rc;
}

void jnl_shutdown(struct journal *j, const char *why)
{
	dx_mutex_lock(&j->lock);
	if (!j->shutdown) {
		snprintf(j->shutdown_why, sizeof(j->shutdown_why), "%s", why);
		__atomic_store_n(&j->shutdown, true, __ATOMIC_RELEASE);
	}
	dx_mutex_unlock(&j->lock);
}

/* Called with the lock held. */
static void shutdown_locked(struct journal *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void shutdown_locked(struct journal *j, const char *fmt, ...)
{
	va_list ap;

	if (j->shutdown)
		return;
	va_start(ap, fmt);
	vsnprintf(j->shutdown_why, sizeof(j->shutdown_why), fmt, ap);
	va_end(ap);
	__atomic_store_n(&j->shutdown, true, __ATOMIC_RELEASE);
}

int jnl_commit(struct journal *j, struct dxr_rec *recs, unsigned n)
{
	char why[200], what[200];
	int rc;

	if (n == 0 || n > j->nslots)
		return -EINVAL;
	dx_mutex_lock(&j->lock);
	if (j->shutdown) {
		rc = -EIO;
		goto out;
	}
	/* Before anything is durable: a record recovery would refuse is
	 * never written (meta.h). */
	if ((rc = meta_check(&j->meta, recs, n, why, sizeof(why)))) {
		meta_describe(&recs[0], what, sizeof(what));
		shutdown_locked(j, "refused a transaction that does not fit "
				"the metadata (%s): %s", what, why);
		goto out;
	}
	if (j->head + n > j->nslots && (rc = checkpoint_locked(j)))
		goto out;
	for (unsigned i = 0; i < n; i++) {
		recs[i].epoch = j->epoch;
		recs[i].seq = j->head + i;
		recs[i].flags = i == n - 1 ? DXR_F_COMMIT : 0;
		recs[i].crc = rec_crc(j->seed, &recs[i]);
	}
	pm_copy_nt(j->pm, &j->recs[j->head], recs, n * sizeof(*recs), 0);
	j->head += n;
	if (j->head > j->hwm)
		j->hwm = j->head;
	j->txns++;
	if ((rc = meta_apply(&j->meta, recs, n, why, sizeof(why)))) {
		/* Durable, checked, and still not applied: out of memory.
		 * Recovery will apply it; this mount cannot go on. */
		meta_describe(&recs[0], what, sizeof(what));
		shutdown_locked(j, "a committed transaction (%s) could not be "
				"applied in memory: %s", what,
				rc == -ENOMEM ? "out of memory" : why);
	}
out:
	dx_mutex_unlock(&j->lock);
	return rc;
}

uint64_t jnl_data_start(const struct journal *j) { return j->sb->data_start; }
uint64_t jnl_nblocks(const struct journal *j) { return j->sb->nblocks; }

void jnl_close(struct journal *j)
{
	meta_free(&j->meta);
	free(j->scratch);
	j->scratch = NULL;
	j->scratch_len = 0;
	dx_mutex_destroy(&j->lock);
}
