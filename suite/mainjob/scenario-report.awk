# scenario-report.awk - the four tables of the email, measured beside
# published, the ratios that carry its argument with a verdict each, and
# what the reference's counters say about the differences.
#
#   awk -f csv.awk -f scenario-report.awk -v fmt=text|md|json \
#       [-v target_note=TEXT] TABLES SCENARIOS PUBLISHED_CSV RESULTS_CSV
#
# Columns are modes: the reference's copy modes (pagecache = no DAX, movnt
# = DAX, clwb, deferred) and, on a real target (./run.sh --target loop,
# vm, mount:DIR, dev:DEV), one per filesystem and DAX state, FS-nodax and
# FS-dax (FS-dax/daxio for another tool), paired by filesystem for the
# ratios.  fio rows (tool fio-*) are not table columns: they go to the
# tools plot.  target_note describes the real target's columns.
#
# TABLES and SCENARIOS are workloads/chinner-2016/{tables,scenarios};
# RESULTS_CSV is step_scenarios' CSV.  Every measured figure comes from
# RESULTS_CSV; every 2016 figure from PUBLISHED_CSV.
#
# Verdicts: a ratio within 5% of 1 is "even"; the email and this run agree
# in direction when both ratios fall in the same class (above, even,
# below); the factor is this run's ratio over the email's.

FNR == 1 { file++ }
# mode_list: the reference's copy modes, no-DAX first (ref/modes.def, modes.sh)
BEGIN { n_ref_modes = split(mode_list, ref_order, " "); for (i = 1; i <= n_ref_modes; i++) refmode[ref_order[i]] }

file == 1 && !/^#/ && NF >= 3 {
    nt++; t_num[nt] = $1; t_sc[nt] = $2; sc_t[$2] = $1
    s = $0; sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", s); t_title[$1] = s
    next
}
file == 2 && !/^#/ && NF >= 5 {
    # the command lines, as the email writes them, per table and column
    s = $0; sub(/^[ \t]*/, "", s)
    for (i = 1; i <= 4; i++) sub(/^[^ \t]+[ \t]+/, "", s)
    t = sc_t[$1]; key = t SUBSEP $2 SUBSEP $4
    if (!(key in cmdline)) cmdline[key] = "xfs_io " s " foo"
    next
}
file == 3 && FNR == 1 { csv_index($0, pc); next }
file == 3 {
    csv_split($0, f)
    t = f[pc["table"]]; col = f[pc["column"]]; met = f[pc["metric"]]; r = f[pc["run"]]
    if (f[pc["variant"]] == "email") pub[t, col, met, r] = f[pc["value"]]
    else if (met == "runtime_s_lo") pub_lo[t] = f[pc["value"]]
    else if (met == "runtime_s_hi") pub_hi[t] = f[pc["value"]]
    next
}
file == 4 && FNR == 1 { csv_index($0, c); next }
file == 4 {
    csv_split($0, f)
    if (f[c["tool"]] ~ /^fio/) next
    t = f[c["table"]]; v = f[c["variant"]]; m = f[c["mode"]]
    if (!(m in seen_mode) && !(m in refmode)) real_order[++n_real] = m
    k = ++nrun[t, v, m]
    seen_mode[m] = 1; seen_t[t] = 1
    if (!size_b) size_b = f[c["bytes"]]
    split("pwrite_mibps runtime_s setup_s pwrite_cmd_s sync_s teardown_s other_s journal_txns blocks_allocated pwrite_s ops bytes zero_s", fl, " ")
    for (i = 1; i <= 13; i++) val[t, v, m, fl[i], k] = f[c[fl[i]]]
    if (("prefill" in c) && f[c["prefill"]] != "" && (m in refmode)) prefill = f[c["prefill"]]
    if (f[c["notes"]] ~ /exit status|no pwrite report/) bad[t, v, m] = 1
    next
}

function med(t, v, m, field,    a, i, n) {
    n = nrun[t, v, m]
    for (i = 1; i <= n; i++) a[i] = val[t, v, m, field, i]
    return median(a, n)
}
# A published figure for this run's size: runtimes scale with the bytes
# written (the email wrote 1 GiB); bandwidths do not.
function pubv(t, col, met, r,    v) {
    v = pub[t, col, met, r]
    if (v == "" || met != "runtime_s" || !size_b || size_b == 1073741824) return v
    return sprintf("%.3f", v * size_b / 1073741824)
}
function pscaled() { return size_b && size_b != 1073741824 }
function pmed(t, col, met,    a, i) {
    for (i = 1; i <= 3; i++) a[i] = pubv(t, col, met, i)
    return median(a, 3)
}
# The coefficient of variation of a figure's runs (csv.awk's spread, the
# twin of suite/common/spread.c), as "4.2%"; "n<3" marks a figure of fewer
# than 3 runs, whose spread means nothing, "-" one of a single run.
function cvs(n, a,    s) {
    spread(a, n, s)
    if (s["n"] < 2) return "-"
    return sprintf("%.1f%%%s", s["cv"] * 100, s["n"] < 3 ? " n<3" : "")
}
function cv(t, v, m, field,    a, i, n) {
    n = nrun[t, v, m]
    for (i = 1; i <= n; i++) a[i] = val[t, v, m, field, i]
    return cvs(n, a)
}
function pcv(t, col, met,    a, i) {
    for (i = 1; i <= 3; i++) a[i] = pubv(t, col, met, i)
    return cvs(3, a)
}
function szl(s) { return s >= 1073741824 && s % 1073741824 == 0 ? s / 1073741824 " GiB" : s >= 1048576 && s % 1048576 == 0 ? s / 1048576 " MiB" : s >= 1024 && s % 1024 == 0 ? s / 1024 " KiB" : s " B" }
function cls(r) { return r >= 1.05 ? 1 : r <= 1 / 1.05 ? -1 : 0 }
function dir_word(metric, k) {
    if (metric == "bw") return k > 0 ? "DAX faster" : k < 0 ? "DAX slower" : "about even"
    return k > 0 ? "DAX takes longer" : k < 0 ? "DAX takes less time" : "about even"
}
function label(m) { return m == "pagecache" ? (n_real ? "ref noDAX" : "no DAX") : m == "movnt" ? (n_real ? "ref DAX" : "DAX") : m }
# The no-DAX column a DAX column is compared with: pagecache for the
# reference's modes, FS-nodax[/tool] for FS-dax[/tool]; "" for a no-DAX one.
function partner(m,    p) {
    if (m in refmode) return m == "pagecache" ? "" : "pagecache"
    p = m
    if (sub(/-dax/, "-nodax", p)) return p
    return ""
}
function num(x, d) { return x == "" ? "-" : sprintf("%." d "f", x) }
function xf(x) { return x == "" ? "-" : sprintf("%.2fx", x) }
function verdict(metric, p, r,    kp, kr) {
    if (p == "" || r == "") return "no verdict (a figure is missing)"
    kp = cls(p); kr = cls(r)
    if (kp == kr)
        return sprintf("agrees (%s); this run's ratio is %.2fx the email's", dir_word(metric, kr), r / p)
    return sprintf("DISAGREES: here %s, in 2016 %s; this run's ratio is %.2fx the email's", \
                   dir_word(metric, kr), dir_word(metric, kp), r / p)
}

END {
    split(mode_list, order, " ")
    nm = 0
    for (i = 1; i <= 4; i++) if (order[i] in seen_mode) modes[++nm] = order[i]
    for (i = 1; i <= n_real; i++) modes[++nm] = real_order[i]
    for (i = 1; i <= nm; i++) if (modes[i] == "pagecache") have_pc = 1
    runs = 0
    for (k in nrun) if (nrun[k] > runs) runs = nrun[k]

    # The ratios: DAX mode over pagecache, measured and published.
    for (ti = 1; ti <= nt; ti++) {
        t = t_num[ti]
        if (!(t in seen_t)) continue
        for (i = 1; i <= nm; i++) {
            m = modes[i]; p = partner(m)
            if (p == "" || !(p in seen_mode)) continue
            nr++; r_t[nr] = t; r_m[nr] = m; r_what[nr] = "bw"
            r_pub[nr] = pmed(t, "dax", "pwrite_mibps") / pmed(t, "nodax", "pwrite_mibps")
            a = med(t, "email", m, "pwrite_mibps"); b = med(t, "email", p, "pwrite_mibps")
            r_meas[nr] = a != "" && b > 0 ? a / b : ""
            nr++; r_t[nr] = t; r_m[nr] = m; r_what[nr] = "runtime"
            r_pub[nr] = pmed(t, "dax", "runtime_s") / pmed(t, "nodax", "runtime_s")
            a = med(t, "email", m, "runtime_s"); b = med(t, "email", p, "runtime_s")
            r_meas[nr] = a != "" && b > 0 ? a / b : ""
            if (nrun[t, "nofsync", p] && (t in pub_lo)) {
                nr++; r_t[nr] = t; r_m[nr] = m; r_what[nr] = "runtime-nofsync"
                r_pub[nr] = pmed(t, "dax", "runtime_s") / ((pub_lo[t] + pub_hi[t]) / 2)
                b = med(t, "nofsync", p, "runtime_s")
                r_meas[nr] = a != "" && b > 0 ? a / b : ""
                if (!(m in refmode)) continue      # the unmount is the reference's
                # The same without the reference's unmount on either side:
                # a kernel's xfs_io exits and leaves the dirty pages cached.
                nr++; r_t[nr] = t; r_m[nr] = m; r_what[nr] = "runtime-nofsync-noumount"
                r_pub[nr] = r_pub[nr - 1]
                a = a - med(t, "email", m, "teardown_s")
                b = b - med(t, "nofsync", "pagecache", "teardown_s")
                r_meas[nr] = a != "" && b > 0 ? a / b : ""
            }
        }
    }
    for (i = 1; i <= nr; i++) {
        if (r_pub[i] == "" || r_meas[i] == "") continue
        if (r_m[i] == "movnt" && r_what[i] != "runtime-nofsync-noumount") {
            n_cmp++; if (cls(r_pub[i]) == cls(r_meas[i])) n_agree++
        }
        if (!(r_m[i] in refmode) && r_m[i] !~ /\//) {     # the real target, xfs_io
            n_cmp_real++; if (cls(r_pub[i]) == cls(r_meas[i])) n_agree_real++
        }
    }

    if (fmt == "json") json_out()
    else if (fmt == "md") md_out()
    else if (fmt == "headline") headline()
    else if (fmt == "ratios") ratios_dat()
    else text_out()
}

# The ratios that carry the argument, for plots/ratios.gp: one line per
# DAX/no-DAX ratio of the reference's movnt (and the real target's xfs_io
# columns): "label" published measured.  The email's claim is the side of
# 1 each ratio falls on.
function ratios_dat(    i, lab) {
    print "# label published measured"
    for (i = 1; i <= nr; i++) {
        if (r_pub[i] == "" || r_meas[i] == "" || r_what[i] == "runtime-nofsync-noumount") continue
        if (r_m[i] != "movnt" && (r_m[i] in refmode || r_m[i] ~ /\//)) continue
        lab = "table " r_t[i] "\\n" (r_what[i] == "bw" ? "B/W" : r_what[i] == "runtime" ? "runtime" : "runtime,\\nno fsync")
        if (!(r_m[i] in refmode)) lab = lab "\\n" r_m[i]
        printf "\"%s\" %.4f %.4f\n", lab, r_pub[i], r_meas[i]
    }
}

# The truth first, in three lines under the report's title: what this
# target can and cannot reproduce (with the per-call costs this run
# measured), which target would reproduce the tables, and what the
# disagreements teach.  Markdown; the console prints the same.
function headline(    t1, t2, c1, c2, dax1, dax2, pub1, pub2, alloc, puballoc, real) {
    t1 = sc_t["alloc-4k"]; t2 = sc_t["overwrite-4k"]
    if (!nrun[t1, "email", "movnt"]) return
    c1 = med(t1, "email", "movnt", "bytes") / med(t1, "email", "movnt", "ops")
    dax1 = med(t1, "email", "movnt", "pwrite_s") / med(t1, "email", "movnt", "ops") * 1e6
    pub1 = c1 / (pmed(t1, "dax", "pwrite_mibps") * 1048576) * 1e6
    if (nrun[t2, "email", "movnt"]) {
        c2 = med(t2, "email", "movnt", "bytes") / med(t2, "email", "movnt", "ops")
        dax2 = med(t2, "email", "movnt", "pwrite_s") / med(t2, "email", "movnt", "ops") * 1e6
        pub2 = c2 / (pmed(t2, "dax", "pwrite_mibps") * 1048576) * 1e6
        alloc = dax1 - dax2; puballoc = pub1 - pub2
    }
    real = n_real ? sprintf(" The real target's columns (%s) run the kernel's own XFS/ext4 code; under TCG their timings are qualitative.", target_note) : ""
    printf "**What this run can show.** The reference is a model of a DAX filesystem in DRAM, not XFS on 2016 pmem: a 4 KiB allocating DAX write costs %.2f us here against %.2f us in 2016%s, so its timings cannot reproduce the email's tables; it reproduces what each path does (copies, zeroing, journal records: the counters below) and says where the direction of a ratio differs.%s\n\n", \
        dax1, pub1, (alloc != "" ? sprintf(" (overwriting: %.2f us against %.2f us)", dax2, pub2) : ""), real
    printf "**What would reproduce the tables.** XFS on a DAX device as in the email: `./run.sh --target vm` on a host with KVM (the guest's kernel code is real; under TCG only its behaviour is), or `--target dev:/dev/pmemN` on real pmem.\n\n"
    if (n_cmp || n_cmp_real)
        printf "**Agreement with the email's directions.** %s%s%s.\n\n", \
            n_cmp ? sprintf("The reference (DAX = movnt): %d of %d ratios", n_agree, n_cmp) : "", \
            n_cmp && n_cmp_real ? "; " : "", \
            n_cmp_real ? sprintf("%s real target (%s, xfs_io): %d of %d", n_cmp ? "the" : "The", target_note, n_agree_real, n_cmp_real) : ""
    if (alloc != "")
        printf "**What the disagreements teach.** In 2016 the allocation was the cost: %.2f us of each allocating 4 KiB DAX write beyond an overwrite (XFS's per-block allocation transaction and zeroing); here it is %.2f us (one journal record and an NT zero of the block), so where this run's directions disagree with the email's, that allocation cost is the difference.\n\n", puballoc, alloc
}

# --- the tables both renderings share ------------------------------------

# Where each mode's runtime went, with its per-call time and counters.
function split_table(t, md,    c, w, n, i, j, m, v) {
    split("", w); w[1] = 36; w[2] = 6; w[3] = 7; w[4] = 13; w[5] = 6; w[6] = 8; w[7] = 6; w[8] = 9; w[9] = 13; w[10] = 15
    printf "\n%swhere the measured runtime went (medians, s; region prefilled '%s' before the first run)\n%s", (md ? "" : "  "), (prefill == "" ? "none" : prefill), (md ? "\n" : "")
    n = split("mode|setup|pwrite|of it zeroing|sync|teardown|other|us/call|journal txns|blocks alloc'd", c, "|")
    tab_row(c, n, md, w, "  "); tab_rule(n, md)
    for (i = 1; i <= nm; i++) for (j = 1; j <= 2; j++) {
        m = modes[i]; v = j == 1 ? "email" : "nofsync"
        if (!nrun[t, v, m] || !(m in refmode)) continue
        c[1] = (m != label(m) ? label(m) " (" m ")" : m) (v == "nofsync" ? ", fsync dropped" : "")
        c[2] = num(med(t, v, m, "setup_s"), 2); c[3] = num(med(t, v, m, "pwrite_cmd_s"), 2)
        # the reference's own zeroing counters: NT zeroing of new blocks,
        # edges and the journal, inside the pwrite and sync times
        c[4] = num(med(t, v, m, "zero_s"), 2)
        c[5] = num(med(t, v, m, "sync_s"), 2); c[6] = num(med(t, v, m, "teardown_s"), 2)
        c[7] = num(med(t, v, m, "other_s"), 2)
        c[8] = num(med(t, v, m, "pwrite_s") / med(t, v, m, "ops") * 1e6, 2)
        c[9] = num(med(t, v, m, "journal_txns"), 0); c[10] = num(med(t, v, m, "blocks_allocated"), 0)
        tab_row(c, 10, md, w, "  ")
    }
}

# The ratios that carry the email's argument, with a verdict each.
function ratio_table(t, md,    c, w, i, k) {
    for (i = 1; i <= nr; i++) if (r_t[i] == t) k++
    if (!k) {
        printf "\n%sno ratios: they need a no-DAX and a DAX column (pagecache and movnt, or FS-nodax and FS-dax)\n", (md ? "" : "  ")
        return
    }
    split("", w); w[1] = 28; w[2] = -10; w[3] = 6; w[4] = 9; w[5] = -1
    printf "\n"
    split("ratio|mode|2016|this run|verdict", c, "|")
    tab_row(c, 5, md, w, "  "); tab_rule(5, md, w)
    for (i = 1; i <= nr; i++) {
        if (r_t[i] != t) continue
        c[1] = r_what[i] == "bw" ? "pwrite B/W DAX/no DAX" : r_what[i] == "runtime" ? "runtime DAX/no DAX" : \
            r_what[i] == "runtime-nofsync" ? "runtime DAX/no DAX, no fsync" : "  the same, w/o unmount"
        c[2] = r_m[i]; c[3] = xf(r_pub[i]); c[4] = xf(r_meas[i])
        c[5] = verdict(r_what[i] == "bw" ? "bw" : "rt", r_pub[i], r_meas[i])
        tab_row(c, 5, md, w, "  ")
    }
}

# What follows a table in both renderings: the fsync-dropped runs, where
# the runtime went, the ratios, and why.
function table_tail(t, ti, md,    a, b, ind) {
    ind = md ? "" : "  "
    if (nrun[t, "nofsync", "pagecache"]) {
        a = med(t, "nofsync", "pagecache", "runtime_s")
        b = a - med(t, "nofsync", "pagecache", "teardown_s")
        printf "\n%sno DAX with the fsync dropped (%s): runtime median %s s, %s s without the\n", ind, \
            (md ? "`" : "") cmdline[t, "nofsync", "0"] (md ? "`" : ""), num(a, 2), num(b, 2)
        printf "%sunmount's writeback at exit; pwrite %s MiB/s.  The email: %s-%s s.\n", ind, \
            num(med(t, "nofsync", "pagecache", "pwrite_mibps"), 1), pub_lo[t], pub_hi[t]
    }
    if (have_pc) split_table(t, md)
    ratio_table(t, md)
    if (have_pc && nrun[t, "email", "movnt"]) {
        printf "\n%s\n%s", md ? "Why, from what was measured:" : "  why, from what was measured:", md ? "\n" : ""
        explain(t, ti, md ? "- " : "  - ", md ? "  " : "    ")
    }
}

# --- text: the console ----------------------------------------------------

function text_block(t, what, field, pfield, d, unit,    i, m, r, s) {
    s = sprintf("  %-7s", "run")
    for (i = 1; i <= nm; i++) s = s sprintf(" %10s", label(modes[i]))
    s = s sprintf("  |%10s %10s", "no DAX", "DAX")
    printf "\n  %-*s  | published 2016%s\n%s\n", 7 + 11 * nm, what " (" unit ")", \
        (pfield == "runtime_s" && pscaled()) ? ", scaled from 1 GiB to " szl(size_b) : "", s
    for (r = 1; r <= (runs > 3 ? runs : 3); r++) {
        s = sprintf("  %-7s", r)
        for (i = 1; i <= nm; i++) {
            m = modes[i]
            s = s sprintf(" %10s", r <= nrun[t, "email", m] ? \
                (val[t, "email", m, field, r] == "" ? "FAILED" : num(val[t, "email", m, field, r], d)) : "")
        }
        s = s sprintf("  |%10s %10s", r <= 3 ? pubv(t, "nodax", pfield, r) : "", r <= 3 ? pubv(t, "dax", pfield, r) : "")
        print s
    }
    s = sprintf("  %-7s", "median")
    for (i = 1; i <= nm; i++) s = s sprintf(" %10s", num(med(t, "email", modes[i], field), d))
    s = s sprintf("  |%10s %10s", num(pmed(t, "nodax", pfield), d), num(pmed(t, "dax", pfield), d))
    print s
    s = sprintf("  %-7s", "CV")
    for (i = 1; i <= nm; i++) s = s sprintf(" %10s", cv(t, "email", modes[i], field))
    print s sprintf("  |%10s %10s", pcv(t, "nodax", pfield), pcv(t, "dax", pfield))
}

function text_out(    ti, t, i, m, j, w, a, b, us, pus_n, pus_d, call, o) {
    for (ti = 1; ti <= nt; ti++) {
        t = t_num[ti]
        if (!(t in seen_t)) continue
        printf "\nTable %s: %s  [%s]\n", t, t_title[t], t_sc[ti]
        if ((t, "email", "any") in cmdline) printf "  no DAX and DAX: %s\n", cmdline[t, "email", "any"]
        else printf "  no DAX: %s\n  DAX:    %s\n", cmdline[t, "email", "0"], cmdline[t, "email", "1"]
        if (have_pc) printf "  this run: reference, median of %d run(s) of %s each (1 untimed warm-up run per mode first); %s = pagecache, %s = movnt\n", runs, szl(size_b), label("pagecache"), label("movnt")
        if (runs < 3) printf "  NOTE: %d run(s) per figure: no spread, and a median of fewer than 3 runs is not one (--runs 3 or more)\n", runs
        if (pscaled()) printf "  NOTE: %s per run, the email 1 GiB: its runtimes are scaled to %s (x%.4f); bandwidths are as published\n", szl(size_b), szl(size_b), size_b / 1073741824
        if (n_real) printf "  %s\n", target_note
        text_block(t, "pwrite B/W", "pwrite_mibps", "pwrite_mibps", 1, "MiB/s")
        text_block(t, "runtime", "runtime_s", "runtime_s", 2, "s")
        table_tail(t, ti, 0)
    }
    if (n_cmp) printf "\nThe email's directions (DAX = movnt): this run agrees on %d of %d ratios%s.\n", n_agree, n_cmp, n_real ? " on the reference" : ""
    if (n_cmp_real) printf "The email's directions on the real target (FS-dax / FS-nodax, xfs_io): %d of %d ratios agree.\n", n_agree_real, n_cmp_real
}

# What the counters say: per-call cost, transactions, zeroing, allocation.
# b is the bullet ("  - " on the console, "- " in Markdown), c the indent
# of a continued line.
function explain(t, ti, b, c,    sc, call, pu_n, pu_d, mu_n, mu_d, ot, oa, ob, st, td, cmdn, cmdd) {
    if (!have_pc || !nrun[t, "email", "movnt"]) return
    sc = t_sc[ti]
    call = med(t, "email", "movnt", "bytes") / med(t, "email", "movnt", "ops")
    mu_n = med(t, "email", "pagecache", "pwrite_s") / med(t, "email", "pagecache", "ops") * 1e6
    mu_d = med(t, "email", "movnt", "pwrite_s") / med(t, "email", "movnt", "ops") * 1e6
    pu_n = call / (pmed(t, "nodax", "pwrite_mibps") * 1048576) * 1e6
    pu_d = call / (pmed(t, "dax", "pwrite_mibps") * 1048576) * 1e6
    printf "%sper %s call: no DAX %.2f us, DAX %.2f us here; 2016: %.2f us and %.2f us.\n", b, \
        szl(call), mu_n, mu_d, pu_n, pu_d
    if (med(t, "email", "movnt", "blocks_allocated") > 0)
        printf "%sDAX allocated %s blocks in %s journal transactions (NT-zeroing %.0f MiB first, zero-on-alloc:\n%s%.3f s of the pwrite time by the reference's counters, over a region prefilled '%s');\n%sno DAX allocated at writeback in %s transactions and zeroed nothing.\n", \
            b, num(med(t, "email", "movnt", "blocks_allocated"), 0), num(med(t, "email", "movnt", "journal_txns"), 0), \
            med(t, "email", "movnt", "blocks_allocated") * 4096 / 1048576, c, med(t, "email", "movnt", "zero_s"), \
            prefill == "" ? "none" : prefill, c, num(med(t, "email", "pagecache", "journal_txns"), 0)
    else
        printf "%sno blocks were allocated (0 journal transactions): DAX is one NT copy and a fence per call; no DAX\n%sis a cached copy into a DRAM page per 4 KiB.  The reference's page cache lives in the daxio process, so\n%severy run starts with it empty and takes every page anew from its pool (a memfd grown 16 MiB at a time:\n%sthe host kernel allocates and zeroes each page); a kernel may still hold the file's pages.\n", b, c, c, c
    # the overwrite table of the same call size isolates the allocation
    ot = sc; sub(/^alloc-/, "overwrite-", ot)
    if (ot != sc && (ot in sc_t) && nrun[sc_t[ot], "email", "movnt"]) {
        oa = med(sc_t[ot], "email", "movnt", "pwrite_s") / med(sc_t[ot], "email", "movnt", "ops") * 1e6
        ob = call / (pmed(sc_t[ot], "dax", "pwrite_mibps") * 1048576) * 1e6
        printf "%sallocating costs DAX %.2f us per call here (this table minus table %s), %.2f us in 2016:\n", \
            b, mu_d - oa, sc_t[ot], pu_d - ob
        printf "%sthe reference's allocation is one journal record, flushed and fenced, plus the zeroing;\n", c
        printf "%sthe email blames XFS's per-page allocation transaction and zeroing for DAX's slowness.\n", c
    }
    st = med(t, "email", "movnt", "setup_s"); td = med(t, "email", "movnt", "teardown_s")
    cmdn = med(t, "email", "pagecache", "runtime_s") - med(t, "email", "pagecache", "setup_s") - med(t, "email", "pagecache", "teardown_s")
    cmdd = med(t, "email", "movnt", "runtime_s") - st - td
    printf "%sthe wall time holds the reference's mount (DAX %.2f s: mapping the region) and unmount (DAX %.2f s,\n", b, st, td
    printf "%sno DAX %.2f s: writing back what is dirty, unmapping); without both: no DAX %.2f s, DAX %.2f s.\n", \
        c, med(t, "email", "pagecache", "teardown_s"), cmdn, cmdd
}

# --- Markdown: report.md ---------------------------------------------------

function md_row(t, v, m, field, d,    r, s) {
    s = ""
    for (r = 1; r <= nrun[t, v, m]; r++) s = s (r > 1 ? ", " : "") num(val[t, v, m, field, r], d)
    return s
}
function md_out(    ti, t, i, m, r, s, o) {
    printf "## Chinner's 2016 tables, measured on the reference%s\n\n", n_real ? " and a real target" : ""
    printf "Median of %d run(s) of %s per scenario (after one untimed warm-up run per mode); no DAX = `pagecache`, DAX = `movnt` (the 2016 kernel); `clwb` and `deferred` are further DAX columns.  Published: Dave Chinner, 2016-08-02 (`workloads/chinner-2016/published.csv`).\n", runs, szl(size_b)
    if (n_real) printf "\n%s\n", target_note
    for (ti = 1; ti <= nt; ti++) {
        t = t_num[ti]
        if (!(t in seen_t)) continue
        printf "\n### Table %s: %s\n\n", t, t_title[t]
        if ((t, "email", "any") in cmdline) printf "`%s`\n\n", cmdline[t, "email", "any"]
        else printf "no DAX: `%s`; DAX: `%s`\n\n", cmdline[t, "email", "0"], cmdline[t, "email", "1"]
        s = "| run |"; o = "|---|"
        for (i = 1; i <= nm; i++) { s = s " " label(modes[i]) " MiB/s |"; o = o "---:|" }
        for (i = 1; i <= nm; i++) { s = s " " label(modes[i]) " s |"; o = o "---:|" }
        if (runs < 3) printf "%d run(s) per figure: no spread, and a median of fewer than 3 runs is not one.\n\n", runs
        if (pscaled()) printf "The email wrote 1 GiB, this run %s: the 2016 runtimes are scaled to %s.\n\n", szl(size_b), szl(size_b)
        print s " 2016 no DAX MiB/s | 2016 DAX MiB/s | 2016 no DAX s" (pscaled() ? " (scaled)" : "") " | 2016 DAX s" (pscaled() ? " (scaled)" : "") " |"
        print o "---:|---:|---:|---:|"
        for (r = 1; r <= (runs > 3 ? runs : 3); r++) {
            s = "| " r " |"
            for (i = 1; i <= nm; i++) s = s " " (r <= nrun[t, "email", modes[i]] ? num(val[t, "email", modes[i], "pwrite_mibps", r], 1) : "") " |"
            for (i = 1; i <= nm; i++) s = s " " (r <= nrun[t, "email", modes[i]] ? num(val[t, "email", modes[i], "runtime_s", r], 2) : "") " |"
            print s " " pub[t, "nodax", "pwrite_mibps", r] " | " pub[t, "dax", "pwrite_mibps", r] " | " \
                pubv(t, "nodax", "runtime_s", r) " | " pubv(t, "dax", "runtime_s", r) " |"
        }
        s = "| **median** |"
        for (i = 1; i <= nm; i++) s = s " **" num(med(t, "email", modes[i], "pwrite_mibps"), 1) "** |"
        for (i = 1; i <= nm; i++) s = s " **" num(med(t, "email", modes[i], "runtime_s"), 2) "** |"
        print s " " num(pmed(t, "nodax", "pwrite_mibps"), 1) " | " num(pmed(t, "dax", "pwrite_mibps"), 1) " | " \
            num(pmed(t, "nodax", "runtime_s"), 2) " | " num(pmed(t, "dax", "runtime_s"), 2) " |"
        s = "| CV |"
        for (i = 1; i <= nm; i++) s = s " " cv(t, "email", modes[i], "pwrite_mibps") " |"
        for (i = 1; i <= nm; i++) s = s " " cv(t, "email", modes[i], "runtime_s") " |"
        print s " " pcv(t, "nodax", "pwrite_mibps") " | " pcv(t, "dax", "pwrite_mibps") " | " \
            pcv(t, "nodax", "runtime_s") " | " pcv(t, "dax", "runtime_s") " |"
        table_tail(t, ti, 1)
    }
    if (n_cmp) printf "\nThis run agrees with the email's direction on %d of %d DAX (movnt) ratios%s.\n", n_agree, n_cmp, n_real ? " on the reference" : ""
    if (n_cmp_real) printf "\nThe real target agrees with the email's direction on %d of %d FS-dax/FS-nodax ratios (xfs_io).\n", n_agree_real, n_cmp_real
}

# --- JSON: the step's member of summary.json ------------------------------

function jarr(t, v, m, field,    r, s) {
    s = "["
    for (r = 1; r <= nrun[t, v, m]; r++) s = s (r > 1 ? "," : "") (val[t, v, m, field, r] == "" ? "null" : val[t, v, m, field, r] + 0)
    return s "]"
}
function jnum(x) { return x == "" ? "null" : sprintf("%.6g", x) }
function json_out(    ti, t, i, m, v, r, first, f, fl, k) {
    split("pwrite_mibps runtime_s setup_s pwrite_cmd_s sync_s teardown_s journal_txns blocks_allocated", fl, " ")
    printf "\"scenarios\": {\"runs\": %d, \"bytes\": %s, \"agree\": %d, \"compared\": %d, \"real_agree\": %d, \"real_compared\": %d, \"tables\": [", runs, size_b + 0, n_agree, n_cmp, n_agree_real, n_cmp_real
    first = 1
    for (ti = 1; ti <= nt; ti++) {
        t = t_num[ti]
        if (!(t in seen_t)) continue
        printf "%s\n  {\"table\": %s, \"scenario\": %s, \"title\": %s, \"measured\": {", first ? "" : ",", t, json_str(t_sc[ti]), json_str(t_title[t])
        first = 0; k = 0
        for (i = 1; i <= nm; i++) for (r = 1; r <= 2; r++) {
            m = modes[i]; v = r == 1 ? "email" : "nofsync"
            if (!nrun[t, v, m]) continue
            printf "%s%s: {", k++ ? ", " : "", json_str(v == "email" ? m : m "-nofsync")
            for (f = 1; f <= 8; f++)
                printf "%s\"%s\": %s, \"%s_median\": %s", (f > 1 ? ", " : ""), fl[f], jarr(t, v, m, fl[f]), fl[f], jnum(med(t, v, m, fl[f]))
            printf "}"
        }
        printf "}, \"published\": {"
        for (r = 1; r <= 2; r++) {
            v = r == 1 ? "nodax" : "dax"
            printf "%s\"%s\": {\"pwrite_mibps\": [%s,%s,%s], \"runtime_s\": [%s,%s,%s]}", (r > 1 ? ", " : ""), v, \
                pub[t, v, "pwrite_mibps", 1], pub[t, v, "pwrite_mibps", 2], pub[t, v, "pwrite_mibps", 3], \
                pub[t, v, "runtime_s", 1], pub[t, v, "runtime_s", 2], pub[t, v, "runtime_s", 3]
        }
        printf "}, \"ratios\": ["
        k = 0
        for (i = 1; i <= nr; i++) {
            if (r_t[i] != t) continue
            printf "%s{\"ratio\": \"%s\", \"mode\": \"%s\", \"published\": %s, \"measured\": %s, \"agrees\": %s}", k++ ? ", " : "", \
                r_what[i], r_m[i], jnum(r_pub[i]), jnum(r_meas[i]), \
                r_pub[i] == "" || r_meas[i] == "" ? "null" : cls(r_pub[i]) == cls(r_meas[i]) ? "true" : "false"
        }
        printf "]}"
    }
    printf "\n]}"
}
