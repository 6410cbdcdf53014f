/* SPDX-License-Identifier: MIT */
/*
 * layout.h - the reference filesystem's format inside the region.
 *
 *   block 0            superblock; its state word sits alone in line 1
 *   journal            64-byte records, written in order from slot 0
 *   checkpoint A, B    serialised metadata; the state word names the live one
 *   data               from data_start, which is 2 MiB-aligned so that
 *                      extents can be mapped with PMDs
 *
 * Recovery: load the live checkpoint, then replay the journal records of
 * the same epoch in slot order, stopping at the first record whose CRC,
 * epoch or slot number is wrong; a transaction counts only if its COMMIT
 * record was reached.  Mount then zeroes the journal after the replay
 * point, so stale records there can never be replayed.  A checkpoint is
 * written when the journal fills and at unmount; it starts a new epoch.
 */
#ifndef DAXREF_LAYOUT_H
#define DAXREF_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define DXR_MAGIC	0x3130464552584144ULL	/* "DAXREF01" */
#define DXR_CKPT_MAGIC	0x31305450434b5844ULL	/* "DXCKPT01" */
#define DXR_VERSION	1

struct dxr_super {
	uint64_t	magic;
	uint32_t	version;
	uint32_t	blksz;
	uint64_t	nblocks;
	uint64_t	jnl_start, jnl_blocks;
	uint64_t	ckpt_start[2];
	uint64_t	ckpt_blocks;
	uint64_t	data_start;
	uint64_t	uuid;		/* random per format; seeds every CRC,
					 * so records of an older filesystem in
					 * a reused image never validate */
	uint32_t	crc;		/* crc32c of the fields above */
	uint32_t	pad;
	/* Changed with one aligned 8-byte store, then flushed and fenced:
	 * x86 makes that store atomic with respect to power failure. */
	uint64_t	state __attribute__((aligned(64)));
};
#define DXR_STATE(epoch, slot)	(((epoch) << 1) | (slot))
#define DXR_STATE_EPOCH(s)	((s) >> 1)
#define DXR_STATE_SLOT(s)	((unsigned)((s) & 1))

enum dxr_rec_type {
	DXR_ALLOC = 1,	/* ino fblk pblk len unwritten: map new blocks */
	DXR_UNMAP,	/* ino fblk len: unmap (free) a block range */
	DXR_CONVERT,	/* ino fblk len: unwritten -> written */
	DXR_SETSIZE,	/* ino size */
	DXR_CREATE,	/* ino name_len; DXR_NAME records follow */
	DXR_NAME,	/* 40 bytes of the name */
	DXR_UNLINK,	/* ino: the name goes; the inode is an orphan */
	DXR_DESTROY,	/* ino: the inode and all its blocks go */
};
#define DXR_F_COMMIT	0x1	/* last record of a transaction */
#define DXR_NAME_CHUNK	40

struct dxr_rec {
	uint32_t	crc;		/* crc32c(uuid) of bytes 4..63 */
	uint16_t	type;
	uint16_t	flags;
	uint64_t	epoch;
	uint64_t	seq;		/* equals the record's slot */
	union {
		struct { uint64_t ino, fblk, pblk, len; uint32_t unwritten; }
							alloc;
		struct { uint64_t ino, fblk, len; }	range;
		struct { uint64_t ino, size; }		setsize;
		struct { uint64_t ino; uint32_t name_len; } create;
		struct { uint64_t ino; }		ino;
		char					name[DXR_NAME_CHUNK];
	} u;
};
_Static_assert(sizeof(struct dxr_rec) == 64, "journal records are one line");

struct dxr_ckpt_hdr {
	uint64_t	magic;
	uint64_t	epoch;
	uint64_t	len;		/* payload bytes after the header */
	uint64_t	next_ino;
	uint32_t	crc;		/* crc32c of the payload */
	uint32_t	hcrc;		/* crc32c of the fields above */
};

/* Payload: per inode, this header, the name padded to 8, the extents. */
struct dxr_ckpt_inode {
	uint64_t	ino;
	uint64_t	size;
	uint32_t	nlink;
	uint32_t	name_len;
	uint64_t	nextents;
};
struct dxr_ckpt_extent {
	uint64_t	fblk, pblk, len, flags;
};

uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif
