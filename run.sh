#!/usr/bin/env bash
# run.sh - daxbench's main job.  Replays Dave Chinner's August 2016 DAX vs
# page cache tables against a target (the reference by default) in every
# copy mode, runs the copy-strategy study, and writes CSV, JSON, Markdown
# and plots to results/<date>-<host>/.  ./run.sh --help for the options.
#
# Structure: options -> results folder checked -> dependencies and build ->
# the steps in STEPS order -> summary.json, report.md, plots -> the *.part
# CSVs renamed.  A step is a function step_NAME in suite/mainjob/step_NAME.sh;
# it may write $OUT/NAME*.csv.part, $WORK/report.d/NN-NAME.md (a section of
# report.md) and $WORK/json.d/NN-NAME.json (a member of summary.json's
# "steps"), and returns non-zero when it failed.  A new step (issue 4's
# conformance run, step_conformance.sh) is one more file and one more word
# in ALL_STEPS.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MJ=$TOP/suite/mainjob
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
export BUILD
. "$MJ/lib.sh"
. "$MJ/summary.sh"

ALL_STEPS="scenarios copy conformance"
# steps that run only when --steps names them (minutes of kernel builds and VMs)
OPTIONAL_STEPS="mutants"
ALL_TARGETS="ref loop vm mount:DIR dev:DEVICE"
ALL_MODES=$(ref_modes)   # ref/modes.def
[ -n "$ALL_MODES" ] || { echo "run.sh: no copy modes in $TOP/ref/modes.def" >&2; exit 1; }
# the conformance checks, from the catalogue (workloads/conformance/
# catalogue): every check, and those a real mount runs (a stress program)
catalogue() { (. "$TOP/suite/targets/lib/common.sh"; catalogue "$1" "$TOP/workloads/conformance/catalogue"); }
ALL_CHECKS=$(catalogue check | tr '\n' ' ')
REAL_CHECKS=$(catalogue stress | cut -d' ' -f1 | tr '\n' ' ')
[ -n "$ALL_CHECKS" ] || { echo "run.sh: the conformance catalogue could not be read" >&2; exit 1; }
# ref/prefill.c's table; tests/cli/copy_rank.sh checks the two agree
ALL_PREFILLS="none old random ones"

for s in $ALL_STEPS $OPTIONAL_STEPS; do . "$MJ/step_$s.sh"; done
. "$MJ/target_ref.sh"
. "$MJ/target_real.sh"                # loop, vm, mount:DIR, dev:DEVICE
ALL_SCENARIOS=$(scn_names | tr '\n' ' ')

usage() {
    cat <<EOF
Usage: ./run.sh [OPTION]...
Replays Dave Chinner's 2016 DAX vs page cache tables (workloads/chinner-2016/)
on a target in every copy mode, prints them beside the published figures with
the ratios that carry his argument, runs the copy-strategy study (call-size
sweep of every mode and bare copy kernel with PMDK as the peer, the NT vs
cached+flush crossover, the cost to durability, thread scaling), runs the
conformance catalogue on the reference (workloads/races/: every check must
pass on the fixed kernel semantics and fail on the profile that carries its
bug) and a seeded sample of the explorer's bounded schedule and crash space
(daxrace --explore), and writes results/<date>-<host>/: CSV, JSON,
report.md and plots.

  --quick            smoke run: --size 64m --runs 1 and a short copy study
  --size SIZE        bytes each scenario writes (xfs_io syntax); default 1g
  --runs N           runs of each scenario; default 3 (the email's)
  --modes LIST       copy modes, comma-separated; default: $(echo $ALL_MODES | tr ' ' ',')
                     (pagecache is the no-DAX column, movnt the DAX one)
  --prefill PATTERN  the reference's region holds data before the first run,
                     as used pmem does, so zeroing a new block costs what it
                     costs there: $(echo $ALL_PREFILLS | tr ' ' ','); default old
                     (none: a fresh region of zeros, which NT-zeroes 2-3x faster)
  --scenarios LIST   default: $(echo $ALL_SCENARIOS | tr ' ' ',')
  --steps LIST       default: $(echo $ALL_STEPS | tr ' ' ','); also mutants: the kernel
                     mutants (suite/vm/mutants.sh; builds linux-6.1 once, boots
                     a TCG guest per mutant; about 25 minutes, --quick 8-10)
  --list-modes, --list-scenarios, --list-steps, --list-checks, --list-targets,
  --list-prefills    the names an option takes, one per line
  --compare A B      compare two results folders (scenario medians, conformance
                     outcomes, bare kernels) and run nothing; exit 1 when an
                     outcome got worse
  --checks LIST      conformance: only these checks (names of workloads/races/*.race
                     on the reference, of suite/stress/ on a real target)
  --expunge FILE     conformance: leave out the checks FILE names, one per line,
                     '#' comments (xfstests' -E); they are listed as expunged
  --explore N|all    conformance: explore N cases of the schedule space (and
                     N/3 of the crash space), chosen with seed 1, or all of
                     both (make check's full exploration, minutes);
                     default 300 (--quick: 60), 0 for none
  --target T         where the scenarios and the conformance checks run:
                     ref (default) the reference;
                     loop          XFS/ext4 on loop devices over /dev/shm (no DAX);
                     vm            Debian's kernel in QEMU with an emulated
                                   NVDIMM: XFS/ext4 with DAX and without;
                     mount:DIR     your own mount, as it is (nothing formatted);
                     dev:DEVICE    your own pmem device, e.g. dev:/dev/pmem0:
                                   FORMATTED (refused if mounted, or if it holds
                                   a filesystem signature, unless --force).
                     A real target also runs the reference, whose columns
                     (pagecache, movnt) sit beside the target's, and fio.
  --fs LIST          real targets: xfs,ext4 (default both)
  --dax LIST         vm, dev: on,off (default both); mount: on (refuse a
                     mount that is not DAX), off, or auto (default)
  --tools LIST       real targets: xfs_io,daxio (default: both on loop, where
                     the two must agree in shape; xfs_io elsewhere)
  --no-breaks        real targets: leave out the conformance checks' broken
                     variants (by default each runs once and must fail)
  --kernel-pkg PKG   vm: boot this Debian kernel package (default: the one
                     linux-image-amd64 depends on), e.g. linux-image-6.12.100+deb12-amd64
  --kernel PATH      vm: boot the kernel you built: a bzImage or a built tree
                     (its config is checked against
                     workloads/kernel/daxbench.config first, and every
                     missing option is named)
  --mkfs-xfs OPTS    loop, vm, dev: options added to mkfs.xfs -f -m reflink=0
                     (the email's mkfs); "-d su=2m,sw=1" aligns extents for
                     DAX PMD faults on pmem (and changes table 1: see
                     suite/vm/README.md)
  --mkfs-ext4 OPTS   the same for mkfs.ext4 -F -b 4096
  --force            dev: format a device that holds a signature
  --out DIR          results folder (created; must be empty if it exists);
                     default results/<date>-<host>
  --help             this text

As root, missing packages (gnuplot, libpmem-dev, the compiler) are installed
with apt-get; otherwise they are named, and what needs them is skipped.
Exit status: 0 done, 1 a step failed or the results folder cannot be written,
2 bad usage, 130 interrupted (the folder then holds INCOMPLETE and *.part).
EOF
}

usage_error() { printf 'run.sh: %s\n' "$1" >&2; [ -z "${2:-}" ] || printf '%s\n' "$2" >&2; exit 2; }

# check_list WHAT VALUE VALID...: every comma-separated item must be valid.
check_list() {
    local what=$1 value=$2 item; shift 2
    [ -n "$value" ] || usage_error "--$what: empty list" "valid: $(echo "$@" | tr ' ' ',')"
    for item in ${value//,/ }; do
        one=${what%s}; [ ${#what} -le 3 ] && one=$what     # fs, dax
        in_list "$item" "$@" || usage_error "--$what: unknown $one '$item'" "valid: $(echo "$@" | tr ' ' ',')"
    done
}

# --compare RUN_A RUN_B: two results folders side by side, nothing run
if [ "${1:-}" = --compare ]; then
    shift
    exec "$MJ/compare.sh" "$@"
fi
OPT_QUICK=0 OPT_SIZE= OPT_RUNS= OPT_MODES=$ALL_MODES OPT_SCENARIOS=$ALL_SCENARIOS
OPT_STEPS=$ALL_STEPS OPT_TARGET=ref OPT_OUT= MODES_GIVEN=0
OPT_FS=xfs,ext4 OPT_DAX= OPT_TOOLS= OPT_BREAKS=1 OPT_FORCE=0 REAL_OPT= OPT_FIO_RUNS=1 OPT_KERNEL_PKG= OPT_KERNEL=
OPT_EXPLORE= OPT_PREFILL=old OPT_CHECKS= OPT_EXPUNGE=
MKFS_XFS_OPTS= MKFS_EXT4_OPTS=
while [ $# -gt 0 ]; do
    opt=$1 val=
    case $opt in
    --*=*) val=${opt#*=}; opt=${opt%%=*} ;;
    esac
    case $opt in
    --help|-h) usage; exit 0 ;;
    # the names each option takes, one per line, for scripts and completion
    --list-modes) printf '%s\n' $ALL_MODES; exit 0 ;;
    --list-scenarios) printf '%s\n' $ALL_SCENARIOS; exit 0 ;;
    --list-steps) printf '%s\n' $ALL_STEPS $OPTIONAL_STEPS; exit 0 ;;
    --list-checks) printf '%s\n' $ALL_CHECKS; exit 0 ;;
    --list-targets) printf '%s\n' $ALL_TARGETS; exit 0 ;;
    --list-prefills) printf '%s\n' $ALL_PREFILLS; exit 0 ;;
    --quick) OPT_QUICK=1; shift; continue ;;
    --force) OPT_FORCE=1 REAL_OPT+=" $opt"; shift; continue ;;
    --no-breaks) OPT_BREAKS=0 REAL_OPT+=" $opt"; shift; continue ;;
    --size|--runs|--modes|--prefill|--scenarios|--steps|--checks|--expunge|--explore|--target|--out|--fs|--dax|--tools|--kernel-pkg|--kernel|--mkfs-xfs|--mkfs-ext4) ;;
    *) usage_error "unknown option '$opt'" \
           "valid options: --quick --size --runs --modes --prefill --scenarios --steps --checks --expunge --explore --target --fs --dax --tools --kernel-pkg --kernel --mkfs-xfs --mkfs-ext4 --no-breaks --force --out --compare --list-{modes,scenarios,steps,checks,targets,prefills} --help" ;;
    esac
    if [ -z "$val" ]; then
        [ $# -ge 2 ] || usage_error "$opt needs a value (./run.sh --help)"
        val=$2; shift
    fi
    shift
    case $opt in
    --size) [ -n "$(bytes "$val")" ] && [ "$(bytes "$val")" -ge 4096 ] \
                || usage_error "--size: '$val' is not a size of at least 4k (xfs_io syntax: 64m, 1g)"
            OPT_SIZE=$val ;;
    --runs) [[ $val =~ ^[1-9][0-9]*$ ]] && [ "$val" -le 100 ] \
                || usage_error "--runs: '$val' is not a whole number from 1 to 100"
            OPT_RUNS=$val ;;
    --modes) check_list modes "$val" $ALL_MODES; OPT_MODES=${val//,/ }; MODES_GIVEN=1 ;;
    --prefill) in_list "$val" $ALL_PREFILLS \
                || usage_error "--prefill: unknown pattern '$val'" "valid: $(echo $ALL_PREFILLS | tr ' ' ',')"
            OPT_PREFILL=$val ;;
    --fs) check_list fs "$val" xfs ext4; OPT_FS=$val REAL_OPT+=" $opt" ;;
    --dax) OPT_DAX=$val REAL_OPT+=" $opt" ;;
    --tools) check_list tools "$val" xfs_io daxio; OPT_TOOLS=$val REAL_OPT+=" $opt" ;;
    --kernel-pkg) [[ $val =~ ^linux-image-[a-z0-9.+~-]+$ ]] \
                || usage_error "--kernel-pkg: '$val' is not a Debian kernel package name (e.g. linux-image-6.12.100+deb12-amd64; apt-cache search linux-image)"
            OPT_KERNEL_PKG=$val ;;
    --kernel) [ -e "$val" ] || usage_error "--kernel: '$val' does not exist (a bzImage or a built kernel tree)"
            OPT_KERNEL=$(cd "$(dirname "$val")" && pwd)/$(basename "$val") ;;
    --mkfs-xfs|--mkfs-ext4)
        [[ $val =~ ^[-A-Za-z0-9=,.:\ ]*$ ]] && [[ $val != *name=* ]] \
            || usage_error "$opt: '$val' may hold only letters, digits, blanks and - = , . : (and no name=): options, not a device"
        if [ "$opt" = --mkfs-xfs ]; then MKFS_XFS_OPTS=$val; else MKFS_EXT4_OPTS=$val; fi
        REAL_OPT+=" $opt" ;;
    --scenarios) check_list scenarios "$val" $ALL_SCENARIOS; OPT_SCENARIOS=${val//,/ } ;;
    --checks) check_list checks "$val" $ALL_CHECKS; OPT_CHECKS=${val//,/ } ;;
    --expunge) [ -f "$val" ] && [ -r "$val" ] || usage_error "--expunge: '$val' is not a readable file"
            OPT_EXPUNGE=$val ;;
    --steps) check_list steps "$val" $ALL_STEPS $OPTIONAL_STEPS; OPT_STEPS=${val//,/ } ;;
    --explore) [ "$val" = all ] || { [[ $val =~ ^[0-9]+$ ]] && [ "$val" -le 100000 ]; } \
                || usage_error "--explore: '$val' is neither a number of cases (0 to 100000) nor 'all'"
            OPT_EXPLORE=$val ;;
    --target)
        [ "$val" = ref ] || real_parse "$val" \
            || usage_error "--target: unknown target '$val'" "valid: $(echo $ALL_TARGETS | tr ' ' ',')"
        OPT_TARGET=$val ;;
    --out) OPT_OUT=$val ;;
    esac
done
# Steps and scenarios run in their own order, whatever order they were given in.
in_order() {   # in_order "ALL" "CHOSEN": the chosen words, in ALL's order
    local w out=
    for w in $1; do if in_list "$w" $2; then out+="$w "; fi; done
    echo "${out% }"
}
OPT_STEPS=$(in_order "$ALL_STEPS $OPTIONAL_STEPS" "$OPT_STEPS")
OPT_SCENARIOS=$(in_order "$ALL_SCENARIOS" "$OPT_SCENARIOS")
OPT_MODES=$(in_order "$ALL_MODES" "$OPT_MODES")
if [ $OPT_QUICK = 1 ]; then
    OPT_SIZE=${OPT_SIZE:-64m} OPT_RUNS=${OPT_RUNS:-1} OPT_EXPLORE=${OPT_EXPLORE:-60}
fi
OPT_EXPLORE=${OPT_EXPLORE:-300}
OPT_SIZE=${OPT_SIZE:-1g} OPT_RUNS=${OPT_RUNS:-3}
# Real targets: the reference gives the no-DAX and DAX columns beside them.
[ "$OPT_TARGET" != ref ] && [ $MODES_GIVEN = 0 ] && OPT_MODES="$(ref_mode_role nodax) $(ref_mode_role dax)"
case $REAL_KIND in
'') ;;
mount) OPT_MOUNT_DAX=${OPT_DAX:-auto}
       in_list "$OPT_MOUNT_DAX" on off auto || usage_error "--dax: mount:DIR takes on, off or auto, not '$OPT_DAX'" ;;
*)     OPT_DAX=${OPT_DAX:-on,off}
       check_list dax "$OPT_DAX" on off ;;
esac
[ "$OPT_TARGET" != ref ] || [ -z "$REAL_OPT" ] \
    || usage_error "$REAL_OPT: for the real targets only (--target loop, vm, mount:DIR, dev:DEVICE)"
[ "$OPT_FORCE" = 0 ] || [ "$REAL_KIND" = dev ] || usage_error "--force is for --target dev:DEVICE only"
[ -z "$OPT_KERNEL_PKG" ] || [ "$REAL_KIND" = vm ] || usage_error "--kernel-pkg is for --target vm only"
[ -z "$OPT_KERNEL" ] || [ "$REAL_KIND" = vm ] || usage_error "--kernel is for --target vm only"
[ -z "$OPT_KERNEL" ] || [ -z "$OPT_KERNEL_PKG" ] || usage_error "--kernel and --kernel-pkg: one kernel at a time"
[ -z "$MKFS_XFS_OPTS$MKFS_EXT4_OPTS" ] || [ "$REAL_KIND" != mount ] \
    || usage_error "--mkfs-xfs/--mkfs-ext4: mount:DIR is used as it is; nothing is formatted"
# --checks and --expunge: the conformance checks that run.  An expunge file
# names one check per line ('#' starts a comment); an unknown name is bad
# usage, with the file and line.
CONF_CHECKS=${OPT_CHECKS:-$ALL_CHECKS} CONF_EXPUNGED=
if [ -n "$OPT_EXPUNGE" ]; then
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
        n=$((n + 1)); line=${line%%#*}; line=$(echo $line)
        [ -n "$line" ] || continue
        in_list "$line" $ALL_CHECKS || usage_error "--expunge $OPT_EXPUNGE:$n: unknown check '$line'" \
            "valid: $(echo $ALL_CHECKS | tr ' ' ',')"
        CONF_EXPUNGED+=" $line"
    done <"$OPT_EXPUNGE"
    keep=
    for c in $CONF_CHECKS; do in_list "$c" $CONF_EXPUNGED || keep+=" $c"; done
    CONF_CHECKS=${keep# }
fi
[ -n "$CONF_CHECKS" ] || ! in_list conformance $OPT_STEPS \
    || usage_error "--checks/--expunge leave no conformance check to run"
# the real targets' checks among them (suite/stress/)
real_checks=
for c in $CONF_CHECKS; do in_list "$c" $REAL_CHECKS && real_checks+=${real_checks:+,}$c; done
if [ -n "$OPT_CHECKS$OPT_EXPUNGE" ]; then
    export CONFORMANCE_CHECKS=$real_checks
fi
export CONF_CHECKS CONF_EXPUNGED

# A target that cannot be what it names is bad usage: said before anything
# is built, run or written.
case $REAL_KIND in
mount) [ -d "$REAL_ARG" ] || usage_error "--target $OPT_TARGET: no such directory '$REAL_ARG' (give the mount point of your filesystem)" ;;
dev)   [ -b "$REAL_ARG" ] || [ -c "$REAL_ARG" ] || usage_error "--target $OPT_TARGET: '$REAL_ARG' is not a block or character device (e.g. dev:/dev/pmem0; ndctl list shows them)" ;;
esac
export MKFS_XFS_OPTS MKFS_EXT4_OPTS
export OPT_QUICK OPT_SIZE OPT_RUNS OPT_MODES OPT_SCENARIOS OPT_TARGET OPT_EXPLORE OPT_PREFILL

# --- the results folder: writable before anything runs --------------------
if [ -z "$OPT_OUT" ]; then
    base=$TOP/results/$(date +%Y-%m-%d)-$(hostname 2>/dev/null || uname -n)
    OPT_OUT=$base n=2
    while [ -e "$OPT_OUT" ]; do OPT_OUT=$base-$n; n=$((n + 1)); done
fi
if [ -e "$OPT_OUT" ] && [ -n "$(ls -A "$OPT_OUT" 2>/dev/null)" ]; then
    die "--out $OPT_OUT: the folder exists and is not empty; give a new or empty folder"
fi
mkdir -p "$OPT_OUT" 2>/dev/null && [ -d "$OPT_OUT" ] \
    || die "cannot create the results folder $OPT_OUT: $(mkdir -p "$OPT_OUT" 2>&1 | sed 's/^mkdir: //')"
probe=$OPT_OUT/.write-test.$$
( : >"$probe" ) 2>/dev/null && rm -f "$probe" \
    || die "cannot write in the results folder $OPT_OUT (permissions or a read-only filesystem); nothing was run"
OUT=$(cd "$OPT_OUT" && pwd)
reap_stale "${TMPDIR:-/tmp}"/daxbench-mainjob.* /dev/shm/daxbench-run.* "${TMPDIR:-/tmp}"/daxbench-run.*
WORK=$(mktemp -d "${TMPDIR:-/tmp}/daxbench-mainjob.XXXXXX")
mark_owner "$WORK"
export OUT WORK

# --- interrupted or failed: no CSV that looks complete --------------------
# INCOMPLETE stays until every step has finished and every *.part is renamed,
# so even a kill -9 leaves the marker.
CUR_STEP="start-up"
echo "run started $(date -u +%Y-%m-%dT%H:%M:%SZ); not finished: the *.csv.part files hold what was measured so far" \
    >"$OUT/INCOMPLETE"
cleanup() {
    real_cleanup 2>/dev/null || true
    target_ref_cleanup 2>/dev/null || true
    rm -rf -- "$WORK"
}
on_signal() {
    trap - INT TERM HUP
    echo "interrupted ($1) during step '$CUR_STEP' at $(date -u +%Y-%m-%dT%H:%M:%SZ);" \
         "the *.csv.part files hold what was measured until then" >>"$OUT/INCOMPLETE"
    cleanup
    printf '\nrun.sh: interrupted during %s; %s holds INCOMPLETE and partial *.csv.part files\n' \
        "$CUR_STEP" "$OUT" >&2
    exit 130
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP
trap 'cleanup; [ -z "${TEE_PID:-}" ] || flush_console' EXIT

T_START=$EPOCHREALTIME
# console.txt records what the run printed.  tee ignores the signals that
# reach the whole process group (a terminal's Ctrl-C, a hang-up, a
# kill -TERM of the group), so the interrupt message still reaches the
# console and run.sh never dies of SIGPIPE writing it; tee ends when
# run.sh closes the pipe.
exec > >(trap '' INT TERM HUP; exec tee "$OUT/console.txt") 2>&1
TEE_PID=$!
# At exit, close our end and let tee finish, so the last lines are on the
# console and in console.txt before run.sh's status is seen.
flush_console() { exec >&- 2>&-; wait "$TEE_PID" 2>/dev/null || true; }

# --- dependencies and build -----------------------------------------------
CUR_STEP=build
"$TOP/suite/install-deps.sh" run
make -C "$TOP" -s BUILD="$BUILD" all >"$WORK/make.log" 2>&1 \
    || { cat "$WORK/make.log"; die "the build failed (make all); see above"; }
machine_facts
say "daxbench main job: target $OPT_TARGET, steps: $OPT_STEPS"
say "machine: $M_HOST, $M_CPU_MODEL, kernel $M_KERNEL, flags: $M_CPU_FLAGS"
say "kernels chosen: isa $M_ISA, flush $M_FLUSH; $M_KERNELS; git $M_GIT_REV"
say "results: $OUT"

# --- a real target: one session with every job the steps need -------------
failed= skipped=
if [ "$OPT_TARGET" != ref ]; then
    CUR_STEP=target
    real_session
    case $REAL_RC in
    0) ;;
    77) skipped+=" target" ;;
    2) CUR_STEP=finish
       echo "the target refused its arguments (status 2); nothing else was run" >"$OUT/INCOMPLETE"
       printf 'run.sh: the target %s refused its arguments (see above): bad usage, no step was run\n' "$OPT_TARGET" >&2
       echo "0 passed, 0 failed, 0 skipped"
       exit 2 ;;
    *) failed+=" target" ;;
    esac
fi

# --- the steps ---------------------------------------------------------------
for step in $OPT_STEPS; do
    CUR_STEP=$step
    "step_$step" || failed+=" $step"
done

# --- plots, summary.json, report.md ---------------------------------------
CUR_STEP=plots
cp "$TOP/workloads/chinner-2016/published.csv" "$OUT/published.csv"
"$MJ/plots.sh" "$OUT" "$TOP/plots" || warn "plots: some could not be drawn (see above); the results are written"
CUR_STEP=report
elapsed=$(fsub "${EPOCHREALTIME/,/.}" "${T_START/,/.}")
write_summary "$elapsed" "${failed# }"

CUR_STEP=finish
for f in "$OUT"/*.csv.part; do
    [ -e "$f" ] && mv -- "$f" "${f%.part}"
done
say ""
say "results: $OUT"
# The runner's count line, the last line of every run: one count per step,
# and one for a real target's session.  A target that could not run here
# (its script exited 77) is a skip with its reason, never a failure, and
# the run then exits 77 unless something failed.
nsteps=$(wc -w <<<"$OPT_STEPS") nfailed=$(wc -w <<<"$failed") nskipped=$(wc -w <<<"$skipped")
[ "$OPT_TARGET" = ref ] || [ -n "$skipped" ] || nsteps=$((nsteps + 1))
npassed=$((nsteps - nfailed))
[ -z "$skipped" ] || say "SKIPPED: the real target '$OPT_TARGET' could not run here: $REAL_SKIP_WHY"
if [ -n "$failed" ]; then
    echo "step(s) failed:$failed; the rows of those steps are marked in their notes" >"$OUT/INCOMPLETE"
    say "FAILED step(s):$failed"
    printf 'elapsed: %.1f s\n' "$elapsed"
    echo "$npassed passed, $nfailed failed, $nskipped skipped"
    exit 1
fi
rm -f "$OUT/INCOMPLETE"
printf 'elapsed: %.1f s (whole run, build included)\n' "$elapsed"
echo "$npassed passed, 0 failed, $nskipped skipped"
[ -z "$skipped" ] || exit 77
