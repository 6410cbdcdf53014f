#!/usr/bin/env bash
# mutants.sh - the real-kernel bug profiles: does each conformance check
# catch its historic mistake when that mistake is put back into real
# kernel code?  One patch per mutant in workloads/kernel-mutants/.
#
#   suite/vm/mutants.sh [--runs R] [--seconds S] [--only LIST] [--out DIR]
#                       [--accel A] [--build-only] [--fixes]
#
# 1. Debian's linux-source-6.1 (installed with apt when missing) is
#    unpacked once into $DAXBENCH_CACHE/kbuild/ and configured with
#    `make tinyconfig` + workloads/kernel/daxbench.config (merge_config.sh):
#    everything built in, no modules.
# 2. The control: the tree as it is, built once and cached (bzImage).
# 3. Each mutant: its patch is applied, the tree rebuilt incrementally
#    (only what the patch touches), the image kept, the patch reversed.
#    A patch that no longer applies is named with its file and hunk.
# 4. Each image boots in the vm target (suite/vm/vm.sh --kernel) and runs
#    its check R times (CONFORMANCE_REPEAT) for S seconds each; the control
#    runs every mutant's check R times and must pass them all.
# 5. The table: mutant, check, detected/runs, time to first detection
#    (check seconds summed up to it), build and boot+run times.  A mutant
#    detected in fewer than 9 of 10 (ceil(0.9 R)) runs FAILs; one whose
#    header says a VM cannot reveal it is a SKIP with that reason, never
#    counted as detected.
#
# --fixes also builds each patch of workloads/kernel/fixes/ (a candidate fix
# of a known failure, with the same headers) on the clean tree, and runs
# its check R times: it must pass them all, where the control may not.
#
# Interrupted (Ctrl-C, TERM): the patch being built is reversed, and the
# build is marked incomplete (.daxbench-building) so the next run rebuilds
# before trusting an image; vm.sh removes its own guest and images.
# Ends with "N passed, N failed, N skipped"; exit 0/1/77, 2 for bad usage.
set -euo pipefail
DAXBENCH_TOOL=mutants
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/suite/targets/lib/common.sh"
. "$top/suite/targets/lib/host.sh"
CACHE=${DAXBENCH_CACHE:-/var/tmp/daxbench}
KB=$CACHE/kbuild
# DAXBENCH_MUTANTS, DAXBENCH_KSRC_TAR: other mutants and source tarball
# (tests/cli/mutants_interrupt.sh runs a fake tree through the driver)
MUT=${DAXBENCH_MUTANTS:-$top/workloads/kernel-mutants}
FRAGMENT=$top/workloads/kernel/daxbench.config
SRC_TAR=${DAXBENCH_KSRC_TAR:-/usr/src/linux-source-6.1.tar.xz}

runs=10 secs=20 only= out= accel=tcg build_only=0 fixes=0
FIXES=$top/workloads/kernel/fixes
usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }
bad() { echo "mutants: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
    --runs)    [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || bad "--runs wants a positive number"; runs=$2; shift 2 ;;
    --seconds) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || bad "--seconds wants a positive number"; secs=$2; shift 2 ;;
    --only)    [ -n "${2:-}" ] || bad "--only wants mutant names"; only=$2; shift 2 ;;
    --out)     [ -n "${2:-}" ] || bad "--out wants a folder"; out=$2; shift 2 ;;
    --accel)   case ${2:-} in auto|kvm|tcg) accel=$2 ;; *) bad "--accel takes auto, kvm or tcg" ;; esac; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --fixes)   fixes=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1' (see --help)" ;;
    esac
done

# The mutants: name, then the header fields.  pfile NAME: its patch.
hdr() { sed -n "s/^# $2: //p" "$1" | head -n 1; }
pfile() { if [ -f "$MUT/$1.patch" ]; then echo "$MUT/$1.patch"; else echo "$FIXES/$1.patch"; fi; }
mutants=()
for p in "$MUT"/*.patch; do
    n=$(basename "$p" .patch)
    [ -z "$only" ] || in_list "$n" "${only//,/ }" || continue
    [ -n "$(hdr "$p" Check)" ] || bad "$p has no '# Check:' header"
    mutants+=("$n")
done
if [ -n "$only" ]; then
    for n in ${only//,/ }; do [ -f "$MUT/$n.patch" ] || bad "unknown mutant '$n' (valid: $(cd "$MUT" && ls *.patch | sed 's/\.patch$//' | tr '\n' ' '))"; done
fi
[ ${#mutants[@]} -gt 0 ] || bad "no mutant in $MUT"
fixlist=()
if [ $fixes = 1 ]; then
    for p in "$FIXES"/*.patch; do [ -f "$p" ] && fixlist+=("$(basename "$p" .patch)"); done
fi
need_root "the kernel mutants" "apt-get install (kernel source, build tools) and the vm target"

# --- the tree -------------------------------------------------------------------
mkdir -p "$KB/images"
if [ ! -f "$SRC_TAR" ]; then
    say "installing linux-source-6.1 and the kernel build tools"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q linux-source-6.1 >/dev/null 2>&1 ||
        die_skip "apt-get install linux-source-6.1 failed"
fi
for t in flex:flex bison:bison bc:bc make:make gcc:gcc; do
    command -v "${t%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${t#*:}" libelf-dev libssl-dev >/dev/null 2>&1 ||
        die_skip "cannot install ${t#*:} (needed to build the kernel)"
done
T=$KB/linux-source-6.1
if [ ! -f "$T/.daxbench-unpacked" ]; then
    say "unpacking $SRC_TAR into $KB (once)"
    rm -rf "$T"
    tar -C "$KB" -xf "$SRC_TAR"
    touch "$T/.daxbench-unpacked"
fi

applied=
restore() {   # reverse the patches an interrupted build left applied (last first)
    local n
    [ -s "$T/.daxbench-applied" ] || { rm -f "$T/.daxbench-applied"; return 0; }
    for n in $(tac "$T/.daxbench-applied"); do
        if patch -d "$T" -p1 -R -s --dry-run < "$(pfile "$n")" >/dev/null 2>&1; then
            patch -d "$T" -p1 -R -s < "$(pfile "$n")" >/dev/null
            say "reversed $n, left applied by an interrupted run"
        else
            die "$T has $n applied and it does not reverse cleanly: unpack the tree again (rm $T/.daxbench-unpacked)"
        fi
    done
    rm -f "$T/.daxbench-applied"
}
on_exit() { local rc=$?; trap - EXIT INT TERM HUP; [ -z "$applied" ] || restore; exit $rc; }
trap on_exit EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM
trap 'exit 129' HUP
restore

fsum=$(sha256sum "$FRAGMENT" | cut -c1-16)
if [ "$(cat "$T/.daxbench-config" 2>/dev/null)" != "$fsum" ]; then
    say "configuring: tinyconfig + $(basename "$FRAGMENT")"
    (cd "$T" && make -s tinyconfig >/dev/null && scripts/kconfig/merge_config.sh -m .config "$FRAGMENT" >/dev/null &&
        make -s olddefconfig >/dev/null) || die "configuring the kernel failed"
    echo "$fsum" > "$T/.daxbench-config"
    rm -f "$KB/images/"*.bzImage
fi

# build NAME: make bzImage, keep it as images/NAME.bzImage; sets BUILD_S
build() {
    local name=$1 t0 log=$KB/build-$1.log
    touch "$T/.daxbench-building"
    t0=$EPOCHREALTIME
    if ! make -C "$T" -j"$(nproc)" bzImage >"$log" 2>&1; then
        die "building $name failed: $(grep -m1 -E 'error|Error' "$log" || tail -n 1 "$log") (log: $log)"
    fi
    BUILD_S=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    cp "$T/arch/x86/boot/bzImage" "$KB/images/$name.bzImage"
    rm -f "$T/.daxbench-building"
}
declare -A build_s
if [ ! -f "$KB/images/control.bzImage" ] || [ -f "$T/.daxbench-building" ]; then
    say "building the control kernel (the first build takes minutes)"
    build control
    build_s[control]=$BUILD_S
    say "control built in $BUILD_S s"
else
    build_s[control]=cached
fi
# A mutant whose check the control cannot pass (a known failure of the
# kernel) names the fix it goes on top of ("# On top of: FIX", a patch in
# workloads/kernel/fixes/): its detection is then measured against a
# baseline that passes, not against a hang.
for n in "${mutants[@]}" "${fixlist[@]}"; do
    p=$(pfile "$n")
    base=$(hdr "$p" 'On top of')
    stack=()
    if [ -n "$base" ]; then
        [ -f "$FIXES/$base.patch" ] || die "mutant $n: '# On top of: $base': no $FIXES/$base.patch"
        stack=("$base")
    fi
    stack+=("$n")
    # cached: built after its patches and after the tree was configured
    fresh=1
    for m in "${stack[@]}"; do [ "$KB/images/$n.bzImage" -nt "$(pfile "$m")" ] || fresh=0; done
    if [ -f "$KB/images/$n.bzImage" ] && [ $fresh = 1 ] && [ "$KB/images/$n.bzImage" -nt "$T/.daxbench-config" ]; then
        build_s[$n]=cached; continue
    fi
    : > "$T/.daxbench-applied"; applied=$n
    for m in "${stack[@]}"; do
        if ! msg=$(patch -d "$T" -p1 --dry-run < "$(pfile "$m")" 2>&1); then
            die "$m no longer applies: $(grep -m1 -E 'FAILED|can.t find file|malformed' <<<"$msg" || echo "$msg" | head -n 1) ($(pfile "$m"), file $(sed -n 's/^+++ b\///p' "$(pfile "$m")" | head -n 1))"
        fi
        patch -d "$T" -p1 -s < "$(pfile "$m")" >/dev/null
        echo "$m" >> "$T/.daxbench-applied"
    done
    build "$n"
    build_s[$n]=$BUILD_S
    restore >/dev/null 2>&1; applied=
    say "$n built in $BUILD_S s (incremental)$([ -n "$base" ] && echo ", on top of $base")"
done
if [ $build_only = 1 ]; then
    for n in control "${mutants[@]}" "${fixlist[@]}"; do echo "built: $n ${build_s[$n]} s -> $KB/images/$n.bzImage"; done
    echo "$((${#mutants[@]} + ${#fixlist[@]} + 1)) passed, 0 failed, 0 skipped"; exit 0
fi

# --- boot and run ----------------------------------------------------------------
[ -n "$out" ] || out=$top/results/$(date -u +%Y%m%d-%H%M%S)-mutants
mkdir -p "$out"
[ -z "$(ls -A "$out")" ] || bad "results folder $out is not empty"
table=$out/mutants.csv
echo "mutant,check,fs,dax,revealable,detected,runs,first_detection_s,build_s,boot_run_s,verdict,reason" > "$table"
P=0 F=0 S=0
# boot NAME CHECKS FS DAX: vm.sh with the image; sets RUN_DIR, BOOT_S, RC
boot() {
    local name=$1 checks=$2 fs=$3 dax=$4 image=${5:-$1} t0
    RUN_DIR=$out/$name
    t0=$EPOCHREALTIME
    RC=0
    # the rows' implementation names the patched kernel (a control has
    # none); the known-failures list applies to unpatched kernels only
    local patched= base=
    case $image in
    control*) ;;
    *) base=$(hdr "$(pfile "$image")" 'On top of' 2>/dev/null || true)
       patched=$image${base:+ on $base} ;;
    esac
    CONFORMANCE_PATCHED=$patched CONFORMANCE_CHECKS=$checks CONFORMANCE_SECONDS=$secs CONFORMANCE_REPEAT=$runs \
        "$here/vm.sh" --kernel "$KB/images/$image.bzImage" --kernel-config "$T/.config" \
        --job conformance --fs "$fs" --dax "$dax" --quick --accel "$accel" \
        --timeout $((600 + runs * secs * 4 * $(wc -w <<<"${checks//,/ }"))) \
        --out "$RUN_DIR" >"$out/$name.log" 2>&1 || RC=$?
    BOOT_S=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
}
# cols COLUMN...: those columns of the run's conformance rows (the
# conformance schema, suite/common/verdict.h), tab-separated
cols() { local IFS=,; awk -f "$here/../common/csv.awk" -f "$here/../common/csv-cols.awk" -v cols="$*" \
    "$RUN_DIR/conformance.csv" 2>/dev/null; }
# rows CHECK: outcome and seconds of each real row of CHECK, in run order
rows() { cols check variant outcome seconds | awk -F'\t' -v c="$1" '$1 == c && $2 == "real" { print $3, $4 }'; }
# signature CHECK: what the first failing row of CHECK saw (its "first:"
# detail, a watchdog's "stuck in", or its first clause)
signature() { cols check variant outcome reason | awk -F'\t' -v c="$1" '$1 == c && $2 == "real" && ($3 == "fail" || $3 == "known") { print $4; exit }' |
    grep -o -m1 -E 'first: .*|stuck in [^;(]{1,80}|[0-9]+ of [0-9]+ files lost[^;]{0,60}' | head -n 1 |
    sed -E 's/; [0-9]+ (by|truncates|files|iterations|O_DIRECT|missing).*//; s/; (fs|ops|set-up|unsynced|intact)[ :].*//' | cut -c1-170 | tr ',' ' '; }
# the write-durable row stands for the durable check's data written by write()
check_row() { case $1 in durable) echo write-durable ;; *) echo "$1" ;; esac; }

# The controls: the unpatched image, once per filesystem the mutants use,
# running the checks of that filesystem's mutants.
declare -A checks_fs=()
fss=
for n in "${mutants[@]}"; do
    c=$(hdr "$MUT/$n.patch" Check) f=$(hdr "$MUT/$n.patch" Filesystem); f=${f:-xfs}
    in_list "$f" "$fss" || fss+=" $f"
    cur=${checks_fs[$f]:-}
    in_list "$c" "$cur" || checks_fs[$f]=${cur:+$cur,}$c
done
# The control must pass every run; a check it fails only as a known failure
# of this kernel (workloads/conformance/known-failures: the rows say
# outcome=known) is "known" - counted as skipped, with the reason - and that
# check's mutants go on top of a fix (# On top of:) whose image must pass.
known_rows() { cols check variant outcome | awk -F'\t' -v c="$1" '$1 == c && $2 == "real" && $3 == "known" { n++ }
    END { print n + 0 }'; }
for f in $fss; do
    cname=control; [ "$f" = xfs ] || cname=control-$f
    say "$cname: ${checks_fs[$f]} on $f, $runs runs each"
    boot "$cname" "${checks_fs[$f]}" "$f" on control
    for c in ${checks_fs[$f]//,/ }; do
        npass=0 nrun=0
        while read -r st _; do nrun=$((nrun + 1)); [ "$st" = pass ] && npass=$((npass + 1)); done < <(rows "$(check_row "$c")")
        nknown=$(known_rows "$(check_row "$c")")
        if [ "$nrun" -eq "$runs" ] && [ "$npass" -eq "$runs" ]; then
            v=pass; P=$((P + 1)); why="control: $npass of $nrun passed"
        elif [ "$nrun" -eq "$runs" ] && [ $((npass + nknown)) -eq "$runs" ]; then
            v=known; S=$((S + 1)); why="control: $npass of $nrun passed; the other $nknown are a known failure of this kernel (workloads/conformance/known-failures); this check's mutants go on top of a fix"
        else
            v=fail; F=$((F + 1)); why="control: $npass of $nrun passed (must be all $runs)"
        fi
        echo "control,$c,$f,1,yes,$((nrun - npass)),$nrun,,${build_s[control]},$BOOT_S,$v,\"$why\"" >> "$table"
        echo "$(case $v in pass) echo PASS ;; known) echo SKIP ;; *) echo FAIL ;; esac) mutants/$cname-$c: $why (vm.sh status $RC)"
    done
done
for n in "${mutants[@]}"; do
    p=$MUT/$n.patch
    c=$(hdr "$p" Check) fs=$(hdr "$p" Filesystem) dax=$(hdr "$p" DAX)
    rev=$(hdr "$p" 'Revealable under TCG')
    boot "$n" "$c" "${fs:-xfs}" "${dax:-on}"
    det=0 nrun=0 first= tsum=0
    while read -r st sec; do
        nrun=$((nrun + 1)); tsum=$(awk -v a="$tsum" -v b="${sec:-0}" 'BEGIN { print a + b }')
        # a failure the known-failures list names for the plain kernel is
        # still this (fixed + mutated) kernel failing: detected
        if [ "$st" = fail ] || [ "$st" = known ]; then det=$((det + 1)); [ -n "$first" ] || first=$tsum; fi
    done < <(rows "$(check_row "$c")")
    need=$(( (runs * 9 + 9) / 10 ))
    case $rev in
    no*) v=skip; S=$((S + 1)); why="not revealable here: ${rev#no - }" ;;
    *)   if [ "$nrun" -lt "$runs" ]; then v=fail; F=$((F + 1)); why="only $nrun of $runs runs reported (vm.sh status $RC; see $n.log)"
         elif [ "$det" -ge "$need" ]; then v=pass; P=$((P + 1)); why="detected in $det of $nrun runs (at least $need): $(signature "$(check_row "$c")")"
         else v=fail; F=$((F + 1)); why="detected in $det of $nrun runs only (at least $need needed)"; fi ;;
    esac
    echo "$n,$c,${fs:-xfs},$([ "${dax:-on}" = on ] && echo 1 || echo 0),${rev%% *},$det,$nrun,$first,${build_s[$n]},$BOOT_S,$v,\"$why\"" >> "$table"
    echo "$(tr a-z A-Z <<<"$v") mutants/$n: $c: $why; first detection after ${first:--} s of check time; build ${build_s[$n]} s, boot+runs $BOOT_S s"
done
for n in "${fixlist[@]}"; do
    p=$(pfile "$n")
    c=$(hdr "$p" Check) fs=$(hdr "$p" Filesystem) dax=$(hdr "$p" DAX)
    boot "$n" "$c" "${fs:-xfs}" "${dax:-on}"
    npass=0 nrun=0
    while read -r st _; do nrun=$((nrun + 1)); [ "$st" = pass ] && npass=$((npass + 1)); done < <(rows "$(check_row "$c")")
    if [ "$nrun" -eq "$runs" ] && [ "$npass" -eq "$runs" ]; then v=pass; P=$((P + 1)); else v=fail; F=$((F + 1)); fi
    echo "fix:$n,$c,${fs:-xfs},1,yes,$((nrun - npass)),$nrun,,${build_s[$n]},$BOOT_S,$v,\"a candidate fix: $npass of $nrun passed (must be all $runs)\"" >> "$table"
    echo "$(tr a-z A-Z <<<"$v") mutants/fix-$n: $c: $npass of $nrun runs passed (vm.sh status $RC)"
done
{
    echo "| mutant | check | failed / runs | check time to the first failure (s) | build (s) | boot + runs (s) | verdict | what it saw |"
    echo "|---|---|---|---|---|---|---|---|"
    # by column name (suite/common/csv-cols.awk: the reason may hold commas)
    awk -f "$top/suite/common/csv.awk" -f "$top/suite/common/csv-cols.awk" \
        -v cols=mutant,check,fs,detected,runs,first_detection_s,build_s,boot_run_s,verdict,reason "$table" |
    awk -F'\t' '{ r = $10; gsub(/\|/, "\\|", r)
        printf "| %s | %s | %s / %s | %s | %s | %s | %s | %s |\n", ($1 == "control" ? "control (" $3 ")" : $1), $2, $4, $5, ($6 == "" ? "-" : $6), $7, $8, $9, r }' 
} > "$out/mutants.md"
cat "$out/mutants.md"
echo "table: $table"
echo "$P passed, $F failed, $S skipped"
[ $F -gt 0 ] && exit 1
[ $P -eq 0 ] && exit 77
exit 0
