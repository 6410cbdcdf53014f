#!/usr/bin/env bash
# scenario_runner.sh - suite/targets/lib/scenario.sh, the one scenario
# runner of the reference and the real targets, with a made-up place: its
# hooks record what the runner asked for and a fake tool prints xfs_io's
# report.  Checked: the lines a column runs (its DAX state), run-major
# order, one warm-up per column before any timed run, every pwrite resized,
# the reset before each run, the row's facts parsed from the report, and a
# tool that fails or prints no report counted as a failed run.
. "$(dirname "$0")/lib.sh"
say() { printf '%s\n' "$*"; }
die() { printf 'die: %s\n' "$*"; exit 1; }
. "$TOP/suite/targets/lib/scenario.sh"
D=$T_TMP/wl; mkdir -p "$D"
cat >"$D/tables" <<'X'
# n scenario title
1  alloc-4k   Allocating
2  over-4k    Overwrite
X
cat >"$D/scenarios" <<'X'
# scenario variant file dax args
alloc-4k  email   fresh    any  -f -c "pwrite 0 1g" -c sync
over-4k   email   existing 1    -f -c "pwrite -b 16m 0 1g"
over-4k   email   existing 0    -f -c "pwrite 0 1g" -c fsync
X
LOG=$T_TMP/calls
scn_reset() { echo "reset $1 $2" >>"$LOG"; RESET_NOTE=reset-$1; }
# the fake tool: prints the report of a 64 KiB write, or fails for column
# "bad" on over-4k, or prints nothing for column "mute"
scn_run() {
    local c=$1 log=$2; shift 3
    echo "run ${SCN_COL_ID[c]} $(show_cmd "$@")" >>"$LOG"
    CMDLINE="fake $*" RUNTIME_S=0.5 RC=0
    case ${SCN_COL_ID[c]}:$* in
    bad:*16m*) RC=3; return ;;
    mute:*) : >"$log"; return ;;
    esac
    printf 'wrote 65536/65536 bytes at offset 0\n64 KiB, 16 ops; 0.0001 sec (625 MiB/sec and 160000.0000 ops/sec)\n' >"$log"
}
scn_row() { echo "row ${SCN_COL_ID[$1]} $SCN_R_TABLE $SCN_R_SCENARIO $SCN_R_RUN $SCN_R_BYTES $SCN_R_OPS $SCN_R_MIBPS $SCN_R_OK [$SCN_R_NOTES]" >>"$LOG"; }

scn_load "$D/scenarios" "$D/tables"
expect load "alloc-4k over-4k over-4k|1 2 2|any 1 0" "${SCN_SC[*]}|${SCN_TABLE[*]}|${SCN_DAX[*]}"
SCN_COL_ID=(nodax dax) SCN_COL_DAX=(0 1) SCN_RUNS=2 SCN_BYTES=65536 SCN_RAW=$T_TMP/raw
scn_run_all >"$T_TMP/out"
runs=$(grep -c '^run ' "$LOG"); rows=$(grep -c '^row ' "$LOG")
# 2 warm-ups, then per run: alloc-4k for both columns, over-4k once each
expect counts "runs 10, rows 8, ran 8, failed 0" "runs $runs, rows $rows, ran $SCN_RAN, failed $SCN_FAILED"
expect order "run nodax -f -c \"pwrite 0 65536\" -c sync
run dax -f -c \"pwrite 0 65536\" -c sync
run nodax -f -c \"pwrite 0 65536\" -c sync
row nodax 1 alloc-4k 1 65536 16 625.000 1 [reset-fresh]
run dax -f -c \"pwrite 0 65536\" -c sync
row dax 1 alloc-4k 1 65536 16 625.000 1 [reset-fresh]
row dax 2 over-4k 1 65536 16 625.000 1 [reset-existing]
row nodax 2 over-4k 1 65536 16 625.000 1 [reset-existing]
run nodax -f -c \"pwrite 0 65536\" -c sync
row nodax 1 alloc-4k 2 65536 16 625.000 1 [reset-fresh]" "$(grep -E '^(row|run (no)?dax -f -c "pwrite 0 65536" -c sync$)' "$LOG" | head -n 10)"
grep -q '^   \[ 8/8\] over-4k .* run 2 nodax .*pwrite     625.0 MiB/s  runtime   0.50 s$' "$T_TMP/out" \
    && pass progress-line || fail progress-line "$(tail -n 1 "$T_TMP/out")"
grep -q '^run dax -f -c "pwrite -b 16m 0 65536"$' "$LOG" && pass resized-after-options || fail resized-after-options "$(grep 16m "$LOG" | head -2)"
[ "$(grep -c '^reset ' "$LOG")" = 10 ] && pass reset-before-each || fail reset-before-each "$(grep -c '^reset ' "$LOG") resets"
# the first two calls are the warm-ups, untimed, before any row
[ "$(head -n 4 "$LOG" | grep -c '^run ')" = 2 ] && ! head -n 4 "$LOG" | grep -q '^row ' \
    && [ -e "$T_TMP/raw/warmup-dax.log" ] && [ -e "$T_TMP/raw/warmup-nodax.log" ] && pass warm-up-first \
    || fail warm-up-first "$(head -n 4 "$LOG"; ls "$T_TMP/raw")"
# a failing tool and a silent one: failed runs, with the reason
SCN_COL_ID=(bad mute) SCN_COL_DAX=(1 1) SCN_RUNS=1
scn_run_all >"$T_TMP/out2"; out="$(cat "$T_TMP/out2") ran=$SCN_RAN failed=$SCN_FAILED"
grep -q 'ran=4 failed=3' <<<"$out" && grep -q 'over-4k .* bad .*FAILED: reset-existing; exit status 3' <<<"$out" \
    && grep -q 'alloc-4k .* mute .*FAILED: reset-fresh; no pwrite report in the output' <<<"$out" \
    && pass failures-counted || fail failures-counted "$out"
finish
