# csv.awk - the CSV reader of every awk program in the suite (POSIX awk/mawk):
# the main job's reports, the targets' tables, the tests.  The writers are
# suite/common/emit.c (C) and csv_row (suite/targets/lib/job.sh).
#
# csv_split(line, f): splits one RFC 4180 line (quoted fields may hold
# commas and doubled quotes; no newlines inside fields) into f[1..n];
# returns n.
# csv_index(hdr_line, col): col[name] = position, from a header line.
# json_str(s): s as a JSON string literal.
# spread(a, n, s) / median(a, n): min, median, max and CV of a[1..n].
# tab_row(c, n, md, w, ind) and tab_rule(n, md): one table, two renderings.

function csv_split(line, f,    n, i, c, q, cur) {
    n = 0; cur = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
                else q = 0
            } else cur = cur c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}

function csv_index(line, col,    f, n, i) {
    n = csv_split(line, f)
    for (i = 1; i <= n; i++) col[f[i]] = i
    return n
}

# json_str(s): s as a JSON string literal, every control character escaped
# (as suite/common/emit.c's json_string).
function json_str(s,    i, c, o, n) {
    gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s)
    gsub(/\n/, "\\n", s); gsub(/\r/, "\\r", s)
    if (s ~ /[\001-\037]/) {
        o = ""; n = length(s)
        for (i = 1; i <= n; i++) {
            c = substr(s, i, 1)
            o = o (c ~ /[\001-\037]/ ? sprintf("\\u%04x", index(CSV_CTL, c)) : c)
        }
        s = o
    }
    return "\"" s "\""
}
BEGIN { for (CSV_I = 1; CSV_I < 32; CSV_I++) CSV_CTL = CSV_CTL sprintf("%c", CSV_I) }

# spread(a, n, s): the spread of a[1..n], ignoring empty entries, as
# suite/common/spread.c computes it: s["n"], s["min"], s["median"],
# s["max"], s["cv"] (sample standard deviation over the mean; 0 for fewer
# than 2 values); returns the count.  A figure of fewer than 3 runs
# (SPREAD_MIN_RUNS) is to be marked as such.
function spread(a, n, s,    b, m, i, j, t, sum, sq, mean) {
    m = 0; sum = 0
    for (i = 1; i <= n; i++) if (a[i] != "") { b[++m] = a[i] + 0; sum += a[i] }
    s["n"] = m; s["min"] = s["median"] = s["max"] = ""; s["cv"] = 0
    if (!m) return 0
    for (i = 2; i <= m; i++) {
        t = b[i]
        for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]
        b[j + 1] = t
    }
    s["min"] = b[1]; s["max"] = b[m]
    s["median"] = m % 2 ? b[(m + 1) / 2] : (b[m / 2] + b[m / 2 + 1]) / 2
    mean = sum / m; sq = 0
    for (i = 1; i <= m; i++) sq += (b[i] - mean) ^ 2
    if (m > 1 && mean != 0) s["cv"] = sqrt(sq / (m - 1)) / (mean < 0 ? -mean : mean)
    return m
}

# median(a, n): median of a[1..n], ignoring empty entries; "" if none.
function median(a, n,    s) { spread(a, n, s); return s["median"] }

# tab_row(c, n, md, w, ind): a table row of cells c[1..n].  Markdown
# ("| a | b |") when md; else ind, then c[1] left-aligned in w[1] columns and
# each other cell right-aligned in w[i] (w[i] "" = 9).
function tab_row(c, n, md, w, ind,    i, s) {
    if (md) {
        s = "|"
        for (i = 1; i <= n; i++) s = s " " c[i] " |"
        print s
        return
    }
    s = ind sprintf("%-" (w[1] ? w[1] : 9) "s", c[1])
    for (i = 2; i <= n; i++) s = s sprintf(" %" (w[i] ? w[i] : 9) "s", c[i])
    print s
}
# tab_rule(n, md, w): Markdown's header rule: the first column and those
# with a negative width left-aligned, the rest right; nothing on the console.
function tab_rule(n, md, w,    i, s) {
    if (!md) return
    s = "|---|"
    for (i = 2; i <= n; i++) s = s (w[i] < 0 ? "---|" : "---:|")
    print s
}
