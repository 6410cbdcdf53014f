// SPDX-License-Identifier: MIT
/*
 * pmdk_peer.c - PMDK's pmem_memcpy_persist / pmem_memset_persist as the
 * peer of the bare kernels.
 *
 * libpmem reads PMEM_IS_PMEM_FORCE and its other PMEM_* knobs in a library
 * constructor, and picks its copy path (SSE2/AVX/AVX-512F, flush
 * instruction) there too.  So daxcopy does not link it: it sets the
 * environment first and then dlopen()s it, which runs the constructor with
 * that environment - the same effect as re-executing itself, without
 * escaping from valgrind (which would not follow an exec by default).
 *
 * Which path libpmem took is not in its API.  If Debian's libpmem1-debug
 * is installed, a forked child loads that build with PMEM_LOG_LEVEL=3 and
 * we read its "using ..." lines: same CPUID, same environment, same
 * decision.  Otherwise the path is inferred from CPUID and the PMEM_*
 * variables by PMDK 1.12's rules (src/libpmem2/x86_64/init.c), and the
 * output says it was inferred.
 */
#include <cpuid.h>
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daxcopy.h"

#ifdef HAVE_LIBPMEM
#include <libpmem.h>

#define LIBPMEM		"libpmem.so.1"
#define LIBPMEM_DEBUG	"/usr/lib/x86_64-linux-gnu/pmdk_dbg/libpmem.so.1"

/* Typed from libpmem.h, so a changed signature fails the build. */
static __typeof__(&pmem_memcpy_persist) p_memcpy_persist;
static __typeof__(&pmem_memset_persist) p_memset_persist;

static void peer_copy(void *d, const void *s, size_t n, unsigned flags)
{
	(void)flags;
	p_memcpy_persist(d, s, n);
}

static void peer_zero(void *d, size_t n, unsigned flags)
{
	(void)flags;
	p_memset_persist(d, 0, n);
}

static bool env_is(const char *name, const char *val)
{
	const char *e = getenv(name);

	return e && !strcmp(e, val);
}

/* PMDK 1.12 init.c, pmem_cpuinfo_to_funcs(): raw CPUID bits (it does not
 * look at XCR0), each feature switchable off by its PMEM_* variable. */
static void infer_path(struct dc_peer *p)
{
	unsigned a, b, c, d, max, b7 = 0, c1 = 0, d1 = 0;
	const char *flush = "none", *movnt = "none (PMEM_NO_MOVNT=1)";

	__cpuid(0, max, b, c, d);
	__cpuid(1, a, b, c1, d1);
	if (max >= 7)
		__cpuid_count(7, 0, a, b7, c, d);
	if (d1 & (1u << 19))
		flush = "clflush";
	if ((b7 & (1u << 23)) && !env_is("PMEM_NO_CLFLUSHOPT", "1"))
		flush = "clflushopt";
	if ((b7 & (1u << 24)) && !env_is("PMEM_NO_CLWB", "1"))
		flush = "clwb";
	if (!env_is("PMEM_NO_MOVNT", "1")) {
		movnt = "movnt SSE2";
		if ((c1 & (1u << 28)) && !env_is("PMEM_AVX", "0"))
			movnt = "movnt AVX";
		if ((b7 & (1u << 16)) && !env_is("PMEM_AVX512F", "0"))
			movnt = "movnt AVX512F";
	}
	snprintf(p->path, sizeof(p->path), "%s + %s", movnt, flush);
	snprintf(p->path_how, sizeof(p->path_how),
		 "inferred from CPUID and PMEM_* as PMDK 1.12 init.c decides; "
		 "install libpmem1-debug to confirm");
}

/* Loads the debug build in a child and reads what it logged. */
static bool ask_debug_build(struct dc_peer *p)
{
	char log[16384], flush[32] = "", movnt[48] = "", *l;
	size_t got = 0;
	ssize_t n;
	int pfd[2], status;
	pid_t pid;

	if (access(LIBPMEM_DEBUG, R_OK) || pipe(pfd))
		return false;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return false;
	}
	if (pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], STDERR_FILENO);
		unsetenv("PMEM_LOG_FILE");
		setenv("PMEM_LOG_LEVEL", "3", 1);
		_exit(dlopen(LIBPMEM_DEBUG, RTLD_NOW) ? 0 : 1);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], log + got, sizeof(log) - 1 - got)) > 0)
		got += n;
	close(pfd[0]);
	log[got] = 0;
	waitpid(pid, &status, 0);

	for (l = log; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *u = strstr(l, "] using ");
		const char *v = strstr(l, "src version: ");
		const char *eol = strchr(l, '\n');
		int len;

		if (v && (!eol || v < eol)) {
			v += strlen("src version: ");
			len = eol ? (int)(eol - v) : (int)strlen(v);
			snprintf(p->version, sizeof(p->version), "%.*s", len, v);
		}
		if (!u || (eol && u > eol))
			continue;
		u += strlen("] using ");
		len = eol ? (int)(eol - u) : (int)strlen(u);
		if (!strncmp(u, "movnt", 5))
			snprintf(movnt, sizeof(movnt), "%.*s", len, u);
		else
			snprintf(flush, sizeof(flush), "%.*s", len, u);
	}
	if (!flush[0] || !movnt[0])
		return false;
	snprintf(p->path, sizeof(p->path), "%s + %s", movnt, flush);
	snprintf(p->path_how, sizeof(p->path_how),
		 "from the log of libpmem's debug build (%s), same environment",
		 LIBPMEM_DEBUG);
	return true;
}

void dc_peer_load(struct dc_peer *p)
{
	struct link_map *lm = NULL;
	void *h;

	memset(p, 0, sizeof(*p));
	/* Must precede the constructor, which reads it. */
	setenv("PMEM_IS_PMEM_FORCE", "1", 1);
	if (!ask_debug_build(p))
		infer_path(p);

	h = dlopen(LIBPMEM, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(p->why, sizeof(p->why), "dlopen %s: %s", LIBPMEM,
			 dlerror());
		return;
	}
	p_memcpy_persist = (__typeof__(p_memcpy_persist))
		dlsym(h, "pmem_memcpy_persist");
	p_memset_persist = (__typeof__(p_memset_persist))
		dlsym(h, "pmem_memset_persist");
	if (!p_memcpy_persist || !p_memset_persist) {
		snprintf(p->why, sizeof(p->why), "%s lacks "
			 "pmem_memcpy_persist/pmem_memset_persist", LIBPMEM);
		return;
	}
	if (!dlinfo(h, RTLD_DI_LINKMAP, &lm) && lm && lm->l_name)
		snprintf(p->lib, sizeof(p->lib), "%s", lm->l_name);
	else
		snprintf(p->lib, sizeof(p->lib), "%s", LIBPMEM);
	p->copy = peer_copy;
	p->zero = peer_zero;
	p->available = true;
}

#else /* !HAVE_LIBPMEM */

void dc_peer_load(struct dc_peer *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->why, sizeof(p->why), "built without libpmem-dev "
		 "(pkg-config found no libpmem at build time; install "
		 "libpmem-dev and rebuild)");
}

#endif
