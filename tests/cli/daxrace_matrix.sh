#!/usr/bin/env bash
# The conformance matrix on the reference: every race script must pass on
# `fixed` and fail on the profile that carries its bug (daxrace --matrix
# asserts both and prints one line per check and profile).
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$BUILD/daxrace" ] || { skip matrix "build/daxrace is not built"; finish; }
out=$T_TMP/matrix.out
"$BUILD/daxrace" --matrix --csv "$T_TMP/m.csv" --json "$T_TMP/m.json" "$TOP"/workloads/races/*.race >"$out" 2>&1
rc=$?
while IFS= read -r line; do
    case $line in
        PASS\ *) pass "${line#PASS }" ;;
        XFAIL\ *) name=${line#XFAIL }; pass "${name%%:*} (the bug is caught)" ;;
        SKIP\ *) name=${line#SKIP }; skip "${name%%:*}" "${name#*: }" ;;
        FAIL\ *) name=${line#FAIL }; fail "${name%%:*}" "${name#*: }" ;;
        # A run that did not do its work is an error, never a pass.
        ERROR\ *) name=${line#ERROR }; fail "${name%%:*}" "ERROR: ${name#*: }" ;;
        *\ passed,\ *) ;;
        *) echo "    $line" ;;
    esac
done <"$out"
[ "$rc" -le 1 ] || fail daxrace-status "daxrace exited with status $rc"
# The machine-readable copies carry one row per run.
rows=$(($(wc -l <"$T_TMP/m.csv") - 1))
runs=$(grep -cE '^(PASS|XFAIL|FAIL|SKIP|ERROR|MEASURE) ' "$out")
[ "$rows" -eq "$runs" ] && pass csv-rows || fail csv-rows "$rows CSV rows for $runs runs"
grep -q '"outcome": "fail"' "$T_TMP/m.json" && grep -q '"implementation": "ref:fixed"' "$T_TMP/m.json" \
    && pass json || fail json "the JSON lacks runs"
finish
