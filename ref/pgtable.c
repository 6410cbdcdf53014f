// SPDX-License-Identifier: MIT
/*
 * pgtable.c - the software page tables of user mappings, and the
 * operations the fault, writeback, truncate and invalidation paths do on
 * them: map a range of blocks (or page-cache pages, or the zero page),
 * unmap, write-protect.  The lowest layer of mappings: it knows nothing
 * of how a mapping was made (mmap.c) or why a page is mapped (fault.c).
 *
 * Locks: i_mmap (per inode, read: its list of mappings), then each
 * mapping's page-table lock, the leaf "pte" class.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "fs.h"
#include "pgtable.h"

/* The shared zero page: one read-only 4 KiB memfd page. */
static int zero_fd = -1;
static pthread_once_t zero_once = PTHREAD_ONCE_INIT;

static void zero_init(void)
{
	zero_fd = memfd_create("daxref-zero-page", MFD_CLOEXEC);
	if (zero_fd < 0 || ftruncate(zero_fd, BLK) < 0)
		abort();
}

bool vma_covers(const struct dx_vma *vma, uint64_t pg)
{
	return pg >= vma->pgoff && pg < vma->pgoff + vma->len / BLK;
}

uint8_t *vma_addr(const struct dx_vma *vma, uint64_t pg)
{
	return vma->start + ((pg - vma->pgoff) << BLK_SHIFT);
}

uint64_t vma_pte(struct dx_vma *vma, uint64_t pg)
{
	dx_mutex_lock(&vma->ptl);
	uint64_t w = mt_load(&vma->pte, pg - vma->pgoff);

	dx_mutex_unlock(&vma->ptl);
	return w;
}

/* Erases the page-table words of pages [pg, pg+n).  Caller holds ptl. */
static void pte_clear(struct dx_vma *vma, uint64_t pg, uint64_t n)
{
	uint64_t idx[64], ent[64], from = pg - vma->pgoff, to = from + n - 1;
	unsigned k;

	while ((k = mt_find(&vma->pte, from, to, -1, idx, ent, 64))) {
		for (unsigned i = 0; i < k; i++)
			mt_store(&vma->pte, idx[i], 0);
		if (k < 64 || idx[k - 1] >= to)
			break;
		from = idx[k - 1] + 1;
	}
}

/* Back to a reserved, inaccessible range.  Caller holds the ptl. */
void vma_unmap_pages(struct dx_vma *vma, uint64_t pg, uint64_t n)
{
	if (mmap(vma_addr(vma, pg), n << BLK_SHIFT, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		 -1, 0) == MAP_FAILED)
		abort();	/* MAP_FIXED over our own reservation */
	pte_clear(vma, pg, n);
}

/* The fd that backs a mapped page: the region, or the page-cache pool. */
static int backing_fd(const struct dx_vma *vma)
{
	return vma->fs->mode->dax ? vma->fs->region.fd : vma->fs->pool.fd;
}

void vma_map(struct dx_vma *vma, uint64_t pg, uint64_t npages, uint64_t pfn,
	     enum pte_state st, bool pmd)
{
	int prot = st == PTE_RW ? PROT_READ | PROT_WRITE : PROT_READ;

	dx_mutex_lock(&vma->ptl);
	if (mmap(vma_addr(vma, pg), npages << BLK_SHIFT, prot,
		 MAP_SHARED | MAP_FIXED, backing_fd(vma),
		 (off_t)(pfn << BLK_SHIFT)) == MAP_FAILED)
		abort();	/* MAP_FIXED over our own reservation */
	for (uint64_t i = 0; i < npages; i++) {
		if (mt_store(&vma->pte, pg - vma->pgoff + i,
			     PTE_MK(pfn + i, st) | (pmd ? PTE_PMD : 0))) {
			/* No memory for the page table: take the mapping
			 * back, so the access faults again (and retries, as
			 * the kernel retries a fault that hit OOM). */
			vma_unmap_pages(vma, pg, npages);
			break;
		}
	}
	dx_mutex_unlock(&vma->ptl);
}

void vma_map_zero(struct dx_vma *vma, uint64_t pg)
{
	pthread_once(&zero_once, zero_init);
	dx_mutex_lock(&vma->ptl);
	if (mmap(vma_addr(vma, pg), BLK, PROT_READ, MAP_SHARED | MAP_FIXED,
		 zero_fd, 0) == MAP_FAILED)
		abort();
	if (mt_store(&vma->pte, pg - vma->pgoff, PTE_MK(0, PTE_ZERO)))
		vma_unmap_pages(vma, pg, 1);	/* faults again */
	dx_mutex_unlock(&vma->ptl);
}

/* Applies @op to each run of pages of @v in [first, last] whose state
 * matches.  The caller holds @v's inode's i_mmap (for reading); this takes
 * the ptl. */
static void run_in_vma(struct dx_inode *ip, struct dx_vma *v, uint64_t first,
		       uint64_t last, bool (*match)(uint64_t w),
		       void (*op)(struct dx_vma *, uint64_t, uint64_t))
{
	{
		uint64_t a = first > v->pgoff ? first : v->pgoff;
		uint64_t end = v->pgoff + v->len / BLK - 1;
		uint64_t b = last < end ? last : end;

		if (a > b)
			return;
		dx_mutex_lock(&v->ptl);
		/* A PMD is mapped, unmapped and write-protected whole: the
		 * kernel splits a file PMD by zapping all of it
		 * (__split_huge_pmd_locked() for a non-anonymous VMA), and
		 * pfn_mkclean_range() write-protects the whole PMD.  Leaving
		 * the rest of it mapped would keep pages whose entry the
		 * caller is about to drop. */
		bool whole = !fs_bug(ip->fs, BUG_PMD_PARTIAL_ZAP);

		if (whole && (mt_load(&v->pte, a - v->pgoff) & PTE_PMD)) {
			uint64_t s0 = a & ~(uint64_t)(MT_PMD_PAGES - 1);

			a = s0 > v->pgoff ? s0 : v->pgoff;
		}
		if (whole && (mt_load(&v->pte, b - v->pgoff) & PTE_PMD)) {
			uint64_t e0 = b | (MT_PMD_PAGES - 1);

			b = e0 < end ? e0 : end;
		}
		/* Only the mapped pages, in order: a run is a stretch of
		 * consecutive pages that all match.  @op may change or erase
		 * the words it covers, so the walk restarts after each run. */
		uint64_t from = a - v->pgoff, to = b - v->pgoff;
		uint64_t idx[64], ent[64];
		unsigned k;

		while (from <= to &&
		       (k = mt_find(&v->pte, from, to, -1, idx, ent, 64))) {
			unsigned i = 0;

			while (i < k && !match(ent[i]))
				i++;
			if (i == k) {
				if (k < 64)
					break;
				from = idx[k - 1] + 1;
				continue;
			}
			uint64_t s = idx[i], e = s + 1;

			while (e <= to && match(mt_load(&v->pte, e)))
				e++;
			op(v, v->pgoff + s, e - s);
			from = e;
		}
		dx_mutex_unlock(&v->ptl);
	}
}

/* The same across every mapping of @ip, under i_mmap. */
static void for_each_run(struct dx_inode *ip, uint64_t first, uint64_t last,
			 bool (*match)(uint64_t w),
			 void (*op)(struct dx_vma *, uint64_t, uint64_t))
{
	dx_down_read(&ip->i_mmap);
	for (struct dx_vma *v = ip->vmas; v; v = v->i_next)
		run_in_vma(ip, v, first, last, match, op);
	dx_up_read(&ip->i_mmap);
}

static bool is_mapped(uint64_t w) { return PTE_STATE(w) != PTE_NONE; }
static bool is_zero(uint64_t w) { return PTE_STATE(w) == PTE_ZERO; }
static bool is_rw(uint64_t w) { return PTE_STATE(w) == PTE_RW; }

static void write_protect(struct dx_vma *v, uint64_t pg, uint64_t n)
{
	if (mprotect(vma_addr(v, pg), n << BLK_SHIFT, PROT_READ) < 0)
		abort();
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = pg - v->pgoff + i, w = mt_load(&v->pte, at);

		mt_store(&v->pte, at, (w & ~0xfULL) | PTE_RO);	/* present */
	}
}

void zap_range(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	for_each_run(ip, first, last, is_mapped, vma_unmap_pages);
}

void zap_vma(struct dx_vma *v, uint64_t first, uint64_t last)
{
	dx_down_read(&v->ip->i_mmap);
	run_in_vma(v->ip, v, first, last, is_mapped, vma_unmap_pages);
	dx_up_read(&v->ip->i_mmap);
}

void zap_zero(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	for_each_run(ip, first, last, is_zero, vma_unmap_pages);
}

void mkclean_range(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	for_each_run(ip, first, last, is_rw, write_protect);
}

void vma_detach_inode(struct dx_inode *ip)
{
	/* Only reached when no mapping holds the inode (they hold it open),
	 * or from a crash, after vma_kill_fs() detached them all. */
	ip->vmas = NULL;
}
