#!/usr/bin/env bash
# suite/bench/daxio-vs-bare.sh runs and prints both rows with a verdict
# (its figures are benchmarks, not checked here: speed is not a test).
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$BUILD/daxio" ] && [ -x "$BUILD/daxcopy" ] || { skip run "daxio or daxcopy is not built"; finish; }
out=$("$TOP/suite/bench/daxio-vs-bare.sh" --total 16m --reps 1 --csv "$T_TMP/b.csv" 2>&1); rc=$?
[ $rc -eq 0 ] && pass status || fail status "exit $rc: $out"
for row in 4KiB 16MiB; do
    grep -qE "^$row +nt-[a-z0-9]+\+[a-z]+ +nt-[a-z0-9]+\+[a-z]+ +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+-[0-9.]+% +[0-9]+% (meets|BELOW)$" <<<"$out" \
        && pass "row-$row" || fail "row-$row" "no well-formed $row row in: $out"
done
[ "$(wc -l <"$T_TMP/b.csv" 2>/dev/null)" = 3 ] && pass csv || fail csv "expected a header and 2 rows"
out=$("$TOP/suite/bench/daxio-vs-bare.sh" --reps x 2>&1); rc=$?
[ $rc -eq 2 ] && grep -q "reps: not a positive number -- x" <<<"$out" && pass bad-reps || fail bad-reps "$rc: $out"
finish
