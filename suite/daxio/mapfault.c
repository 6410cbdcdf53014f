// SPDX-License-Identifier: MIT
/*
 * mapfault.c - SIGBUS and SIGSEGV during mread and mwrite.
 *
 * xfs_io 6.1 catches neither: an access past EOF kills it with SIGBUS (and
 * a store to a read-only mapping with SIGSEGV), losing the rest of the
 * batch.  daxio catches both while a mapping is being accessed, reports
 * the offset, and goes on with the batch (see cmd_mmap.c).
 *
 * Who handles what, on the ref target:
 *   SIGSEGV  libdaxref's handler runs first: every access to a reference
 *            mapping traps, and the library's fault path maps the page.
 *            Only what it cannot serve (a store to a read-only mapping,
 *            an address that is not its own) is passed on, by calling the
 *            handler that was installed before it - ours.  That is why
 *            mapfault_install() runs before the target is set up.
 *   SIGBUS   the library raises it itself (past EOF, or a mapping of a
 *            crashed filesystem), from inside its SIGSEGV handler, with
 *            the faulting address; it arrives here directly.
 * On the posix target both come from the kernel.
 *
 * Leaving with siglongjmp() from a handler that may be nested in the
 * library's is safe because the library releases its locks before it
 * chains or raises, and the saved signal mask (sigsetjmp(, 1)) unblocks
 * SIGSEGV again.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "daxio.h"

static sigjmp_buf fault_env;
static volatile sig_atomic_t armed;
static const char *volatile arm_lo, *volatile arm_hi;
static void *volatile fault_addr;
static volatile sig_atomic_t fault_sig;

static struct sigaction prev_bus, prev_segv;

static void fault_handler(int sig, siginfo_t *si, void *ctx)
{
	const char *a = si->si_addr;
	const struct sigaction *prev = sig == SIGBUS ? &prev_bus : &prev_segv;
	struct sigaction dfl;

	if (armed && a >= arm_lo && a < arm_hi) {
		armed = 0;
		fault_sig = sig;
		fault_addr = si->si_addr;
		siglongjmp(fault_env, 1);
	}
	/* Not an access we asked for: a bug.  Whoever handled it before us
	 * (a sanitizer, a fuzzer) reports it; else die of it as without us. */
	if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
		prev->sa_sigaction(sig, si, ctx);
		return;
	}
	if (!(prev->sa_flags & SA_SIGINFO) && prev->sa_handler != SIG_DFL &&
	    prev->sa_handler != SIG_IGN) {
		prev->sa_handler(sig);
		return;
	}
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

/* Once per process: libdaxref chains to what it found installed at its
 * first mapping, so a second install (daxio_main run again in one
 * process) would put us in front of the library. */
static void install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &prev_bus);
	sigaction(SIGSEGV, &sa, &prev_segv);
}

void mapfault_install(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install);
}

int mapfault_run(void (*fn)(void *), void *arg, const void *lo, size_t len,
		 void **at)
{
	if (sigsetjmp(fault_env, 1)) {
		*at = fault_addr;
		return fault_sig;
	}
	arm_lo = lo;
	arm_hi = (const char *)lo + len;
	armed = 1;
	fn(arg);
	armed = 0;
	return 0;
}
