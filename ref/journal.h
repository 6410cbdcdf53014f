/* SPDX-License-Identifier: MIT */
/*
 * journal.h - metadata transactions in the region, checkpoints, recovery.
 *
 * Contract of jnl_commit(): the transaction is first checked against the
 * durable model (meta_check); one that does not fit is never written:
 * the journal shuts down instead (as XFS shuts down on a dirty transaction
 * cancel) and every later commit fails with -EIO.  A transaction that fits
 * is written with NT stores and fenced before jnl_commit() returns, so it
 * is durable; only then is it applied to the model.  A caller that needs
 * data to be durable before the metadata that exposes it (zeroing before
 * an allocation, data before an unwritten conversion) must fence the data
 * first.  Lock: the journal mutex, below ilock and alloc in the order.
 */
#ifndef DAXREF_JOURNAL_H
#define DAXREF_JOURNAL_H

#include <stdint.h>
#include "layout.h"
#include "lock.h"
#include "meta.h"
#include "pmem.h"

struct journal {
	struct pm		*pm;
	uint8_t			*region;
	struct dxr_super	*sb;
	struct dxr_rec		*recs;
	uint64_t		nslots, head, epoch;
	/* No slot at or past it was written since this process formatted or
	 * scanned the journal (a hint that outlives dx_crash()). */
	uint64_t		hwm;
	unsigned		live;		/* live checkpoint slot */
	uint8_t			*ckpt[2];
	uint64_t		ckpt_bytes;
	uint32_t		seed;		/* CRC seed, from the uuid */
	struct meta		meta;		/* the durable metadata */
	struct dx_mutex		lock;
	uint64_t		txns, checkpoints, replayed;
	void			*scratch;
	uint64_t		scratch_len;
	/* Set once, under the lock; read without it by the fs entry points
	 * (a stale "not yet" only lets a call reach jnl_commit's -EIO). */
	bool			shutdown;
	char			shutdown_why[320];
};

/*
 * How recovery treats a committed transaction that does not fit the
 * model (which jnl_commit() never writes, but an older daxref, a bug or a
 * damaged image can leave).  Without @repair the mount fails, naming the
 * slot, the record, the inode and the blocks.  With @repair, recovery
 * keeps everything before it, drops it and every transaction after it,
 * tells @notice one line per transaction dropped, and clears them from the
 * journal so that the region mounts again.  @dropped counts them.
 */
struct jnl_recovery {
	bool		repair;
	/* The journal's hwm before an in-process crash (hwm_known): no
	 * slot at or past it holds anything, so recovery need not scan
	 * there.  Unknown (a mount), it scans the whole journal. */
	bool		hwm_known;
	uint64_t	hwm;
	void		(*notice)(void *arg, const char *line);
	void		*arg;
	uint64_t	dropped;
};

/* The first data block jnl_format() gives a region of @size bytes, or 0
 * if it is too small. */
uint64_t jnl_data_start_for(uint64_t size);

/* Writes a new, empty filesystem over the region (mkfs). */
int jnl_format(struct pm *pm, void *region, uint64_t size, char *err,
	       size_t errlen);

/* True if the region starts with a daxref superblock; false if the first
 * block is all zero; -EUCLEAN (with @err) if it holds something else. */
int jnl_probe(const void *region, uint64_t size, char *err, size_t errlen);

/**
 * jnl_recover() - mount: load the live checkpoint, replay the journal,
 * then zero the journal after the replay point, so that no stale record
 * of this epoch can follow the records appended from there on.  On
 * success @j->meta is the recovered metadata.
 */
int jnl_recover(struct journal *j, struct pm *pm, void *region,
		uint64_t size, struct jnl_recovery *rv, char *err,
		size_t errlen);

/* Commits @n records as one transaction (see the contract above):
 * 0, -EUCLEAN (it did not fit: the journal is shut down now), -EIO (shut
 * down before), -ENOSPC (no room for a checkpoint), -EINVAL, -ENOMEM. */
int jnl_commit(struct journal *j, struct dxr_rec *recs, unsigned n);

/* Stops all further commits with -EIO; @why is kept for reports. */
void jnl_shutdown(struct journal *j, const char *why);

/* Writes a checkpoint now and starts a new epoch. */
int jnl_checkpoint(struct journal *j);

uint64_t jnl_data_start(const struct journal *j);
uint64_t jnl_nblocks(const struct journal *j);
void jnl_close(struct journal *j);

#endif
