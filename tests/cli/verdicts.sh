#!/usr/bin/env bash
# verdicts.sh - tests/tools/verdicts.awk: the test verdicts as TAP 13 and
# JUnit XML for a CI system (make test TAP=FILE JUNIT=FILE).
. "$(dirname "$0")/lib.sh"
V=$T_TMP/v
printf '%s\t%s\t%s\t%s\n' \
    prog_a PASS "prog_a/one" "" \
    prog_a FAIL "prog_a/two" "wanted <1> & got \"2\" it's # odd" \
    prog_b SKIP "prog_b/three" "needs root # really" \
    prog_b XFAIL "prog_b/four" "caught" \
    prog_b ERROR "prog_b/five" "did too little work" >"$V"
tap=$(awk -F'\t' -v fmt=tap -f "$TOP/tests/tools/verdicts.awk" "$V")
expect tap-head "TAP version 13
1..5" "$(head -n 2 <<<"$tap")"
grep -qx 'ok 1 - prog_a/prog_a/one' <<<"$tap" && pass tap-ok || fail tap-ok "$tap"
grep -qx 'not ok 2 - prog_a/prog_a/two' <<<"$tap" && grep -qF "  message: 'FAIL: wanted <1> & got \"2\" it''s # odd'" <<<"$tap" \
    && pass tap-not-ok || fail tap-not-ok "$tap"
grep -qx 'ok 3 - prog_b/prog_b/three # SKIP needs root  really' <<<"$tap" && pass tap-skip || fail tap-skip "$tap"
grep -qx 'ok 4 - prog_b/prog_b/four # the bug is caught (an expected failure)' <<<"$tap" && pass tap-xfail || fail tap-xfail "$tap"
grep -qx 'not ok 5 - prog_b/prog_b/five' <<<"$tap" && pass tap-error-fails || fail tap-error-fails "an ERROR must be not ok: $tap"
x=$(awk -F'\t' -v fmt=junit -f "$TOP/tests/tools/verdicts.awk" "$V")
grep -q '<testsuite name="prog_a" tests="2" failures="1" skipped="0">' <<<"$x" \
    && grep -q '<testsuite name="prog_b" tests="3" failures="1" skipped="1">' <<<"$x" && pass junit-suites || fail junit-suites "$x"
grep -qF '<failure message="FAIL">wanted &lt;1&gt; &amp; got &quot;2&quot; it'"'"'s # odd</failure>' <<<"$x" \
    && pass junit-escaped || fail junit-escaped "$x"
if command -v xmllint >/dev/null; then
    xmllint --noout - <<<"$x" 2>"$T_TMP/xl" && pass junit-well-formed || fail junit-well-formed "$(cat "$T_TMP/xl")"
else
    skip junit-well-formed "xmllint is not installed (Debian package libxml2-utils)"
fi
finish
