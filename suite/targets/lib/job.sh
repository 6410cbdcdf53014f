# job.sh - what a job script sources to follow the job contract
# (suite/targets/README.md).  Needs bash 5 ($EPOCHREALTIME), awk, sed.
#
#   job_init              check the contract variables, create $OUT, set
#                         RUNS/SIZE defaults, write the CSV header
#   split_args STR        STR -> array ARGS, honouring "..." and '...'
#                         quoting like a shell, without running anything
#   run_timed LOG CMD..   run CMD with stdout+stderr to LOG; sets RC and
#                         RUNTIME_S (wall time of the whole command, as
#                         time(1) measured it in the 2016 thread)
#   xfsio_parse LOG       the first pwrite/pread report in LOG ->
#                         "bytes ops seconds MiB/s" (one line)
#   csv_row K=V...        append one row to $OUT/results.csv
#
# Every job runs with: TARGET FS DAX MNT DEV OUT QUICK RUNS KERNEL ACCEL
# NOTES TOOLS DAXBENCH_TARGETS WORKLOADS DAXBENCH_CPU DAXBENCH_GIT, and PATH
# holding xfs_io, fio (when installed) and the project's binaries.
# Exit 0 pass, 1 fail, 77 skip.

# shellcheck source=common.sh
. "$DAXBENCH_TARGETS/lib/common.sh"

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

# A small quote-aware splitter, so that scenario files can hold the literal
# command lines from the email (-c "pwrite 0 1g") without an eval.
split_args() {
    local s=$1 c q= cur= have=0 i
    ARGS=()
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        if [ -n "$q" ]; then
            if [ "$c" = "$q" ]; then q=; else cur+=$c; fi
        elif [ "$c" = '"' ] || [ "$c" = "'" ]; then
            q=$c; have=1
        elif [ "$c" = ' ' ] || [ "$c" = $'\t' ]; then
            [ $have = 1 ] && ARGS+=("$cur")
            cur= have=0
        else
            cur+=$c; have=1
        fi
    done
    [ -z "$q" ] || { echo "unbalanced quote in: $s" >&2; return 1; }
    [ $have = 1 ] && ARGS+=("$cur")
    return 0
}

run_timed() {
    local log=$1 t0; shift
    t0=$EPOCHREALTIME
    RC=0
    "$@" >"$log" 2>&1 || RC=$?
    RUNTIME_S=$(elapsed_since "$t0")
}

# xfs_io's report (libxcmd report_io_times), e.g.
#   wrote 1073741824/1073741824 bytes at offset 0
#   1 GiB, 262144 ops; 0:00:01.00 (880.040 MiB/sec and 225290.3317 ops/sec)
# bytes come from line 1, ops and the rate from line 2.  The time on line 2
# has only 10 ms resolution above one second, so seconds = ops / (ops/sec),
# which xfs_io computed from the exact timeval.
xfsio_parse() {
    awk '
    !have_bytes && /^(wrote|read) [0-9]+\/[0-9]+ bytes at offset/ {
        split($2, a, "/"); bytes = a[1]; have_bytes = 1; next
    }
    have_bytes && !done && / ops; / && /\/sec and / {
        ops = $0; sub(/^.*, /, "", ops); sub(/ ops;.*$/, "", ops)
        r = $0; sub(/^.*\(/, "", r); split(r, f, " ")
        rate = f[1]; unit = f[2]; sub(/\/sec$/, "", unit)
        ops_s = $0; sub(/^.* and /, "", ops_s); sub(/ ops\/sec\).*$/, "", ops_s)
        scale["bytes"] = 1 / 1048576; scale["KiB"] = 1 / 1024; scale["MiB"] = 1
        scale["GiB"] = 1024; scale["TiB"] = 1048576; scale["PiB"] = 1073741824
        if (!(unit in scale) || ops_s + 0 <= 0) exit 2
        printf "%.0f %.0f %.6f %.3f\n", bytes, ops, ops / ops_s, rate * scale[unit]
        done = 1
    }
    END { if (!done) exit 1 }' "$1"
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
