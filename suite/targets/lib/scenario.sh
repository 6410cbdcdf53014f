# scenario.sh - the one scenario runner: the lines of a scenario file
# (workloads/chinner-2016/scenarios, Dave Chinner's write tests of August
# 2016) run by every column of a target, RUNS times, after one untimed
# warm-up run per column.  The reference and the real targets both run
# through scn_run_all; what differs is the place the runs write to, given
# as three hooks:
#
#   reference   suite/mainjob/step_scenarios.sh: a column per copy mode,
#               "daxio --ref MODE" on one region image (target_ref.sh)
#   real        suite/targets/jobs/chinner-2016.sh: a column per tool
#               (xfs_io, daxio, ...) on the mount a target hands over
#
# Sourced by bash 5; uses the caller's say and die.  The functions:
#
#   split_args STR        STR -> array ARGS, honouring "..." and '...'
#                         quoting like a shell, without running anything
#   show_cmd WORD...      the words as one would type them (blanks quoted)
#   xfsio_parse LOG       xfs_io's first pwrite/pread report in LOG ->
#                         "bytes ops seconds MiB/s"
#   scn_load FILE TABLES [SCENARIO...]
#                         the lines of FILE (those of the named scenarios,
#                         in that order; all, in file order, by default)
#                         into SCN_SC, SCN_VAR, SCN_STATE, SCN_DAX,
#                         SCN_ARGS and their tables' numbers into SCN_TABLE
#   scn_run_all           the runs; the counts in SCN_RAN, SCN_FAILED
#
# scn_run_all reads:
#   SCN_COL_ID[]    each column's name in file names (a mode, a tool)
#   SCN_COL_DAX[]   0 or 1: the lines whose dax is "any" or this run it
#   SCN_RUNS        runs per line and column
#   SCN_BYTES       the length every pwrite is resized to ("" keeps it)
#   SCN_RAW         the folder of the runs' output (LINE-VARIANT-ID-runN.log,
#                   and .stats for the hook that writes them)
# and calls, in this order for every run:
#   scn_reset STATE BYTES       untimed: "fresh" leaves no file, "existing"
#                               one of at least BYTES; may set RESET_NOTE
#   scn_run I LOG STATS ARGS... the timed run of column I on the file; sets
#                               RC, RUNTIME_S (wall time of the whole
#                               command) and CMDLINE (what was run)
#   scn_row I                   writes the run's row from the SCN_R_*
#                               facts below, may add to SCN_R_NOTES and set
#                               SCN_R_SHOW (the end of the progress line);
#                               a non-zero status fails the run
# SCN_R_*: TABLE SCENARIO VARIANT RUN BYTES OPS PWRITE_S MIBPS NOTES LOG
# STATS and OK (1 when the tool exited 0 and printed its report).
#
# The order is run-major (run 1 of every line and column, then run 2...),
# so that a drift of the machine during the job falls on every column
# alike; the overwrite lines find the file the line before wrote.

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

show_cmd() {
    local a line=
    for a in "$@"; do
        case $a in *' '*) line+=" \"$a\"" ;; *) line+=" $a" ;; esac
    done
    printf '%s\n' "${line# }"
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

# scn_resize BYTES: the length of every pwrite in ARGS becomes BYTES.  The
# length is pwrite's second positional word; options that take a value
# (xfs_io's b, S, s, f, i, V, Z) are skipped with it.
scn_resize() {
    local i j w npos skip
    for i in "${!ARGS[@]}"; do
        read -r -a w <<<"${ARGS[i]}"
        [ "${w[0]:-}" = pwrite ] || continue
        npos=0 skip=0
        for ((j = 1; j < ${#w[@]}; j++)); do
            if [ $skip = 1 ]; then skip=0; continue; fi
            case ${w[j]} in
            -[bSsfiVZ]) skip=1 ;;
            -*) ;;
            *) npos=$((npos + 1)); [ $npos = 2 ] && w[j]=$1 ;;
            esac
        done
        ARGS[i]="${w[*]}"
    done
}

scn_load() {
    local file=$1 tables=$2 s var state dax args sc t; shift 2
    SCN_SC=() SCN_VAR=() SCN_STATE=() SCN_DAX=() SCN_ARGS=() SCN_TABLE=()
    [ -r "$file" ] || die "scenario file $file is missing"
    for sc in "${@:-}"; do
        while read -r s var state dax args; do
            case $s in ''|'#'*) continue ;; esac
            [ -z "$sc" ] || [ "$s" = "$sc" ] || continue
            split_args "$args" >/dev/null 2>&1 || die "$file: open quote in the line for $s"
            t=$(awk -v s="$s" '!/^#/ && $2 == s { print $1; exit }' "$tables" 2>/dev/null)
            SCN_SC+=("$s") SCN_VAR+=("$var") SCN_STATE+=("$state") SCN_DAX+=("$dax")
            SCN_ARGS+=("$args") SCN_TABLE+=("$t")
        done <"$file"
    done
}

# scn_runs_line I C: does column C run line I?
scn_runs_line() { [ "${SCN_DAX[$1]}" = any ] || [ "${SCN_DAX[$1]}" = "${SCN_COL_DAX[$2]}" ]; }

scn_args() {   # scn_args I: line I's words in ARGS, resized
    split_args "${SCN_ARGS[$1]}"
    [ -z "${SCN_BYTES:-}" ] || scn_resize "$SCN_BYTES"
}

scn_run_all() {
    local i c run n=0 total=0 first rep
    SCN_RAN=0 SCN_FAILED=0
    for i in "${!SCN_SC[@]}"; do
        for c in "${!SCN_COL_ID[@]}"; do scn_runs_line "$i" "$c" && total=$((total + 1)); done
    done
    total=$((total * SCN_RUNS))
    mkdir -p "$SCN_RAW"
    # One untimed run per column first, of the first line it runs: the
    # first touch of memory after a mount (the page cache's pool, the
    # region's pages) is slow, and with one run per figure that stall
    # alone would decide how the column ranks.  Not in the tables; its
    # output is kept.
    for c in "${!SCN_COL_ID[@]}"; do
        for i in "${!SCN_SC[@]}"; do scn_runs_line "$i" "$c" && break; done
        scn_runs_line "$i" "$c" || continue
        scn_args "$i"
        RESET_NOTE=
        scn_reset "${SCN_STATE[i]}" "${SCN_BYTES:-0}"
        scn_run "$c" "$SCN_RAW/warmup-${SCN_COL_ID[c]//\//-}.log" "$SCN_RAW/warmup-${SCN_COL_ID[c]//\//-}.stats" \
            "${ARGS[@]}"
        [ "$RC" = 0 ] || say "   warm-up of ${SCN_COL_ID[c]} exited $RC (see $SCN_RAW/warmup-${SCN_COL_ID[c]//\//-}.log)"
    done
    first=${SCN_SC[0]:-}
    say "   warm-up: one untimed run per column of ${first:-no line} (not in the tables)"
    for ((run = 1; run <= SCN_RUNS; run++)); do
        for i in "${!SCN_SC[@]}"; do
            for c in "${!SCN_COL_ID[@]}"; do
                scn_runs_line "$i" "$c" || continue
                n=$((n + 1))
                scn_args "$i"
                SCN_R_TABLE=${SCN_TABLE[i]} SCN_R_SCENARIO=${SCN_SC[i]} SCN_R_VARIANT=${SCN_VAR[i]} SCN_R_RUN=$run
                SCN_R_LOG=$SCN_RAW/${SCN_SC[i]}-${SCN_VAR[i]}-${SCN_COL_ID[c]//\//-}-run$run.log
                SCN_R_STATS=${SCN_R_LOG%.log}.stats
                RESET_NOTE=
                scn_reset "${SCN_STATE[i]}" "${SCN_BYTES:-0}"
                SCN_R_NOTES=$RESET_NOTE
                scn_run "$c" "$SCN_R_LOG" "$SCN_R_STATS" "${ARGS[@]}"
                rep=$(xfsio_parse "$SCN_R_LOG" 2>/dev/null) || rep=
                SCN_R_BYTES= SCN_R_OPS= SCN_R_PWRITE_S= SCN_R_MIBPS= SCN_R_OK=0 SCN_R_SHOW=
                [ -n "$rep" ] && read -r SCN_R_BYTES SCN_R_OPS SCN_R_PWRITE_S SCN_R_MIBPS <<<"$rep"
                if [ "$RC" != 0 ]; then SCN_R_NOTES+="${SCN_R_NOTES:+; }exit status $RC"
                elif [ -z "$rep" ]; then SCN_R_NOTES+="${SCN_R_NOTES:+; }no pwrite report in the output"
                else SCN_R_OK=1; fi
                scn_row "$c" || SCN_R_OK=0
                SCN_RAN=$((SCN_RAN + 1))
                if [ $SCN_R_OK = 1 ]; then
                    printf '   [%2d/%d] %-13s %-7s run %d %-12s pwrite %9.1f MiB/s  runtime %6.2f s%s\n' \
                        "$n" "$total" "${SCN_SC[i]}" "${SCN_VAR[i]}" "$run" "${SCN_COL_ID[c]}" "$SCN_R_MIBPS" \
                        "$RUNTIME_S" "${SCN_R_SHOW:+ $SCN_R_SHOW}"
                else
                    SCN_FAILED=$((SCN_FAILED + 1))
                    printf '   [%2d/%d] %-13s %-7s run %d %-12s FAILED: %s (output: %s)\n' "$n" "$total" \
                        "${SCN_SC[i]}" "${SCN_VAR[i]}" "$run" "${SCN_COL_ID[c]}" "$SCN_R_NOTES" "$SCN_R_LOG"
                fi
            done
        done
    done
}
