# host.sh - host-side helpers shared by the target entry points
# (suite/targets/loop.sh, suite/vm/vm.sh).  Source after common.sh.
#
#   need_root WHAT WHY           exit 77 unless root
#   need_tools CMD:PKG...        exit 77 naming the Debian package of each
#                                missing command
#   shm_free_bytes               free bytes in /dev/shm
#   need_shm BYTES WHAT          exit 77 when /dev/shm has less than BYTES
#   pid_is_ours PID WORD         true if PID runs and its command line has WORD
#   stage_jobs DIR SPEC...       copy jobs (NAME or PATH.sh, plus their
#                                NAME.* data files) into DIR; prints names
#   export_provenance            DAXBENCH_CPU, DAXBENCH_GIT for the CSV rows
#   default_results_dir TARGET   results/<date>-<host>-<target> in the project
#   merge_results DIR            DIR/<job>/*/results.csv -> DIR/<job>.csv
#                                and DIR/<job>.json
#   print_results DIR            a short table of DIR/<job>.csv on stdout
#   combos_verdict DIR           summary of DIR/combos.txt; 0/1/77
#   new_results_dir DIR TARGET   DIR (default results/<date>-<host>-TARGET)
#                                created and empty; prints its absolute path
#   stage_job_args DIR LIST      stage_jobs, and JOBS / JOBARGS (--job NAME...)
#   start_runner CMD...          CMD in its own process group, in the
#                                background: RUNNER is its pid
#   stop_runner                  what Ctrl-C would do to RUNNER's group,
#                                then harder; for the traps
#   report_results DIR           merge, print, verdict of DIR; 0/1/77
#   common_opt ARGS...           one of the options every target takes
#                                (--quick --job --runs --size --tools --out);
#                                returns how many words it used, 0 for none
#   check_common_opts            --runs and --size are well formed, or exit 2
#   need_value OPT ARGS...       exit 2 unless OPT has a value after it
#   host_job_env NOTES           the job contract's environment for jobs on
#                                this host (runs and size defaults too)
#   signal_traps                 EXIT runs the caller's cleanup; INT, TERM
#                                and HUP say so and exit 130/143/129
#   run_jobs OUT CMD...          start_runner CMD, wait, report_results OUT:
#                                RC is the runner's status, VERDICT the report's

need_root() {   # need_root WHAT WHY
    [ "$(id -u)" -eq 0 ] || die_skip "$1 needs root ($2); run it as root"
}

need_tools() {
    local spec cmd pkg missing=()
    for spec in "$@"; do
        cmd=${spec%%:*} pkg=${spec#*:}
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd (package $pkg)")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    die_skip "missing: ${missing[*]}; install with apt-get install $(printf '%s\n' "$@" \
        | sed 's/^[^:]*://' | sort -u | tr '\n' ' ')"
}

shm_free_bytes() { df -B1 --output=avail /dev/shm | tail -n 1 | tr -d ' '; }

need_shm() {
    local want=$1 what=$2 free
    free=$(shm_free_bytes)
    if [ "$free" -lt "$want" ]; then
        die_skip "/dev/shm has $((free >> 20)) MiB free, $what needs $((want >> 20)) MiB"
    fi
}

pid_is_ours() {
    [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q -- "$2"
}

# A job is NAME (suite/targets/jobs/NAME.sh) or a path to a .sh file; its
# data files are the files beside it named NAME.* (NAME.scenarios, ...).
stage_jobs() {
    local dir=$1 spec src name f; shift
    mkdir -p "$dir"
    for spec in "$@"; do
        case $spec in
        */*|*.sh) src=$spec ;;
        *) src=$DAXBENCH_TARGETS/jobs/$spec.sh ;;
        esac
        [ -f "$src" ] || die "job '$spec' not found (looked for $src)"
        name=$(basename "$src" .sh)
        for f in "$(dirname "$src")/$name".*; do cp "$f" "$dir/"; done
        echo "$name"
    done
}

# What every result row records about the machine and the code
# (suite/targets/README.md, "Results folder"): the host's CPU model and the
# project's git revision.
export_provenance() {
    DAXBENCH_CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
    DAXBENCH_GIT=$(git -C "$DAXBENCH_TOP" describe --always --dirty 2>/dev/null || echo unknown)
    export DAXBENCH_CPU DAXBENCH_GIT
}

default_results_dir() {
    echo "$DAXBENCH_TOP/results/$(date +%Y%m%d-%H%M%S)-$(hostname -s 2>/dev/null || echo host)-$1"
}

# One CSV per job, one header; rows in the order the combinations ran
# (combos.txt: "job fs-dax status ...").
merge_results() {
    local dir=$1 job combo f
    [ -f "$dir/combos.txt" ] || return 0
    rm -f "$dir"/*.csv
    while read -r job combo _; do
        f=$dir/$job/$combo/results.csv
        [ -f "$f" ] || continue
        if [ -f "$dir/$job.csv" ]; then
            tail -n +2 "$f" >> "$dir/$job.csv"
        else
            cat "$f" > "$dir/$job.csv"
        fi
    done < "$dir/combos.txt"
    for f in "$dir"/*.csv; do
        [ -f "$f" ] && csv_to_json "$f" > "${f%.csv}.json"
    done
    return 0
}

# Median-free, plain view of the rows: one line per (fs, dax, tool, scenario)
# with every run's pwrite bandwidth and runtime; a conformance CSV (it has
# a "check" column) is shown as print_conformance does.
print_results() {
    local f
    for f in "$1"/*.csv; do
        [ -f "$f" ] || continue
        if head -n 1 "$f" | tr ',' '\n' | grep -qx check; then
            print_conformance "$f"
            continue
        fi
        head -n 1 "$f" | tr ',' '\n' | grep -qx pwrite_mibps || continue
        echo "--- $(basename "$f"): pwrite MiB/s and runtime s per run"
        # by column name, RFC 4180 (suite/common/csv.awk: a quoted field may
        # hold a comma)
        awk -f "$DAXBENCH_TARGETS/../common/csv.awk" -f /dev/fd/3 "$f" 3<<'EOF'
            NR == 1 { csv_index($0, c); next }
            { csv_split($0, x)
              k = sprintf("%-5s %-5s %-11s %-14s %-7s", x[c["fs"]], (x[c["dax"]] == 1 ? "dax" : "nodax"), x[c["tool"]], x[c["scenario"]], ("variant" in c ? x[c["variant"]] : ""))
              if (!(k in seen)) { seen[k] = 1; order[++n] = k }
              v[k] = v[k] sprintf("  %9s MiB/s %7s s", x[c["pwrite_mibps"]], x[c["runtime_s"]]) }
            END { for (i = 1; i <= n; i++) print order[i] v[order[i]] }
EOF
    done
}

# The conformance table: one line per check and variant, one column per
# fs-dax combination; a cell is the outcome (pass, fail, error, skip), with
# "!" when it is not what the variant expects (a real check must pass, a
# broken one fail; an error never is) and "(known)" for a failure the
# known-failures list names for this kernel.  The file is in the conformance
# schema (suite/common/verdict.h), read with csv.awk.
HOST_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CSV_AWK=$HOST_LIB/../../common/csv.awk
print_conformance() {
    echo "--- $(basename "$1"): conformance (real checks must pass; break:* variants must fail; ! = unexpected;"
    echo "    (known) = a failure listed in workloads/conformance/known-failures for this kernel)"
    awk -f "$CSV_AWK" -f "$HOST_LIB/conformance-table.awk" "$1"
}

# CSV (RFC 4180, as csv_row writes it) -> a JSON array of objects, numbers
# left as strings except where they parse as numbers.
csv_to_json() {
    awk -f "$CSV_AWK" -f "$HOST_LIB/csv-to-json.awk" "$1"
}

combos_verdict() {
    local f=$1/combos.txt p fl s
    [ -f "$f" ] || { echo "no combination ran"; return 1; }
    p=$(awk '$3 == "pass"' "$f" | wc -l)
    fl=$(awk '$3 == "fail"' "$f" | wc -l)
    s=$(awk '$3 == "skip"' "$f" | wc -l)
    awk '$3 != "pass" { print "  " $0 }' "$f"
    echo "combinations: $p passed, $fl failed, $s skipped"
    [ "$fl" -gt 0 ] && return 1
    [ "$p" -eq 0 ] && return 77
    return 0
}

new_results_dir() {
    local out=${1:-$(default_results_dir "$2")}
    mkdir -p "$out" || die "cannot create the results folder $out"
    out=$(cd "$out" && pwd)
    [ -z "$(ls -A "$out")" ] || die "results folder $out is not empty"
    echo "$out"
}

stage_job_args() {
    local j
    # shellcheck disable=SC2046  # one word per job
    mapfile -t JOBS < <(stage_jobs "$1" $(split_list "$2"))
    [ ${#JOBS[@]} -gt 0 ] || die "no job to run"
    JOBARGS=()
    for j in "${JOBS[@]}"; do JOBARGS+=(--job "$j"); done
}

# The runner goes into its own process group (set -m), so that a signal to
# the target script can stop it and everything it started, and only then
# unmount.
RUNNER=
start_runner() {
    set -m
    "$@" </dev/null &
    RUNNER=$!
    set +m
}

stop_runner() {
    [ -n "$RUNNER" ] && kill -0 "$RUNNER" 2>/dev/null || return 0
    kill -INT -- "-$RUNNER" 2>/dev/null || true
    for _ in $(seq 1 25); do kill -0 "$RUNNER" 2>/dev/null || break; sleep 0.2; done
    kill -TERM -- "-$RUNNER" 2>/dev/null && sleep 1
    kill -KILL -- "-$RUNNER" 2>/dev/null || true
    wait "$RUNNER" 2>/dev/null || true
    RUNNER=
}

report_results() {
    merge_results "$1"
    print_results "$1"
    combos_verdict "$1"
}

# Sets quick, joblist, runs, size, tools, out in the caller.  Usage:
#   n=0; common_opt "$@" || n=$?; [ $n -gt 0 ] && { shift $n; continue; }
common_opt() {
    case $1 in
    --quick) quick=1; return 1 ;;
    --job|--runs|--size|--tools|--out)
        [ $# -ge 2 ] || { echo "$DAXBENCH_TOOL: $1 needs a value (see --help)" >&2; exit 2; }
        case $1 in
        --job) joblist=$2 ;; --runs) runs=$2 ;; --size) size=$2 ;;
        --tools) tools=$2 ;; --out) out=$2 ;;
        esac
        return 2 ;;
    esac
    return 0
}

check_common_opts() {
    [ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] \
        || { echo "$DAXBENCH_TOOL: --runs wants a positive number, not '$runs'" >&2; exit 2; }
    [ -z "$size" ] || to_bytes "$size" >/dev/null || exit 2
}

need_value() {
    [ $# -ge 2 ] || { echo "$DAXBENCH_TOOL: $1 needs a value (see --help)" >&2; exit 2; }
}

host_job_env() {
    if [ "$quick" = 1 ]; then runs=${runs:-1}; size=${size:-64m}; else runs=${runs:-3}; fi
    KERNEL=$(uname -r)
    export_provenance
    export QUICK=$quick RUNS=$runs TOOLS=$tools KERNEL ACCEL=host NOTES="$1"
    [ -n "$size" ] && export SIZE=$size
    [ -d "$DAXBENCH_TOP/workloads" ] && export WORKLOADS=$DAXBENCH_TOP/workloads
    [ -d "$DAXBENCH_TOP/build" ] && export PATH=$DAXBENCH_TOP/build:$PATH
    return 0
}

signal_traps() {
    trap cleanup EXIT
    trap 'say "interrupted"; exit 130' INT
    trap 'say "terminated"; exit 143' TERM
    trap 'exit 129' HUP
}

run_jobs() {
    local out=$1; shift
    start_runner "$@"
    RC=0
    wait "$RUNNER" || RC=$?
    RUNNER=
    VERDICT=0
    report_results "$out" || VERDICT=$?
}
