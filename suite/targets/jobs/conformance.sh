#!/usr/bin/env bash
# conformance.sh - the conformance catalogue on the real mount a target
# hands over: every check user space can observe, as the bounded stress
# loops in suite/stress/ (build/stress-*), one CSV row per check.  With
# CONFORMANCE_BREAKS=1 each check also runs its deliberately broken variant
# (--break), which must fail: that is the proof that the check can fail.
#
# Contract: suite/targets/README.md.  Extra environment:
#   CONFORMANCE_CHECKS   checks to run, comma separated (default: all)
#   CONFORMANCE_SECONDS  seconds per check (default 10; QUICK=1: 2)
#   CONFORMANCE_BREAKS   1: also run the broken variants (2-3 s each)
#   CONFORMANCE_REPEAT   run each check N times (default 1), a row per run
#                        ("run K/N" in notes); the kernel mutants
#                        (suite/vm/mutants.sh) count detections this way
#   CONFORMANCE_PATCHED  the patches the kernel was built with (a mutant, a
#                        fix): part of each row's implementation, and the
#                        known-failures list (which names unpatched
#                        kernels) is not applied
#   OWN_FS               1 when the target made this filesystem (loop, vm,
#                        dev:): --fill may fill it and the durability
#                        checks may shut it down.  Default: 1 for loop, vm
#                        and dev, 0 otherwise (mount:DIR, a user's mount)
# In the vm guest (TARGET=vm) /dev/ram0, a brd ramdisk of the guest's own,
# is the O_DIRECT device of gup-pin-vs-truncate on DAX mounts (O_DIRECT to
# a file on a DAX mount takes no GUP pin; see suite/stress/README.md).
#
# A real check that fails on a kernel listed for it in
# workloads/conformance/known-failures is a known failure (outcome known): kept
# and printed, but it does not fail the job.
#
# Writes $OUT/results.csv (columns below), $OUT/raw/<check>[.break].log.
# Exit 1 if a check fails (not a known failure), or a broken variant does
# not fail; 77 if all were skipped.
set -euo pipefail
# shellcheck source=../lib/job.sh
. "$DAXBENCH_TARGETS/lib/job.sh"
# shellcheck source=../lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"
# The one conformance schema (suite/common/verdict.h, `daxrace
# --list-columns`), behind the target and before what only a real mount has.
command -v daxrace >/dev/null || die "daxrace is not built (make): it names the conformance columns"
CSV_COLUMNS=target,$(daxrace --list-columns),pmd,statx_dax,accel,cpu,git
job_init

# The checks a real mount runs, and the broken variant of each, from the
# catalogue (workloads/conformance/catalogue): a real user-space mistake
# where one reproduces the symptom (private-cow, no-truncate, no-sync), else
# an injected symptom (late-dma, expose-old); stress-<check> --help says which.
ALL_CHECKS=$(catalogue stress | awk '{ printf "%s%s", sep, $1; sep = " " }') || exit 1
declare -A BREAK=()
while read -r c b; do BREAK[$c]=$b; done < <(catalogue break)
checks=${CONFORMANCE_CHECKS:-$ALL_CHECKS}
for c in ${checks//,/ }; do
    in_list "$c" "$ALL_CHECKS" || die "CONFORMANCE_CHECKS: unknown check '$c' (valid: $ALL_CHECKS)"
done
if [ "$QUICK" = 1 ]; then secs=${CONFORMANCE_SECONDS:-2} bsecs=1 files=12
else secs=${CONFORMANCE_SECONDS:-10} bsecs=3 files=44; fi
case $TARGET in loop|vm|dev) own=${OWN_FS:-1} ;; *) own=${OWN_FS:-0} ;; esac
fill=(); [ "$own" = 1 ] && fill=(--fill)
daxname=$([ "$DAX" = 1 ] && echo dax || echo nodax)
W=$MNT/conformance
mkdir -p "$OUT/raw"
nbad=0 npass=0 nskip=0 nknown=0
repeat=${CONFORMANCE_REPEAT:-1}
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "CONFORMANCE_REPEAT must be a positive number, not '$repeat'"
run_note= rsuf=
KNOWN=${WORKLOADS:-}/conformance/known-failures

# known CHECK: the reason when this check's failure is known on this
# filesystem, DAX state and kernel; nothing otherwise.
known() {
    [ -r "$KNOWN" ] && [ -z "${CONFORMANCE_PATCHED:-}" ] || return 0
    local c f d k why
    while read -r c f d k why; do
        case $c in ''|'#'*) continue ;; esac
        [ "$c" = "$1" ] && [ "$f" = "$FS" ] && [ "$d" = "$DAX" ] || continue
        # shellcheck disable=SC2254  # k is a glob
        case $KERNEL in $k) echo "$why"; return 0 ;; esac
    done < "$KNOWN"
}

probe=$MNT/.conformance-statx
: > "$probe"; sdax=$(statx_dax "$probe"); rm -f "$probe"

# row CHECK VARIANT EXPECT STATUS ITER SECS PMD REASON: one row of the
# conformance schema; the outcome is the status, or "known" for a failure
# of the real check listed in known-failures.  The verdict (suite/common/
# verdict.h): PASS/XFAIL as expected, FAIL, ERROR, SKIP, KNOWN.
row() {
    local ok=yes why reason=$8 outcome=$4
    case $2:$4 in
    real:fail|break:*:pass) ok=no ;;
    *:error) ok=error ;;   # did not do its work: never a pass, never known
    esac
    [ "$4" = skip ] && ok=skip
    if [ "$ok" = no ] && [ "$2" = real ] && why=$(known "$1") && [ -n "$why" ]; then
        ok=known outcome=known
        set -- "$1" "$2" "$3" "$4" "$5" "$6" "$7" "KNOWN FAILURE on $KERNEL (workloads/conformance/known-failures: $why): $reason"
    fi
    csv_row check="$1" implementation="$KERNEL${CONFORMANCE_PATCHED:+ + $CONFORMANCE_PATCHED}" variant="$2" expected="$3" outcome="$outcome" \
        iterations="${5:-0}" seconds="${6:-0}" pmd="$7" statx_dax="$sdax" reason="$8" notes="$run_note"
    case $ok in
    yes)   npass=$((npass + 1)) ;;
    skip)  nskip=$((nskip + 1)) ;;
    known) nknown=$((nknown + 1)) ;;
    *)     nbad=$((nbad + 1)) ;;
    esac
    printf '%s/%s %-20s %-22s %-5s (want %s)%s: %s\n' "$FS" "$daxname" "$1" "$2" "$4" "$3" \
        "$([ "$ok" = no ] && echo " UNEXPECTED"; [ "$ok" = error ] && echo " ERROR"; [ "$ok" = known ] && echo " (known)")" "$8"
}

# rows_from LOG VARIANT EXPECT RC: one row per RESULT line of a program.
rows_from() {
    local log=$1 variant=$2 expect=$3 rc=$4 line k v check status iter sec pmd detail n=0
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        check= status= iter= sec= pmd= detail=
        line=${line#RESULT }
        detail=${line#*detail=}
        line=${line%% detail=*}
        for kv in $line; do
            k=${kv%%=*} v=${kv#*=}
            case $k in check) check=$v ;; status) status=$v ;; iterations) iter=$v ;;
                       seconds) sec=$v ;; pmd) pmd=$v ;; esac
        done
        row "$check" "$variant" "$expect" "$status" "$iter" "$sec" "$pmd" "$detail"
        n=$((n + 1))
    done <<<"$(grep '^RESULT ' "$log" || true)"
    if [ $n = 0 ]; then
        row "$5" "$variant" "$expect" fail "" "" "" \
            "stress-$5 exited $rc with no result: $(tail -n 2 "$log" | tr '\n' ' ')"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 77 ]; then
        row "$5" "$variant" "$expect" fail "" "" "" "stress-$5 exited $rc (a crash?): $(tail -n 1 "$log")"
    fi
}

# run_check CHECK VARIANT EXPECT SECONDS [ARGS...]
run_check() {
    local c=$1 variant=$2 expect=$3 s=$4 log rc=0 prog extra=(); shift 4
    prog=stress-$c
    log=$OUT/raw/$c$([ "$variant" = real ] || echo ".${variant#break:}")$rsuf.log
    command -v "$prog" >/dev/null || { row "$c" "$variant" "$expect" skip "" "" "" "$prog is not built (make)"; return; }
    rm -rf "$W"; mkdir -p "$W"
    if [ "$c" = gup-pin-vs-truncate ] && [ "$DAX" = 1 ] && [ "$TARGET" = vm ] && [ -b /dev/ram0 ]; then
        extra=(--dio-dev /dev/ram0)
    fi
    "$prog" --dir "$W" --seconds "$s" "${fill[@]}" "${extra[@]}" "$@" >"$log" 2>&1 || rc=$?
    rows_from "$log" "$variant" "$expect" "$rc" "$c"
    rm -rf "$W"
}

# The crash test: prepare, shut down, remount, verify.
run_durable() {
    local variant=$1 expect=$2 log rc=0 state=/tmp/conformance-durable.$$ brk=(); shift 2
    [ "$variant" = real ] || brk=(--break "${variant#break:}")
    log=$OUT/raw/durable$([ "$variant" = real ] || echo ".${variant#break:}")$rsuf.log
    if ! command -v stress-durable >/dev/null; then
        for c in write-durable fsync-mmap-durable; do row $c "$variant" "$expect" skip "" "" "" "stress-durable is not built (make)"; done
        return
    fi
    if [ "$own" != 1 ]; then
        for c in write-durable fsync-mmap-durable; do
            row $c "$variant" "$expect" skip "" "" "" "the crash test shuts the filesystem down (FS_IOC_SHUTDOWN); not on a mount the suite did not make (OWN_FS=0)"
        done
        return
    fi
    rm -rf "$W"; mkdir -p "$W"
    { stress-durable --phase prepare --dir "$W" --state "$state" --iterations "$files" "${brk[@]}" \
        && fs_crash_remount "$FS" "$DAX" "$DEV" "$MNT"; } >"$log" 2>&1 || rc=$?
    if [ $rc != 0 ]; then
        for c in write-durable fsync-mmap-durable; do
            row $c "$variant" "$expect" fail "" "" "" "prepare or crash+remount failed: $(tail -n 1 "$log")"
        done
        is_mounted "$MNT" || { say "$MNT is not mounted after the crash; the remaining checks cannot run"; exit 1; }
        rm -f "$state"
        return
    fi
    stress-durable --phase verify --dir "$W" --state "$state" >>"$log" 2>&1 || rc=$?
    rows_from "$log" "$variant" "$expect" "$rc" durable
    rm -rf "$W" "$state"
}

say "conformance on $FS/$daxname ($MNT): ${checks//,/ }; $secs s per check$([ "${CONFORMANCE_BREAKS:-0}" = 1 ] && echo ", broken variants too")$([ "$own" = 1 ] && echo "; --fill, crash test on")"
for k in $(seq 1 "$repeat"); do
[ "$repeat" = 1 ] || { run_note="run $k/$repeat"; rsuf=".$k"; }
for c in ${checks//,/ }; do
    if [ "$c" = durable ]; then
        run_durable real pass
        [ "${CONFORMANCE_BREAKS:-0}" = 1 ] && run_durable "break:${BREAK[$c]}" fail
    else
        run_check "$c" real pass "$secs"
        [ "${CONFORMANCE_BREAKS:-0}" = 1 ] || continue
        if grep -q 'stuck in .*a system call that does not return' "$OUT/raw/$c$rsuf.log" 2>/dev/null; then
            # a hang would end the broken variant the same way: it could
            # not show that the check catches its mistake
            row "$c" "break:${BREAK[$c]}" fail skip "" "" "" \
                "not run: the real check hung here (see its row), so the broken variant would prove nothing"
            continue
        fi
        run_check "$c" "break:${BREAK[$c]}" fail "$bsecs" --break "${BREAK[$c]}"
    fi
done
done
rm -rf "$W"
say "conformance $FS/$daxname: $npass as expected, $nbad unexpected, $nknown known failures, $nskip skipped"
# the suite's summary line; a known failure counts as a skip (its row says why)
echo "$npass passed, $nbad failed, $((nskip + nknown)) skipped"
[ $nbad -gt 0 ] && exit 1
[ $npass = 0 ] && [ $nknown = 0 ] && [ $nskip -gt 0 ] && { echo "every conformance check was skipped here"; exit 77; }
exit 0
