# lib.sh - helpers the main job's steps share; sourced by run.sh.
#
# Messages: say (stdout, part of the run's console record), warn and die
# (stderr, prefixed "run.sh:").  Numbers: now (wall clock, microseconds,
# no fork), fsub/fdiv for the few sums bash cannot do.  CSV: csv_quote.
# Machine facts: machine_facts sets the M_* variables every result row
# carries.

say()  { printf '%s\n' "$*"; }
warn() { printf 'run.sh: %s\n' "$*" >&2; }
die()  { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with microseconds; bash 5 keeps it without a fork.
now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }

# fsub A B -> A - B ; fdiv A B -> A / B (6 decimals)
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", a - b }'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", b ? a / b : 0 }'; }

# csv_quote FIELD: RFC 4180 quoting when the field needs it.
csv_quote() {
    local s=$1
    case $s in
    *[,\"]*) s=${s//\"/\"\"}; printf '"%s"' "$s" ;;
    *) printf '%s' "$s" ;;
    esac
}

# csv_join FIELD...: one CSV line.
csv_join() {
    local first=1 f
    for f in "$@"; do
        [ $first = 1 ] || printf ','
        csv_quote "$f"
        first=0
    done
    printf '\n'
}

# in_list WORD LIST...: is WORD one of LIST?
in_list() {
    local w=$1 x; shift
    for x in "$@"; do [ "$x" = "$w" ] && return 0; done
    return 1
}

# bytes SIZE: xfs_io size syntax (64, 4k, 16m, 1g) to bytes; empty if bad.
bytes() {
    awk -v s="$1" 'BEGIN {
        if (s !~ /^[0-9]+[kKmMgGtT]?$/) exit
        n = s + 0; u = tolower(substr(s, length(s)))
        if (u == "k") n *= 1024; else if (u == "m") n *= 1048576
        else if (u == "g") n *= 1073741824; else if (u == "t") n *= 1099511627776
        printf "%.0f\n", n }'
}

# The columns every result row starts with, and machine_facts to fill them.
MACHINE_COLS="host,date,git_rev,kernel,cpu_model,cpu_flags,isa,flush,kernels"
. "$(dirname "${BASH_SOURCE[0]}")/modes.sh"   # ref_modes
# The results folder's layout (results/README.md), in summary.json as
# schema_version; run.sh --compare reads it.  2: the one conformance schema
# (check,implementation,fs,dax,variant,expected,outcome,iterations,...);
# 1: conformance.csv had profile,want,run,outcome,message.
RESULTS_SCHEMA=2
machine_facts() {
    local desc
    M_HOST=$(hostname 2>/dev/null || uname -n)
    M_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    M_GIT_REV=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
    M_KERNEL=$(uname -r)
    M_CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    # The flags the copy kernels and flushes depend on, as the CPU has them.
    M_CPU_FLAGS=$(awk '/^flags/ { for (i = 3; i <= NF; i++) f[$i] = 1; exit }
        END { n = split("sse2 avx avx2 avx512f avx512bw clflush clflushopt clwb movdir64b erms fsrm", w, " ")
              s = ""; for (i = 1; i <= n; i++) if (w[i] in f) s = s (s ? " " : "") w[i]; print s }' /proc/cpuinfo)
    desc=$("$BUILD/daxio" --ref movnt --region-size 16m -V x 2>/dev/null) || desc=
    M_ISA=$(sed -n 's/^isa: \([^ ]*\).*/\1/p' <<<"$desc")
    M_FLUSH=$(sed -n 's/^flush: \([^ ]*\).*/\1/p' <<<"$desc")
    # "nt=K cached+flush=K cached=K (nt measured, ... )": which kernel each
    # kind uses and why (ref/copy_rank.h), in every row's kernels column
    M_KERNELS=$(sed -n 's/^kernels: //p' <<<"$desc")
    M_KERNEL_WHY=$(sed -n 's/^kernel choice: \([^(]*[^ (]\).*/\1/p' <<<"$desc")
    [ -z "$M_KERNEL_WHY" ] || M_KERNELS+=" ($M_KERNEL_WHY)"
    M_KERNEL_NOTE=$(sed -n 's/^kernel choice: [^(]*(\(.*\))$/\1/p' <<<"$desc")
    export DAXBENCH_GIT_REV=$M_GIT_REV     # daxcopy's git_rev column
}

# machine_fields [COL...]: the values of the named MACHINE_COLS (default
# all), quoted, each followed by a comma.
machine_fields() {
    local c v
    for c in ${@:-${MACHINE_COLS//,/ }}; do
        case $c in
        host) v=$M_HOST ;; date) v=$M_DATE ;; git_rev) v=$M_GIT_REV ;; kernel) v=$M_KERNEL ;;
        cpu_model) v=$M_CPU_MODEL ;; cpu_flags) v=$M_CPU_FLAGS ;; isa) v=$M_ISA ;;
        flush) v=$M_FLUSH ;; kernels) v=$M_KERNELS ;; *) v= ;;
        esac
        csv_quote "$v"; printf ','
    done
}

# prefix_csv TARGET IN OUT [COL...]: IN's header and rows, each behind
# "target,<the named machine columns (default all)>,"; appended to OUT,
# whose header is written only when OUT is new.  A tool that already writes
# some machine facts (daxcopy: date, git_rev, cpu_model, kernel_release)
# gets only the columns it lacks, so no name appears twice.
prefix_csv() {
    local target=$1 in=$2 out=$3 cols; shift 3
    cols=${*:-${MACHINE_COLS//,/ }}
    PRE="$(csv_quote "$target"),$(machine_fields $cols)" awk -v hdr="$([ -s "$out" ] || echo 1)" \
        -v cols="target,${cols// /,}," '
        NR == 1 { if (hdr) print cols $0; next }
        { print ENVIRON["PRE"] $0 }' "$in" >>"$out"
}

# A run's scratch folders (daxbench-mainjob.* and the region images'
# daxbench-run.*) hold an "owner" file with the run's PID.  A run killed
# with SIGKILL cannot remove them; the next run does: every such folder
# whose owner is gone, ours, under the given parents.
mark_owner() { echo "$$" >"$1/owner"; }
reap_stale() {
    local d pid
    for d in "$@"; do
        [ -d "$d" ] && [ -O "$d" ] && [ -f "$d/owner" ] || continue
        pid=$(cat "$d/owner" 2>/dev/null)
        [[ $pid =~ ^[0-9]+$ ]] || continue
        [ "$pid" = $$ ] && continue
        kill -0 "$pid" 2>/dev/null && continue
        rm -rf -- "$d" && say "removed $d, left by run $pid, which was killed"
    done
}
