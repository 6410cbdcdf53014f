# summary.sh - summary.json, report.md and report.html of a run; sourced by
# run.sh.
#
# write_summary ELAPSED FAILED_STEPS: the run's facts (the machine, the
# options, the time, the failed steps) into $WORK/facts.csv, one key and
# value per row; daxreport summary (suite/daxreport/summary.c, whose facts[]
# names every key and how summary.json writes it) assembles them with what
# the steps left in $WORK/headline.md, $WORK/json.d and $WORK/report.d.

write_summary() {
    local elapsed=$1 failed=$2
    {
        csv_join key value
        csv_join schema_version "$RESULTS_SCHEMA"   # lib.sh, results/README.md
        csv_join failed_steps "$failed"
        csv_join elapsed_s "$elapsed"
        csv_join target "$OPT_TARGET"
        csv_join machine.host "$M_HOST"
        csv_join machine.date "$M_DATE"
        csv_join machine.git_rev "$M_GIT_REV"
        csv_join machine.kernel "$M_KERNEL"
        csv_join machine.cpu_model "$M_CPU_MODEL"
        csv_join machine.cpu_flags "$M_CPU_FLAGS"
        csv_join machine.isa "$M_ISA"
        csv_join machine.flush "$M_FLUSH"
        csv_join machine.kernels "$M_KERNELS"
        csv_join options.quick "$OPT_QUICK"
        csv_join options.size "$OPT_SIZE"
        csv_join options.runs "$OPT_RUNS"
        csv_join options.modes "$OPT_MODES"
        csv_join options.scenarios "$OPT_SCENARIOS"
        csv_join options.steps "$OPT_STEPS"
    } >"$WORK/facts.csv"
    "$BUILD/daxreport" summary --facts "$WORK/facts.csv" --out "$OUT" --work "$WORK" \
        || warn "the summary could not be written in full (see above)"
}
