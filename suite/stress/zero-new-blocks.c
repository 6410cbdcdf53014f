// SPDX-License-Identifier: MIT
/*
 * zero-new-blocks.c - the catalogue's zero-new-blocks check on a real
 * mount (implicit in the whole thread; Chinner 2016-08-02 on zeroing new
 * blocks): newly allocated blocks read as zeros and never show the old data
 * of a deleted file.
 *
 * Each iteration writes a 1 MiB file with a fresh pattern, makes it
 * durable, deletes it and commits the delete (with --fill, its blocks are
 * then nearly the only free ones).  A new file is then built by a random
 * mix of the ways a block comes into a file: extending truncate (holes),
 * fallocate (unwritten extents), FALLOC_FL_ZERO_RANGE, small unaligned
 * pwrite()s, stores through a mapping, O_DIRECT block writes and appends.
 * A model records every byte the program wrote; through pread() and a
 * fresh mapping, every other byte must be zero.  Wrong bytes that match
 * the deleted file's pattern are reported as its old data.
 *
 * Reported, not failed: a store through a mapping past EOF in the last
 * page, then an extending truncate.  POSIX says those bytes are not part
 * of the file, and kernels zero them on extension only since the post-EOF
 * folio zeroing fixes; this line says what this kernel does.
 *
 * --break expose-old: before the check, 64 bytes of the deleted file's
 * data are written into the new file behind the model's back (the symptom
 * of a block handed out unzeroed).  The check must fail and name it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stress.h"

#define OLDSIZE	(1UL << 20)
#define MAXEXT	512

static const struct stress_break breaks[] = {
	{ "expose-old", "write 64 bytes of the deleted file's data into the new file behind the model's back", true },
	{ "wrong-pattern", "expect the deleted file's pattern where zeros must be", true },
	{ 0 }
};

static const struct stress_prog prog = {
	.name = "stress-zero-new-blocks",
	.check = "zero-new-blocks",
	.summary = "New blocks (holes, fallocate, zero range, partial writes, mmap, O_DIRECT, appends) read as zeros, never a deleted file's data.",
	.breaks = breaks,
	.def_iterations = 20000,
	.def_seconds = 10,
};

static uint8_t model[OLDSIZE + STRESS_PAGE], got[OLDSIZE + STRESS_PAGE];
static uint8_t buf[OLDSIZE] __attribute__((aligned(4096)));

enum { OP_TRUNC, OP_FALLOC, OP_ZERO, OP_PWRITE, OP_MSTORE, OP_DIO, OP_APPEND, NOPS };
static const char *const op_names[NOPS] = {
	"truncate", "fallocate", "zero-range", "pwrite", "mmap-store", "o_direct", "append"
};

int main(int argc, char **argv)
{
	struct stress_opts o;
	struct stress_result r;
	struct fiemap_ext eo[MAXEXT], en[MAXEXT];
	struct stress_filler fl;
	struct stress_rng rng;
	unsigned long i, ops[NOPS] = { 0 }, unsup[NOPS] = { 0 }, bad_old = 0,
		      bad_other = 0, reuse_iters = 0, eof_kept = 0, eof_tries = 0;
	uint64_t reuse_bytes = 0;
	char po[4096], pn[4096], first[320] = "";
	int rc, dax = -1, dirfd;
	const char *fsname = "?";

	stress_parse(&prog, &o, argc, argv);
	stress_signals_init();
	stress_result_init(&r, prog.check);
	rng.s = o.seed ^ 0x4444;
	stress_path(&o, "zero-new-blocks.old", po, sizeof(po));
	stress_path(&o, "zero-new-blocks.new", pn, sizeof(pn));
	dirfd = open(o.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		stress_die("open (the directory)", errno);
	if ((rc = stress_fill(&o, &fl, OLDSIZE + (256 << 10))) < 0)
		stress_die("fallocate (--fill)", -rc);

	for (i = 0; stress_more(&o, i); i++) {
		uint64_t sold = stress_mix(o.seed + 2 * i + 1), snew = stress_mix(o.seed + 2 * i + 2);
		size_t size = 0, cap = (1 + stress_rand(&rng) % 256) * STRESS_PAGE;
		int fo, fn, fd_direct, ne, nn;
		uint8_t *m;

		/* The old file: written, durable, deleted, the delete committed. */
		fo = open(po, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fo < 0)
			stress_die("open (old file)", errno);
		pat_fill(buf, OLDSIZE, sold, 0);
		if ((rc = stress_pwrite_room(&fl, fo, buf, OLDSIZE, 0)) < 0)
			stress_die("pwrite (old file)", -rc);
		if (fsync(fo) < 0)
			stress_die("fsync (old file)", errno);
		ne = fiemap_read(fo, eo, MAXEXT);
		if (i == 0) {
			dax = stress_file_dax(fo);
			fsname = stress_fs_name(fo);
		}
		close(fo);
		if (unlink(po) < 0 || fsync(dirfd) < 0 || syncfs(dirfd) < 0)
			stress_die("unlink+fsync (old file)", errno);

		/* The new file, a random mix of ways to get blocks. */
		fn = open(pn, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fn < 0)
			stress_die("open (new file)", errno);
		fd_direct = open(pn, O_RDWR | O_DIRECT | O_CLOEXEC);
		memset(model, 0, sizeof(model));
		for (int k = 0, nk = 4 + (int)(stress_rand(&rng) % 8); k < nk; k++) {
			int op = (int)(stress_rand(&rng) % NOPS);
			size_t off = size ? stress_rand(&rng) % size : 0;
			size_t len = 1 + stress_rand(&rng) % 300;

			switch (op) {
			case OP_TRUNC:
				size = cap;
				if (ftruncate(fn, (off_t)size) < 0)
					stress_die("ftruncate", errno);
				break;
			case OP_FALLOC:
			case OP_ZERO:
				if (!size)
					continue;
				len = (1 + stress_rand(&rng) % 32) * STRESS_PAGE;
				if (off + len > size)
					len = size - off;
				if (fallocate(fn, op == OP_ZERO ? FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE : FALLOC_FL_KEEP_SIZE,
					      (off_t)off, (off_t)len) < 0) {
					if (errno == EOPNOTSUPP) {
						unsup[op]++;
						continue;
					}
					if (errno == ENOSPC && stress_fill_relax(&fl, 1 << 20) == 0)
						continue;
					stress_die(op_names[op], errno);
				}
				if (op == OP_ZERO)
					memset(model + off, 0, len);
				break;
			case OP_PWRITE:
			case OP_MSTORE:
				if (!size)
					continue;
				if (off + len > size)
					len = size - off;
				pat_fill(buf, len, snew, off);
				if (op == OP_PWRITE) {
					if ((rc = stress_pwrite_room(&fl, fn, buf, len, (off_t)off)) < 0)
						stress_die("pwrite", -rc);
				} else {
					m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fn, 0);
					if (m == MAP_FAILED)
						stress_die("mmap", errno);
					if (probe_fill(m + off, buf, len)) {
						/* ENOSPC on a write fault is SIGBUS */
						munmap(m, size);
						if (stress_fill_relax(&fl, 1 << 20) == 0)
							continue;
						stress_die("store through the mapping (SIGBUS)", ENOSPC);
					}
					munmap(m, size);
				}
				memcpy(model + off, buf, len);
				break;
			case OP_DIO:
				if (fd_direct < 0 || !size) {
					unsup[op] += fd_direct < 0;
					continue;
				}
				off &= ~(STRESS_PAGE - 1);
				len = STRESS_PAGE;
				if (off + len > size)
					continue;
				pat_fill(buf, len, snew, off);
				if ((rc = stress_pwrite_room(&fl, fd_direct, buf, len, (off_t)off)) < 0) {
					if (rc == -EINVAL) {
						unsup[op]++;
						continue;
					}
					stress_die("pwrite (O_DIRECT)", -rc);
				}
				memcpy(model + off, buf, len);
				break;
			case OP_APPEND:
				if (size + len > OLDSIZE)
					continue;
				off = size;
				pat_fill(buf, len, snew, off);
				if ((rc = stress_pwrite_room(&fl, fn, buf, len, (off_t)off)) < 0)
					stress_die("pwrite (append)", -rc);
				memcpy(model + off, buf, len);
				size += len;
				break;
			}
			ops[op]++;
		}

		/* Reported only: a store past EOF in the last page, then extend. */
		if (size & (STRESS_PAGE - 1) && size + STRESS_PAGE <= OLDSIZE) {
			size_t tail = STRESS_PAGE - (size & (STRESS_PAGE - 1));

			m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fn, 0);
			if (m != MAP_FAILED) {
				memset(buf, 0xa5, tail);
				if (!probe_fill(m + size, buf, tail)) {
					eof_tries++;
					munmap(m, size);
					if (ftruncate(fn, (off_t)(size + tail)) < 0)
						stress_die("ftruncate (extend)", errno);
					if (stress_pread_all(fn, got, tail, (off_t)size) == 0 &&
					    pat_check(got, tail, 0, size, NULL))
						eof_kept++;
					/* Whatever the kernel kept is now file data. */
					memcpy(model + size, got, tail);
					size += tail;
				} else {
					munmap(m, size);
				}
			}
		}

		if (stress_breaking(&o, "expose-old") && size >= 128) {
			size_t off = (stress_rand(&rng) % (size - 64)) & ~63UL;

			pat_fill(buf, 64, sold, off);
			if (stress_pwrite_all(fn, buf, 64, (off_t)off) < 0)
				stress_die("pwrite (--break expose-old)", errno);
		}

		/* The check: pread and a fresh mapping against the model. */
		for (int view = 0; view < 2 && size; view++) {
			const char *vn = view ? "a fresh mapping" : "pread";
			size_t done;

			if (view == 0) {
				if (stress_pread_all(fn, got, size, 0) < 0)
					stress_die("pread", errno);
			} else {
				m = mmap(NULL, size, PROT_READ, MAP_SHARED, fn, 0);
				if (m == MAP_FAILED)
					stress_die("mmap", errno);
				if (probe_copy(got, m, size, &done))
					stress_die("load through the mapping (SIGBUS within EOF)", EFAULT);
				munmap(m, size);
			}
			if (stress_breaking(&o, "wrong-pattern"))
				for (size_t b = 0; b < size; b++)
					if (!model[b])
						model[b] = pat_byte(sold, b);
			for (size_t b = 0; b < size; b++) {
				if (got[b] == model[b])
					continue;
				size_t a8 = b & ~7UL;
				int old = a8 + 8 <= size && pat_find(got + a8, a8, sold, OLDSIZE) >= 0;

				if (old)
					bad_old++;
				else
					bad_other++;
				if (!first[0])
					snprintf(first, sizeof(first),
						 "iteration %lu: %s: byte %zu of %zu is 0x%02x, want 0x%02x%s",
						 i, vn, b, size, got[b], model[b],
						 old ? " (old data of the deleted file)" : "");
				break;		/* one per view and iteration */
			}
		}

		nn = fiemap_read(fn, en, MAXEXT);
		if (ne > 0 && nn > 0) {
			uint64_t ov = stress_overlap(eo, ne, en, nn);

			if (ov) {
				reuse_iters++;
				reuse_bytes += ov;
			}
		}
		if (fd_direct >= 0)
			close(fd_direct);
		close(fn);
		unlink(pn);
	}

	r.iterations = i;
	r.seconds = stress_now() - o.t0;
	if (bad_old + bad_other) {
		r.status = ST_FAIL;
		stress_note(&r, "wrong bytes in %lu views: %lu with the deleted file's data, %lu other",
			    bad_old + bad_other, bad_old, bad_other);
		stress_note(&r, "first: %s", first);
	} else {
		stress_note(&r, "every unwritten byte read zero in %lu iterations", i);
	}
	{
		char ol[300] = "";

		for (int k = 0; k < NOPS; k++)
			snprintf(ol + strlen(ol), sizeof(ol) - strlen(ol), "%s%s %lu%s",
				 k ? ", " : "", op_names[k], ops[k],
				 unsup[k] ? " (unsupported here)" : "");
		stress_note(&r, "ops: %s", ol);
	}
	stress_note(&r, "the deleted file's blocks were reused in %lu iterations (%llu KiB)%s",
		    reuse_iters, (unsigned long long)(reuse_bytes >> 10),
		    o.fill ? " with --fill" : "");
	stress_note(&r, "reported only: a store past EOF then an extending truncate kept the stored bytes %lu of %lu times",
		    eof_kept, eof_tries);
	stress_note(&r, "fs %s, STATX_ATTR_DAX=%d", fsname, dax);
	if (o.brk)
		stress_note(&r, "--break %s", o.brk);
	{	/* The minimum: new blocks made by some operation, and read. */
		unsigned long nops = 0;

		for (int k = 0; k < NOPS; k++)
			nops += ops[k];
		stress_need(&r, "allocating operations", nops, 1);
	}
	stress_report(&r);
	stress_unfill(&fl);
	close(dirfd);
	return stress_finish();
}
