// SPDX-License-Identifier: MIT
/*
 * mount.c - mount options, mount, syncfs, unmount, and the facts a
 * mounted filesystem reports (dx_info, dx_describe, fault counters).
 *
 * Mount and dx_crash() (crash.c) share fs_load(): recover the journal,
 * rebuild the allocator from the extents, destroy orphans (unlinked while
 * open when the power went), and restore the invariant that no written
 * block lies past EOF and that the EOF block's tail reads as zeros.
 *
 * The top layer with crash.c: it calls down into namespace.c (inodes),
 * the journal, the allocator and writeback; nothing calls up into it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "daxref_hooks.h"
#include "errf.h"
#include "fs.h"
#include "lockdep.h"
#include "prefill.h"
#include "copy_rank.h"

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

int fs_load(struct dx_fs *fs, char *err, size_t errlen)
{
	struct meta *mt = &fs->jnl.meta;
	int rc;

	struct jnl_recovery rv = {
		.repair = fs->opts.repair, .notice = fs->opts.notice,
		.arg = fs->opts.notice_arg,
		.hwm_known = fs->jnl_hwm_known, .hwm = fs->jnl_hwm,
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
void fs_unload(struct dx_fs *fs)
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

static double mono_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
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
			    o->prefill, o->copy };
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
	fs->opts.copy = dup_opt(&p, o->copy);
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
	if ((rc = pm_kset_choose(&fs->pm.ks, &cpu, fs->opts.copy,
				 fs->opts.notice, fs->opts.notice_arg, err,
				 errlen)))
		goto out_free;
	fs->pm.count_zero = fs->opts.count_zeroing;
	fs->mount_ticks = pm_ticks();
	fs->mount_secs = mono_secs();
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
	in->zero_bytes = __atomic_load_n(&fs->pm.zero_bytes, __ATOMIC_RELAXED);
	if (in->zero_bytes) {
		double secs = mono_secs() - fs->mount_secs;
		uint64_t ticks = pm_ticks() - fs->mount_ticks;

		in->zero_seconds = ticks && secs > 0 ?
			__atomic_load_n(&fs->pm.zero_ticks, __ATOMIC_RELAXED) *
			(secs / ticks) : 0;
	}
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
	pm_kset_describe_choice(out, ks);
	fprintf(out, "prefill: %s\n", fs->opts.prefill ? fs->opts.prefill
							: "none");
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
