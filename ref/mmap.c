// SPDX-License-Identifier: MIT
/*
 * mmap.c - the system-call layer of mappings: mmap, munmap and msync of
 * reference files, and the SIGSEGV handler that turns an access to a
 * reserved range into a page fault (fault.c).  Below it: fault.c, then
 * pgtable.c; nothing below calls up into this file.
 *
 * Locks: mm_lock (process-wide rwsem: readers are faults and msync's
 * lookup, writers mmap/munmap); i_mmap (per inode: its list of
 * mappings), taken inside mm_lock to link and unlink a mapping.
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
#include "fault.h"
#include "mmap.h"
#include "pgtable.h"

static struct {
	struct dx_rwsem		lock;
	struct dx_vma		**v;
	size_t			n, cap;
	struct sigaction	prev;
} mm;
static pthread_once_t mm_once = PTHREAD_ONCE_INIT;

static void segv_handler(int sig, siginfo_t *si, void *ctx);

static void mm_init(void)
{
	struct sigaction sa;

	dx_rwsem_init(&mm.lock, &lc_mm);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO;	/* no SA_ONSTACK: without an alternate stack valgrind cannot deliver it */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &mm.prev);
}

static struct dx_vma *find_vma(const uint8_t *a)
{
	for (size_t i = 0; i < mm.n; i++)
		if (a >= mm.v[i]->start && a < mm.v[i]->start + mm.v[i]->len)
			return mm.v[i];
	return NULL;
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
		if (fs_bug(fs, BUG_MSYNC_REF_UNDER_MM)) {
			dx_mutex_lock(&fs->ns_lock);	/* mm_lock -> fs */
			inode_hold(ip);
			dx_mutex_unlock(&fs->ns_lock);
		} else {
			inode_hold(ip);	/* the mapping holds it: no ns_lock */
		}
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
		vma_unmap_pages(v, v->pgoff, v->len / BLK);
		dx_mutex_unlock(&v->ptl);
		v->ip = NULL;
	}
	dx_up_write(&mm.lock);
}

int dx_madvise(struct dx_fs *fs, void *addr, size_t len, int advice)
{
	int rc = 0;

	if (advice < DX_MADV_NORMAL || advice > DX_MADV_DONTNEED ||
	    ((uintptr_t)addr & (BLK - 1)))
		return -EINVAL;
	if (!len)
		return 0;
	pthread_once(&mm_once, mm_init);
	/* mm_lock, then (zap_vma) i_mmap and the ptl: the kernel's order,
	 * mmap_lock above i_mmap_rwsem above the page-table lock. */
	dx_down_read(&mm.lock);
	struct dx_vma *vma = find_vma(addr);
	uint8_t *end = (uint8_t *)addr + len;

	if (!vma || vma->fs != fs || end > vma->start + vma->len ||
	    end < (uint8_t *)addr) {
		rc = -ENOMEM;	/* madvise(2): not (all) mapped */
	} else if (advice == DX_MADV_DONTNEED && vma->ip) {
		uint64_t first = vma->pgoff +
			(uint64_t)((uint8_t *)addr - vma->start) / BLK;
		uint64_t last = vma->pgoff +
			(uint64_t)(end - 1 - vma->start) / BLK;

		zap_vma(vma, first, last);
	}
	dx_up_read(&mm.lock);
	return rc;
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

bool dx_mapped(struct dx_fs *fs, const void *addr)
{
	bool mapped = false;

	pthread_once(&mm_once, mm_init);
	dx_down_read(&mm.lock);
	struct dx_vma *vma = find_vma(addr);

	if (vma && vma->fs == fs && vma->ip) {
		uint64_t pg = vma->pgoff +
			      (uint64_t)((const uint8_t *)addr - vma->start) / BLK;

		mapped = PTE_STATE(vma_pte(vma, pg)) != PTE_NONE;
	}
	dx_up_read(&mm.lock);
	return mapped;
}

