# csv.awk - CSV helpers for the main job's awk programs (POSIX awk/mawk).
#
# csv_split(line, f): splits one RFC 4180 line (quoted fields may hold
# commas and doubled quotes; no newlines inside fields) into f[1..n];
# returns n.
# csv_index(hdr_line, col): col[name] = position, from a header line.
# json_str(s): s as a JSON string literal.

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

function json_str(s) {
    gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s)
    return "\"" s "\""
}

# median(a, n): median of a[1..n], ignoring empty entries; "" if none.
function median(a, n,    b, m, i, j, t) {
    m = 0
    for (i = 1; i <= n; i++) if (a[i] != "") b[++m] = a[i] + 0
    if (!m) return ""
    for (i = 2; i <= m; i++) {
        t = b[i]
        for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]
        b[j + 1] = t
    }
    return m % 2 ? b[(m + 1) / 2] : (b[m / 2] + b[m / 2 + 1]) / 2
}
