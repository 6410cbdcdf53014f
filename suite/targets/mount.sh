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
DAXBENCH_TOOL=mount
# shellcheck source=lib/target-entry.sh
. "$(dirname "$0")/lib/target-entry.sh"

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
    n=0; common_opt "$@" || n=$?
    [ $n -gt 0 ] && { shift $n; continue; }
    case $1 in
    --dir)   need_value "$@"; dir=$2; shift 2 ;;
    --dax)   need_value "$@"; want=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mount: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$dir" ] || { echo "mount: --dir DIR is required (see --help)" >&2; exit 2; }
case $want in on|1) want=1 ;; off|0) want=0 ;; auto) ;; *) echo "mount: --dax takes on, off or auto, not '$want'" >&2; exit 2 ;; esac
check_common_opts
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
    exit 2
fi
if [ "$want" = 0 ] && [ "$isdax" = 1 ]; then
    echo "mount: refusing $dir: --dax off, but files there are DAX (STATX_ATTR_DAX=1)" >&2
    exit 2
fi
[ "$want" = auto ] && want=$isdax

out=$(new_results_dir "$out" mount) || exit 1

W=$dir/daxbench.$$
S=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-mount.XXXXXX")
mkdir "$W" || die "cannot create $W"
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_runner
    # only what this run made: its own folder under DIR and its staging folder
    [[ $W == "$dir/daxbench.$$" ]] && rm -rf -- "$W"
    rm -rf -- "$S"
    exit $rc
}
signal_traps

stage_job_args "$S/jobs" "$joblist"
host_job_env "the user's mount $mnt ($fs from $src)"
export OWN_FS=0
t0=$EPOCHREALTIME
say "target mount: $W on $mnt ($fs, DAX=$want), jobs ${JOBS[*]}, runs $runs${size:+, size $size}"
run_jobs "$out" "$DAXBENCH_TARGETS/run-combos.sh" --existing --target mount --dev "$src" --mnt "$W" \
    --out "$out" --fs "$fs" --dax "$want" --jobs "$S/jobs" "${JOBARGS[@]}"
{
    echo "target: mount"; echo "dir: $dir"; echo "mount: $line"; echo "kernel: $KERNEL"
    echo "cpu: $DAXBENCH_CPU"; echo "git: $DAXBENCH_GIT"; echo "dax: $want"
    echo "elapsed_s: $(elapsed_since "$t0")"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "took $(elapsed_since "$t0") s; results in $out"
[ $RC -ne 0 ] && [ $VERDICT -eq 0 ] && VERDICT=$RC
exit $VERDICT
