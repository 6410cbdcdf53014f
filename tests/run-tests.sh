#!/usr/bin/env bash
# run-tests.sh - runs every test program and sums their results.
#
#   tests/run-tests.sh quick   unit tests + command-line tests (make test)
#   tests/run-tests.sh full    quick + tests/check/*.sh, the real targets
#                              (make check)
#
# Every test program ends with "N passed, N failed, N skipped" and exits
# 0 / 1 / 77; this runner prints each program's lines, then the total in the
# same form, and exits the same way.  A program that dies without its
# summary line counts as one failure.
#
# Machine-readable verdicts for a CI system: TAP=FILE (TAP version 13) and
# JUNIT=FILE (JUnit XML, one testsuite per program), built from the PASS /
# FAIL / SKIP / ERROR lines every program prints (make test TAP=t.tap).
set -u
cd "$(dirname "$0")/.."
level=${1:-quick}
TAP=${TAP:-} JUNIT=${JUNIT:-}
VERDICTS=$(mktemp)
trap 'rm -f "$VERDICTS"' EXIT
BUILD=${BUILD:-build}
export BUILD
export DAXBENCH_TOP=$PWD
# The copy kernels by static rank, as every test expects them: no
# calibration (and no ~/.cache file) unless a test turns it on
# (tests/cli/copy_rank.sh does, with a cache folder of its own).
export DAXBENCH_CALIBRATE=off

progs=()
for t in "$BUILD"/tests/test_*; do [ -x "$t" ] && progs+=("$t"); done
for t in tests/cli/*.sh; do [ -f "$t" ] && [ "$(basename "$t")" != lib.sh ] && progs+=("$t"); done
if [ "$level" = full ]; then
    for t in tests/check/*.sh; do [ -f "$t" ] && progs+=("$t"); done
fi

P=0 F=0 S=0
start=$(date +%s)
for t in "${progs[@]}"; do
    echo "== $t"
    t0=$(date +%s)
    out=$(mktemp)
    if [[ $t == *.sh ]]; then bash "$t" 2>&1 | tee "$out"; rc=${PIPESTATUS[0]}
    else "$t" 2>&1 | tee "$out"; rc=${PIPESTATUS[0]}; fi
    sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n 1)
    # program<TAB>verdict<TAB>case<TAB>why, for TAP and JUnit
    awk -v prog="$(basename "$t" .sh)" '/^(PASS|FAIL|SKIP|ERROR|XFAIL) / {
        v = $1; rest = substr($0, length(v) + 2); c = rest; why = ""
        if (index(rest, ": ")) { c = substr(rest, 1, index(rest, ": ") - 1); why = substr(rest, index(rest, ": ") + 2) }
        gsub(/\t/, " ", why); printf "%s\t%s\t%s\t%s\n", prog, v, c, why }' "$out" >>"$VERDICTS"
    [ -n "$sum" ] || printf '%s\tFAIL\t%s\tended (status %s) without a summary line\n' "$(basename "$t" .sh)" "$t" "$rc" >>"$VERDICTS"
    rm -f "$out"
    if [ -z "$sum" ]; then
        echo "FAIL $t: ended (status $rc) without a summary line"
        F=$((F + 1)); continue
    fi
    echo "== $t took $(( $(date +%s) - t0 )) s"
    read -r p _ f _ s _ <<<"${sum//,/}"
    P=$((P + p)); F=$((F + f)); S=$((S + s))
    if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
        echo "FAIL $t: summary says no failures but status is $rc"
        F=$((F + 1))
    fi
done
echo "== all tests ($level) took $(( $(date +%s) - start )) s"
[ -z "$TAP" ] || { awk -F'\t' -v fmt=tap -f tests/tools/verdicts.awk "$VERDICTS" >"$TAP" && echo "TAP: $TAP"; }
[ -z "$JUNIT" ] || { awk -F'\t' -v fmt=junit -f tests/tools/verdicts.awk "$VERDICTS" >"$JUNIT" && echo "JUnit: $JUNIT"; }
echo "$P passed, $F failed, $S skipped"
[ "$F" -gt 0 ] && exit 1
[ "$P" -eq 0 ] && [ "$S" -gt 0 ] && exit 77
exit 0
