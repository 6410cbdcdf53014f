# summary.sh - summary.json and report.md of a run; sourced by run.sh.
#
# write_summary ELAPSED FAILED_STEPS: assembles what the steps left in
# $WORK/json.d (members of "steps") and $WORK/report.d (sections of the
# report), in file-name order, with the machine facts and the options.

json_list() {
    local first=1 w
    printf '['
    for w in "$@"; do
        [ $first = 1 ] || printf ', '
        printf '"%s"' "$w"; first=0
    done
    printf ']'
}

# A JSON string: backslash, quote and every control character escaped
# (perl-base is part of every Debian system).
json_esc() {
    perl -e 'my $s = shift; $s =~ s/(["\\])/\\$1/g;
             $s =~ s/([\x00-\x1f])/sprintf("\\u%04x", ord($1))/ge; print "\"$s\""' -- "$1"
}

write_summary() {
    local elapsed=$1 failed=$2 f first=1 complete=true
    [ -z "$failed" ] || complete=false
    {
        printf '# daxbench main job: %s\n\n' "$(basename "$OUT")"
        [ ! -s "$WORK/headline.md" ] || cat "$WORK/headline.md"
        # the number that carries the argument, under the headline: the
        # DAX/no-DAX ratios, published against measured
        [ ! -s "$OUT/ratios.png" ] || printf '![ratios](ratios.png)\n\n'
        printf '| | |\n|---|---|\n'
        printf '| target | %s |\n| machine | %s, %s |\n| kernel | %s |\n' "$OPT_TARGET" "$M_HOST" "$M_CPU_MODEL" "$M_KERNEL"
        printf '| CPU flags | %s |\n| kernels chosen | isa %s, flush %s; %s |\n' "$M_CPU_FLAGS" "$M_ISA" "$M_FLUSH" "$M_KERNELS"
        printf '| git | %s |\n| date | %s |\n| options | size %s, %s run(s), modes %s, steps %s%s |\n' \
            "$M_GIT_REV" "$M_DATE" "$OPT_SIZE" "$OPT_RUNS" "$OPT_MODES" "$OPT_STEPS" \
            "$([ "$OPT_QUICK" = 1 ] && echo ', --quick')"
        printf '| elapsed | %.1f s |\n' "$elapsed"
        [ -z "$failed" ] || printf '| **failed steps** | %s |\n' "$failed"
        for f in "$WORK"/report.d/*.md; do
            [ -e "$f" ] || continue
            printf '\n'; cat "$f"
        done
        if ls "$OUT"/*.png >/dev/null 2>&1; then
            printf '\n## Plots\n\n'
            for f in "$OUT"/*.png; do
                [ "$(basename "$f")" != ratios.png ] || continue   # under the headline
                printf '![%s](%s)\n\n' "$(basename "$f" .png)" "$(basename "$f")"
            done
        else
            printf '\n## Plots\n\nNone were drawn in this run (see console.txt for why).\n'
        fi
    } >"$OUT/report.md"
    # one self-contained page: the same report, the plots inlined
    awk -v dir="$OUT" -v title="daxbench: $(basename "$OUT")" -f "$MJ/md2html.awk" "$OUT/report.md" \
        >"$OUT/report.html" || warn "report.html could not be written"
    {
        # schema_version: RESULTS_SCHEMA (lib.sh, results/README.md)
        printf '{\n  "schema_version": %d,\n  "tool": "daxbench run.sh",\n  "complete": %s,\n  "failed_steps": %s,\n' \
            "$RESULTS_SCHEMA" "$complete" "$(json_list $failed)"
        printf '  "elapsed_s": %.1f,\n  "target": %s,\n' "$elapsed" "$(json_esc "$OPT_TARGET")"
        printf '  "machine": {"host": %s, "date": %s, "git_rev": %s, "kernel": %s, "cpu_model": %s, "cpu_flags": %s, "isa": %s, "flush": %s, "kernels": %s},\n' \
            "$(json_esc "$M_HOST")" "$(json_esc "$M_DATE")" "$(json_esc "$M_GIT_REV")" \
            "$(json_esc "$M_KERNEL")" "$(json_esc "$M_CPU_MODEL")" "$(json_esc "$M_CPU_FLAGS")" \
            "$(json_esc "$M_ISA")" "$(json_esc "$M_FLUSH")" "$(json_esc "$M_KERNELS")"
        printf '  "options": {"quick": %s, "size": %s, "runs": %s, "modes": %s, "scenarios": %s, "steps": %s},\n' \
            "$([ "$OPT_QUICK" = 1 ] && echo true || echo false)" "$(json_esc "$OPT_SIZE")" "$OPT_RUNS" \
            "$(json_list $OPT_MODES)" "$(json_list $OPT_SCENARIOS)" "$(json_list $OPT_STEPS)"
        printf '  "files": %s,\n' "$(cd "$OUT" && json_list $(ls | sed 's/\.part$//' | grep -v '^INCOMPLETE$'))"
        printf '  "steps": {'
        for f in "$WORK"/json.d/*.json; do
            [ -e "$f" ] || continue
            [ $first = 1 ] || printf ','
            printf '\n'; cat "$f"; first=0
        done
        printf '\n  }\n}\n'
    } >"$OUT/summary.json"

}
