/* SPDX-License-Identifier: MIT */
/*
 * verdict.h - the one conformance schema, for the reference (daxrace), the
 * explorer (daxrace --explore) and every real target (suite/stress/ through
 * suite/targets/jobs/conformance.sh), and the one rule that turns a row
 * into a verdict.
 *
 * The columns (VERDICT_COLUMNS; `daxrace --list-columns` prints them and
 * the shell reads them from there):
 *   check           the check's name (workloads/conformance/catalogue)
 *   implementation  what was checked: ref:<profile> for the reference,
 *                   the kernel release (+mutant name) for a real target
 *   fs, dax         ref,1 for the reference; xfs|ext4 and 0|1 for a mount
 *   variant         real (the check as written), or break (the variant that
 *                   must fail: a bug-carrying profile, or --break)
 *   expected        pass | fail | any (reported only) | measure
 *   outcome         pass | fail | error | skip | known
 *   iterations      the work done: steps run, schedules explored, loop
 *                   iterations; 0 with outcome error when none was done
 *   seconds         wall time of the check
 *   reason, notes   why (the first failure, the skip's reason), and detail
 *
 * verdict_of() reads a row as xfstests and automake do:
 *   PASS   outcome matches expected pass (or any/measure that passed)
 *   XFAIL  expected fail and it failed: the bug is caught (a pass)
 *   FAIL   any other pass/fail mismatch
 *   ERROR  the check did not do its work: a failure, never a pass
 *   SKIP   not run, with the reason; never counted as a bug caught
 *   KNOWN  a failure listed in workloads/conformance/known-failures
 *   INFO   expected any: reported, not judged
 */
#ifndef DAXBENCH_VERDICT_H
#define DAXBENCH_VERDICT_H

#include <stdbool.h>
#include <stdio.h>

#define VERDICT_COLUMNS "check,implementation,fs,dax,variant,expected," \
			"outcome,iterations,seconds,reason,notes"

struct verdict_row {
	const char *check, *implementation, *fs, *dax, *variant;
	const char *expected, *outcome;
	long iterations;
	double seconds;
	const char *reason, *notes;
};

void verdict_csv_header(FILE *f);
void verdict_csv(FILE *f, const struct verdict_row *r);
/* One JSON object, the same keys; @first: no comma before it. */
void verdict_json(FILE *f, const struct verdict_row *r, bool first);

/* PASS, XFAIL, FAIL, ERROR, SKIP, KNOWN or INFO; FAIL for a row whose
 * expected or outcome is not one of the words above.  A pass or fail that
 * did no work (@iterations 0) is an ERROR: it proves nothing either way. */
const char *verdict_of(const char *expected, const char *outcome,
		       long iterations);
/* Does this verdict fail a run?  FAIL and ERROR do. */
bool verdict_bad(const char *verdict);

#endif
