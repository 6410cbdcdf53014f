# fio-vs-xfsio.awk - fio's psync engine beside xfs_io on one mount: the
# same pwrite(2) loop, so their write bandwidths should be of one size.
# Where they differ by more than 2x, say why, from what this run measured.
#
#   awk -f csv.awk -f fio-vs-xfsio.awk [-v fmt=text|md] SCENARIOS_CSV
#
# Per (fs, DAX, scenario): the median of xfs_io's "pwrite" B/W and of
# fio-psync's "write bw".  The reasons, each only when its figure says so:
#  - fio's runtime is counted in whole milliseconds (job_runtime): under
#    5 ms its bandwidth is coarse (+-1 ms is 20% of it or more);
#  - fio's psync job ends with end_fsync=1, and fio counts that fsync in
#    the runtime its bandwidth divides by (backend.c: do_io() issues it
#    before it returns, and the runtime is taken after); xfs_io's pwrite B/W ends before
#    its -c fsync.  Without DAX the fsync writes the whole page cache back,
#    so fio's figure is a write-plus-writeback figure;
#  - the file state differs (xfs_io's fresh file for alloc-*, fio's
#    prepared one for overwrite-*): named from the rows' notes.
# Prints nothing when every pair is within 2x (or there is no pair).

FNR == 1 { csv_index($0, c); next }
{
    csv_split($0, f)
    tool = f[c["tool"]]
    if (tool != "xfs_io" && tool != "fio-psync") next
    if (f[c["variant"]] != "email" && f[c["variant"]] != "") next
    k = f[c["fs"]] SUBSEP f[c["dax"]] SUBSEP f[c["scenario"]]
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    m = f[c["pwrite_mibps"]] + 0
    if (m <= 0) next
    i = ++cnt[k, tool]; v[k, tool, i] = m
    if (tool == "fio-psync") { rt[k, i] = f[c["pwrite_s"]] + 0; bytes[k] = f[c["bytes"]] + 0 }
    if (f[c["notes"]] ~ /prepared untimed/) prepared[k, tool] = 1
}
# csv.awk's median() over one (mount, scenario, tool)'s values
function fv_median(k, tool,    i, a) {
    for (i = 1; i <= cnt[k, tool]; i++) a[i] = v[k, tool, i]
    return median(a, cnt[k, tool])
}
END {
    for (x = 1; x <= n; x++) {
        k = order[x]
        if (!cnt[k, "xfs_io"] || !cnt[k, "fio-psync"]) continue
        mx = fv_median(k, "xfs_io"); mf = fv_median(k, "fio-psync"); r = mf / mx
        if (r <= 2 && r >= 0.5) continue
        split(k, p, SUBSEP)
        why = ""
        minrt = 1e9
        for (i = 1; i <= cnt[k, "fio-psync"]; i++) if (rt[k, i] < minrt) minrt = rt[k, i]
        if (minrt < 0.005)
            why = why sprintf("; fio timed the writes over %.0f ms and counts whole milliseconds, so its bandwidth at %d MiB is coarse (1 ms is %.0f%% of it)",
                              minrt * 1000, bytes[k] / 1048576, minrt > 0 ? 0.1 / minrt : 100)
        if (p[2] != 1 && r < 1)
            why = why "; fio's psync job ends with end_fsync=1 and fio counts that fsync in its runtime, while xfs_io's pwrite B/W stops before -c fsync: without DAX that fsync writes the whole page cache back, so fio's figure includes the writeback"
        if (p[2] == 1 && r < 1)
            why = why "; fio's runtime includes its end_fsync (on DAX: the log force and, for new blocks, the allocation commit); xfs_io's pwrite B/W stops before -c fsync"
        if (p[3] ~ /-4k$/ && r < 1)
            why = why "; at 4 KiB per call fio also reads the clock around every I/O for its latency statistics (gtod_reduce is off), which xfs_io does not, and which is slow in a TCG guest"
        if (prepared[k, "fio-psync"] != prepared[k, "xfs_io"])
            why = why "; the two started from a different file state (one prepared its file untimed)"
        if (why == "") why = "; no measured figure of this run explains it (look at raw/fio-psync-*.json and the xfs_io log)"
        line = sprintf("%s-%s %s: fio-psync %.0f MiB/s vs xfs_io %.0f MiB/s (%.2fx)%s",
                       p[1], p[2] == 1 ? "dax" : "nodax", p[3], mf, mx, r, why)
        out[++nout] = line
    }
    if (!nout) exit 0
    if (fmt == "md") {
        print "### fio and xfs_io differ by more than 2x"
        print ""
        print "fio's psync engine makes the same pwrite(2) calls as xfs_io; where the two"
        print "bandwidths differ by more than 2x on one mount, these are the differences between"
        print "the two measurements that apply (this run does not split fio's runtime into them):"
        print ""
        for (i = 1; i <= nout; i++) print "- " out[i]
        print ""
    } else {
        print "fio and xfs_io differ by more than 2x on one mount (the same pwrite(2) loop); the differences"
        print "between the two measurements that apply (not a measured split of fio's runtime):"
        for (i = 1; i <= nout; i++) print "  " out[i]
    }
}
