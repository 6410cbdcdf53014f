# csv-cols.awk - chosen columns of a CSV, by name, tab-separated: how the
# shell reads a CSV (never awk -F, : a quoted field may hold a comma).
#
#   awk -f csv.awk -f csv-cols.awk -v cols=check,variant,outcome FILE
#
# A column the file does not have is an error naming it (exit 2).  Tabs and
# line breaks inside a field become spaces.  No header line is printed.
NR == 1 {
    csv_index($0, c); n = split(cols, want, ",")
    for (i = 1; i <= n; i++)
        if (!(want[i] in c)) { printf "csv-cols: %s: no column '%s'\n", FILENAME, want[i] > "/dev/stderr"; bad = 1; exit 2 }
    next
}
{
    csv_split($0, f); s = ""
    for (i = 1; i <= n; i++) { v = f[c[want[i]]]; gsub(/[\t\r\n]/, " ", v); s = s (i > 1 ? "\t" : "") v }
    print s
}
END { if (bad) exit 2 }
