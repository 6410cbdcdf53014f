#!/usr/bin/env bash
# fio.sh - Dave Chinner's four write scenarios with fio instead of xfs_io:
# the job files in workloads/fio/ (psync + fsync, the mmap engine, and
# libpmem on DAX files), one fio run per engine, scenario and run, with
# --output-format=json parsed into the same rows as chinner-2016.sh's.
#
# Contract: suite/targets/README.md.  Extra environment:
#   FIO_ENGINES   engines to run, comma separated (default psync,mmap,libpmem)
#   FIO_RUNS      runs per engine and scenario (default RUNS; ./run.sh
#                 passes 1: fio's 1 GiB runs under TCG take minutes each
#                 engine, and fio's figure is the side-by-side, not the table)
# The file state before each run (fresh for alloc-*, an existing file of
# the full size for overwrite-*) comes from workloads/chinner-2016/scenarios.
# libpmem runs on DAX mounts only: on a page-cache file PMDK falls back to
# msync and the figure would not be the libpmem path; it is skipped with
# that reason (skips.txt).  Writes $OUT/results.csv (chinner-2016's
# columns; tool = fio-ENGINE, mode = FS-dax/fio-ENGINE), $OUT/raw/*.json
# (fio's own output) and $OUT/commands.txt.
set -euo pipefail
# shellcheck source=../lib/job.sh
. "$DAXBENCH_TARGETS/lib/job.sh"
# shellcheck source=../lib/mount.sh
. "$DAXBENCH_TARGETS/lib/mount.sh"     # statx_dax
CSV_COLUMNS=target,fs,dax,tool,mode,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,command,notes
job_init

command -v fio >/dev/null || { say "fio is not installed (Debian package fio)"; echo "fio is not on PATH (Debian package fio)"; exit 77; }
FIOJOBS=${WORKLOADS:-}/fio
WL=${WORKLOADS:-}/chinner-2016
[ -d "$FIOJOBS" ] || die "fio job files missing: $FIOJOBS (WORKLOADS=${WORKLOADS:-unset})"
engines=${FIO_ENGINES:-psync,mmap,libpmem}
size=${SIZE:-1g}
FILE=$MNT/fio.dat
daxname=$([ "$DAX" = 1 ] && echo dax || echo nodax)
mkdir -p "$OUT/raw"
ran=0 failed=0

# The scenario's file state and table, from the workloads.
file_state() { awk -v s="$1" '!/^#/ && $1 == s { print $3; exit }' "$WL/scenarios"; }
table_of()   { awk -v s="$1" '!/^#/ && $2 == s { print $1; exit }' "$WL/tables"; }

for e in ${engines//,/ }; do
    jobfile=$FIOJOBS/$e.fio
    [ -f "$jobfile" ] || die "no job file for engine '$e': $jobfile"
    if [ "$e" = libpmem ] && [ "$DAX" != 1 ]; then
        echo "fio-libpmem $FS-$daxname skipped: libpmem is for DAX files; on a page-cache file PMDK falls back to msync" \
            | tee -a "$OUT/skips.txt"
        continue
    fi
    for sc in alloc-4k overwrite-4k alloc-16m overwrite-16m; do
        state=$(file_state "$sc") table=$(table_of "$sc")
        cmd="FIO_FILE=$FILE FIO_SIZE=$size fio --section=$sc --output-format=json workloads/fio/$e.fio"
        echo "$sc $daxname: $cmd" >> "$OUT/commands.txt"
        for ((run = 1; run <= ${FIO_RUNS:-$RUNS}; run++)); do
            notes=$NOTES
            if [ "$state" = fresh ]; then
                rm -f "$FILE"
            elif [ ! -e "$FILE" ] || [ "$(stat -c %s "$FILE")" -lt "$(to_bytes "$size")" ]; then
                xfs_io -f -c "pwrite -q -b 16m 0 $size" -c fsync "$FILE"
                notes+="${notes:+; }file prepared untimed"
            fi
            sync
            json=$OUT/raw/fio-$e-$sc-run$run.json
            FIO_FILE=$FILE FIO_SIZE=$size run_timed "$OUT/raw/fio-$e-$sc-run$run.log" \
                fio --section="$sc" --output-format=json --output="$json" "$jobfile"
            parsed=$(awk -f "$DAXBENCH_TARGETS/lib/fio-json.awk" "$json" 2>/dev/null) || parsed=
            bytes= ops= rt_ms= bw=
            [ -n "$parsed" ] && read -r bytes ops rt_ms bw <<<"$parsed"
            [ "$RC" = 0 ] || { notes+="${notes:+; }fio exited $RC: $(tail -n 1 "$OUT/raw/fio-$e-$sc-run$run.log")"; failed=1; }
            [ -n "$parsed" ] || { notes+="${notes:+; }no write figures in fio's JSON"; failed=1; }
            bit=$(statx_dax "$FILE")
            if { [ "$DAX" = 1 ] && [ "$bit" != 1 ]; } || { [ "$DAX" = 0 ] && [ "$bit" = 1 ]; }; then
                notes+="${notes:+; }STATX_ATTR_DAX=$bit on a DAX=$DAX mount"; failed=1
            fi
            mibps=$(awk -v b="${bw:-}" 'BEGIN { if (b != "") printf "%.3f", b / 1048576 }')
            pw_s=$(awk -v m="${rt_ms:-}" 'BEGIN { if (m != "") printf "%.6f", m / 1000 }')
            csv_row tool="fio-$e" mode="$FS-$daxname/fio-$e" table="$table" scenario="$sc" variant=email \
                run="$run" bytes="$bytes" ops="$ops" pwrite_s="$pw_s" pwrite_mibps="$mibps" \
                runtime_s="$RUNTIME_S" statx_dax="$bit" command="$cmd" notes="$notes"
            printf '%s/%s %-13s fio-%-7s run %d: write %9s MiB/s (fio), runtime %7s s, STATX_ATTR_DAX=%s%s\n' \
                "$FS" "$daxname" "$sc" "$e" "$run" "${mibps:-?}" "$RUNTIME_S" "$bit" \
                "$([ "$RC" = 0 ] && [ -n "$parsed" ] || echo " FAILED (see $OUT/raw)")"
            ran=$((ran + 1))
        done
    done
done
rm -f "$FILE"
sync
[ "$ran" -gt 0 ] || { echo "no fio run: engines '$engines' all skipped here"; exit 77; }
exit $failed
