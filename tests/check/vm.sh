#!/usr/bin/env bash
# vm.sh - `make check` for the vm target (suite/vm/vm.sh): a quick run of
# chinner-2016, fio, conformance (with the broken variants) and the
# contract job in the QEMU NVDIMM guest, what it
# brought back (CSV rows, DAX proof, labels), that the checks can fail
# (--inject nodax: DAX not proven; --inject kmsg-warning: a kernel splat),
# and that the 4 GiB /dev/shm backing file never outlives a run: normal
# end, Ctrl-C, SIGKILL of the script.
# Skips (77) with the reason vm.sh gives when it cannot run here: not root,
# QEMU not installable, no kernel to download, too little /dev/shm.
# Ends with "N passed, N failed, N skipped"; exit 0 / 1 / 77.
. "$(dirname "$0")/../cli/lib.sh"
VM=$TOP/suite/vm/vm.sh
CHECKJOBS=$TOP/tests/check/jobs

# When the target itself cannot run here, the whole program is a skip
# (77) unless something already failed.
cannot_run() {
    skip "$1" "$2"
    echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
    [ "$T_FAIL" -gt 0 ] && exit 1
    exit 77
}

# --- cannot-run cases are skips with a reason (no root needed) -----------
rc=0; msg=$("$TOP/suite/vm/fetch-kernel.sh" "$T_TMP/kcache" linux-image-0.0.0-none-amd64 2>&1) || rc=$?
[ $rc = 77 ] && [[ $msg == *"cannot run here"* ]] && pass no-kernel-is-a-skip \
    || fail no-kernel-is-a-skip "fetch-kernel.sh of a package that does not exist: status $rc: $msg"

if [ "$(id -u)" -ne 0 ]; then
    cannot_run vm-target "not root: the vm target installs packages and needs /dev/shm"
fi

out=$("$VM" --help) && [[ $out == *--shell* ]] && pass help || fail help "--help does not describe --shell"
"$VM" --dax maybe >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && pass refuses-bad-dax || fail refuses-bad-dax "--dax maybe: status $rc, want 2"

# What run PID of vm.sh left: its /dev/shm folder (and so the backing
# file), or a QEMU whose command line names that folder.
leftovers() {
    local s=/dev/shm/daxbench-vm.$1 l= p
    [ -e "$s" ] && l+="$s ($(ls "$s" 2>/dev/null | tr '\n' ' ')); "
    for p in $(pgrep -f "qemu-system-x86_64.*$s/" 2>/dev/null); do l+="QEMU pid $p; "; done
    echo "$l"
}
start_vm() {
    set -m
    "$VM" "$@" > "$T_TMP/bg.log" 2>&1 &
    BG=$!
    set +m
}
# Waits until run BG has QEMU running with the backing file mapped and
# already unlinked; prints QEMU's pid.
wait_for_guest() {
    local i q
    for i in $(seq 1 600); do
        q=$(cat "/dev/shm/daxbench-vm.$BG/qemu.pid" 2>/dev/null)
        if [ -n "$q" ] && grep -q "/dev/shm/daxbench-vm.$BG/pmem.img (deleted)" "/proc/$q/maps" 2>/dev/null; then
            echo "$q"; return 0
        fi
        kill -0 "$BG" 2>/dev/null || return 1
        sleep 0.2
    done
    return 1
}

# --- the quick run (downloads and builds what is missing) ----------------
t0=$EPOCHREALTIME
export CONFORMANCE_BREAKS=1
start_vm --quick --job "chinner-2016,fio,conformance,$CHECKJOBS/contract.sh" --out "$T_TMP/quick"
unset CONFORMANCE_BREAKS
q=$(wait_for_guest) && unlinked=1 || unlinked=0
wait "$BG"; rc=$?
secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
grep -v '^guest| contract ok' "$T_TMP/bg.log"
if [ $rc = 77 ]; then
    cannot_run vm-target "$(grep 'cannot run here' "$T_TMP/bg.log" | tail -n 1)"
fi
[ $rc = 0 ] && pass "quick-run ($secs s)" || fail quick-run "vm.sh --quick exited $rc after $secs s"
[ $unlinked = 1 ] && pass backing-file-unlinked-while-running \
    || fail backing-file-unlinked-while-running "never saw QEMU map the unlinked pmem.img"
l=$(leftovers "$BG")
[ -z "$l" ] && pass quick-leaves-nothing || fail quick-leaves-nothing "$l"

Q=$T_TMP/quick
accel=$(sed -n 's/^accel: //p' "$Q/summary.txt" 2>/dev/null)
kernel=$(cat "$Q/kernel-release" 2>/dev/null)
[ -n "$kernel" ] && [ "$kernel" != "$(uname -r)" ] && pass "guest-kernel-reported ($kernel)" \
    || fail guest-kernel-reported "kernel-release: '${kernel}'"
csv=$Q/chinner-2016.csv
if [ -f "$csv" ]; then
    cols=target,fs,dax,tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,command,notes
    bad=$([ "$(head -n 1 "$csv")" = "$cols" ] || echo "header: $(head -n 1 "$csv")")
    # every column by name (csv-cols.awk: a quoted field may hold commas)
    bad+=$(csvcols "$cols" "$csv" | awk -F'\t' -v k="$kernel" -v a="$accel" '
        NF != 21 || $18 == "" || $19 == "" || $1 != "vm" || $10 != 67108864 || !($13 > 0) || !($14 > 0) || $15 != k || $16 != a || $17 != $3 \
            || $5 != $2 "-" ($3 == 1 ? "dax" : "nodax") || (a == "tcg" && $21 !~ /TCG: timings qualitative/) { print "row " NR + 1 ": " $0 }
        { n[$2 "-" $3]++ }
        END { if (NR != 20) print NR " rows, want 20 (per fs: 4 DAX lines, 6 no-DAX lines)"
              for (c in n) if (n[c] != (c ~ /-1$/ ? 4 : 6)) print c ": " n[c] " rows" }')
    [ -z "$bad" ] && pass csv-rows-labelled || fail csv-rows-labelled "$bad"
else
    fail csv-rows-labelled "no $csv"
fi
for c in xfs-dax ext4-dax; do
    p=$Q/$c/dax-proof.txt
    if grep -q 'want_dax=1 mount_dax=1 statx_dax=1: ok$' "$p" 2>/dev/null \
        && grep -q 'STATX_ATTR_DAX=1$' "$p" && grep -q '/proc/mounts: /dev/pmem0 .*dax' "$p"; then
        pass "dax-proven-$c"
    else
        fail "dax-proven-$c" "$(cat "$p" 2>/dev/null || echo "no $p")"
    fi
done
for c in xfs-nodax ext4-nodax; do
    grep -q 'want_dax=0 mount_dax=0 statx_dax=0: ok$' "$Q/$c/dax-proof.txt" 2>/dev/null \
        && pass "dax-off-proven-$c" || fail "dax-off-proven-$c" "$(cat "$Q/$c/dax-proof.txt" 2>/dev/null)"
done
grep -q '"mode":"fsdax"' "$Q/namespace.txt" 2>/dev/null && pass namespace-fsdax \
    || fail namespace-fsdax "namespace.txt: $(cat "$Q/namespace.txt" 2>/dev/null)"
if grep -h 'contract FAIL' "$Q"/contract/*/job.log 2>/dev/null; then
    fail job-contract-in-guest "see the lines above"
elif [ "$(awk -F, 'NR > 1' "$Q/contract.csv" 2>/dev/null | wc -l)" = 4 ]; then
    pass job-contract-in-guest
else
    fail job-contract-in-guest "the contract job did not write 4 rows"
fi
# fio in the guest: psync and mmap everywhere, libpmem on the DAX mounts
bad=$(awk -F, 'NR == 1 { next } !($13 > 0) { print "row " NR ": " $0 } { n[$4 "-" $3]++ }
    END { for (e in n) if (n[e] != 8) print e ": " n[e] " rows, want 8 (4 scenarios x 2 fs)"
          if (!("fio-libpmem-1" in n) || ("fio-libpmem-0" in n)) print "libpmem must run on DAX and only there" }' "$Q/fio.csv" 2>&1)
[ -z "$bad" ] && pass fio-in-guest || fail fio-in-guest "$bad"

# conformance on real DAX: every real check passes or is a known failure
# (workloads/conformance/known-failures), every broken variant fails or is
# a skip with its reason, hole-to-pmd runs on DAX and names its PMD witness
bad=$(csvcols check,variant,outcome,dax,fs,pmd "$Q/conformance.csv" | awk -F'\t' '
    { k = $1; v = $2; s = $3; d = $4
      n[$5 "-" d]++
      if (k == "hole-to-pmd" && d == 1 && v == "real" && (s != "pass" || $6 !~ /tracepoint/)) print "hole-to-pmd on DAX: " $0
      if (k == "hole-to-pmd" && d == 0 && s != "skip") print "hole-to-pmd without DAX not a skip: " $0
      if (k ~ /durable/ && v == "real" && s != "pass") print "durability: " $0 }
    END { for (x in n) if (n[x] != 14) print x ": " n[x] " rows, want 14" }' 2>&1)
bad+=$("$BUILD/daxrace" --verdicts "$Q/conformance.csv" 2>/dev/null | awk -F'\t' '$2 == "FAIL" || $2 == "ERROR" { print "unexpected: " $0 }')
[ -z "$bad" ] && pass conformance-on-dax || fail conformance-on-dax "$bad"
grep -q 'fsync-mmap-durable.*MAP_SYNC+clflush [1-9]' "$Q/conformance.csv" && pass map-sync-durable-on-dax \
    || fail map-sync-durable-on-dax "no MAP_SYNC file was checked after the crash on a DAX mount"
grep -q 'gup-pin-vs-truncate.*DIO to and from block device /dev/ram0' "$Q/conformance.csv" \
    || grep -q 'gup-pin-vs-truncate.*KNOWN FAILURE' "$Q/conformance.csv" \
    && pass gup-uses-a-real-pin-on-dax || fail gup-uses-a-real-pin-on-dax "gup-pin-vs-truncate on DAX did not use /dev/ram0"

[ -s "$Q/dmesg.txt" ] && [ ! -e "$Q/kernel-splats.txt" ] && pass dmesg-scanned-clean \
    || fail dmesg-scanned-clean "dmesg.txt missing or splats: $(cat "$Q/kernel-splats.txt" 2>/dev/null)"

# --- the checks can fail ---------------------------------------------------------
"$VM" --quick --fs xfs --dax on --inject nodax,kmsg-warning --out "$T_TMP/inject" > "$T_TMP/inject.log" 2>&1
rc=$?
[ $rc = 1 ] && pass self-test-run-fails || fail self-test-run-fails "status $rc, want 1"
grep -q 'verdict: fs=xfs want_dax=1 mount_dax=0 statx_dax=0: FAIL' "$T_TMP/inject/xfs-dax/dax-proof.txt" 2>/dev/null \
    && grep -q 'chinner-2016 xfs-dax fail DAX state not proven' "$T_TMP/inject/combos.txt" \
    && pass missing-dax-is-a-failure || fail missing-dax-is-a-failure "$(tail -n 5 "$T_TMP/inject.log")"
grep -q 'WARNING: CPU: 0 PID: 1 at daxbench self-test' "$T_TMP/inject/kernel-splats.txt" 2>/dev/null \
    && grep -q 'guest kernel logged BUG:/WARNING:/Oops' "$T_TMP/inject.log" \
    && pass dmesg-warning-is-a-failure || fail dmesg-warning-is-a-failure "$(tail -n 5 "$T_TMP/inject.log")"

# --- cleanup on interruption ---------------------------------------------------
if grep -q '^SigIgn:.*[2367abef]$' /proc/self/status; then
    skip ctrl-c "SIGINT is ignored in this environment (started in the background?)"
else
    start_vm --quick --fs xfs --dax on --out "$T_TMP/int"
    if q=$(wait_for_guest); then
        kill -INT -- "-$BG"; wait "$BG"; rc=$?
        sleep 0.5
        l=$(leftovers "$BG")
        [ $rc = 130 ] && [ -z "$l" ] && ! kill -0 "$q" 2>/dev/null && pass ctrl-c-cleans-up \
            || fail ctrl-c-cleans-up "status $rc; left: ${l:-nothing}"
    else
        fail ctrl-c-cleans-up "QEMU never ran: $(tail -n 3 "$T_TMP/bg.log")"
    fi
fi

start_vm --quick --fs xfs --dax on --out "$T_TMP/kill"
if q=$(wait_for_guest); then
    kill -KILL "$BG"; wait "$BG" 2>/dev/null
    for _ in $(seq 1 50); do [ -z "$(leftovers "$BG")" ] && break; sleep 0.2; done
    l=$(leftovers "$BG")
    [ -z "$l" ] && pass kill-9-watchdog-cleans-up || fail kill-9-watchdog-cleans-up "left: $l"
else
    fail kill-9-watchdog-cleans-up "QEMU never ran: $(tail -n 3 "$T_TMP/bg.log")"
fi
"$VM" --clean >/dev/null 2>&1
finish
