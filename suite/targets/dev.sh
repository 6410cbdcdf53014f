#!/usr/bin/env bash
# dev.sh - the "dev:/dev/pmemN" real target: the user's own pmem block
# device (an fsdax namespace, on bare metal or a KVM host).  Like the vm
# target it makes XFS and ext4 on the device and mounts them with DAX and
# without, so everything on the device is lost.  Before anything is
# written it refuses:
#  - a path that is not a block device;
#  - a device that is mounted, or has a partition that is, or is held by
#    another device (device-mapper, md);
#  - a device that holds a filesystem or partition-table signature
#    (wipefs -n / blkid -p), unless --force is given.
# ndctl list shows the namespace first.  The mount point is
# /tmp/daxbench-dev.<pid>/mnt; nothing else is touched, and the device is
# unmounted on every exit path.
#
# Run `suite/targets/dev.sh --help` for the options.
set -euo pipefail
DAXBENCH_TOOL=dev
# shellcheck source=lib/target-entry.sh
. "$(dirname "$0")/lib/target-entry.sh"

usage() {
    cat <<EOF
usage: suite/targets/dev.sh --dev DEVICE [options]

Formats DEVICE (XFS, ext4) and runs jobs on it mounted with DAX and
without.  EVERYTHING ON DEVICE IS LOST.

  --dev DEVICE       the pmem block device, e.g. /dev/pmem0 (required)
  --force            format it even though it holds a filesystem or
                     partition-table signature (never when it is mounted)
  --fs LIST          xfs,ext4 (default both)
  --dax LIST         on,off (default both)
  --quick            64 MiB writes, 1 run (smoke test)
  --job LIST         jobs (default chinner-2016)
  --runs N, --size SIZE, --tools LIST   as for the other targets
  --out DIR          results folder (default results/<date>-<host>-dev)
  -h, --help         this text

Exit status: 0 passed, 1 failed or refused, 2 bad usage, 77 cannot run here.
EOF
}

dev= force=0 fslist=xfs,ext4 daxlist=on,off quick=0 joblist=chinner-2016 runs= size= tools=xfs_io out=
while [ $# -gt 0 ]; do
    n=0; common_opt "$@" || n=$?
    [ $n -gt 0 ] && { shift $n; continue; }
    case $1 in
    --dev)   need_value "$@"; dev=$2; shift 2 ;;
    --force) force=1; shift ;;
    --fs)    need_value "$@"; fslist=$2; shift 2 ;;
    --dax)   need_value "$@"; daxlist=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "dev: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$dev" ] || { echo "dev: --dev DEVICE is required (see --help)" >&2; exit 2; }
for f in $(split_list "$fslist"); do
    case $f in xfs|ext4) ;; *) echo "dev: unknown filesystem '$f' (xfs, ext4)" >&2; exit 2 ;; esac
done
daxnums=
for d in $(split_list "$daxlist"); do
    case $d in on|1) daxnums+=${daxnums:+,}1 ;; off|0) daxnums+=${daxnums:+,}0 ;;
    *) echo "dev: --dax takes on and/or off, not '$d'" >&2; exit 2 ;; esac
done
check_common_opts

need_root "the dev target" "mkfs and mount"
need_tools mkfs.xfs:xfsprogs mkfs.ext4:e2fsprogs xfs_io:xfsprogs wipefs:util-linux \
    blkid:util-linux lsblk:util-linux mount:mount

# --- what the device is, and whether it may be formatted -------------------
[ -b "$dev" ] || die_usage "$dev: not a block device"
dev=$(readlink -f "$dev")
name=$(basename "$dev")
if command -v ndctl >/dev/null; then
    say "ndctl list (namespaces and the block device they expose):"
    ndctl list -N 2>&1 | sed 's/^/    /' >&2 || true
    ndctl list -N 2>/dev/null | grep -q "\"blockdev\":\"$name\"" \
        || say "note: ndctl lists no namespace with blockdev $name: $dev may not be pmem"
else
    say "ndctl is not installed (Debian package ndctl): cannot show the namespace behind $dev"
fi
# mounted: the device itself or any partition of it
mounted=$(lsblk -nrpo NAME,MOUNTPOINT "$dev" 2>/dev/null | awk '$2 != "" { print $1 " on " $2 }')
[ -z "$mounted" ] && mounted=$(awk -v d="$dev" '$1 == d { print $1 " on " $2 }' /proc/mounts)
[ -z "$mounted" ] || die_usage "$dev: it is mounted ($(echo "$mounted" | tr '\n' ' ')); unmount it first (--force does not override this)"
holders=$(ls "/sys/class/block/$name/holders" 2>/dev/null | tr '\n' ' ')
[ -z "$holders" ] || die_usage "$dev: it is in use by $holders(device-mapper or md); --force does not override this"
sigs=$(wipefs -n --noheadings -O TYPE,OFFSET "$dev" 2>/dev/null | awk '{ print $1 "@" $2 }' | tr '\n' ' ')
# blkid -p exits 2 when it finds nothing: that is the answer, not an error
[ -n "$sigs" ] || sigs=$({ blkid -p -o value -s TYPE "$dev" 2>/dev/null || true; } | tr '\n' ' ')
if [ -n "$sigs" ]; then
    if [ $force = 1 ]; then
        say "$dev holds signatures ($sigs); formatting anyway (--force)"
    else
        die_usage "$dev: it holds a filesystem or partition signature ($sigs; see wipefs -n $dev); give --force to format it anyway"
    fi
fi

out=$(new_results_dir "$out" dev) || exit 1

W=/tmp/daxbench-dev.$$
mkdir "$W" "$W/mnt" || die "cannot create $W"
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_runner
    is_mounted "$W/mnt" && { fs_umount "$W/mnt" || umount -l "$W/mnt"; }
    rm -rf -- "$W"
    exit $rc
}
signal_traps

stage_job_args "$W/jobs" "$joblist"
host_job_env "the user's device $dev"
# device_is_ours (lib/mount.sh) formats only what this script checked
export OWN_FS=1 DAXBENCH_DEV_ALLOWED=$dev
t0=$EPOCHREALTIME
say "target dev: $dev, fs $fslist, dax $daxlist, jobs ${JOBS[*]}, runs $runs${size:+, size $size}"
run_jobs "$out" "$DAXBENCH_TARGETS/run-combos.sh" --target dev --dev "$dev" --mnt "$W/mnt" \
    --out "$out" --fs "$fslist" --dax "$daxnums" --jobs "$W/jobs" "${JOBARGS[@]}"
{
    echo "target: dev"; echo "device: $dev"; echo "kernel: $KERNEL"
    echo "cpu: $DAXBENCH_CPU"; echo "git: $DAXBENCH_GIT"
    echo "fs: $fslist  dax: $daxlist  jobs: ${JOBS[*]}  runs: $runs  quick: $quick"
    echo "elapsed_s: $(elapsed_since "$t0")"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "took $(elapsed_since "$t0") s; results in $out"
[ $RC -ne 0 ] && [ $VERDICT -eq 0 ] && VERDICT=$RC
exit $VERDICT
