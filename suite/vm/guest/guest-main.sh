#!/bin/bash
# guest-main.sh - the vm target's work inside the guest, started by /init
# with the mode (run or shell).  Shipped on the transfer disk, extracted to
# /xfer with:
#   /xfer/config.env      FSLIST DAXLIST JOBS QUICK RUNS SIZE TOOLS ACCEL
#                         NOTES INJECT DAXBENCH_CPU DAXBENCH_GIT (written
#                         by suite/vm/vm.sh)
#   /xfer/targets/        run-combos.sh and lib/ (suite/targets)
#   /xfer/jobs/           the jobs, staged by the host
#   /xfer/workloads/      the project's workloads/, when it has one
#
# 1. Turns the NVDIMM's raw namespace into fsdax (on a raw namespace XFS
#    silently mounts without DAX and ext4 refuses -o dax).
# 2. run: runs every (fs, dax) combination with run-combos.sh into /out.
#    shell: an interactive shell on the console; /out is still sent back.
# 3. Sends /out back: a tar archive written over the transfer disk from
#    offset 0, followed by zeros, and prints DAXBENCH-GUEST-DONE.  The host
#    knows the guest finished from /out/guest-status in that archive.
set -uo pipefail
mode=${1:-run}
. /xfer/config.env
export DAXBENCH_TARGETS=/xfer/targets DAXBENCH_TOOL=guest
. /xfer/targets/lib/common.sh

OUT=/out DEV=/dev/pmem0 MNT=/mnt/daxbench XFER=/dev/vda
mkdir -p "$OUT" "$MNT"
log() { echo "daxbench-guest: $*"; }
up() { cut -d' ' -f1 /proc/uptime; }

# The PMD witness's tracepoint (stress-hole-to-pmd reads it in a tracefs
# instance of its own), enabled once here, with the top-level buffer off:
# its static key and the comm recorder then stay on, so no check toggles
# them.  Toggling patches kernel text live (text_poke_bp), and under TCG
# that has left a guest in an RCU stall and a 44 s soft lockup
# (__ftrace_event_enable_disable -> tracing_stop_cmdline_record).
ev=/sys/kernel/tracing/events/fs_dax/dax_pmd_fault_done/enable
if [ -w "$ev" ]; then
    echo 0 > /sys/kernel/tracing/tracing_on 2>/dev/null
    echo 1 > "$ev" 2>/dev/null && log "fs_dax:dax_pmd_fault_done enabled once for the run (top-level buffer off)"
fi

# The namespace, step 1.  Its before/after listing goes back with the results.
setup_namespace() {
    local i
    {
        echo "# ndctl list -N (before)"; ndctl list -N 2>&1
    } > "$OUT/namespace.txt"
    if ndctl list -N 2>/dev/null | grep -q '"mode":"raw"'; then
        log "namespace0.0 is raw; ndctl create-namespace -f -e namespace0.0 -m fsdax"
        ndctl create-namespace -f -e namespace0.0 -m fsdax >> "$OUT/namespace.txt" 2>&1 || {
            log "ndctl could not switch the namespace to fsdax"; return 1; }
        i=0
        while [ ! -b "$DEV" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    fi
    {
        echo "# ndctl list -N (after)"; ndctl list -N 2>&1
    } >> "$OUT/namespace.txt"
    if ! ndctl list -N 2>/dev/null | grep -q '"mode":"fsdax"'; then
        log "the namespace is not in fsdax mode:"; cat "$OUT/namespace.txt"; return 1
    fi
    [ -b "$DEV" ] || { log "$DEV did not appear"; return 1; }
    log "namespace fsdax: $DEV, $(( $(blockdev --getsize64 "$DEV") >> 20 )) MiB at $(up) s"
}

send_results() {
    local rc=$1 size disk
    dmesg > "$OUT/dmesg.txt" 2>&1
    uname -r > "$OUT/kernel-release"
    echo "$rc" > "$OUT/guest-status"
    tar -c -f /tmp/out.tar -C "$OUT" . || { log "tar of $OUT failed"; return 1; }
    size=$(stat -c %s /tmp/out.tar)
    disk=$(blockdev --getsize64 "$XFER")
    if [ "$size" -gt $((disk - (1 << 20))) ]; then
        log "results ($size bytes) do not fit the transfer disk ($disk bytes)"
        return 1
    fi
    # The archive, then 1 MiB of zeros, so no byte of the host's input
    # archive can look like part of the answer.
    dd if=/tmp/out.tar of="$XFER" bs=1M conv=fsync 2>/dev/null
    dd if=/dev/zero of="$XFER" bs=512 seek=$((size / 512)) count=2048 conv=fsync 2>/dev/null
    sync
    log "results sent: $size bytes"
}

export PATH=/opt/daxbench/bin:$PATH
export QUICK RUNS TOOLS ACCEL NOTES DAXBENCH_CPU DAXBENCH_GIT
# shellcheck disable=SC2086  # names, one per word
[ -n "${JOB_ENV:-}" ] && export $JOB_ENV
KERNEL=$(uname -r)
export KERNEL
[ -n "${SIZE:-}" ] && export SIZE
[ -d /xfer/workloads ] && export WORKLOADS=/xfer/workloads

rc=0
setup_namespace || rc=1

if [ "$mode" = shell ]; then
    cat <<EOF
daxbench-guest: interactive shell.  $DEV is the NVDIMM (fsdax), $MNT is free.
  run the configured jobs:  /xfer/targets/run-combos.sh --target vm --dev $DEV \\
      --mnt $MNT --out /out --fs $FSLIST --dax $DAXLIST --jobs /xfer/jobs $(for j in $JOBS; do printf -- '--job %s ' "$j"; done)
  by hand:  mkfs.xfs -f -m reflink=0 $DEV; mount -o dax=always $DEV $MNT
  anything left in /out is sent back to the host.  exit (or Ctrl-D) powers off.
EOF
    # util-linux setsid: a new session with the serial line as its
    # controlling terminal, so Ctrl-C and job control work; waits for it.
    tty=/dev/ttyS0
    setsid --ctty --wait bash -i <"$tty" >"$tty" 2>&1
    is_mounted() { awk -v m="$1" '$2 == m { f = 1 } END { exit !f }' /proc/mounts; }
    is_mounted "$MNT" && umount "$MNT"
elif [ $rc = 0 ]; then
    jobargs=()
    for j in $JOBS; do jobargs+=(--job "$j"); done
    # Self-tests (vm.sh --inject): prove that the checks can fail.
    in_list nodax "${INJECT:-}" && export DAXBENCH_INJECT=nodax
    if in_list kmsg-warning "${INJECT:-}"; then
        # Self-test of the host's dmesg scan: a line shaped like a splat.
        echo "<4>WARNING: CPU: 0 PID: 1 at daxbench self-test (injected, not a real bug)" > /dev/kmsg
    fi
    log "running jobs ($JOBS) on fs $FSLIST, DAX $DAXLIST at $(up) s"
    /xfer/targets/run-combos.sh --target vm --dev "$DEV" --mnt "$MNT" --out "$OUT" \
        --fs "$FSLIST" --dax "$DAXLIST" --jobs /xfer/jobs "${jobargs[@]}" || rc=$?
    log "jobs finished with status $rc at $(up) s"
fi

send_results "$rc" || rc=1
echo "DAXBENCH-GUEST-DONE rc=$rc"
exit "$rc"
