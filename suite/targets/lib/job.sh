# job.sh - what a job script sources to follow the job contract
# (suite/targets/README.md).  Needs bash 5 ($EPOCHREALTIME), awk, sed.
#
#   job_init              check the contract variables, create $OUT, set
#                         RUNS/SIZE defaults, write the CSV header
#   split_args STR        STR -> array ARGS, honouring "..." and '...'
#                         quoting like a shell (lib/scenario.sh)
#   run_timed LOG CMD..   run CMD with stdout+stderr to LOG; sets RC and
#                         RUNTIME_S (wall time of the whole command, as
#                         time(1) measured it in the 2016 thread)
#   xfsio_parse LOG       the first pwrite/pread report in LOG ->
#                         "bytes ops seconds MiB/s" (lib/scenario.sh)
#   csv_row K=V...        append one row to $OUT/results.csv
#
# Every job runs with: TARGET FS DAX MNT DEV OUT QUICK RUNS KERNEL ACCEL
# NOTES TOOLS DAXBENCH_TARGETS WORKLOADS DAXBENCH_CPU DAXBENCH_GIT, and PATH
# holding xfs_io, fio (when installed) and the project's binaries.
# Exit 0 pass, 1 fail, 77 skip.

# shellcheck source=common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"
# split_args, show_cmd, xfsio_parse and the one scenario runner
# shellcheck source=scenario.sh
. "$DAXBENCH_TARGETS/lib/scenario.sh"

CSV_COLUMNS=target,fs,dax,tool,scenario,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,kernel,accel,statx_dax,cpu,git,notes

job_init() {
    local v
    for v in TARGET FS DAX MNT DEV OUT QUICK KERNEL ACCEL; do
        [ -n "${!v:-}" ] || die "job contract: \$$v is not set (run jobs through a target)"
    done
    [ -d "$MNT" ] || die "job contract: MNT=$MNT is not a directory"
    mkdir -p "$OUT"
    if [ "$QUICK" = 1 ]; then RUNS=${RUNS:-1}; SIZE=${SIZE:-64m}; else RUNS=${RUNS:-3}; fi
    TOOLS=${TOOLS:-xfs_io}
    NOTES=${NOTES:-}
    [ -f "$OUT/results.csv" ] || echo "$CSV_COLUMNS" > "$OUT/results.csv"
}

run_timed() {
    local log=$1 t0; shift
    t0=$EPOCHREALTIME
    RC=0
    "$@" >"$log" 2>&1 || RC=$?
    RUNTIME_S=$(elapsed_since "$t0")
}

# csv_row key=value ...: the columns that describe the run (target, fs,
# dax, kernel, accel, cpu, git, notes) default to the job's environment;
# other missing columns are left empty.  RFC 4180, as suite/common/emit.c
# writes it: a value holding a comma or a quote is quoted, quotes doubled;
# a line break becomes a space, so one row is one line.  Read the files
# with suite/common/csv.awk, never with awk -F,.
csv_row() {
    local kv k v row= sep= col
    declare -A val=([target]=${TARGET:-} [fs]=${FS:-} [dax]=${DAX:-} [kernel]=${KERNEL:-}
                    [accel]=${ACCEL:-} [cpu]=${DAXBENCH_CPU:-} [git]=${DAXBENCH_GIT:-}
                    [notes]=${NOTES:-})
    for kv in "$@"; do k=${kv%%=*}; v=${kv#*=}; val[$k]=$v; done
    for col in ${CSV_COLUMNS//,/ }; do
        v=${val[$col]:-}
        v=${v//$'\n'/ }; v=${v//$'\r'/ }
        if [[ $v == *[,\"]* ]]; then v=\"${v//\"/\"\"}\"; fi
        row+=$sep$v; sep=,
    done
    echo "$row" >> "$OUT/results.csv"
}
