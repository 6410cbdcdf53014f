#!/usr/bin/env bash
# fuzz.sh - the fuzz targets in `make test`:
#   1. every seed and every regression input (a past finding) replayed
#      through the targets built with the ordinary compiler - always;
#   2. a short seeded libFuzzer run of each target (20 s each, 60 s in
#      all) with ASan and UBSan - skipped, saying why, without clang and
#      libFuzzer.
# The 10-minute runs are tests/check/fuzz.sh (make check) and `make fuzz`.
source "$(dirname "$0")/lib.sh"

for t in api daxio race; do
    bin=$BUILD/fuzz/replay_$t
    if [ ! -x "$bin" ]; then fail "replay-$t" "$bin is not built"; continue; fi
    dirs=("$TOP/tests/fuzz/corpus/$t")
    # no regressions folder until a target's first finding (git keeps no empty folder)
    [ -d "$TOP/tests/fuzz/regressions/$t" ] && dirs+=("$TOP/tests/fuzz/regressions/$t")
    [ $t = race ] && dirs+=("$TOP/workloads/races")
    if (cd "$T_TMP" && "$bin" "${dirs[@]}" >/dev/null 2>"$T_TMP/err"); then
        pass "replay-$t ($(tail -1 "$T_TMP/err"))"
    else
        fail "replay-$t" "$(grep -m1 -E 'VIOLATION|ERROR|Abort|free|replay:' "$T_TMP/err" | tail -1); last input: $(grep '^replay:' "$T_TMP/err" | tail -1)"
    fi
done

# The libFuzzer runs report their own lines; fold them into ours.
if [ -n "${DAXBENCH_ASAN:-}" ]; then
    skip libfuzzer "the ASan test run (make asan) replays the inputs above; libFuzzer runs build their own sanitized targets (make fuzz)"
    finish
fi
out=$("$TOP/tests/fuzz/run.sh" --seconds "${FUZZ_SECONDS:-20}" --seed 1 --fresh 2>&1); rc=$?
grep -E '^(PASS|FAIL|SKIP) ' <<<"$out" | while read -r verdict name rest; do echo "$verdict $name $rest"; done
T_PASS=$((T_PASS + $(grep -c '^PASS ' <<<"$out")))
T_FAIL=$((T_FAIL + $(grep -c '^FAIL ' <<<"$out")))
T_SKIP=$((T_SKIP + $(grep -c '^SKIP ' <<<"$out")))
if [ $rc -ne 0 ] && [ $rc -ne 77 ] && ! grep -q '^FAIL ' <<<"$out"; then
    fail libfuzzer "tests/fuzz/run.sh exited $rc: $(tail -3 <<<"$out")"
fi
finish
