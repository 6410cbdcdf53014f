# tool-shape.awk - on a real target, the same xfs_io command lines run by
# the real xfs_io and by daxio (on a real file, POSIX calls): do the two
# tools tell the same story?
#
#   awk -f csv.awk -f tool-shape.awk -v fmt=text|md|json RESULTS_CSV
#
# Prints nothing unless the CSV holds a real target's rows from both tools.
#
# Absolute figures of one tool against the other are shown, not judged: a
# loop device's page cache swings several-fold between runs of one tool.
# The judged property is the shape: for each filesystem and DAX state, take
# every pair of scenario lines (A, B) and the ratio A/B of the medians,
# once for pwrite B/W and once for runtime.  When xfs_io's ratio is clear
# (at least CLEAR, or at most 1/CLEAR), daxio's must lie on the same side
# of 1.  Pairs that xfs_io does not separate clearly are not judged.  The
# verdict is "agrees in shape" when every judged pair agrees, "DISAGREES"
# naming the pairs otherwise, and "not judged" when no pair was clear.
#
# A cell (fs, DAX state, scenario line, tool) needs MINRUNS runs before its
# median is judged: on a loop mount over /dev/shm a page-cache write of
# 64 MiB now and then stalls ~0.1 s in the host's page allocator (about
# 20x its usual time, measured with either tool), and with one sample that
# stall alone decides a pair.  With fewer runs the same comparison is
# printed as indicative and the verdict is "not judged".

BEGIN { if (CLEAR == "") CLEAR = 1.5; if (MINRUNS == "") MINRUNS = 3 }

NR == 1 { csv_index($0, c); next }
{
    csv_split($0, f)
    tool = f[c["tool"]]
    if (f[c["target"]] == "ref" || (tool != "xfs_io" && tool != "daxio")) next
    combo = f[c["fs"]] "-" (f[c["dax"]] == 1 ? "dax" : "nodax")
    line = f[c["scenario"]] (f[c["variant"]] == "email" ? "" : "/" f[c["variant"]])
    if (!((combo, line) in seen_line)) { seen_line[combo, line] = 1; lines[combo, ++nl[combo]] = line }
    if (!(combo in seen_combo)) { seen_combo[combo] = 1; combos[++nc] = combo }
    if (!target) target = f[c["target"]]
    has[tool] = 1
    nruns[combo, line, tool]++
    if (f[c["pwrite_mibps"]] != "") bw[combo, line, tool, ++nbw[combo, line, tool]] = f[c["pwrite_mibps"]] + 0
    if (f[c["runtime_s"]] != "") rt[combo, line, tool, ++nrt[combo, line, tool]] = f[c["runtime_s"]] + 0
}

# med(metric, combo, line, tool): the median of one series (csv.awk's median)
function med(metric, combo, line, tool,    k, n, i, v) {
    k = combo SUBSEP line SUBSEP tool
    n = metric == "bw" ? nbw[k] : nrt[k]
    for (i = 1; i <= n; i++) v[i] = metric == "bw" ? bw[k, i] : rt[k, i]
    return median(v, n)
}
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "" : a / b }
function fx(x) { return x == "" ? "-" : sprintf("%.2fx", x) }
function fnum(x, d) { return x == "" ? "-" : sprintf("%." d "f", x) }

# judge(metric): fills n_judged, n_agree, n_unclear and the list of disagreements
function judge(metric, name,    ci, combo, i, j, a, b, rx, rd) {
    for (ci = 1; ci <= nc; ci++) {
        combo = combos[ci]
        for (i = 1; i <= nl[combo]; i++) for (j = i + 1; j <= nl[combo]; j++) {
            a = lines[combo, i]; b = lines[combo, j]
            rx = ratio(med(metric, combo, a, "xfs_io"), med(metric, combo, b, "xfs_io"))
            rd = ratio(med(metric, combo, a, "daxio"), med(metric, combo, b, "daxio"))
            if (rx == "" || rd == "") continue
            if (rx < CLEAR && rx > 1 / CLEAR) { n_unclear++; continue }
            n_judged++
            if ((rx > 1) == (rd > 1)) n_agree++
            else disagree[++n_dis] = sprintf("%s, %s of %s over %s: xfs_io %.2fx, daxio %.2fx", combo, name, a, b, rx, rd)
        }
    }
}

END {
    if (!has["xfs_io"] || !has["daxio"]) exit
    minruns = ""
    for (k in nruns) if (minruns == "" || nruns[k] < minruns) minruns = nruns[k]
    judge("bw", "pwrite B/W"); judge("rt", "runtime")
    few = minruns < MINRUNS
    verdict = few ? "not judged (" minruns " run(s) in a cell; the shape is judged on medians of " MINRUNS " or more: --runs " MINRUNS ")" : \
              !n_judged ? "not judged (no pair of scenario lines that xfs_io separates by " CLEAR "x or more)" : \
              n_dis ? "DISAGREES on " n_dis " of " n_judged " judged pairs" : \
              "agrees in shape: all " n_judged " judged pairs"
    if (few) { would_judge = n_judged; would_dis = n_dis; n_judged = n_agree = 0 }
    md = fmt == "md"
    if (fmt == "json") {
        printf "  \"tool_shape\": {\"target\": %s, \"clear\": %s, \"min_runs\": %d, \"runs_per_cell\": %d, \"judged\": %d, \"agree\": %d, \"unclear\": %d, \"verdict\": %s, \"%s\": [",
            json_str(target), CLEAR, MINRUNS, minruns, n_judged, n_agree, n_unclear, json_str(verdict),
            few ? "indicative_disagreements" : "disagreements"
        for (i = 1; i <= n_dis; i++) printf "%s%s", (i > 1 ? ", " : ""), json_str(disagree[i])
        print "]}"
        exit
    }
    if (md) {
        print "## xfs_io and daxio on the same mount (target " target ")"
        print ""
        print "The same command lines through the real xfs_io and through daxio on a real file (medians, MiB/s and s;"
        print "each tool first makes one untimed warm-up write, as each reference mode does)."
        print "Judged: the shape. For every pair of scenario lines that xfs_io separates by " CLEAR "x or more"
        print "(pwrite B/W or runtime), daxio must order them the same way. Absolute figures are shown, not judged."
        print ""
        print "| fs | scenario | xfs_io MiB/s | daxio MiB/s | daxio/xfs_io | xfs_io s | daxio s |"
        print "|---|---|---:|---:|---:|---:|---:|"
    } else {
        print ""
        print "   xfs_io and daxio on the same mount (target " target "; medians): the shape must agree"
        printf "   %-11s %-22s %10s %10s %8s %9s %9s\n", "fs", "scenario", "xfs_io", "daxio", "ratio", "xfs_io s", "daxio s"
    }
    for (ci = 1; ci <= nc; ci++) {
        combo = combos[ci]
        for (i = 1; i <= nl[combo]; i++) {
            l = lines[combo, i]
            bx = med("bw", combo, l, "xfs_io"); bd = med("bw", combo, l, "daxio")
            tx = med("rt", combo, l, "xfs_io"); td = med("rt", combo, l, "daxio")
            if (md)
                printf "| %s | %s | %s | %s | %s | %s | %s |\n", combo, l, fnum(bx, 1), fnum(bd, 1),
                    fx(ratio(bd, bx)), fnum(tx, 2), fnum(td, 2)
            else
                printf "   %-11s %-22s %10s %10s %8s %9s %9s\n", combo, l, fnum(bx, 1), fnum(bd, 1),
                    fx(ratio(bd, bx)), fnum(tx, 2), fnum(td, 2)
        }
    }
    pre = md ? "" : "   "
    print ""
    printf "%s%s%s%s%s.\n", pre, md ? "**" : "", verdict, md ? "**" : "",
        few ? "" : " (" n_unclear " pair(s) not clear in xfs_io, not judged)"
    if (few && would_judge)
        printf "%sIndicative only: of %d pairs xfs_io separates, %d are ordered otherwise by daxio in %s:\n", pre,
            would_judge, would_dis, minruns == 1 ? "these single samples (one ~0.1 s page-allocation stall flips a pair)" : "these few runs"
    for (i = 1; i <= n_dis; i++) printf "%s- %s\n", pre, disagree[i]
}
