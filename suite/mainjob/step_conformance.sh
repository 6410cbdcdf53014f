# step_conformance.sh - the main job's third step: the conformance catalogue
# on the reference.  daxrace --matrix runs every race script of
# workloads/races/ on `fixed` and on the profile that carries its bug, and
# asserts both: pass on fixed, fail (the bug caught) on the buggy profile.
#
# Reads:  TOP, BUILD, OUT, WORK, OPT_QUICK
# Writes: $OUT/conformance.csv.part (daxrace's rows behind the target and
#         machine columns), $OUT/conformance.json, $OUT/raw/daxrace.txt,
#         $WORK/report.d/30-conformance.md, $WORK/json.d/30-conformance.json

step_conformance() {
    local raw=$OUT/raw/daxrace.txt rc=0 sum p f s t0
    mkdir -p "$OUT/raw"
    say ""
    say "== Step 3: conformance on the reference (daxrace --matrix: every check passes on fixed"
    say "   and fails on the profile that carries its bug; workloads/races/README.md)"
    t0=$(now)
    "$BUILD/daxrace" --matrix --csv "$WORK/conformance.csv" --json "$OUT/conformance.json" \
        "$TOP"/workloads/races/*.race >"$raw" 2>&1 || rc=$?
    sum=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$raw" | tail -n 1)
    if [ -z "$sum" ]; then
        say "   daxrace failed (status $rc) without a summary: $(tail -n 3 "$raw" | tr '\n' ' ')"
        return 1
    fi
    read -r p _ f _ s _ <<<"${sum//,/}"
    # One line per check: fixed, then each buggy profile, and why it failed.
    awk '
        /^(PASS|FAIL|SKIP) / {
            split($2, a, "/"); check = a[1]; prof = a[2]; sub(/:$/, "", prof)
            if (!(check in seen)) { seen[check] = 1; order[++n] = check }
            msg = index($0, ": ") ? substr($0, index($0, ": ") + 2) : ""
            verdict = ($1 == "PASS") ? (prof == "fixed" ? "passes" : "caught") : \
                      ($1 == "SKIP" ? "skipped" : "FAILED")
            if ($1 == "PASS" && msg ~ /^measured: /) verdict = "(" substr(msg, 11) ")"
            line[check] = line[check] sprintf("%s %s %s", line[check] ? ";" : "", prof, verdict)
            if ($1 == "FAIL") why[check] = why[check] "\n       " substr($0, index($0, ": ") + 2)
        }
        END { for (i = 1; i <= n; i++) printf "   %-24s%s%s\n", order[i], line[order[i]], why[order[i]] }
    ' "$raw"
    say "   $sum  ($(fsub "$(now)" "$t0" | cut -c1-5) s; every run in raw/daxrace.txt)"
    prefix_csv ref "$WORK/conformance.csv" "$OUT/conformance.csv.part"

    mkdir -p "$WORK/report.d" "$WORK/json.d"
    {
        echo "## Conformance on the reference"
        echo
        echo "\`daxrace --matrix workloads/races/*.race\`: each check must pass on \`fixed\`"
        echo "and fail on the profile that carries its bug. **$sum.**"
        echo
        echo "| check | profile | outcome | why |"
        echo "|---|---|---|---|"
        awk '/^(PASS|FAIL|SKIP) / {
                split($2, a, "/"); prof = a[2]; sub(/:$/, "", prof)
                msg = index($0, ": ") ? substr($0, index($0, ": ") + 2) : ""
                gsub(/\|/, "\\|", msg)
                printf "| %s | %s | %s | %s |\n", a[1], prof, $1, msg }' "$raw"
    } >"$WORK/report.d/30-conformance.md"
    printf '"conformance": {"passed": %d, "failed": %d, "skipped": %d, "runs": "conformance.json"}\n' \
        "$p" "$f" "$s" >"$WORK/json.d/30-conformance.json"
    # A real target's own checks (suite/stress/), from its session.
    if [ "$OPT_TARGET" != ref ]; then
        real_conformance || f=$((f + 1))
    fi
    [ "$f" -eq 0 ]
}
