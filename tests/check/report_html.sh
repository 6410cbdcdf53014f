#!/usr/bin/env bash
# report_html.sh - report.html as a reader opens it: a quick run's page in
# headless Chromium (Debian's chromium), 1280x900.  Checks that every image
# decodes, that the headline and the whole ratio plot are above the fold,
# and keeps a screenshot (report-screenshot.png in the run's folder, and
# $DAXBENCH_SHOT when set) to look at.  A copy with one broken image and
# one with the plot pushed below the fold must fail the same checks.
. "$(dirname "$0")/../cli/lib.sh"
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[ -n "$BROWSER" ] || { skip report-html "chromium is not installed (apt-get install chromium; make check installs it as root)"; finish; }
W=1280 H=900
R=$T_TMP/run
"$TOP/run.sh" --quick --steps scenarios --out "$R" >"$T_TMP/run.log" 2>&1 \
    || { fail run "run.sh --quick --steps scenarios: $(tail -n 3 "$T_TMP/run.log")"; finish; }
[ -s "$R/report.html" ] || { fail report-html "the run wrote no report.html"; finish; }
browse() { "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=$W,$H "$@" 2>/dev/null; }

# probe FILE: the probe's title line of a copy of FILE with report-probe.js
probe() {
    awk -v js="$TOP/tests/tools/report-probe.js" '
        /<\/body><\/html>/ { print "<script>"; while ((getline l < js) > 0) print l; print "</script>" }
        { print }' "$1" >"$T_TMP/probe.html"
    browse --virtual-time-budget=5000 --dump-dom "file://$T_TMP/probe.html" | grep -o '<title>PROBE [^<]*' | sed 's/^<title>//'
}
# judge PROBE_LINE: what is wrong with it, nothing when all is well
judge() {
    local images broken headline ratios fold
    read -r images broken headline ratios fold < <(sed -E 's/PROBE images=([0-9-]+) broken=([0-9-]+) headline=([0-9-]+) ratios=([0-9-]+) fold=([0-9-]+)/\1 \2 \3 \4 \5/' <<<"$1")
    [ -n "$fold" ] || { echo "the page did not load (probe: '${1:-nothing}')"; return; }
    [ "$images" -gt 0 ] || echo "no images"
    [ "$broken" = 0 ] || echo "$broken of $images images do not decode"
    [ "$headline" -ge 0 ] && [ "$headline" -lt "$fold" ] || echo "the headline starts at $headline px, below the fold ($fold px)"
    [ "$ratios" -gt 0 ] && [ "$ratios" -le "$fold" ] || echo "the ratio plot ends at $ratios px, not above the fold ($fold px)"
}
line=$(probe "$R/report.html")
echo "    $line"
why=$(judge "$line")
[ -z "$why" ] && pass loads-no-missing-images-plot-above-fold || fail loads-no-missing-images-plot-above-fold "$why"

browse --screenshot="$R/report-screenshot.png" "file://$R/report.html" >/dev/null
if file "$R/report-screenshot.png" 2>/dev/null | grep -q "PNG image data, $W x $H"; then
    pass screenshot
    [ -z "${DAXBENCH_SHOT:-}" ] || cp "$R/report-screenshot.png" "$DAXBENCH_SHOT"
    echo "    screenshot: $R/report-screenshot.png$([ -n "${DAXBENCH_SHOT:-}" ] && echo " and $DAXBENCH_SHOT")"
else
    fail screenshot "no ${W}x$H PNG: $(file "$R/report-screenshot.png" 2>&1)"
fi

# planted: one image's data cut short, and the plot moved to the end
sed '0,/base64,iVBOR/s//base64,AAAA/' "$R/report.html" >"$T_TMP/broken.html"
grep -q 'broken=[1-9]' <<<"$(probe "$T_TMP/broken.html")" && pass planted-broken-image \
    || fail planted-broken-image "a broken image was not seen"
awk '/<figure><img alt="ratios"/ { held = $0; next } /<\/body><\/html>/ { print held } { print }' \
    "$R/report.html" >"$T_TMP/low.html"
grep -q "below\|not above" <<<"$(judge "$(probe "$T_TMP/low.html")")" && pass planted-plot-below-fold \
    || fail planted-plot-below-fold "the plot at the page's end was judged above the fold"
finish
