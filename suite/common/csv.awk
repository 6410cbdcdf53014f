# csv.awk - the CSV reader of the suite's awk programs (POSIX awk/mawk): the
# targets' tables and JSON, csv-cols.awk (the shell's reader), the tests.
# The reports are daxreport's (suite/daxreport/, C).  The writers are
# suite/common/emit.c (C) and csv_row (suite/targets/lib/job.sh).
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
