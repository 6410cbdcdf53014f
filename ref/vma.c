// SPDX-License-Identifier: MIT
/*
 * vma.c - mmap/munmap/msync of reference files, the SIGSEGV handler, and
 * the page-table operations the fault and writeback paths use.
 *
 * Locks: mm_lock (process-wide rwsem: readers are faults and msync's
 * lookup, writers mmap/munmap); i_mmap (per inode: its list of
 * mappings); each mapping's page-table lock, a leaf.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "daxref_hooks.h"
#include "fs.h"
#include "vma.h"

static struct {
	struct dx_rwsem		lock;
	struct dx_vma		**v;
	size_t			n, cap;
	struct sigaction	prev;
	int			zero_fd;
} mm;
static pthread_once_t mm_once = PTHREAD_ONCE_INIT;

static void segv_handler(int sig, siginfo_t *si, void *ctx);

static void mm_init(void)
{
	struct sigaction sa;

	dx_rwsem_init(&mm.lock, &lc_mm);
	mm.zero_fd = memfd_create("daxref-zero-page", MFD_CLOEXEC);
	if (mm.zero_fd < 0 || ftruncate(mm.zero_fd, BLK) < 0)
		abort();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO;	/* no SA_ONSTACK: without an alternate stack valgrind cannot deliver it */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &mm.prev);
}

int zero_page_fd(void)
{
	pthread_once(&mm_once, mm_init);
	return mm.zero_fd;
}

static struct dx_vma *find_vma(const uint8_t *a)
{
	for (size_t i = 0; i < mm.n; i++)
		if (a >= mm.v[i]->start && a < mm.v[i]->start + mm.v[i]->len)
			return mm.v[i];
	return NULL;
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
static void unmap_pages(struct dx_vma *vma, uint64_t pg, uint64_t n)
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
			unmap_pages(vma, pg, npages);
			break;
		}
	}
	dx_mutex_unlock(&vma->ptl);
}

void vma_map_zero(struct dx_vma *vma, uint64_t pg)
{
	dx_mutex_lock(&vma->ptl);
	if (mmap(vma_addr(vma, pg), BLK, PROT_READ, MAP_SHARED | MAP_FIXED,
		 mm.zero_fd, 0) == MAP_FAILED)
		abort();
	if (mt_store(&vma->pte, pg - vma->pgoff, PTE_MK(0, PTE_ZERO)))
		unmap_pages(vma, pg, 1);	/* faults again */
	dx_mutex_unlock(&vma->ptl);
}

/* Applies @op to each run of pages in [first, last] whose state matches. */
static void for_each_run(struct dx_inode *ip, uint64_t first, uint64_t last,
			 bool (*match)(uint64_t w),
			 void (*op)(struct dx_vma *, uint64_t, uint64_t))
{
	dx_down_read(&ip->i_mmap);
	for (struct dx_vma *v = ip->vmas; v; v = v->i_next) {
		uint64_t a = first > v->pgoff ? first : v->pgoff;
		uint64_t end = v->pgoff + v->len / BLK - 1;
		uint64_t b = last < end ? last : end;

		if (a > b)
			continue;
		dx_mutex_lock(&v->ptl);
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
	for_each_run(ip, first, last, is_mapped, unmap_pages);
}

void zap_zero(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	for_each_run(ip, first, last, is_zero, unmap_pages);
}

void mkclean_range(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	for_each_run(ip, first, last, is_rw, write_protect);
}

/* --- the SIGSEGV handler ---------------------------------------------- */

static void send_sigbus(void *addr)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGBUS;
	si.si_code = BUS_ADRERR;
	si.si_addr = addr;
	syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGBUS, &si);
}

/* Not a reference mapping, or an access it does not allow: what the
 * program had installed before us decides, else the default kills. */
static void chain(int sig, siginfo_t *si, void *ctx)
{
	if ((mm.prev.sa_flags & SA_SIGINFO) && mm.prev.sa_sigaction) {
		mm.prev.sa_sigaction(sig, si, ctx);
	} else if (!(mm.prev.sa_flags & SA_SIGINFO) &&
		   mm.prev.sa_handler != SIG_DFL &&
		   mm.prev.sa_handler != SIG_IGN) {
		mm.prev.sa_handler(sig);
	} else {
		signal(SIGSEGV, SIG_DFL);	/* the retried access kills */
	}
}

static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	int saved = errno;
	bool write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
	uint8_t *a = si->si_addr;
	enum fault_result r;

	dx_down_read(&mm.lock);
	struct dx_vma *vma = find_vma(a);

	if (!vma)
		r = FAULT_SEGV;
	else if (!vma->ip)
		r = FAULT_SIGBUS;	/* the filesystem crashed under it */
	else if (write && !(vma->prot & DX_PROT_WRITE))
		r = FAULT_SEGV;
	else {
		uint64_t pg = vma->pgoff + (uint64_t)(a - vma->start) / BLK;

		do
			r = dx_fault(vma, pg, write);
		while (r == FAULT_RETRY);
	}
	dx_up_read(&mm.lock);
	if (r == FAULT_SIGBUS)
		send_sigbus(a);
	else if (r == FAULT_SEGV)
		chain(sig, si, ctx);
	errno = saved;
}

/* --- mmap, munmap, msync ---------------------------------------------- */

int dx_mmap(struct dx_file *f, off_t off, size_t len, int prot, void **out)
{
	struct dx_fs *fs;
	struct dx_inode *ip;
	struct dx_vma *vma;
	uint8_t *res;
	int rc;

	if ((rc = file_ok(f)))
		return rc;
	fs = f->fs;
	if (off < 0 || (off & (BLK - 1)) || !len || !(prot & DX_PROT_READ) ||
	    (prot & ~(DX_PROT_READ | DX_PROT_WRITE)))
		return -EINVAL;
	if ((prot & DX_PROT_WRITE) && f->rdonly)
		return -EACCES;
	/* As mmap(2): a length that cannot be rounded and reserved is
	 * ENOMEM, an end past the largest file offset EOVERFLOW. */
	if (len > (SIZE_MAX >> 1) - DX_PMD_SIZE)
		return -ENOMEM;
	len = (len + BLK - 1) & ~(size_t)(BLK - 1);
	if ((uint64_t)len > (uint64_t)INT64_MAX - (uint64_t)off)
		return -EOVERFLOW;
	pthread_once(&mm_once, mm_init);
	ip = f->ip;

	vma = calloc(1, sizeof(*vma));
	if (!vma)
		return -ENOMEM;
	mt_init(&vma->pte);
	/* Reserve a PMD more, then trim so that start = off (mod 2 MiB). */
	res = mmap(NULL, len + DX_PMD_SIZE, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED) {
		rc = -ENOMEM;	/* the address space is full */
		goto out_free;
	}
	uintptr_t want = (uintptr_t)off & (DX_PMD_SIZE - 1);
	uintptr_t s = ((uintptr_t)res + DX_PMD_SIZE - 1 - want) &
		      ~(uintptr_t)(DX_PMD_SIZE - 1);

	s += want;
	if (s < (uintptr_t)res)
		s += DX_PMD_SIZE;
	if (s > (uintptr_t)res)
		munmap(res, s - (uintptr_t)res);
	if ((uintptr_t)res + len + DX_PMD_SIZE > s + len)
		munmap((void *)(s + len),
		       (uintptr_t)res + len + DX_PMD_SIZE - (s + len));
	vma->fs = fs;
	vma->ip = ip;
	vma->start = (uint8_t *)s;
	vma->len = len;
	vma->pgoff = (uint64_t)off / BLK;
	vma->prot = prot;
	dx_mutex_init(&vma->ptl, &lc_pte);

	/* A mapping holds the file open, as a VMA holds its struct file. */
	dx_mutex_lock(&fs->ns_lock);
	inode_hold(ip);
	dx_mutex_unlock(&fs->ns_lock);

	dx_down_write(&mm.lock);
	if (mm.n == mm.cap) {
		size_t cap = mm.cap ? mm.cap * 2 : 16;
		struct dx_vma **v = realloc(mm.v, cap * sizeof(*v));

		if (!v) {
			dx_up_write(&mm.lock);
			rc = -ENOMEM;
			goto out_unmap;
		}
		mm.v = v;
		mm.cap = cap;
	}
	mm.v[mm.n++] = vma;
	dx_down_write(&ip->i_mmap);
	vma->i_next = ip->vmas;
	ip->vmas = vma;
	dx_up_write(&ip->i_mmap);
	dx_up_write(&mm.lock);
	*out = vma->start;
	return 0;

out_unmap:
	munmap(vma->start, len);
	dx_mutex_lock(&fs->ns_lock);
	inode_release_locked(ip);	/* the caller's handle still holds it */
	dx_mutex_unlock(&fs->ns_lock);
out_free:
	mt_destroy(&vma->pte, NULL, NULL);
	free(vma);
	return rc;
}

static void unlink_from_inode(struct dx_vma *vma)
{
	struct dx_inode *ip = vma->ip;

	dx_down_write(&ip->i_mmap);
	for (struct dx_vma **pp = &ip->vmas; *pp; pp = &(*pp)->i_next) {
		if (*pp == vma) {
			*pp = vma->i_next;
			break;
		}
	}
	dx_up_write(&ip->i_mmap);
}

int dx_munmap(struct dx_fs *fs, void *addr)
{
	struct dx_vma *vma = NULL;
	size_t i;
	int rc = 0;

	pthread_once(&mm_once, mm_init);
	dx_down_write(&mm.lock);
	for (i = 0; i < mm.n; i++) {
		if (mm.v[i]->start == addr && mm.v[i]->fs == fs) {
			vma = mm.v[i];
			mm.v[i] = mm.v[--mm.n];
			break;
		}
	}
	if (vma && vma->ip)
		unlink_from_inode(vma);
	dx_up_write(&mm.lock);
	if (!vma)
		return -EINVAL;
	munmap(vma->start, vma->len);
	if (vma->ip) {
		struct dx_inode *ip = vma->ip;

		dx_mutex_lock(&fs->ns_lock);
		if (inode_release_locked(ip))
			rc = inode_destroy(ip);
		dx_mutex_unlock(&fs->ns_lock);
	}
	dx_mutex_destroy(&vma->ptl);
	mt_destroy(&vma->pte, NULL, NULL);
	free(vma);
	return rc;
}

int dx_msync(struct dx_fs *fs, void *addr, size_t len, int flags)
{
	struct dx_inode *ip = NULL;
	uint64_t first = 0, last = 0;
	int rc;

	if (flags & ~(DX_MS_ASYNC | DX_MS_SYNC | DX_MS_INVALIDATE) ||
	    ((flags & DX_MS_ASYNC) && (flags & DX_MS_SYNC)) ||
	    ((uintptr_t)addr & (BLK - 1)))
		return -EINVAL;
	if (!len)
		return 0;	/* msync(2): an empty range does nothing */
	pthread_once(&mm_once, mm_init);
	/* Find the file under mm_lock, then drop it before writeback takes
	 * i_rwsem, which sits above mm_lock in the order (as msync does). */
	dx_down_read(&mm.lock);
	struct dx_vma *vma = find_vma(addr);

	if (vma && vma->fs == fs && vma->ip) {
		uint8_t *end = (uint8_t *)addr + (len ? len - 1 : 0);

		if (end >= vma->start + vma->len)
			end = vma->start + vma->len - 1;
		ip = vma->ip;
		first = vma->pgoff + (uint64_t)((uint8_t *)addr - vma->start) / BLK;
		last = vma->pgoff + (uint64_t)(end - vma->start) / BLK;
		inode_hold(ip);	/* the mapping holds it: no ns_lock here */
	}
	dx_up_read(&mm.lock);
	if (!ip)
		return -ENOMEM;		/* msync(2): not a mapped range */
	if (!(flags & DX_MS_SYNC)) {
		/* MS_ASYNC, MS_INVALIDATE or 0: no writeback.  Linux starts
		 * none either since 2.6.19, and the data stays dirty. */
		rc = 0;
	} else if (fs->mode->dax) {
		dx_down_read(&ip->i_rwsem);
		rc = writeback_range(ip, first, last);
		dx_up_read(&ip->i_rwsem);
	} else {
		dx_down_write(&ip->i_rwsem);
		rc = writeback_range(ip, first, last);
		dx_up_write(&ip->i_rwsem);
	}
	dx_mutex_lock(&fs->ns_lock);
	if (inode_release_locked(ip))
		inode_destroy(ip);
	dx_mutex_unlock(&fs->ns_lock);
	return rc;
}

void vma_kill_fs(struct dx_fs *fs)
{
	pthread_once(&mm_once, mm_init);
	dx_down_write(&mm.lock);
	for (size_t i = 0; i < mm.n; i++) {
		struct dx_vma *v = mm.v[i];

		if (v->fs != fs || !v->ip)
			continue;
		dx_mutex_lock(&v->ptl);
		unmap_pages(v, v->pgoff, v->len / BLK);
		dx_mutex_unlock(&v->ptl);
		v->ip = NULL;
	}
	dx_up_write(&mm.lock);
}

void vma_detach_inode(struct dx_inode *ip)
{
	/* Only reached when no mapping holds the inode (they hold it open),
	 * or from a crash, after vma_kill_fs() detached them all. */
	ip->vmas = NULL;
}

int vma_fault_in(struct dx_fs *fs, void *addr, bool write, uint64_t *pfn)
{
	enum fault_result r = FAULT_OK;
	int rc = 0;

	pthread_once(&mm_once, mm_init);
	dx_down_read(&mm.lock);
	struct dx_vma *vma = find_vma(addr);

	if (!vma || vma->fs != fs || !vma->ip) {
		rc = -EFAULT;
		goto out;
	}
	if (write && !(vma->prot & DX_PROT_WRITE)) {
		rc = -EFAULT;
		goto out;
	}
	uint64_t pg = vma->pgoff + (uint64_t)((uint8_t *)addr - vma->start) / BLK;

	for (;;) {
		uint64_t w = vma_pte(vma, pg);
		enum pte_state st = PTE_STATE(w);

		if (st == PTE_RW || (!write && st != PTE_NONE)) {
			*pfn = PTE_PFN(w);
			break;
		}
		r = dx_fault(vma, pg, write);
		if (r == FAULT_SIGBUS || r == FAULT_SEGV) {
			rc = -EFAULT;
			break;
		}
	}
out:
	dx_up_read(&mm.lock);
	return rc;
}
