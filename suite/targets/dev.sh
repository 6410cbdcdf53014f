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
DAXBENCH_TARGETS=$(cd "$(dirname "$0")" && pwd)
DAXBENCH_TOP=$(cd "$DAXBENCH_TARGETS/../.." && pwd)
export DAXBENCH_TARGETS DAXBENCH_TOP
DAXBENCH_TOOL=dev
# shellcheck source=lib/common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"
# shellcheck source=lib/host.sh
. "$DAXBENCH_TARGETS/lib/host.sh"
# shellcheck source=lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"

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
    case $1 in
    --dev)   dev=$2; shift 2 ;;
    --force) force=1; shift ;;
    --fs)    fslist=$2; shift 2 ;;
    --dax)   daxlist=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --job)   joblist=$2; shift 2 ;;
    --runs)  runs=$2; shift 2 ;;
    --size)  size=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --out)   out=$2; shift 2 ;;
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
[ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "dev: --runs wants a positive number, not '$runs'" >&2; exit 2; }
[ -z "$size" ] || to_bytes "$size" >/dev/null || exit 2

need_root "the dev target" "mkfs and mount"
need_tools mkfs.xfs:xfsprogs mkfs.ext4:e2fsprogs xfs_io:xfsprogs wipefs:util-linux \
    blkid:util-linux lsblk:util-linux mount:mount

# --- what the device is, and whether it may be formatted -------------------
[ -b "$dev" ] || die "refusing $dev: not a block device"
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
[ -z "$mounted" ] || die "refusing $dev: it is mounted ($(echo "$mounted" | tr '\n' ' ')); unmount it first (--force does not override this)"
holders=$(ls "/sys/class/block/$name/holders" 2>/dev/null | tr '\n' ' ')
[ -z "$holders" ] || die "refusing $dev: it is in use by $holders(device-mapper or md); --force does not override this"
sigs=$(wipefs -n --noheadings -o TYPE,OFFSET "$dev" 2>/dev/null | awk '{ print $1 "@" $2 }' | tr '\n' ' ')
[ -n "$sigs" ] || sigs=$(blkid -p -o value -s TYPE "$dev" 2>/dev/null | tr '\n' ' ')
if [ -n "$sigs" ]; then
    if [ $force = 1 ]; then
        say "$dev holds signatures ($sigs); formatting anyway (--force)"
    else
        die "refusing $dev: it holds a filesystem or partition signature ($sigs; see wipefs -n $dev); give --force to format it anyway"
    fi
fi

out=${out:-$(default_results_dir dev)}
mkdir -p "$out" || die "cannot create the results folder $out"
out=$(cd "$out" && pwd)
[ -z "$(ls -A "$out")" ] || die "results folder $out is not empty"

W=/tmp/daxbench-dev.$$
mkdir "$W" "$W/mnt" || die "cannot create $W"
child=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
        kill -INT -- "-$child" 2>/dev/null || true
        for _ in $(seq 1 25); do kill -0 "$child" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    is_mounted "$W/mnt" && { fs_umount "$W/mnt" || umount -l "$W/mnt"; }
    rm -rf -- "$W"
    exit $rc
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM
trap 'exit 129' HUP

# shellcheck disable=SC2046  # one word per job
mapfile -t jobs < <(stage_jobs "$W/jobs" $(split_list "$joblist"))
jobargs=()
for j in "${jobs[@]}"; do jobargs+=(--job "$j"); done
if [ $quick = 1 ]; then runs=${runs:-1}; size=${size:-64m}; else runs=${runs:-3}; fi
kernel=$(uname -r)
export_provenance
export QUICK=$quick RUNS=$runs TOOLS=$tools KERNEL=$kernel ACCEL=host OWN_FS=1
export NOTES="the user's device $dev"
# device_is_ours (lib/mount.sh) formats only what this script checked
export DAXBENCH_DEV_ALLOWED=$dev
[ -n "$size" ] && export SIZE=$size
[ -d "$DAXBENCH_TOP/workloads" ] && export WORKLOADS=$DAXBENCH_TOP/workloads
[ -d "$DAXBENCH_TOP/build" ] && export PATH=$DAXBENCH_TOP/build:$PATH
t0=$EPOCHREALTIME
say "target dev: $dev, fs $fslist, dax $daxlist, jobs ${jobs[*]}, runs $runs${size:+, size $size}"
set -m
"$DAXBENCH_TARGETS/run-combos.sh" --target dev --dev "$dev" --mnt "$W/mnt" \
    --out "$out" --fs "$fslist" --dax "$daxnums" --jobs "$W/jobs" "${jobargs[@]}" </dev/null &
child=$!
set +m
rc=0
wait "$child" || rc=$?
child=
merge_results "$out"
print_results "$out"
verdict=0
combos_verdict "$out" || verdict=$?
{
    echo "target: dev"; echo "device: $dev"; echo "kernel: $kernel"
    echo "cpu: $DAXBENCH_CPU"; echo "git: $DAXBENCH_GIT"
    echo "fs: $fslist  dax: $daxlist  jobs: ${jobs[*]}  runs: $runs  quick: $quick"
    echo "elapsed_s: $(elapsed_since "$t0")"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "took $(elapsed_since "$t0") s; results in $out"
[ $rc -ne 0 ] && [ $verdict -eq 0 ] && verdict=$rc
exit $verdict
