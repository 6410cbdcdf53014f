// SPDX-License-Identifier: MIT
/*
 * fs.c - mount, unmount, the namespace, crash and recovery.
 *
 * Mount and dx_crash() share fs_load(): recover the journal, rebuild the
 * allocator from the extents, destroy orphans (unlinked while open when
 * the power went), and restore the invariant that no written block lies
 * past EOF and that the EOF block's tail reads as zeros.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "daxref_hooks.h"
#include "errf.h"
#include "fs.h"
#include "lockdep.h"
#include "prefill.h"
#include "vma.h"

void dx_opts_init(struct dx_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = "movnt";
	o->zeroing = DX_ZERO_ON_ALLOC;
	o->backing = DX_BACK_MEMFD;
}

const char *dx_zeroing_name(enum dx_zeroing z)
{
	return z == DX_ZERO_UNWRITTEN ? "unwritten" : "zero-on-alloc";
}

int dx_zeroing_parse(const char *name, enum dx_zeroing *z)
{
	if (!strcmp(name, "zero-on-alloc"))
		*z = DX_ZERO_ON_ALLOC;
	else if (!strcmp(name, "unwritten"))
		*z = DX_ZERO_UNWRITTEN;
	else
		return -EINVAL;
	return 0;
}

/* --- in-core inodes ------------------------------------------------ */

static struct dx_inode *inode_alloc(struct dx_fs *fs, uint64_t ino)
{
	struct dx_inode *ip;

	if (ino >= fs->inodes_cap) {
		uint64_t cap = fs->inodes_cap ? fs->inodes_cap : 64;

		while (cap <= ino)
			cap *= 2;
		struct dx_inode **v = realloc(fs->inodes, cap * sizeof(*v));

		if (!v)
			return NULL;
		memset(v + fs->inodes_cap, 0,
		       (cap - fs->inodes_cap) * sizeof(*v));
		fs->inodes = v;
		fs->inodes_cap = cap;
	}
	ip = calloc(1, sizeof(*ip));
	if (!ip)
		return NULL;
	ip->ino = ino;
	ip->fs = fs;
	dx_rwsem_init(&ip->i_rwsem, &lc_i_rwsem);
	dx_rwsem_init(&ip->invalidate, &lc_invalidate);
	dx_rwsem_init(&ip->i_mmap, &lc_i_mmap);
	dx_mutex_init(&ip->ilock, &lc_ilock);
	ext_init(&ip->ext);
	mt_init(&ip->pages);
	fs->inodes[ino] = ip;
	return ip;
}

static void drop_page_entry(void *arg, uint64_t idx, uint64_t e)
{
	struct dx_inode *ip = arg;

	(void)idx;
	if (MT_KIND(e) == MT_PAGE) {
		if (e & MT_DELALLOC)
			alloc_unreserve(&ip->fs->alloc, 1);
		pool_put(&ip->fs->pool, MT_PFN(e));
	}
}

/* Frees the in-core inode only; nothing is committed. */
static void inode_free(struct dx_inode *ip)
{
	struct dx_fs *fs = ip->fs;

	vma_detach_inode(ip);
	mt_destroy(&ip->pages, drop_page_entry, ip);
	ext_free(&ip->ext);
	range_free(&ip->convert);
	dx_rwsem_destroy(&ip->i_rwsem);
	dx_rwsem_destroy(&ip->invalidate);
	dx_rwsem_destroy(&ip->i_mmap);
	dx_mutex_destroy(&ip->ilock);
	fs->inodes[ip->ino] = NULL;
	free(ip->name);
	free(ip);
}

/* Unlinked and no longer open: commit DESTROY, then free its blocks. */
int inode_destroy(struct dx_inode *ip)
{
	struct dx_fs *fs = ip->fs;
	struct dxr_rec r = { .type = DXR_DESTROY };
	int rc;

	drop_pages(ip, 0, UINT64_MAX);
	r.u.ino.ino = ip->ino;
	if ((rc = jnl_commit(&fs->jnl, &r, 1)))
		return rc;
	for (size_t i = 0; i < ip->ext.n; i++)
		alloc_free(&fs->alloc, ip->ext.v[i].pblk, ip->ext.v[i].len);
	inode_free(ip);
	return 0;
}

static struct dx_inode *lookup(struct dx_fs *fs, const char *name)
{
	for (uint64_t i = 0; i < fs->inodes_cap; i++) {
		struct dx_inode *ip = fs->inodes[i];

		if (ip && ip->name && !strcmp(ip->name, name))
			return ip;
	}
	return NULL;
}

/* --- load, unload ---------------------------------------------------- */

/* Frees written blocks past EOF and zeroes the EOF block's tail. */
static int restore_eof(struct dx_inode *ip)
{
	uint64_t size = size_read(ip), eofblk = (size + BLK - 1) >> BLK_SHIFT;
	struct iomap m;
	int rc = 0;

	dx_mutex_lock(&ip->ilock);
	for (size_t i = 0; i < ip->ext.n && !rc; i++) {
		struct extent e = ip->ext.v[i];

		if (e.flags & EXT_UNWRITTEN || e.fblk + e.len <= eofblk)
			continue;
		uint64_t from = e.fblk > eofblk ? e.fblk : eofblk;

		rc = unmap_blocks(ip, from, e.fblk + e.len - from);
		i = (size_t)-1;		/* the array changed: rescan */
	}
	dx_mutex_unlock(&ip->ilock);
	if (rc || !(size & (BLK - 1)))
		return rc;
	if ((rc = dx_iomap(ip, size >> BLK_SHIFT, 1, 0, &m)) ||
	    (m.flags & (IOMAP_HOLE | IOMAP_UNWRITTEN)))
		return rc;
	const uint8_t *p = blk_addr(ip->fs, m.pblk);

	for (uint64_t o = size & (BLK - 1); o < BLK; o++) {
		if (p[o]) {
			uint64_t in = size & (BLK - 1);

			pm_zero_nt(&ip->fs->pm, blk_addr(ip->fs, m.pblk) + in,
				   BLK - in, 0);
			break;
		}
	}
	return 0;
}

static int fs_load(struct dx_fs *fs, char *err, size_t errlen)
{
	struct meta *mt = &fs->jnl.meta;
	int rc;

	struct jnl_recovery rv = {
		.repair = fs->opts.repair, .notice = fs->opts.notice,
		.arg = fs->opts.notice_arg,
	};

	if ((rc = jnl_recover(&fs->jnl, &fs->pm, fs->region.base,
			      fs->region.size, &rv, err, errlen)))
		return rc;
	fs->repaired = rv.dropped;
	uint64_t first = jnl_data_start(&fs->jnl), end = jnl_nblocks(&fs->jnl);

	if ((rc = alloc_init(&fs->alloc, first, end)) ||
	    (rc = pool_init(&fs->pool, end - first)))
		return errf(err, errlen, rc, "allocating in-core state: %s",
			    strerror(-rc));
	for (uint64_t ino = 0; ino < mt->cap; ino++) {
		struct meta_inode *mi = mt->v[ino];
		struct dx_inode *ip;

		if (!mi)
			continue;
		if (!(ip = inode_alloc(fs, ino)) ||
		    (mi->name && !(ip->name = strdup(mi->name))) ||
		    ext_copy(&ip->ext, &mi->ext))
			return errf(err, errlen, -ENOMEM, "loading inode %llu",
				    (unsigned long long)ino);
		ip->size = ip->logged_size = mi->size;
		for (size_t i = 0; i < mi->ext.n; i++)
			alloc_mark_used(&fs->alloc, mi->ext.v[i].pblk,
					mi->ext.v[i].len);
	}
	for (uint64_t ino = 0; ino < fs->inodes_cap; ino++) {
		struct dx_inode *ip = fs->inodes[ino];

		if (!ip)
			continue;
		rc = ip->name ? restore_eof(ip) : inode_destroy(ip);
		if (rc)
			return errf(err, errlen, rc, "recovering inode %llu: %s",
				    (unsigned long long)ino, strerror(-rc));
	}
	return 0;
}

/* Drops every in-core structure; commits nothing. */
static void fs_unload(struct dx_fs *fs)
{
	for (uint64_t i = 0; i < fs->inodes_cap; i++)
		if (fs->inodes[i])
			inode_free(fs->inodes[i]);
	free(fs->inodes);
	fs->inodes = NULL;
	fs->inodes_cap = 0;
	jnl_close(&fs->jnl);
	alloc_destroy(&fs->alloc);
	pool_destroy(&fs->pool);
}

static char *dup_opt(char **pool, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = *pool;

	memcpy(d, s, n);
	*pool += n;
	return d;
}

static int copy_opts(struct dx_fs *fs, const struct dx_opts *o)
{
	const char *s[] = { o->mode, o->profile, o->path, o->isa, o->flush,
			    o->prefill };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		n += s[i] ? strlen(s[i]) + 1 : 0;
	fs->opts = *o;
	fs->opt_strings = malloc(n + 1);
	if (!fs->opt_strings)
		return -ENOMEM;
	char *p = fs->opt_strings;

	fs->opts.mode = dup_opt(&p, o->mode ? o->mode : "movnt");
	fs->opts.profile = dup_opt(&p, o->profile);
	fs->opts.path = dup_opt(&p, o->path);
	fs->opts.isa = dup_opt(&p, o->isa);
	fs->opts.flush = dup_opt(&p, o->flush);
	fs->opts.prefill = dup_opt(&p, o->prefill);
	return 0;
}

static const char *what(const struct dx_opts *o)
{
	return o->backing == DX_BACK_PMEM ? "--pmem" :
	       o->backing == DX_BACK_IMAGE ? "--image" : "the region";
}

/* -EINVAL with "unknown KIND 'NAME' (valid: ...)", the list from LIST. */
static int unknown_name(char *err, size_t errlen, const char *kind,
			const char *name, void (*list)(FILE *, const char *))
{
	char valid[1024] = "";
	FILE *m = fmemopen(valid, sizeof(valid), "w");

	if (m) {
		list(m, ", ");
		fclose(m);
	}
	return errf(err, errlen, -EINVAL, "unknown %s '%s' (valid: %s)",
		    kind, name, valid);
}

int dx_mount(const struct dx_opts *o, struct dx_fs **out, char *err,
	     size_t errlen)
{
	struct cpu_choice cpu;
	struct dx_fs *fs;
	int rc, probe;

	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return errf(err, errlen, -ENOMEM, "out of memory");
	if ((rc = copy_opts(fs, o))) {
		free(fs);
		return errf(err, errlen, rc, "out of memory");
	}
	fs->mode = dx_mode_find(fs->opts.mode);
	if (!fs->mode) {
		rc = unknown_name(err, errlen, "copy mode", fs->opts.mode,
				  dx_mode_list);
		goto out_free;
	}
	fs->profile = dx_profile_find(fs->opts.profile ? fs->opts.profile
							: "fixed");
	if (!fs->profile) {
		rc = unknown_name(err, errlen, "profile", fs->opts.profile,
				  dx_profile_list);
		goto out_free;
	}
	fs->bugs = fs->profile->bugs;
	if (fs->opts.prefill && !dx_prefill_valid(fs->opts.prefill)) {
		rc = unknown_name(err, errlen, "prefill pattern",
				  fs->opts.prefill, dx_prefill_list);
		goto out_free;
	}
	if ((rc = cpu_choose(fs->opts.isa, fs->opts.flush, &cpu, err, errlen)))
		goto out_free;
	pm_kset_init(&fs->pm.ks, &cpu);
	dx_mutex_init(&fs->ns_lock, &lc_fs);
	dx_mutex_init(&fs->pin_lock, &lc_pin);
	pthread_mutex_init(&fs->pin_wait, NULL);
	pthread_cond_init(&fs->pin_cond, NULL);

	if ((rc = region_open(&fs->region, &fs->opts, err, errlen)))
		goto out_free;
	probe = jnl_probe(fs->region.base, fs->region.size, err, errlen);
	/* Media that held data: the pattern goes in before the model starts,
	 * so it is durable, old content - only on a region we format. */
	if ((probe == 0 || fs->opts.mkfs) && fs->opts.prefill &&
	    jnl_data_start_for(fs->region.size))
		prefill_region(fs->region.base,
			       jnl_data_start_for(fs->region.size) * BLK,
			       fs->region.size / BLK * BLK, fs->opts.prefill);
	if (fs->opts.track) {
		fs->pm.track = persist_create(fs->region.base, fs->region.size);
		if (!fs->pm.track) {
			rc = errf(err, errlen, -ENOMEM, "persistence tracking "
				  "needs a shadow copy of the %llu MiB region: "
				  "out of memory",
				  (unsigned long long)(fs->region.size >> 20));
			goto out_region;
		}
	}
	if (probe < 0 && !fs->opts.mkfs) {
		char why[192];

		snprintf(why, sizeof(why), "%s", err);
		rc = errf(err, errlen, probe, "%s %s: %s; refusing to format "
			  "it without --mkfs", what(o), o->path ? o->path : "",
			  why);
		goto out_track;
	}
	if (probe <= 0 || fs->opts.mkfs) {
		if ((rc = jnl_format(&fs->pm, fs->region.base, fs->region.size,
				     err, errlen)))
			goto out_track;
	}
	if ((rc = fs_load(fs, err, errlen))) {
		fs_unload(fs);
		goto out_track;
	}
	*out = fs;
	return 0;

out_track:
	persist_destroy(fs->pm.track);
out_region:
	region_close(&fs->region);
out_free:
	free(fs->opt_strings);
	free(fs);
	return rc;
}

int dx_syncfs(struct dx_fs *fs)
{
	int rc = fs_alive(fs);

	if (rc)
		return rc;
	dx_mutex_lock(&fs->ns_lock);
	for (uint64_t i = 0; i < fs->inodes_cap && !rc; i++) {
		struct dx_inode *ip = fs->inodes[i];

		if (!ip)
			continue;
		dx_down_write(&ip->i_rwsem);
		rc = writeback_range(ip, 0, UINT64_MAX);
		dx_up_write(&ip->i_rwsem);
	}
	dx_mutex_unlock(&fs->ns_lock);
	return rc;
}

int dx_umount(struct dx_fs *fs)
{
	int rc;

	dx_mutex_lock(&fs->ns_lock);
	for (uint64_t i = 0; i < fs->inodes_cap; i++) {
		if (fs->inodes[i] && inode_refs(fs->inodes[i])) {
			dx_mutex_unlock(&fs->ns_lock);
			return -EBUSY;
		}
	}
	dx_mutex_unlock(&fs->ns_lock);
	/* Shut down: write nothing more, so what is durable stays so. */
	if (!fs_alive(fs)) {
		if ((rc = dx_syncfs(fs)))
			return rc;
		/* A failed checkpoint loses nothing: the journal has it. */
		(void)jnl_checkpoint(&fs->jnl);
	}
	fs_unload(fs);
	persist_destroy(fs->pm.track);
	region_close(&fs->region);
	dx_mutex_destroy(&fs->ns_lock);
	dx_mutex_destroy(&fs->pin_lock);
	pthread_mutex_destroy(&fs->pin_wait);
	pthread_cond_destroy(&fs->pin_cond);
	free(fs->owner);
	free(fs->pins);
	free(fs->opt_strings);
	free(fs);
	return 0;
}

int dx_crash(struct dx_fs *fs, enum dx_crash_kind kind, uint64_t seed)
{
	char err[256];
	int rc;

	if (!fs->pm.track)
		return -EOPNOTSUPP;
	persist_crash(fs->pm.track, kind == DX_CRASH_TORN, seed, NULL);
	vma_kill_fs(fs);
	fs_unload(fs);
	if (fs->owner)
		memset(fs->owner, 0, fs->region.size / BLK * sizeof(uint64_t));
	fs->boot++;
	if ((rc = fs_load(fs, err, sizeof(err)))) {
		fprintf(stderr, "daxref: recovery after crash failed: %s\n",
			err);
		return rc;
	}
	return 0;
}

int dx_crash_arm(struct dx_fs *fs, uint64_t n, enum dx_crash_kind kind,
		 uint64_t seed)
{
	if (!fs->pm.track)
		return -EOPNOTSUPP;
	persist_arm(fs->pm.track, n, kind == DX_CRASH_TORN, seed);
	return 0;
}

int dx_crash_image_save(struct dx_fs *fs, const char *path)
{
	uint64_t size = fs->region.size;
	uint8_t *img;
	int fd, rc = 0;

	if (!fs->pm.track)
		return -EOPNOTSUPP;
	img = persist_take_image(fs->pm.track);
	if (!img)
		return -ENOENT;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	for (uint64_t done = 0; done < size;) {
		ssize_t w = write(fd, img + done, size - done);

		if (w < 0) {
			rc = -errno;
			break;
		}
		done += (uint64_t)w;
	}
	if (close(fd) < 0 && !rc)
		rc = -errno;
out:
	persist_image_free(img, size);
	return rc;
}

uint64_t dx_fence_count(struct dx_fs *fs)
{
	return fs->pm.track ? persist_fences(fs->pm.track) : 0;
}

/* --- namespace ------------------------------------------------------- */

static int commit_create(struct dx_fs *fs, uint64_t ino, const char *name)
{
	struct dxr_rec r[1 + (DX_NAME_MAX + DXR_NAME_CHUNK - 1) / DXR_NAME_CHUNK];
	size_t len = strlen(name), chunks;

	memset(r, 0, sizeof(r));
	chunks = (len + DXR_NAME_CHUNK - 1) / DXR_NAME_CHUNK;
	r[0].type = DXR_CREATE;
	r[0].u.create.ino = ino;
	r[0].u.create.name_len = (uint32_t)len;
	for (size_t c = 0; c < chunks; c++) {
		size_t n = len - c * DXR_NAME_CHUNK;

		r[1 + c].type = DXR_NAME;
		memcpy(r[1 + c].u.name, name + c * DXR_NAME_CHUNK,
		       n < DXR_NAME_CHUNK ? n : DXR_NAME_CHUNK);
	}
	return jnl_commit(&fs->jnl, r, (unsigned)(1 + chunks));
}

int dx_open(struct dx_fs *fs, const char *name, unsigned flags,
	    struct dx_file **out)
{
	struct dx_inode *ip;
	struct dx_file *f;
	int rc = 0;

	if ((rc = fs_alive(fs)))
		return rc;
	if (!name || !*name)
		return -ENOENT;
	if (strlen(name) > DX_NAME_MAX)
		return -ENAMETOOLONG;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	dx_mutex_lock(&fs->ns_lock);
	ip = lookup(fs, name);
	if (ip && (flags & DX_O_CREAT) && (flags & DX_O_EXCL)) {
		rc = -EEXIST;
	} else if (!ip && !(flags & DX_O_CREAT)) {
		rc = -ENOENT;
	} else if (!ip) {
		uint64_t ino = fs->jnl.meta.next_ino;

		if ((rc = commit_create(fs, ino, name)) == 0) {
			ip = inode_alloc(fs, ino);
			if (!ip || !(ip->name = strdup(name)))
				rc = -ENOMEM;	/* committed: recovery keeps it */
		}
	}
	if (!rc)
		inode_hold(ip);
	dx_mutex_unlock(&fs->ns_lock);
	if (rc) {
		free(f);
		return rc;
	}
	f->fs = fs;
	f->ip = ip;
	f->boot = fs->boot;
	f->rdonly = flags & DX_O_RDONLY;
	if ((flags & DX_O_TRUNC) && !f->rdonly && size_read(ip)) {
		dx_down_write(&ip->i_rwsem);
		dx_down_write(&ip->invalidate);
		rc = do_truncate(ip, 0);
		dx_up_write(&ip->invalidate);
		dx_up_write(&ip->i_rwsem);
		if (rc) {
			dx_close(f);
			return rc;
		}
	}
	*out = f;
	return 0;
}

int dx_close(struct dx_file *f)
{
	struct dx_fs *fs;
	int rc = 0;

	if (!f)
		return -EBADF;
	fs = f->fs;
	if (f->boot == fs->boot) {
		struct dx_inode *ip = f->ip;

		dx_mutex_lock(&fs->ns_lock);
		if (inode_release_locked(ip))
			rc = inode_destroy(ip);
		dx_mutex_unlock(&fs->ns_lock);
	}
	free(f);
	return rc;
}

int dx_unlink(struct dx_fs *fs, const char *name)
{
	struct dxr_rec r = { .type = DXR_UNLINK };
	struct dx_inode *ip;
	int rc;

	if ((rc = fs_alive(fs)))
		return rc;
	dx_mutex_lock(&fs->ns_lock);
	ip = name ? lookup(fs, name) : NULL;
	if (!ip) {
		dx_mutex_unlock(&fs->ns_lock);
		return -ENOENT;
	}
	r.u.ino.ino = ip->ino;
	if ((rc = jnl_commit(&fs->jnl, &r, 1)) == 0) {
		free(ip->name);
		ip->name = NULL;
		if (inode_refs(ip) == 0)
			rc = inode_destroy(ip);
	}
	dx_mutex_unlock(&fs->ns_lock);
	return rc;
}

/* --- facts ----------------------------------------------------------- */

void dx_info(struct dx_fs *fs, struct dx_info *in)
{
	uint64_t bytes = 0;

	memset(in, 0, sizeof(*in));
	in->mode = fs->mode->name;
	in->zeroing = dx_zeroing_name(fs->opts.zeroing);
	in->profile = fs->profile->name;
	in->backing = dx_backing_name(fs->region.kind);
	in->region_size = fs->region.size;
	in->data_blocks = fs->alloc.end - fs->alloc.first;
	in->free_blocks = alloc_free_blocks(&fs->alloc);
	in->tracking = fs->pm.track != NULL;
	dx_mutex_lock(&fs->ns_lock);
	for (uint64_t i = 0; i < fs->inodes_cap; i++) {
		struct dx_inode *ip = fs->inodes[i];

		if (!ip)
			continue;
		dx_mutex_lock(&ip->ilock);
		bytes += sizeof(*ip) + ip->ext.cap * sizeof(struct extent) +
			 ip->convert.cap * sizeof(struct blk_range);
		dx_mutex_unlock(&ip->ilock);
		mt_lock(&ip->pages);
		bytes += mt_bytes(&ip->pages);
		mt_unlock(&ip->pages);
	}
	bytes += fs->inodes_cap * sizeof(*fs->inodes);
	dx_mutex_unlock(&fs->ns_lock);
	dx_mutex_lock(&fs->jnl.lock);
	for (uint64_t i = 0; i < fs->jnl.meta.cap; i++)
		if (fs->jnl.meta.v[i])
			bytes += sizeof(struct meta_inode) +
				 fs->jnl.meta.v[i]->ext.cap *
				 sizeof(struct extent);
	bytes += fs->jnl.meta.cap * sizeof(void *);
	in->journal_txns = fs->jnl.txns;
	in->checkpoints = fs->jnl.checkpoints;
	in->replayed = fs->jnl.replayed;
	in->repaired = fs->repaired;
	in->shutdown = fs->jnl.shutdown ? fs->jnl.shutdown_why : NULL;
	dx_mutex_unlock(&fs->jnl.lock);
	bytes += (fs->alloc.end + 63) / 64 * 8 + fs->alloc.nchunks * 2;
	in->meta_dram_bytes = bytes;
}

void dx_describe(struct dx_fs *fs, FILE *out)
{
	const struct pm_kset *ks = &fs->pm.ks;

	fprintf(out, "mode: %s (write: %s; fsync: %s)\n", fs->mode->name,
		fs->mode->write_does, fs->mode->fsync_does);
	fprintf(out, "zeroing: %s\n", dx_zeroing_name(fs->opts.zeroing));
	fprintf(out, "profile: %s%s%s\n", fs->profile->name,
		fs->bugs ? " - " : "", fs->bugs ? fs->profile->mistake : "");
	fprintf(out, "region: %s\n", fs->region.desc);
	cpu_describe(out, &ks->cpu);
	fprintf(out, "kernels: nt=%s cached+flush=%s cached=%s\n",
		ks->nt->name, ks->cached_flush->name, ks->cached->name);
	fprintf(out, "tracking: %s\n", fs->pm.track ? "on" : "off");
}

void dx_fault_stats(struct dx_fs *fs, struct dx_fault_stats *st)
{
	st->read_faults = __atomic_load_n(&fs->stats.read_faults, __ATOMIC_RELAXED);
	st->write_faults = __atomic_load_n(&fs->stats.write_faults, __ATOMIC_RELAXED);
	st->mkwrite_faults = __atomic_load_n(&fs->stats.mkwrite_faults, __ATOMIC_RELAXED);
	st->pmd_faults = __atomic_load_n(&fs->stats.pmd_faults, __ATOMIC_RELAXED);
	st->pmd_fallbacks = __atomic_load_n(&fs->stats.pmd_fallbacks, __ATOMIC_RELAXED);
	st->zero_maps = __atomic_load_n(&fs->stats.zero_maps, __ATOMIC_RELAXED);
	st->sigbus = __atomic_load_n(&fs->stats.sigbus, __ATOMIC_RELAXED);
	st->flushed_bytes = __atomic_load_n(&fs->stats.flushed_bytes, __ATOMIC_RELAXED);
}

/* --- the hooks header's thin wrappers -------------------------------- */

void dx_profile_names(FILE *out, const char *sep) { dx_profile_list(out, sep); }
bool dx_profile_valid(const char *name) { return name && dx_profile_find(name); }

const char *dx_profile_mistake(const char *name)
{
	const struct dx_profile *p = dx_profile_find(name);

	return p ? p->mistake : NULL;
}

const char *dx_profile_source(const char *name)
{
	const struct dx_profile *p = dx_profile_find(name);

	return p ? p->source : NULL;
}

void dx_lockdep_enable(bool on) { lockdep_enable(on); }
void dx_lockdep_reset(void) { lockdep_reset(); }
unsigned dx_lockdep_nreports(void) { return lockdep_nreports(); }
const char *dx_lockdep_report(unsigned i) { return lockdep_report(i); }
