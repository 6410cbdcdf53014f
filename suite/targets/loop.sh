#!/usr/bin/env bash
# loop.sh - the "loop" real target: XFS and ext4 in an image file on
# /dev/shm, loop-mounted on this host.  No DAX: this is the page-cache path
# on a memory-speed block device, like the email's "no DAX" column.
#
# Run `suite/targets/loop.sh --help` for the options.
#
# Cleanup contract: everything this script creates lives in its own folder
# /dev/shm/daxbench-loop.<pid>/ (disk.img, mnt/, jobs/).  On every exit path
# - normal end, error, Ctrl-C (INT), TERM, HUP - the trap kills the job's
# process group, unmounts mnt/, detaches the loop device backed by disk.img
# and removes the folder.  A folder left by a run that was killed with
# SIGKILL is cleaned the same way by the next run (or --clean), but only
# when the pid in its name no longer runs loop.sh.  Nothing outside
# /dev/shm/daxbench-loop.*/ and the results folder is touched.
set -euo pipefail
DAXBENCH_TOOL=loop
# shellcheck source=lib/target-entry.sh
. "$(dirname "$0")/lib/target-entry.sh"

usage() {
    cat <<EOF
usage: suite/targets/loop.sh [options]

Runs jobs on XFS and ext4 made in an image on /dev/shm and loop-mounted on
this host (the page-cache path; loop devices have no DAX).

  --quick            64 MiB writes, 1 run, a 1 GiB image (smoke test)
  --fs LIST          filesystems, comma separated: xfs,ext4 (default both)
  --job LIST         jobs: names in suite/targets/jobs/ or paths to .sh
                     files (default chinner-2016)
  --runs N           runs per scenario (default 3, quick 1)
  --size SIZE        write size for the scenarios (default 1g, quick 64m)
  --tools LIST       xfs_io-compatible tools to run (default xfs_io,daxio:
                     the same command lines through both, compared in shape)
  --out DIR          results folder (default results/<date>-<host>-loop)
  --keep             keep /dev/shm/daxbench-loop.<pid>/ (the image,
                     unmounted and detached) for inspection
  --clean            remove what killed runs left behind, then exit
  -h, --help         this text

Exit status: 0 passed, 1 failed, 2 bad usage, 77 cannot run here (not
root, a tool missing, not enough space in /dev/shm).
EOF
}

quick=0 fslist=xfs,ext4 joblist=chinner-2016 runs= size= tools=xfs_io,daxio out= keep=0 clean_only=0
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1; shift ;;
    --fs)    fslist=$2; shift 2 ;;
    --job)   joblist=$2; shift 2 ;;
    --runs)  runs=$2; shift 2 ;;
    --size)  size=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --out)   out=$2; shift 2 ;;
    --keep)  keep=1; shift ;;
    --clean) clean_only=1; shift ;;
    --dax)   echo "loop: loop devices have no DAX; use suite/vm/vm.sh for DAX" >&2; exit 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "loop: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for f in $(split_list "$fslist"); do
    case $f in xfs|ext4) ;; *) echo "loop: unknown filesystem '$f' (xfs, ext4)" >&2; exit 2 ;; esac
done
[ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "loop: --runs wants a positive number, not '$runs'" >&2; exit 2; }
[ -z "$size" ] || to_bytes "$size" >/dev/null || exit 2

need_root "the loop target" "losetup, mkfs, mount"
"$DAXBENCH_TOP/suite/install-deps.sh" loop      # fio too: the fio job skips, naming it, only when apt cannot install it
need_tools losetup:mount mount:mount umount:mount mkfs.xfs:xfsprogs mkfs.ext4:e2fsprogs \
    xfs_io:xfsprogs truncate:coreutils

# Removes one work folder of this tool: unmount, detach, delete.  Only
# folders named /dev/shm/daxbench-loop.<digits> are ever touched.
remove_workdir() {
    local w=$1 dev
    [[ $w =~ ^/dev/shm/daxbench-loop\.[0-9]+$ ]] || { say "not removing '$w': not ours"; return 1; }
    if is_mounted "$w/mnt"; then
        fs_umount "$w/mnt" 2>/dev/null || { say "$w/mnt is busy; detaching it lazily"; umount -l "$w/mnt"; }
    fi
    if [ -e "$w/disk.img" ]; then
        for dev in $(losetup -n -O NAME -j "$w/disk.img" 2>/dev/null); do
            losetup -d "$dev" || say "could not detach $dev"
        done
    fi
    rm -rf -- "$w"
}

clean_stale() {
    local w pid
    for w in /dev/shm/daxbench-loop.*; do
        [ -d "$w" ] || continue
        pid=${w##*.}
        [ "$pid" = $$ ] && continue
        pid_is_ours "$pid" loop.sh && continue      # a run that is still going
        say "removing what an earlier run (pid $pid) left: $w"
        remove_workdir "$w"
    done
}

clean_stale
[ $clean_only = 1 ] && exit 0

if [ $quick = 1 ]; then img_size=1G; runs=${runs:-1}; size=${size:-64m}
else img_size=3G; runs=${runs:-3}; fi
# The image must hold the largest file with room for metadata.
if [ -n "$size" ] && [ "$(to_bytes "$size")" -gt $(( $(to_bytes $img_size) / 2 )) ]; then
    img_size=$(( $(to_bytes "$size") * 2 + (256 << 20) ))
fi
need_shm "$(to_bytes $img_size)" "a $img_size image"

out=$(new_results_dir "$out" loop) || exit 1

W=/dev/shm/daxbench-loop.$$
mkdir "$W" || die "$W already exists"
mkdir "$W/mnt"
dev=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_runner
    if [ $keep = 1 ]; then
        is_mounted "$W/mnt" && fs_umount "$W/mnt"
        [ -n "$dev" ] && losetup -d "$dev" 2>/dev/null
        say "--keep: left $W (image unmounted and detached); the next run or --clean removes it"
    else
        remove_workdir "$W"
    fi
    exit $rc
}
signal_traps

truncate -s "$img_size" "$W/disk.img"
dev=$(losetup --find --show "$W/disk.img") || die "losetup could not attach $W/disk.img"
# fresh folder, but the rule is the rule: never mount over a busy point.
! is_mounted "$W/mnt" || die "$W/mnt is already in use"

stage_job_args "$W/jobs" "$joblist"

kernel=$(uname -r)
export_provenance
export QUICK=$quick RUNS=$runs TOOLS=$tools KERNEL=$kernel ACCEL=host
export NOTES="loop device on /dev/shm; page cache; no DAX"
[ -n "$size" ] && export SIZE=$size
[ -d "$DAXBENCH_TOP/workloads" ] && export WORKLOADS=$DAXBENCH_TOP/workloads
[ -d "$DAXBENCH_TOP/build" ] && export PATH=$DAXBENCH_TOP/build:$PATH

say "target loop: kernel $kernel, $dev on $W/disk.img ($img_size), fs $fslist, jobs ${JOBS[*]}, runs $runs${size:+, size $size}"
say "results: $out"
klog_mark=$(dmesg 2>/dev/null | tail -n 1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
t0=$EPOCHREALTIME

run_jobs "$out" "$DAXBENCH_TARGETS/run-combos.sh" --target loop --dev "$dev" --mnt "$W/mnt" \
    --out "$out" --fs "$fslist" --dax 0 --jobs "$W/jobs" "${JOBARGS[@]}"
rc=$RC verdict=$VERDICT

# Kernel lines logged while we ran (host kernel: the filesystems are real).
if [ -n "$klog_mark" ]; then
    dmesg | awk -v m="$klog_mark" '{ t = $0; sub(/^\[ */, "", t); sub(/\].*/, "", t) } t + 0 > m + 0' \
        > "$out/dmesg-during-run.txt" || true
    if hits=$(kernel_log_hits "$out/dmesg-during-run.txt"); then
        say "the kernel logged a splat while the jobs ran:"
        printf '%s\n' "$hits" >&2
        verdict=1
    else
        say "kernel log scan (BUG:/WARNING:/Oops): clean"
    fi
else
    say "kernel log not readable; no dmesg scan"
fi

{
    echo "target: loop"; echo "kernel: $kernel"; echo "accel: host"
    echo "cpu: $DAXBENCH_CPU"; echo "git: $DAXBENCH_GIT"
    echo "image: $img_size on /dev/shm, fs: $fslist, jobs: ${JOBS[*]}, runs: $runs, quick: $quick"
    echo "elapsed_s: $(elapsed_since "$t0")"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "took $(elapsed_since "$t0") s; results in $out"
[ $rc -ne 0 ] && [ $verdict -eq 0 ] && verdict=$rc
exit $verdict
