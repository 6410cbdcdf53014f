#!/usr/bin/env bash
# loop.sh - `make check` for the loop target (suite/targets/loop.sh):
# a quick run with the chinner-2016, fio, conformance (with the broken
# variants) and contract jobs, what it wrote, `./run.sh --target loop
# --quick` within a minute, the mount: and dev: targets' refusals, that
# it leaves nothing behind - also on Ctrl-C, TERM and SIGKILL + reaping -
# and that failures are failures (a failing job, a kernel splat in the
# log, a device the suite did not make).
# Ends with "N passed, N failed, N skipped"; exit 0 / 1 / 77.
. "$(dirname "$0")/../cli/lib.sh"
LOOP=$TOP/suite/targets/loop.sh
CHECKJOBS=$TOP/tests/check/jobs
export DAXBENCH_TARGETS=$TOP/suite/targets

# When the target itself cannot run here, the whole program is a skip
# (77) unless something already failed.
cannot_run() {
    skip "$1" "$2"
    echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
    [ "$T_FAIL" -gt 0 ] && exit 1
    exit 77
}

# --- pure checks, no root needed -------------------------------------------
(
    . "$DAXBENCH_TARGETS/lib/common.sh"
    cat > "$T_TMP/klog" <<'EOF'
[    1.000000] XFS (pmem0): DAX enabled. Warning: EXPERIMENTAL, use at your own risk
[    2.000000] WARNING: CPU: 1 PID: 42 at fs/dax.c:123 dax_insert_entry+0x1/0x2
WARNING: printed by a tool, not by the kernel
[    3.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008
[    4.000000] Oops: 0002 [#1] PREEMPT SMP NOPTI
[    5.000000] ACPI: [Firmware Bug]: something harmless
EOF
    hits=$(kernel_log_hits "$T_TMP/klog" | sed 's/^[^:]*:\([0-9]*\):.*/\1/' | tr '\n' ' ')
    [ "$hits" = "2 4 5 " ] || { echo "hits on lines '$hits', want '2 4 5 '"; exit 1; }
    printf '[    1.0] all is well\n' > "$T_TMP/clean"
    ! kernel_log_hits "$T_TMP/clean" >/dev/null || { echo "a clean log has hits"; exit 1; }
) && pass kernel-log-scan || fail kernel-log-scan "BUG:/WARNING:/Oops scan is wrong (see above)"

(
    . "$DAXBENCH_TARGETS/lib/common.sh"; . "$DAXBENCH_TARGETS/lib/mount.sh"
    for d in /dev/vda /dev/sda /dev/loop999 /dev/pmem0 "$T_TMP/file"; do
        if device_is_ours "$d" 2>/dev/null; then echo "device_is_ours accepted $d"; exit 1; fi
    done
) && pass refuses-foreign-devices || fail refuses-foreign-devices "a device the suite did not make was accepted"

(
    . "$DAXBENCH_TARGETS/lib/common.sh"; . "$DAXBENCH_TARGETS/lib/mount.sh"
    got=$(fs_mkfs_cmd xfs /dev/pmem0)
    [ "$got" = "mkfs.xfs -f -m reflink=0 /dev/pmem0" ] || { echo "default: '$got'"; exit 1; }
    got=$(MKFS_XFS_OPTS="-d su=2m,sw=1" fs_mkfs_cmd xfs /dev/pmem0)
    [ "$got" = "mkfs.xfs -f -m reflink=0 -d su=2m,sw=1 /dev/pmem0" ] || { echo "su: '$got'"; exit 1; }
    got=$(MKFS_EXT4_OPTS="-E stride=512" fs_mkfs_cmd ext4 /dev/pmem0)
    [ "$got" = "mkfs.ext4 -F -b 4096 -E stride=512 /dev/pmem0" ] || { echo "ext4: '$got'"; exit 1; }
    for bad in "-d su=2m; reboot" "-d name=/dev/sda" "\$(reboot)" "-d su=2m /dev/sda"; do
        ! MKFS_XFS_OPTS=$bad fs_mkfs_cmd xfs /dev/pmem0 >/dev/null 2>&1 || { echo "accepted '$bad'"; exit 1; }
    done
) && pass mkfs-options || fail mkfs-options "the mkfs command line is wrong (see above)"

(
    . "$DAXBENCH_TARGETS/lib/job.sh"
    printf 'wrote 1073741824/1073741824 bytes at offset 0\n1 GiB, 262144 ops; 0:00:01.00 (880.040 MiB/sec and 225290.3317 ops/sec)\n' > "$T_TMP/rep"
    got=$(xfsio_parse "$T_TMP/rep")
    [ "$got" = "1073741824 262144 1.163583 880.040" ] || { echo "xfsio_parse: '$got'"; exit 1; }
    printf 'wrote 65536/65536 bytes at offset 0\n64 KiB, 16 ops; 0.0001 sec (612.745 MiB/sec and 156862.7451 ops/sec)\n' > "$T_TMP/rep"
    got=$(xfsio_parse "$T_TMP/rep")
    [ "$got" = "65536 16 0.000102 612.745" ] || { echo "xfsio_parse: '$got'"; exit 1; }
    printf 'pwrite: Input/output error\n' > "$T_TMP/rep"
    ! xfsio_parse "$T_TMP/rep" >/dev/null || { echo "xfsio_parse accepted an error"; exit 1; }
) && pass xfsio-report-parse || fail xfsio-report-parse "the report parser is wrong (see above)"

rc=0; msg=$(. "$DAXBENCH_TARGETS/lib/common.sh"; . "$DAXBENCH_TARGETS/lib/host.sh"
            need_shm $((1 << 50)) "a test that wants 1 PiB" 2>&1) || rc=$?
[ $rc = 77 ] && [[ $msg == *"/dev/shm has"*"MiB free"* ]] && pass short-shm-is-a-skip \
    || fail short-shm-is-a-skip "need_shm 1 PiB: status $rc: $msg"

# --- the target ---------------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
    cannot_run loop-target "not root: the loop target needs mount and losetup"
fi

out=$("$LOOP" --help) && [[ $out == *--quick* ]] && pass help || fail help "--help does not describe --quick"
"$LOOP" --dax on >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && pass refuses-dax || fail refuses-dax "--dax on on loop: status $rc, want 2"
"$LOOP" --fs btrfs >/dev/null 2>&1; rc=$?
[ $rc = 2 ] && pass refuses-unknown-fs || fail refuses-unknown-fs "--fs btrfs: status $rc, want 2"

# Leftovers of run PID: its folder, a loop device over its image, a mount.
leftovers() {
    local w=/dev/shm/daxbench-loop.$1 l=
    [ -e "$w" ] && l+="folder $w; "
    grep -q "$w" /proc/mounts && l+="a mount under $w; "
    losetup -a 2>/dev/null | grep -q "$w" && l+="a loop device over $w; "
    echo "$l"
}

# Runs loop.sh in the background in its own process group (like a
# foreground job at a terminal), so a test can send it what Ctrl-C sends.
start_loop() {
    set -m
    "$LOOP" "$@" > "$T_TMP/bg.log" 2>&1 &
    BG=$!
    set +m
}
wait_for_mount() {
    local i
    for i in $(seq 1 100); do
        grep -q "/dev/shm/daxbench-loop.$BG/mnt" /proc/mounts && return 0
        kill -0 "$BG" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

t0=$EPOCHREALTIME
export CONFORMANCE_BREAKS=1
start_loop --quick --job "chinner-2016,fio,conformance,$CHECKJOBS/contract.sh" --out "$T_TMP/quick"
wait "$BG"; rc=$?
unset CONFORMANCE_BREAKS
secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
cat "$T_TMP/bg.log"
if [ $rc = 77 ]; then
    cannot_run loop-target "$(tail -n 1 "$T_TMP/bg.log")"
fi
[ $rc = 0 ] && pass quick-run || fail quick-run "loop.sh --quick exited $rc"
awk -v s="$secs" 'BEGIN { exit !(s < 60) }' && pass "quick-under-60s ($secs s)" \
    || fail quick-under-60s "took $secs s"
[ -z "$(leftovers "$BG")" ] && pass quick-leaves-nothing || fail quick-leaves-nothing "$(leftovers "$BG")"

csv=$T_TMP/quick/chinner-2016.csv
if [ -f "$csv" ]; then
    cols=target,fs,dax,tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,command,notes
    bad=$([ "$(head -n 1 "$csv")" = "$cols" ] || echo "header: $(head -n 1 "$csv")")
    # every column by name (csv-cols.awk: the command is a quoted field)
    bad+=$(csvcols "$cols" "$csv" | awk -F'\t' '
        NF != 21 || $18 == "" || $19 == "" || $1 != "loop" || $3 != 0 || $4 !~ /^(xfs_io|daxio)$/ \
            || $5 != $2 "-nodax" ($4 == "xfs_io" ? "" : "/" $4) || $6 == "" || $10 != 67108864 || !($13 > 0) \
            || !($14 > 0) || $17 != 0 || $16 != "host" || index($20, $4 " -f -c ") != 1 { print "row " NR + 1 ": " $0 }
        END { if (NR != 24) print NR " rows, want 24 (6 scenario lines of no DAX x 2 filesystems x xfs_io, daxio)" }')
    [ -z "$bad" ] && pass csv-rows || fail csv-rows "$bad"
    want="alloc-4k/email overwrite-4k/email overwrite-4k/nofsync alloc-16m/email overwrite-16m/email overwrite-16m/nofsync"
    got=$(csvcols fs,tool,scenario,variant "$csv" | awk -F'\t' '$1 == "xfs" && $2 == "xfs_io" { printf "%s%s/%s", s, $3, $4; s = " " }')
    [ "$got" = "$want" ] && pass scenarios-in-order || fail scenarios-in-order "got '$got'"
else
    fail csv-rows "no $csv"
fi
# xfs_io against daxio, judged: the quick run's single samples are only
# indicative, so a run of 3 (one filesystem, the scenarios only) is judged.
# The check is that the judgement is made; its verdict is a measurement,
# printed, not asserted on a shared machine.
MKFS_XFS_OPTS="-d su=64k,sw=1" "$LOOP" --fs xfs --runs 3 --size 64m --job chinner-2016 --out "$T_TMP/shape3" \
    > "$T_TMP/shape3.log" 2>&1; rc=$?
# (and the mkfs options reach the target's mkfs)
grep -q '^mkfs.xfs -f -m reflink=0 -d su=64k,sw=1 /dev/loop' "$T_TMP/shape3/xfs-nodax/mkfs.log" 2>/dev/null \
    && pass mkfs-options-reach-mkfs || fail mkfs-options-reach-mkfs "$(head -n 1 "$T_TMP/shape3/xfs-nodax/mkfs.log" 2>&1)"
shape=$("$BUILD/daxreport" tool-shape json "$T_TMP/shape3/chinner-2016.csv" 2>&1)
verdict=$(sed -n 's/.*"verdict": "\([^"]*\)".*/\1/p' <<<"$shape")
[ $rc = 0 ] && grep -Eq '"runs_per_cell": 3, "judged": [1-9]' <<<"$shape" \
    && pass "tool-shape-judged-on-3-runs ($verdict)" \
    || fail tool-shape-judged-on-3-runs "status $rc: $shape $(tail -n 3 "$T_TMP/shape3.log")"

# fio: psync and mmap ran (libpmem is a skip without DAX, with its reason)
bad=$(awk -F, 'NR == 1 { next } !($13 > 0) || $10 != 67108864 || $4 !~ /^fio-(psync|mmap)$/ || $5 != $2 "-nodax/" $4 { print "row " NR ": " $0 }
    END { if (NR != 17) print NR - 1 " rows, want 16 (2 engines x 4 scenarios x 2 filesystems)" }' "$T_TMP/quick/fio.csv" 2>&1)
[ -z "$bad" ] && pass fio-rows || fail fio-rows "$bad"
grep -q 'fio-libpmem xfs-nodax skipped: libpmem is for DAX files' "$T_TMP"/quick/fio/xfs-nodax/skips.txt 2>/dev/null \
    && pass fio-libpmem-skip-named || fail fio-libpmem-skip-named "no skip line for libpmem without DAX"

# conformance: every check and its broken variant, per filesystem; each
# real check passes (hole-to-pmd: a skip without DAX), each broken variant
# fails, and none is unexpected
c=$T_TMP/quick/conformance.csv
bad=$(csvcols check,variant,outcome,fs,reason "$c" | awk -F'\t' '
    { k = $1; v = $2; s = $3; n[$4]++
      if (k == "hole-to-pmd") { if (s != "skip" || $5 !~ /need DAX/) print "hole-to-pmd not a skip with its reason: " $0; next }
      if (v == "real" && s != "pass") print "real check not passing: " $0
      if (v != "real" && s != "fail") print "broken variant not failing: " $0 }
    END { for (f in n) if (n[f] != 14) print f ": " n[f] " rows, want 14 (5 checks + durable x 2, each real and broken)" }' 2>&1)
bad+=$("$BUILD/daxrace" --verdicts "$c" 2>/dev/null | awk -F'\t' '$2 == "FAIL" || $2 == "ERROR" { print "unexpected: " $0 }')
[ -z "$bad" ] && pass conformance-rows || fail conformance-rows "$bad"
[ -s "$T_TMP/quick/conformance.json" ] && pass conformance-json || fail conformance-json "no conformance.json"
grep -q 'reused by the other file in [1-9]' "$T_TMP"/quick/conformance/*/raw/fault-vs-truncate.log \
    && pass freed-blocks-really-reused || fail freed-blocks-really-reused "FIEMAP never saw a freed block reused (--fill)"

n=$(grep -l 'verdict: .*: ok$' "$T_TMP"/quick/*-nodax/dax-proof.txt 2>/dev/null | wc -l)
[ "$n" = 2 ] && pass dax-proof-off || fail dax-proof-off "$n of 2 combinations proved DAX off"
grep -q 'contract FAIL' "$T_TMP"/quick/contract/*/job.log 2>/dev/null \
    && fail job-contract "$(grep -h 'contract FAIL' "$T_TMP"/quick/contract/*/job.log)" \
    || { [ -f "$T_TMP/quick/contract.csv" ] && pass job-contract || fail job-contract "the contract job wrote no CSV"; }

# ./run.sh with the loop target: within a minute, its rows in the run's
# CSVs, the tables and the tools plot
t0=$EPOCHREALTIME
"$TOP/run.sh" --target loop --quick --out "$T_TMP/run" > "$T_TMP/run.log" 2>&1; rc=$?
secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
[ $rc = 0 ] && pass run-sh-target-loop || fail run-sh-target-loop "status $rc: $(tail -n 5 "$T_TMP/run.log")"
awk -v s="$secs" 'BEGIN { exit !(s <= 60) }' && pass "run-sh-target-loop-quick-within-a-minute ($secs s)" \
    || fail run-sh-target-loop-quick-within-a-minute "took $secs s"
n=$(awk -F, '$1 == "loop"' "$T_TMP/run/scenarios.csv" 2>/dev/null | wc -l)
[ "$n" = 40 ] && pass run-sh-loop-rows || fail run-sh-loop-rows "$n loop rows in scenarios.csv, want 40 (12 xfs_io + 12 daxio + 16 fio)"
# xfs_io against daxio: the shape section; one run per cell is not judged
grep -q '^## xfs_io and daxio on the same mount (target loop)' "$T_TMP/run/report.md" \
    && grep -Eq '"tool_shape": \{"target": "loop", "clear": 1.5, "min_runs": 3, "runs_per_cell": 1, "judged": 0, .*"verdict": "not judged \(1 run' "$T_TMP/run/summary.json" \
    && pass run-sh-loop-tool-shape || fail run-sh-loop-tool-shape "no indicative tool_shape in report.md/summary.json"
grep -q 'run      ref noDAX    ref DAX  xfs-nodax xfs-nodax/daxio ext4-nodax ext4-nodax/daxio' "$T_TMP/run.log" && pass run-sh-loop-table-columns \
    || fail run-sh-loop-table-columns "the tables lack the loop columns"
[ -s "$T_TMP/run/conformance-loop.csv" ] && grep -q 'Conformance on the real target: loop' "$T_TMP/run/report.md" \
    && pass run-sh-loop-conformance || fail run-sh-loop-conformance "no conformance-loop.csv or report section"
if command -v gnuplot >/dev/null; then
    [ -s "$T_TMP/run/tools-loop.png" ] && [ -s "$T_TMP/run/tools-loop.svg" ] && pass run-sh-loop-tools-plot \
        || fail run-sh-loop-tools-plot "no tools-loop.png/svg"
else
    skip run-sh-loop-tools-plot "gnuplot is not installed"
fi

# mount:DIR - a folder that is not a DAX mount is refused when DAX is
# asked for, and a run leaves nothing in DIR
mkdir -p "$T_TMP/mnt"
out=$("$TOP/suite/targets/mount.sh" --dir "$T_TMP/mnt" --dax on --quick 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"refusing $T_TMP/mnt: DAX was asked for (--dax on) but it is not a DAX mount"* ]] \
    && pass mount-refuses-non-dax-dir || fail mount-refuses-non-dax-dir "status $rc: $(tail -n 2 <<<"$out")"
"$TOP/suite/targets/mount.sh" --dir "$T_TMP/mnt" --quick --job chinner-2016 --out "$T_TMP/mountrun" > "$T_TMP/mount.log" 2>&1; rc=$?
[ $rc = 0 ] && [ -z "$(ls -A "$T_TMP/mnt")" ] && [ -s "$T_TMP/mountrun/chinner-2016.csv" ] \
    && pass mount-runs-and-leaves-nothing || fail mount-runs-and-leaves-nothing "status $rc; left: $(ls -A "$T_TMP/mnt")"

# dev:DEVICE - refused when mounted (even with --force), refused with a
# filesystem signature unless --force; a loop device over our own image
# stands in for /dev/pmemN
img=/dev/shm/daxbench-check-dev.$$.img
truncate -s 512M "$img" && d=$(losetup --find --show "$img")
if [ -n "${d:-}" ]; then
    mkfs.ext4 -q -F "$d"
    out=$("$TOP/suite/targets/dev.sh" --dev "$d" --quick 2>&1); rc=$?
    [ $rc = 2 ] && [[ $out == *"refusing $d: it holds a filesystem or partition signature (ext4"* ]] \
        && pass dev-refuses-signature || fail dev-refuses-signature "status $rc: $(tail -n 1 <<<"$out")"
    mkdir -p "$T_TMP/devmnt" && mount "$d" "$T_TMP/devmnt"
    out=$("$TOP/suite/targets/dev.sh" --dev "$d" --quick --force 2>&1); rc=$?
    umount "$T_TMP/devmnt"
    [ $rc = 2 ] && [[ $out == *"refusing $d: it is mounted"*"--force does not override this"* ]] \
        && pass dev-refuses-mounted-even-with-force || fail dev-refuses-mounted-even-with-force "status $rc: $(tail -n 1 <<<"$out")"
    "$TOP/suite/targets/dev.sh" --dev "$d" --quick --force --dax off --fs xfs --job chinner-2016 \
        --out "$T_TMP/devrun" > "$T_TMP/dev.log" 2>&1; rc=$?
    [ $rc = 0 ] && [ "$(blkid -p -o value -s TYPE "$d")" = xfs ] && ! grep -q " $d " /proc/mounts \
        && pass dev-force-formats-and-unmounts || fail dev-force-formats-and-unmounts "status $rc: $(tail -n 3 "$T_TMP/dev.log")"
    out=$("$TOP/suite/targets/dev.sh" --dev "$T_TMP" 2>&1); rc=$?
    [ $rc = 2 ] && [[ $out == *"not a block device"* ]] && pass dev-refuses-non-device || fail dev-refuses-non-device "status $rc: $out"
    losetup -d "$d"
else
    skip dev-target "losetup could not attach an image"
fi
rm -f "$img"

# A failing job fails the run and says which.
"$LOOP" --quick --fs xfs --job "$CHECKJOBS/fails.sh" --out "$T_TMP/fails" >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'fails xfs-nodax fail job exited 1' "$T_TMP/fails/combos.txt" \
    && pass failing-job-fails || fail failing-job-fails "status $rc, combos: $(cat "$T_TMP/fails/combos.txt" 2>/dev/null)"

# Ctrl-C (SIGINT to the process group) in the middle of a 1 GiB run.
if grep -q '^SigIgn:.*[2367abef]$' /proc/self/status; then
    skip ctrl-c "SIGINT is ignored in this environment (started in the background?)"
else
    start_loop --fs xfs --runs 1 --out "$T_TMP/int"
    if wait_for_mount; then
        sleep 1
        kill -INT -- "-$BG"; wait "$BG"; rc=$?
        l=$(leftovers "$BG")
        [ $rc = 130 ] && [ -z "$l" ] && pass ctrl-c-cleans-up || fail ctrl-c-cleans-up "status $rc; left: ${l:-nothing}"
    else
        fail ctrl-c-cleans-up "the run never mounted: $(tail -n 3 "$T_TMP/bg.log")"
    fi
fi

# TERM to the script alone.
start_loop --fs xfs --runs 1 --out "$T_TMP/term"
if wait_for_mount; then
    sleep 1
    kill -TERM "$BG"; wait "$BG"; rc=$?
    l=$(leftovers "$BG")
    [ $rc = 143 ] && [ -z "$l" ] && pass term-cleans-up || fail term-cleans-up "status $rc; left: ${l:-nothing}"
else
    fail term-cleans-up "the run never mounted: $(tail -n 3 "$T_TMP/bg.log")"
fi

# SIGKILL leaves things behind by nature; the next run (here --clean)
# must reap them, and only them.
start_loop --fs xfs --runs 1 --out "$T_TMP/kill"
if wait_for_mount; then
    runner=$(pgrep -P "$BG" -f run-combos.sh | head -n 1)
    kill -KILL "$BG"; wait "$BG" 2>/dev/null
    [ -n "$runner" ] && kill -TERM -- "-$runner" 2>/dev/null    # the rest of the "killed" run
    sleep 1
    before=$(leftovers "$BG")
    "$LOOP" --clean > "$T_TMP/clean.log" 2>&1
    l=$(leftovers "$BG")
    [ -n "$before" ] && [ -z "$l" ] && pass kill-9-reaped-by-next-run \
        || fail kill-9-reaped-by-next-run "before: ${before:-nothing}; after --clean: ${l:-nothing}"
else
    fail kill-9-reaped-by-next-run "the run never mounted: $(tail -n 3 "$T_TMP/bg.log")"
fi
finish
