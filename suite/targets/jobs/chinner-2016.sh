#!/usr/bin/env bash
# chinner-2016.sh - Dave Chinner's four write scenarios of August 2016, run
# with the real xfs_io (and any other tool in $TOOLS that takes xfs_io's
# command line, such as daxio) on the mount a target hands over.
#
# The runs are lib/scenario.sh's (the one scenario runner, which the
# reference's runs in ./run.sh go through too); this job gives it the
# place: one column per tool on the mount, the file $MNT/foo.
#
# Contract: suite/targets/README.md.  The scenarios are the project's one
# scenario file, workloads/chinner-2016/scenarios ($SCENARIOS overrides;
# columns: scenario variant file dax args; format in its README), and the
# table of each scenario comes from workloads/chinner-2016/tables.  Writes
# $OUT/results.csv (one row per tool, scenario line and run, in the columns
# ./run.sh's scenarios.csv takes: suite/mainjob/README.md), $OUT/commands.txt
# (the exact command lines run) and $OUT/raw/*.log (xfs_io's own output).
# Fails if a command fails, prints no report, or writes a file whose
# STATX_ATTR_DAX differs from $DAX.
set -euo pipefail
# shellcheck source=../lib/job.sh
. "$DAXBENCH_TARGETS/lib/job.sh"
# shellcheck source=../lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"     # statx_dax
# (lib/scenario.sh, the one scenario runner, comes with job.sh)
CSV_COLUMNS=target,fs,dax,tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,command,notes
job_init

WL=${WORKLOADS:-}/chinner-2016
SCENARIOS=${SCENARIOS:-$WL/scenarios}
[ -r "$SCENARIOS" ] || die "scenario file $SCENARIOS is missing (WORKLOADS=${WORKLOADS:-unset})"
TABLES=$(dirname "$SCENARIOS")/tables
FILE=$MNT/foo                          # the email's /mnt/scratch/foo
mkdir -p "$OUT/raw"
daxname=$([ "$DAX" = 1 ] && echo dax || echo nodax)

SCN_BYTES=
[ -z "${SIZE:-}" ] || SCN_BYTES=$(to_bytes "$SIZE")
SCN_RUNS=$RUNS SCN_RAW=$OUT/raw
scn_load "$SCENARIOS" "$TABLES"

# The columns: one per tool of TOOLS that is on PATH.  The table column of
# a row is the filesystem and its DAX state (./run.sh pairs FS-nodax with
# FS-dax); tools other than xfs_io get their own (FS-dax/daxio).
SCN_COL_ID=() SCN_COL_DAX=()
for tool in $(split_list "$TOOLS"); do
    if ! command -v "$tool" >/dev/null; then
        say "$tool is not on PATH; its rows are skipped"
        continue
    fi
    SCN_COL_ID+=("$tool") SCN_COL_DAX+=("$DAX")
done
[ ${#SCN_COL_ID[@]} -gt 0 ] || { say "nothing ran: none of TOOLS=$TOOLS is on PATH"; exit 77; }

# Length of the first pwrite in ARGS, in bytes (for preparing overwrites).
pwrite_bytes() {
    local a w
    for a in "${ARGS[@]}"; do
        case $a in pwrite\ *)
            read -r -a w <<<"$a"
            to_bytes "${w[2]}"
            return ;;
        esac
    done
    echo 0
}

file_size() { if [ -e "$1" ]; then stat -c %s "$1"; else echo 0; fi; }

# The runner's hooks (lib/scenario.sh): the place is the mount.
scn_reset() {
    if [ "$1" = fresh ]; then
        rm -f "$FILE"
    elif [ "$(file_size "$FILE")" -lt "$(pwrite_bytes)" ]; then
        # Not part of the timing: an overwrite needs a written file.
        xfs_io -f -c "pwrite -q -b 16m 0 $(pwrite_bytes)" -c fsync "$FILE"
        RESET_NOTE="file prepared untimed"
    fi
    sync
}

scn_run() {
    local tool=${SCN_COL_ID[$1]} log=$2; shift 3
    CMDLINE=$(show_cmd "$tool" "$@" "$FILE")
    run_timed "$log" "$tool" "$@" "$FILE"
}

scn_row() {
    local c=$1 tool=${SCN_COL_ID[$1]} mode bit ok=0
    mode=$FS-$daxname
    [ "$tool" = xfs_io ] || mode+=/$tool
    echo "$SCN_R_SCENARIO $SCN_R_VARIANT $daxname: $CMDLINE" >> "$OUT/commands.txt"
    bit=$(statx_dax "$FILE")
    if { [ "$DAX" = 1 ] && [ "$bit" != 1 ]; } || { [ "$DAX" = 0 ] && [ "$bit" = 1 ]; }; then
        SCN_R_NOTES+="${SCN_R_NOTES:+; }STATX_ATTR_DAX=$bit on a DAX=$DAX mount"; ok=1
    fi
    csv_row tool="$tool" mode="$mode" table="$SCN_R_TABLE" scenario="$SCN_R_SCENARIO" variant="$SCN_R_VARIANT" \
        run="$SCN_R_RUN" bytes="$SCN_R_BYTES" ops="$SCN_R_OPS" pwrite_s="$SCN_R_PWRITE_S" \
        pwrite_mibps="$SCN_R_MIBPS" runtime_s="$RUNTIME_S" statx_dax="$bit" \
        command="$CMDLINE" notes="$NOTES${NOTES:+${SCN_R_NOTES:+; }}$SCN_R_NOTES"
    SCN_R_SHOW="$FS/$daxname STATX_ATTR_DAX=$bit"
    return $ok
}

scn_run_all
rm -f "$FILE"
sync
[ "$SCN_RAN" -gt 0 ] || { say "nothing ran: no scenario line for DAX=$DAX in $SCENARIOS"; exit 77; }
[ "$SCN_FAILED" = 0 ]
