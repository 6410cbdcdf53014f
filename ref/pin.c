// SPDX-License-Identifier: MIT
/*
 * pin.c - GUP-like pins, the layout break that waits for them, and
 * memory-failure lookup.  From Dan Williams' "Fix the DAX-gup mistake"
 * (2022-09-09): a block that a device may still write (an O_DIRECT or
 * RDMA buffer pinned with get_user_pages) must not be freed or reused
 * until the pin drops, so truncate and punch wait for it; and the lookup
 * from a failing block to its file cannot trust a speculative owner
 * without revalidating it under the entry lock.
 *
 * Pin counts live in one array per filesystem, indexed by region block,
 * allocated on the first pin; fs->pin_lock guards them and pin_cond wakes
 * layout breaks when a pin drops.  Lock class "pin" is a leaf.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "daxref_hooks.h"
#include "fs.h"
#include "race.h"
#include "mmap.h"
#include "pgtable.h"

struct dx_pin {
	struct dx_fs	*fs;
	uint64_t	n;
	uint64_t	pfn[];
};

int dx_pin(struct dx_fs *fs, void *addr, size_t len, struct dx_pin **out)
{
	uint8_t *a = (uint8_t *)((uintptr_t)addr & ~(uintptr_t)(BLK - 1));
	uint64_t n = ((uint8_t *)addr + len - a + BLK - 1) / BLK;
	struct dx_pin *p;

	if (!len)
		return -EINVAL;
	if (!fs->mode->dax)
		return -EOPNOTSUPP;	/* page-cache pages pin themselves */
	p = calloc(1, sizeof(*p) + n * sizeof(uint64_t));
	if (!p)
		return -ENOMEM;
	p->fs = fs;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pfn;
		/* FOLL_WRITE: fault the page in writable first. */
		int rc = vma_fault_in(fs, a + i * BLK, true, &pfn);

		if (rc) {
			p->n = i;
			dx_unpin(p);
			return rc;
		}
		dx_mutex_lock(&fs->pin_lock);
		if (!fs->pins)
			fs->pins = calloc(fs->region.size / BLK,
					  sizeof(*fs->pins));
		if (!fs->pins) {
			dx_mutex_unlock(&fs->pin_lock);
			p->n = i;
			dx_unpin(p);
			return -ENOMEM;
		}
		fs->pins[pfn]++;
		dx_mutex_unlock(&fs->pin_lock);
		p->pfn[i] = pfn;
	}
	p->n = n;
	*out = p;
	return 0;
}

/* The device writing into the pinned pages: whatever blocks they are. */
int dx_pin_write(struct dx_pin *p, size_t off, const void *buf, size_t len)
{
	struct dx_fs *fs = p->fs;
	const uint8_t *src = buf;

	if (off + len > p->n * BLK || off + len < off)
		return -EINVAL;
	while (len) {
		uint64_t i = off / BLK, in = off % BLK, n = BLK - in;

		if (n > len)
			n = len;
		pm_copy_nt(&fs->pm, blk_addr(fs, p->pfn[i]) + in, src, n, 0);
		src += n;
		off += n;
		len -= n;
	}
	return 0;
}

void dx_unpin(struct dx_pin *p)
{
	struct dx_fs *fs;

	if (!p)
		return;
	fs = p->fs;
	dx_mutex_lock(&fs->pin_lock);
	for (uint64_t i = 0; i < p->n; i++)
		fs->pins[p->pfn[i]]--;
	dx_mutex_unlock(&fs->pin_lock);
	pthread_mutex_lock(&fs->pin_wait);
	pthread_cond_broadcast(&fs->pin_cond);
	if (race_engine())
		race_wake_slow(&fs->pin_cond);
	pthread_mutex_unlock(&fs->pin_wait);
	free(p);
}

/* Is any block of file pages [first, last] pinned?  Takes ilock. */
static bool range_pinned(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct dx_fs *fs = ip->fs;
	bool busy = false;

	if (!__atomic_load_n(&fs->pins, __ATOMIC_ACQUIRE))
		return false;
	dx_mutex_lock(&ip->ilock);
	for (size_t i = 0; i < ip->ext.n && !busy; i++) {
		struct extent e = ip->ext.v[i];
		uint64_t a = e.fblk > first ? e.fblk : first;
		uint64_t end = e.fblk + e.len - 1;
		uint64_t b = end < last ? end : last;

		for (uint64_t f = a; f <= b && a <= b && !busy; f++)
			busy = __atomic_load_n(&fs->pins[e.pblk + f - e.fblk],
					       __ATOMIC_RELAXED) != 0;
	}
	dx_mutex_unlock(&ip->ilock);
	return busy;
}

/*
 * The layout break before blocks [first, last] go away: unmap them so no
 * new pin can start, then wait until the pins already taken drop.  The
 * invalidate lock is let go while waiting (xfs_break_dax_layouts does the
 * same), so after each wait the range is unmapped again.  Caller holds
 * i_rwsem and invalidate exclusive.
 */
void break_layouts(struct dx_inode *ip, uint64_t first, uint64_t last)
{
	struct dx_fs *fs = ip->fs;

	if (fs_bug(fs, BUG_TRUNCATE_IGNORES_PINS) || !fs->mode->dax)
		return;
	while (range_pinned(ip, first, last)) {
		RACE(RP_TRUNCATE_WAIT_PIN);
		dx_up_write(&ip->invalidate);
		/*
		 * pin_wait is a plain mutex that only guards this sleep:
		 * dx_unpin() takes it to broadcast, so a pin dropped between
		 * the check and the sleep still wakes us.  Holding no lock
		 * the race engine tracks while we sleep keeps its view exact.
		 */
		bool slept = false;

		pthread_mutex_lock(&fs->pin_wait);
		if (range_pinned(ip, first, last)) {
			if (race_engine())
				race_block_slow("pin", &fs->pin_cond);
			pthread_cond_wait(&fs->pin_cond, &fs->pin_wait);
			slept = true;
		}
		pthread_mutex_unlock(&fs->pin_wait);
		if (slept && race_engine())
			race_unblock_slow();	/* pin_wait dropped first */
		dx_down_write(&ip->invalidate);
		if (!fs_bug(fs, BUG_TRUNCATE_NO_UNMAP))
			zap_range(ip, first, last);
	}
}

/* --- memory failure ------------------------------------------------- */

static struct dx_inode *hold_inode(struct dx_fs *fs, uint64_t ino)
{
	struct dx_inode *ip = NULL;

	dx_mutex_lock(&fs->ns_lock);
	if (ino < fs->inodes_cap && fs->inodes[ino]) {
		ip = fs->inodes[ino];
		inode_hold(ip);
	}
	dx_mutex_unlock(&fs->ns_lock);
	return ip;
}

static void release_inode(struct dx_inode *ip)
{
	struct dx_fs *fs = ip->fs;

	dx_mutex_lock(&fs->ns_lock);
	if (inode_release_locked(ip))
		inode_destroy(ip);
	dx_mutex_unlock(&fs->ns_lock);
}

static void report(struct dx_inode *ip, uint64_t pg, struct dx_memfail *out)
{
	out->mapped = true;
	out->ino = ip->ino;
	out->index = pg;
	snprintf(out->name, sizeof(out->name), "%s",
		 ip->name ? ip->name : "(unlinked)");
}

/*
 * dax_lock_folio() in user space: read the owner without locks, then
 * lock that inode's entry and check the owner is still the same before
 * acting on it; if not, start again.
 */
int dx_memory_failure(struct dx_fs *fs, uint64_t pblk, struct dx_memfail *out)
{
	memset(out, 0, sizeof(*out));
	if (pblk >= fs->region.size / BLK)
		return -EINVAL;
	for (;;) {
		uint64_t ino, pg, at;

		if (!owner_get(fs, pblk, &ino, &pg))
			return 0;		/* no file maps it */
		RACE(RP_MEMFAIL_AFTER_LOOKUP);
		struct dx_inode *ip = hold_inode(fs, ino);

		if (!ip)
			continue;		/* freed meanwhile: look again */
		if (fs_bug(fs, BUG_MEMFAIL_NO_REVALIDATE)) {
			zap_range(ip, pg, pg);
			report(ip, pg, out);
			release_inode(ip);
			return 0;
		}
		uint64_t e = entry_grab(ip, pg, &at);
		uint64_t now_ino, now_pg;
		bool same = e != UINT64_MAX &&
			    owner_get(fs, pblk, &now_ino, &now_pg) &&
			    now_ino == ino && now_pg == pg &&
			    (MT_KIND(e) == MT_PTE || MT_KIND(e) == MT_PMD);

		if (e != UINT64_MAX) {
			if (same) {
				zap_range(ip, pg, pg);
				report(ip, pg, out);
			}
			entry_put(ip, at, e);
		}
		release_inode(ip);
		if (same)
			return 0;
	}
}

int dx_bmap(struct dx_file *f, off_t off, uint64_t *pblk)
{
	struct iomap m;
	int rc;

	int ok = file_ok(f);

	if (ok)
		return ok;
	if (off < 0)
		return -EINVAL;
	if ((rc = dx_iomap(f->ip, (uint64_t)off >> BLK_SHIFT, 1, 0, &m)))
		return rc;
	if (m.flags & IOMAP_HOLE)
		return -ENODATA;
	*pblk = m.pblk;
	return 0;
}

int dx_entry_kind(struct dx_file *f, uint64_t index, const char **kind,
		  bool *dirty)
{
	static const char *const names[] = { "none", "pte", "pmd", "zero",
					     "page" };
	struct dx_inode *ip;
	int rc = file_ok(f);

	if (rc)
		return rc;
	ip = f->ip;
	mt_lock(&ip->pages);
	uint64_t at = index & ~(uint64_t)(MT_PMD_PAGES - 1);
	uint64_t e = mt_load(&ip->pages, at);

	if (MT_KIND(e) != MT_PMD || fs_bug(f->fs, BUG_PTE_INSIDE_PMD)) {
		uint64_t pe = e;

		at = index;
		e = mt_load(&ip->pages, index);
		if (!e && MT_KIND(pe) == MT_PMD) {
			e = pe;
			at = index & ~(uint64_t)(MT_PMD_PAGES - 1);
		}
	}
	*kind = e == 0 ? "none" : MT_KIND(e) <= MT_PAGE && (e & ~MT_LOCKED) ?
		names[MT_KIND(e)] : "empty";
	*dirty = mt_tag_get(&ip->pages, at, MT_TAG_DIRTY);
	mt_unlock(&ip->pages);
	return 0;
}

int dx_entry_pfn(struct dx_file *f, uint64_t index, uint64_t *pblk)
{
	struct dx_inode *ip;
	int rc = file_ok(f);

	if (rc)
		return rc;
	rc = -ENODATA;
	ip = f->ip;
	mt_lock(&ip->pages);
	uint64_t at = index & ~(uint64_t)(MT_PMD_PAGES - 1);
	uint64_t e = mt_load(&ip->pages, index);

	if (MT_KIND(e) == MT_PTE) {
		*pblk = MT_PFN(e);
		rc = 0;
	} else if (MT_KIND(e = mt_load(&ip->pages, at)) == MT_PMD) {
		*pblk = MT_PFN(e) + (index - at);
		rc = 0;
	}
	mt_unlock(&ip->pages);
	return rc;
}
