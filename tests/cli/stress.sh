#!/usr/bin/env bash
# stress.sh - the real-kernel conformance programs (suite/stress/) on this
# host's own filesystem, briefly: each check passes, each broken variant
# (--break) fails, a check that cannot run is a skip with its reason, and
# bad input is refused with status 2.  No root, no mount of our own, about
# 15 s.  The crash test (stress-durable through FS_IOC_SHUTDOWN) needs a
# filesystem of our own and runs in tests/check/loop.sh.
# Ends with "N passed, N failed, N skipped"; exit 0 / 1 / 77.
. "$(dirname "$0")/lib.sh"
TGT=$TOP/suite/targets

for p in hole-load-vs-alloc fault-vs-truncate gup-pin-vs-truncate zero-new-blocks hole-to-pmd durable; do
    [ -x "$BUILD/stress-$p" ] || { fail "built-$p" "$BUILD/stress-$p is not built"; finish; }
done
D=$T_TMP/fs
mkdir -p "$D"

# run NAME WANT-STATUS WANT-WORD ARGS...: a program's exit status and its
# result word (PASS/FAIL/SKIP/ERROR) must be the wanted ones.
run() {
    local name=$1 want=$2 word=$3 rc=0 out; shift 3
    out=$("$@" 2>&1) || rc=$?
    if [ $rc = "$want" ] && grep -q "^$word " <<<"$out" && grep -q '^RESULT check=' <<<"$out" \
        && grep -Eq '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' <<<"$out"; then
        pass "$name"
    else
        fail "$name" "status $rc (want $want), want a $word line: $(grep -E '^(PASS|FAIL|SKIP)' <<<"$out" | cut -c1-200)"
    fi
}

S=$BUILD/stress-
run hole-load-vs-alloc         0 PASS ${S}hole-load-vs-alloc --dir "$D" --seconds 1
run hole-load-vs-alloc-breaks  1 FAIL ${S}hole-load-vs-alloc --dir "$D" --seconds 1 --break private-cow
run fault-vs-truncate          0 PASS ${S}fault-vs-truncate --dir "$D" --seconds 1
run fault-vs-truncate-breaks   1 FAIL ${S}fault-vs-truncate --dir "$D" --seconds 1 --break no-truncate
run gup-pin-vs-truncate        0 PASS ${S}gup-pin-vs-truncate --dir "$D" --seconds 1
run gup-pin-vs-truncate-breaks 1 FAIL ${S}gup-pin-vs-truncate --dir "$D" --seconds 1 --break late-dma
run zero-new-blocks            0 PASS ${S}zero-new-blocks --dir "$D" --seconds 1
run zero-new-blocks-breaks     1 FAIL ${S}zero-new-blocks --dir "$D" --seconds 1 --break expose-old
# hole-to-pmd needs DAX: a skip here, with its reason; --any-fs runs the
# invariant on the page cache all the same
out=$(${S}hole-to-pmd --dir "$D" --seconds 1); rc=$?
[ $rc = 77 ] && grep -q '^SKIP hole-to-pmd: PMD faults of file data need DAX' <<<"$out" \
    && pass hole-to-pmd-skips-without-dax || fail hole-to-pmd-skips-without-dax "status $rc: $out"
run hole-to-pmd-any-fs         0 PASS ${S}hole-to-pmd --dir "$D" --seconds 1 --any-fs
run hole-to-pmd-any-fs-breaks  1 FAIL ${S}hole-to-pmd --dir "$D" --seconds 1 --any-fs --break private-cow
for p in hole-load-vs-alloc fault-vs-truncate gup-pin-vs-truncate zero-new-blocks; do
    run "$p-wrong-pattern" 1 FAIL ${S}$p --dir "$D" --iterations 3 --break wrong-pattern
done

# No vacuous results (issue 11): the budget starts when set-up ends, and a
# check that did no work is an ERROR (status 1, RESULT status=error), never
# a pass - the real check and its broken variant alike.  The self-test
# hooks stand in for a slow set-up (a 4 GB --fill under TCG) and for a
# loop that got no time (what that set-up used to leave it).
out=$(DAXBENCH_STRESS_SELFTEST=slow-setup ${S}fault-vs-truncate --dir "$D" --seconds 1 2>&1); rc=$?
it=$(sed -n 's/^RESULT .* iterations=\([0-9]*\) .*/\1/p' <<<"$out")
[ $rc = 0 ] && [ "${it:-0}" -gt 0 ] && grep -q '^PASS .*set-up 2\.[0-9] s (not counted in --seconds)' <<<"$out" \
    && pass slow-setup-keeps-the-budget || fail slow-setup-keeps-the-budget "status $rc, $it iterations: $(grep -E '^(PASS|FAIL|ERROR)' <<<"$out" | cut -c1-300)"
for p in hole-load-vs-alloc fault-vs-truncate gup-pin-vs-truncate zero-new-blocks "hole-to-pmd --any-fs"; do
    for v in "" "--break wrong-pattern"; do
        n="starved-${p%% *}${v:+-break}"
        # shellcheck disable=SC2086
        out=$(DAXBENCH_STRESS_SELFTEST=starve ${S}$p --dir "$D" --seconds 1 $v 2>&1); rc=$?
        [ $rc = 1 ] && grep -q '^ERROR .*did too little work to judge: .*0 iterations' <<<"$out" \
            && grep -q '^RESULT .*status=error iterations=0 ' <<<"$out" && ! grep -q '^PASS ' <<<"$out" \
            && pass "$n-is-an-error" || fail "$n-is-an-error" "status $rc: $(grep -E '^(PASS|FAIL|ERROR|SKIP)' <<<"$out" | cut -c1-300)"
    done
done
out=$(${S}zero-new-blocks --dir "$T_TMP/no-such-dir" --seconds 1 2>&1); rc=$?
[ $rc = 1 ] && grep -q '^ERROR zero-new-blocks: open (the directory) (in set-up): No such file or directory' <<<"$out" \
    && grep -q '^RESULT .*status=error' <<<"$out" \
    && pass setup-failure-is-an-error || fail setup-failure-is-an-error "status $rc: $out"
: >"$T_TMP/empty.state"
out=$(${S}durable --phase verify --dir "$D" --state "$T_TMP/empty.state" 2>&1); rc=$?
[ $rc = 1 ] && [ "$(grep -c '^ERROR .*0 files listed in the --state file' <<<"$out")" = 2 ] \
    && pass durable-empty-state-is-an-error || fail durable-empty-state-is-an-error "status $rc: $out"

# The same through the job a real target runs (suite/targets/jobs/
# conformance.sh): a starved check and its broken variant are ERROR rows
# (outcome error; daxrace --verdicts: ERROR), and the job fails; a slow set-up
# still gives a pass that did its work.
conf_job() {   # OUT SELFTEST
    mkdir -p "$T_TMP/cmnt"
    PATH=$BUILD:$PATH DAXBENCH_STRESS_SELFTEST=$2 TARGET=mount FS=test DAX=0 MNT=$T_TMP/cmnt DEV=none \
        OUT=$1 QUICK=1 KERNEL=$(uname -r) ACCEL=none DAXBENCH_TARGETS=$TGT WORKLOADS=$TOP/workloads \
        CONFORMANCE_CHECKS=zero-new-blocks CONFORMANCE_BREAKS=1 bash "$TGT/jobs/conformance.sh" >"$1.log" 2>&1
}
conf_job "$T_TMP/cj-starve" starve; rc=$?
rows=$(csvcols variant,outcome "$T_TMP/cj-starve/results.csv" 2>/dev/null | tr '\t\n' '/ ')
rows+=$("$BUILD/daxrace" --verdicts "$T_TMP/cj-starve/results.csv" 2>/dev/null | cut -f2 | tr '\n' ' ')
[ $rc = 1 ] && [ "$rows" = "real/error break:expose-old/error ERROR ERROR " ] && grep -q '^0 passed, 2 failed' "$T_TMP/cj-starve.log" \
    && pass conformance-starved-rows-are-errors || fail conformance-starved-rows-are-errors "status $rc, rows $rows: $(tail -n 3 "$T_TMP/cj-starve.log")"
conf_job "$T_TMP/cj-slow" slow-setup; rc=$?
rows=$(csvcols variant,outcome "$T_TMP/cj-slow/results.csv" 2>/dev/null | tr '\t\n' '/ ')
rows+=$("$BUILD/daxrace" --verdicts "$T_TMP/cj-slow/results.csv" 2>/dev/null | cut -f2 | tr '\n' ' ')
[ $rc = 0 ] && [ "$rows" = "real/pass break:expose-old/fail PASS XFAIL " ] \
    && pass conformance-slow-setup-rows-did-work || fail conformance-slow-setup-rows-did-work "status $rc, rows $rows: $(tail -n 3 "$T_TMP/cj-slow.log")"

# durable without a crash: what was synced is there; the page-cache mount
# refuses MAP_SYNC, which is a skip of that way, named in the result
st=$T_TMP/durable.state
mkdir -p "$D/dur"
if ${S}durable --phase prepare --dir "$D/dur" --state "$st" --iterations 11 >/dev/null 2>&1; then
    run durable-verify 0 PASS ${S}durable --phase verify --dir "$D/dur" --state "$st"
    out=$(${S}durable --phase verify --dir "$D/dur" --state "$st" --break wrong-pattern); rc=$?
    [ $rc = 1 ] && [ "$(grep -c '^FAIL ' <<<"$out")" = 2 ] && pass durable-verify-breaks \
        || fail durable-verify-breaks "status $rc: $out"
    out=$(${S}durable --phase verify --dir "$D/dur" --state "$st")
    grep -q 'MAP_SYNC+clflush skipped: mmap(MAP_SYNC)' <<<"$out" && pass durable-map-sync-skip-named \
        || skip durable-map-sync-skip-named "this filesystem took MAP_SYNC (a DAX mount?)"
else
    fail durable-prepare "stress-durable --phase prepare failed"
fi

# The watchdog: a system call that never returns (the self-test's stand-in)
# ends the check with a FAIL naming it, and the --fill filler is given back
# first, so a process stuck for good does not leave the filesystem full for
# the checks after it.  --fill only on a filesystem of our own: a 32 MiB
# tmpfs (needs root to mount).
if [ "$(id -u)" = 0 ] && mkdir -p "$T_TMP/small" && mount -t tmpfs -o size=32m daxbench-test "$T_TMP/small"; then
    out=$(DAXBENCH_STRESS_SELFTEST=hang-after-fill ${S}fault-vs-truncate --dir "$T_TMP/small" --fill \
        --seconds 1 --watchdog 1 2>&1); rc=$?
    [ $rc = 1 ] && grep -q '^FAIL fault-vs-truncate: still running 3 s after the start (in set-up), stuck in a self-test hang' <<<"$out" \
        && grep -q 'waiting in [a-z_]*pipe' <<<"$out" && pass watchdog-names-the-stuck-call \
        || fail watchdog-names-the-stuck-call "status $rc: $out"
    grep -q 'the --fill filler was truncated and unlinked' <<<"$out" && [ ! -e "$T_TMP/small/stress-filler" ] \
        && pass watchdog-releases-the-filler || fail watchdog-releases-the-filler "$out; $(ls "$T_TMP/small")"
    umount "$T_TMP/small"
else
    skip watchdog-names-the-stuck-call "not root (or no tmpfs mount): --fill needs a filesystem of our own"
    skip watchdog-releases-the-filler "not root (or no tmpfs mount): --fill needs a filesystem of our own"
fi
out=$(${S}fault-vs-truncate --dir "$D" --watchdog x 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *watchdog* ]] && pass bad-watchdog-named || fail bad-watchdog-named "status $rc: $out"

# bad input: status 2 and the valid choices
for args in "--break nope" "--seconds -1" "--iterations 0" "--bogus" "extra"; do
    # shellcheck disable=SC2086  # the words are the arguments
    out=$(${S}fault-vs-truncate --dir "$D" $args 2>&1); rc=$?
    [ $rc = 2 ] && pass "bad-input ($args)" || fail "bad-input ($args)" "status $rc: $out"
done
out=$(${S}fault-vs-truncate --break nope 2>&1)
[[ $out == *"valid: no-truncate, wrong-pattern"* ]] && pass break-names-valid-ones || fail break-names-valid-ones "$out"
out=$(${S}durable --dir "$D" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"--phase prepare|verify and --state FILE are required"* ]] \
    && pass durable-needs-phase || fail durable-needs-phase "status $rc: $out"
out=$(${S}gup-pin-vs-truncate --dir "$D" --dio-dev /etc/passwd 2>&1); rc=$?
[ $rc = 1 ] && [[ $out == *"not a block device"* ]] && pass dio-dev-must-be-a-block-device \
    || fail dio-dev-must-be-a-block-device "status $rc: $out"

# fio's JSON, read by the target's awk (busybox's too, when installed)
cat > "$T_TMP/fio.json" <<'EOF'
{
  "fio version" : "fio-3.33",
  "jobs" : [
    {
      "jobname" : "alloc-4k",
      "read" : {
        "io_bytes" : 0,
        "runtime" : 0
      },
      "write" : {
        "io_bytes" : 67108864,
        "bw_bytes" : 288020875,
        "runtime" : 233,
        "total_ios" : 16384,
        "slat_ns" : {
          "min" : 0,
          "percentile" : {
            "1.000000" : 1
          }
        },
        "bw_agg" : 100.0
      }
    }
  ]
}
EOF
for a in awk /bin/busybox; do
    if [ "$a" = /bin/busybox ]; then [ -x "$a" ] || { skip fio-json-busybox "busybox is not installed"; continue; }; set -- "$a" awk; else set -- awk; fi
    got=$("$@" -f "$TGT/lib/fio-json.awk" "$T_TMP/fio.json")
    expect "fio-json-$(basename "$a")" "67108864 16384 233 288020875" "$got"
done
echo '{ "jobs" : [ ] }' > "$T_TMP/none.json"
! awk -f "$TGT/lib/fio-json.awk" "$T_TMP/none.json" >/dev/null && pass fio-json-no-write-is-an-error \
    || fail fio-json-no-write-is-an-error "a JSON without a write object parsed"
finish
