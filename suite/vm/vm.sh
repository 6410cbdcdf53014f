#!/usr/bin/env bash
# vm.sh - the "vm" real target: DAX for real, in a QEMU guest that runs
# Debian's own kernel with an emulated NVDIMM.  Run `suite/vm/vm.sh --help`.
#
# Steps (each a script of its own in suite/vm/):
#   install-packages.sh  QEMU, busybox-static, xfsprogs, e2fsprogs, ndctl...
#   fetch-kernel.sh      Debian's kernel .deb -> the cache, unpacked, depmod'd
#   build-initramfs.sh   the guest root, rebuilt only when an input changed
#   this script          picks KVM or TCG, ships the jobs on a transfer disk,
#                        boots, brings the results back, scans the kernel log
#   guest/init, guest/guest-main.sh   what runs in the guest
#
# How results come back: a small raw "transfer disk" (virtio-blk, a sparse
# file in the run folder).  The host writes a tar archive of the jobs and
# their configuration on it; the guest reads it, runs, and writes a tar
# archive of its /out over it; the host untars it after QEMU exits.  The
# serial console carries only the human-readable log (saved as
# console.log): kernel messages can interleave with anything printed there,
# so it is no channel for files.  The disk is binary-safe, needs no
# filesystem, no network and no 9p, and the jobs can change without
# rebuilding the initramfs.
#
# Cleanup contract:
#  - The 4 GiB NVDIMM backing file is /dev/shm/daxbench-vm.<pid>/pmem.img.
#    It is unlinked as soon as QEMU has mapped it (QEMU keeps the memory
#    until it exits), so it is never left in /dev/shm, whatever happens
#    after that.  The trap (EXIT INT TERM HUP) kills the QEMU this script
#    started and removes the folder; a watchdog process does the same if
#    this script is killed with SIGKILL; the next run removes folders of
#    runs that no longer exist (and their QEMU, identified by its pid file
#    and command line), and touches nothing else.
#  - The run folder (console.log, transfer disk) under the cache is removed
#    at the end unless --keep.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DAXBENCH_TOP=$(cd "$here/../.." && pwd)
DAXBENCH_TARGETS=$DAXBENCH_TOP/suite/targets
export DAXBENCH_TOP DAXBENCH_TARGETS
DAXBENCH_TOOL=vm
. "$DAXBENCH_TARGETS/lib/common.sh"
. "$DAXBENCH_TARGETS/lib/host.sh"

CACHE=${DAXBENCH_CACHE:-/var/tmp/daxbench}
PMEM_SIZE=4G GUEST_MEM=3G SMP=2 XFER_SIZE=256M

usage() {
    cat <<EOF
usage: suite/vm/vm.sh [options]

Boots Debian's kernel in QEMU with an emulated NVDIMM and runs jobs on XFS
and ext4 made on it, mounted with DAX and without.  Downloads and builds
what it needs into \$DAXBENCH_CACHE (default /var/tmp/daxbench).

  --quick            64 MiB writes, 1 run (smoke test)
  --fs LIST          filesystems: xfs,ext4 (default both)
  --dax LIST         on,off (default both): mount with DAX, without, or both
  --job LIST         jobs: names in suite/targets/jobs/ or paths to .sh
                     files (default chinner-2016)
  --runs N           runs per scenario (default 3, quick 1)
  --size SIZE        write size of the scenarios (default 1g, quick 64m)
  --tools LIST       xfs_io-compatible tools to run (default xfs_io)
  --out DIR          results folder (default results/<date>-<host>-vm)
  --accel A          auto (default), kvm or tcg.  auto boots a probe with
                     KVM once and caches whether it works here
  --timeout SEC      give up on the guest after SEC s (default 600, full 3600)
  --kernel-pkg PKG   Debian kernel package (default: linux-image-amd64's)
  --kernel PATH      boot a kernel you built: a bzImage, or a built tree
                     (its arch/x86/boot/bzImage, .config and modules).  Its
                     config is checked against workloads/kernel/daxbench.config
                     first; every missing option is named
  --kernel-config F  the config of a --kernel bzImage (default: config-<rel>
                     or .config beside it, else the one embedded, IKCONFIG)
  --no-fio           leave fio out of the guest
  --shell            set up the guest, then give an interactive shell on
                     this terminal (Ctrl-A X quits QEMU)
  --keep             keep the run folder (console.log, transfer disk)
  --verbose          show the kernel's console lines too
  --inject LIST      self-tests that must make the run fail: nodax (mount
                     without DAX although DAX is asked for), kmsg-warning
                     (log a WARNING: line in the guest kernel log)
  --clean            remove what killed runs left behind and the run
                     folders kept with --keep, then exit
  -h, --help         this text

Exit status: 0 passed, 1 failed, 2 bad usage, 77 cannot run here (not
root, packages not installable, no kernel, not enough memory in /dev/shm).
EOF
}

quick=0 fslist=xfs,ext4 daxlist=on,off joblist=chinner-2016 runs= size= tools=xfs_io
out= accel=auto timeout= kpkg= shell=0 keep=0 verbose=0 inject= clean_only=0 klocal= kconfig=
bad_early() { echo "vm: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --quick)   quick=1; shift ;;
    --fs)      fslist=$2; shift 2 ;;
    --dax)     daxlist=$2; shift 2 ;;
    --job)     joblist=$2; shift 2 ;;
    --runs)    runs=$2; shift 2 ;;
    --size)    size=$2; shift 2 ;;
    --tools)   tools=$2; shift 2 ;;
    --out)     out=$2; shift 2 ;;
    --accel)   accel=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --kernel-pkg) kpkg=$2; shift 2 ;;
    --kernel)  [ $# -ge 2 ] || bad_early "--kernel needs a path"; klocal=$2; shift 2 ;;
    --kernel-config) [ $# -ge 2 ] || bad_early "--kernel-config needs a file"; kconfig=$2; shift 2 ;;
    --no-fio)  export DAXBENCH_NO_FIO=1; shift ;;
    --shell)   shell=1; shift ;;
    --keep)    keep=1; shift ;;
    --verbose) verbose=1; shift ;;
    --inject)  inject=$2; shift 2 ;;
    --clean)   clean_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "vm: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
bad() { echo "vm: $*" >&2; exit 2; }
for f in $(split_list "$fslist"); do
    case $f in xfs|ext4) ;; *) bad "unknown filesystem '$f' (xfs, ext4)" ;; esac
done
daxnums=
for d in $(split_list "$daxlist"); do
    case $d in on|1) daxnums+=${daxnums:+,}1 ;; off|0) daxnums+=${daxnums:+,}0 ;;
    *) bad "--dax takes on and/or off, not '$d'" ;; esac
done
case $accel in auto|kvm|tcg) ;; *) bad "--accel takes auto, kvm or tcg, not '$accel'" ;; esac
for i in $(split_list "$inject"); do
    case $i in nodax|kmsg-warning) ;; *) bad "--inject takes nodax, kmsg-warning, not '$i'" ;; esac
done
[ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] || bad "--runs wants a positive number, not '$runs'"
[ -z "$timeout" ] || [[ $timeout =~ ^[1-9][0-9]*$ ]] || bad "--timeout wants seconds, not '$timeout'"
[ -z "$size" ] || to_bytes "$size" >/dev/null || exit 2
[ -z "$klocal" ] || [ -z "$kpkg" ] || bad "--kernel and --kernel-pkg: one kernel at a time"
[ -z "$kconfig" ] || [ -n "$klocal" ] || bad "--kernel-config goes with --kernel"
# A kernel you built: refused before anything is installed or booted when
# it is no bzImage or built tree, or its config lacks what we need.
if [ -n "$klocal" ]; then "$here/local-kernel.sh" "$klocal" --check $kconfig || exit 2; fi
if [ $quick = 1 ]; then runs=${runs:-1}; size=${size:-64m}; else runs=${runs:-3}; fi
timeout=${timeout:-$([ $quick = 1 ] && echo 600 || echo 3600)}

need_root "the vm target" "apt-get install and apt-get download"

# --- leftovers of killed runs -------------------------------------------
# Only /dev/shm/daxbench-vm.<pid> folders whose pid no longer runs vm.sh,
# and only the QEMU whose pid file is in such a folder and whose command
# line names that folder.
reap_stale() {   # reap_stale [all]: all = also run folders kept with --keep
    local d pid qpid all=${1:-}
    for d in /dev/shm/daxbench-vm.*; do
        [[ $d =~ ^/dev/shm/daxbench-vm\.([0-9]+)$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ "$pid" = $$ ] && continue
        pid_is_ours "$pid" vm.sh && continue
        if [ -f "$d/qemu.pid" ]; then
            qpid=$(cat "$d/qemu.pid")
            if pid_is_ours "$qpid" "$d/"; then
                say "stopping QEMU $qpid left running by dead run $pid"
                kill "$qpid" 2>/dev/null || true
                for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.5; done
                kill -9 "$qpid" 2>/dev/null || true
            fi
        fi
        say "removing $d, left by dead run $pid"
        rm -rf -- "$d"
    done
    for d in "$CACHE"/vm/runs/run.*; do
        [[ $d =~ /run\.([0-9]+)$ ]] || continue
        pid=${BASH_REMATCH[1]}
        [ "$pid" = $$ ] || pid_is_ours "$pid" vm.sh && continue
        [ -f "$d/keep" ] && [ "$all" != all ] && continue
        rm -rf -- "$d"
    done
}
if [ $clean_only = 1 ]; then reap_stale all; exit 0; fi
reap_stale

# --- host prerequisites --------------------------------------------------
rc=0; "$here/install-packages.sh" || rc=$?
[ $rc = 0 ] || exit $rc
need_tools qemu-system-x86_64:qemu-system-x86 cpio:cpio depmod:kmod modprobe:kmod \
    dpkg-deb:dpkg apt-get:apt flock:util-linux tar:tar
pmem_bytes=$(to_bytes $PMEM_SIZE)
need_shm "$pmem_bytes" "the NVDIMM backing file ($PMEM_SIZE)"
avail_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
want_kib=$(( ($(to_bytes $PMEM_SIZE) + $(to_bytes $GUEST_MEM)) >> 10 ))
[ "$avail_kib" -ge "$want_kib" ] || die_skip "only $((avail_kib >> 10)) MiB of memory available; the guest needs $GUEST_MEM RAM + $PMEM_SIZE NVDIMM"

t_start=$EPOCHREALTIME
mkdir -p "$CACHE/vm/kernel" "$CACHE/vm/runs"
# One builder at a time; runs may share the cache.
exec 9>"$CACHE/vm/lock"
flock 9
if [ -n "$klocal" ]; then
    rc=0; kdir=$("$here/local-kernel.sh" "$klocal" "$CACHE/vm/kernel" $kconfig) || rc=$?
else
    rc=0; kdir=$("$here/fetch-kernel.sh" "$CACHE/vm/kernel" $kpkg) || rc=$?
fi
[ $rc = 0 ] || exit $rc
rel=$(cat "$kdir/release")
initrd=$CACHE/vm/initramfs-$rel.img
[ "${DAXBENCH_NO_FIO:-0}" = 1 ] && initrd=$CACHE/vm/initramfs-$rel-nofio.img
"$here/build-initramfs.sh" "$kdir" "$initrd"
flock -u 9
t_ready=$EPOCHREALTIME
kernel_img=$kdir/boot/vmlinuz-$rel

# --- the run folder, the transfer disk, the NVDIMM file -----------------
RUN=$CACHE/vm/runs/run.$$
SHM=/dev/shm/daxbench-vm.$$
PMEM=$SHM/pmem.img
qpid= helpers=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
        kill "$qpid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.3; done
        kill -9 "$qpid" 2>/dev/null || true
    fi
    for p in "${helpers[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf -- "$SHM"
    if [ $keep = 1 ]; then touch "$RUN/keep"; say "--keep: run folder kept: $RUN"
    else rm -rf -- "$RUN"; fi
    exit $rc
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM
trap 'exit 129' HUP

mkdir -p "$RUN" "$SHM"

# --- the accelerator -------------------------------------------------------
# shellcheck disable=SC2054  # the commas are QEMU's
qemu_base=(qemu-system-x86_64 -machine pc,nvdimm=on -smp "$SMP"
           -m "$GUEST_MEM,slots=2,maxmem=16G" -nodefaults -no-reboot
           -kernel "$kernel_img" -initrd "$initrd")
accel_args() {   # -> array ACCEL_ARGS
    # shellcheck disable=SC2054
    case $1 in
    kvm) ACCEL_ARGS=(-accel kvm -cpu host) ;;
    tcg) ACCEL_ARGS=(-accel tcg,thread=multi -cpu max) ;;
    esac
}
# Boots the guest once with KVM in probe mode (no NVDIMM, no jobs): KVM
# "works" when /init prints its marker within 60 s.  On nested hosts KVM
# can stop on emulation failures while booting a stock kernel.
probe_kvm() {
    local log=$RUN/kvm-probe.log p ok=1
    accel_args kvm
    "${qemu_base[@]}" "${ACCEL_ARGS[@]}" -display none -serial "file:$log" \
        -append "console=ttyS0 panic=-1 daxbench=probe" </dev/null >"$RUN/kvm-probe.qemu" 2>&1 &
    p=$!
    helpers+=("$p")
    for _ in $(seq 1 120); do
        grep -q DAXBENCH-PROBE-OK "$log" 2>/dev/null && { ok=0; break; }
        kill -0 "$p" 2>/dev/null || break
        sleep 0.5
    done
    kill "$p" 2>/dev/null || true
    wait "$p" || true
    return $ok
}
if [ "$accel" = auto ]; then
    key=$(echo "$(uname -r) $(qemu-system-x86_64 --version | head -n 1) $rel" | sha256sum | cut -c1-16)
    if [ -f "$CACHE/vm/accel-$key" ]; then
        accel=$(cat "$CACHE/vm/accel-$key")
        say "accelerator: $accel (cached result of an earlier KVM probe)"
    elif [ ! -w /dev/kvm ]; then
        accel=tcg
        say "accelerator: tcg (no usable /dev/kvm)"
    else
        say "probing KVM (boots the guest once; the answer is cached)"
        # 2>/dev/null: bash reports QEMU's abort() on stderr when it reaps it.
        if probe_kvm 2>/dev/null; then accel=kvm; else
            accel=tcg
            say "KVM probe: $(head -n 1 "$RUN/kvm-probe.qemu" 2>/dev/null | grep . || echo "no sign of the guest's /init within 60 s")"
        fi
        echo $accel > "$CACHE/vm/accel-$key"
        say "accelerator: $accel ($([ $accel = kvm ] && echo "KVM boots the guest" || echo "KVM could not boot the guest here"))"
    fi
else
    [ "$accel" != kvm ] || [ -w /dev/kvm ] || die_skip "--accel kvm: /dev/kvm is not usable"
    say "accelerator: $accel (asked for)"
fi
notes="QEMU NVDIMM backed by /dev/shm"
[ $accel = tcg ] && notes="TCG: timings qualitative; $notes"

# --- what the guest gets -----------------------------------------------------
export_provenance
stage=$RUN/stage
mkdir -p "$stage/targets" "$stage/vm"
cp -r "$DAXBENCH_TARGETS/lib" "$DAXBENCH_TARGETS/run-combos.sh" "$stage/targets/"
cp "$here/guest/guest-main.sh" "$stage/vm/"
# shellcheck disable=SC2046  # one word per job
mapfile -t jobs < <(stage_jobs "$stage/jobs" $(split_list "$joblist"))
[ ${#jobs[@]} -gt 0 ] || die "no job to run"
[ -d "$DAXBENCH_TOP/workloads" ] && cp -r "$DAXBENCH_TOP/workloads" "$stage/"
{
    printf 'FSLIST=%q\nDAXLIST=%q\nJOBS=%q\n' "$fslist" "$daxnums" "${jobs[*]}"
    printf 'QUICK=%q\nRUNS=%q\nSIZE=%q\nTOOLS=%q\n' "$quick" "$runs" "$size" "$tools"
    printf 'ACCEL=%q\nNOTES=%q\nINJECT=%q\n' "$accel" "$notes" "$inject"
    printf 'DAXBENCH_CPU=%q\nDAXBENCH_GIT=%q\n' "$DAXBENCH_CPU" "$DAXBENCH_GIT"
    # Job settings from the environment (CONFORMANCE_*, FIO_*: see the
    # jobs) and the mkfs options (MKFS_*: lib/mount.sh).
    extra=
    for v in $(compgen -e | grep -E '^(CONFORMANCE|FIO|MKFS)_' || true); do
        printf '%s=%q\n' "$v" "${!v}"; extra+=" $v"
    done
    printf 'JOB_ENV=%q\n' "${extra# }"
} > "$stage/config.env"
date -u +%FT%TZ > "$stage/xfer-input"
truncate -s $XFER_SIZE "$RUN/xfer.img"
tar -c -f - -C "$stage" . | dd of="$RUN/xfer.img" conv=notrunc status=none

if [ -z "$out" ]; then out=$(default_results_dir vm); fi
mkdir -p "$out" || die "cannot create the results folder $out"
out=$(cd "$out" && pwd)
[ -z "$(ls -A "$out")" ] || die "results folder $out is not empty"

# --- boot -------------------------------------------------------------------
truncate -s $PMEM_SIZE "$PMEM"
mode=run; [ $shell = 1 ] && mode=shell
accel_args "$accel"
# shellcheck disable=SC2054
qemu=("${qemu_base[@]}" "${ACCEL_ARGS[@]}"
      -object "memory-backend-file,id=mem1,share=on,mem-path=$PMEM,size=$PMEM_SIZE"
      -device nvdimm,id=nv1,memdev=mem1
      -drive "file=$RUN/xfer.img,format=raw,if=virtio"
      -pidfile "$SHM/qemu.pid"
      -append "console=ttyS0 panic=-1 daxbench=$mode")

# Unlinks the NVDIMM file once QEMU has it mapped; stops QEMU and removes
# $SHM if this script disappears (SIGKILL).  Runs until QEMU is gone.
watch_qemu() {
    local q= unlinked=0
    while :; do
        [ -z "$q" ] && [ -s "$SHM/qemu.pid" ] && q=$(cat "$SHM/qemu.pid")
        if [ -n "$q" ] && [ $unlinked = 0 ] && grep -q " $PMEM\$" "/proc/$q/maps" 2>/dev/null; then
            rm -f "$PMEM"; unlinked=1
        fi
        if ! kill -0 $$ 2>/dev/null; then
            [ -n "$q" ] && kill "$q" 2>/dev/null
            rm -rf -- "$SHM"; exit 0
        fi
        [ -n "$q" ] && ! kill -0 "$q" 2>/dev/null && exit 0
        sleep 0.2
    done
}
watch_qemu &
helpers+=("$!")

say "booting $rel with $accel (${ACCEL_ARGS[*]}), NVDIMM $PMEM_SIZE on $PMEM, RAM $GUEST_MEM"
say "jobs ${jobs[*]} on fs $fslist, dax $daxlist, runs $runs${size:+, size $size}${inject:+, self-test inject $inject}"
t_boot=$EPOCHREALTIME
if [ $shell = 1 ]; then
    say "interactive guest: exit its shell to power off, or Ctrl-A X to quit QEMU"
    "${qemu[@]}" -display none -serial mon:stdio || true
    tar -x -f "$RUN/xfer.img" -C "$out" 2>/dev/null || true
    [ -f "$out/guest-status" ] && say "what the guest left in /out is in $out"
    exit 0
fi

console=$RUN/console.log
: > "$console"
"${qemu[@]}" -display none -serial "file:$console" </dev/null >"$RUN/qemu.log" 2>&1 &
qpid=$!
shown=0 timed_out=0
show_console() {
    local n
    n=$(wc -l < "$console")
    [ "$n" -gt "$shown" ] || return 0
    sed -n "$((shown + 1)),${n}p" "$console" | tr -d '\r' \
        | if [ $verbose = 1 ]; then cat; else grep -avE '^\[ *[0-9]+\.[0-9]+\] '; fi \
        | sed 's/^/guest| /' || true
    shown=$n
}
while kill -0 "$qpid" 2>/dev/null; do
    show_console
    if awk -v a="$t_boot" -v b="$EPOCHREALTIME" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
        say "the guest did not finish within $timeout s; stopping it"
        timed_out=1
        kill "$qpid" 2>/dev/null || true
        break
    fi
    sleep 0.5
done
qrc=0; wait "$qpid" || qrc=$?
qpid=
show_console
t_end=$EPOCHREALTIME

# --- results ---------------------------------------------------------------
cp "$console" "$out/console.log"
verdict=0
if [ $timed_out = 1 ]; then verdict=1; fi
if [ -s "$RUN/qemu.log" ]; then say "QEMU said:"; sed 's/^/    /' "$RUN/qemu.log" >&2; fi
tar -x -f "$RUN/xfer.img" -C "$out" 2>/dev/null || true
rm -f "$out/xfer-input"
if [ ! -f "$out/guest-status" ]; then
    say "the guest sent no results (QEMU status $qrc); the end of its console:"
    tail -n 30 "$console" | tr -d '\r' | sed 's/^/    /' >&2
    verdict=1
fi
kernel=$(cat "$out/kernel-release" 2>/dev/null || echo "$rel")

merge_results "$out"
print_results "$out"
for p in "$out"/*-*dax/dax-proof.txt; do
    [ -f "$p" ] && echo "$(basename "$(dirname "$p")"): $(grep 'verdict' "$p" | sed 's/^dax-proof: //')"
done
cv=0; combos_verdict "$out" || cv=$?
[ -f "$out/guest-status" ] && [ $cv = 77 ] && [ $verdict = 0 ] && verdict=77
[ $cv = 1 ] && verdict=1

# Kernel splats: the guest's dmesg and, if the guest died before sending
# it, the serial console (which carries every kernel line too).
if hits=$(kernel_log_hits "$out/dmesg.txt" "$out/console.log" | tr -d '\r' \
           | awk '{ t = $0; sub(/^[^:]*:[0-9]+:/, "", t) } !seen[t]++'); [ -n "$hits" ]; then
    say "the guest kernel logged BUG:/WARNING:/Oops lines - the run fails:"
    printf '%s\n' "$hits" | sed "s|^$out/||" >&2
    printf '%s\n' "$hits" > "$out/kernel-splats.txt"
    verdict=1
else
    say "guest kernel log scan (BUG:/WARNING:/Oops): clean"
fi

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
{
    echo "target: vm"
    echo "kernel: $kernel"
    echo "accel: $accel"
    echo "notes: $notes"
    echo "host: $(uname -r), $DAXBENCH_CPU, $(qemu-system-x86_64 --version | head -n 1)"
    echo "git: $DAXBENCH_GIT"
    echo "fs: $fslist  dax: $daxlist  jobs: ${jobs[*]}  runs: $runs  quick: $quick${size:+  size: $size}"
    echo "prepare_s: $(elapsed "$t_start" "$t_ready")"
    echo "guest_s: $(elapsed "$t_boot" "$t_end")"
    echo "guest_status: $(cat "$out/guest-status" 2>/dev/null || echo none)"
    echo "verdict: $verdict"
    cat "$out/combos.txt" 2>/dev/null
} > "$out/summary.txt"
say "kernel $kernel, $accel$([ $accel = tcg ] && echo " (TCG: timings qualitative)"); prepared in $(elapsed "$t_start" "$t_ready") s, guest ran $(elapsed "$t_boot" "$t_end") s"
say "results in $out"
exit $verdict
