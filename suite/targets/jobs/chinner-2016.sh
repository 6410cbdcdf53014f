#!/usr/bin/env bash
# chinner-2016.sh - Dave Chinner's four write scenarios of August 2016, run
# with the real xfs_io (and any other tool in $TOOLS that takes xfs_io's
# command line, such as daxio) on the mount a target hands over.
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
CSV_COLUMNS=target,fs,dax,tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,command,notes
job_init

WL=${WORKLOADS:-}/chinner-2016
SCENARIOS=${SCENARIOS:-$WL/scenarios}
[ -r "$SCENARIOS" ] || die "scenario file $SCENARIOS is missing (WORKLOADS=${WORKLOADS:-unset})"
TABLES=$(dirname "$SCENARIOS")/tables
FILE=$MNT/foo                          # the email's /mnt/scratch/foo
mkdir -p "$OUT/raw"
daxname=$([ "$DAX" = 1 ] && echo dax || echo nodax)
failed=0 ran=0

# SIZE (QUICK=1: 64m) replaces the length of every pwrite command.
resize() {
    local i w
    [ -n "${SIZE:-}" ] || return 0
    for i in "${!ARGS[@]}"; do
        case ${ARGS[i]} in
        pwrite\ *)
            read -r -a w <<<"${ARGS[i]}"
            w[2]=$SIZE
            ARGS[i]="${w[*]}" ;;
        esac
    done
}

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

# The command as one would type it: words with blanks in double quotes.
show_cmd() {
    local a line=
    for a in "$@"; do
        case $a in *' '*) line+=" \"$a\"" ;; *) line+=" $a" ;; esac
    done
    echo "${line# }"
}

file_size() { if [ -e "$1" ]; then stat -c %s "$1"; else echo 0; fi; }

# One untimed write per tool before its timed rows, as the reference gets
# one warm-up run per mode: the first large page-cache allocations after a
# mount can stall for ~0.1 s (measured on loop: either tool, whichever
# writes first), and with one run per cell (QUICK) that stall alone decides
# how the tool ranks 16 MiB writes against 4 KiB ones.
warm_up() {
    local len
    len=$(pwrite_bytes)
    echo "warm-up (untimed, not in the tables): $(show_cmd "$1" -f -c "pwrite -q -b 16m 0 $len" -c fsync "$FILE")" \
        >> "$OUT/commands.txt"
    rm -f "$FILE"
    "$1" -f -c "pwrite -q -b 16m 0 $len" -c fsync "$FILE" > "$OUT/raw/$1-warmup.log" 2>&1 \
        || die "$1: the untimed warm-up write failed (see $OUT/raw/$1-warmup.log)"
    rm -f "$FILE"
}

for tool in $(split_list "$TOOLS"); do
    if ! command -v "$tool" >/dev/null; then
        say "$tool is not on PATH; its rows are skipped"
        continue
    fi
    warmed=0
    while read -r name variant state dax args; do
        case $name in ''|'#'*) continue ;; esac
        [ "$dax" = any ] || [ "$dax" = "$DAX" ] || continue
        split_args "$args" || die "$SCENARIOS: bad line for $name"
        resize
        [ "$warmed" = 1 ] || { warm_up "$tool"; warmed=1; }
        cmd=$(show_cmd "$tool" "${ARGS[@]}" "$FILE")
        echo "$name $variant $daxname: $cmd" >> "$OUT/commands.txt"
        table=$(awk -v s="$name" '!/^#/ && $2 == s { print $1; exit }' "$TABLES" 2>/dev/null)
        # The table column: the filesystem and its DAX state (./run.sh
        # pairs FS-nodax with FS-dax); tools other than xfs_io get their own.
        mode=$FS-$daxname
        [ "$tool" = xfs_io ] || mode+=/$tool
        for ((run = 1; run <= RUNS; run++)); do
            notes=$NOTES
            if [ "$state" = fresh ]; then
                rm -f "$FILE"
            elif [ "$(file_size "$FILE")" -lt "$(pwrite_bytes)" ]; then
                # Not part of the timing: an overwrite needs a written file.
                xfs_io -f -c "pwrite -q -b 16m 0 $(pwrite_bytes)" -c fsync "$FILE"
                notes+="${notes:+; }file prepared untimed"
            fi
            sync
            log=$OUT/raw/$tool-$name-$variant-run$run.log
            run_timed "$log" "$tool" "${ARGS[@]}" "$FILE"
            bit=$(statx_dax "$FILE")
            parsed=$(xfsio_parse "$log") || parsed=
            read -r bytes ops pw_s mibps <<<"${parsed:-   }" || true
            if [ "$RC" != 0 ]; then
                notes+="${notes:+; }$tool exited $RC"; failed=1
            fi
            if [ -z "$parsed" ]; then
                notes+="${notes:+; }no pwrite report in output"; failed=1
            fi
            if { [ "$DAX" = 1 ] && [ "$bit" != 1 ]; } || { [ "$DAX" = 0 ] && [ "$bit" = 1 ]; }; then
                notes+="${notes:+; }STATX_ATTR_DAX=$bit on a DAX=$DAX mount"; failed=1
            fi
            csv_row tool="$tool" mode="$mode" table="$table" scenario="$name" variant="$variant" \
                run="$run" bytes="${bytes:-}" ops="${ops:-}" pwrite_s="${pw_s:-}" \
                pwrite_mibps="${mibps:-}" runtime_s="$RUNTIME_S" statx_dax="$bit" \
                command="$cmd" notes="$notes"
            printf '%s/%s %-13s %-7s %-6s run %d: pwrite %9s MiB/s, runtime %7s s, STATX_ATTR_DAX=%s%s\n' \
                "$FS" "$daxname" "$name" "$variant" "$tool" "$run" "${mibps:-?}" "$RUNTIME_S" "$bit" \
                "$([ "$RC" = 0 ] && [ -n "$parsed" ] || echo " FAILED (see $log)")"
            ran=$((ran + 1))
        done
    done < "$SCENARIOS"
done
rm -f "$FILE"
sync

[ "$ran" -gt 0 ] || { say "nothing ran: none of TOOLS=$TOOLS is on PATH"; exit 77; }
exit $failed
