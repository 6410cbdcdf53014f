// SPDX-License-Identifier: MIT
/* profile.c - the profile table: one historic mistake per profile. */
#include "profile.h"

#include <string.h>

static const struct dx_profile profiles[] = {
	{ "fixed", 0,
	  "none: today's kernel semantics",
	  "-" },
	{ "hole-load-race", BUG_HOLE_LOAD_RACE,
	  "a read fault looks up a hole without holding the entry lock, then "
	  "installs the zero page over a block a racing write fault allocated",
	  "Jan Kara / Ross Zwisler, Re: [PATCH v7 2/9], 2016-01-07" },
	{ "invalidate-drops-dirty", BUG_INVALIDATE_DROPS_DIRTY,
	  "the invalidate after a direct write's allocation drops a dirty "
	  "DAX entry a racing write fault just inserted",
	  "Jan Kara, Subtle races between DAX mmap fault and write path, "
	  "2016-07-27" },
	{ "no-pmd-hole-conversion", BUG_NO_PMD_HOLE_CONVERSION,
	  "a PMD write fault over 4 KiB zero pages leaves them mapped and in "
	  "the mapping tree",
	  "Ross Zwisler, [PATCH v7 2/9] dax: fix conversion of holes to PMDs, "
	  "2016-01-06" },
	{ "no-dirty-tracking", BUG_NO_DIRTY_TRACKING,
	  "write faults do not tag entries dirty, so fsync/msync flush "
	  "nothing written through mmap",
	  "Ross Zwisler, [PATCH v7 0/9] DAX fsync/msync support, 2016-01-06" },
	{ "mkwrite-after-punch", BUG_MKWRITE_INSERTS,
	  "pfn_mkwrite racing a hole punch inserts an entry (and a writable "
	  "mapping) for the punched block",
	  "Ross Zwisler, [PATCH v7 6/9] dax: add support for fsync/msync, "
	  "2016-01-06" },
	{ "truncate-ignores-pins", BUG_TRUNCATE_IGNORES_PINS,
	  "truncate frees a block that a GUP pin (O_DIRECT/RDMA buffer) "
	  "still holds",
	  "Dan Williams, Re: [PATCH 00/13] Fix the DAX-gup mistake, "
	  "2022-09-09" },
	{ "inverted-lock-order", BUG_LOCK_INVERSION,
	  "the write path holds the entry (page) lock while copying from "
	  "user memory, whose fault takes mm_lock and the mmap lock: page "
	  "lock -> mmap_sem -> i_mmap_lock against i_mmap_lock -> page lock",
	  "Ross Zwisler, DAX fault vs truncate serialisation and lock "
	  "ordering, 2015-09-28" },
	{ "memfail-no-revalidate", BUG_MEMFAIL_NO_REVALIDATE,
	  "memory-failure trusts a speculatively read block owner without "
	  "revalidating it under the entry lock",
	  "Dan Williams / Jason Gunthorpe, Re: [PATCH 00/13] Fix the DAX-gup "
	  "mistake, 2022-09-09" },
	{ "truncate-no-unmap", BUG_TRUNCATE_NO_UNMAP,
	  "truncate frees blocks without unmapping them, so old mappings "
	  "see a freed (and reused) block",
	  "Dave Chinner, quoted by Ross Zwisler, 2015-09-28" },
	{ "fault-no-mmap-lock", BUG_FAULT_NO_MMAP_LOCK,
	  "faults do not take the mmap (invalidate) lock, so a fault racing "
	  "truncate maps a block truncate has freed",
	  "Dave Chinner, quoted by Ross Zwisler, 2015-09-28" },
	{ "pmd-fsync-range", BUG_PMD_FSYNC_RANGE,
	  "a range fsync that starts inside a PMD starts its walk there and "
	  "misses the PMD entry",
	  "Ross Zwisler, [PATCH v7 6/9] dax: add support for fsync/msync, "
	  "2016-01-06" },
	{ "pte-inside-pmd", BUG_PTE_INSIDE_PMD,
	  "a 4 KiB fault inside a PMD entry inserts its own PTE entry, so "
	  "fsync flushes that page twice (measured, not failed)",
	  "Ross Zwisler, Re: [PATCH v7 2/9], 2016-01-07" },
	{ "no-mkclean", BUG_NO_MKCLEAN,
	  "writeback clears DIRTY but leaves the mapping writable, so a store "
	  "after fsync never faults and is never flushed (v7 flushed without "
	  "write-protecting, which is why it could not clear DIRTY)",
	  "Ross Zwisler, [PATCH v7 6/9] dax: add support for fsync/msync "
	  "(dax_writeback_one), 2016-01-06" },
	{ "no-zeroing", BUG_NO_ZEROING,
	  "new blocks are not zeroed, so old data of a freed block shows",
	  "implicit in all the threads (XFS_BMAPI_ZERO)" },
	{ "cached-no-flush", BUG_WRITE_NO_FLUSH,
	  "write() copies with cached stores and never flushes them",
	  "Toshi Kani / Boaz Harrosh / Dave Chinner, 2016-08-04" },
	/* Found by the explorer in the reference's own `fixed` semantics
	 * (daxrace --explore); each is a variant of a thread's race. */
	{ "dax-do-io-2016", BUG_DAX_DO_IO_2016,
	  "write() invalidates the range before and again after the copy, as "
	  "generic_file_direct_write() did around dax_do_io(); the second "
	  "invalidate drops the dirty entry of a write fault that came in "
	  "between",
	  "Jan Kara, Subtle races between DAX mmap fault and write path, "
	  "2016-07-27 (the diagram as written)" },
	{ "invalidate-unmap-first", BUG_INVALIDATE_UNMAP_FIRST,
	  "write()'s invalidate unmaps zero pages before it removes the "
	  "entries, so a hole read fault still in progress maps its zero page "
	  "after the unmap, and the zero page stays over the written data",
	  "variant of Jan Kara / Ross Zwisler, Re: [PATCH v7 2/9], 2016-01-07 "
	  "(fixed as invalidate_inode_pages2_range() does: unmap after)" },
	{ "write-stale-unwritten", BUG_WRITE_STALE_UNWRITTEN,
	  "write() zeroes an unwritten block's edges and converts it after "
	  "the copy, acting on the state it saw at allocation; a write fault "
	  "in between converted the block, and its stores (or write()'s own "
	  "data) are zeroed",
	  "variant of Jan Kara, Subtle races between DAX mmap fault and "
	  "write path, 2016-07-27" },
	{ "convert-keeps-zero-page", BUG_CONVERT_NO_INVALIDATE,
	  "write() into an unwritten block converts it without dropping the "
	  "zero page a read fault mapped over it (a read of an unwritten "
	  "block maps the zero page, as of a hole): the mapping keeps "
	  "reading zeros over the data",
	  "variant of Jan Kara, Subtle races between DAX mmap fault and "
	  "write path, 2016-07-27 (found by daxrace --explore)" },
	{ "eof-tail-exposed", BUG_EOF_TAIL_EXPOSED,
	  "growing the file (truncate up, fallocate, a write past EOF) does "
	  "not zero its last block past the old EOF, so a store through a "
	  "mapping into the EOF page past EOF shows up as file data",
	  "variant of zero-new-blocks (implicit in all the threads); the "
	  "kernel zeroes it in xfs_setattr_size() and xfs_file_write_checks() "
	  "(found by the oracle's past-EOF rule)" },
	{ "pmd-placeholder-blind", BUG_PTE_IGNORES_PMD_LOCK,
	  "a 4 KiB fault does not see the placeholder a PMD fault holds over "
	  "its 2 MiB, so it maps a zero page where the PMD goes: a zero page "
	  "and a PMD cover the same range",
	  "variant of Ross Zwisler, [PATCH v7 2/9] dax: fix conversion of "
	  "holes to PMDs, 2016-01-06" },
	{ "pmd-partial-zap", BUG_PMD_PARTIAL_ZAP,
	  "unmapping part of a PMD mapping (punch, zero range, truncate "
	  "inside the 2 MiB) unmaps only those pages: the rest stays mapped "
	  "read-only while the PMD entry is gone, and a store there faults "
	  "forever",
	  "variant of Dave Chinner, quoted by Ross Zwisler, 2015-09-28 "
	  "(truncate must unmap what it frees), on a PMD mapping; the kernel "
	  "zaps a file PMD whole (__split_huge_pmd_locked()) (found by "
	  "daxrace --explore)" },
	{ "punch-no-flush", BUG_PUNCH_NO_FLUSH,
	  "punch and zero range drop the entries of the range without writing "
	  "it back first: a PMD entry covering the range goes while a 4 KiB "
	  "mapping of a page beside it stays writable, so the next fsync "
	  "flushes nothing of what is stored there",
	  "variant of Ross Zwisler, [PATCH v7 6/9] dax: add support for "
	  "fsync/msync, 2016-01-06 (a PTE fault inside a PMD entry); the "
	  "kernel writes the range back first (xfs_flush_unmap_range()) "
	  "(found by daxrace --explore)" },
	/* Mistakes of the reference's own locking, found by the explorer's
	 * lockdep and coherence checks. */
	{ "msync-ref-under-mm-lock", BUG_MSYNC_REF_UNDER_MM,
	  "msync pins the file it found under mm_lock by taking the namespace "
	  "lock there: mm_lock -> fs closes a cycle with fs -> i_rwsem -> "
	  "mm_lock (syncfs, open with O_TRUNC, then a fault)",
	  "variant of Ross Zwisler, DAX fault vs truncate serialisation and "
	  "lock ordering, 2015-09-28 (fixed as msync(2) does: get_file() under "
	  "mmap_lock, mm/msync.c)" },
	{ "pagecache-write-no-entry-lock", BUG_PC_NO_ENTRY_LOCK,
	  "in the page-cache mode, write() inserts its new page without the "
	  "entry lock and leaves the zero page a read fault mapped there: the "
	  "mapping reads zeros over the written data, or a fault's entry is "
	  "overwritten",
	  "variant of Jan Kara / Ross Zwisler, Re: [PATCH v7 2/9], 2016-01-07 "
	  "(fixed as the kernel's write path locks the folio it adds, "
	  "filemap_add_folio())" },
	{ "tree-lock-not-leaf", BUG_TREE_LOCK_NOT_LEAF,
	  "truncate gives delayed-allocation reservations back while holding "
	  "the mapping tree's lock, so alloc nests inside tree",
	  "the lock order of Ross Zwisler, 2015-09-28; the kernel's xa_lock is "
	  "a spinlock nothing sleeps under (mm/truncate.c frees folios after "
	  "xa_unlock)" },
	{ "writeback-eof-tail", BUG_WB_EOF_TAIL,
	  "page-cache writeback copies the EOF page whole, with what a store "
	  "through a mapping put past EOF: once the file grows over it, a "
	  "crash image shows those bytes as file data",
	  "variant of zero-new-blocks (implicit in all the threads) at EOF; "
	  "the kernel zeroes the folio past EOF before writing it "
	  "(iomap_writepage_handle_eof()) (found by daxrace --explore --crash)" },
};

#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

const struct dx_profile *dx_profile_find(const char *name)
{
	for (unsigned i = 0; i < NPROFILES; i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

void dx_profile_list(FILE *out, const char *sep)
{
	for (unsigned i = 0; i < NPROFILES; i++)
		fprintf(out, "%s%s", i ? sep : "", profiles[i].name);
}
