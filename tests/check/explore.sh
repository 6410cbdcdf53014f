#!/usr/bin/env bash
# explore.sh (make check) - the full bounded exploration of the reference's
# `fixed` profile: every case of the space, every schedule within the
# preemption bound, then the crash space (sequences of up to two
# operations with their persistence points, plus sampled threes), and the
# power table (is every profile's bug found with no script?).  Each part
# reports its work - schedules, runs a second, crash images - and a part
# that did none is an ERROR.  Results: $EXPLORE_OUT (default
# results/explore/) as CSV, in the catalogue's format.
set -u
. "$(dirname "$0")/../cli/lib.sh"
[ -x "$BUILD/daxrace" ] || { fail all "$BUILD/daxrace is not built"; finish; }
OUT=${EXPLORE_OUT:-$TOP/results/explore}
mkdir -p "$OUT"

part() {   # NAME ARGS...: one exploration; its summary lines are echoed
    local name=$1; shift
    local t0=$SECONDS
    "$BUILD/daxrace" --explore "$@" --csv "$OUT/$name.csv" >"$OUT/$name.log" 2>&1
    local rc=$?
    grep -E '^(explored|crash images|violations|power:)' "$OUT/$name.log" | sed "s/^/    $name: /"
    grep -E '^(VIOLATION|ERROR)' "$OUT/$name.log" | head -n 5 | sed "s/^/    $name: /"
    echo "    $name: $((SECONDS - t0)) s, status $rc (log: $OUT/$name.log)"
    if ! grep -qE '^explored [1-9][0-9]* of .*: [1-9][0-9]* schedules run' "$OUT/$name.log" &&
       ! grep -q '^power:' "$OUT/$name.log"; then
        fail "$name" "ERROR: it did no work (status $rc)"
    elif [ "$rc" -eq 0 ]; then pass "$name"
    else fail "$name" "status $rc: $(grep -m1 -E '^(VIOLATION|ERROR)' "$OUT/$name.log")"; fi
}

part schedules --jobs "${EXPLORE_JOBS:-2}"
part crash --crash --crash-len 2 --crash-long "${EXPLORE_CRASH_LONG:-200}" --jobs "${EXPLORE_JOBS:-2}"
"$BUILD/daxrace" --explore --power --budget "${EXPLORE_POWER_BUDGET:-120}" --jobs "${EXPLORE_JOBS:-2}" >"$OUT/power.log" 2>&1
rc=$?
sed 's/^/    power: /' "$OUT/power.log" | grep -vE 'passed, .* failed'
[ "$rc" -eq 0 ] && pass power || fail power "$(grep -c ' NO ' "$OUT/power.log") profile(s) not found (status $rc)"
finish
