// SPDX-License-Identifier: MIT
/*
 * namespace.c - in-core inodes and the namespace: open (create,
 * truncate), close, unlink, and the destruction of an unlinked inode
 * when its last reference goes.
 *
 * Locks: ns_lock (the "fs" class, outermost) guards the names, the
 * inode table and the references (fs.h, inode_hold).  Creating and
 * unlinking commit one journal transaction under it; O_TRUNC truncates
 * after dropping it, under i_rwsem and invalidate as truncate(2) does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"
#include "pgtable.h"

/* --- in-core inodes ------------------------------------------------ */

struct dx_inode *inode_alloc(struct dx_fs *fs, uint64_t ino)
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
void inode_free(struct dx_inode *ip)
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
