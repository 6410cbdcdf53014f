# step_scenarios.sh - the main job's first step: Dave Chinner's four write
# scenarios of August 2016 (workloads/chinner-2016/), every mode of the
# target, RUNS runs each, then the four tables in the email's shape with
# the published figures and the ratios beside them.
#
# Reads:  OPT_SIZE, OPT_RUNS, OPT_MODES, OPT_SCENARIOS, OPT_TARGET, OUT, WORK
# Writes: $OUT/scenarios.csv.part (renamed by run.sh when the run ends),
#         $OUT/raw/<scenario>-<variant>-<mode>-run<N>.{log,stats},
#         $WORK/report.d/10-scenarios.md, $WORK/json.d/scenarios.json

WL=$TOP/workloads/chinner-2016

# scn_names: the scenarios in table order (for --scenarios and --help).
scn_names() { awk '!/^#/ && NF >= 3 { print $2 }' "$WL/tables"; }

# resize_args BYTES: the length of every pwrite in ARGS becomes BYTES.
# The length is pwrite's second positional word; options that take a value
# (xfs_io's b, S, s, f, i, V, Z) are skipped with it.
resize_args() {
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

# parse_report LOG: "bytes ops pwrite_s mibps" from xfs_io's two report
# lines (pwrite_s = ops / (ops/sec), as the vm job computes it); nothing if
# there is no report.
parse_report() {
    awk '
    /^wrote [0-9]+\/[0-9]+ bytes at offset / && !b { split($2, a, "/"); b = a[1]; next }
    b != "" && / ops; / && ops == "" {
        s = $0; sub(/ ops;.*/, "", s); sub(/.*, /, "", s); ops = s
        r = $0; sub(/.*\(/, "", r); split(r, f, " ")
        rate = f[1]; unit = f[2]; sub(/\/sec$/, "", unit); opsps = f[4]
        m = unit == "bytes" ? 1 / 1048576 : unit == "KiB" ? 1 / 1024 : unit == "MiB" ? 1 : \
            unit == "GiB" ? 1024 : unit == "TiB" ? 1048576 : -1
        if (m > 0 && opsps > 0)
            printf "%s %s %.6f %.3f\n", b, ops, ops / opsps, rate * m
        exit
    }' "$1"
}

# stats_sum FILE PATTERN: the sum of the time.cmdN whose cmdN matches
# PATTERN (an awk regex on the command text).
stats_sum() {
    awk -F' = ' -v pat="$2" '
        $1 ~ /^cmd[0-9]+$/ { text[$1] = $2 }
        $1 ~ /^time\.cmd[0-9]+$/ { k = substr($1, 6); t[k] = $2 }
        END { s = 0; for (k in t) if (text[k] ~ pat) s += t[k]; printf "%.6f\n", s }' "$1"
}
stats_get() { awk -F' = ' -v k="$2" '$1 == k { print $2; exit }' "$1" 2>/dev/null; }

SCN_COLS="fs,dax,tool,mode,zeroing,table,scenario,variant,run,bytes,ops,pwrite_s,pwrite_mibps,runtime_s,setup_s,pwrite_cmd_s,sync_s,close_s,teardown_s,other_s,journal_txns,blocks_allocated,zero_bytes,zero_s,prefill,region_bytes,accel,statx_dax,command,notes"

step_scenarios() {
    # On a real target the reference runs here too (its columns sit beside
    # the target's); the target's rows come from its session (target_real.sh).
    local csv=$OUT/scenarios.csv.part t=ref size_b i run mode n=0 total=0 failed=0
    local -a L_SC=() L_VAR=() L_STATE=() L_DAX=() L_ARGS=()
    local s sc var state dax args
    size_b=$(bytes "$OPT_SIZE")
    mkdir -p "$OUT/raw" "$WORK/report.d" "$WORK/json.d"
    printf 'target,%s,%s\n' "$MACHINE_COLS" "$SCN_COLS" >"$csv"

    # The lines of the chosen scenarios, in table order, then file order.
    for sc in $OPT_SCENARIOS; do
        while read -r s var state dax args; do
            case $s in ''|'#'*) continue ;; esac
            [ "$s" = "$sc" ] || continue
            L_SC+=("$s") L_VAR+=("$var") L_STATE+=("$state") L_DAX+=("$dax") L_ARGS+=("$args")
        done <"$WL/scenarios"
    done
    for i in "${!L_SC[@]}"; do
        for mode in $OPT_MODES; do
            dax=$("target_${t}_dax" "$mode")
            [ "${L_DAX[i]}" = any ] || [ "${L_DAX[i]}" = "$dax" ] && total=$((total + 1))
        done
    done
    total=$((total * OPT_RUNS))

    say ""
    say "== Step 1: Chinner's 2016 scenarios on target '$t': $(show_cmd $OPT_MODES | tr ' ' ','), $OPT_RUNS run(s) of $OPT_SIZE each"
    local extra=
    for mode in $OPT_MODES; do case $mode in pagecache|movnt) ;; *) extra+="${extra:+, }$mode" ;; esac; done
    say "   no DAX = pagecache, DAX = movnt (the 2016 kernel)${extra:+; further DAX columns: $extra}"
    "target_${t}_setup" "$size_b"

    # One untimed run per mode first: the first touch of host memory (the
    # page cache's pool, the region's pages) is slow on a VM and would land
    # in run 1 only.  Not in the tables; its output is kept in raw/.
    split_args "${L_ARGS[0]}" && resize_args "$size_b"
    for mode in $OPT_MODES; do
        "target_${t}_reset" "${L_STATE[0]}" "$size_b"
        "target_${t}_run" "$mode" "$OUT/raw/warmup-$mode.log" "$OUT/raw/warmup-$mode.stats" "${ARGS[@]}"
    done
    say "   warm-up: one untimed run per mode of ${L_SC[0]} (not in the tables)"

    for ((run = 1; run <= OPT_RUNS; run++)); do
        for i in "${!L_SC[@]}"; do
            sc=${L_SC[i]} var=${L_VAR[i]} state=${L_STATE[i]}
            split_args "${L_ARGS[i]}" || die "$WL/scenarios: open quote in the line for $sc"
            resize_args "$size_b"
            for mode in $OPT_MODES; do
                dax=$("target_${t}_dax" "$mode")
                [ "${L_DAX[i]}" = any ] || [ "${L_DAX[i]}" = "$dax" ] || continue
                n=$((n + 1))
                scn_one "$t" "$mode" "$dax" "$sc" "$var" "$state" "$run" "$size_b" "$n" "$total" \
                    || failed=$((failed + 1))
            done
        done
    done
    "target_${t}_cleanup"

    local note=
    if [ "$OPT_TARGET" != ref ]; then
        if [ "$REAL_RC" = 77 ]; then
            say "   the real target could not run here ($REAL_SKIP_WHY): the reference's columns only"
        else
            real_scenario_rows "$csv" || { warn "step scenarios: no rows from the real target '$OPT_TARGET' (status $REAL_RC)"; failed=$((failed + 1)); }
        fi
        note=$(real_target_note)
    fi
    TARGET_NOTE=$note "$MJ/scenario-report.sh" "$OUT/scenarios.csv.part" "$WL" "$WORK" || failed=$((failed + 1))
    [ $failed = 0 ] || { warn "step scenarios: $failed run(s) failed; see the notes column and $OUT/raw/"; return 1; }
}

# scn_one T MODE DAX SCENARIO VARIANT STATE RUN BYTES N TOTAL: one timed run,
# its CSV row and its progress line.  ARGS holds the xfs_io arguments.
scn_one() {
    local t=$1 mode=$2 dax=$3 sc=$4 var=$5 state=$6 run=$7 size_b=$8 n=$9 total=${10}
    local base=$OUT/raw/$sc-$var-$mode-run$run rep notes= ok=0
    local b= ops= pw_s= mibps= setup= pwc= sync= close= td= other= txns= alloc= zb= zs= table
    table=$(awk -v s="$sc" '!/^#/ && $2 == s { print $1; exit }' "$WL/tables")
    RESET_NOTE=
    "target_${t}_reset" "$state" "$size_b"
    [ -n "$RESET_NOTE" ] && notes=$RESET_NOTE
    "target_${t}_run" "$mode" "$base.log" "$base.stats" "${ARGS[@]}"
    rep=$(parse_report "$base.log")
    [ -n "$rep" ] && read -r b ops pw_s mibps <<<"$rep"
    if [ "$RC" != 0 ]; then notes+="${notes:+; }exit status $RC"
    elif [ -z "$rep" ]; then notes+="${notes:+; }no pwrite report in the output"
    else ok=1; fi
    if [ -s "$base.stats" ]; then
        setup=$(stats_get "$base.stats" time.setup)
        pwc=$(stats_sum "$base.stats" '^pwrite')
        sync=$(stats_sum "$base.stats" '^(f|fdata)?sync')
        close=$(stats_get "$base.stats" time.close)
        td=$(stats_get "$base.stats" time.teardown)
        if [ -n "$td" ]; then
            other=$(awk -v r="$RUNTIME_S" -v a="$setup" -v c="$(stats_sum "$base.stats" .)" \
                        -v d="$close" -v e="$td" 'BEGIN { printf "%.6f\n", r - a - c - d - e }')
        fi
        txns=$(awk -F' = ' '$1 == "mount.ref.journal_txns" { m = $2 } $1 == "end.ref.journal_txns" { e = $2 }
                            END { if (e != "") print e - m }' "$base.stats")
        alloc=$(awk -F' = ' '$1 == "mount.ref.free_blocks" { m = $2 } $1 == "end.ref.free_blocks" { e = $2 }
                            END { if (e != "") print m - e }' "$base.stats")
        # the reference's own zeroing counters (daxio --stats turns them on)
        zb=$(stats_get "$base.stats" end.ref.zero_bytes); zs=$(stats_get "$base.stats" end.ref.zero_seconds)
        [ -n "$td" ] && zb=${zb:-0} zs=${zs:-0}
    fi
    { printf '%s,' "$t"; machine_fields
      csv_join daxref "$dax" daxio "$mode" zero-on-alloc "$table" "$sc" "$var" "$run" \
          "$b" "$ops" "$pw_s" "$mibps" "$RUNTIME_S" "$setup" "$pwc" "$sync" "$close" "$td" "$other" \
          "$txns" "$alloc" "$zb" "$zs" "${OPT_PREFILL:-none}" "${REF_REGION:-}" host "" "$CMDLINE" "$notes"; } >>"$OUT/scenarios.csv.part"
    if [ $ok = 1 ]; then
        printf '   [%2d/%d] %-13s %-7s run %d %-9s pwrite %9.1f MiB/s  runtime %5.2f s (setup %.2f, pwrite %.2f, of it zeroing %.2f, sync %.2f, teardown %.2f)\n' \
            "$n" "$total" "$sc" "$var" "$run" "$mode" "$mibps" "$RUNTIME_S" "${setup:-0}" "${pwc:-0}" \
            "${zs:-0}" "${sync:-0}" "${td:-0}"
    else
        printf '   [%2d/%d] %-13s %-7s run %d %-9s FAILED: %s (output: %s)\n' "$n" "$total" "$sc" "$var" \
            "$run" "$mode" "$notes" "$base.log"
        return 1
    fi
}
