#!/usr/bin/env bash
# mount.sh - the "mount:DIR" real target: the user's own mounted filesystem
# (a DAX mount on real or emulated pmem, or any XFS/ext4 mount).  Nothing is
# formatted, mounted or unmounted; the jobs run in a folder of their own,
# DIR/daxbench.<pid>/, which is removed at the end (also on Ctrl-C).
# Nothing outside that folder is written.  The crash test (FS_IOC_SHUTDOWN)
# never runs here: the filesystem is not ours to shut down.
#
# Run `suite/targets/mount.sh --help` for the options.
set -euo pipefail
DAXBENCH_TARGETS=$(cd "$(dirname "$0")" && pwd)
DAXBENCH_TOP=$(cd "$DAXBENCH_TARGETS/../.." && pwd)
export DAXBENCH_TARGETS DAXBENCH_TOP
DAXBENCH_TOOL=mount
# shellcheck source=lib/common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"
# shellcheck source=lib/host.sh
. "$DAXBENCH_TARGETS/lib/host.sh"
# shellcheck source=lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"

usage() {
    cat <<EOF
usage: suite/targets/mount.sh --dir DIR [options]

Runs jobs in DIR/daxbench.<pid>/ on the filesystem mounted at or above DIR,
as it is mounted.  ndctl list shows the pmem behind it when ndctl exists.

  --dir DIR          the folder on the mount to use (required)
  --dax on|off|auto  on: refuse DIR unless it is a DAX mount (/proc/mounts
                     and STATX_ATTR_DAX); off: refuse a DAX mount; auto
                     (default): use it as it is and say which
  --quick            64 MiB writes, 1 run (smoke test)
  --job LIST         jobs (default chinner-2016)
  --runs N, --size SIZE, --tools LIST   as for the other targets
  --out DIR          results folder (default results/<date>-<host>-mount)
  -h, --help         this text

Exit status: 0 passed, 1 failed or refused, 2 bad usage, 77 cannot run here.
EOF
}

dir= want=auto quick=0 joblist=chinner-2016 runs= size= tools=xfs_io out=
while [ $# -gt 0 ]; do
    case $1 in
    --dir)   dir=$2; shift 2 ;;
    --dax)   want=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --job)   joblist=$2; shift 2 ;;
    --runs)  runs=$2; shift 2 ;;
    --size)  size=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --out)   out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mount: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$dir" ] || { echo "mount: --dir DIR is required (see --help)" >&2; exit 2; }
case $want in on|1) want=1 ;; off|0) want=0 ;; auto) ;; *) echo "mount: --dax takes on, off or auto, not '$want'" >&2; exit 2 ;; esac
[ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "mount: --runs wants a positive number, not '$runs'" >&2; exit 2; }
[ -z "$size" ] || to_bytes "$size" >/dev/null || exit 2
[ -d "$dir" ] || die "--dir $dir: no such directory"
dir=$(cd "$dir" && pwd -P)
[ -w "$dir" ] || die "--dir $dir: not writable by $(id -un)"
need_tools xfs_io:xfsprogs

line=$(mount_line_of "$dir") || die "--dir $dir: no mount found for it in /proc/mounts"
read -r src mnt fs opts _ <<<"$line"
say "$dir is on $mnt: $fs from $src ($opts)"
case $fs in xfs|ext4) ;; *) say "note: $fs is neither XFS nor ext4; the jobs run, but the suite is made for those two" ;; esac

# What pmem it is: ndctl list, when there is ndctl.
if command -v ndctl >/dev/null; then
    say "ndctl list -N (namespaces):"
    ndctl list -N 2>&1 | sed 's/^/    /' >&2 || true
else
    say "ndctl is not installed (Debian package ndctl): cannot show the namespace behind $src"
fi

# DAX, proven as for every target: /proc/mounts and STATX_ATTR_DAX.
probe=$dir/.daxbench-dax-probe.$$
xfs_io -f -c 'pwrite -q 0 4k' -c fsync "$probe" >/dev/null 2>&1 || die "cannot write a probe file in $dir"
bit=$(statx_dax "$probe"); rm -f "$probe"
mdax=0; case ",$opts," in *,dax,*|*,dax=always,*) mdax=1 ;; esac
say "DAX: /proc/mounts option $([ $mdax = 1 ] && echo present || echo absent), STATX_ATTR_DAX=$bit on a new file in $dir"
isdax=$([ "$bit" = 1 ] && echo 1 || echo 0)
if [ "$want" = 1 ] && [ "$isdax" != 1 ]; then
    echo "mount: refusing $dir: DAX was asked for (--dax on) but it is not a DAX mount (option $([ $mdax = 1 ] && echo present || echo absent), STATX_ATTR_DAX=$bit)" >&2
    exit 1
fi
if [ "$want" = 0 ] && [ "$isdax" = 1 ]; then
    echo "mount: refusing $dir: --dax off, but files there are DAX (STATX_ATTR_DAX=1)" >&2
    exit 1
fi
[ "$want" = auto ] && want=$isdax

out=${out:-$(default_results_dir mount)}
mkdir -p "$out" || die "cannot create the results folder $out"
out=$(cd "$out" && pwd)
[ -z "$(ls -A "$out")" ] || die "results folder $out is not empty"

W=$dir/daxbench.$$
S=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-mount.XXXXXX")
mkdir "$W" || die "cannot create $W"
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
    # only what this run made: its own folder under DIR and its staging folder
    [[ $W == "$dir/daxbench.$$" ]] && rm -rf -- "$W"
    rm -rf -- "$S"
    exit $rc
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM
trap 'exit 129' HUP

# shellcheck disable=SC2046  # one word per job
mapfile -t jobs < <(stage_jobs "$S/jobs" $(split_list "$joblist"))
jobargs=()
for j in "${jobs[@]}"; do jobargs+=(--job "$j"); done
if [ $quick = 1 ]; then runs=${runs:-1}; size=${size:-64m}; else runs=${runs:-3}; fi
kernel=$(uname -r)
export_provenance
export QUICK=$quick RUNS=$runs TOOLS=$tools KERNEL=$kernel ACCEL=host OWN_FS=0
export NOTES="the user's mount $mnt ($fs from $src)"
[ -n "$size" ] && export SIZE=$size
[ -d "$DAXBENCH_TOP/workloads" ] && export WORKLOADS=$DAXBENCH_TOP/workloads
[ -d "$DAXBENCH_TOP/build" ] && export PATH=$DAXBENCH_TOP/build:$PATH
t0=$EPOCHREALTIME
say "target mount: $W on $mnt ($fs, DAX=$want), jobs ${jobs[*]}, runs $runs${size:+, size $size}"
set -m
"$DAXBENCH_TARGETS/run-combos.sh" --existing --target mount --dev "$src" --mnt "$W" \
    --out "$out" --fs "$fs" --dax "$want" --jobs "$S/jobs" "${jobargs[@]}" </dev/null &
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
    echo "target: mount"; echo "dir: $dir"; echo "mount: $line"; echo "kernel: $kernel"
    echo "cpu: $DAXBENCH_CPU"; echo "git: $DAXBENCH_GIT"; echo "dax: $want"
    echo "elapsed_s: $(elapsed_since "$t0")"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "took $(elapsed_since "$t0") s; results in $out"
[ $rc -ne 0 ] && [ $verdict -eq 0 ] && verdict=$rc
exit $verdict
