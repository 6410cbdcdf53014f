// SPDX-License-Identifier: MIT
/* region.c - memfd / hugetlb / image / pmem regions (see region.h). */
#include "region.h"
#include "errf.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <linux/mman.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef MFD_HUGE_2MB
#define MFD_HUGE_2MB (21 << 26)
#endif

const char *dx_backing_name(enum dx_backing b)
{
	switch (b) {
	case DX_BACK_MEMFD:	return "memfd";
	case DX_BACK_HUGETLB:	return "hugetlb";
	case DX_BACK_IMAGE:	return "image";
	case DX_BACK_PMEM:	return "pmem";
	}
	return "?";
}

static void size_str(uint64_t v, char *buf, size_t len)
{
	if (v % (1ULL << 30) == 0)
		snprintf(buf, len, "%llu GiB", (unsigned long long)(v >> 30));
	else if (v % (1ULL << 20) == 0)
		snprintf(buf, len, "%llu MiB", (unsigned long long)(v >> 20));
	else
		snprintf(buf, len, "%llu bytes", (unsigned long long)v);
}

static long huge_pages_free(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "HugePages_Free: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* Size of a devdax character device, from sysfs. */
static int devdax_size(const struct stat *st, uint64_t *size)
{
	char p[96];
	unsigned long long v;
	FILE *f;
	int ok;

	snprintf(p, sizeof(p), "/sys/dev/char/%u:%u/size", major(st->st_rdev),
		 minor(st->st_rdev));
	f = fopen(p, "r");
	if (!f)
		return -ENODEV;
	ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (!ok)
		return -ENODEV;
	*size = v;
	return 0;
}

static int open_memfd(struct region *r, const struct dx_opts *o, char *err,
		      size_t errlen)
{
	bool huge = o->backing == DX_BACK_HUGETLB;
	unsigned flags = MFD_CLOEXEC | (huge ? MFD_HUGETLB | MFD_HUGE_2MB : 0);

	r->fd = memfd_create(huge ? "daxref-hugetlb" : "daxref-region", flags);
	if (r->fd < 0)
		return errf(err, errlen, -errno, "memfd_create%s: %s",
			    huge ? "(MFD_HUGETLB)" : "", strerror(errno));
	if (ftruncate(r->fd, (off_t)r->size) < 0)
		return errf(err, errlen, -errno, "ftruncate of the %s region "
			    "to %llu bytes: %s", huge ? "hugetlb" : "memfd",
			    (unsigned long long)r->size, strerror(errno));
	return 0;
}

/*
 * Opens @o->path read-write, creating it when it does not exist (and then
 * noting that we created it, so a failure removes only what we made), and
 * fstat()s it.  @what prefixes messages ("" or "--pmem ").
 */
static int open_path(struct region *r, const struct dx_opts *o,
		     const char *what, struct stat *st, char *err,
		     size_t errlen)
{
	r->fd = open(o->path, O_RDWR | O_CLOEXEC);
	if (r->fd < 0 && errno == ENOENT) {
		r->fd = open(o->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			     0644);
		r->created = r->fd >= 0;
	}
	if (r->fd < 0)
		return errf(err, errlen, -errno, "%s%s: %s", what, o->path,
			    strerror(errno));
	if (fstat(r->fd, st) < 0)
		return errf(err, errlen, -errno, "%s%s: fstat: %s", what,
			    o->path, strerror(errno));
	return 0;
}

static int open_image(struct region *r, const struct dx_opts *o, char *err,
		      size_t errlen)
{
	struct stat st;
	int rc;

	if ((rc = open_path(r, o, "", &st, err, errlen)))
		return rc;
	if (!S_ISREG(st.st_mode))
		return errf(err, errlen, -EINVAL, "%s: an image must be a "
			    "regular file (use --pmem for a devdax device)",
			    o->path);
	if (st.st_size == 0) {
		if (ftruncate(r->fd, (off_t)r->size) < 0)
			return errf(err, errlen, -errno, "%s: ftruncate to "
				    "%llu bytes: %s", o->path,
				    (unsigned long long)r->size,
				    strerror(errno));
	} else if (o->region_size && (uint64_t)st.st_size != o->region_size) {
		char a[32], b[32];

		size_str((uint64_t)st.st_size, a, sizeof(a));
		size_str(o->region_size, b, sizeof(b));
		return errf(err, errlen, -EINVAL, "%s: the image holds %s but "
			    "--region-size asks for %s (drop the option, or "
			    "use a new image)", o->path, a, b);
	} else {
		r->size = (uint64_t)st.st_size;
	}
	return 0;
}

/*
 * A devdax device is always mapped synchronously; a file must be on a DAX
 * mount, which the kernel tells us by accepting MAP_SYNC.
 */
static int open_pmem(struct region *r, const struct dx_opts *o, char *err,
		     size_t errlen)
{
	struct stat st;
	int rc;

	if ((rc = open_path(r, o, "--pmem ", &st, err, errlen)))
		return rc;
	if (S_ISBLK(st.st_mode))
		return errf(err, errlen, -EINVAL, "--pmem %s: is a block "
			    "device; pass a devdax device (/dev/daxN.M) or a "
			    "file on a filesystem mounted with -o dax",
			    o->path);
	if (S_ISCHR(st.st_mode)) {
		rc = devdax_size(&st, &r->size);
		if (rc)
			return errf(err, errlen, rc, "--pmem %s: a character "
				    "device that is not devdax (no size in "
				    "sysfs)", o->path);
		if (o->region_size && o->region_size < r->size)
			r->size = o->region_size;
		r->size &= ~(uint64_t)(DX_PMD_SIZE - 1);
		r->devdax = r->real_pmem = true;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return errf(err, errlen, -EINVAL, "--pmem %s: not a devdax "
			    "device or a regular file", o->path);
	if (st.st_size == 0) {
		rc = posix_fallocate(r->fd, 0, (off_t)r->size);
		if (rc)
			return errf(err, errlen, -rc, "--pmem %s: fallocate "
				    "%llu bytes: %s", o->path,
				    (unsigned long long)r->size, strerror(rc));
	} else {
		r->size = (uint64_t)st.st_size;
	}
	r->real_pmem = true;
	return 0;
}

int region_open(struct region *r, const struct dx_opts *o, char *err,
		size_t errlen)
{
	int flags = MAP_SHARED, rc;
	char sz[32];

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->kind = o->backing;
	r->size = o->region_size ? o->region_size : REGION_DEFAULT_SIZE;
	if ((o->backing == DX_BACK_IMAGE || o->backing == DX_BACK_PMEM) &&
	    (!o->path || !*o->path))
		return errf(err, errlen, -EINVAL, "the %s backing needs a "
			    "path", dx_backing_name(o->backing));

	switch (o->backing) {
	case DX_BACK_HUGETLB:
		r->size = (r->size + DX_PMD_SIZE - 1) & ~(uint64_t)(DX_PMD_SIZE - 1);
		/* fall through */
	case DX_BACK_MEMFD:
		rc = open_memfd(r, o, err, errlen);
		break;
	case DX_BACK_IMAGE:
		rc = open_image(r, o, err, errlen);
		break;
	case DX_BACK_PMEM:
		rc = open_pmem(r, o, err, errlen);
		break;
	default:
		rc = errf(err, errlen, -EINVAL, "unknown backing %d",
			  o->backing);
	}
	if (rc)
		goto out_close;

	if (r->size < REGION_MIN_SIZE) {
		char min[32];

		size_str(r->size, sz, sizeof(sz));
		size_str(REGION_MIN_SIZE, min, sizeof(min));
		rc = errf(err, errlen, -EINVAL, "region size %s is too small: "
			  "the reference needs at least %s", sz, min);
		goto out_close;
	}
	r->size &= ~(uint64_t)(DX_BLOCK_SIZE - 1);

	/* A devdax mapping is synchronous by nature; a file proves it. */
	if (o->backing == DX_BACK_PMEM && !r->devdax)
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	if (o->prefault)
		flags |= MAP_POPULATE;
	r->base = mmap(NULL, r->size, PROT_READ | PROT_WRITE, flags, r->fd, 0);
	if (r->base == MAP_FAILED) {
		int e = errno;

		r->base = NULL;
		if ((flags & MAP_SYNC) && (e == EOPNOTSUPP || e == EINVAL))
			rc = errf(err, errlen, -EOPNOTSUPP, "--pmem %s: not "
				  "DAX: the kernel refused mmap(MAP_SYNC) (%s); "
				  "mount the filesystem with -o dax (or "
				  "dax=always), or use --image for a plain "
				  "image file", o->path, strerror(e));
		else if (o->backing == DX_BACK_HUGETLB && e == ENOMEM)
			rc = errf(err, errlen, -ENOMEM, "hugetlb region of "
				  "%llu MiB: not enough free 2 MiB huge pages "
				  "(HugePages_Free=%ld; raise "
				  "/proc/sys/vm/nr_hugepages)",
				  (unsigned long long)(r->size >> 20),
				  huge_pages_free());
		else
			rc = errf(err, errlen, -e, "mmap of the %s region "
				  "(%llu bytes): %s",
				  dx_backing_name(o->backing),
				  (unsigned long long)r->size, strerror(e));
		goto out_close;
	}

	size_str(r->size, sz, sizeof(sz));
	switch (o->backing) {
	case DX_BACK_MEMFD:
	case DX_BACK_HUGETLB:
		snprintf(r->desc, sizeof(r->desc), "%s %s%s",
			 dx_backing_name(o->backing), sz,
			 o->prefault ? ", prefaulted" : "");
		break;
	default:
		snprintf(r->desc, sizeof(r->desc), "%s %s (%s)%s",
			 dx_backing_name(o->backing), o->path, sz,
			 (flags & MAP_SYNC) ? ", MAP_SYNC" : "");
	}
	return 0;

out_close:
	if (r->fd >= 0)
		close(r->fd);
	if (r->created && o->path)
		unlink(o->path);	/* only what we created ourselves */
	r->fd = -1;
	return rc;
}

void region_close(struct region *r)
{
	if (r->base)
		munmap(r->base, r->size);
	if (r->fd >= 0)
		close(r->fd);
	r->base = NULL;
	r->fd = -1;
}

