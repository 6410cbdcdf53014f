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

# The one scenario runner (split_args, show_cmd, the loop) is the real
# targets' too.
# shellcheck source=../targets/lib/scenario.sh
. "$TOP/suite/targets/lib/scenario.sh"

# scn_names: the scenarios in table order (for --scenarios and --help).
scn_names() { awk '!/^#/ && NF >= 3 { print $2 }' "$WL/tables"; }

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
    local csv=$OUT/scenarios.csv.part t=ref size_b mode failed=0
    size_b=$(bytes "$OPT_SIZE")
    mkdir -p "$OUT/raw" "$WORK/report.d" "$WORK/json.d"
    printf 'target,%s,%s\n' "$MACHINE_COLS" "$SCN_COLS" >"$csv"

    # The lines of the chosen scenarios, in table order, then file order;
    # the runs are the one scenario runner's (suite/targets/lib/scenario.sh),
    # the place is the reference's: one column per copy mode, every run
    # "daxio --ref MODE" on one region image (target_ref.sh).
    scn_load "$WL/scenarios" "$WL/tables" $OPT_SCENARIOS
    SCN_COL_ID=() SCN_COL_DAX=()
    for mode in $OPT_MODES; do
        SCN_COL_ID+=("$mode") SCN_COL_DAX+=("$("target_${t}_dax" "$mode")")
    done
    SCN_RUNS=$OPT_RUNS SCN_BYTES=$size_b SCN_RAW=$OUT/raw

    say ""
    say "== Step 1: Chinner's 2016 scenarios on target '$t': $(show_cmd $OPT_MODES | tr ' ' ','), $OPT_RUNS run(s) of $OPT_SIZE each"
    local extra=
    local nodax dax
    nodax=$(ref_mode_role nodax) dax=$(ref_mode_role dax)   # ref/modes.def
    for mode in $OPT_MODES; do [ "$mode" = "$nodax" ] || [ "$mode" = "$dax" ] || extra+="${extra:+, }$mode"; done
    say "   no DAX = $nodax, DAX = $dax (the 2016 kernel)${extra:+; further DAX columns: $extra}"
    "target_${t}_setup" "$size_b"
    scn_run_all
    failed=$SCN_FAILED
    # a step that timed nothing did not do its work: an error, never a pass
    if [ "$SCN_RAN" = 0 ]; then
        warn "step scenarios: no timed run (no line of --scenarios '$OPT_SCENARIOS' for --modes '$OPT_MODES')"
        failed=$((failed + 1))
    fi
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

# The runner's hooks for the reference (suite/targets/lib/scenario.sh).
scn_reset() { "target_ref_reset" "$@"; }
scn_run() { local c=$1; shift; "target_ref_run" "${SCN_COL_ID[c]}" "$@"; }

# scn_row C: the reference's row - the run's facts, and where its time went
# by daxio's --stats counters (setup, the pwrite and sync commands, close,
# the unmount, the reference's own zeroing and journal counters).
scn_row() {
    local mode=${SCN_COL_ID[$1]} dax=${SCN_COL_DAX[$1]} st=$SCN_R_STATS
    local setup= pwc= sync= close= td= other= txns= alloc= zb= zs=
    if [ -s "$st" ]; then
        setup=$(stats_get "$st" time.setup)
        pwc=$(stats_sum "$st" '^pwrite')
        sync=$(stats_sum "$st" '^(f|fdata)?sync')
        close=$(stats_get "$st" time.close)
        td=$(stats_get "$st" time.teardown)
        if [ -n "$td" ]; then
            other=$(awk -v r="$RUNTIME_S" -v a="$setup" -v c="$(stats_sum "$st" .)" \
                        -v d="$close" -v e="$td" 'BEGIN { printf "%.6f\n", r - a - c - d - e }')
        fi
        txns=$(awk -F' = ' '$1 == "mount.ref.journal_txns" { m = $2 } $1 == "end.ref.journal_txns" { e = $2 }
                            END { if (e != "") print e - m }' "$st")
        alloc=$(awk -F' = ' '$1 == "mount.ref.free_blocks" { m = $2 } $1 == "end.ref.free_blocks" { e = $2 }
                            END { if (e != "") print m - e }' "$st")
        # the reference's own zeroing counters (daxio --stats turns them on)
        zb=$(stats_get "$st" end.ref.zero_bytes); zs=$(stats_get "$st" end.ref.zero_seconds)
        [ -n "$td" ] && zb=${zb:-0} zs=${zs:-0}
    fi
    { printf '%s,' ref; machine_fields
      csv_join daxref "$dax" daxio "$mode" zero-on-alloc "$SCN_R_TABLE" "$SCN_R_SCENARIO" "$SCN_R_VARIANT" \
          "$SCN_R_RUN" "$SCN_R_BYTES" "$SCN_R_OPS" "$SCN_R_PWRITE_S" "$SCN_R_MIBPS" "$RUNTIME_S" "$setup" "$pwc" \
          "$sync" "$close" "$td" "$other" "$txns" "$alloc" "$zb" "$zs" "${OPT_PREFILL:-none}" "${REF_REGION:-}" \
          host "" "$CMDLINE" "$SCN_R_NOTES"; } >>"$OUT/scenarios.csv.part"
    SCN_R_SHOW=$(printf '(setup %.2f, pwrite %.2f, of it zeroing %.2f, sync %.2f, teardown %.2f)' \
        "${setup:-0}" "${pwc:-0}" "${zs:-0}" "${sync:-0}" "${td:-0}")
}
