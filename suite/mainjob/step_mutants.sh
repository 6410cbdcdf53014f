# step_mutants.sh - an optional step (./run.sh --steps conformance,mutants):
# the kernel mutants (suite/vm/mutants.sh, workloads/kernel-mutants/), so
# that the report shows, beside the reference's profile matrix, the same
# catalogue's real checks each caught by its mistake put back into
# linux-6.1 - one catalogue, two implementations, each proven able to fail.
# Not in the default steps: it builds a kernel (minutes, once; cached) and
# boots one guest per mutant under TCG (about 25 minutes with 10 runs).
#
# Reads:  OPT_QUICK (3 runs of 10 s instead of 10), OUT, WORK
# Writes: $OUT/kernel-mutants.csv.part, $OUT/raw/mutants/ (the driver's
#         folder: one vm results folder per image), $WORK/report.d/
#         31-kernel-mutants.md, $WORK/json.d/31-kernel-mutants.json

step_mutants() {
    local runs=10 secs=10 rc=0 t0 d=$OUT/raw/mutants p f s
    # quick: fewer runs, not shorter ones (at 5 s the pin window of
    # busy-page-ignores-pins was hit in 2 of 3 runs; at 10 s in 20 of 20)
    [ "$OPT_QUICK" = 1 ] && runs=3
    mkdir -p "$OUT/raw" "$WORK/report.d" "$WORK/json.d"
    say "== Kernel mutants (suite/vm/mutants.sh --runs $runs --seconds $secs --fixes)"
    t0=$EPOCHREALTIME
    "$TOP/suite/vm/mutants.sh" --runs "$runs" --seconds "$secs" --fixes --out "$d" >"$OUT/raw/mutants.txt" 2>&1 || rc=$?
    grep -E '^(PASS|FAIL|SKIP) mutants/|passed, .* failed' "$OUT/raw/mutants.txt" | sed 's/^/   /'
    if [ ! -s "$d/mutants.csv" ]; then
        warn "step mutants: no table (status $rc): $(tail -n 2 "$OUT/raw/mutants.txt" | tr '\n' ' ')"
        [ $rc = 77 ] && return 0
        return 1
    fi
    cp "$d/mutants.csv" "$OUT/kernel-mutants.csv.part"
    read -r p f s < <(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$OUT/raw/mutants.txt" | tail -n 1)
    {
        echo "## Kernel mutants: each real check against its mistake in linux-6.1"
        echo
        echo "The reference's profile matrix (above) shows each check failing on the profile"
        echo "that carries its bug.  Here the same checks run on real kernels: Debian's"
        echo "linux-source-6.1 built with tinyconfig + workloads/kernel/daxbench.config, once"
        echo "unpatched (the control, which must pass) and once per patch of"
        echo "workloads/kernel-mutants/ (which must fail in at least 9 of 10 runs), booted"
        echo "under TCG; $runs runs of $secs s each, measured in this run"
        echo "($(fsub "${EPOCHREALTIME/,/.}" "${t0/,/.}") s).  Rows: kernel-mutants.csv."
        echo
        cat "$d/mutants.md"
        echo
        echo "$p passed, $f failed, $s skipped (a known failure of the control, and a mutant a VM cannot reveal, are skips with their reason)."
    } >"$WORK/report.d/31-kernel-mutants.md"
    printf '"kernel_mutants": {"runs": %d, "seconds": %d, "passed": %d, "failed": %d, "skipped": %d, "rows": "kernel-mutants.csv"}\n' \
        "$runs" "$secs" "${p:-0}" "${f:-0}" "${s:-0}" >"$WORK/json.d/31-kernel-mutants.json"
    [ "$rc" = 0 ] || [ "$rc" = 77 ]
}
