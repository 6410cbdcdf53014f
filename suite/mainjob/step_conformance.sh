# step_conformance.sh - the main job's third step: the conformance catalogue
# on the reference.  daxrace --matrix runs every race script of
# workloads/races/ on `fixed` and on the profile that carries its bug, and
# asserts both: pass on fixed, fail (the bug caught) on the buggy profile.
#
# Then the explorer (daxrace --explore, suite/daxrace/README.md): a seeded
# sample of OPT_EXPLORE cases of the bounded schedule space and a third as
# many of the crash space ("all": both spaces whole), every run judged by
# the oracle, its rows in the same CSV/JSON as the catalogue's.
#
# Reads:  TOP, BUILD, OUT, WORK, OPT_QUICK, OPT_EXPLORE
# Writes: $OUT/conformance.csv.part (daxrace's rows behind the target and
#         machine columns), $OUT/conformance.json, $OUT/raw/daxrace.txt,
#         $OUT/raw/explore-{schedules,crash}.txt,
#         $WORK/report.d/30-conformance.md, $WORK/json.d/30-conformance.json

# explore_part NAME ARGS...: one exploration into $WORK/explore-NAME.{csv,json}
# and $OUT/raw/explore-NAME.txt; prints its line of the space table and sets
# EX_LINE (markdown row), EX_JSON (object), EX_OK (0 clean, 1 not).
explore_part() {
    local name=$1 raw=$OUT/raw/explore-$1.txt rc=0 line cases total sched rate imgs viol errs confs; shift
    "$BUILD/daxrace" --explore "$@" --csv "$WORK/explore-$name.csv" \
        --json "$WORK/explore-$name.json" >"$raw" 2>&1 || rc=$?
    line=$(grep -m1 '^explored ' "$raw")
    if [[ ! $line =~ explored\ ([0-9]+)\ of\ ([0-9]+)\ cases.*:\ ([0-9]+)\ schedules\ run\ \(([0-9]+)\ a\ second ]]; then
        say "   explore $name: ERROR: no summary (status $rc): $(tail -n 2 "$raw" | tr '\n' ' ')"
        EX_OK=1 EX_LINE="| $name | ERROR: did not run | | | | | | |" EX_JSON="{\"part\": \"$name\", \"error\": true}"
        return
    fi
    cases=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]} sched=${BASH_REMATCH[3]} rate=${BASH_REMATCH[4]}
    imgs=$(sed -n 's/^crash images mounted and judged: //p' "$raw"); imgs=${imgs:-0}
    viol=$(sed -n 's/^violations: \([0-9]*\) in.*/\1/p' "$raw"); viol=${viol:-0}
    errs=$(sed -n 's/.*errors (runs that could not run): \([0-9]*\)$/\1/p' "$raw"); errs=${errs:-0}
    # the configurations (mode/zeroing/page after "@state/") of the cases,
    # from the check column (a crash case's name holds commas: quoted)
    confs=$(awk -f "$TOP/suite/common/csv.awk" -f "$TOP/suite/common/csv-cols.awk" -v cols=check \
                "$WORK/explore-$name.csv" 2>/dev/null | sed -n 's/^explore:[^@]*@[^/]*\/\(.*\)$/\1/p' | sort -u | wc -l)
    EX_OK=0
    [ "$rc" -eq 0 ] && [ "$sched" -gt 0 ] || EX_OK=1
    say "$(printf '   %-10s %6s of %-6s cases %9s schedules %6s/s %3s configurations %7s crash images  %s violations, %s errors' \
        "$name" "$cases" "$total" "$sched" "$rate" "$confs" "$imgs" "$viol" "$errs")"
    grep -E '^(VIOLATION|ERROR)' "$raw" | head -n 5 | sed 's/^/      /' | while IFS= read -r l; do say "$l"; done
    EX_LINE="| $name | $cases of $total | $sched | $rate | $confs | $imgs | $viol | $errs |"
    EX_JSON=$(printf '{"part": "%s", "cases": %d, "cases_in_space": %d, "schedules": %d, "runs_per_second": %d, "configurations": %d, "crash_images": %d, "violations": %d, "errors": %d}' \
        "$name" "$cases" "$total" "$sched" "$rate" "$confs" "$imgs" "$viol" "$errs")
}

step_conformance() {
    local raw=$OUT/raw/daxrace.txt rc=0 sum p f s t0
    mkdir -p "$OUT/raw"
    say ""
    say "== Step 3: conformance on the reference (daxrace --matrix: every check passes on fixed"
    say "   and fails on the profile that carries its bug; workloads/races/README.md)"
    t0=$(now)
    # --checks / --expunge (run.sh): the race scripts of CONF_CHECKS only,
    # as the catalogue maps them (durable: four scripts), each once
    local races=() c r
    declare -A rseen=()
    while read -r c r; do
        in_list "$c" ${CONF_CHECKS:-} || continue
        for r in ${r//,/ }; do
            [ -z "${rseen[$r]:-}" ] && [ -f "$TOP/workloads/races/$r.race" ] || continue
            rseen[$r]=1; races+=("$TOP/workloads/races/$r.race")
        done
    done < <(catalogue race)
    [ -n "${CONF_CHECKS:-}" ] || races=("$TOP"/workloads/races/*.race)
    [ -z "${CONF_EXPUNGED:-}" ] || say "   expunged ($OPT_EXPUNGE):$CONF_EXPUNGED"
    if [ ${#races[@]} = 0 ]; then
        say "   no check of the reference's catalogue selected (--checks names only real-kernel checks)"
        return 0
    fi
    "$BUILD/daxrace" --matrix --csv "$WORK/conformance.csv" --json "$OUT/conformance.json" \
        "${races[@]}" >"$raw" 2>&1 || rc=$?
    sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$raw" | tail -n 1)
    if [ -z "$sum" ]; then
        say "   daxrace failed (status $rc) without a summary: $(tail -n 3 "$raw" | tr '\n' ' ')"
        return 1
    fi
    read -r p _ f _ s _ <<<"${sum//,/}"
    # One line per check: fixed, then each buggy profile, and why it failed,
    # by the verdict of each row (daxreport conformance-ref: verdict.c's rule).
    "$BUILD/daxreport" conformance-ref text "$WORK/conformance.csv"
    say "   $sum  ($(fsub "$(now)" "$t0" | cut -c1-5) s; every run in raw/daxrace.txt)"
    prefix_csv ref "$WORK/conformance.csv" "$OUT/conformance.csv.part"

    # The explorer: no script, every run judged by the oracle.
    local ex_rows= ex_json= ex_args=() n=$OPT_EXPLORE
    if [ "$n" != 0 ]; then
        say ""
        if [ "$n" = all ]; then
            say "   The explorer (daxrace --explore): the whole bounded space, schedules then crashes"
        else
            say "   The explorer (daxrace --explore): $n cases of the schedule space and $(( (n + 2) / 3 )) of the"
            say "   crash space, seed 1 (--explore all: the whole space; suite/daxrace/README.md)"
        fi
        t0=$(now)
        for part in schedules crash; do
            ex_args=()
            [ "$part" = crash ] && ex_args=(--crash)
            if [ "$n" != all ]; then
                ex_args+=(--seed 1 --sample "$([ "$part" = crash ] && echo $(( (n + 2) / 3 )) || echo "$n")")
                [ "$part" = crash ] && ex_args+=(--crash-long 0)
            fi
            explore_part "$part" "${ex_args[@]}"
            ex_rows+="$EX_LINE"$'\n'
            ex_json+="${ex_json:+, }$EX_JSON"
            if [ "$EX_OK" = 0 ]; then p=$((p + 1)); else f=$((f + 1)); fi
            prefix_csv ref "$WORK/explore-$part.csv" "$OUT/conformance.csv.part"
            if [ -s "$WORK/explore-$part.json" ] && command -v jq >/dev/null; then
                jq -s 'add' "$OUT/conformance.json" "$WORK/explore-$part.json" >"$WORK/merged.json" &&
                    mv "$WORK/merged.json" "$OUT/conformance.json"
            fi
        done
        sum="$p passed, $f failed, $s skipped"
        say "   $sum  with the explorer ($(fsub "$(now)" "$t0" | cut -c1-5) s; raw/explore-*.txt)"
    fi

    mkdir -p "$WORK/report.d" "$WORK/json.d"
    {
        echo "## Conformance on the reference"
        echo
        echo "\`daxrace --matrix workloads/races/*.race\`: each check must pass on \`fixed\`"
        echo "and fail on the profile that carries its bug. **$sum.**"
        echo
        echo "| check | implementation | verdict | why |"
        echo "|---|---|---|---|"
        "$BUILD/daxreport" conformance-ref md "$WORK/conformance.csv"
        if [ -n "$ex_rows" ]; then
            echo
            echo "### The explorer on \`fixed\`"
            echo
            echo "\`daxrace --explore\` ($([ "$n" = all ] && echo "the whole bounded space" || echo "a seeded sample: $n cases")):"
            echo "every schedule within the preemption bound, and a crash image at every"
            echo "fence, judged by the oracle (suite/daxrace/ORACLE.md)."
            echo
            echo "| part | cases | schedules | runs/s | configurations | crash images | violations | errors |"
            echo "|---|---|---|---|---|---|---|---|"
            printf '%s' "$ex_rows"
        fi
    } >"$WORK/report.d/30-conformance.md"
    printf '"conformance": {"passed": %d, "failed": %d, "skipped": %d, "runs": "conformance.json", "explored": [%s]}\n' \
        "$p" "$f" "$s" "$ex_json" >"$WORK/json.d/30-conformance.json"
    # A real target's own checks (suite/stress/), from its session.
    # A target that could not run (77) is not a failure of this step.
    if [ "$OPT_TARGET" != ref ]; then
        local rc=0
        real_conformance || rc=$?
        [ "$rc" = 0 ] || [ "$rc" = 77 ] || f=$((f + 1))
    fi
    # The verdicts for a CI system, of every row this step wrote (the
    # reference's, the explorer's, the real target's): TAP 13 and JUnit.
    local csvs=("$WORK/conformance.csv") x
    for x in "$WORK"/explore-*.csv "$OUT/conformance-${REAL_KIND:-none}.csv.part"; do
        [ -s "$x" ] && csvs+=("$x")
    done
    "$BUILD/daxrace" --verdicts "${csvs[@]}" >"$WORK/verdicts.tsv" 2>"$WORK/verdicts.err" || true
    if [ -s "$WORK/verdicts.tsv" ]; then
        awk -F'\t' -v fmt=tap -f "$TOP/tests/tools/verdicts.awk" "$WORK/verdicts.tsv" >"$OUT/results.tap"
        awk -F'\t' -v fmt=junit -f "$TOP/tests/tools/verdicts.awk" "$WORK/verdicts.tsv" >"$OUT/junit.xml"
        say "   verdicts of every row: $(tail -n 1 "$WORK/verdicts.err") (results.tap, junit.xml)"
    else
        say "   no verdicts: $(tail -n 1 "$WORK/verdicts.err")"
    fi
    [ "$f" -eq 0 ]
}
