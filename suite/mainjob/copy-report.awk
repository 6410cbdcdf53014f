# copy-report.awk - the copy-strategy study's summary: the call-size sweep
# of the chosen bare kernels, PMDK and every mode, the crossover where NT
# beats cached+flush, each mode's cost to durability, thread scaling.
#
#   awk -f csv.awk -f copy-report.awk -v fmt=text|md|json \
#       -v nt=KERNEL -v cf=KERNEL -v cached=KERNEL \
#       COPY_KERNELS_CSV COPY_MODES_CSV [SCENARIOS_CSV]
#
# Every figure is a median from the CSVs this run wrote.  The crossover is
# the smallest call size from which NT is at least as fast as cached+flush
# at that size and every larger one measured, "as fast" allowing 5% (the
# noise of one median on a shared machine); the sizes where cached+flush
# is more than 5% faster are named.

FNR == 1 { file++; delete col; csv_index($0, col); next }
file == 1 {
    csv_split($0, f)
    if (f[col["op"]] != "copy" || f[col["source"]] != "hot") next
    k = f[col["copy_kernel"]]; s = f[col["size"]] + 0; th = f[col["threads"]] + 0
    kg[k, s, th] = f[col["gibps_median"]]
    if (th == 1) { if (!(s in ksz)) { ksz[s] = 1; ks[++nks] = s } }
    else if (!((s, th) in kth)) { kth[s, th] = 1 }
    if (th > maxth) maxth = th
    if (!(k in kseen)) { kseen[k] = 1; kern[++nk] = k; kkind[k] = f[col["kind"]] }
    next
}
file == 2 {
    csv_split($0, f)
    st = f[col["study"]]; m = f[col["mode"]]; s = f[col["size"]] + 0; th = f[col["threads"]] + 0
    met = f[col["metric"]]; io = f[col["io"]]
    if (!(m in mseen)) { mseen[m] = 1 }
    if (st == "sizes") {
        mg[m, s, met] = f[col["gibps_median"]]; mus[m, s, met] = f[col["us_per_call"]]
        if (!(s in msz)) { msz[s] = 1; ms[++nms] = s }
    } else {
        tg[m, io, th] = f[col["gibps_median"]]
        if (th > maxth) maxth = th
        if (!(io in ioseen)) { ioseen[io] = 1 }
    }
    next
}
file >= 3 && FILENAME ~ /movsb/ {
    # the deferred mode again, its cached kernel forced to cached-movsb
    csv_split($0, f)
    if (f[col["study"]] == "sizes") mv[f[col["mode"]], f[col["size"]] + 0, f[col["metric"]]] = f[col["gibps_median"]]
    next
}
file >= 3 {
    # the scenarios' pagecache overwrite at 4 KiB, for the cold/warm cache note
    csv_split($0, f)
    if (f[col["mode"]] == "pagecache" && f[col["scenario"]] == "overwrite-4k" && f[col["variant"]] == "email" && f[col["ops"]] > 0) {
        cold[++ncold] = f[col["pwrite_s"]] / f[col["ops"]] * 1e6
    }
    next
}

function sortnum(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
}
function szl(s) {
    return s >= 1048576 && s % 1048576 == 0 ? s / 1048576 " MiB" : s >= 1024 && s % 1024 == 0 ? s / 1024 " KiB" : s " B"
}
function g(x) { return x == "" ? "-" : sprintf("%.2f", x) }
# crossover(A, B, sizes, n): text for where A (NT) beats B (cached+flush);
# sets XO to the size, or -1 when A never wins at the large end, 0 when A
# wins everywhere.
function crossover(an, bn, sz, n, rate,    i, k, lose, from) {
    k = 0
    for (i = n; i >= 1; i--) {
        if (rate[an, sz[i]] == "" || rate[bn, sz[i]] == "") continue
        if (rate[an, sz[i]] + 0 >= 0.95 * rate[bn, sz[i]]) k = i; else break
    }
    if (!k) { XO = -1; return sprintf("no crossover: %s is faster at the largest size measured (%s)", bn, szl(sz[n])) }
    if (k == 1) { XO = 0; return sprintf("%s is as fast or faster at every size measured, from %s (within 5%%)", an, szl(sz[1])) }
    XO = sz[k]
    lose = ""
    for (i = 1; i < k; i++) if (rate[an, sz[i]] + 0 < 0.95 * rate[bn, sz[i]]) lose = lose (lose ? ", " : "") szl(sz[i])
    return sprintf("%s is as fast or faster from %s up (within 5%%); %s is faster by more than 5%% at %s", an, szl(sz[k]), bn, lose)
}

END {
    sortnum(ks, nks); sortnum(ms, nms)
    split(mode_list, order, " ")   # ref/modes.def's order (modes.sh)
    nm = 0
    for (i = 1; i <= 4; i++) if (order[i] in mseen) modes[++nm] = order[i]
    # rates for the crossovers: r[name, size]
    for (i = 1; i <= nks; i++) { s = ks[i]; rb["NT", s] = kg[nt, s, 1]; rb["cached+flush", s] = kg[cf, s, 1] }
    xb = crossover("NT", "cached+flush", ks, nks, rb); xb_size = XO
    for (i = 1; i <= nms; i++) { s = ms[i]; rm["movnt", s] = mg["movnt", s, "write+fsync-each"]; rm["clwb", s] = mg["clwb", s, "write+fsync-each"] }
    if (("movnt" in mseen) && ("clwb" in mseen)) { xm = crossover("movnt", "clwb", ms, nms, rm); xm_size = XO }
    for (i = 1; i <= nms; i++) { s = ms[i]; rw["movnt", s] = mg["movnt", s, "write"]; rw["clwb", s] = mg["clwb", s, "write"] }
    if (("movnt" in mseen) && ("clwb" in mseen)) { xw = crossover("movnt", "clwb", ms, nms, rw); xw_size = XO }
    if (fmt == "json") json_out(); else report(fmt == "md")
}

function pmdk_line(    i, s, lo, hi, los, his, r) {
    lo = ""; hi = ""
    for (i = 1; i <= nks; i++) {
        s = ks[i]
        if (kg["pmdk", s, 1] == "" || kg[nt, s, 1] == "" || kg[nt, s, 1] == 0) continue
        r = kg["pmdk", s, 1] / kg[nt, s, 1]
        if (lo == "" || r < lo) { lo = r; los = s }
        if (hi == "" || r > hi) { hi = r; his = s }
    }
    if (lo == "") return "PMDK's pmem_memcpy_persist was not measured (libpmem missing? see raw/daxcopy-sizes.txt)"
    return sprintf("pmem_memcpy_persist runs at %.2fx (%s) to %.2fx (%s) of %s", lo, szl(los), hi, szl(his), nt)
}

# What the bare crossover says about the two published thresholds.
function threshold_line() {
    if (xb_size == 0)
        return sprintf("so PMDK's 256 B and dm-writecache's 768 B thresholds do not pay here: below them NT is as fast or faster (at %s: %s vs %s GiB/s); DRAM stands in for pmem here, and on real pmem the balance may differ", \
            szl(ks[1]), g(kg[nt, ks[1], 1]), g(kg[cf, ks[1], 1]))
    if (xb_size < 0)
        return "so cached+flush wins at the large end here, against both published thresholds"
    return sprintf("so the crossover here, %s, lies %s PMDK's 256 B and %s dm-writecache's 768 B", szl(xb_size), \
        xb_size < 256 ? "below" : xb_size == 256 ? "at" : "above", xb_size < 768 ? "below" : xb_size == 768 ? "at" : "above")
}

# The thread's own numbers for the copy strategies, against this run's,
# twice: with the best cached kernel of each size (the fairest hand-written
# cached copy) and with the kernel's own `rep movsb` (cached-movsb, the
# copy_from_user of an ERMS/FSRM CPU).  The mode claims use the deferred
# mode run with the ranked cached kernel and, from the optional fourth CSV,
# with cached-movsb.  A verdict per size: the claim's direction holds (the
# ratio is more than 5% in its favour), even, or does not hold; a verdict
# that differs between the two is said to flip.
function best_cached(s,    i, k, b) {
    BESTK = ""; b = ""
    for (i = 1; i <= nk; i++) {
        k = kern[i]
        if (kkind[k] != "cached" || kg[k, s, 1] == "") continue
        if (b == "" || kg[k, s, 1] + 0 > b + 0) { b = kg[k, s, 1]; BESTK = k }
    }
    return b
}
# LITTLE: the claim is "costs little", which holds when the ratio is at
# least even (0.95); otherwise the claimed direction must win by 5%.
function verdict(r) {
    if (r == "") return "-"
    if (LITTLE) return r >= 0.95 ? "holds" : "does not hold"
    return r > 1.05 ? "holds" : r >= 0.95 ? "even" : "does not hold"
}
function ratio(a, b) { return a == "" || b == "" || b + 0 <= 0 ? "" : a / b }
# One claim, both ways: r1[4k], r1[1m] against the best cached kernel (or
# the ranked one), r2[...] against movsb; claimed direction is above 1.
function claim_lines(b, c, title, what1, what2, a4, a1, m4, m1,    flip, edge) {
    printf "%s%s\n", b, title
    printf "%s  %s: %s | %s: %s at 4 KiB, %s at 1 MiB\n", c, what1, fx(a4), fx(a1), verdict(a4), verdict(a1)
    if (m4 == "" && m1 == "") { printf "%s  against rep movsb: not measured\n", c; return }
    printf "%s  %s: %s | %s: %s at 4 KiB, %s at 1 MiB\n", c, what2, fx(m4), fx(m1), verdict(m4), verdict(m1)
    flip = ""; edge = 1
    if (a4 != "" && m4 != "" && verdict(a4) != verdict(m4)) { flip = "4 KiB"; edge = edge && near(a4, m4) }
    if (a1 != "" && m1 != "" && verdict(a1) != verdict(m1)) { flip = flip (flip ? " and " : "") "1 MiB"; edge = edge && near(a1, m1) }
    if (flip == "") return
    nflip++
    if (edge) printf "%s  the verdict flips at %s with the kernel's own copy, but the two ratios are within 5%% of each other: on the verdict's edge; re-measure (more runs) before calling it a finding\n", c, flip
    else printf "%s  THE VERDICT FLIPS at %s with the kernel's own copy: the ratios differ by more than 5%%, a finding, not noise\n", c, flip
}
function near(x, y) { return x / y < 1.05 && y / x < 1.05 }
function fx(r) { return r == "" ? "-" : sprintf("%.2fx", r) }
function claims(md, b, ind,    c, b4, b1, k4, k1) {
    c = md ? "  " : ind "  "
    printf "\n%sthe thread's claims, against this run (ratios at 4 KiB | 1 MiB calls; a verdict: the claimed direction holds by more than 5%%, even, or not), each against the best cached kernel and against the kernel's own rep movsb:\n%s", (md ? "### " : ind), (md ? "\n" : "")
    b4 = best_cached(4096); k4 = BESTK; b1 = best_cached(1048576); k1 = BESTK
    claim_lines(b, c, "Harrosh: NT copy \"faster than cached writes by 20%\": NT / cached (bare, never flushed)", \
        "best cached (" k4 " | " k1 ")", "cached-movsb", \
        ratio(kg[nt, 4096, 1], b4), ratio(kg[nt, 1048576, 1], b1), \
        ratio(kg[nt, 4096, 1], kg["cached-movsb", 4096, 1]), ratio(kg[nt, 1048576, 1], kg["cached-movsb", 1048576, 1]))
    claim_lines(b, c, "Chinner: a cached copy runs \"50x faster\" than the NT one; Kani: \"slightly faster\": cached / NT", \
        "best cached (" k4 " | " k1 ")", "cached-movsb", \
        ratio(b4, kg[nt, 4096, 1]), ratio(b1, kg[nt, 1048576, 1]), \
        ratio(kg["cached-movsb", 4096, 1], kg[nt, 4096, 1]), ratio(kg["cached-movsb", 1048576, 1], kg[nt, 1048576, 1]))
    claim_lines(b, c, "Harrosh: with dirty tracking and flushes, cached is \"x2 slower\": movnt / deferred, write + fsync", \
        "deferred on the ranked " cached, "deferred on cached-movsb", \
        ratio(mg["movnt", 4096, "write+fsync"], mg["deferred", 4096, "write+fsync"]), \
        ratio(mg["movnt", 1048576, "write+fsync"], mg["deferred", 1048576, "write+fsync"]), \
        ratio(mg["movnt", 4096, "write+fsync"], mv["deferred", 4096, "write+fsync"]), \
        ratio(mg["movnt", 1048576, "write+fsync"], mv["deferred", 1048576, "write+fsync"]))
    LITTLE = 1
    claim_lines(b, c, "Chinner: dirty tracking costs write() little: deferred / movnt, the pwrite calls alone (holds when at least 0.95x)", \
        "deferred on the ranked " cached, "deferred on cached-movsb", \
        ratio(mg["deferred", 4096, "write"], mg["movnt", 4096, "write"]), \
        ratio(mg["deferred", 1048576, "write"], mg["movnt", 1048576, "write"]), \
        ratio(mv["deferred", 4096, "write"], mg["movnt", 4096, "write"]), \
        ratio(mv["deferred", 1048576, "write"], mg["movnt", 1048576, "write"]))
    LITTLE = 0
    if (nflip) printf "%s%d verdict(s) flip between the best cached kernel and rep movsb\n", b, nflip
    else printf "%sno verdict flips between the best cached kernel and rep movsb\n", b
}

function dur(m, s,    w, d) {
    w = mg[m, s, "write"]; d = mg[m, s, "write+fsync"]
    return w == "" || d == "" || d == 0 ? "-" : sprintf("%+.0f%%", (w / d - 1) * 100)
}

# The summary, on the console (md = 0) or in Markdown (md = 1): the same
# tables and sentences, rendered by tab_row().
function report(md,    i, j, s, t, io, io_, n, c, w, b, ind) {
    ind = "   "; b = md ? "- " : "   - "
    split("", w); w[1] = 9; w[6] = 1
    if (md) {
        printf "## The copy-strategy study\n\n"
        printf "Bare kernels: `daxcopy` (hot source, each call fenced as a write() is); modes: `daxsweep` through `dx_pwrite`/`dx_fsync`.  GiB/s, medians; full tables in `raw/`.\n"
    }
    printf "\n%scall-size sweep, 1 thread, GiB/s (median): bare kernels | modes, write + one fsync\n%s", (md ? "### " : ind), (md ? "\n" : "")
    # the console gets a "|" column between the kernels and the modes (w[6] = 1)
    n = 0; c[++n] = "size"; c[++n] = "NT"; c[++n] = "cached+fl"; c[++n] = "cached"; c[++n] = "pmdk"
    if (!md) c[++n] = "|"
    for (j = 1; j <= nm; j++) c[++n] = modes[j]
    tab_row(c, n, md, w, ind); tab_rule(n, md)
    for (i = 1; i <= nks; i++) {
        s = ks[i]; n = 0
        c[++n] = szl(s); c[++n] = g(kg[nt, s, 1]); c[++n] = g(kg[cf, s, 1]); c[++n] = g(kg[cached, s, 1]); c[++n] = g(kg["pmdk", s, 1])
        if (!md) c[++n] = "|"
        for (j = 1; j <= nm; j++) c[++n] = g(mg[modes[j], s, "write+fsync"])
        tab_row(c, n, md, w, ind)
    }
    w[6] = ""
    printf "%s(NT = %s, cached+fl = %s, cached = %s, each call fenced as a write() is;\n%s pmdk = pmem_memcpy_persist; the cached kernel never flushes, so it is not durable)\n", \
        (md ? "\n" : ind), nt, cf, cached, (md ? "" : ind)

    printf "\n%sone durable write (pwrite + fsync), microseconds\n%s", (md ? "### " : ind), (md ? "\n" : "")
    n = 0; c[++n] = "size"
    for (j = 1; j <= nm; j++) c[++n] = modes[j]
    tab_row(c, n, md, w, ind); tab_rule(n, md)
    for (i = 1; i <= nms; i++) {
        s = ms[i]; n = 0; c[++n] = szl(s)
        for (j = 1; j <= nm; j++) c[++n] = mus[modes[j], s, "write+fsync-each"] == "" ? "-" : sprintf("%.1f", mus[modes[j], s, "write+fsync-each"])
        tab_row(c, n, md, w, ind)
    }

    printf "\n%swhere NT beats cached+flush (PMDK's default threshold: 256 B; dm-writecache measured ~768 B):\n%s", (md ? "### " : ind), (md ? "\n" : "")
    printf "%sbare kernels: %s\n", b, xb
    if (xm != "") printf "%smodes, one durable write (pwrite+fsync): %s\n", b, xm
    if (xw != "") printf "%smodes, the pwrite alone: %s\n", b, xw
    printf "%s%s\n", b, pmdk_line()
    printf "%s%s\n", b, threshold_line()

    claims(md, b, ind)

    printf "\n%scost to durability: write + one fsync against the write alone\n%s", (md ? "### " : ind), (md ? "\n" : "")
    n = 0; c[++n] = "size"
    for (j = 1; j <= nm; j++) c[++n] = modes[j]
    tab_row(c, n, md, w, ind); tab_rule(n, md)
    for (i = 1; i <= nms; i++) {
        s = ms[i]
        if (s != 4096 && s != 1048576 && s != 64 && s != 67108864) continue
        n = 0; c[++n] = szl(s)
        for (j = 1; j <= nm; j++) c[++n] = dur(modes[j], s)
        tab_row(c, n, md, w, ind)
    }
    printf "%s(movnt and clwb are durable when write() returns; deferred flushes at fsync; pagecache copies again at fsync)\n", (md ? "\n" : ind)
    if (ncold && mus["pagecache", 4096, "write"] != "")
        printf "%spagecache, 4 KiB overwrite: %.2f us a call with the page cache warm (here) against %.2f us in the\n%sscenario runs, where each daxio process starts with an empty cache and allocates every page\n", \
            (md ? "\n" : ind), mus["pagecache", 4096, "write"], median(cold, ncold), (md ? "" : ind)

    printf "\n%sthreads on separate files, 4 KiB calls, write + fsync, aggregate GiB/s (a: = allocating)\n%s", (md ? "### " : ind), (md ? "\n" : "")
    n = 0; c[++n] = "threads"
    for (io = 1; io <= 2; io++) for (j = 1; j <= nm; j++) c[++n] = (io == 1 ? "" : "a:") modes[j]
    if (!md) { c[++n] = "|"; w[n] = 1 }
    c[++n] = "bare NT"; c[++n] = "cached+fl"; c[++n] = "pmdk"
    tab_row(c, n, md, w, ind); tab_rule(n, md)
    for (t = 1; t <= maxth + (maxth > 1); t++) {
        n = 0; c[++n] = t <= maxth ? t : maxth "/1"
        for (io = 1; io <= 2; io++) for (j = 1; j <= nm; j++) {
            io_ = io == 1 ? "overwrite" : "alloc"
            c[++n] = t <= maxth ? g(tg[modes[j], io_, t]) : scale(tg[modes[j], io_, maxth], tg[modes[j], io_, 1])
        }
        if (!md) c[++n] = "|"
        c[++n] = t <= maxth ? g(kg[nt, 4096, t]) : scale(kg[nt, 4096, maxth], kg[nt, 4096, 1])
        c[++n] = t <= maxth ? g(kg[cf, 4096, t]) : scale(kg[cf, 4096, maxth], kg[cf, 4096, 1])
        c[++n] = t <= maxth ? g(kg["pmdk", 4096, t]) : scale(kg["pmdk", 4096, maxth], kg["pmdk", 4096, 1])
        tab_row(c, n, md, w, ind)
    }
    printf "%s(a: = allocating: files truncated before each pass, so every call allocates and journals)\n", (md ? "\n" : ind)
}

function json_out(    i, j, s, t, io) {
    printf "\"copy\": {\"kernels\": {\"nt\": %s, \"cached_flush\": %s, \"cached\": %s},\n", json_str(nt), json_str(cf), json_str(cached)
    printf "  \"crossover\": {\"bare_bytes\": %s, \"bare\": %s", xb_size, json_str(xb)
    if (xm != "") printf ", \"durable_write_bytes\": %s, \"durable_write\": %s", xm_size, json_str(xm)
    if (xw != "") printf ", \"write_bytes\": %s, \"write\": %s", xw_size, json_str(xw)
    printf ", \"pmdk_threshold_bytes\": 256, \"dm_writecache_bytes\": 768, \"note\": \"bytes: 0 = NT wins at every size measured, -1 = no crossover\"},\n"
    printf "  \"pmdk\": %s,\n  \"sizes\": [", json_str(pmdk_line())
    for (i = 1; i <= nks; i++) {
        s = ks[i]
        printf "%s\n    {\"size\": %d, \"nt\": %s, \"cached_flush\": %s, \"cached\": %s, \"pmdk\": %s", (i > 1 ? "," : ""), s, \
            jn(kg[nt, s, 1]), jn(kg[cf, s, 1]), jn(kg[cached, s, 1]), jn(kg["pmdk", s, 1])
        for (j = 1; j <= nm; j++)
            printf ", \"%s\": {\"write\": %s, \"write_fsync\": %s, \"durable_write_us\": %s}", modes[j], \
                jn(mg[modes[j], s, "write"]), jn(mg[modes[j], s, "write+fsync"]), jn(mus[modes[j], s, "write+fsync-each"])
        printf "}"
    }
    printf "],\n  \"threads\": ["
    for (t = 1; t <= maxth; t++) {
        printf "%s\n    {\"threads\": %d", (t > 1 ? "," : ""), t
        for (j = 1; j <= nm; j++) printf ", \"%s\": %s, \"%s_alloc\": %s", modes[j], jn(tg[modes[j], "overwrite", t]), modes[j], jn(tg[modes[j], "alloc", t])
        printf ", \"bare_nt_4k\": %s, \"bare_cached_flush_4k\": %s, \"pmdk_4k\": %s}", jn(kg[nt, 4096, t]), jn(kg[cf, 4096, t]), jn(kg["pmdk", 4096, t])
    }
    printf "\n  ]}"
}
function scale(a, b) { return b == "" || b + 0 <= 0 || a == "" ? "-" : sprintf("%.2fx", a / b) }
function jn(x) { return x == "" ? "null" : x + 0 }
