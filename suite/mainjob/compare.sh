#!/usr/bin/env bash
# compare.sh RUN_A RUN_B: two results folders side by side (run.sh
# --compare): the scenario medians, the conformance outcomes and the bare
# copy kernels both runs have, from A to B.  daxreport compare
# (suite/daxreport/compare.c) says how and does it; this builds it first
# when needed (run.sh --compare runs before run.sh builds anything) and
# passes the results schema this daxbench writes (RESULTS_SCHEMA, lib.sh).
# Ends with "N passed, N failed, N skipped"; exits 0, 1 when an outcome got
# worse, 2 on bad usage or when the runs share no results file.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
[ $# = 2 ] || { echo "usage: run.sh --compare RUN_A RUN_B   (two results folders of run.sh)" >&2; exit 2; }
. "$here/lib.sh"
BUILD=${BUILD:-$TOP/build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
if ! make -C "$TOP" -s BUILD="$BUILD" all >"${TMPDIR:-/tmp}/daxbench-compare-make.$$" 2>&1; then
    echo "compare: daxreport could not be built (make -C $TOP):" >&2
    tail -n 5 "${TMPDIR:-/tmp}/daxbench-compare-make.$$" >&2
    rm -f "${TMPDIR:-/tmp}/daxbench-compare-make.$$"
    exit 2
fi
rm -f "${TMPDIR:-/tmp}/daxbench-compare-make.$$"
exec "$BUILD/daxreport" compare --schema "$RESULTS_SCHEMA" "$1" "$2"
