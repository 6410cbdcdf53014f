# verdicts.awk - the test verdicts as TAP version 13 or JUnit XML.
#
#   awk -F'\t' -v fmt=tap|junit -f verdicts.awk VERDICTS
#
# VERDICTS has one line per case: program <TAB> verdict <TAB> case <TAB> why,
# verdict one of PASS, XFAIL (a check failing on the profile that carries
# its bug, as it must: a pass), SKIP, FAIL, ERROR (a check that did not do
# its work: a failure, never a pass), KNOWN (a failure listed in
# workloads/conformance/known-failures: TAP's TODO, JUnit's skipped), INFO
# (reported, not judged).  suite/common/verdict.h has the rule.
function xml(s) {
    gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
    gsub(/"/, "\\&quot;", s); gsub(/[\001-\010\013\014\016-\037]/, "", s)
    return s
}
function yaml(s) { gsub(/'/, "''", s); return "'" s "'" }
{
    n++; prog[n] = $1; v[n] = $2; name[n] = $3; why[n] = $4
    if (!($1 in seen)) { seen[$1] = 1; order[++np] = $1 }
    cnt[$1]++
    if ($2 == "FAIL" || $2 == "ERROR") bad[$1]++
    if ($2 == "SKIP" || $2 == "KNOWN") sk[$1]++
}
END {
    if (fmt == "tap") {
        print "TAP version 13"
        print "1.." n
        for (i = 1; i <= n; i++) {
            d = prog[i] "/" name[i]; gsub(/#/, "", d)
            if (v[i] == "PASS") print "ok " i " - " d
            else if (v[i] == "XFAIL") print "ok " i " - " d " # the bug is caught (an expected failure)"
            else if (v[i] == "SKIP") { w = why[i]; gsub(/#/, "", w); print "ok " i " - " d " # SKIP " w }
            else if (v[i] == "INFO") print "ok " i " - " d " # reported, not judged"
            else if (v[i] == "KNOWN") { w = why[i]; gsub(/#/, "", w); print "not ok " i " - " d " # TODO known failure: " w }
            else { print "not ok " i " - " d; print "  ---"; print "  message: " yaml(v[i] ": " why[i]); print "  ..." }
        }
        exit
    }
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<testsuites name=\"daxbench\" tests=\"" n "\">"
    for (j = 1; j <= np; j++) {
        p = order[j]
        printf "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n", xml(p), cnt[p], bad[p], sk[p]
        for (i = 1; i <= n; i++) {
            if (prog[i] != p) continue
            printf "    <testcase classname=\"%s\" name=\"%s\"", xml(p), xml(name[i])
            if (v[i] == "FAIL" || v[i] == "ERROR")
                printf ">\n      <failure message=\"%s\">%s</failure>\n    </testcase>\n", xml(v[i]), xml(why[i])
            else if (v[i] == "SKIP" || v[i] == "KNOWN")
                printf ">\n      <skipped message=\"%s\"/>\n    </testcase>\n", xml((v[i] == "KNOWN" ? "known failure: " : "") why[i])
            else
                printf "/>\n"
        }
        print "  </testsuite>"
    }
    print "</testsuites>"
}
