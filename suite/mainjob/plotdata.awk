# plotdata.awk - whitespace-separated data files for plots/*.gp, from the
# run's CSVs.  One program, chosen with -v what=...:
#
#   table    -v table=N  published.csv scenarios.csv
#            one line per column group: label, then published and measured
#            pwrite B/W and runtime as median, min, max (NaN where none)
#   split    scenarios.csv: per table and mode, the medians of setup,
#            pwrite, sync, teardown, other
#   sizes    -v nt= -v cf= -v cached=  copy-kernels.csv copy-modes.csv:
#            per call size: bare NT, cached+flush, cached, pmdk (GiB/s),
#            then per mode write+fsync GiB/s and one durable write (us)
#   threads  -v nt= -v cf=  copy-kernels.csv copy-modes.csv: per thread
#            count, aggregate GiB/s of each mode (overwrite, alloc) and of
#            the bare kernels at 4 KiB
#   names    scenarios.csv: the scenario names of the tables present, in
#            table order, on one line
#   kernels  copy-kernels.csv: the chosen kernel set ("nt=... cached+flush=...")
#   tools    -v combo=FS-dax|FS-nodax  scenarios.csv: a real target's
#            rows of that filesystem and DAX state, one line per scenario:
#            the median write B/W of each tool that ran there (xfs_io,
#            daxio, fio-psync, fio-mmap, fio-libpmem; NaN for a scenario
#            it did not run)
#   combos   scenarios.csv: the real target's FS-dax/FS-nodax combinations
#            that have rows, on one line
# Labels hold no blanks ("\n" is gnuplot's line break inside "...").

BEGIN { nan = "NaN"; split(mode_list, order, " ") }   # ref/modes.def, no-DAX first (modes.sh)
FNR == 1 { file++; delete col; csv_index($0, col); next }

what == "tools" || what == "combos" {
    csv_split($0, f)
    if (f[col["target"]] == "ref" || f[col["variant"]] != "email") next
    cb = f[col["fs"]] "-" (f[col["dax"]] == 1 ? "dax" : "nodax")
    if (!(cb in cseen)) { cseen[cb] = 1; corder[++nc] = cb }
    if (what == "combos" || cb != combo) next
    sc = f[col["scenario"]]; tl = f[col["tool"]]
    if (!(sc in sseen)) { sseen[sc] = 1; sorder[++nsc] = sc }
    tv[sc, tl, ++tn[sc, tl]] = f[col["pwrite_mibps"]]
    next
}
what == "names" { csv_split($0, f); t = f[col["table"]]; if (!(t in nm)) { nm[t] = f[col["scenario"]]; if (t > maxt) maxt = t }; next }
what == "kernels" { csv_split($0, f); if (kset == "") kset = f[col["kernels"]]; next }
what == "table" && file == 1 {
    csv_split($0, f)
    if (f[col["table"]] != table) next
    if (f[col["variant"]] == "email") {
        k = f[col["column"]] SUBSEP f[col["metric"]]
        pv[k, ++pn[k]] = f[col["value"]]
    } else if (f[col["metric"]] == "runtime_s_lo") plo = f[col["value"]]
    else if (f[col["metric"]] == "runtime_s_hi") phi = f[col["value"]]
    next
}
what == "table" && file == 2 {
    csv_split($0, f)
    if (f[col["table"]] != table) next
    if (f[col["tool"]] != "daxio" && f[col["tool"]] != "xfs_io") next     # fio: the tools plot
    m = f[col["mode"]] (f[col["variant"]] == "nofsync" ? "-nofsync" : "")
    if (f[col["target"]] != "ref" && f[col["variant"]] != "email") next
    if (f[col["target"]] != "ref" && m ~ /\//) next                       # xfs_io only
    if (f[col["target"]] != "ref" && !(m in seen)) real[++nreal] = m
    seen[m] = 1
    mv[m, "bw", ++mn[m, "bw"]] = f[col["pwrite_mibps"]]
    mv[m, "rt", ++mn[m, "rt"]] = f[col["runtime_s"]]
    if (!rbytes) rbytes = f[col["bytes"]] + 0
    next
}
what == "split" && file == 1 {
    csv_split($0, f)
    t = f[col["table"]]; m = f[col["mode"]] (f[col["variant"]] == "nofsync" ? "-nofsync" : "")
    if (!((t, m) in seen)) { seen[t, m] = 1; tm[t] = tm[t] " " m; if (t > maxt) maxt = t }
    k = ++sn[t, m]
    sv[t, m, "setup", k] = f[col["setup_s"]]; sv[t, m, "pwrite", k] = f[col["pwrite_cmd_s"]]
    sv[t, m, "sync", k] = f[col["sync_s"]]; sv[t, m, "teardown", k] = f[col["teardown_s"]]
    sv[t, m, "other", k] = f[col["other_s"]]
    next
}
(what == "sizes" || what == "threads") && file == 1 {
    csv_split($0, f)
    if (f[col["op"]] != "copy" || f[col["source"]] != "hot") next
    s = f[col["size"]] + 0; th = f[col["threads"]] + 0
    kg[f[col["copy_kernel"]], s, th] = f[col["gibps_median"]]
    if (th == 1 && !(s in ksz)) { ksz[s] = 1; ks[++nks] = s }
    if (th > maxth) maxth = th
    next
}
(what == "sizes" || what == "threads") && file == 2 {
    csv_split($0, f)
    m = f[col["mode"]]; s = f[col["size"]] + 0; th = f[col["threads"]] + 0
    mseen[m] = 1
    if (f[col["study"]] == "sizes") {
        mg[m, s, f[col["metric"]]] = f[col["gibps_median"]]
        mus[m, s, f[col["metric"]]] = f[col["us_per_call"]]
        if (!(s in msz)) { msz[s] = 1; ms[++nms] = s }
    } else {
        tg[m, f[col["io"]], th] = f[col["gibps_median"]]
        if (th > maxth) maxth = th
    }
    next
}

function arr_stats(a, n,    b, i, lo, hi) {   # "median min max" of a[1..n]
    lo = ""; hi = ""
    for (i = 1; i <= n; i++) {
        if (a[i] == "") continue
        b[i] = a[i]
        if (lo == "" || a[i] + 0 < lo) lo = a[i] + 0
        if (hi == "" || a[i] + 0 > hi) hi = a[i] + 0
    }
    if (lo == "") return nan " " nan " " nan
    return median(b, n) " " lo " " hi
}
function mstats(m, w,    a, i) { for (i = 1; i <= mn[m, w]; i++) a[i] = mv[m, w, i]; return arr_stats(a, mn[m, w]) }
# The published figures; runtimes scaled from the email's 1 GiB to the
# bytes this run wrote, so a --quick run's bars compare like with like.
function pscale(met) { return met == "runtime_s" && rbytes > 0 ? rbytes / 1073741824 : 1 }
function pstats(c, met,    a, i, k) { k = c SUBSEP met; for (i = 1; i <= pn[k]; i++) a[i] = pv[k, i] * pscale(met); return arr_stats(a, pn[k]) }
function v(x) { return x == "" ? nan : x }
function sortnum(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
}

END {
    if (what == "combos") {
        for (i = 1; i <= nc; i++) printf "%s%s", (i > 1 ? " " : ""), corder[i]
        printf "\n"
    } else if (what == "tools") {
        # only the tools that ran on this combination: gnuplot refuses a
        # histogram column without a valid point
        n = split("xfs_io daxio fio-psync fio-mmap fio-libpmem", all, " ")
        for (j = 1; j <= n; j++) {
            have = 0
            for (i = 1; i <= nsc; i++) if (tn[sorder[i], all[j]]) have = 1
            if (have) tlist[++nt] = all[j]
        }
        printf "# scenario"
        for (j = 1; j <= nt; j++) printf " %s", tlist[j]
        printf "\n"
        for (i = 1; i <= nsc; i++) {
            printf "%s", sorder[i]
            for (j = 1; j <= nt; j++) {
                for (k = 1; k <= tn[sorder[i], tlist[j]]; k++) a[k] = tv[sorder[i], tlist[j], k]
                x = tn[sorder[i], tlist[j]] ? median(a, tn[sorder[i], tlist[j]]) : ""
                printf " %s", x == "" ? nan : x
                delete a
            }
            printf "\n"
        }
    } else if (what == "names") {
        for (t = 1; t <= maxt; t++) if (t in nm) printf "%s%s", (n++ ? " " : ""), nm[t]
        printf "\n"
    } else if (what == "kernels") print kset
    else if (what == "table") {
        print "# group pub_bw(med min max) meas_bw(med min max) pub_rt(med min max) meas_rt(med min max)"
        for (i = 1; i <= 4; i++) {
            m = order[i]
            if (!(m in seen)) continue
            lab = m == "pagecache" ? "\"no DAX\\n(pagecache)\"" : m == "movnt" ? "\"DAX\\n(movnt)\"" : "\"DAX\\n(" m ")\""
            pb = m == "pagecache" ? pstats("nodax", "pwrite_mibps") : m == "movnt" ? pstats("dax", "pwrite_mibps") : nan " " nan " " nan
            pr = m == "pagecache" ? pstats("nodax", "runtime_s") : m == "movnt" ? pstats("dax", "runtime_s") : nan " " nan " " nan
            print lab, pb, mstats(m, "bw"), pr, mstats(m, "rt")
            if ((m "-nofsync") in seen)
                print "\"no DAX\\nno fsync\"", nan, nan, nan, mstats(m "-nofsync", "bw"), \
                    (plo != "" ? (plo + phi) / 2 * pscale("runtime_s") " " plo * pscale("runtime_s") " " phi * pscale("runtime_s") : nan " " nan " " nan), mstats(m "-nofsync", "rt")
        }
        # a real target's columns (FS-nodax, FS-dax) after the reference's,
        # each beside the published figure of its side
        for (i = 1; i <= nreal; i++) {
            m = real[i]; nd = m ~ /-nodax/
            split(m, mp, "-")
            lab = "\"" mp[1] "\\n(" (nd ? "no DAX" : "DAX") ")\""
            print lab, pstats(nd ? "nodax" : "dax", "pwrite_mibps"), mstats(m, "bw"), \
                pstats(nd ? "nodax" : "dax", "runtime_s"), mstats(m, "rt")
        }
    } else if (what == "split") {
        print "# label setup pwrite sync teardown other  (medians, s; a blank line between tables)"
        for (t = 1; t <= maxt; t++) {
            n = split(tm[t], ml, " ")
            for (i = 1; i <= 4; i++) for (j = 0; j <= 1; j++) {
                m = order[i] (j ? "-nofsync" : "")
                if (!((t, m) in seen)) continue
                printf "\"%s\"", (m == "pagecache" ? "no DAX" : m == "movnt" ? "DAX" : m == "pagecache-nofsync" ? "no fsync" : m)
                split("setup pwrite sync teardown other", ph, " ")
                for (p = 1; p <= 5; p++) {
                    for (k = 1; k <= sn[t, m]; k++) a[k] = sv[t, m, ph[p], k]
                    x = median(a, sn[t, m]); printf " %s", x == "" ? 0 : x
                    delete a
                }
                printf "\n"
            }
            printf "\n\n"
        }
    } else if (what == "sizes") {
        sortnum(ks, nks); sortnum(ms, nms)
        printf "# size nt cached+flush cached pmdk"
        for (i = 1; i <= 4; i++) printf " %s_write+fsync %s_durable_us %s_write", order[i], order[i], order[i]
        printf "\n"
        for (i = 1; i <= nks; i++) {
            s = ks[i]
            printf "%d %s %s %s %s", s, v(kg[nt, s, 1]), v(kg[cf, s, 1]), v(kg[cached, s, 1]), v(kg["pmdk", s, 1])
            for (j = 1; j <= 4; j++)
                printf " %s %s %s", v(mg[order[j], s, "write+fsync"]), v(mus[order[j], s, "write+fsync-each"]), v(mg[order[j], s, "write"])
            printf "\n"
        }
    } else if (what == "threads") {
        printf "# threads"
        for (i = 1; i <= 4; i++) printf " %s %s_alloc", order[i], order[i]
        printf " nt cached+flush pmdk  (aggregate GiB/s, 4 KiB calls)\n"
        for (t = 1; t <= maxth; t++) {
            printf "%d", t
            for (i = 1; i <= 4; i++) printf " %s %s", v(tg[order[i], "overwrite", t]), v(tg[order[i], "alloc", t])
            printf " %s %s %s\n", v(kg[nt, 4096, t]), v(kg[cf, 4096, t]), v(kg["pmdk", 4096, t])
        }
    }
}
