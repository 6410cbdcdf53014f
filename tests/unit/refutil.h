/* SPDX-License-Identifier: MIT */
/* refutil.h - helpers for tests of the reference filesystem. */
#ifndef DAXBENCH_REFUTIL_H
#define DAXBENCH_REFUTIL_H

#include <stdint.h>
#include <string.h>
#include "daxref.h"
#include "harness.h"

static const char *const all_modes[] = { "movnt", "clwb", "deferred",
					 "pagecache" };
#define NMODES (sizeof(all_modes) / sizeof(all_modes[0]))

/* A small, tracked, memfd-backed filesystem. */
static inline struct dx_fs *ref_mount(const char *mode, enum dx_zeroing z,
				      uint64_t size, bool track)
{
	struct dx_opts o;
	struct dx_fs *fs = NULL;
	char err[256];

	dx_opts_init(&o);
	o.mode = mode;
	o.zeroing = z;
	o.region_size = size;
	o.track = track;
	if (dx_mount(&o, &fs, err, sizeof(err))) {
		printf("#FAIL mount %s: %s\n", mode, err);
		return NULL;
	}
	return fs;
}

/* Byte @i of pattern @seed: never zero, differs between seeds. */
static inline uint8_t pat(uint64_t seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9e3779b97f4a7c15ULL ^ (seed * 0xbf58476d1ce4e5b9ULL);

	x ^= x >> 29;
	return (uint8_t)(x | 1);
}

static inline void fill(uint8_t *b, size_t n, uint64_t seed, uint64_t off)
{
	for (size_t i = 0; i < n; i++)
		b[i] = pat(seed, off + i);
}

/* First offset in [off, off+n) whose byte is not pattern @seed (or zero
 * when @seed is 0), or -1 when all match. */
static inline long long verify(struct dx_file *f, uint64_t off, size_t n,
			       uint64_t seed)
{
	static uint8_t buf[1 << 20];

	for (size_t done = 0; done < n;) {
		size_t c = n - done < sizeof(buf) ? n - done : sizeof(buf);
		ssize_t r = dx_pread(f, buf, c, (off_t)(off + done));

		if (r != (ssize_t)c)
			return (long long)(off + done);
		for (size_t i = 0; i < c; i++) {
			uint8_t want = seed ? pat(seed, off + done + i) : 0;

			if (buf[i] != want)
				return (long long)(off + done + i);
		}
		done += c;
	}
	return -1;
}

static inline ssize_t write_pat(struct dx_file *f, uint64_t off, size_t n,
				uint64_t seed, size_t bs)
{
	static uint8_t buf[1 << 20];
	size_t done = 0;

	if (bs > sizeof(buf))
		bs = sizeof(buf);
	while (done < n) {
		size_t c = n - done < bs ? n - done : bs;
		ssize_t w;

		fill(buf, c, seed, off + done);
		w = dx_pwrite(f, buf, c, (off_t)(off + done));
		if (w < 0)
			return done ? (ssize_t)done : w;
		done += (size_t)w;
		if ((size_t)w < c)
			break;
	}
	return (ssize_t)done;
}

static inline uint64_t file_size(struct dx_file *f)
{
	struct dx_stat st;

	return dx_fstat(f, &st) ? UINT64_MAX : st.size;
}

#endif
