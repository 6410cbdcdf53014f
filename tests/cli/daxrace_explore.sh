#!/usr/bin/env bash
# The explorer (daxrace --explore), in make test's budget:
#  - a seeded sample of the schedule space, and of the crash space, is
#    clean on `fixed`, and says how much work it did (schedules, runs a
#    second, crash images) - zero work is an ERROR, never a pass;
#  - with no script written for them, it finds planted bugs (profiles)
#    of each kind its oracle judges: serializable, coherent, durable,
#    structure (and lockdep), memfail; and a crash-image violation;
#  - a violation reduces to a standalone script that fails on the profile
#    and passes on fixed; one that does not reproduce is never written;
#  - bad names in the space options are named, with the valid list.
# The full exploration is tests/check/explore.sh (make check).
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$BUILD/daxrace" ] || { fail all "$BUILD/daxrace is not built"; finish; }
DR=$BUILD/daxrace
SAMPLE=${EXPLORE_SAMPLE:-120}
SEED=${EXPLORE_SEED:-1}

# run NAME WANT-STATUS ARGS...: runs daxrace, output in $T_TMP/NAME.out
run() {
    local name=$1 want=$2; shift 2
    "$DR" "$@" >"$T_TMP/$name.out" 2>&1; rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$name" "status $rc, want $want: $(tail -n 5 "$T_TMP/$name.out")"
        return 1
    fi
}
# work NAME: the "explored K of N cases: S schedules run (R a second" line,
# checked for work done; prints it
work() {
    local line
    line=$(grep -m1 '^explored ' "$T_TMP/$1.out")
    if [[ ! $line =~ explored\ ([0-9]+)\ of\ ([0-9]+)\ cases.*:\ ([0-9]+)\ schedules\ run\ \(([0-9]+)\ a\ second ]]; then
        fail "$1-work" "no work line in: $(tail -n 3 "$T_TMP/$1.out")"; return 1
    fi
    if [ "${BASH_REMATCH[3]}" -eq 0 ] || [ "${BASH_REMATCH[1]}" -eq 0 ]; then
        fail "$1-work" "did no work: $line"; return 1
    fi
    echo "    $1: $line"
}

# 1. The sample on fixed: clean, with its work reported.
if run sample 0 --explore --sample "$SAMPLE" --seed "$SEED" --csv "$T_TMP/sample.csv"; then
    work sample && pass sample-clean
    rows=$(($(wc -l <"$T_TMP/sample.csv") - 1))
    cases=$(sed -n 's/^explored \([0-9]*\) of.*/\1/p' "$T_TMP/sample.out")
    [ "$rows" -eq "$cases" ] && grep -qE '^explore:[^,]*,ref:fixed,ref,1,real,pass,pass,[1-9][0-9]*,.*[1-9][0-9]* schedules' "$T_TMP/sample.csv" \
        && pass sample-csv || fail sample-csv "$rows CSV rows for $cases cases"
fi
# The same seed explores the same cases (deterministic runs).
if run sample2 0 --explore --sample "$SAMPLE" --seed "$SEED" --csv "$T_TMP/sample2.csv"; then
    # every column but the wall time
    nosecs=check,implementation,fs,dax,variant,expected,outcome,iterations,reason,notes
    if cmp -s <(csvcols $nosecs "$T_TMP/sample.csv") <(csvcols $nosecs "$T_TMP/sample2.csv"); then
        pass sample-deterministic
    else
        fail sample-deterministic "two runs of seed $SEED differ: $(diff <(csvcols $nosecs "$T_TMP/sample.csv") <(csvcols $nosecs "$T_TMP/sample2.csv") | head -n 4)"
    fi
fi

# The configurations left out as equivalent really are: with --all-configs,
# each one's verdict and schedule count equal those of the case that stands
# for it (movnt for the DAX modes where nothing calls write(); zero-on-alloc
# where write() allocates nothing).  On fixed and on a planted bug.
equiv_check() {   # NAME PROFILE
    local name=$1 prof=$2
    "$DR" --explore --all-configs --profile "$prof" --pages 4k --states hole,written,pte-mapped \
        --ops load,store,fsync,pwrite,truncate-up --csv "$T_TMP/$name.csv" >"$T_TMP/$name.out" 2>&1
    local rc=$? bad
    [ "$rc" -le 1 ] || { fail "$name" "status $rc: $(tail -n 3 "$T_TMP/$name.out")"; return; }
    # key without mode/zeroing -> verdict, schedules; a stand-in must agree.
    bad=$(awk -F'"' '
        /^explore:/ {
            split($1, f, ","); name = f[1]; sub(/^explore:/, "", name)
            split(name, a, "@"); split(a[2], c, "/")     # state mode zeroing pages
            ops = a[1]; w = (ops ~ /pwrite/)
            n = split($(NF-1), words, " ")
            verdict = f[5] " " words[1]
            key = ops "@" c[1] "/" c[4]
            rep_mode = (c[2] == "clwb" || c[2] == "deferred") && !w ? "movnt" : c[2]
            rep_zero = (c[3] == "unwritten" && !(w && (c[1] == "hole"))) ? "zero-on-alloc" : c[3]
            got[key "/" c[2] "/" c[3]] = verdict
            rep[key "/" c[2] "/" c[3]] = key "/" rep_mode "/" rep_zero
        }
        END { for (k in rep) if (rep[k] != k && got[k] != got[rep[k]]) print k " (" got[k] ") vs " rep[k] " (" got[rep[k]] ")" }
    ' "$T_TMP/$name.csv" | head -n 3)
    local n
    n=$(grep -c '^explore:' "$T_TMP/$name.csv")
    if [ "$n" -lt 50 ]; then fail "$name" "only $n cases ran"
    elif [ -n "$bad" ]; then fail "$name" "a left-out configuration differs from its stand-in: $bad"
    else pass "$name"; echo "    $name: $n cases, every left-out one agrees with its stand-in"; fi
}
equiv_check equivalent-configs-fixed fixed
equiv_check equivalent-configs-no-mkclean no-mkclean

# 2. Crash exploration sample on fixed: images mounted and judged.
if run crash 0 --explore --crash --crash-len 2 --crash-long 4 --sample 40 --seed "$SEED"; then
    work crash
    n=$(sed -n 's/^crash images mounted and judged: //p' "$T_TMP/crash.out")
    [ "${n:-0}" -gt 0 ] && pass crash-clean || fail crash-clean "no crash image judged"
fi

# 3. Power: planted bugs found with no script, one per oracle rule.
#    profile | space | the rule (and its first word) that must report it
while IFS='|' read -r prof space rule; do
    [ -n "$prof" ] || continue
    # shellcheck disable=SC2086
    if run "power-$prof" 1 --explore --profile "$prof" $space; then
        if grep -q "^VIOLATION .*\] $rule" "$T_TMP/power-$prof.out"; then
            pass "finds-$prof"
        else
            fail "finds-$prof" "no '$rule' violation: $(grep -m2 -E '^(VIOLATION|ERROR)' "$T_TMP/power-$prof.out")"
        fi
    fi
done <<'EOF'
hole-load-race|--ops load,store --states hole --modes movnt --zeroing zero-on-alloc --pages 4k|structure: zero:
truncate-no-unmap|--ops load,truncate-down --states written --modes movnt --zeroing zero-on-alloc --pages 4k|coherent: 
no-mkclean|--ops store,fsync --states wp-mapped --modes movnt --zeroing zero-on-alloc --pages 4k|structure: dirty:
pmd-fsync-range|--ops store-next,msync-next --states unwritten --modes movnt --zeroing zero-on-alloc --pages 2m|durable: 
no-zeroing|--ops zero,load --states written --modes movnt --zeroing zero-on-alloc --pages 4k|serializable: 
inverted-lock-order|--ops pwrite-from-map,load --states hole --modes movnt --zeroing zero-on-alloc --pages 4k|structure: lockdep:
memfail-no-revalidate|--ops truncate-down,memfail --states pmd-mapped --modes clwb --zeroing zero-on-alloc --pages 2m|memfail: 
EOF
# A crash image the persistence model cannot give: cached stores never
# flushed, found by mounting the crash image after write()+fsync.
if run power-crash 1 --explore --crash --crash-len 1 --crash-long 0 --profile cached-no-flush --ops pwrite --states hole --modes clwb --zeroing zero-on-alloc --pages 4k; then
    grep -q '^VIOLATION crash:.*\] durable: .*after a crash' "$T_TMP/power-crash.out" \
        && pass finds-cached-no-flush-by-crash \
        || fail finds-cached-no-flush-by-crash "no crash-image violation: $(grep -m2 VIOLATION "$T_TMP/power-crash.out")"
fi

# 4. Reduction: the written script fails on the profile and passes on
#    fixed; one that does not reproduce is reported and not written.
mkdir -p "$T_TMP/red"
if run reduce 1 --explore --profile invalidate-unmap-first --ops load,pwrite --states hole --modes movnt --zeroing zero-on-alloc --pages 4k --reduce "$T_TMP/red" --max-reduce 1; then
    script=$(ls "$T_TMP"/red/*.race 2>/dev/null | head -n1)
    if [ -z "$script" ]; then
        fail reduce-written "no script in --reduce dir: $(grep REDUCE "$T_TMP/reduce.out")"
    else
        pass reduce-written
        "$DR" --profile invalidate-unmap-first "$script" >"$T_TMP/r1.out" 2>&1
        [ $? -eq 1 ] && grep -q '^FAIL ' "$T_TMP/r1.out" && pass reduced-fails-on-profile \
            || fail reduced-fails-on-profile "$(tail -n 3 "$T_TMP/r1.out")"
        "$DR" --profile fixed "$script" >"$T_TMP/r2.out" 2>&1
        [ $? -eq 0 ] && pass reduced-passes-on-fixed || fail reduced-passes-on-fixed "$(tail -n 3 "$T_TMP/r2.out")"
        grep -q '^# Expected result: ' "$script" && grep -q '^# Profile: invalidate-unmap-first$' "$script" \
            && pass reduced-headers || fail reduced-headers "$(head -n 5 "$script")"
    fi
fi
mkdir -p "$T_TMP/red2"
if DAXRACE_TEST_REDUCE_PROFILE=fixed run reduce-norepro 1 --explore --profile invalidate-unmap-first --ops load,pwrite --states hole --modes movnt --zeroing zero-on-alloc --pages 4k --reduce "$T_TMP/red2" --max-reduce 1; then
    if grep -q 'does not reproduce as a script (it passes); not written' "$T_TMP/reduce-norepro.out" &&
       [ -z "$(ls "$T_TMP/red2")" ]; then
        pass reduce-not-reproduced-not-written
    else
        fail reduce-not-reproduced-not-written "$(grep REDUCE "$T_TMP/reduce-norepro.out"; ls "$T_TMP/red2")"
    fi
fi

# 5. Bad input: named, with the valid list; status 2.
badname() {   # NAME OPTION VALUE WANT-TEXT
    if run "bad-$1" 2 --explore "$2" "$3"; then
        grep -qF -- "$4" "$T_TMP/bad-$1.out" && pass "bad-$1" || fail "bad-$1" "no '$4' in: $(cat "$T_TMP/bad-$1.out")"
    fi
}
badname op --ops pwrite,frobnicate "unknown operation 'frobnicate' (valid: pwrite, pwrite-page,"
badname state --states hole,mushy "unknown state 'mushy' (valid: hole, unwritten,"
badname mode --modes movnt,warp "unknown copy mode 'warp' (valid: movnt,"
badname zeroing --zeroing lazy "unknown zeroing 'lazy' (valid: zero-on-alloc, unwritten)"
badname pages --pages 1g "unknown page size '1g' (valid: 4k, 2m)"
badname profile --profile bogus "--profile 'bogus': unknown name"
# An empty space did no work: an ERROR (status 1), never a pass or a skip.
if run empty 1 --explore --ops pin-dma --modes pagecache; then
    grep -q '^ERROR: no schedule ran' "$T_TMP/empty.out" && grep -q '^0 passed, 1 failed' "$T_TMP/empty.out" \
        && pass empty-space-is-error || fail empty-space-is-error "$(tail -n 3 "$T_TMP/empty.out")"
fi
finish
