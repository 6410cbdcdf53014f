#!/usr/bin/env bash
# run-combos.sh - the part of every real target that runs next to the
# filesystem: for each (fs, dax) asked for, mkfs the device, mount it, prove
# the DAX state, run each job, unmount.  The loop target runs it on the host,
# the vm target inside the guest; jobs see the same contract on both.
#
#   run-combos.sh --target NAME --dev DEV --mnt DIR --out DIR \
#                 --fs xfs,ext4 --dax 1,0 --jobs DIR [--job NAME]...
#   run-combos.sh --existing ... --fs FS --dax D
#       MNT is already mounted (a user's mount, the mount: target): no
#       mkfs, mount or unmount; the DAX state D is proven and the jobs run.
#
# Environment passed through to the jobs: QUICK RUNS SIZE TOOLS KERNEL ACCEL
# NOTES WORKLOADS (see suite/targets/README.md).  DAXBENCH_INJECT=nodax
# mounts without the DAX option even when DAX is asked for (the self-test
# that proves a missing DAX is caught).
#
# Writes, under --out:
#   combos.txt                one line per (job, fs, dax): pass/fail/skip WHY
#   <fs>-<dax|nodax>/mkfs.log, dax-proof.txt
#   <job>/<fs>-<dax|nodax>/   the job's $OUT (results.csv, job.log, ...)
# Cleanup contract: every mount this script makes is unmounted before it
# exits (also on INT/TERM).  The device itself belongs to the caller.
# Exit: 0 all passed, 1 something failed, 77 everything was skipped.
set -euo pipefail
DAXBENCH_TARGETS=$(cd "$(dirname "$0")" && pwd)
export DAXBENCH_TARGETS
DAXBENCH_TOOL=${DAXBENCH_TOOL:-run-combos}
# shellcheck source=lib/common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"
# shellcheck source=lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"

target= dev= mnt= out= fslist=xfs,ext4 daxlist=1,0 jobdir= jobs=() existing=0
while [ $# -gt 0 ]; do
    case $1 in
    --target) target=$2; shift 2 ;;
    --dev)    dev=$2; shift 2 ;;
    --mnt)    mnt=$2; shift 2 ;;
    --out)    out=$2; shift 2 ;;
    --fs)     fslist=$2; shift 2 ;;
    --dax)    daxlist=$2; shift 2 ;;
    --jobs)   jobdir=$2; shift 2 ;;
    --job)    jobs+=("$2"); shift 2 ;;
    --existing) existing=1; shift ;;
    *) die "unknown argument '$1'" ;;
    esac
done
for v in target dev mnt out jobdir; do [ -n "${!v}" ] || die "--$v is required"; done
[ ${#jobs[@]} -gt 0 ] || die "no --job given"
for j in "${jobs[@]}"; do [ -f "$jobdir/$j.sh" ] || die "job '$j' not found: $jobdir/$j.sh"; done
[ -d "$mnt" ] || die "mount point $mnt does not exist"
mkdir -p "$out"

cleanup() { [ $existing = 0 ] && is_mounted "$mnt" && fs_umount "$mnt"; return 0; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

record() { echo "$*" >> "$out/combos.txt"; }
npass=0 nfail=0 nskip=0
for fs in $(split_list "$fslist"); do
    for dax in $(split_list "$daxlist"); do
        daxname=$([ "$dax" = 1 ] && echo dax || echo nodax)
        combo=$fs-$daxname cdir=$out/$fs-$daxname
        mkdir -p "$cdir"
        if [ $existing = 1 ]; then
            say "== $combo: $mnt as it is mounted; prove DAX=$dax"
        else
            say "== $combo: mkfs, mount, prove DAX=$dax"
        fi
        if [ $existing = 0 ] && ! fs_mkfs "$fs" "$dev" "$cdir/mkfs.log"; then
            for j in "${jobs[@]}"; do record "$j $combo fail mkfs failed"; nfail=$((nfail + 1)); done
            continue
        fi
        mdax=$dax
        [ "${DAXBENCH_INJECT:-}" = nodax ] && mdax=0 && say "self-test: mounting WITHOUT the DAX option"
        if [ $existing = 0 ] && ! fs_mount "$fs" "$mdax" "$dev" "$mnt" 2>"$cdir/mount.err"; then
            say "mount of $fs (DAX=$dax) on $dev failed: $(cat "$cdir/mount.err")"
            for j in "${jobs[@]}"; do record "$j $combo fail mount failed: $(head -n 1 "$cdir/mount.err")"; nfail=$((nfail + 1)); done
            continue
        fi
        if ! dax_prove "$fs" "$dax" "$mnt" > "$cdir/dax-proof.txt"; then
            cat "$cdir/dax-proof.txt" >&2
            say "$combo: the DAX state is not what was asked for; its jobs are not run"
            for j in "${jobs[@]}"; do record "$j $combo fail DAX state not proven: $(tail -n 1 "$cdir/dax-proof.txt")"; nfail=$((nfail + 1)); done
            [ $existing = 1 ] || fs_umount "$mnt"
            continue
        fi
        rm -f "$cdir/mount.err"
        sed 's/^/  /' "$cdir/dax-proof.txt" >&2
        for j in "${jobs[@]}"; do
            jout=$out/$j/$combo
            mkdir -p "$jout"
            say "== $combo: job $j"
            rc=0
            env TARGET="$target" FS="$fs" DAX="$dax" MNT="$mnt" DEV="$dev" OUT="$jout" \
                QUICK="${QUICK:-0}" DAXBENCH_TARGETS="$DAXBENCH_TARGETS" DAXBENCH_TOOL="$j" \
                bash "$jobdir/$j.sh" 2>&1 | tee "$jout/job.log" || rc=${PIPESTATUS[0]}
            case $rc in
            0)  record "$j $combo pass"; npass=$((npass + 1)) ;;
            77) record "$j $combo skip $(tail -n 1 "$jout/job.log")"; nskip=$((nskip + 1)) ;;
            *)  record "$j $combo fail job exited $rc"; nfail=$((nfail + 1)) ;;
            esac
        done
        [ $existing = 1 ] || fs_umount "$mnt"
    done
done
say "combinations: $npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -gt 0 ] && exit 1
[ "$npass" -eq 0 ] && [ "$nskip" -gt 0 ] && exit 77
exit 0
