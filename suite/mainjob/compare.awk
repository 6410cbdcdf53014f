# compare.awk - two runs side by side: what changed from run A to run B.
#
#   awk -f csv.awk -f compare.awk -v what=scenarios|conformance|copy \
#       -v a=LABEL_A -v b=LABEL_B A.csv B.csv
#
# scenarios: the median pwrite MiB/s and runtime of each table, variant and
#   column (mode, or filesystem and DAX state) in A and in B, B/A, and
#   "changed" when B/A is outside 0.95..1.05 (the noise of one median on a
#   shared machine; more runs per figure narrow it);
# conformance: every case (check, implementation, variant) whose outcome
#   differs; WORSE when it moved away from what the row expects;
# copy: the bare kernels' median GiB/s per size (hot source, 1 thread);
# fact (-v c=COLUMN): that column of the first row.
# Prints one line per row and, last, "changes: N" / "outcomes: P same, W
# worse, B better" for compare.sh to count.

FNR == 1 { file++; delete col; csv_index($0, col); next }
function key_scn(f) {
    return f[col["table"]] SUBSEP f[col["variant"]] SUBSEP f[col["mode"]] SUBSEP f[col["tool"]]
}
what == "fact" { csv_split($0, f); print f[col[c]]; exit }
what == "scenarios" {
    csv_split($0, f)
    if (f[col["tool"]] ~ /^fio/) next
    k = key_scn(f)
    if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
    n = ++cnt[file, k]
    bw[file, k, n] = f[col["pwrite_mibps"]]; rt[file, k, n] = f[col["runtime_s"]]
    next
}
what == "conformance" {
    csv_split($0, f)
    # the case: schema 2 names the implementation (ref:PROFILE or the
    # kernel) and variant; schema 1 had profile (the reference) or
    # variant/fs/dax (a real target) and status
    if ("implementation" in col) {
        im = f[col["implementation"]]; sub(/^ref:/, "", im)
        w = im (f[col["fs"]] == "ref" ? "" : " " f[col["variant"]] "/" f[col["fs"]] "/" f[col["dax"]])
    } else
        w = "profile" in col ? f[col["profile"]] : f[col["variant"]] "/" f[col["fs"]] "/" f[col["dax"]]
    k = ("check" in col ? f[col["check"]] : "") SUBSEP w
    if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
    out[file, k] = "outcome" in col ? f[col["outcome"]] : f[col["status"]]
    want_of[file, k] = "expected" in col ? f[col["expected"]] : "want" in col ? f[col["want"]] : \
                   "expect" in col ? f[col["expect"]] : "pass"
    next
}
what == "copy" {
    csv_split($0, f)
    if (f[col["op"]] != "copy" || f[col["source"]] != "hot" || f[col["threads"]] != 1) next
    k = f[col["copy_kernel"]] SUBSEP f[col["size"]]
    if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
    g[file, k] = f[col["gibps_median"]]
    next
}
function medof(arr, fi, k, n,    i, x) { for (i = 1; i <= n; i++) x[i] = arr[fi, k, i]; return median(x, n) }
function flag(r) { return r == "" ? "" : (r < 0.95 || r > 1.05) ? "changed" : "" }
function rat(x, y) { return x == "" || y == "" || x + 0 <= 0 ? "" : y / x }
function f2(x, d) { return x == "" ? "-" : sprintf("%." d "f", x) }
# rank(o, e): 2 as expected (a broken variant's fail is), 1 skipped or a
# known failure, 0 unexpected or an error
function rank(o, e) {
    if (o == "error") return 0
    if (o == e || e == "any" || e == "measure" && o == "pass") return 2
    return o == "skip" || o == "known" ? 1 : 0
}
END {
    if (what == "fact") exit
    if (what == "scenarios") {
        printf "%-6s %-8s %-18s %10s %10s %7s  %8s %8s %7s\n", "table", "variant", "column", a " MiB/s", b " MiB/s", "B/A", a " s", b " s", "B/A"
        for (i = 1; i <= nk; i++) {
            k = keys[i]; split(k, p, SUBSEP)
            x = medof(bw, 1, k, cnt[1, k]); y = medof(bw, 2, k, cnt[2, k])
            u = medof(rt, 1, k, cnt[1, k]); v = medof(rt, 2, k, cnt[2, k])
            r1 = rat(x, y); r2 = rat(u, v)
            c = (flag(r1) != "" || flag(r2) != "") ? "  changed" : ""
            if (!cnt[1, k] || !cnt[2, k]) c = "  only in " (cnt[1, k] ? a : b)
            nchg += c != ""
            printf "%-6s %-8s %-18s %10s %10s %7s  %8s %8s %7s%s\n", p[1], p[2], p[3] (p[4] != "daxio" ? "/" p[4] : ""), \
                f2(x, 1), f2(y, 1), f2(r1, 2), f2(u, 3), f2(v, 3), f2(r2, 2), c
        }
        printf "changes: %d of %d\n", nchg, nk
    } else if (what == "conformance") {
        for (i = 1; i <= nk; i++) {
            k = keys[i]; split(k, p, SUBSEP)
            x = out[1, k]; y = out[2, k]
            if (x == y) { same++; continue }
            d = x == "" || y == "" ? "only in one run" : rank(y, want_of[2, k]) < rank(x, want_of[1, k]) ? "WORSE" : "better"
            if (d == "WORSE") worse++; else better++
            printf "%-36s %-28s %-8s -> %-8s %s\n", p[1], p[2], (x == "" ? "-" : x), (y == "" ? "-" : y), d
        }
        printf "outcomes: %d same, %d worse, %d better or new\n", same, worse, better
    } else {
        printf "%-28s %9s %8s %8s %7s\n", "copy kernel", "size", a, b, "B/A"
        for (i = 1; i <= nk; i++) {
            k = keys[i]; split(k, p, SUBSEP)
            r1 = rat(g[1, k], g[2, k]); c = flag(r1) != "" ? "  changed" : ""
            nchg += c != ""
            printf "%-28s %9s %8s %8s %7s%s\n", p[1], p[2], f2(g[1, k], 2), f2(g[2, k], 2), f2(r1, 2), c
        }
        printf "changes: %d of %d\n", nchg, nk
    }
}
