# conformance-real.awk - a real target's conformance rows (the conformance
# schema, suite/common/verdict.h) for the main job's console and report.md.
#
#   awk -f csv.awk -f conformance-real.awk -v what=lines|md CONFORMANCE_CSV
#
# lines: the real rows that did not pass, one line each, with the reason;
# md: every row as a Markdown table row, an unexpected outcome in bold.
NR == 1 { csv_index($0, c); next }
{
    csv_split($0, f)
    o = f[c["outcome"]]; e = f[c["expected"]]; v = f[c["variant"]]
    mark = o == "error" ? " **(did not do its work)**" : o == "known" ? " (known)" : \
           o != "skip" && o != e ? " **(unexpected)**" : ""
    d = f[c["dax"]] == 1 ? "dax" : "nodax"
    if (what == "lines") {
        if (o != "pass" && v == "real")
            printf "   %s %s-%s %s: %s: %s\n", f[c["check"]], f[c["fs"]], d, v, o, substr(f[c["reason"]], 1, 360)
        next
    }
    r = f[c["reason"]]; gsub(/\|/, "\\|", r)
    printf "| %s | %s | %s | %s | %s%s | %s | %s | %s |\n", f[c["check"]], v, f[c["fs"]], f[c["dax"]], o, mark, e, f[c["pmd"]], r
}
