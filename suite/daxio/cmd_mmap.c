// SPDX-License-Identifier: MIT
/*
 * cmd_mmap.c - mmap, mread, mwrite, msync and munmap, with xfs_io's map
 * table, output and messages.
 *
 * The table is process-wide, not per file, as in xfs_io: "mmap off len"
 * maps part of the current file and makes the new mapping current, "mmap"
 * lists the table, "mmap N" selects entry N, and mread/mwrite/msync/munmap
 * work on the current mapping with offsets that are file offsets.  A
 * mapping stays usable after its file is closed.
 *
 * Loads and stores are byte by byte, in xfs_io's order (forwards, or
 * backwards with -r), so the first byte that faults is the one xfs_io would
 * have died on.  Unlike xfs_io, a SIGBUS or SIGSEGV is caught (mapfault.c),
 * reported with its offset, and the batch goes on with status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daxio.h"
#include "xfsfmt.h"

static size_t page_size(void)
{
	static size_t ps;

	if (!ps)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

static struct tmap *current_map(struct daxio *io)
{
	return io->maps[io->curmap];
}

/* "rw-", "r-x S": what the mapping allows, and S for MAP_SYNC. */
static void prot_str(const struct tmap *m, char *buf, size_t len)
{
	bool sync = (m->flags & (MAP_SYNC | MAP_SHARED_VALIDATE)) ==
		    (MAP_SYNC | MAP_SHARED_VALIDATE);

	snprintf(buf, len, "%c%c%c%s", m->prot & PROT_READ ? 'r' : '-',
		 m->prot & PROT_WRITE ? 'w' : '-',
		 m->prot & PROT_EXEC ? 'x' : '-', sync ? " S" : "");
}

/* xfs_io's line: "[001] 0xSTART - 0xEND rw-  NAME (OFFSET : LENGTH)". */
static void map_list(struct daxio *io)
{
	for (int i = 0; i < io->nmaps; i++) {
		const struct tmap *m = io->maps[i];
		char prot[8];
		bool cur = i == io->curmap;

		prot_str(m, prot, sizeof(prot));
		printf("%c%03d%c 0x%lx - 0x%lx %s  %14s (%lld : %ld)\n",
		       cur ? '[' : ' ', i, cur ? ']' : ' ',
		       (unsigned long)m->addr,
		       (unsigned long)((char *)m->addr + m->length), prot,
		       m->name, (long long)m->offset, (long)m->length);
	}
}

/* Drops entry @i; the current mapping becomes the one that took its
 * place, or the new last one (xfs_io's munmap). */
static void map_forget(struct daxio *io, int i)
{
	free(io->maps[i]->name);
	free(io->maps[i]);
	memmove(&io->maps[i], &io->maps[i + 1],
		(size_t)(io->nmaps - i - 1) * sizeof(*io->maps));
	io->nmaps--;
	if (!io->nmaps) {
		free(io->maps);
		io->maps = NULL;
		io->curmap = -1;
	} else {
		io->curmap = i < io->nmaps ? i : i - 1;
	}
}

int map_unmap_all(struct daxio *io)
{
	int ret = 0;

	while (io->nmaps) {
		struct tmap *m = io->maps[io->nmaps - 1];
		int rc = io->target.ops->munmap(m);

		if (rc < 0) {
			op_error(io, "munmap", rc);
			ret = -1;
		}
		map_forget(io, io->nmaps - 1);
	}
	return ret;
}

static void no_maps(struct daxio *io)
{
	fflush(stdout);
	fprintf(stderr, io->file ? "no mapped regions, try 'help mmap'\n"
				 : "no files are open, try 'help open'\n");
	io->exitcode = 1;
}

/* "mmap N".  xfs_io takes atoi() of anything ("mmap x" selects 0); we
 * want a number. */
static int map_select(struct daxio *io, const struct daxio_cmd *ct,
		      const char *s)
{
	char *end;
	long i = strtol(s, &end, 10);

	if (end == s || *end)
		return arg_usage(io, ct);
	if (i < 0 || i >= io->nmaps) {
		printf("value %ld is out of range (0-%d)\n", i, io->nmaps - 1);
		io->exitcode = 1;
		return 0;
	}
	io->curmap = (int)i;
	map_list(io);
	return 0;
}

/* For an EINVAL from mmap whose reason we can name: the kernel's (and
 * libdaxref's) two rules about the range. */
static void mmap_einval_hint(long long off, long long len)
{
	if (len == 0)
		fprintf(stderr, "mmap: the length is 0\n");
	else if (off % (long long)page_size())
		fprintf(stderr, "mmap: offset %lld is not a multiple of the "
			"page size (%zu)\n", off, page_size());
}

int mmap_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("mmap");
	long long off, len, reserve = 0;
	int c, prot = 0, flags = MAP_SHARED, rc;
	struct tmap *m, **tab;

	if (argc <= 2) {
		if (!io->nmaps) {
			no_maps(io);
			return 0;
		}
		if (argc == 1) {
			map_list(io);
			return 0;
		}
		return map_select(io, ct, argv[1]);
	}
	if (!io->file) {
		fflush(stdout);
		fprintf(stderr, "no files are open, try 'help open'\n");
		io->exitcode = 1;
		return 0;
	}
	while ((c = getopt(argc, argv, "rwxSs:")) != -1) {
		switch (c) {
		case 'r': prot |= PROT_READ; break;
		case 'w': prot |= PROT_WRITE; break;
		case 'x': prot |= PROT_EXEC; break;
		case 'S': flags = MAP_SYNC | MAP_SHARED_VALIDATE; break;
		case 's':
			/* xfs_io ignores a bad size; we refuse it. */
			if (arg_size(io, "mmap", "size argument", optarg,
				     &reserve))
				return 0;
			break;
		default:
			return arg_usage(io, ct);
		}
	}
	if (optind != argc - 2)
		return arg_usage(io, ct);
	if (arg_size(io, "mmap", "offset argument", argv[optind], &off) ||
	    arg_size(io, "mmap", "length argument", argv[optind + 1], &len) ||
	    arg_range(io, "mmap", off, len))
		return 0;
	if (!io->target.ops->mmap) {
		printf("mmap: the %s target has no mappings\n",
		       io->target.ops->name);
		io->exitcode = 1;
		return 0;
	}

	m = calloc(1, sizeof(*m));
	if (!m || !(m->name = strdup(io->file->name))) {
		free(m);
		op_error(io, "strdup", -ENOMEM);
		return 0;
	}
	m->t = &io->target;
	m->f = io->file;
	m->offset = (off_t)off;
	m->length = (size_t)len;
	m->prot = prot ? prot : PROT_READ | PROT_WRITE | PROT_EXEC;
	m->prot_default = !prot;
	m->flags = flags;
	m->reserve = (size_t)reserve;
	rc = io->target.ops->mmap(m);
	m->f = NULL;
	if (rc < 0) {
		op_error(io, "mmap", rc);
		if (m->why)
			fprintf(stderr, "mmap: %s\n", m->why);
		else if (rc == -EINVAL)
			mmap_einval_hint(off, len);
		goto free_map;
	}
	tab = realloc(io->maps, (size_t)(io->nmaps + 1) * sizeof(*tab));
	if (!tab) {
		op_error(io, "realloc", -ENOMEM);
		io->target.ops->munmap(m);
		goto free_map;
	}
	io->maps = tab;
	io->maps[io->nmaps] = m;
	io->curmap = io->nmaps++;
	return 0;

free_map:
	free(m->name);
	free(m);
	return 0;
}

/*
 * The [off, off + len) range of file offsets, checked against the current
 * mapping with xfs_io's messages; returns the offset relative to the
 * mapping, or -1 (status 1).  Two deliberate differences: xfs_io tests the
 * end of the range against offset + length of the mapping, so at a
 * nonzero mapping offset it lets an access run past the mapping; and its
 * "beyond end" message shows the mapping's offset where it means its
 * length.  With @pagealign the start must be page-aligned (msync).
 */
static long long map_range(struct daxio *io, const struct tmap *m,
			   long long off, long long len, bool pagealign)
{
	long long rel;

	if (off < (long long)m->offset) {
		printf("offset (%lld) is before start of mapping (%lld)\n",
		       off, (long long)m->offset);
		goto bad;
	}
	rel = off - (long long)m->offset;
	if (rel > (long long)m->length) {
		printf("offset (%lld) is beyond end of mapping (%lld)\n",
		       rel, (long long)m->length);
		goto bad;
	}
	if (rel + len > (long long)m->length) {
		printf("range (%lld:%lld) is beyond mapping (%lld:%ld)\n",
		       off, rel, (long long)m->offset, (long)m->length);
		goto bad;
	}
	if (pagealign && ((uintptr_t)m->addr + (uintptr_t)rel) % page_size()) {
		printf("offset address (%p) is not page aligned\n",
		       (void *)((char *)m->addr + rel));
		goto bad;
	}
	return rel;
bad:
	io->exitcode = 1;
	return -1;
}

/* "[off len]" after the options, or the whole mapping; -1 after a
 * message. */
static int map_args(struct daxio *io, const struct daxio_cmd *ct, int argc,
		    char **argv, long long *off, long long *len)
{
	const struct tmap *m = current_map(io);

	if (optind == argc) {
		*off = (long long)m->offset;
		*len = (long long)m->length;
		return 0;
	}
	if (optind != argc - 2) {
		arg_usage(io, ct);
		return -1;
	}
	if (arg_size(io, argv[0], "offset argument", argv[optind], off) ||
	    arg_size(io, argv[0], "length argument", argv[optind + 1], len) ||
	    arg_range(io, argv[0], *off, *len))
		return -1;
	return 0;
}

/* The bytes of the mapping that an access may touch without a fault being
 * a bug of ours: the mapping, rounded up to whole pages. */
static size_t map_span(const struct tmap *m)
{
	return (m->length + page_size() - 1) & ~(page_size() - 1);
}

/* A caught fault: which signal, where in the file and in the mapping. */
static void fault_report(struct daxio *io, const char *cmd,
			 const struct tmap *m, int sig, void *at)
{
	long long rel = (long long)((char *)at - (char *)m->addr);
	char prot[8];

	fflush(stdout);
	if (sig == SIGBUS) {
		fprintf(stderr, "%s: Bus error (SIGBUS) at file offset %lld "
			"(mapping offset %lld)\n", cmd,
			(long long)m->offset + rel, rel);
	} else {
		prot_str(m, prot, sizeof(prot));
		fprintf(stderr, "%s: Segmentation fault (SIGSEGV) at file "
			"offset %lld (mapping offset %lld); the mapping is "
			"%s\n", cmd, (long long)m->offset + rel, rel, prot);
	}
	io->exitcode = 1;
}

struct mread_job {
	const char	*src;		/* the first byte of the range */
	long long	len;
	bool		reverse;
	bool		dump;
	long long	label;		/* offset printed for the first byte */
	unsigned char	*buf;		/* one page */
};

/*
 * xfs_io's mread loop: bytes go into a page-sized buffer, which is dumped
 * (with -v/-f) each time it is full.  The first buffer holds len % pagesize
 * bytes (a whole page if that is 0), so the dump lines after it start at
 * that offset.  Backwards (-r), bytes are dumped in the order they were
 * read, labelled upwards from the start of the range, as xfs_io does.
 * xfs_io prints nothing at all when len % pagesize == 1 (and overruns its
 * buffer); we dump that byte like any other first buffer.
 */
static void mread_loop(void *arg)
{
	struct mread_job *j = arg;
	const volatile char *src = j->src;
	long long chunk = j->len % (long long)page_size(), n = 0;

	if (!chunk)
		chunk = (long long)page_size();
	for (long long k = 0; k < j->len; k++) {
		long long i = j->reverse ? j->len - 1 - k : k;

		j->buf[n++] = (unsigned char)src[i];
		if (n < chunk)
			continue;
		if (j->dump) {
			xfs_dump_buffer(stdout, j->buf, j->reverse ? j->label :
					j->label + k + 1 - chunk, (size_t)chunk);
			if (j->reverse)
				j->label += chunk;
		}
		n = 0;
		chunk = (long long)page_size();
	}
}

int mread_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("mread");
	struct tmap *m = current_map(io);
	struct mread_job j = { 0 };
	long long off, len, rel;
	int c, dump = 0, sig;
	void *at;

	while ((c = getopt(argc, argv, "frv")) != -1) {
		switch (c) {
		case 'f': dump = 2; break;	/* label with file offsets */
		case 'r': j.reverse = true; break;
		case 'v': dump = 1; break;	/* label with mapping offsets */
		default: return arg_usage(io, ct);
		}
	}
	if (map_args(io, ct, argc, argv, &off, &len) ||
	    (rel = map_range(io, m, off, len, false)) < 0)
		return 0;
	j.buf = iobuf_get(page_size(), false, 0);
	if (!j.buf) {
		op_error(io, "malloc", -errno);
		return 0;
	}
	j.src = (char *)m->addr + rel;
	j.len = len;
	j.dump = dump != 0;
	j.label = dump == 2 ? off : rel;
	sig = mapfault_run(mread_loop, &j, m->addr, map_span(m), &at);
	if (sig)
		fault_report(io, argv[0], m, sig, at);
	return 0;
}

struct mwrite_job {
	char		*dst;
	long long	len;
	bool		reverse;
	char		seed;
};

static void mwrite_loop(void *arg)
{
	struct mwrite_job *j = arg;
	volatile char *dst = j->dst;

	for (long long k = 0; k < j->len; k++)
		dst[j->reverse ? j->len - 1 - k : k] = j->seed;
}

int mwrite_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("mwrite");
	struct tmap *m = current_map(io);
	struct mwrite_job j = { .seed = 'X' };
	long long off, len, rel;
	int c, sig;
	char *end;
	void *at;

	while ((c = getopt(argc, argv, "rS:")) != -1) {
		switch (c) {
		case 'r':
			j.reverse = true;
			break;
		case 'S':
			/* xfs_io: strtol in any base, the low byte stored;
			 * only "no digits" is an error (status 0 there). */
			j.seed = (char)strtol(optarg, &end, 0);
			if (end == optarg) {
				printf("non-numeric seed -- %s\n", optarg);
				io->exitcode = 1;
				return 0;
			}
			break;
		default:
			return arg_usage(io, ct);
		}
	}
	if (map_args(io, ct, argc, argv, &off, &len) ||
	    (rel = map_range(io, m, off, len, false)) < 0)
		return 0;
	j.dst = (char *)m->addr + rel;
	j.len = len;
	sig = mapfault_run(mwrite_loop, &j, m->addr, map_span(m), &at);
	if (sig)
		fault_report(io, argv[0], m, sig, at);
	return 0;
}

int msync_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("msync");
	struct tmap *m = current_map(io);
	long long off, len, rel;
	int c, flags = 0, rc;

	while ((c = getopt(argc, argv, "ais")) != -1) {
		switch (c) {
		case 'a': flags |= MS_ASYNC; break;
		case 'i': flags |= MS_INVALIDATE; break;
		case 's': flags |= MS_SYNC; break;
		default: return arg_usage(io, ct);
		}
	}
	if (map_args(io, ct, argc, argv, &off, &len) ||
	    (rel = map_range(io, m, off, len, true)) < 0)
		return 0;
	rc = io->target.ops->msync(m, (size_t)rel, (size_t)len, flags);
	if (rc < 0)
		op_error(io, "msync", rc);
	return 0;
}

/*
 * madvise [-drsw] [off len]: advice for the current mapping (the whole of
 * it without a range), as xfs_io gives it.  On the reference DONTNEED
 * unmaps the range from this mapping (the next access faults again); the
 * others change nothing on a DAX file, as in the kernel.
 */
int madvise_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("madvise");
	struct tmap *m = current_map(io);
	long long off, len, rel;
	int c, advice = MADV_NORMAL, rc;

	while ((c = getopt(argc, argv, "drsw")) != -1) {
		switch (c) {
		case 'd': advice = MADV_DONTNEED; break;
		case 'r': advice = MADV_RANDOM; break;
		case 's': advice = MADV_SEQUENTIAL; break;
		case 'w': advice = MADV_WILLNEED; break;
		default: return arg_usage(io, ct);
		}
	}
	if (map_args(io, ct, argc, argv, &off, &len) ||
	    (rel = map_range(io, m, off, len, true)) < 0)
		return 0;
	rc = io->target.ops->madvise(m, (size_t)rel, (size_t)len, advice);
	if (rc < 0)
		op_error(io, "madvise", rc);
	return 0;
}

void madvise_help(void)
{
	printf("\n"
" advise the page cache about access patterns expected for a mapping\n"
"\n"
" Gives madvise(2) advice for the current mapping: the range given, or the\n"
" whole mapping.  With no option, MADV_NORMAL.\n"
" -d -- don't need these pages (MADV_DONTNEED): on the reference the range\n"
"       is unmapped from this mapping and the next access faults again\n"
" -r -- expect random page references (MADV_RANDOM)\n"
" -s -- expect sequential page references (MADV_SEQUENTIAL)\n"
" -w -- will need these pages (MADV_WILLNEED)\n"
" On a DAX file -r, -s and -w change nothing (there is no readahead); the\n"
" reference, which has no readahead in any mode, ignores them too.\n"
"\n");
}

int munmap_f(struct daxio *io, int argc DX_UNUSED, char **argv DX_UNUSED)
{
	int rc = io->target.ops->munmap(current_map(io));

	if (rc < 0) {
		op_error(io, "munmap", rc);
		return 0;
	}
	map_forget(io, io->curmap);
	map_list(io);
	return 0;
}

void mmap_help(void)
{
	printf("\n"
" With a range, maps it from the current file and makes the new mapping\n"
" the current one; mread, mwrite, msync and munmap work on the current\n"
" mapping, with file offsets.  With no argument, lists the mappings (the\n"
" current one in brackets); with a number N, makes mapping N current.\n"
"\n"
" Example:\n"
" 'mmap -rw 0 1m' - map the first megabyte of the file for reading and\n"
"                   writing\n"
"\n"
" -r, -w, -x -- PROT_READ, PROT_WRITE, PROT_EXEC; none of them means all\n"
"               three (on the ref target: read and write)\n"
" -S         -- MAP_SYNC (with MAP_SHARED_VALIDATE): page faults make the\n"
"               file's metadata durable; refused unless the file is DAX\n"
" -s size    -- reserve size bytes of address space first, so that the\n"
"               mapping has room to grow (real files only)\n"
" The offset must be a multiple of the page size, the length not 0.\n"
"\n");
}

void mread_help(void)
{
	printf("\n"
" Loads every byte of a range of the current mapping (all of it by\n"
" default), one at a time, and can dump them.\n"
"\n"
" Example:\n"
" 'mread -v 4k 32' - dump the 32 bytes at file offset 4096\n"
"\n"
" -v -- dump the bytes, labelled with offsets into the mapping\n"
" -f -- dump the bytes, labelled with offsets into the file\n"
" -r -- load backwards, from the end of the range (a dump then shows the\n"
"       bytes in that order)\n"
" A load from a page wholly past the end of the file raises SIGBUS; daxio\n"
" reports the offset and goes on (xfs_io dies of it).\n"
"\n");
}

void mwrite_help(void)
{
	printf("\n"
" Stores a byte into every byte of a range of the current mapping (all of\n"
" it by default), one at a time.  Nothing is printed.\n"
"\n"
" Example:\n"
" 'mwrite -S 0x41 0 4k' - fill the first 4 KiB with 'A'\n"
"\n"
" -S seed -- the byte to store (its low 8 bits; default 'X', 0x58)\n"
" -r      -- store backwards, from the end of the range\n"
" A store past the end of the file raises SIGBUS, a store to a mapping\n"
" without -w SIGSEGV; daxio reports the offset and goes on.\n"
"\n");
}

void msync_help(void)
{
	printf("\n"
" Calls msync(2) on a range of the current mapping (all of it by\n"
" default); the start must be page-aligned.  With no option the flags\n"
" are 0, which on Linux writes nothing back; use -s to make stores\n"
" through the mapping durable.\n"
"\n"
" Example:\n"
" 'msync -s 0 4k' - write back the first page and wait for it\n"
"\n"
" -s -- MS_SYNC: write back and wait\n"
" -a -- MS_ASYNC: schedule write-back (a no-op on Linux and on DAX)\n"
" -i -- MS_INVALIDATE\n"
"\n");
}
