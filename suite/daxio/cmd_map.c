// SPDX-License-Identifier: MIT
/*
 * cmd_map.c - fiemap and bmap: where a file's blocks are, in xfs_io 6.1's
 * listings (512-byte units).  fiemap asks FS_IOC_FIEMAP for the range (any
 * filesystem); bmap asks XFS_IOC_GETBMAPX for the whole file (XFS, and the
 * reference, which answers from its own extent list).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daxio.h"

#define BB(bytes)	((unsigned long long)((bytes) >> 9))	/* truncating */

static int digits(unsigned long long v, int base)
{
	int n = 1;

	while (v >= (unsigned long long)base) {
		v /= (unsigned long long)base;
		n++;
	}
	return n;
}

static int max_i(int a, int b)
{
	return a > b ? a : b;
}

/* The columns of fiemap -v: at least 16, 16, 5 and 5 wide, wider for the
 * extents of the first batch xfs_io asks for (32, up to the last one). */
struct fm_cols { int foff, boff, tot, flg; };

static void fm_widths(const struct fiemap_ext *e, int n, struct fm_cols *w)
{
	char b[64];

	*w = (struct fm_cols){ 16, 16, 5, 5 };
	for (int i = 0; i < n && i < 32; i++) {
		unsigned long long lo = BB(e[i].logical), len = BB(e[i].length);
		unsigned long long blk = BB(e[i].physical);

		w->foff = max_i(w->foff, snprintf(b, sizeof(b), "[%llu..%llu]",
						  lo, lo + len - 1));
		w->boff = max_i(w->boff, snprintf(b, sizeof(b), "%llu..%llu",
						  blk, blk + len - 1));
		w->tot = max_i(w->tot, digits(len, 10));
		w->flg = max_i(w->flg, digits(e[i].flags, 16));
		if (e[i].flags & FIEMAP_EXT_LAST)
			break;
	}
}

/* A hole [lo, hi) in 512-byte units, numbered @idx. */
static void fm_hole(bool verbose, bool lflag, const struct fm_cols *w, int idx,
		    unsigned long long lo, unsigned long long hi)
{
	char b[64];

	if (!verbose) {
		printf("\t%d: [%llu..%llu]: hole", idx, lo, hi - 1);
		if (lflag)
			printf(" %llu blocks\n", hi - lo);
		else
			putchar('\n');
		return;
	}
	snprintf(b, sizeof(b), "[%llu..%llu]:", lo, hi - 1);
	printf("%4d: %-*s %-*s %*llu\n", idx, w->foff, b, w->boff, "hole",
	       w->tot, hi - lo);
}

/*
 * fiemap [-lv] [-n nx] [offset [len]]: the extents in the range and the
 * holes between them, numbered together; a trailing hole to EOF (or the
 * range's end) once anything was printed; -n stops after nx lines of
 * either kind, -l adds each one's length, -v prints the table with the
 * extent flags (fe_flags: 0x1 last, 0x800 unwritten, ...).
 */
int fiemap_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("fiemap");
	long long off = 0, len = -1;
	uint64_t start, end, last;
	struct tstat st = { 0 };
	struct fiemap_ext *e;
	struct fm_cols w = { 16, 16, 5, 5 };
	bool lflag = false, verbose = false, xattr = false;
	int c, n, max = 4096, idx = 0, nmax = -1;

	while ((c = getopt(argc, argv, "aln:v")) != -1) {
		switch (c) {
		case 'a':
			xattr = true;
			break;
		case 'l':
			lflag = true;
			break;
		case 'n':
			/* as xfs_io: no check; but for this command only
			 * (xfs_io 6.1 keeps it for the next fiemap) */
			nmax = atoi(optarg);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (optind < argc && arg_size(io, "fiemap", "offset argument",
				      argv[optind], &off))
		return 0;
	if (optind + 1 < argc && arg_size(io, "fiemap", "len argument",
					  argv[optind + 1], &len))
		return 0;
	start = (uint64_t)off;
	end = len < 0 ? UINT64_MAX : start + (uint64_t)len;
	e = calloc((size_t)max, sizeof(*e));
	if (!e)
		return op_error(io, "fiemap", -ENOMEM), 0;
	n = io->target.ops->fiemap(io->file, start,
				   len < 0 ? UINT64_MAX - start : (uint64_t)len,
				   xattr, e, max);
	if (n < 0) {
		free(e);
		fflush(stdout);
		fprintf(stderr, "%s: ioctl(FS_IOC_FIEMAP) [\"%s\"]: %s\n",
			io->progname, io->file->name, strerror(-n));
		io->exitcode = 1;
		return 0;
	}
	if (n > max)
		n = max;
	printf("%s:\n", io->file->name);
	if (verbose)
		fm_widths(e, n, &w);
	last = start;
	for (int i = 0; i < n && idx != nmax; i++) {
		unsigned long long lo = BB(e[i].logical), ln = BB(e[i].length);
		unsigned long long blk = BB(e[i].physical);
		char lb[64], bb[64], fb[16];

		if (verbose && idx == 0)
			printf("%4s: %-*s %-*s %*s %*s\n", "EXT", w.foff,
			       "FILE-OFFSET", w.boff, "BLOCK-RANGE", w.tot,
			       "TOTAL", w.flg, "FLAGS");
		if (lo > BB(last))
			fm_hole(verbose, lflag, &w, idx++, BB(last), lo);
		if (idx == nmax)
			break;
		if (verbose) {
			snprintf(lb, sizeof(lb), "[%llu..%llu]:", lo, lo + ln - 1);
			snprintf(bb, sizeof(bb), "%llu..%llu", blk, blk + ln - 1);
			snprintf(fb, sizeof(fb), "0x%x", e[i].flags);
			printf("%4d: %-*s %-*s %*llu %*s\n", idx, w.foff, lb,
			       w.boff, bb, w.tot, ln, w.flg, fb);
		} else {
			printf("\t%d: [%llu..%llu]: %llu..%llu", idx, lo,
			       lo + ln - 1, blk, blk + ln - 1);
			if (lflag)
				printf(" %llu blocks\n", ln);
			else
				putchar('\n');
		}
		idx++;
		last = e[i].logical + e[i].length;
		if ((e[i].flags & FIEMAP_EXT_LAST) || last >= end)
			break;
	}
	if (idx != nmax) {
		uint64_t eof;

		if (io->target.ops->stat(io->file, &st) < 0)
			st.size = 0;
		eof = (uint64_t)st.size < end ? (uint64_t)st.size : end;
		if (idx && last < eof)
			fm_hole(verbose, lflag, &w, idx, BB(last), BB(eof));
	}
	free(e);
	return 0;
}

void fiemap_help(void)
{
	printf(
"\n"
" prints the block map of the current file in 512-byte units, as xfs_io's\n"
" fiemap: each extent as [start..end]: block..block, the holes between as\n"
" 'hole', and the hole to EOF after the last extent.  On the reference the\n"
" blocks are offsets in its region; the page-cache mode's delayed\n"
" allocations show once written back.\n"
" -a -- the attribute fork's extents (the reference keeps none)\n"
" -l -- also the length of each extent and hole, in 512-byte blocks\n"
" -n nx -- stop after nx lines (extents and holes); for this command\n"
"       only, where xfs_io 6.1 keeps nx for every later fiemap of the run\n"
" -v -- the table: EXT, FILE-OFFSET, BLOCK-RANGE, TOTAL and the extent's\n"
"       FIEMAP flags (0x1 last, 0x800 unwritten)\n"
"\n");
}

/* bmap -v's flag bits (octal, as xfs_io prints them) */
enum { BF_SHARED = 0100000, BF_PRE = 0010000, BF_BSU = 0001000,
       BF_ESU = 0000100, BF_BSW = 0000010, BF_ESW = 0000001 };

static void bmap_verbose(const struct bmap_ent *m, int n,
			 const struct bmap_geom *g, bool pflag, int vflag)
{
	bool noag = g->ag_bb == 0;
	int foff_w = 16, boff_w = 16, aoff_w = 16, tot_w = 5, agno_w;
	int flg = (int)g->sunit_bb | pflag;
	char rb[64], bb[64], ab[64];

	for (int i = 0; i < n; i++) {
		snprintf(rb, sizeof(rb), "[%lld..%lld]:", (long long)m[i].offset,
			 (long long)(m[i].offset + m[i].length - 1));
		if (m[i].oflags & BMAP_OF_PREALLOC)
			flg = 1;
		foff_w = max_i(foff_w, (int)strlen(rb));
		tot_w = max_i(tot_w, digits((unsigned long long)m[i].length, 10));
		if (m[i].block == -1)
			continue;
		boff_w = max_i(boff_w, snprintf(bb, sizeof(bb), "%lld..%lld",
			(long long)m[i].block,
			(long long)(m[i].block + m[i].length - 1)));
		if (noag) {
			aoff_w = 0;
		} else {
			long long agoff = m[i].block % g->ag_bb;

			aoff_w = max_i(aoff_w, snprintf(ab, sizeof(ab),
				"(%lld..%lld)", agoff, agoff + m[i].length - 1));
		}
	}
	agno_w = noag ? 0 : max_i(2, digits((unsigned long long)g->agcount, 10));
	printf("%4s: %-*s %-*s %*s %-*s %*s%s\n", "EXT", foff_w, "FILE-OFFSET",
	       boff_w, g->realtime ? "RT-BLOCK-RANGE" : "BLOCK-RANGE", agno_w,
	       noag ? "" : "AG", aoff_w, noag ? "" : "AG-OFFSET", tot_w,
	       "TOTAL", flg ? " FLAGS" : "");
	for (int i = 0; i < n; i++) {
		long long blk = m[i].oflags & BMAP_OF_DELALLOC ? -2 : m[i].block;

		flg = 0;
		if (m[i].oflags & BMAP_OF_PREALLOC)
			flg |= BF_PRE;
		if (m[i].oflags & BMAP_OF_SHARED)
			flg |= BF_SHARED;
		if (g->sunit_bb) {
			long long e = blk + m[i].length;

			flg |= (blk % g->sunit_bb ? BF_BSU : 0) |
			       (e % g->sunit_bb ? BF_ESU : 0) |
			       (blk % g->swidth_bb ? BF_BSW : 0) |
			       (e % g->swidth_bb ? BF_ESW : 0);
		}
		snprintf(rb, sizeof(rb), "[%lld..%lld]:", (long long)m[i].offset,
			 (long long)(m[i].offset + m[i].length - 1));
		if (blk < 0) {
			printf("%4d: %-*s %-*s %*s %-*s %*lld\n", i, foff_w, rb,
			       boff_w, blk == -1 ? "hole" : "delalloc", agno_w,
			       "", aoff_w, "", tot_w, (long long)m[i].length);
			continue;
		}
		snprintf(bb, sizeof(bb), "%lld..%lld", blk, blk + m[i].length - 1);
		printf("%4d: %-*s %-*s", i, foff_w, rb, boff_w, bb);
		if (noag) {
			printf("  ");
		} else {
			long long agno = blk / g->ag_bb, agoff = blk % g->ag_bb;

			snprintf(ab, sizeof(ab), "(%lld..%lld)", agoff,
				 agoff + m[i].length - 1);
			printf(" %*lld %-*s", agno_w, agno, aoff_w, ab);
		}
		printf(" %*lld", tot_w, (long long)m[i].length);
		if (flg == 0 && !pflag)
			putchar('\n');
		else
			printf(" %-6.6o\n", flg);
	}
	if ((flg || pflag) && vflag > 1) {
		static const struct { int bit; const char *what; } legend[] = {
			{ BF_SHARED, "Shared extent" },
			{ BF_PRE, "Unwritten preallocated extent" },
			{ BF_BSU, "Doesn't begin on stripe unit" },
			{ BF_ESU, "Doesn't end   on stripe unit" },
			{ BF_BSW, "Doesn't begin on stripe width" },
			{ BF_ESW, "Doesn't end   on stripe width" },
		};

		printf(" FLAG Values:\n");
		for (size_t i = 0; i < sizeof(legend) / sizeof(legend[0]); i++)
			printf("    %7.7o %s\n", legend[i].bit, legend[i].what);
	}
}

/*
 * bmap [-delpv] [-n nx]: the whole file's map as XFS_IOC_GETBMAPX gives
 * it, holes included; -p reports unwritten extents as extents (flagged
 * with -v), -e delayed allocations, -l each entry's length; -v the table
 * with the allocation group of each extent (none on the reference, which
 * has no groups, as for an XFS realtime file) and, with -vv, the legend.
 */
int bmap_f(struct daxio *io, int argc, char **argv)
{
	const struct daxio_cmd *ct = cmd_find("bmap");
	const struct target_ops *ops = io->target.ops;
	struct bmap_geom g = { 0 };
	struct bmap_ent *m;
	int c, n, iflags = 0, nflag = 0, vflag = 0, max = 4096;
	bool lflag = false, pflag = false, fork = false;

	while ((c = getopt(argc, argv, "acdeln:pv")) != -1) {
		switch (c) {
		case 'a':
			iflags |= BMAP_IF_ATTRFORK;
			fork = true;
			break;
		case 'c':
			iflags |= BMAP_IF_COWFORK | BMAP_IF_DELALLOC;
			fork = true;
			break;
		case 'd':	/* DMAPI: nothing is offline here */
			iflags |= BMAP_IF_NO_DMAPI_READ;
			break;
		case 'e':
			iflags |= BMAP_IF_DELALLOC;
			break;
		case 'l':
			lflag = true;
			break;
		case 'n':
			nflag = atoi(optarg);
			break;
		case 'p':
			pflag = true;
			iflags |= BMAP_IF_PREALLOC;
			break;
		case 'v':
			vflag++;
			break;
		default:
			return arg_bad_option(io, ct, c, argv);
		}
	}
	if (fork)
		iflags &= ~(BMAP_IF_PREALLOC | BMAP_IF_NO_DMAPI_READ);
	if (optind != argc)
		return arg_usage(io, ct);
	if (vflag && (n = ops->bmap_geometry(io->file, &g)) < 0) {
		fflush(stdout);
		fprintf(stderr, "%s: can't get geometry [\"%s\"]: %s\n",
			io->progname, io->file->name, strerror(-n));
		io->exitcode = 1;
		return 0;
	}
	if (nflag > 0 && nflag < max)
		max = nflag;
	if (!(m = calloc((size_t)max, sizeof(*m))))
		return op_error(io, "bmap", -ENOMEM), 0;
	n = ops->bmap(io->file, iflags, m, max);
	if (n < 0) {
		struct tstat st = { 0 };

		if (n == -EINVAL && !(iflags & BMAP_IF_ATTRFORK) &&
		    ops->stat(io->file, &st) == 0 && !st.size) {
			n = 0;	/* a file of size 0: no extents */
		} else {
			fflush(stdout);
			fprintf(stderr, "%s: xfsctl(XFS_IOC_GETBMAPX) iflags=0x%x "
				"[\"%s\"]: %s\n", io->progname, iflags,
				io->file->name, strerror(-n));
			io->exitcode = 1;
			free(m);
			return 0;
		}
	}
	if (!nflag && n <= 0) {
		printf("%s: no extents\n", io->file->name);
		free(m);
		return 0;
	}
	if (nflag && nflag < n)
		n = nflag;
	printf("%s:\n", io->file->name);
	if (vflag) {
		bmap_verbose(m, n, &g, pflag, vflag);
		free(m);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		printf("\t%d: [%lld..%lld]: ", i, (long long)m[i].offset,
		       (long long)(m[i].offset + m[i].length - 1));
		if (m[i].block == -1)
			printf("hole");
		else if (m[i].block == -2)
			printf("delalloc");
		else
			printf("%lld..%lld", (long long)m[i].block,
			       (long long)(m[i].block + m[i].length - 1));
		if (lflag)
			printf(" %lld blocks\n", (long long)m[i].length);
		else
			putchar('\n');
	}
	free(m);
	return 0;
}

void bmap_help(void)
{
	printf(
"\n"
" prints the block map of the whole current file in 512-byte units, as\n"
" xfs_io's bmap: each entry as [start..end]: block..block, holes as 'hole'.\n"
" It asks XFS_IOC_GETBMAPX, so on a real file it needs XFS; the reference\n"
" answers from its extent list (its blocks are offsets in its region).\n"
" -l -- also the length of each entry, in 512-byte blocks\n"
" -n nx -- at most nx entries\n"
" -p -- show unwritten (preallocated) extents' flag with -v\n"
" -e -- delayed allocations (XFS; the reference has none to show)\n"
" -v -- the table, with each extent's allocation group (the reference has\n"
"       none: no AG columns, as xfs_io prints for a realtime file); -vv\n"
"       adds the flag legend\n"
" -a, -c -- the attribute or copy-on-write fork (the reference has\n"
"       neither: no extents); -d is accepted (nothing is offline)\n"
"\n");
}
